"""The folium (Leaflet) map of a scenario, for articles and notebooks.

Every number on the map comes from the features table with its sources; every
user string is escaped (:func:`georange.render._elements.html_text`).  Rings
are the exact geodesic polygons from :mod:`georange.layers`, never
``L.Circle``.
"""

from __future__ import annotations

import math
from typing import Any

import folium
import geopandas as gpd
import pandas as pd

from georange._geojson import geometry_json
from georange.catalogue import Range, Reference, System
from georange.layers import scenario_features, sources_records
from georange.render._elements import FixedPanel, GeoJsonLayer, html_text, stable_ids
from georange.render.style import CAVEATS, format_km, format_range_span, system_colours
from georange.scenario import Scenario

__all__ = ["folium_map", "map_html"]

_SITE_STYLE = {"radius": 6, "color": "#000000", "weight": 2, "fillColor": "#FFFFFF", "fillOpacity": 1.0}
_REFERENCE_COLOUR = "#000000"


def _sources_html(sources: list[dict[str, str]]) -> str:
    items = []
    for s in sources:
        href = html_text(s["url"])
        link = f'<a href="{href}" target="_blank" rel="noopener noreferrer">{html_text(s["title"])}</a>'
        extra = f", published {html_text(s['published'])}" if s.get("published") else ""
        via = f" (via {html_text(s['via'])})" if s.get("via") else ""
        quote = f"<br><q>{html_text(s['quote'])}</q>" if s.get("quote") else ""
        accessed = html_text(s["accessed"])
        items.append(f"<li>{link}, {html_text(s['publisher'])}{extra}; accessed {accessed}{via}{quote}</li>")
    return f"<b>Sources</b><ol>{''.join(items)}</ol>"


def _estimate_label(estimate: bool) -> str:
    return "estimate" if estimate else "reported value"


def _range_popup(row: pd.Series, system: System) -> str:
    kind = "Maximum range" if row["kind"] == "max" else "Minimum range (dead zone)"
    status = f"<br><i>{html_text(system.status.label)}</i>" if system.status else ""
    if row["feature_type"] == "band":
        figure = f"Reported span: {html_text(format_range_span(row['low_km'], row['high_km']))}"
        kind += ": uncertainty band"
    else:
        span = format_range_span(row["low_km"], row["high_km"])
        figure = f"{html_text(format_km(row['radius_km']))}" + (
            f"; sources span {html_text(span)}" if span else ""
        )
    notes = f"<br>{html_text(row['notes'])}" if isinstance(row["notes"], str) else ""
    return (
        f"<b>{html_text(system.name)}</b>{status}<br>{html_text(kind)} from "
        f"<b>{html_text(row['site_name'])}</b> (hypothetical site)<br>{figure} "
        f"(<b>{_estimate_label(bool(row['estimate']))}</b>){notes}{_sources_html(row['sources'])}"
    )


def _range_style(row: pd.Series, colour: str) -> dict[str, Any]:
    if row["feature_type"] == "band":
        return {
            "color": colour,
            "weight": 0.5,
            "opacity": 0.6,
            "fillColor": colour,
            "fillOpacity": 0.16,
            "dashArray": "3 5",
        }
    if row["kind"] == "min":
        return {
            "color": colour,
            "weight": 1.5,
            "opacity": 0.9,
            "dashArray": "2 4",
            "fillColor": "#FFFFFF",
            "fillOpacity": 0.45,
        }
    return {"color": colour, "weight": 2, "opacity": 0.95, "fillColor": colour, "fillOpacity": 0.03}


def _feature(geom: Any, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry_json(geom), "properties": properties}


def _system_features(rows: pd.DataFrame, system: System, colour: str) -> list[dict[str, Any]]:
    order = {"band": 0, "ring": 1}
    rows = rows.assign(_o=rows["feature_type"].map(order), _k=rows["kind"].map({"max": 0, "min": 1}))
    out = []
    for _, row in rows.sort_values(["_o", "_k"], kind="stable").iterrows():
        site = html_text(row["site_name"])
        tooltip = f"{html_text(system.name)}: {html_text(row['kind'])} from {site} (hypothetical)"
        out.append(
            _feature(
                row.geometry,
                {
                    "style": _range_style(row, colour),
                    "popup": _range_popup(row, system),
                    "tooltip": tooltip,
                    "georange_id": f"{row['feature_type']}:{row['site_id']}:{system.id}:{row['kind']}",
                },
            )
        )
    return out


def _site_features(sites: pd.DataFrame, scenario: Scenario) -> list[dict[str, Any]]:
    out = []
    for _, row in sites.iterrows():
        names = ", ".join(scenario.system(s).name for s in scenario.site_systems[row["site_id"]])
        popup = (
            f"<b>{html_text(row['site_name'])}</b><br><b>Hypothetical site</b>: a placement for "
            f"illustration, not a reported deployment.<br>Systems drawn here: {html_text(names)}<br>"
            f"Position {row.geometry.y:.4f}, {row.geometry.x:.4f} "
            f"({_estimate_label(bool(row['estimate']))}){_sources_html(row['sources'])}"
        )
        out.append(
            _feature(
                row.geometry,
                {
                    "style": _SITE_STYLE,
                    "popup": popup,
                    "tooltip": f"{html_text(row['site_name'])} (hypothetical site)",
                    "georange_id": f"site:{row['site_id']}",
                },
            )
        )
    return out


def _reference_features(refs: pd.DataFrame, scenario: Scenario) -> list[dict[str, Any]]:
    out = []
    by_id = {r.id: r for r in scenario.references}
    for _, row in refs.iterrows():
        ref: Reference = by_id[row["reference_id"]]
        label = f"{html_text(ref.name)}: {ref.reported_mi:g} mi reported ({ref.reported_km:,.0f} km)"
        ends = "".join(
            f"<li>{html_text(e.name)} ({e.lat:.4f}, {e.lon:.4f})"
            f"{_sources_html(sources_records(e.sources))}</li>"
            for e in ref.endpoints
        )
        notes = f"<br>{html_text(ref.notes)}" if ref.notes else ""
        popup = (
            f"<b>{label}</b> (<b>{_estimate_label(ref.estimate)}</b>; the reported figure, as "
            f"usually quoted){notes}{_sources_html(row['sources'])}<b>Drawn between</b><ul>{ends}</ul>"
        )
        out.append(
            _feature(
                row.geometry,
                {
                    "style": {"color": _REFERENCE_COLOUR, "weight": 3, "opacity": 0.9},
                    "popup": popup,
                    "tooltip": label,
                    "tooltip_permanent": True,
                    "georange_id": f"reference:{ref.id}",
                },
            )
        )
    return out


def _range_legend(rng: Range) -> str:
    kind = "max" if rng.kind == "max" else "min (dead zone)"
    span = format_range_span(rng.low_km, rng.high_km)
    span_html = f", sources span {html_text(span)}" if span else ""
    n = len(rng.sources)
    return (
        f"<li>{kind} {html_text(format_km(rng.km))}{span_html} &middot; "
        f"<b>{_estimate_label(rng.estimate)}</b> &middot; {n} source{'s' if n != 1 else ''}</li>"
    )


def _legend_html(scenario: Scenario, colours: dict[str, str]) -> str:
    parts = ["<h2>Reported ranges (public estimates)</h2>"]
    for system in scenario.systems:
        c = colours[system.id]
        alias = f" ({html_text(', '.join(system.reporting_names))})" if system.reporting_names else ""
        status = f"<br><i>{html_text(system.status.label)}</i>" if system.status else ""
        parts.append(
            f'<div><span class="swatch" style="border-color:{c};background:{c}33"></span>'
            f"<b>{html_text(system.name)}</b>{alias}{status}"
            f"<ul>{''.join(_range_legend(r) for r in system.ranges)}</ul></div>"
        )
    for ref in scenario.references:
        parts.append(
            f"<div>&#9473; <b>{html_text(ref.name)}</b>: {ref.reported_mi:g} mi "
            f"({ref.reported_km:,.0f} km) reported &middot; <b>{_estimate_label(ref.estimate)}</b> &middot; "
            f"{len(ref.sources)} sources</div>"
        )
    parts.append("<div>&#9675; <b>hypothetical site</b> (not a reported deployment)</div>")
    parts.append(
        "<div>Shaded band: low&ndash;high span where sources disagree. Click a ring for its sources.</div>"
    )
    return "".join(parts)


def _caveat_html(scenario: Scenario) -> str:
    items = "".join(f"<li>{html_text(c)}</li>" for c in CAVEATS)
    return f"<h2>{html_text(scenario.title)}</h2><ul>{items}</ul>"


def _bounds(features: gpd.GeoDataFrame) -> list[list[float]]:
    """Fit the sites and the rings, but never the whole globe's polar wrap."""
    minx, miny, maxx, maxy = features.total_bounds
    clamp = lambda v: max(-80.0, min(80.0, v))  # noqa: E731
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        return [[-60.0, -170.0], [75.0, 170.0]]
    return [[clamp(miny), minx], [clamp(maxy), maxx]]


def folium_map(scenario: Scenario, features: gpd.GeoDataFrame | None = None) -> folium.Map:
    """Build the interactive map of a scenario.

    Parameters
    ----------
    scenario
        A resolved scenario.
    features
        Its features from :func:`georange.layers.scenario_features`; computed
        when not given.

    Returns
    -------
    folium.Map
        One layer per system (rings, bands, dead zones), the hypothetical
        sites, the reference lines, a legend, the caveats, a layer control and
        a scale bar.  Element ids are deterministic.
    """
    feats = features if features is not None else scenario_features(scenario)
    colours = system_colours(scenario)
    m = folium.Map(location=[15.0, -70.0], zoom_start=4, tiles="OpenStreetMap", control_scale=True)
    ranges = feats[feats["feature_type"].isin(["ring", "band"])]
    for system in scenario.systems:
        status = f" \u2014 {system.status.label}" if system.status else ""
        group = folium.FeatureGroup(name=html_text(f"{system.name}{status}"), show=True)
        rows = ranges[ranges["system_id"] == system.id]
        GeoJsonLayer(
            _system_features(rows, system, colours[system.id]), name=f"ranges_{len(m._children)}"
        ).add_to(group)
        group.add_to(m)
    refs = feats[feats["feature_type"] == "reference"]
    if len(refs):
        group = folium.FeatureGroup(name="Reference distances (reported)", show=True)
        GeoJsonLayer(_reference_features(refs, scenario), name="references").add_to(group)
        group.add_to(m)
    group = folium.FeatureGroup(name="Hypothetical sites", show=True)
    GeoJsonLayer(_site_features(feats[feats["feature_type"] == "site"], scenario), name="sites").add_to(group)
    group.add_to(m)
    FixedPanel(
        _caveat_html(scenario),
        css_class="georange-caveat",
        position="top: 8px; left: 50px",
        max_width="min(520px, 60%)",
    ).add_to(m)
    FixedPanel(
        _legend_html(scenario, colours), css_class="georange-legend", position="bottom: 28px; left: 8px"
    ).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    m.fit_bounds(_bounds(feats))
    stable_ids(m.get_root())
    return m


def map_html(scenario: Scenario, features: gpd.GeoDataFrame | None = None) -> str:
    """The complete HTML document of :func:`folium_map` (deterministic)."""
    m = folium_map(scenario, features)
    return m.get_root().render()

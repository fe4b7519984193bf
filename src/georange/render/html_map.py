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
import shapely

from georange._geojson import geometry_json
from georange.catalogue import Range, Reference, System
from georange.gazetteer import GEONAMES_ATTRIBUTION
from georange.layers import scenario_features, sources_records
from georange.naturalearth import NATURAL_EARTH_ATTRIBUTION
from georange.proximity import Proximity, analyse
from georange.render._elements import FixedPanel, GeoJsonLayer, html_text, stable_ids
from georange.render.style import CAVEATS, format_km, format_range_span, system_colours
from georange.scenario import Scenario

__all__ = ["folium_map", "map_html"]

_SITE_STYLE = {"radius": 6, "color": "#000000", "weight": 2, "fillColor": "#FFFFFF", "fillOpacity": 1.0}
_REFERENCE_COLOUR = "#000000"


def _sources_html(sources: list[dict[str, str]], heading: str = "Sources") -> str:
    items = []
    for s in sources:
        href = html_text(s["url"])
        link = f'<a href="{href}" target="_blank" rel="noopener noreferrer">{html_text(s["title"])}</a>'
        extra = f", published {html_text(s['published'])}" if s.get("published") else ""
        via = f" (via {html_text(s['via'])})" if s.get("via") else ""
        quote = f"<br><q>{html_text(s['quote'])}</q>" if s.get("quote") else ""
        accessed = html_text(s["accessed"])
        items.append(f"<li>{link}, {html_text(s['publisher'])}{extra}; accessed {accessed}{via}{quote}</li>")
    return f"<b>{html_text(heading)}</b><ol>{''.join(items)}</ol>"


def _estimate_label(estimate: bool) -> str:
    return "estimate" if estimate else "reported value"


def _coverage_html(cov: pd.DataFrame, site_id: str, system_id: str, min_population: int) -> str:
    match = cov[(cov["site_id"] == site_id) & (cov["system_id"] == system_id)]
    if match.empty:
        return ""
    c = match.iloc[0]
    largest = (
        f"; largest {html_text(c['largest_city'])} ({c['largest_city_population']:,})"
        if c["n_cities"]
        else ""
    )
    span = ""
    if c["n_cities_at_low_km"] != c["n_cities_at_high_km"]:
        span = f" ({c['n_cities_at_low_km']:,}&ndash;{c['n_cities_at_high_km']:,} across the sources' span)"
    countries = ", ".join(c["countries"]) if isinstance(c["countries"], list) else ""
    states = ", ".join(c["us_states"]) if c["us_states"] else "none"
    attribution = f"{html_text(GEONAMES_ATTRIBUTION)}; {html_text(NATURAL_EARTH_ATTRIBUTION)}."
    return (
        f"<br><b>Inside the ring</b>: {c['n_cities']:,} cities of {min_population:,}+ people{span}, "
        f"total {c['population_total']:,}{largest}.<br>Countries reached: {html_text(countries) or 'none'}; "
        f"US states with a listed city inside: {html_text(states)}.<br><small>{attribution}</small>"
    )


def _range_popup(row: pd.Series, system: System, coverage_html: str = "") -> str:
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
        f"(<b>{_estimate_label(bool(row['estimate']))}</b>){coverage_html}{notes}{_sources_html(row['sources'])}"
        f"{_status_sources_html(system)}"
    )


def _status_sources_html(system: System) -> str:
    if system.status is None:
        return ""
    notes = f"{html_text(system.status.notes)}<br>" if system.status.notes else ""
    heading = f"Claim status ({system.status.label}): sources"
    return f"{notes}{_sources_html(sources_records(system.status.sources), heading)}"


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


def _system_features(
    rows: pd.DataFrame, system: System, colour: str, prox: Proximity
) -> list[dict[str, Any]]:
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
                    "popup": _range_popup(
                        row,
                        system,
                        _coverage_html(prox.coverage, row["site_id"], system.id, prox.min_population)
                        if row["feature_type"] == "ring" and row["kind"] == "max"
                        else "",
                    ),
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


def _both_figures(ref: Reference, computed: pd.Series | None) -> str:
    """``"90 mi reported (145 km); 94 mi computed (151 km)"``: which is which, side by side."""
    text = f"{ref.reported_mi:g} mi reported ({ref.reported_km:,.0f} km)"
    if computed is not None and pd.notna(computed["computed_km"]):
        text += f"; {computed['computed_mi']:,.0f} mi computed ({computed['computed_km']:,.1f} km)"
    return text


def _computed(prox: Proximity, reference_id: str) -> pd.Series | None:
    match = prox.references[prox.references["reference_id"] == reference_id]
    return None if match.empty else match.iloc[0]


def _computed_reference_features(prox: Proximity, scenario: Scenario) -> list[dict[str, Any]]:
    out = []
    for ref in scenario.references:
        row = _computed(prox, ref.id)
        if row is None or row.geometry is None or pd.isna(row["computed_km"]):
            continue
        label = f"{html_text(ref.name)}: {html_text(_both_figures(ref, row))}"
        popup = (
            f"<b>{label}</b><br><b>Reported</b>: {ref.reported_mi:g} statute miles, the figure as usually "
            f"quoted (<b>{_estimate_label(ref.estimate)}</b>, {len(ref.sources)} sources)."
            f"<br><b>Computed</b> by georange: {row['computed_km']:,.1f} km "
            f"({row['computed_mi']:,.1f} mi), the {html_text(row['computed_between'])}."
            f"<br><small>{html_text(NATURAL_EARTH_ATTRIBUTION)}.</small>"
        )
        out.append(
            _feature(
                row.geometry,
                {
                    "style": {"color": _REFERENCE_COLOUR, "weight": 4, "opacity": 0.95},
                    "popup": popup,
                    "tooltip": label,
                    "tooltip_permanent": True,
                    "georange_id": f"reference-computed:{ref.id}",
                },
            )
        )
    return out


def _reference_features(refs: pd.DataFrame, scenario: Scenario, prox: Proximity) -> list[dict[str, Any]]:
    out = []
    by_id = {r.id: r for r in scenario.references}
    for _, row in refs.iterrows():
        ref: Reference = by_id[row["reference_id"]]
        computed = _computed(prox, ref.id)
        has_computed = computed is not None and pd.notna(computed["computed_km"])
        label = f"{html_text(ref.name)}: {html_text(_both_figures(ref, computed))}"
        ends = "".join(
            f"<li>{html_text(e.name)} ({e.lat:.4f}, {e.lon:.4f})"
            f"{_sources_html(sources_records(e.sources))}</li>"
            for e in ref.endpoints
        )
        notes = f"<br>{html_text(ref.notes)}" if ref.notes else ""
        popup = (
            f"<b>{label}</b> (<b>{_estimate_label(ref.estimate)}</b>; the reported figure, as "
            f"usually quoted){notes}{_sources_html(row['sources'])}<b>This line joins the cited "
            f"endpoints</b><ul>{ends}</ul>"
        )
        style: dict[str, Any] = {"color": _REFERENCE_COLOUR, "weight": 2, "opacity": 0.8}
        if has_computed:
            style["dashArray"] = "4 4"  # the computed shortest line is the bold one
        out.append(
            _feature(
                row.geometry,
                {
                    "style": style,
                    "popup": popup,
                    "tooltip": f"{label} (cited endpoints)" if has_computed else label,
                    "tooltip_permanent": not has_computed,
                    "georange_id": f"reference:{ref.id}",
                },
            )
        )
    return out


_PLACE_STYLE = {"radius": 4, "color": "#333333", "weight": 1, "fillColor": "#999999", "fillOpacity": 0.9}
_STATUS_WORDS = {"inside": "inside", "outside": "outside", "uncertain": "in the uncertainty band"}


def _place_item(scenario: Scenario, group: pd.DataFrame, ratio_label: str) -> str:
    """One site's line in a place popup: distance, ratio and each system's status."""
    first = group.iloc[0]
    statuses = "; ".join(
        f"{html_text(scenario.system(r['system_id']).name)} {_STATUS_WORDS[r['status']]} "
        f"({r['margin_km']:+,.0f} km)"
        for _, r in group.iterrows()
    )
    distance = html_text(format_km(first["distance_km"]))
    ratio = f", {first['ratio_to_reported_reference']:,.1f}&times; {ratio_label}" if ratio_label else ""
    return f"<li><b>{html_text(first['site_name'])}</b> (hypothetical): {distance}{ratio}. {statuses}</li>"


def _place_features(scenario: Scenario, prox: Proximity) -> list[dict[str, Any]]:
    ref = scenario.references[0] if scenario.references else None
    ratio_label = f"the reported {ref.reported_mi:g} mi" if ref is not None else ""
    out = []
    for place in scenario.places:
        rows = prox.places[prox.places["place_id"] == place.id]
        items = "".join(_place_item(scenario, g, ratio_label) for _, g in rows.groupby("site_id", sort=False))
        popup = (
            f"<b>{html_text(place.name)}</b> ({html_text(place.country)})<br>Distance to each hypothetical "
            f"site (margin = range &minus; distance):<ul>{items}</ul>"
            f"{_sources_html(sources_records(place.sources))}"
        )
        out.append(
            _feature(
                shapely.Point(place.lon, place.lat),
                {
                    "style": _PLACE_STYLE,
                    "popup": popup,
                    "tooltip": html_text(place.name),
                    "georange_id": f"place:{place.id}",
                },
            )
        )
    return out


def _short_name(name: str) -> str:
    """A site's name without its parenthesised detail, for compact panels."""
    return name.split(" (")[0]


def _proximity_html(scenario: Scenario, prox: Proximity) -> str:
    ref = scenario.references[0] if scenario.references else None
    ref_row = prox.references.iloc[0] if len(prox.references) else None
    parts = ["<h2>How far, compared with &ldquo;90 miles&rdquo;</h2>" if ref else "<h2>How far</h2>"]
    if ref is not None:
        parts.append(f"<div><b>{html_text(ref.name)}</b>: {html_text(_both_figures(ref, ref_row))}</div>")
    rows = prox.territories[prox.territories["territory"] == "contiguous US coast"]
    head = "<tr><th>Hypothetical site</th><th>to the contiguous US coast</th>"
    head += f"<th>&times; {ref.reported_mi:g} mi</th></tr>" if ref is not None else "</tr>"
    body = []
    for _, r in rows.iterrows():
        ratio = f"<td>{r['ratio_to_reported_reference']:,.0f}&times;</td>" if ref is not None else ""
        body.append(
            f"<tr><td>{html_text(_short_name(r['site_name']))}</td>"
            f"<td>{r['distance_km']:,.0f} km ({r['distance_mi']:,.0f} mi)</td>{ratio}</tr>"
        )
    parts.append(f"<table>{head}{''.join(body)}</table>")
    parts.append(
        "<small>Shortest geodesic to the Natural Earth outline; click a grey place for more.</small>"
    )
    return "".join(parts)


def _range_legend(rng: Range) -> str:
    kind = "max" if rng.kind == "max" else "min (dead zone)"
    span = format_range_span(rng.low_km, rng.high_km)
    span_html = f", sources span {html_text(span)}" if span else ""
    n = len(rng.sources)
    return (
        f"<li>{kind} {html_text(format_km(rng.km))}{span_html} &middot; "
        f"<b>{_estimate_label(rng.estimate)}</b> &middot; {n} source{'s' if n != 1 else ''}</li>"
    )


def _legend_html(scenario: Scenario, colours: dict[str, str], prox: Proximity) -> str:
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
            f"<div>&#9473; <b>{html_text(ref.name)}</b>: "
            f"{html_text(_both_figures(ref, _computed(prox, ref.id)))} &middot; reported figure "
            f"<b>{_estimate_label(ref.estimate)}</b>, {len(ref.sources)} sources</div>"
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


def folium_map(
    scenario: Scenario, features: gpd.GeoDataFrame | None = None, proximity: Proximity | None = None
) -> folium.Map:
    """Build the interactive map of a scenario.

    Parameters
    ----------
    scenario
        A resolved scenario.
    features
        Its features from :func:`georange.layers.scenario_features`; computed
        when not given.
    proximity
        Its proximity tables from :func:`georange.proximity.analyse`; computed
        when not given.

    Returns
    -------
    folium.Map
        One layer per system (rings, bands, dead zones), the hypothetical
        sites, the reference lines, a legend, the caveats, a layer control and
        a scale bar.  Element ids are deterministic.
    """
    feats = features if features is not None else scenario_features(scenario)
    prox = proximity if proximity is not None else analyse(scenario)
    colours = system_colours(scenario)
    m = folium.Map(location=[15.0, -70.0], zoom_start=4, tiles="OpenStreetMap", control_scale=True)
    ranges = feats[feats["feature_type"].isin(["ring", "band"])]
    for system in scenario.systems:
        status = f" \u2014 {system.status.label}" if system.status else ""
        group = folium.FeatureGroup(name=html_text(f"{system.name}{status}"), show=True)
        rows = ranges[ranges["system_id"] == system.id]
        GeoJsonLayer(
            _system_features(rows, system, colours[system.id], prox), name=f"ranges_{len(m._children)}"
        ).add_to(group)
        group.add_to(m)
    refs = feats[feats["feature_type"] == "reference"]
    if len(refs):
        group = folium.FeatureGroup(name="Reference distances (reported)", show=True)
        GeoJsonLayer(
            _reference_features(refs, scenario, prox) + _computed_reference_features(prox, scenario),
            name="references",
        ).add_to(group)
        group.add_to(m)
    if scenario.places:
        group = folium.FeatureGroup(name="Places (distances to each site)", show=True)
        GeoJsonLayer(_place_features(scenario, prox), name="places").add_to(group)
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
        _legend_html(scenario, colours, prox), css_class="georange-legend", position="bottom: 28px; left: 8px"
    ).add_to(m)
    if len(prox.territories):
        FixedPanel(
            _proximity_html(scenario, prox),
            css_class="georange-proximity",
            position="bottom: 28px; right: 8px",
        ).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    m.fit_bounds(_bounds(feats))
    stable_ids(m.get_root())
    return m


def map_html(
    scenario: Scenario, features: gpd.GeoDataFrame | None = None, proximity: Proximity | None = None
) -> str:
    """The complete HTML document of :func:`folium_map` (deterministic)."""
    m = folium_map(scenario, features, proximity)
    return m.get_root().render()

"""The folium (Leaflet) map of a scenario, for articles and notebooks.

Every number on the map comes from the features table with its sources; every
user string is escaped (:func:`georange.render._elements.html_text`).  Rings
are the exact geodesic polygons from :mod:`georange.layers`, never
``L.Circle``; those with edges along the antimeridian or a pole line (cut
there, not part of the circle) are filled only and stroked along the rest of
their outline (:mod:`georange.render._seams`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import folium
import numpy as np
import pandas as pd
import shapely
import shapely.affinity
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from georange import naturalearth
from georange._geojson import encoded_geometry
from georange._progress import progress
from georange.catalogue import Reference, Status, System
from georange.layers import feature_table
from georange.proximity import Proximity, tables
from georange.render import _panels, _popups
from georange.render._assets import georange_head, leaflet_head
from georange.render._elements import FixedPanel, GeoJsonLayer
from georange.render._elements import safe_json as _safe_json
from georange.render._folium_internals import bare_map, stable_ids
from georange.render._html import html_text, shared_fragments
from georange.render._panels import computed_row
from georange.render._ring_labels import label_anchor, label_sides, ring_label
from georange.render._seams import FRAME_YS, has_seams, seamless_outline
from georange.render.style import system_colours, system_dashes
from georange.scenario import Scenario
from georange.words import say_html
from georange.words._basis import say_bases_html

__all__ = ["HTML_DECIMALS", "embed_snippet", "folium_map", "map_html"]

_SITE_STYLE = {"radius": 6, "color": "#000000", "weight": 2, "fillColor": "#FFFFFF", "fillOpacity": 1.0}
_REFERENCE_COLOUR = "#000000"


#: A band's fill where it is drawn from one site; ``n`` overlapping bands of one system each take 1/n of it.
_BAND_FILL_OPACITY = 0.16


def _range_style(row: pd.Series, colour: str, dash: str = "", n_sites: int = 1) -> dict[str, Any]:
    if row["feature_type"] == "band":
        return {
            "color": colour,
            "weight": 0.5,
            "opacity": 0.6,
            "fillColor": colour,
            "fillOpacity": round(_BAND_FILL_OPACITY / max(n_sites, 1), 3),
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
    style = {"color": colour, "weight": 2.5, "opacity": 0.95, "fillColor": colour, "fillOpacity": 0.03}
    return {**style, "dashArray": dash} if dash else style


#: Decimal places of a degree in the map (at most 1.1 m; the drawn edges are
#: already within 0.05 % of the radius, and a web map shows less).
HTML_DECIMALS = 5


def _feature(
    geom: Any, properties: dict[str, Any], *, feature_id: str, decimals: int = HTML_DECIMALS
) -> dict[str, Any]:
    """A GeoJSON feature of the page: ``feature_id`` is opaque (the drawn element's ``data-georange``).

    Scripts key on the structured properties (``kind``, ``site_id``, ...), never on the id.
    """
    return {
        "type": "Feature",
        "id": feature_id,
        "geometry": encoded_geometry(geom, decimals),
        "properties": properties,
    }


def _range_data(row: pd.Series) -> dict[str, Any]:
    """A ring's or band's structured data: what it is, whose, and its figures in km."""
    data: dict[str, Any] = {
        "kind": row["feature_type"],
        "site_id": row["site_id"],
        "system_id": row["system_id"],
        "range_kind": row["kind"],
    }
    for key in ("radius_km", "low_km", "high_km"):
        if row[key] is not None and pd.notna(row[key]):
            data[key] = float(row[key])
    return data


def display_geometry(geom: shapely.Geometry, centre_lon: float) -> shapely.Geometry:
    """Rejoin a disc that the RFC 7946 cut split at the antimeridian, for Leaflet.

    Leaflet draws longitudes beyond ±180 continuously, so each piece lying
    more than 180° from the site is moved by 360° and the pieces are merged:
    the ring is drawn whole around its site instead of as two halves at
    opposite edges of the world.  Discs that enclose a pole span every
    longitude and are left as they are.  Exports keep the cut geometry.
    """
    if not isinstance(geom, shapely.MultiPolygon):
        return geom
    moved = []
    for part in geom.geoms:
        minx, _, maxx, _ = part.bounds
        offset = (minx + maxx) / 2 - centre_lon
        shift = -360.0 if offset > 180 else 360.0 if offset < -180 else 0.0
        moved.append(shapely.affinity.translate(part, xoff=shift) if shift else part)
    return shapely.union_all(moved)


#: Where the map's range polygons can have straight edges that belong to no circle:
#: the antimeridian, and the outer edges of the world copies that :func:`world_copies` adds.
_MAP_FRAME_XS = (-540.0, -180.0, 180.0, 540.0)


def world_copies(geom: shapely.Geometry) -> shapely.Geometry:
    """A disc that spans every longitude (it encloses a pole), repeated one world to each side.

    Leaflet draws each vector layer once, between -180 and 180 degrees, while a
    wide or panned view shows the world again beside it: a polar cap would end
    at the antimeridian there.  The copies (moved by exactly 360 degrees, so
    they meet edge to edge) keep it filled across the view.  Other shapes are
    returned unchanged: they are drawn whole around their site.
    """
    minx, _, maxx, _ = geom.bounds
    if geom.is_empty or minx > -180.0 or maxx < 180.0:
        return geom
    return shapely.union_all([shapely.affinity.translate(geom, xoff=dx) for dx in (-360.0, 0.0, 360.0)])


def _system_features(
    rows: pd.DataFrame,
    system: System,
    colour: str,
    prox: Proximity,
    claim: Status | None = None,
    *,
    scenario: Scenario,
    dash: str = "",
    label_side: str = "north",
) -> list[dict[str, Any]]:
    """One system's rings, bands and label as the map draws them (``rows`` already through :func:`display_geometry`).

    Its maximum-range outlines carry the system's ``dash`` (one outline per
    site); its bands share one band's fill among its sites, so that where
    they overlap they read as one band, not a solid blot.
    """
    n_sites = int(rows["site_id"].nunique())
    order = {"band": 0, "ring": 1}
    rows = rows.assign(_o=rows["feature_type"].map(order), _k=rows["kind"].map({"max": 0, "min": 1}))
    out = []
    ordered = [row for _, row in rows.sort_values(["_o", "_k"], kind="stable").iterrows()]
    subdivisions = [t.subdivisions for t in scenario.territories if t.subdivisions is not None]
    for row in progress(ordered, desc=f"map: {system.name}", unit="feature"):
        geom = world_copies(row.geometry)
        style = _range_style(row, colour, dash, n_sites)
        seams = has_seams(geom, _MAP_FRAME_XS)
        key = f"{row['site_id']}:{system.id}:{row['kind']}"
        coverage = (
            _popups.coverage_html(
                prox.coverage, row["site_id"], system.id, prox.min_population, subdivisions=subdivisions
            )
            if row["feature_type"] == "ring" and row["kind"] == "max"
            else ""
        )
        data = _range_data(row)
        basis = _popups.site_basis_of(scenario, row["site_id"])
        properties = {
            **data,
            "style": {**style, "stroke": False} if seams else style,
            "popup": _popups.range_popup(row, system, coverage, claim, basis=basis),
            "tooltip": _popups.range_tooltip(row, system, basis=basis),
        }
        out.append(_feature(geom, properties, feature_id=f"{row['feature_type']}:{key}"))
        if seams:
            out.extend(_outline_features(geom, style, data, f"{row['feature_type']}-outline:{key}"))
    anchor = label_anchor(rows, side=label_side)
    if anchor is not None:
        point, radius_km = anchor
        label = {
            "kind": "system-label",
            "system_id": system.id,
            "radius_km": radius_km,
            "style": {"radius": 3, "color": colour, "weight": 2, "fillColor": colour, "fillOpacity": 1.0},
            "tooltip": ring_label(system, radius_km),
            "tooltip_permanent": True,
            "tooltip_class": "georange-ring-label",
            "tooltip_direction": "top" if label_side == "north" else "bottom",
        }
        out.append(_feature(point, label, feature_id=f"system-label:{system.id}"))
    return out


def _outline_features(
    geom: shapely.Geometry,
    style: dict[str, Any],
    data: dict[str, Any],
    feature_id: str,
    *,
    frame: tuple[Sequence[float], Sequence[float]] = (_MAP_FRAME_XS, FRAME_YS),
    decimals: int = HTML_DECIMALS,
) -> list[dict[str, Any]]:
    """The true edges of a polygon drawn filled only: its outline less the edges along ``frame``.

    Stroking a range polygon would also draw its cut edges along lon +-180 (or
    the ends of its world copies, +-540) and the pole line; stroking the
    basemap would draw its clipping box.  So the polygon is filled only and
    this line (the outline less the ``frame`` lines ``(xs, ys)``) carries its
    stroke style and the polygon's structured ``data`` with ``outline: true``,
    in the same layer so that it is toggled with it.  The line takes no
    pointer events: clicks and hovers reach the polygon's popup and tooltip.
    """
    outline = seamless_outline(geom, *frame)
    if outline.is_empty:
        return []
    line_style = {k: v for k, v in style.items() if not k.startswith("fill")}
    properties = {**data, "outline": True, "style": {**line_style, "interactive": False}}
    return [_feature(outline, properties, feature_id=feature_id, decimals=decimals)]


def _site_features(sites: pd.DataFrame, scenario: Scenario) -> list[dict[str, Any]]:
    return [
        _feature(
            row.geometry,
            {
                "kind": "site",
                "site_id": row["site_id"],
                "style": _SITE_STYLE,
                "popup": _popups.site_popup(row, scenario),
                "tooltip": _popups.site_tooltip(row, basis=_popups.site_basis_of(scenario, row["site_id"])),
            },
            feature_id=f"site:{row['site_id']}",
        )
        for _, row in sites.iterrows()
    ]


def _computed_reference_features(prox: Proximity, scenario: Scenario) -> list[dict[str, Any]]:
    out = []
    for ref in scenario.references:
        row = computed_row(prox, ref.id)
        if row is None or row.geometry is None or pd.isna(row["computed_km"]):
            continue
        properties = {
            "kind": "reference-computed",
            "reference_id": ref.id,
            "computed_km": float(row["computed_km"]),
            "style": {"color": _REFERENCE_COLOUR, "weight": 4, "opacity": 0.95},
            "popup": _popups.computed_reference_popup(ref, row),
            "tooltip": _popups.reference_label(ref, row),
            "tooltip_permanent": True,
        }
        out.append(_feature(row.geometry, properties, feature_id=f"reference-computed:{ref.id}"))
    return out


def _reference_features(refs: pd.DataFrame, scenario: Scenario, prox: Proximity) -> list[dict[str, Any]]:
    out = []
    by_id = {r.id: r for r in scenario.references}
    for _, row in refs.iterrows():
        ref: Reference = by_id[row["reference_id"]]
        computed = computed_row(prox, ref.id)
        has_computed = computed is not None and pd.notna(computed["computed_km"])
        label = _popups.reference_label(ref, computed)
        style: dict[str, Any] = {"color": _REFERENCE_COLOUR, "weight": 2, "opacity": 0.8}
        if has_computed:
            style["dashArray"] = "4 4"  # the computed shortest line is the bold one
        properties = {
            "kind": "reference",
            "reference_id": ref.id,
            "reported_km": float(ref.reported_km),
            "style": style,
            "popup": _popups.reference_popup(ref, computed, row["sources"]),
            "tooltip": _popups.reference_endpoints_tooltip(label) if has_computed else label,
            "tooltip_permanent": not has_computed,
        }
        out.append(_feature(row.geometry, properties, feature_id=f"reference:{ref.id}"))
    return out


_PLACE_STYLE = {"radius": 4, "color": "#333333", "weight": 1, "fillColor": "#999999", "fillOpacity": 0.9}


def _place_features(scenario: Scenario, prox: Proximity) -> list[dict[str, Any]]:
    return [
        _feature(
            shapely.Point(place.lon, place.lat),
            {
                "kind": "place",
                "place_id": place.id,
                "style": _PLACE_STYLE,
                "popup": _popups.place_popup(scenario, prox, place.id),
                "tooltip": html_text(place.name),
            },
            feature_id=f"place:{place.id}",
        )
        for place in scenario.places
    ]


def _clamp_lat(value: float) -> float:
    return max(-80.0, min(80.0, float(value)))


def _displayed(feats: pd.DataFrame, site_lon: dict[str, float]) -> pd.DataFrame:
    """The features as the map draws them (discs rejoined across the antimeridian)."""
    shown = pd.DataFrame(feats, copy=True)  # a plain copy, also of a caller's GeoDataFrame
    shown["geometry"] = [
        display_geometry(g, site_lon[s]) if t in ("ring", "band") else g
        for g, s, t in zip(shown["geometry"], shown["site_id"], shown["feature_type"], strict=True)
    ]
    return shown


def _bounds(features: pd.DataFrame) -> list[list[float]]:
    """Fit the sites and the rings, but never the whole globe's polar wrap."""
    minx, miny, maxx, maxy = shapely.total_bounds(np.asarray(features["geometry"], dtype=object))
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        return [[-60.0, -170.0], [75.0, 170.0]]
    return [[_clamp_lat(miny), minx], [_clamp_lat(maxy), maxx]]


#: Decimal places of the offline basemap (about 1 km: it is for reading the map, never measured).
_BASEMAP_DECIMALS = 2


def _basemap(bounds: list[list[float]]) -> list[dict[str, Any]]:
    """Light land polygons under the rings, for reading the map with no tile server."""
    (south, west), (north, east) = bounds
    pad = 5.0
    south, north = max(south - pad, -85.0), min(north + pad, 85.0)
    west, east = west - pad, east + pad
    # The view may run past ±180 (rings drawn whole across the antimeridian):
    # take that land from the other side of the world, moved by 360 degrees.
    pieces = [naturalearth.land((max(west, -180.0), south, min(east, 180.0), north))]
    if east > 180.0:
        wrapped = naturalearth.land((-180.0, south, min(east - 360.0, 180.0), north))
        pieces.append(shapely.affinity.translate(wrapped, xoff=360.0))
    if west < -180.0:
        wrapped = naturalearth.land((max(west + 360.0, -180.0), south, 180.0, north))
        pieces.append(shapely.affinity.translate(wrapped, xoff=-360.0))
    # Rounded as drawn (2 decimals, about 1 km), so that what lies on the clipping box on the page is found.
    land = shapely.transform(
        shapely.MultiPolygon([p for piece in pieces for p in shapely.get_parts(piece)]),
        lambda xy: np.round(xy, _BASEMAP_DECIMALS),
    )
    # The land is filled only; its coast is a line without the edges the clipping box
    # (and the world copies' ±180 / ±540) cut, which are no coast.
    clip_xs = tuple(round(x, _BASEMAP_DECIMALS) for x in (west, east, -540.0, -180.0, 180.0, 540.0))
    clip_ys = (round(south, _BASEMAP_DECIMALS), round(north, _BASEMAP_DECIMALS))
    style = {"color": "#8a8a8a", "weight": 0.6, "fillColor": "#efece4", "fillOpacity": 1.0}
    data = {"kind": "land"}
    return [
        _feature(
            land, {**data, "style": {**style, "stroke": False}}, feature_id="basemap:land", decimals=_BASEMAP_DECIMALS
        ),
        *_outline_features(land, style, data, "basemap:coast", frame=(clip_xs, clip_ys), decimals=_BASEMAP_DECIMALS),
    ]


class _Head(Element):
    """Title, description and the Leaflet assets, at the top of ``<head>``."""

    _template = Template("{{ this.payload }}")

    def __init__(self, payload: str) -> None:
        super().__init__()
        self.payload = payload


class _Attribution(MacroElement):
    """The data credits, added to the map's attribution line."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.attribution }});
{% endmacro %}
"""
    )

    def __init__(self, attribution: str) -> None:
        super().__init__()
        self.attribution = attribution


def _page_head(scenario: Scenario, *, self_contained: bool) -> str:
    return (
        f"<title>{html_text(scenario.title)}</title>\n"
        f'<meta name="description" content="{html_text(_panels.description_text(scenario))}">\n'
        f"{leaflet_head(self_contained=self_contained)}\n{georange_head()}"
    )


def folium_map(
    scenario: Scenario,
    features: pd.DataFrame | None = None,
    proximity: Proximity | None = None,
    *,
    self_contained: bool = False,
) -> folium.Map:
    """Build the interactive map of a scenario.

    Parameters
    ----------
    scenario
        A resolved scenario.
    features
        Its features from :func:`georange.layers.scenario_features` (or the
        same rows as a plain frame, :func:`georange.layers.feature_table`);
        computed when not given.
    proximity
        Its proximity tables from :func:`georange.proximity.analyse` (or
        :func:`georange.proximity.tables`); computed when not given.
    self_contained
        Inline Leaflet (JavaScript, CSS and images) so the page needs no
        network; otherwise Leaflet is linked from a pinned CDN URL with
        Subresource Integrity.

    Returns
    -------
    folium.Map
        A light Natural Earth basemap (online tiles optional), one layer per
        system (rings, bands, dead zones), the references, places and
        hypothetical sites, a legend, the caveats, the 90-mile comparison, a
        text summary for screen readers, a layer control and a scale bar.
        Element ids are deterministic.
    """
    feats = features if features is not None else feature_table(scenario)
    prox = proximity if proximity is not None else tables(scenario)
    with shared_fragments() as fragments:
        m = _assemble(scenario, feats, prox, self_contained=self_contained)
    # In <head>, after georange.js and before any layer script: the layers expand their popups from it.
    table = f"<script>georange.setFragments({_safe_json(fragments.table())});</script>"
    figure = m.get_root()
    assert isinstance(figure, Figure)
    figure.header.add_child(_Head(table), name="georange_fragments")
    _Attribution(_safe_json(_panels.attribution_html())).add_to(m)
    stable_ids(m.get_root())
    return m


def _layer_name(msg_id: str, **fields: Any) -> str:
    """A layer's name in the layer control (escaped HTML: Leaflet shows it as markup)."""
    return str(say_html(msg_id, **fields))


def _assemble(scenario: Scenario, feats: pd.DataFrame, prox: Proximity, *, self_contained: bool) -> folium.Map:
    colours = system_colours(scenario)
    dashes = system_dashes(scenario)
    figure = Figure()
    figure.header.add_child(_Head(_page_head(scenario, self_contained=self_contained)), name="georange_head")
    m = bare_map(location=[15.0, -70.0], zoom_start=4, tiles=None, control_scale=True)
    figure.add_child(m)
    site_lon = {site.id: site.lon for site in scenario.sites}
    shown = _displayed(feats, site_lon)  # rings and bands rejoined across ±180, once for bounds and drawing
    bounds = _bounds(shown)
    base = folium.FeatureGroup(name=_layer_name("layer.land"), overlay=False, show=True)
    GeoJsonLayer(_basemap(bounds), name="basemap").add_to(base)
    base.add_to(m)
    folium.TileLayer("OpenStreetMap", name=_layer_name("layer.tiles"), overlay=False, show=False).add_to(m)
    ranges = shown[shown["feature_type"].isin(["ring", "band"])]
    sides = label_sides(ranges, [s.id for s in scenario.systems])
    for system in scenario.systems:
        claim = scenario.status(system.id)
        name = (
            _layer_name("layer.system.status", system=system.name, status=claim.label)
            if claim
            else html_text(system.name)
        )
        group = folium.FeatureGroup(name=name, show=True)
        rows = ranges[ranges["system_id"] == system.id]
        features = _system_features(
            rows,
            system,
            colours[system.id],
            prox,
            claim,
            scenario=scenario,
            dash=dashes[system.id],
            label_side=sides[system.id],
        )
        GeoJsonLayer(features, name="ranges").add_to(group)
        group.add_to(m)
    refs = feats[feats["feature_type"] == "reference"]
    if len(refs):
        group = folium.FeatureGroup(name=_layer_name("layer.references"), show=True)
        GeoJsonLayer(
            _reference_features(refs, scenario, prox) + _computed_reference_features(prox, scenario),
            name="references",
        ).add_to(group)
        group.add_to(m)
    if scenario.places:
        group = folium.FeatureGroup(name=_layer_name("layer.places"), show=True)
        GeoJsonLayer(_place_features(scenario, prox), name="places").add_to(group)
        group.add_to(m)
    sites_layer = str(say_bases_html("sites.basis.{basis}.heading", (s.basis for s in scenario.sites)))
    group = folium.FeatureGroup(name=sites_layer, show=True)
    GeoJsonLayer(_site_features(feats[feats["feature_type"] == "site"], scenario), name="sites").add_to(group)
    group.add_to(m)
    _add_panels(m, scenario, colours, prox)
    folium.LayerControl(collapsed=False).add_to(m)
    m.fit_bounds(bounds)
    return m


def _add_panels(m: folium.Map, scenario: Scenario, colours: dict[str, str], prox: Proximity) -> None:
    """The pinned panels; ``georange.css`` places and styles each by its class."""
    FixedPanel(_panels.caveat_html(scenario), css_class="georange-caveat").add_to(m)
    FixedPanel(_panels.legend_html(scenario, colours, prox), css_class="georange-legend").add_to(m)
    if len(prox.territories):
        FixedPanel(_panels.proximity_html(scenario, prox), css_class="georange-proximity").add_to(m)
    FixedPanel(_panels.summary_html(scenario, prox), css_class="georange-sr-only").add_to(m)


def map_html(
    scenario: Scenario,
    features: pd.DataFrame | None = None,
    proximity: Proximity | None = None,
    *,
    self_contained: bool = False,
) -> str:
    """The complete HTML document of :func:`folium_map` (deterministic)."""
    m = folium_map(scenario, features, proximity, self_contained=self_contained)
    return m.get_root().render()


def embed_snippet(scenario: Scenario, *, src: str, aspect_ratio: float = 2 / 3) -> str:
    """A responsive ``<iframe>`` that embeds the map at full width in an article.

    Parameters
    ----------
    scenario
        The scenario (its title becomes the iframe's accessible title).
    src
        Where the article will serve the map file from.
    aspect_ratio
        Height over width of the embedded map.
    """
    return (
        f'<div style="position:relative;width:100%;padding-top:{aspect_ratio * 100:.2f}%;">\n'
        f'  <iframe src="{html_text(src)}" title="{html_text(scenario.title)}" loading="lazy"\n'
        '          style="position:absolute;inset:0;width:100%;height:100%;border:0;"></iframe>\n'
        "</div>"
    )

"""Edge geometry on the self-contained map, in a real headless Chromium with the network cut off.

Sites on the antimeridian (lon 180 and -179.9) and 0.5 degrees from each pole,
a ring that touches the north pole without enclosing it, rings of 19,000 and
20,000 km (just under half the meridian, 20,003.93 km), and bands whose inner
radius is tiny or close to the outer one.

Checks: the page loads offline with no console errors and draws every ring
and band; a ring or band that encloses no pole is never wider on screen than
its true longitude span (so never smeared or split across the world) and,
with the world wider than the map, never wider than the map container;
zoomed in on an antimeridian site its whole ring is drawn around it; no
ring or band strokes a line along the antimeridian or the pole line that is
not part of a circle, and those filled without a stroke for that reason keep
their circle as a separate line, toggled with their layer; a disc around a
pole repeats one world to each side, so a view wider than the world stays
filled edge to edge.  Screenshots go to
``test-artifacts/edge-*.png`` for people to look at.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pyproj import Geod
from shapely.affinity import translate
from shapely.geometry import box, shape

from conftest import ARTIFACTS, open_offline
from georange._geojson import geometry_json
from georange._io import write_atomic
from georange.layers import scenario_features
from georange.loading import scenario_from_mapping
from georange.render.html_map import map_html
from georange.render.style import system_colours
from pagedata import layer_features
from screens import assert_in_view, assert_not_blank, colour_pixels, map_area, pixels

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1400, "height": 900}
WGS84 = Geod(ellps="WGS84")


# --------------------------------------------------------------------------- the scenario

_SRC = [
    {"title": "Edge case", "publisher": "georange tests", "url": "https://example.org/edge", "accessed": "2026-11-20"}
]
#: Distance from (60 N, 30 W) to the north pole: a ring of exactly this radius touches the pole.
TOUCH_KM = WGS84.inv(-30.0, 60.0, -30.0, 90.0)[2] / 1000.0


def _system(ident: str, km: float, low: float | None = None, high: float | None = None) -> dict[str, Any]:
    rng: dict[str, Any] = {"kind": "max", "km": km, "estimate": True, "sources": _SRC}
    if low is not None:
        rng |= {"low_km": low, "high_km": high}
    return {"id": ident, "name": f"Edge {ident}", "category": "test", "ranges": [rng]}


def _site(ident: str, lat: float, lon: float, systems: list[str]) -> dict[str, Any]:
    return {
        "id": ident,
        "name": f"Edge site {ident}",
        "lat": lat,
        "lon": lon,
        "basis": "hypothetical",
        "estimate": True,
        "sources": _SRC,
        "systems": systems,
    }


SYSTEMS = [
    _system("r500", 500, 450, 550),
    _system("r3000", 3000, 2800, 3200),
    _system("touch", TOUCH_KM),
    _system("tiny-band", 300, 0.001, 400),  # inner radius 1 m
    _system("thin-band", 1000, 999.9, 1000.1),  # inner radius 100 m below the outer
    _system("r19000", 19000, 18500, 19500),
    _system("r20000", 20000, 19990, 20003.9),  # just under half the meridian
]
SITES = [
    _site("am-east", 10.0, 180.0, ["r500", "r3000", "thin-band"]),
    _site("am-west", -20.0, -179.9, ["r500", "r3000", "tiny-band"]),
    _site("north", 89.5, 0.0, ["r500", "r3000"]),
    _site("south", -89.5, 45.0, ["r500", "thin-band"]),
    _site("touch", 60.0, -30.0, ["touch", "tiny-band"]),
    _site("half", 10.5, -66.9, ["r19000"]),
    _site("nearly-whole", -33.9, 18.4, ["r20000"]),
]
SITE_BY_ID = {s["id"]: s for s in SITES}
SYSTEM_BY_ID = {s["id"]: s for s in SYSTEMS}
ANTIMERIDIAN_SITES = ("am-east", "am-west")


def edge_mapping() -> dict[str, Any]:
    return {"id": "edge", "title": "Edge geometry", "systems": SYSTEMS, "sites": SITES}


def _outer_km(feature_id: str) -> float:
    kind, _site_id, system_id, _ = feature_id.split(":")
    rng = SYSTEM_BY_ID[system_id]["ranges"][0]
    return float(rng["high_km"]) if kind == "band" else float(rng["km"])


def encloses_a_pole(feature_id: str) -> bool:
    site = SITE_BY_ID[feature_id.split(":")[1]]
    radius_m = _outer_km(feature_id) * 1000.0
    to_north = WGS84.inv(site["lon"], site["lat"], site["lon"], 90.0)[2]
    to_south = WGS84.inv(site["lon"], site["lat"], site["lon"], -90.0)[2]
    return radius_m > to_north or radius_m > to_south


def true_lon_span(feature_id: str) -> float:
    """The longitude span (degrees) of the true geodesic circle, unwrapped around its centre."""
    site = SITE_BY_ID[feature_id.split(":")[1]]
    az = np.linspace(0.0, 360.0, 7201)
    n = az.size
    lon, _, _ = WGS84.fwd(np.full(n, site["lon"]), np.full(n, site["lat"]), az, np.full(n, _outer_km(feature_id) * 1e3))
    rel = (np.asarray(lon) - site["lon"] + 180.0) % 360.0 - 180.0
    return float(rel.max() - rel.min())


def expected_ids() -> list[str]:
    out = []
    for site in SITES:
        for system_id in site["systems"]:
            rng = SYSTEM_BY_ID[system_id]["ranges"][0]
            out.append(f"ring:{site['id']}:{system_id}:max")
            if "low_km" in rng:
                out.append(f"band:{site['id']}:{system_id}:max")
    return out


NON_POLAR = [i for i in expected_ids() if not encloses_a_pole(i)]
POLAR = [i for i in expected_ids() if encloses_a_pole(i)]


def test_the_cases_are_what_they_claim() -> None:
    assert "ring:touch:touch:max" in NON_POLAR, "the touching ring must not enclose the pole"
    assert {"ring:north:r500:max", "ring:south:r500:max", "ring:half:r19000:max"} <= set(POLAR)
    assert {"ring:am-east:r500:max", "ring:am-west:r3000:max"} <= set(NON_POLAR)
    assert 20000 < 20003.93 and TOUCH_KM == pytest.approx(3347.89, abs=0.01)
    assert true_lon_span("ring:am-east:r500:max") == pytest.approx(9.1, abs=0.2)


# --------------------------------------------------------------------------- the page


@pytest.fixture(scope="module")
def page_html() -> str:
    return map_html(scenario_from_mapping(edge_mapping(), display="edge.yaml"), self_contained=True)


@pytest.fixture(scope="module")
def page_file(page_html: str, tmp_path_factory) -> Path:
    return write_atomic(tmp_path_factory.mktemp("edge") / "edge.html", page_html)


@pytest.fixture(scope="module")
def page(browser, page_file) -> Iterator[Any]:
    """One page for the module (each zoom change costs seconds); tests that change it run last."""
    page = open_offline(browser, page_file, viewport=VIEWPORT)
    page.evaluate(
        "() => { window.__map = Object.values(window).find(v => v instanceof L.Map); "
        "window.__map.options.zoomAnimation = false; window.__map.options.fadeAnimation = false; }"
    )
    yield page
    page.context.close()


def set_view(page: Any, lat: float, lon: float, zoom: int) -> None:
    page.evaluate("([lat, lon, z]) => window.__map.setView([lat, lon], z, {animate: false})", [lat, lon, zoom])
    page.wait_for_timeout(250)


def geometry(page: Any) -> dict[str, Any]:
    """Container size, the world's width in pixels, and each path's screen bounding box."""
    return page.evaluate(
        """() => {
      const map = window.__map, size = map.getSize();
      const world = map.project([0, 180]).x - map.project([0, -180]).x;
      const boxes = {};
      for (const p of document.querySelectorAll('path[data-georange]')) {
        const r = p.getBoundingClientRect();
        boxes[p.getAttribute('data-georange')] = {left: r.left, right: r.right, width: r.width, height: r.height};
      }
      return {width: size.x, height: size.y, world, boxes};
    }"""
    )


@pytest.fixture(scope="module")
def world(page) -> dict[str, Any]:
    """Zoom 2 centred on (0, 0): the whole world (1024 px) in view, so Leaflet clips nothing sideways."""
    set_view(page, 0.0, 0.0, 2)
    geo = geometry(page)
    assert geo["world"] <= geo["width"]
    return geo


def marker_x(page: Any, site_id: str) -> float:
    box = page.locator(f'path[data-georange="site:{site_id}"]').bounding_box()
    return box["x"] + box["width"] / 2


#: Each edge system's colour on the map (the palette cycles, so several share one).
EDGE_COLOURS = system_colours(scenario_from_mapping(edge_mapping(), display="edge.yaml"))


def shot(page: Any, name: str) -> Path:
    """Save a screenshot for people; check it shows a drawn map, some system's colour and the caveat."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"edge-{name}.png"
    page.screenshot(path=str(path))
    rgb = pixels(path)
    assert_not_blank(rgb)
    assert_in_view(page, ".georange-caveat")
    on_map = map_area(page, rgb)
    seen = [s for s, colour in EDGE_COLOURS.items() if colour_pixels(rgb, colour, mask=on_map, tolerance=24) >= 200]
    assert seen, f"{name}: no system's colour is seen on the map"
    return path


# --------------------------------------------------------------------------- tests


def test_loads_offline_and_draws_everything(page) -> None:
    assert page.problems == [], page.problems
    assert page.blocked == []
    drawn = set(
        page.evaluate(
            "() => [...document.querySelectorAll('path[data-georange]')].map(p => p.getAttribute('data-georange'))"
        )
    )
    missing = [i for i in expected_ids() if i not in drawn]
    assert not missing, missing
    shot(page, "world")


def test_non_polar_rings_are_never_wider_than_their_true_span(world) -> None:
    geo = world
    too_wide = {}
    for feature_id in NON_POLAR:
        box = geo["boxes"][feature_id]
        span_deg = box["width"] / geo["world"] * 360.0
        allowed = true_lon_span(feature_id) + 1.0
        if span_deg > allowed or box["width"] > geo["width"]:
            too_wide[feature_id] = (round(span_deg, 1), round(allowed, 1))
    assert not too_wide, f"drawn longitude span vs true span (degrees): {too_wide}"


def test_rings_away_from_the_antimeridian_have_their_true_span(world) -> None:
    """Where no cut is involved: the pole-touching ring (not a polar cap: ~180 degrees, not 360) and a band
    whose inner radius is 1 m."""
    geo = world
    away = [i for i in NON_POLAR if i.split(":")[1] not in ANTIMERIDIAN_SITES]
    assert {"ring:touch:touch:max", "band:touch:tiny-band:max"} <= set(away)
    for feature_id in away:
        box = geo["boxes"][feature_id]
        span_deg = box["width"] / geo["world"] * 360.0
        assert box["width"] <= geo["width"], feature_id
        true_span = true_lon_span(feature_id)
        # Never wider; at most a few degrees narrower (vertex spacing where the ring grazes the pole).
        assert true_span - 5.0 <= span_deg <= true_span + 1.0, (feature_id, span_deg, true_span)
    assert true_lon_span("ring:touch:touch:max") < 181


@pytest.mark.parametrize("site_id", ANTIMERIDIAN_SITES)
def test_zoomed_on_an_antimeridian_site_the_whole_ring_is_around_it(page, site_id: str) -> None:
    site = SITE_BY_ID[site_id]
    set_view(page, site["lat"], site["lon"], 4)
    shot(page, f"antimeridian-{site_id}")
    geo = geometry(page)
    centre = marker_x(page, site_id)
    for system_id in ("r500", "r3000"):
        feature_id = f"ring:{site_id}:{system_id}:max"
        box = geo["boxes"][feature_id]
        expected_px = true_lon_span(feature_id) / 360.0 * geo["world"]
        assert box["width"] == pytest.approx(expected_px, rel=0.05), (feature_id, box, expected_px)
        assert (box["left"] + box["right"]) / 2 == pytest.approx(centre, abs=0.05 * expected_px), feature_id


def edges_along_the_frame(geom: dict[str, Any], min_deg: float = 0.01) -> list[tuple[float, float, float, float]]:
    """Polygon edges (or line segments) lying on lon +-180 (+-540 at the ends of world copies) or lat +-90,
    which Leaflet would stroke as lines."""
    if geom["type"] == "MultiPolygon":
        lines = [ring for polygon in geom["coordinates"] for ring in polygon]
    else:
        assert geom["type"] in ("Polygon", "MultiLineString"), geom["type"]
        lines = geom["coordinates"]
    out = []
    for line in lines:
        for (x1, y1), (x2, y2) in itertools.pairwise(line):
            on_meridian = abs(x1) in (180, 540) and x1 == x2 and abs(y2 - y1) > min_deg
            on_pole_line = abs(y1) == 90 and y1 == y2 and abs(x2 - x1) > min_deg
            if on_meridian or on_pole_line:
                out.append((x1, y1, x2, y2))
    return out


def test_the_frame_edge_check_finds_the_cut_edges() -> None:
    """The check below can fail: the cut geometry of every polar disc has edges along the frame."""
    feats = scenario_features(scenario_from_mapping(edge_mapping(), display="edge.yaml"))
    rings = feats[feats["feature_type"] == "ring"]
    for feature_id in (i for i in POLAR if i.startswith("ring:")):
        _, site_id, system_id, _ = feature_id.split(":")
        row = rings[(rings["site_id"] == site_id) & (rings["system_id"] == system_id)]
        assert edges_along_the_frame(geometry_json(row.geometry.iloc[0])), feature_id


def test_no_stroke_along_the_antimeridian_or_the_pole_line(page_html: str) -> None:
    """What the browser draws, decoded the same way the page does (tests/pagedata.py)."""
    bad = {}
    for feature in layer_features(page_html):
        feature_id = feature.get("id", "")
        style = feature["properties"].get("style", {})
        if not feature_id.startswith(("ring", "band")) or style.get("stroke") is False:
            continue
        edges = edges_along_the_frame(feature["geometry"])
        if edges:
            bad[feature_id] = len(edges)
    assert not bad, f"stroked frame edges per feature: {bad}"


def frame_length(geom: dict[str, Any]) -> float:
    return sum(abs(x2 - x1) + abs(y2 - y1) for x1, y1, x2, y2 in edges_along_the_frame(geom, min_deg=0.0))


def test_fill_only_rings_keep_their_circle_outline(page_html: str) -> None:
    """A ring or band drawn without a stroke has a line along the rest of its outline, styled as its stroke."""
    features = layer_features(page_html)
    feats = {f["id"]: f for f in features}
    assert len(feats) == len(features), "feature ids must be unique"
    fill_only = set()
    for feature_id in expected_ids():
        polygon, style = feats[feature_id]["geometry"], feats[feature_id]["properties"]["style"]
        kind, key = feature_id.split(":", 1)
        outline = feats.get(f"{kind}-outline:{key}")
        if style.get("stroke") is not False:
            assert outline is None and frame_length(polygon) == 0, feature_id
            continue
        fill_only.add(feature_id)
        assert feats[feature_id]["properties"]["popup"] and feats[feature_id]["properties"]["tooltip"], feature_id
        assert outline is not None, feature_id
        line_style = outline["properties"]["style"]
        assert line_style == {k: v for k, v in style.items() if k not in ("fillColor", "fillOpacity", "stroke")} | {
            "interactive": False
        }, feature_id
        assert not {"popup", "tooltip"} & set(outline["properties"]), "popups and tooltips stay on the fill"
        fill_data = {k: v for k, v in feats[feature_id]["properties"].items() if k not in ("style", "popup", "tooltip")}
        assert outline["properties"] == fill_data | {"outline": True, "style": line_style}, feature_id
        assert outline["geometry"]["type"] == "MultiLineString"
        line, edge = shape(outline["geometry"]), shape(polygon).boundary
        # The line is the polygon's own outline less the frame edges: nothing recomputed, nothing left out.
        assert line.length == pytest.approx(edge.length - frame_length(polygon), abs=1e-6), feature_id
        assert line.difference(edge.buffer(1e-9)).is_empty, feature_id
    assert {i for i in POLAR if i.startswith("ring:")} <= fill_only
    assert not fill_only & set(NON_POLAR)


def test_polar_discs_repeat_one_world_to_each_side(page_html: str) -> None:
    """A disc around a pole spans every longitude; the map repeats it (and its circle) one world to each side,
    exact copies moved by 360 degrees, so a view that runs past +-180 stays filled.  Nothing else repeats."""
    feats = {f["id"]: f for f in layer_features(page_html)}
    repeated = set()
    for feature_id in expected_ids():
        kind, key = feature_id.split(":", 1)
        fill, outline = shape(feats[feature_id]["geometry"]), feats.get(f"{kind}-outline:{key}")
        minx, _, maxx, _ = fill.bounds
        if not encloses_a_pole(feature_id) or (kind == "band" and maxx - minx < 360):
            assert maxx - minx < 360, feature_id  # a band whose inner disc holds the pole is an annulus
            continue
        repeated.add(feature_id)
        assert (minx, maxx) == (-540.0, 540.0), feature_id
        middle = fill.intersection(box(-180, -90, 180, 90))
        for dx in (-360.0, 360.0):
            copy = fill.intersection(box(-180 + dx, -90, 180 + dx, 90))
            assert translate(middle, xoff=dx).symmetric_difference(copy).area < 1e-9, (feature_id, dx)
        assert outline is not None, feature_id
        line = shape(outline["geometry"])
        assert line.bounds[0] < -180 and line.bounds[2] > 180, feature_id
        for dx in (-360.0, 360.0):
            copy = line.intersection(box(-180 + dx, -90, 180 + dx, 90))
            middle_line = line.intersection(box(-180, -90, 180, 90))
            assert translate(middle_line, xoff=dx).hausdorff_distance(copy) < 1e-9, (feature_id, dx)
    assert {i for i in POLAR if i.startswith("ring:")} <= repeated


def test_polar_discs_fill_a_view_that_runs_past_the_antimeridian(world) -> None:
    """At zoom 2 the 1,400 px map shows more than the 1,024 px world: a polar cap covers the map edge to edge."""
    geo = world
    assert geo["world"] < geo["width"]
    for feature_id in (i for i in POLAR if i.startswith("ring:")):
        box_ = geo["boxes"][feature_id]
        assert box_["left"] <= 0 and box_["right"] >= geo["width"], (feature_id, box_)


def test_polar_and_half_meridian_views_render(page) -> None:
    """No errors at the views people will look at; screenshots for the record."""
    set_view(page, 70.0, 0.0, 2)
    shot(page, "north-pole")
    set_view(page, -70.0, 45.0, 2)
    shot(page, "south-pole")
    set_view(page, 60.0, -30.0, 3)
    shot(page, "touch-pole")
    outline = 'path[data-georange="ring-outline:north:r500:max"]'
    assert page.locator(outline).count() == 1
    assert page.locator(outline).evaluate("p => getComputedStyle(p).pointerEvents") == "none"
    labels = page.locator(".leaflet-control-layers-overlays label")
    for i in range(labels.count()):
        text = labels.nth(i).inner_text()
        if "r19000" not in text and "r20000" not in text and "site" not in text.lower():
            labels.nth(i).locator("input").uncheck()
    set_view(page, 0.0, 0.0, 2)
    shot(page, "half-meridian")
    geo = geometry(page)
    for feature_id in ("ring:half:r19000:max", "ring:nearly-whole:r20000:max"):
        assert feature_id in geo["boxes"], feature_id
        assert feature_id.replace("ring:", "ring-outline:") in geo["boxes"], feature_id
    assert page.locator(outline).count() == 0, "the outline is toggled with its system's layer"
    assert page.problems == [], page.problems
    assert math.isfinite(geo["world"])

"""The folium HTML map: content, determinism, polygons not circles, and hostile text."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from markupsafe import escape
from shapely.geometry import shape

from georange import ValidationError
from georange.export import to_geojson
from georange.loading import load_catalogue, load_scenario, scenario_from_mapping
from georange.render.html_map import HTML_DECIMALS, map_html
from pagedata import layer_features

#: The default scenario's caveats, as its data declares them (geodata/scenarios/venezuela.yaml).
CAVEATS = load_scenario().caveats

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(DATA / "catalogue")


@pytest.fixture(scope="module")
def scenario(catalogue):
    return load_scenario(DATA / "scenario.yaml", catalogue=catalogue)


@pytest.fixture(scope="module")
def html(scenario) -> str:
    return map_html(scenario)


def popups_and_tooltips(html: str) -> str:
    return "\n".join(str(f["properties"].get(k, "")) for f in layer_features(html) for k in ("popup", "tooltip"))


# --------------------------------------------------------------------------- content


def test_names_and_labels(html: str, scenario) -> None:
    for system in scenario.systems:
        assert str(escape(system.name)) in html
    for site in scenario.sites:
        assert str(escape(site.name)) in html
    assert "hypothetical" in html
    assert "estimate" in html


@pytest.mark.parametrize("caveat", CAVEATS, ids=[f"caveat-{i}" for i in range(len(CAVEATS))])
def test_caveats_are_shown(html: str, caveat: str) -> None:
    assert str(escape(caveat)) in html


def _urls(scenario, what: str) -> list[str]:
    if what == "ranges":
        return [s.url for system in scenario.systems for r in system.ranges for s in r.sources]
    if what == "claim-status":
        claims = [scenario.status(system.id) for system in scenario.systems]
        return [s.url for claim in claims if claim for s in claim.sources]
    if what == "sites":
        return [s.url for site in scenario.sites for s in site.sources]
    if what == "references":
        return [s.url for ref in scenario.references for s in ref.sources]
    if what == "reference-endpoints":
        return [s.url for ref in scenario.references for e in ref.endpoints for s in e.sources]
    raise AssertionError(what)


@pytest.mark.parametrize("what", ["ranges", "claim-status", "sites", "references", "reference-endpoints"])
def test_every_source_url_is_shown(html: str, scenario, what: str) -> None:
    """Every cited parameter the map shows carries its sources (README: 'every output shows them')."""
    urls = _urls(scenario, what)
    assert urls, f"the fixture scenario should cite some {what}"
    shown = popups_and_tooltips(html) + html
    missing = [u for u in urls if f'href="{escape(u)}"' not in shown]
    assert not missing, f"{what}: source URLs not on the map: {missing}"


def test_rings_are_polygons_not_leaflet_circles(html: str, scenario) -> None:
    assert "L.circle(" not in html
    assert "L.Circle(" not in html
    exported = {
        (p["feature_type"], p["site_id"], p["system_id"], p["kind"]): f["geometry"]
        for f in to_geojson(scenario)["features"]
        if (p := f["properties"])["feature_type"] in ("ring", "band")
    }
    drawn = {}
    for feature in layer_features(html):
        p = feature["properties"]
        if p["kind"] in ("ring", "band") and not p.get("outline"):
            drawn[(p["kind"], p["site_id"], p["system_id"], p["range_kind"])] = feature["geometry"]
    assert set(drawn) == set(exported)
    for key, geometry in drawn.items():
        assert geometry["type"] in ("Polygon", "MultiPolygon"), key
        # The map keeps HTML_DECIMALS (5) decimal places, the export 6: same vertices, rounded.
        assert geometry["type"] == exported[key]["type"], key
        got = np.array([xy for ring in _rings(geometry) for xy in ring])
        want = np.array([xy for ring in _rings(exported[key]) for xy in ring])
        assert got.shape == want.shape, f"{key}: the map draws a different shape than the export"
        assert np.abs(got - want).max() <= 0.5 * 10**-HTML_DECIMALS + 0.5e-6 + 1e-9, key


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def test_sites_are_drawn_at_their_coordinates(html: str, scenario) -> None:
    drawn = {f["id"]: f["geometry"] for f in layer_features(html)}
    for site in scenario.sites:
        assert drawn[f"site:{site.id}"] == {"type": "Point", "coordinates": [site.lon, site.lat]}


def _length_along_box(geom: Any, box: tuple[float, float, float, float]) -> float:
    """Total length of the segments of ``geom`` that lie on an edge of ``box``."""
    minx, miny, maxx, maxy = box
    total = 0.0
    for part in shapely.get_parts(geom):
        xy = shapely.get_coordinates(part)
        for (x1, y1), (x2, y2) in itertools.pairwise(xy):
            if (x1 == x2 and x1 in (minx, maxx)) or (y1 == y2 and y1 in (miny, maxy)):
                total += abs(x2 - x1) + abs(y2 - y1)
    return total


@pytest.mark.parametrize("which", ["test data", "built-in"])
def test_basemap_coast_is_not_stroked_along_the_clipping_box(html: str, which: str) -> None:
    """The offline land is clipped to a box around the view: the fill ends there, but no coastline is drawn there."""
    page = html if which == "test data" else map_html(load_scenario())
    feats = {f["id"]: f for f in layer_features(page)}
    land, coast = feats["basemap:land"], feats["basemap:coast"]
    assert land["properties"]["style"]["stroke"] is False
    assert coast["properties"]["style"]["interactive"] is False and "fillColor" not in coast["properties"]["style"]
    land_edge, coast_line = shapely.boundary(shape(land["geometry"])), shape(coast["geometry"])
    box = shape(land["geometry"]).bounds  # the land reaches the box on every side in these views
    cut = _length_along_box(land_edge, box)
    assert cut > 10.0, "the box must cut the land for this test to mean anything"
    assert _length_along_box(coast_line, box) == 0.0
    assert coast_line.length == pytest.approx(land_edge.length - cut, abs=1e-6)
    assert coast_line.difference(land_edge.buffer(1e-9)).is_empty


def test_no_nan_in_the_page(html: str) -> None:
    """Missing low/high figures must not surface as 'nan' (e.g. 'sources span nan-nan km')."""
    hits = [m.group(0) for m in re.finditer(r".{0,40}\bnan\b.{0,20}", popups_and_tooltips(html) + html)]
    assert not hits, hits


# --------------------------------------------------------------------------- determinism


def test_deterministic_across_calls(html: str, scenario) -> None:
    assert map_html(scenario) == html


def test_deterministic_across_fresh_loads(html: str, catalogue) -> None:
    assert map_html(load_scenario(DATA / "scenario.yaml", catalogue=catalogue)) == html


def test_no_random_folium_ids(html: str) -> None:
    assert not re.findall(r"_[0-9a-f]{32}", html)


# --------------------------------------------------------------------------- hostile text

PAYLOAD = "<script>alert(1)</script> <img src=x onerror=alert(1)> \"');alert(1)// `tick` ${alert(1)} </textarea>"
RAW_FORBIDDEN = ["<script>alert(1)", "<img src=x", "${alert(1)}", "</textarea>", "onerror=alert(1)>"]


def _hostile_source(tag: str, url: str = "https://example.org/src") -> dict[str, Any]:
    return {
        "title": f"{tag} title {PAYLOAD}",
        "publisher": f"{tag} publisher {PAYLOAD}",
        "url": url,
        "accessed": "2026-11-20",
        "quote": f"{tag} quote {PAYLOAD}",
        "via": f"{tag} via {PAYLOAD}",
    }


def hostile_mapping(url: str = 'https://example.org/?q="><script>alert(1)</script>') -> dict[str, Any]:
    sources = [_hostile_source("S", url)]
    return {
        "id": "hostile",
        "title": f"Title {PAYLOAD}",
        "description": f"Description {PAYLOAD}",
        "systems": [
            {
                "id": "evil",
                "name": f"Evil system {PAYLOAD}",
                "category": f"cat {PAYLOAD}",
                "reporting_names": [f"RN {PAYLOAD}"],
                "notes": f"system notes {PAYLOAD}",
                "ranges": [
                    {
                        "kind": "max",
                        "km": 500,
                        "low_km": 400,
                        "high_km": 600,
                        "estimate": True,
                        "sources": sources,
                        "notes": f"range notes {PAYLOAD}",
                    },
                    {
                        "kind": "min",
                        "km": 5,
                        "estimate": True,
                        "sources": sources,
                        "notes": f"min notes {PAYLOAD}",
                    },
                ],
            }
        ],
        "statuses": {
            "evil": {
                "code": "floated",
                "label": f"status {PAYLOAD}",
                "estimate": True,
                "sources": sources,
            }
        },
        "sites": [
            {
                "id": "evil-site",
                "name": f"Evil site {PAYLOAD}",
                "lat": 10.5,
                "lon": -66.9,
                "point": f"point {PAYLOAD}",
                "basis": "hypothetical",
                "estimate": True,
                "sources": sources,
                "notes": f"site notes {PAYLOAD}",
            }
        ],
        "references": [
            {
                "id": "evil-ref",
                "name": f"Evil ref {PAYLOAD}",
                "reported_mi": 90,
                "estimate": True,
                "sources": sources,
                "notes": f"ref notes {PAYLOAD}",
                "endpoints": [
                    {
                        "id": "a",
                        "name": f"End A {PAYLOAD}",
                        "lat": 24.5,
                        "lon": -81.8,
                        "estimate": False,
                        "sources": sources,
                    },
                    {
                        "id": "b",
                        "name": f"End B {PAYLOAD}",
                        "lat": 23.1,
                        "lon": -82.4,
                        "estimate": False,
                        "sources": sources,
                    },
                ],
            }
        ],
    }


@pytest.fixture(scope="module")
def hostile_html(catalogue) -> str:
    scn = scenario_from_mapping(hostile_mapping(), display="hostile.yaml", catalogue=catalogue)
    return map_html(scn)


@pytest.mark.parametrize("raw", RAW_FORBIDDEN)
def test_hostile_text_never_appears_raw(hostile_html: str, raw: str) -> None:
    assert raw not in hostile_html
    # Not in the decoded popups and tooltips either (they become innerHTML in Leaflet).
    assert raw not in popups_and_tooltips(hostile_html)


def test_hostile_text_is_shown_escaped_not_dropped(hostile_html: str) -> None:
    # The legend panel is plain HTML.
    assert "Evil system &lt;script&gt;alert(1)&lt;/script&gt;" in hostile_html
    shown = popups_and_tooltips(hostile_html)
    for label in ("Evil system", "Evil site", "range notes", "S title", "S publisher"):
        assert f"{label} &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x" in shown, label
    assert "&#36;&#123;alert(1)&#125;" in shown  # template-literal and Jinja syntax neutralised
    assert "`" not in shown


def test_hostile_url_attribute_cannot_break_out(hostile_html: str) -> None:
    shown = popups_and_tooltips(hostile_html)
    assert 'href="https://example.org/?q=&#34;&gt;&lt;script&gt;' in shown
    assert '?q="' not in shown


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "https:alert(1)",
        "//example.org/no-scheme",
    ],
    ids=[
        "javascript",
        "mixed-case",
        "leading-space",
        "embedded-tab",
        "data",
        "vbscript",
        "no-host",
        "no-scheme",
    ],
)
def test_unsafe_source_url_is_refused(catalogue, url: str) -> None:
    with pytest.raises(ValidationError) as info:
        scenario_from_mapping(hostile_mapping(url), display="hostile.yaml", catalogue=catalogue)
    assert any(line.startswith("hostile.yaml: statuses.evil.sources[0].url: ") for line in info.value.problems), (
        info.value.problems
    )
    assert any(
        line.startswith("hostile.yaml: systems[0].ranges[0].sources[0].url: ") for line in info.value.problems
    ), info.value.problems


@pytest.mark.parametrize("payload", ["{{ 7*7 }}", "{% if true %}X{% endif %}", "{# hidden #}", "{{{{"])
def test_template_syntax_in_data_is_shown_literally(catalogue, payload: str) -> None:
    """folium re-reads rendered output as Jinja; a data file must never be evaluated."""
    src = [{"title": payload, "publisher": payload, "url": "https://example.org/x", "accessed": "2026-11-20"}]
    scn = scenario_from_mapping(
        {
            "id": "jinja",
            "title": payload,
            "systems": [{"id": "s", "name": f"S {payload}", "category": payload,
                         "ranges": [{"kind": "max", "km": 100, "estimate": True, "notes": payload, "sources": src}]}],
            "sites": [{"id": "x", "name": f"Site {payload}", "lat": 10, "lon": -66, "basis": "hypothetical",
                       "estimate": True, "sources": src}],
        },
        display="jinja.yaml",
        catalogue=catalogue,
    )  # fmt: skip
    page = map_html(scn)
    shown = popups_and_tooltips(page)
    assert str(escape(f"S {payload}")).replace("{", "&#123;").replace("}", "&#125;") in shown
    assert "S 49" not in shown and "S X" not in shown

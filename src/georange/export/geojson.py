"""GeoJSON export (RFC 7946) with a provenance foreign member."""

from __future__ import annotations

import json
import warnings
from typing import Any

import geopandas as gpd

from georange._geojson import COORDINATE_DECIMALS, geometry_json
from georange._version import __version__
from georange.scenario import Scenario

with warnings.catch_warnings():
    # fastkml warns at import when lxml is absent; its stdlib fallback is all we need.
    warnings.filterwarnings("ignore", message="Package `lxml` missing", category=UserWarning)
from georange.export._common import _clean, _features, provenance

_COMMON = ("feature_type", "estimate", "n_sources", "sources", "notes")
_PROPERTIES: dict[str, tuple[str, ...]] = {
    "site": ("site_id", "site_name", "hypothetical"),
    "ring": (
        "site_id",
        "site_name",
        "system_id",
        "system_name",
        "status",
        "kind",
        "radius_km",
        "radius_mi",
        "low_km",
        "high_km",
        "hypothetical",
    ),
    "band": (
        "site_id",
        "site_name",
        "system_id",
        "system_name",
        "status",
        "kind",
        "low_km",
        "high_km",
        "hypothetical",
    ),
    "reference": ("reference_id", "site_name", "reported_mi", "reported_km"),
}
_RENAME = {"site_name": "name"}


# --------------------------------------------------------------------------- GeoJSON


def _properties(row: Any) -> dict[str, Any]:
    kind = row["feature_type"]
    keys = _PROPERTIES[kind] + _COMMON
    props = {_RENAME.get(k, k): _clean(row[k]) for k in keys}
    return {k: v for k, v in props.items() if v is not None or k in ("notes",)}


def to_geojson(scenario: Scenario, features: gpd.GeoDataFrame | None = None) -> dict[str, Any]:
    """The scenario as a GeoJSON FeatureCollection (longitude/latitude, RFC 7946).

    Coordinates are rounded to :data:`georange._geojson.COORDINATE_DECIMALS`
    decimal places (about 0.11 m).  A ``georange`` foreign member records the
    scenario, the caveats, the generator and the provenance (see
    :func:`provenance`).

    Parameters
    ----------
    scenario
        The scenario to export.
    features
        Its features table (computed when not given).

    Returns
    -------
    dict
        The FeatureCollection, ready for :func:`json.dumps`.
    """
    feats = _features(scenario, features)
    out = [
        {"type": "Feature", "properties": _properties(row), "geometry": geometry_json(row.geometry)}
        for _, row in feats.iterrows()
    ]
    return {
        "type": "FeatureCollection",
        "georange": {
            "scenario_id": scenario.id,
            "title": scenario.title,
            "caveats": list(scenario.caveats),
            "generator": f"georange {__version__}",
            "coordinate_decimals": COORDINATE_DECIMALS,
            **provenance(scenario, feats),
        },
        "features": out,
    }


def geojson_text(scenario: Scenario, features: gpd.GeoDataFrame | None = None) -> str:
    """:func:`to_geojson` serialised deterministically (sorted keys, UTF-8, final newline)."""
    data = to_geojson(scenario, features)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, allow_nan=False) + "\n"

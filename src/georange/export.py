"""Exports of a scenario's features: GeoJSON (RFC 7946).

Exporters read the features table from :mod:`georange.layers`; they compute
no geometry.  Output is deterministic: the same scenario gives the same bytes.
"""

from __future__ import annotations

import json
import math
from typing import Any

import geopandas as gpd

from georange._geojson import COORDINATE_DECIMALS, geometry_json
from georange._version import __version__
from georange.layers import scenario_features
from georange.render.style import CAVEATS
from georange.scenario import Scenario

__all__ = ["FORMATS", "geojson_text", "to_geojson"]

#: Export formats ``georange export`` knows.
FORMATS = ("geojson",)

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


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if hasattr(value, "item"):  # numpy scalars
        return _clean(value.item())
    return value


def _properties(row: Any) -> dict[str, Any]:
    kind = row["feature_type"]
    keys = _PROPERTIES[kind] + _COMMON
    props = {_RENAME.get(k, k): _clean(row[k]) for k in keys}
    return {k: v for k, v in props.items() if v is not None or k in ("notes",)}


def to_geojson(scenario: Scenario, features: gpd.GeoDataFrame | None = None) -> dict[str, Any]:
    """The scenario as a GeoJSON FeatureCollection (longitude/latitude, RFC 7946).

    Coordinates are rounded to :data:`georange._geojson.COORDINATE_DECIMALS`
    decimal places (about 0.11 m).  A ``georange`` foreign member records the
    scenario, the caveats and the generator.
    """
    feats = features if features is not None else scenario_features(scenario)
    out = [
        {"type": "Feature", "properties": _properties(row), "geometry": geometry_json(row.geometry)}
        for _, row in feats.iterrows()
    ]
    return {
        "type": "FeatureCollection",
        "georange": {
            "scenario_id": scenario.id,
            "title": scenario.title,
            "caveats": list(CAVEATS),
            "generator": f"georange {__version__}",
            "coordinate_decimals": COORDINATE_DECIMALS,
        },
        "features": out,
    }


def geojson_text(scenario: Scenario, features: gpd.GeoDataFrame | None = None) -> str:
    """:func:`to_geojson` serialised deterministically (sorted keys, UTF-8)."""
    return (
        json.dumps(to_geojson(scenario, features), ensure_ascii=False, sort_keys=True, allow_nan=False) + "\n"
    )

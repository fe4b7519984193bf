"""GeoJSON export (RFC 7946) with a provenance foreign member."""

from __future__ import annotations

import json
from typing import Any

import geopandas as gpd

from georange._geojson import COORDINATE_DECIMALS, geometry_json
from georange._version import __version__
from georange.export._columns import Context, columns
from georange.export._common import _clean, _features, provenance
from georange.scenario import Scenario

# --------------------------------------------------------------------------- GeoJSON


def _properties(row: Any, context: Context) -> dict[str, Any]:
    """A feature's properties from its spec; empty values are left out unless the column keeps null."""
    props = ((c, _clean(c.value(row, context))) for c in columns(row["feature_type"], "geojson"))
    return {c.key: v for c, v in props if v is not None or c.keep_null}


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
    context = Context(feats)
    out = [
        {"type": "Feature", "properties": _properties(row, context), "geometry": geometry_json(row.geometry)}
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

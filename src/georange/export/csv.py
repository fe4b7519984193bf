"""CSV export: one row per ring or band with its figures and sources."""

from __future__ import annotations

import csv
import io
from typing import Any

import geopandas as gpd

from georange._geojson import COORDINATE_DECIMALS
from georange.export._common import _csv_value, _features, _rows, _source_list
from georange.scenario import Scenario

# --------------------------------------------------------------------------- CSV

#: Columns of :func:`csv_text`, in order.
CSV_COLUMNS = (
    "feature_type",
    "site_id",
    "site_name",
    "site_lat",
    "site_lon",
    "system_id",
    "system_name",
    "status",
    "kind",
    "radius_km",
    "radius_mi",
    "low_km",
    "high_km",
    "estimate",
    "n_sources",
    "source_urls",
    "source_titles",
    "notes",
)
_COORDINATE_COLUMNS = ("site_lat", "site_lon")
# Text cells starting with these are formulas in spreadsheets; such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text_cell(value: Any) -> str:
    """A free-text cell, defused against spreadsheet formula injection."""
    text = _csv_value(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _site_coordinates(features: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    return {r["site_id"]: (r.geometry.y, r.geometry.x) for r in _rows(features, "site")}


def _csv_row(row: Any, coordinates: dict[str, tuple[float, float]]) -> dict[str, str]:
    sources = _source_list(row["sources"])
    lat, lon = coordinates.get(row["site_id"], (None, None))
    out = {key: _csv_value(row[key]) for key in CSV_COLUMNS if key in row.index}
    out.update(
        site_lat=_csv_value(lat, COORDINATE_DECIMALS),
        site_lon=_csv_value(lon, COORDINATE_DECIMALS),
        source_urls=";".join(s["url"] for s in sources),
        source_titles=_csv_text_cell("; ".join(s["title"] for s in sources)),
    )
    for key in ("site_name", "system_name", "status", "notes"):
        out[key] = _csv_text_cell(row[key])
    return out


def csv_text(scenario: Scenario, features: gpd.GeoDataFrame | None = None) -> str:
    r"""One CSV row per ring or band, with its figures, its site and its sources.

    Columns are :data:`CSV_COLUMNS` (units in the names).  Kilometres and
    miles keep at most three decimals, coordinates six; booleans are
    ``true``/``false``; missing values are empty.  ``source_urls`` joins the
    URLs with ``;`` and ``source_titles`` joins the titles with ``"; "``, in
    the order of the sources (``n_sources`` of each).  Free-text cells that a
    spreadsheet would run as a formula get a leading ``'``.  Lines end with
    ``\n``.

    Parameters
    ----------
    scenario
        The scenario to export.
    features
        Its features table (computed when not given).

    Returns
    -------
    str
        The CSV text, header first.
    """
    feats = _features(scenario, features)
    coordinates = _site_coordinates(feats)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_csv_row(row, coordinates) for row in _rows(feats, "ring", "band"))
    return buffer.getvalue()

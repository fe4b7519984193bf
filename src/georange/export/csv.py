"""CSV export: one row per ring or band with its figures and sources."""

from __future__ import annotations

import csv
import io
from typing import Any

import geopandas as gpd

from georange.export._columns import SPECS, Column, Context, columns, keys
from georange.export._common import _csv_value, _features, _rows
from georange.scenario import Scenario

# --------------------------------------------------------------------------- CSV

#: The feature types that have CSV rows (rings and bands), in row order.
CSV_FEATURE_TYPES = tuple(t for t in SPECS if keys(t, "csv"))
#: Columns of :func:`csv_text`, in order: every key the CSV carries for those types.
CSV_COLUMNS = tuple(dict.fromkeys(k for t in CSV_FEATURE_TYPES for k in keys(t, "csv")))
# Text cells starting with these are formulas in spreadsheets; such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(column: Column, row: Any, context: Context) -> str:
    """One cell; free text is defused against spreadsheet formula injection."""
    text = _csv_value(column.value(row, context), column.decimals)
    return "'" + text if column.free_text and text.startswith(_FORMULA_START) else text


def _csv_row(row: Any, context: Context) -> dict[str, str]:
    return {c.key: _csv_cell(c, row, context) for c in columns(row["feature_type"], "csv")}


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
    context = Context(feats)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_csv_row(row, context) for row in _rows(feats, *CSV_FEATURE_TYPES))
    return buffer.getvalue()

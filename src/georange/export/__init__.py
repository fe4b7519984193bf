"""Exports of a scenario's features: GeoJSON (RFC 7946), KML and CSV.

Exporters read the features table from :mod:`georange.layers`; they compute
no geometry.  Output is deterministic: the same scenario gives the same bytes
(no timestamps, stable identifiers, fixed key and row order).

Every format carries the figures, their sources and the estimate flag:

GeoJSON
    A FeatureCollection whose ``georange`` foreign member records the
    caveats and the provenance (georange version, ellipsoid, algorithm, data
    version and every source used).
KML
    Built with fastkml: one folder for the hypothetical sites, one per system
    (its rings and bands, styled in the system's colour) and one for the
    reference lines.  Names and descriptions are plain text that the XML
    serialiser escapes exactly once.
CSV
    One row per ring or band with its figures, the site's coordinates and its
    sources (URLs joined by ``;``).

Which keys each format carries for each feature type, in which order and with
how many decimals, is written once, in :mod:`georange.export._columns`; the
CSV header, the GeoJSON properties and the KML ``ExtendedData`` derive from it.

:data:`EXPORTERS` maps each name in :data:`FORMATS` to its text function and
file suffix.
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd

from georange.export._common import ALGORITHM, data_version, provenance, used_sources
from georange.export.csv import CSV_COLUMNS, csv_text
from georange.export.geojson import geojson_text, to_geojson
from georange.export.kml import kml_colour, kml_text, to_kml
from georange.scenario import Scenario

__all__ = [
    "ALGORITHM",
    "CSV_COLUMNS",
    "EXPORTERS",
    "FORMATS",
    "csv_text",
    "data_version",
    "geojson_text",
    "kml_colour",
    "kml_text",
    "provenance",
    "to_geojson",
    "to_kml",
    "used_sources",
]
FORMATS = ("geojson", "kml", "csv")


Exporter = Callable[[Scenario, "gpd.GeoDataFrame | None"], str]

#: Each format's text function and file suffix, for ``georange export``.
EXPORTERS: dict[str, tuple[Exporter, str]] = {
    "geojson": (geojson_text, ".geojson"),
    "kml": (kml_text, ".kml"),
    "csv": (csv_text, ".csv"),
}

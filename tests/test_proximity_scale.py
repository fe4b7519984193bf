"""Proximity on many sites: the pruned tables equal exhaustive computations, and memory stays per site."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod

from georange import gazetteer, geodesy, proximity, scenario_from_mapping

GEOD = Geod(ellps="WGS84")
SOURCE = {
    "title": "test placement",
    "publisher": "georange tests",
    "url": "https://example.org/t",
    "accessed": "2026-01-01",
}


def _system(ident: str, km: float, low: float | None = None, high: float | None = None) -> dict[str, object]:
    rng: dict[str, object] = {"kind": "max", "km": km, "estimate": True, "sources": [SOURCE]}
    if low is not None:
        rng |= {"low_km": low, "high_km": high}
    return {"id": ident, "name": ident, "category": "test", "ranges": [rng]}


def _scenario(lat: np.ndarray, lon: np.ndarray, systems: list[dict[str, object]]):
    sites = [
        {"id": f"s{i}", "name": f"site {i}", "lat": float(a), "lon": float(o), "basis": "hypothetical",
         "estimate": True, "sources": [SOURCE]}
        for i, (a, o) in enumerate(zip(lat, lon, strict=True))
    ]  # fmt: skip
    return scenario_from_mapping({"id": "t", "title": "t", "systems": systems, "sites": sites}, display="<test>")


def _random_sites(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return np.degrees(np.arcsin(rng.uniform(-1, 1, n))), rng.uniform(-180, 180, n)


@pytest.fixture(scope="module")
def outlines() -> proximity.Outlines:
    return proximity.Outlines.shipped()


def test_a_ring_reaches_the_country_it_stands_in_even_far_from_the_coast(outlines) -> None:
    """Bug found while pruning: a small ring deep inside a country did not list that country."""
    scn = _scenario(np.array([-10.0, 61.0]), np.array([-55.0, 100.0]), [_system("short", 20.0)])
    table = proximity.coverage(scn, outlines=outlines, cities=gazetteer.cities(15000))
    assert table["countries"].tolist() == [["BRA"], ["RUS"]]


def test_countries_reached_equal_an_exhaustive_exact_test(outlines) -> None:
    """Every country, by exact nearest_km, for random sites all over the globe and four radii."""
    lat, lon = _random_sites(5, seed=21)
    systems = [_system("a", 150.0), _system("b", 900.0), _system("c", 2500.0), _system("d", 6000.0)]
    scn = _scenario(lat, lon, systems)
    table = proximity.coverage(scn, outlines=outlines, cities=gazetteer.cities(15000))
    isos = outlines.isos()
    for site in scn.sites:
        dist = {iso: geodesy.nearest_km(lat=site.lat, lon=site.lon, geometry=outlines.country(iso)).distance_km
                for iso in isos}  # fmt: skip
        for system in scn.systems:
            got = table[(table["site_id"] == site.id) & (table["system_id"] == system.id)]["countries"].item()
            expected = sorted(iso for iso, d in dist.items() if d <= system.max_range.km)
            assert got == expected, (site.id, system.id)


def _cities(n: int, seed: int) -> pd.DataFrame:
    lat, lon = _random_sites(n, seed)
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {"geonameid": np.arange(n), "name": [f"c{i}" for i in range(n)], "country_code": "XX",
         "admin1_code": "00", "lat": lat, "lon": lon, "population": rng.integers(15_000, 5_000_000, n)}
    )  # fmt: skip


def test_city_counts_equal_geod_inv_on_every_pair_including_the_span_ends() -> None:
    lat, lon = _random_sites(40, seed=3)
    scn = _scenario(lat, lon, [_system("a", 800.0, 700.0, 1000.0), _system("b", 5500.0, 5000.0, 6000.0)])
    cities = _cities(3000, seed=4)
    table = proximity.coverage(scn, cities=cities, countries=False)
    for site, (_, group) in zip(scn.sites, table.groupby("site_id", sort=False), strict=True):
        n = len(cities)
        exact = GEOD.inv(np.full(n, site.lon), np.full(n, site.lat), cities["lon"], cities["lat"])[2] / 1000.0
        for row in group.itertuples():
            assert row.n_cities == (exact <= row.radius_km).sum()
            assert row.n_cities_at_low_km == (exact <= row.low_km).sum()
            assert row.n_cities_at_high_km == (exact <= row.high_km).sum()
            assert row.population_total == cities["population"][exact <= row.radius_km].sum()


def test_coverage_memory_grows_with_the_city_table_not_with_sites_times_cities() -> None:
    """300 sites x 34,000 cities: a sites x cities float array alone would be 82 MB."""
    cities = gazetteer.cities(15000)
    lat, lon = _random_sites(300, seed=5)
    scn = _scenario(lat, lon, [_system("a", 500.0), _system("b", 3000.0)])
    tracemalloc.start()
    try:
        proximity.coverage(scn, cities=cities, countries=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    matrix = len(scn.sites) * len(cities) * 8
    assert matrix > 80e6
    assert peak < 20e6, f"peak {peak / 1e6:.1f} MB"


def test_cities_in_range_matches_geod_inv_and_lists_every_hit() -> None:
    lat, lon = _random_sites(10, seed=6)
    scn = _scenario(lat, lon, [_system("a", 2000.0), _system("b", 9000.0)])
    cities = _cities(2000, seed=7)
    listed = proximity.cities_in_range(scn, cities=cities)
    for site in scn.sites:
        n = len(cities)
        exact = GEOD.inv(np.full(n, site.lon), np.full(n, site.lat), cities["lon"], cities["lat"])[2] / 1000.0
        for system in scn.systems:
            rows = listed[(listed["site_id"] == site.id) & (listed["system_id"] == system.id)]
            inside = np.flatnonzero(exact <= system.max_range.km)
            assert sorted(rows["geonameid"]) == sorted(cities["geonameid"].iloc[inside])
            got = rows.set_index("geonameid")["distance_km"].sort_index()
            assert np.allclose(got.to_numpy(), exact[inside][np.argsort(cities["geonameid"].iloc[inside])], atol=1e-9)
            assert math.isclose(got.max() if len(got) else 0.0, exact[inside].max() if len(inside) else 0.0)


def test_country_parts_cover_the_same_land_as_the_merged_outlines(outlines) -> None:
    """The unmerged parts the bounds use are the merged outline that nearest_km measures, for every country."""
    parts = outlines.parts()
    assert list(parts) == sorted(parts) and len(parts) > 200
    for iso, geom in parts.items():
        merged = outlines.country(iso)
        assert shapely.union_all(shapely.get_parts(geom)).symmetric_difference(merged).area < 1e-9, iso

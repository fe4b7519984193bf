"""Proximity: reference distances, site-to-place tables, territory distances, coverage.

Pure computations on a scenario, the shipped Natural Earth outlines and the
GeoNames cities; every distance is a WGS84 geodesic.  Functions return pandas
DataFrames with units in the column names.

* :func:`reference_distances` - each reference's reported figure beside the
  figure computed from the outlines (e.g. Cuba's coast to the Florida Keys).
* :func:`place_distances` - every site x place x system: distance, ratio to
  the reference, inside/outside the ``max`` ring with its margin, and whether
  the place falls in the sources' low-high uncertainty band.
* :func:`territory_distances` - each site's shortest distance to the coast of
  the contiguous United States and to US territory in the Caribbean.
* :func:`coverage` / :func:`cities_in_range` - GeoNames cities inside each
  ring by an exact geodesic test (distance <= radius), vectorised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from georange import gazetteer, geodesy, naturalearth
from georange.catalogue import KM_PER_MILE, Region, System
from georange.layers import sources_records
from georange.scenario import Scenario

__all__ = [
    "TERRITORIES",
    "Outlines",
    "Proximity",
    "analyse",
    "cities_in_range",
    "coverage",
    "place_distances",
    "reference_distances",
    "territory_distances",
]


@dataclass(frozen=True)
class Outlines:
    """The country outlines distances are measured against (shipped by default)."""

    detail: gpd.GeoDataFrame
    coarse: gpd.GeoDataFrame
    _cache: dict[str, shapely.Geometry] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def shipped(cls) -> Outlines:
        """The Natural Earth layers in ``geodata/naturalearth``."""
        return cls(naturalearth.countries("detail"), naturalearth.countries("coarse"))

    def country(self, iso_a3: str) -> shapely.Geometry:
        """One country's whole outline (cached)."""
        if iso_a3 not in self._cache:
            self._cache[iso_a3] = naturalearth.country_geometry(iso_a3, detail=self.detail, coarse=self.coarse)
        return self._cache[iso_a3]

    def bounds(self) -> gpd.GeoSeries:
        """Each country's bounding box (both layers), indexed by sorted ISO code."""
        both = pd.concat([self.detail[["iso_a3", "geometry"]], self.coarse[["iso_a3", "geometry"]]])
        boxes = both.geometry.bounds.groupby(both["iso_a3"].to_numpy()).agg(
            {"minx": "min", "miny": "min", "maxx": "max", "maxy": "max"}
        )
        return gpd.GeoSeries(shapely.box(*boxes.to_numpy().T), index=boxes.index, crs="EPSG:4326").sort_index()

    def geometry(self, regions: tuple[Region, ...]) -> shapely.Geometry:
        """The union of some regions' outlines."""
        parts = [
            naturalearth.country_geometry(r.country, bbox=r.bbox, detail=self.detail, coarse=self.coarse)
            for r in regions
        ]
        return shapely.union_all(parts)


#: Territories every site is measured against (Natural Earth admin-0 codes).
TERRITORIES: dict[str, tuple[Region, ...]] = {
    "contiguous US coast": (Region(country="USA", label="contiguous United States", bbox=(-125, 24, -66, 50)),),
    "US Caribbean territory": (
        Region(country="PRI", label="Puerto Rico"),
        Region(country="VIR", label="US Virgin Islands"),
    ),
}


def _outlines(outlines: Outlines | None) -> Outlines:
    return outlines if outlines is not None else Outlines.shipped()


def reference_distances(scenario: Scenario, *, outlines: Outlines | None = None) -> gpd.GeoDataFrame:
    """Each reference's reported figure and the figure computed from the outlines.

    Returns
    -------
    geopandas.GeoDataFrame
        ``reference_id``, ``name``, ``reported_mi``, ``reported_km`` (as
        reported), ``computed_km``, ``computed_mi`` (shortest geodesic between
        the two regions, NaN where the reference defines none), ``computed_between``,
        the computed end points, ``estimate``, ``sources`` and, as geometry,
        the computed shortest geodesic (None where not computed).
    """
    rows = []
    for ref in scenario.references:
        row: dict[str, Any] = {
            "reference_id": ref.id,
            "name": ref.name,
            "reported_mi": ref.reported_mi,
            "reported_km": ref.reported_km,
            "computed_km": np.nan,
            "computed_mi": np.nan,
            "computed_between": None,
            "computed_from_lat": np.nan,
            "computed_from_lon": np.nan,
            "computed_to_lat": np.nan,
            "computed_to_lon": np.nan,
            "estimate": ref.estimate,
            "sources": sources_records(ref.sources),
        }
        if ref.computed is not None:
            lines = _outlines(outlines)
            a, b = ref.computed.between
            gap = geodesy.gap_km(lines.geometry((a,)), lines.geometry((b,)))
            row |= {
                "geometry": geodesy.geodesic_path(
                    lat1=gap.lat_a, lon1=gap.lon_a, lat2=gap.lat_b, lon2=gap.lon_b, max_segment_km=1.0
                ),
                "computed_km": gap.distance_km,
                "computed_mi": gap.distance_km / KM_PER_MILE,
                "computed_between": ref.computed.description,
                "computed_from_lat": gap.lat_a,
                "computed_from_lon": gap.lon_a,
                "computed_to_lat": gap.lat_b,
                "computed_to_lon": gap.lon_b,
            }
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*_REFERENCE_COLUMNS, "geometry"])
    refs: gpd.GeoDataFrame = gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")
    return refs


_REFERENCE_COLUMNS = [
    "reference_id", "name", "reported_mi", "reported_km", "computed_km", "computed_mi", "computed_between",
    "computed_from_lat", "computed_from_lon", "computed_to_lat", "computed_to_lon", "estimate", "sources",
]  # fmt: skip


def _ratio_base(references: pd.DataFrame) -> tuple[float, float]:
    """The first reference's reported and computed km (NaN when there is none)."""
    if references.empty:
        return np.nan, np.nan
    first = references.iloc[0]
    return float(first["reported_km"]), float(first["computed_km"])


def _range_status(distance_km: float, system: System) -> dict[str, Any]:
    rng = system.max_range
    in_band = rng.has_span and rng.lowest_km < distance_km <= rng.highest_km
    inside: bool | None = None if in_band else bool(distance_km <= rng.km)
    status = "uncertain" if in_band else ("inside" if inside else "outside")
    return {
        "system_id": system.id,
        "range_km": rng.km,
        "low_km": rng.low_km,
        "high_km": rng.high_km,
        "status": status,
        "inside": inside,
        "margin_km": rng.km - distance_km,
        "in_uncertainty_band": bool(in_band),
    }


def place_distances(scenario: Scenario, *, references: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every site x place x system: distance, ratio to the reference, and range status.

    ``status`` is ``inside`` (within the central ``max`` range and not in
    the band), ``outside``, or ``uncertain`` when the place lies between the
    sources' ``low_km`` and ``high_km``: then ``inside`` is None.
    ``margin_km`` is range minus distance (negative: out of reach).
    Ratios are to the first reference of the scenario, reported and computed.
    """
    refs = references if references is not None else reference_distances(scenario)
    reported_km, computed_km = _ratio_base(refs)
    site_idx, place_idx = np.meshgrid(np.arange(len(scenario.sites)), np.arange(len(scenario.places)), indexing="ij")
    sites = [scenario.sites[i] for i in site_idx.ravel()]
    places = [scenario.places[j] for j in place_idx.ravel()]
    dist = np.atleast_1d(
        geodesy.distance_km(
            lat1=[s.lat for s in sites], lon1=[s.lon for s in sites],
            lat2=[p.lat for p in places], lon2=[p.lon for p in places],
        )
    ) if sites else np.array([])  # fmt: skip
    rows = []
    for site, place, d in zip(sites, places, dist, strict=True):
        base = {
            "site_id": site.id,
            "site_name": site.name,
            "place_id": place.id,
            "place_name": place.name,
            "country": place.country,
            "distance_km": float(d),
            "distance_mi": float(d) / KM_PER_MILE,
            "ratio_to_reported_reference": float(d) / reported_km,
            "ratio_to_computed_reference": float(d) / computed_km,
        }
        for system_id in scenario.site_systems[site.id]:
            rows.append(base | _range_status(float(d), scenario.system(system_id)))
    return pd.DataFrame(rows, columns=_PLACE_COLUMNS)


_PLACE_COLUMNS = [
    "site_id", "site_name", "place_id", "place_name", "country", "distance_km", "distance_mi",
    "ratio_to_reported_reference", "ratio_to_computed_reference", "system_id", "range_km", "low_km",
    "high_km", "status", "inside", "margin_km", "in_uncertainty_band",
]  # fmt: skip


def territory_distances(
    scenario: Scenario, *, outlines: Outlines | None = None, references: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each site's shortest geodesic distance to US territory (see :data:`TERRITORIES`)."""
    lines = _outlines(outlines)
    refs = references if references is not None else reference_distances(scenario, outlines=lines)
    reported_km, computed_km = _ratio_base(refs)
    targets = {name: lines.geometry(regions) for name, regions in TERRITORIES.items()}
    rows = []
    for site in scenario.sites:
        for name, geom in targets.items():
            near = geodesy.nearest_km(lat=site.lat, lon=site.lon, geometry=geom)
            rows.append(
                {
                    "site_id": site.id,
                    "site_name": site.name,
                    "territory": name,
                    "distance_km": near.distance_km,
                    "distance_mi": near.distance_km / KM_PER_MILE,
                    "ratio_to_reported_reference": near.distance_km / reported_km,
                    "ratio_to_computed_reference": near.distance_km / computed_km,
                    "nearest_lat": near.lat,
                    "nearest_lon": near.lon,
                }
            )
    return pd.DataFrame(rows)


def _site_city_distances(scenario: Scenario, table: pd.DataFrame) -> np.ndarray:
    """Geodesic km from every site (rows) to every city (columns), one vectorised call."""
    n_sites, n_cities = len(scenario.sites), len(table)
    lat1 = np.repeat([s.lat for s in scenario.sites], n_cities)
    lon1 = np.repeat([s.lon for s in scenario.sites], n_cities)
    lat2 = np.tile(table["lat"].to_numpy(), n_sites)
    lon2 = np.tile(table["lon"].to_numpy(), n_sites)
    dist = np.atleast_1d(geodesy.distance_km(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2))
    return dist.reshape(n_sites, n_cities)


def cities_in_range(
    scenario: Scenario, *, min_population: int = 15000, cities: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every GeoNames city inside every site x system ``max`` ring (distance <= range)."""
    table = cities if cities is not None else gazetteer.cities(min_population)
    table = table[table["population"] >= min_population]
    dist = _site_city_distances(scenario, table)
    frames = []
    for i, site in enumerate(scenario.sites):
        for system_id in scenario.site_systems[site.id]:
            radius = scenario.system(system_id).max_range.km
            hit = dist[i] <= radius
            frame = table.loc[hit].assign(site_id=site.id, system_id=system_id, distance_km=dist[i][hit])
            frames.append(frame)
    columns = ["site_id", "system_id", "geonameid", "name", "country_code", "admin1_code", "population",
               "distance_km", "lat", "lon"]  # fmt: skip
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)[columns]
    ordered: pd.DataFrame = out.sort_values(["site_id", "system_id", "distance_km"], kind="stable")
    return ordered.reset_index(drop=True)


def _reaches(lat: float, lon: float, radius_km: float, geom: shapely.Geometry) -> bool:
    """Whether any point of ``geom`` lies within ``radius_km`` of the centre (exact).

    Vertices decide most cases in one vectorised ``Geod.inv`` call: a vertex
    inside means yes; if even the nearest vertex, less half the longest edge,
    is beyond the radius (triangle inequality), no.  Only the rest need the
    exact nearest point of :func:`georange.geodesy.nearest_km`.
    """
    xy = shapely.get_coordinates(geom)
    n = len(xy)
    vertex_km = np.atleast_1d(
        geodesy.distance_km(lat1=np.full(n, lat), lon1=np.full(n, lon), lat2=xy[:, 1], lon2=xy[:, 0])
    )
    if vertex_km.min() <= radius_km:
        return True
    edge_km = np.atleast_1d(geodesy.distance_km(lat1=xy[:-1, 1], lon1=xy[:-1, 0], lat2=xy[1:, 1], lon2=xy[1:, 0]))
    if vertex_km.min() - edge_km.max() / 2 > radius_km:
        return False
    return geodesy.nearest_km(lat=lat, lon=lon, geometry=geom, max_segment_deg=0.05).distance_km <= radius_km


def _countries_reached(site_lat: float, site_lon: float, radius_km: float, lines: Outlines) -> list[str]:
    """ISO codes of countries whose outline comes within ``radius_km`` (exact geodesic test)."""
    disc_box = shapely.box(*geodesy.ring(lat=site_lat, lon=site_lon, radius_km=radius_km).bounds)
    candidates = lines.bounds()
    near = candidates[shapely.intersects(candidates.geometry.values, disc_box)].index
    return [iso for iso in near if _reaches(site_lat, site_lon, radius_km, lines.country(iso))]


def coverage(
    scenario: Scenario,
    *,
    min_population: int = 15000,
    cities: pd.DataFrame | None = None,
    outlines: Outlines | None = None,
    countries: bool = True,
) -> pd.DataFrame:
    """Coverage of each site x system ``max`` ring.

    Returns
    -------
    pandas.DataFrame
        ``site_id``, ``system_id``, ``radius_km``, ``low_km``, ``high_km``,
        ``n_cities``, ``population_total``, ``largest_city``,
        ``largest_city_population`` (GeoNames cities of at least
        ``min_population``, CC BY), ``n_cities_at_low_km`` and
        ``n_cities_at_high_km`` (the same count at the ends of the sources'
        span), ``countries`` (ISO codes the ring reaches, from the outlines)
        and ``us_states`` (states with a listed city inside).
    """
    table = cities if cities is not None else gazetteer.cities(min_population)
    table = table[table["population"] >= min_population].reset_index(drop=True)
    dist = _site_city_distances(scenario, table)
    pops = table["population"].to_numpy()
    states = gazetteer.us_state_names()
    lines = _outlines(outlines) if countries else None
    rows = []
    for i, site in enumerate(scenario.sites):
        for system_id in scenario.site_systems[site.id]:
            rng = scenario.system(system_id).max_range
            hit = dist[i] <= rng.km
            inside = table.loc[hit]
            largest = inside.loc[inside["population"].idxmax()] if len(inside) else None
            us = inside[inside["country_code"] == "US"]["admin1_code"]
            rows.append(
                {
                    "site_id": site.id,
                    "system_id": system_id,
                    "radius_km": rng.km,
                    "low_km": rng.low_km,
                    "high_km": rng.high_km,
                    "n_cities": int(hit.sum()),
                    "population_total": int(pops[hit].sum()),
                    "largest_city": None if largest is None else str(largest["name"]),
                    "largest_city_population": None if largest is None else int(largest["population"]),
                    "n_cities_at_low_km": int((dist[i] <= rng.lowest_km).sum()),
                    "n_cities_at_high_km": int((dist[i] <= rng.highest_km).sum()),
                    "countries": None if lines is None else _countries_reached(site.lat, site.lon, rng.km, lines),
                    "us_states": sorted({states.get(code, code) for code in us}),
                }
            )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Proximity:
    """All proximity tables of one scenario, computed once."""

    references: gpd.GeoDataFrame
    places: pd.DataFrame
    territories: pd.DataFrame
    coverage: pd.DataFrame
    min_population: int


def analyse(
    scenario: Scenario,
    *,
    min_population: int = 15000,
    outlines: Outlines | None = None,
    cities: pd.DataFrame | None = None,
) -> Proximity:
    """Compute every proximity table of a scenario (shared outlines, one pass each)."""
    lines = _outlines(outlines)
    refs = reference_distances(scenario, outlines=lines)
    return Proximity(
        references=refs,
        places=place_distances(scenario, references=refs),
        territories=territory_distances(scenario, outlines=lines, references=refs),
        coverage=coverage(scenario, min_population=min_population, cities=cities, outlines=lines),
        min_population=min_population,
    )

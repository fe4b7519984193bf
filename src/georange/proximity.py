"""Proximity: reference distances, site-to-place tables, territory distances, coverage.

Pure computations on a scenario, the shipped Natural Earth outlines and the
GeoNames cities; every distance is a WGS84 geodesic.  Functions return pandas
DataFrames with units in the column names.

* :func:`reference_distances` - each reference's reported figure beside the
  figure computed from the outlines (e.g. Cuba's coast to the Florida Keys).
* :func:`place_distances` - every site x place x system: distance, ratio to
  the reference, inside/outside the ``max`` ring with its margin, and whether
  the place falls in the sources' low-high uncertainty band.
* :func:`territory_distances` - each site's shortest distance to each
  territory the scenario declares (by default the contiguous US coast and
  US territory in the Caribbean).
* :func:`coverage` / :func:`cities_in_range` - GeoNames cities inside each
  ring by an exact geodesic test (distance <= radius), vectorised.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely

from georange import _bounds, gazetteer, geodesy, naturalearth
from georange._progress import progress
from georange.catalogue import KM_PER_MILE, Region, Site, System
from georange.layers import sources_records
from georange.scenario import Scenario

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "Outlines",
    "Proximity",
    "analyse",
    "cities_in_range",
    "coverage",
    "place_distances",
    "reference_distances",
    "tables",
    "territory_distances",
]


class Outlines:
    """The country outlines distances are measured against (shipped by default).

    Parameters
    ----------
    detail, coarse
        Layers to use instead of the shipped ones (for tests and what-ifs);
        None, the default, is the shipped layer, read without geopandas.
    """

    def __init__(self, detail: gpd.GeoDataFrame | None = None, coarse: gpd.GeoDataFrame | None = None) -> None:
        self._layers = (detail, coarse)
        self._cache: dict[str, Any] = {}

    @classmethod
    def shipped(cls) -> Outlines:
        """The Natural Earth layers in ``geodata/naturalearth``."""
        return cls()

    @property
    def detail(self) -> gpd.GeoDataFrame:
        """The detail layer (a GeoDataFrame)."""
        return naturalearth.countries("detail") if self._layers[0] is None else self._layers[0]

    @property
    def coarse(self) -> gpd.GeoDataFrame:
        """The coarse layer (a GeoDataFrame)."""
        return naturalearth.countries("coarse") if self._layers[1] is None else self._layers[1]

    def country(self, iso_a3: str) -> shapely.Geometry:
        """One country's whole outline (cached)."""
        if iso_a3 not in self._cache:
            self._cache[iso_a3] = naturalearth.country_geometry(iso_a3, detail=self._layers[0], coarse=self._layers[1])
        return self._cache[iso_a3]

    def parts(self) -> dict[str, shapely.Geometry]:
        """Every country's unmerged outline parts, by sorted ISO code (cached).

        See :func:`georange.naturalearth.country_parts`.
        """
        if "parts" not in self._cache:
            self._cache["parts"] = naturalearth.country_parts(detail=self._layers[0], coarse=self._layers[1])
        parts: dict[str, shapely.Geometry] = self._cache["parts"]
        return parts

    def isos(self) -> list[str]:
        """Every country's ISO code (both layers), sorted."""
        return list(self.parts())

    def edges(self) -> _bounds.Edges:
        """The outline edges of every country, grouped in :meth:`isos` order (cached)."""
        if "edges" not in self._cache:
            self._cache["edges"] = _bounds.Edges.of(list(self.parts().values()))
        edges: _bounds.Edges = self._cache["edges"]
        return edges

    def tree(self) -> shapely.STRtree:
        """A spatial index of every country's outline parts, in :meth:`isos` order (cached)."""
        if "tree" not in self._cache:
            self._cache["tree"] = shapely.STRtree(list(self.parts().values()))
        tree: shapely.STRtree = self._cache["tree"]
        return tree

    def geometry(self, regions: tuple[Region, ...]) -> shapely.Geometry:
        """The union of some regions' outlines."""
        parts = [
            naturalearth.country_geometry(r.country, bbox=r.bbox, detail=self._layers[0], coarse=self._layers[1])
            for r in regions
        ]
        return shapely.union_all(parts)


def _outlines(outlines: Outlines | None) -> Outlines:
    return outlines if outlines is not None else Outlines.shipped()


def _geo(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """A references frame with its shapely ``geometry`` column as a GeoDataFrame (EPSG:4326)."""
    import geopandas as gpd

    refs: gpd.GeoDataFrame = gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")
    return refs


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
    return _geo(_reference_table(scenario, outlines=outlines))


def _reference_table(scenario: Scenario, *, outlines: Outlines | None = None) -> pd.DataFrame:
    """The rows of :func:`reference_distances` in a plain frame (``geometry``: shapely objects or None)."""
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
            "geometry": None,
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
    return pd.DataFrame(rows, columns=[*_REFERENCE_COLUMNS, "geometry"])


_REFERENCE_COLUMNS = [
    "reference_id", "name", "reported_mi", "reported_km", "computed_km", "computed_mi", "computed_between",
    "computed_from_lat", "computed_from_lon", "computed_to_lat", "computed_to_lon", "estimate", "sources",
]  # fmt: skip


def _ratio_base(scenario: Scenario, references: pd.DataFrame) -> tuple[float, float]:
    """The ratio reference's reported and computed km (NaN when there is none)."""
    match = references[references["reference_id"] == scenario.ratio_reference_id]
    if match.empty:
        return np.nan, np.nan
    row = match.iloc[0]
    return float(row["reported_km"]), float(row["computed_km"])


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
    Ratios are to the scenario's ratio reference, reported and computed.
    """
    refs = references if references is not None else reference_distances(scenario)
    reported_km, computed_km = _ratio_base(scenario, refs)
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
    """Each site's shortest geodesic distance to each of the scenario's territories.

    Columns ``site_id``, ``site_name``, ``territory`` (its name), the distance
    in km and mi, its ratios to the ratio reference, the nearest point, and
    ``territory_id`` last.
    """
    lines = _outlines(outlines)
    refs = references if references is not None else reference_distances(scenario, outlines=lines)
    reported_km, computed_km = _ratio_base(scenario, refs)
    targets = [(t, lines.geometry(tuple(t.regions))) for t in scenario.territories]
    rows = []
    for site in progress(scenario.sites, desc="distances to territories", unit="site"):
        for territory, geom in targets:
            near = geodesy.nearest_km(lat=site.lat, lon=site.lon, geometry=geom)
            rows.append(
                {
                    "site_id": site.id,
                    "site_name": site.name,
                    "territory": territory.name,
                    "distance_km": near.distance_km,
                    "distance_mi": near.distance_km / KM_PER_MILE,
                    "ratio_to_reported_reference": near.distance_km / reported_km,
                    "ratio_to_computed_reference": near.distance_km / computed_km,
                    "nearest_lat": near.lat,
                    "nearest_lon": near.lon,
                    "territory_id": territory.id,
                }
            )
    return pd.DataFrame(rows, columns=_TERRITORY_COLUMNS)


_TERRITORY_COLUMNS = [
    "site_id", "site_name", "territory", "distance_km", "distance_mi", "ratio_to_reported_reference",
    "ratio_to_computed_reference", "nearest_lat", "nearest_lon", "territory_id",
]  # fmt: skip


class _Cities:
    """A city table's coordinates, for exact range tests site by site.

    For one site, the spherical distance to every city bounds the WGS84
    distance (:mod:`georange._bounds`); ``Geod.inv`` runs only for the cities
    those bounds cannot place on one side of a radius.  Memory stays at a few
    arrays of the table's length, whatever the number of sites.
    """

    def __init__(self, table: pd.DataFrame) -> None:
        self.lat = table["lat"].to_numpy(dtype=float)
        self.lon = table["lon"].to_numpy(dtype=float)

    def exact_within(self, site: Site, limit_km: float) -> tuple[np.ndarray, np.ndarray]:
        """Indices and exact km of every city within ``limit_km`` of the site."""
        sphere = _bounds.sphere_km(lat1=site.lat, lon1=site.lon, lat2=self.lat, lon2=self.lon)
        near = np.flatnonzero(_bounds.lower_km(sphere) <= limit_km)
        dist = self._exact(site, near)
        keep = dist <= limit_km
        return near[keep], dist[keep]

    def inside(self, site: Site, radii_km: list[float]) -> list[np.ndarray]:
        """For each radius, a boolean mask of the cities within it (exact)."""
        sphere = _bounds.sphere_km(lat1=site.lat, lon1=site.lon, lat2=self.lat, lon2=self.lon)
        lower, upper = _bounds.lower_km(sphere), _bounds.upper_km(sphere)
        unsure = np.zeros(len(sphere), dtype=bool)
        for r in radii_km:
            unsure |= (lower <= r) & (upper > r)
        which = np.flatnonzero(unsure)
        exact = self._exact(site, which)
        masks = []
        for r in radii_km:
            mask = upper <= r
            mask[which] = exact <= r
            masks.append(mask)
        return masks

    def _exact(self, site: Site, which: np.ndarray) -> np.ndarray:
        n = len(which)
        if not n:
            return np.empty(0)
        return np.atleast_1d(
            geodesy.distance_km(
                lat1=np.full(n, site.lat), lon1=np.full(n, site.lon), lat2=self.lat[which], lon2=self.lon[which]
            )
        )


def cities_in_range(
    scenario: Scenario, *, min_population: int = 15000, cities: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every GeoNames city inside every site x system ``max`` ring (distance <= range)."""
    table = cities if cities is not None else gazetteer.cities(min_population)
    table = table[table["population"] >= min_population].reset_index(drop=True)
    coords = _Cities(table)
    frames = []
    for site in progress(scenario.sites, desc="cities in range", unit="site"):
        systems = scenario.site_systems[site.id]
        if not systems:
            continue
        radii = [scenario.system(system_id).max_range.km for system_id in systems]
        idx, dist = coords.exact_within(site, max(radii))
        for system_id, radius in zip(systems, radii, strict=True):
            hit = dist <= radius
            frames.append(table.iloc[idx[hit]].assign(site_id=site.id, system_id=system_id, distance_km=dist[hit]))
    columns = ["site_id", "system_id", "geonameid", "name", "country_code", "admin1_code", "population",
               "distance_km", "lat", "lon"]  # fmt: skip
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)[columns]
    ordered: pd.DataFrame = out.sort_values(["site_id", "system_id", "distance_km"], kind="stable")
    return ordered.reset_index(drop=True)


class _Countries:
    """Which countries a site's rings reach: bounds for most, exact distances for the rest.

    A ring *reaches* a country when some point of the country (its interior
    included) lies within the radius.  Per site, one vectorised pass over
    every outline edge bounds the distance to each country from below and
    above (:mod:`georange._bounds`); :func:`georange.geodesy.nearest_km` runs
    only where a radius falls between the two, once per site and country.
    """

    def __init__(self, lines: Outlines) -> None:
        self.lines = lines
        self.isos = lines.isos()
        self.edges = lines.edges()

    def containing(self, sites: tuple[Site, ...]) -> list[set[int]]:
        """For each site, the indices of the countries that contain it (or have it on their border)."""
        points = shapely.points([s.lon for s in sites], [s.lat for s in sites])
        site_idx, country_idx = self.lines.tree().query(points, predicate="intersects")
        out: list[set[int]] = [set() for _ in sites]
        for i, c in zip(site_idx.tolist(), country_idx.tolist(), strict=True):
            out[i].add(c)
        return out

    def reached(self, site: Site, radii_km: list[float], inside: set[int]) -> list[list[str]]:
        """For each radius, the sorted ISO codes of the countries the ring reaches."""
        lower, upper = self.edges.group_bounds_from(lat=site.lat, lon=site.lon)
        exact: dict[int, float] = {}
        out = []
        for r in radii_km:
            hit = set(np.flatnonzero(upper <= r).tolist()) | inside
            for c in np.flatnonzero((lower <= r) & (upper > r)).tolist():
                if c in hit:
                    continue
                if c not in exact:
                    geom = self.lines.country(self.isos[c])
                    exact[c] = geodesy.nearest_km(lat=site.lat, lon=site.lon, geometry=geom).distance_km
                if exact[c] <= r:
                    hit.add(c)
            out.append(sorted(self.isos[c] for c in hit))
        return out


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
        span), ``countries`` (ISO codes of the countries the ring reaches,
        from the outlines; a country that contains the site is always
        reached) and, for each territory that declares ``subdivisions``, its
        column (e.g. ``us_states``: the subdivisions of its country with a
        listed city inside).
    """
    table = cities if cities is not None else gazetteer.cities(min_population)
    table = table[table["population"] >= min_population].reset_index(drop=True)
    coords = _Cities(table)
    pops = table["population"].to_numpy()
    names = table["name"].to_numpy()
    admin1 = table["admin1_code"].to_numpy()
    subdivisions = [t.subdivisions for t in scenario.territories if t.subdivisions is not None]
    in_country = {s.column: (table["country_code"] == s.country).to_numpy() for s in subdivisions}
    names_of = {s.column: gazetteer.us_state_names() if s.country == "US" else {} for s in subdivisions}
    reach = _Countries(_outlines(outlines)) if countries else None
    inside_country = reach.containing(scenario.sites) if reach is not None and scenario.sites else []
    rows = []
    for i, site in enumerate(progress(scenario.sites, desc="coverage", unit="site")):
        ranges = [scenario.system(system_id).max_range for system_id in scenario.site_systems[site.id]]
        masks = coords.inside(site, [r for rng in ranges for r in (rng.km, rng.lowest_km, rng.highest_km)])
        reached = reach.reached(site, [rng.km for rng in ranges], inside_country[i]) if reach is not None else None
        for k, (system_id, rng) in enumerate(zip(scenario.site_systems[site.id], ranges, strict=True)):
            hit, at_low, at_high = masks[3 * k : 3 * k + 3]
            largest = int(np.flatnonzero(hit)[np.argmax(pops[hit])]) if hit.any() else None
            rows.append(
                {
                    "site_id": site.id,
                    "system_id": system_id,
                    "radius_km": rng.km,
                    "low_km": rng.low_km,
                    "high_km": rng.high_km,
                    "n_cities": int(hit.sum()),
                    "population_total": int(pops[hit].sum()),
                    "largest_city": None if largest is None else str(names[largest]),
                    "largest_city_population": None if largest is None else int(pops[largest]),
                    "n_cities_at_low_km": int(at_low.sum()),
                    "n_cities_at_high_km": int(at_high.sum()),
                    "countries": None if reached is None else reached[k],
                }
                | {
                    column: sorted({names_of[column].get(code, code) for code in admin1[hit & mask]})
                    for column, mask in in_country.items()
                }
            )
    return pd.DataFrame(rows, columns=[*_COVERAGE_COLUMNS, *in_country])


_COVERAGE_COLUMNS = [
    "site_id", "system_id", "radius_km", "low_km", "high_km", "n_cities", "population_total", "largest_city",
    "largest_city_population", "n_cities_at_low_km", "n_cities_at_high_km", "countries",
]  # fmt: skip


@dataclass(frozen=True)
class Proximity:
    """All proximity tables of one scenario, computed once.

    ``references`` is a GeoDataFrame from :func:`analyse`, and a plain pandas
    frame with the same columns and shapely geometries from :func:`tables`.
    """

    references: pd.DataFrame
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
    prox = tables(scenario, min_population=min_population, outlines=outlines, cities=cities)
    return dataclasses.replace(prox, references=_geo(prox.references))


def tables(
    scenario: Scenario,
    *,
    min_population: int = 15000,
    outlines: Outlines | None = None,
    cities: pd.DataFrame | None = None,
) -> Proximity:
    """The tables of :func:`analyse` with ``references`` a plain pandas frame, so without geopandas.

    Its ``geometry`` column holds the same shapely objects (None where not
    computed).  The HTML map reads these: it needs no GeoDataFrame.
    """
    lines = _outlines(outlines)
    refs = _reference_table(scenario, outlines=lines)
    return Proximity(
        references=refs,
        places=place_distances(scenario, references=refs),
        territories=territory_distances(scenario, outlines=lines, references=refs),
        coverage=coverage(scenario, min_population=min_population, cities=cities, outlines=lines),
        min_population=min_population,
    )

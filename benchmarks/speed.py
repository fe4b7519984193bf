"""Ring speed and coverage speed, in process.

Ring speed: :func:`georange.geodesy.rings` (one vectorised call) against the
per-ring geopandas recipe (local AEQD CRS, ``buffer``, ``to_crs``), and a
plain vectorised ``Geod.fwd`` with a fixed 103 vertices per ring (no
refinement, no antimeridian or pole handling) to show the floor.

Coverage: every GeoNames ``cities1000`` city against every ``max`` ring of
the default scenario, georange's exact geodesic test (distance <= radius)
against a geopandas spatial join of the cities (points) with the ring polygons.
"""

# The README's prose uses typographic characters (plus-minus, times, dashes) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from _bench import Timing, compare, time_call
from accuracy import aeqd_buffer
from pyproj import Geod

import georange
from georange import gazetteer, geodesy, proximity
from georange.layers import scenario_features

GEOD = Geod(ellps="WGS84")
#: The mean-radius sphere (IUGG R1) the spherical prefilter bounds distances on.
SPHERE_KM = 6371.0088
RADII_KM = (300.0, 2500.0)
SEED = 8


def random_sites(n: int, *, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Centres uniformly distributed over the globe (area-uniform)."""
    rng = np.random.default_rng(seed)
    lat = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, n)))
    lon = rng.uniform(-180.0, 180.0, n)
    return np.round(lat, 5), np.round(lon, 5)


def regional_sites(n: int, *, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Centres in the Caribbean (0-30° N, 90-55° W): no ring crosses ±180° or reaches a pole."""
    rng = np.random.default_rng(seed)
    return np.round(rng.uniform(0.0, 30.0, n), 5), np.round(rng.uniform(-90.0, -55.0, n), 5)


WORKLOADS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "global": random_sites,
    "regional": regional_sites,
}


def radii(n: int) -> np.ndarray:
    return np.resize(np.array(RADII_KM), n)


def recipe_rings(lat: np.ndarray, lon: np.ndarray, radius_km: np.ndarray) -> list[shapely.Geometry]:
    """The per-ring geopandas recipe, 104 vertices per ring (``quad_segs=26``)."""
    return [aeqd_buffer(float(a), float(o), float(r), 26) for a, o, r in zip(lat, lon, radius_km, strict=True)]


def plain_fwd(lat: np.ndarray, lon: np.ndarray, radius_km: np.ndarray, n_vertices: int = 103) -> np.ndarray:
    """One vectorised ``Geod.fwd`` with a fixed vertex count, then ``shapely.polygons`` (no cut)."""
    n = lat.size
    az = np.tile(360.0 - np.arange(n_vertices) * (360.0 / n_vertices), n)
    rep = np.repeat
    x, y, _ = GEOD.fwd(rep(lon, n_vertices), rep(lat, n_vertices), az, rep(radius_km, n_vertices) * 1e3)
    shells = shapely.linearrings(np.column_stack([x, y]), indices=np.repeat(np.arange(n), n_vertices))
    return np.asarray(shapely.polygons(shells))


@dataclass
class SpeedRow:
    """Ring-speed timings for one workload and size."""

    workload: str
    n: int
    georange: Timing
    recipe: Timing
    recipe_note: str
    plain: Timing
    special: int


def special_count(geoms: np.ndarray) -> int:
    """Rings that cross ±180° or enclose a pole (the ones georange cuts, one by one)."""
    return int(special_mask(geoms).sum())


def special_mask(geoms: np.ndarray) -> np.ndarray:
    """Which rings cross ±180° or enclose a pole: a MultiPolygon, or a vertex on ±180° or a pole."""
    return np.array(
        [
            g.geom_type == "MultiPolygon" or bool((np.abs(shapely.get_coordinates(g)) == [180.0, 90.0]).any())
            for g in geoms
        ],
        dtype=bool,
    )


@dataclass(frozen=True)
class CutBreakdown:
    """``geodesy.rings`` on §2's first global centres: all rings, the cut ones alone and the others alone."""

    n: int
    n_special: int
    total: Timing
    special: Timing
    rest: Timing


def cut_breakdown(n: int, reps: int) -> CutBreakdown:
    """Time ``geodesy.rings`` on ``n`` global rings, then on the ones it cuts and on the others, apart."""
    lat, lon = random_sites(n, seed=SEED + 1)  # §2's first global repetition
    r = radii(n)
    cut = special_mask(geodesy.rings(lat=lat, lon=lon, radius_km=r))
    timed = compare(
        {
            "total": lambda: geodesy.rings(lat=lat, lon=lon, radius_km=r),
            "special": lambda: geodesy.rings(lat=lat[cut], lon=lon[cut], radius_km=r[cut]),
            "rest": lambda: geodesy.rings(lat=lat[~cut], lon=lon[~cut], radius_km=r[~cut]),
        },
        reps,
    )
    return CutBreakdown(n, int(cut.sum()), timed["total"], timed["special"], timed["rest"])


def ring_speed(sizes: tuple[int, ...], recipe_max: int, reps: int, big_reps: int) -> list[SpeedRow]:
    """Time each size (and ``recipe_max``); the recipe beyond ``recipe_max`` rings is extrapolated linearly.

    Every repetition draws new centres (seed + repetition), the same for all
    three contenders: pyproj caches recently built transformers, so repeating
    the same few centres would flatter the recipe.
    """
    rows = []
    for workload, make in WORKLOADS.items():
        recipe_at_max: Timing | None = None
        for n in sorted({*sizes, recipe_max}):
            r = radii(n)
            timed = {"georange": Timing(), "plain": Timing(), "recipe": Timing()}
            run_recipe = n <= recipe_max
            for rep in range(-1, big_reps if n >= 1000 else reps):  # rep -1: untimed warm-up
                if rep < 0 and n >= 1000:
                    continue
                lat, lon = make(n, seed=SEED + 1 + rep)
                calls: dict[str, Callable[[], Any]] = {
                    "georange": lambda lat=lat, lon=lon, r=r: geodesy.rings(lat=lat, lon=lon, radius_km=r),
                    "plain": lambda lat=lat, lon=lon, r=r: plain_fwd(lat, lon, r),
                }
                if run_recipe:
                    calls["recipe"] = lambda lat=lat, lon=lon, r=r: recipe_rings(lat, lon, r)
                for name, fn in calls.items():
                    seconds, result = time_call(fn)
                    if rep >= 0:
                        timed[name].samples.append(seconds)
                        timed[name].result = result
            note = "measured"
            if n == recipe_max:
                recipe_at_max = timed["recipe"]
            if not run_recipe:
                assert recipe_at_max is not None
                scale = n / recipe_max
                timed["recipe"] = Timing([s * scale for s in recipe_at_max.samples])
                note = f"extrapolated ×{scale:g} from {recipe_max:,}"
            special = special_count(timed["georange"].result)
            rows.append(SpeedRow(workload, n, timed["georange"], timed["recipe"], note, timed["plain"], special))
    return rows


# --------------------------------------------------------------------------- coverage


@dataclass
class CoverageResult:
    """Coverage timings and the disagreements between the two methods."""

    n_cities: int
    min_population: int
    n_rings: int
    timings: dict[str, Timing]
    georange_hits: int
    sjoin_hits: int
    only_georange: pd.DataFrame
    only_sjoin: pd.DataFrame


_COLD_CITIES = (
    "import sys, time; from georange import gazetteer; start = time.perf_counter(); "
    "gazetteer.cities(int(sys.argv[1])); print(time.perf_counter() - start)"
)


def cold_cities(min_population: int, reps: int) -> Timing:
    """``gazetteer.cities`` read cold: its first call in a fresh process, after ``import georange``."""
    timing = Timing()
    for _ in range(reps):
        argv = [sys.executable, "-c", _COLD_CITIES, str(min_population)]
        done = subprocess.run(argv, capture_output=True, text=True, check=True)
        timing.samples.append(float(done.stdout.strip().splitlines()[-1]))
    return timing


def site_city_km(scn: georange.Scenario, table: pd.DataFrame) -> np.ndarray:
    """Geodesic km from every site (rows) to every city (columns): one ``Geod.inv`` over all pairs."""
    n_sites, n_cities = len(scn.sites), len(table)
    _, _, dist = GEOD.inv(
        np.tile(table["lon"].to_numpy(), n_sites),
        np.tile(table["lat"].to_numpy(), n_sites),
        np.repeat([s.lon for s in scn.sites], n_cities),
        np.repeat([s.lat for s in scn.sites], n_cities),
    )
    return np.asarray(dist).reshape(n_sites, n_cities) / 1000.0


def exact_test(scn: georange.Scenario, table: pd.DataFrame) -> list[np.ndarray]:
    """The bare exact test: one vectorised ``Geod.inv`` per site x city, then distance <= radius per ring."""
    dist = site_city_km(scn, table)
    return [
        dist[i] <= scn.system(sid).max_range.km for i, site in enumerate(scn.sites) for sid in scn.site_systems[site.id]
    ]


def coverage(reps: int, min_population: int = 1000) -> CoverageResult:
    scn = georange.load_scenario()
    feats = scenario_features(scn)
    is_max_ring = (feats["feature_type"] == "ring") & (feats["kind"] == "max")
    ring_polys = feats[is_max_ring][["site_id", "system_id", "geometry"]]
    table = gazetteer.cities(min_population)

    def points(tbl: pd.DataFrame) -> gpd.GeoDataFrame:
        return gpd.GeoDataFrame(tbl, geometry=gpd.points_from_xy(tbl["lon"], tbl["lat"]), crs="EPSG:4326")

    pts = points(table)

    def sjoin(p: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        return gpd.sjoin(p, ring_polys, predicate="intersects", how="inner")

    timings = compare(
        {
            "georange exact test (bare)": lambda: exact_test(scn, table),
            "georange cities_in_range": lambda: proximity.cities_in_range(
                scn, min_population=min_population, cities=table
            ),
            "geopandas sjoin": lambda: sjoin(pts),
            "geopandas points + sjoin": lambda: sjoin(points(table)),
        },
        reps,
    )
    timings["read the city table cold"] = cold_cities(min_population, max(1, reps // 2))
    hits = proximity.cities_in_range(scn, min_population=min_population, cities=table)
    joined = sjoin(pts)
    key = ["site_id", "system_id", "geonameid"]
    a = hits[key].assign(_g=True)
    b = joined[key].assign(_s=True)
    both = a.merge(b, on=key, how="outer")
    only_g = both[both["_s"].isna()][key]
    only_s = both[both["_g"].isna()][key]
    return CoverageResult(len(table), min_population, len(ring_polys), timings, len(hits), len(joined), only_g, only_s)


def disagreement_detail(
    res: CoverageResult, scn: georange.Scenario, table: pd.DataFrame
) -> list[tuple[str, int, float, float, float]]:
    """Per side: count, and the largest |distance - radius| of the disagreeing cities (m, % of radius)."""
    out = []
    by_id = table.set_index("geonameid")
    lat_of = {s.id: s.lat for s in scn.sites}
    lon_of = {s.id: s.lon for s in scn.sites}
    for label, frame in (("inside by georange, outside by sjoin", res.only_georange), ("the reverse", res.only_sjoin)):
        if frame.empty:
            out.append((label, 0, math.nan, math.nan, math.nan))
            continue
        cities = by_id.loc[frame["geonameid"]]
        radius = np.array([scn.system(s).max_range.km for s in frame["system_id"]]) * 1e3
        _, _, d = GEOD.inv(
            [lon_of[s] for s in frame["site_id"]],
            [lat_of[s] for s in frame["site_id"]],
            cities["lon"].to_numpy(),
            cities["lat"].to_numpy(),
        )
        gap = np.abs(np.asarray(d) - radius)
        out.append((label, len(frame), float(gap.max()), float((gap / radius).max()), float(radius.min() / 1e3)))
    return out


# --------------------------------------------------------------------------- the spherical prefilter


def sphere_vs_geodesic(scn: georange.Scenario, table: pd.DataFrame) -> float:
    """Largest relative difference between the great-circle distance on the sphere and the WGS84 one, all pairs."""
    dist = site_city_km(scn, table)
    worst = 0.0
    lat2, lon2 = np.radians(table["lat"].to_numpy()), np.radians(table["lon"].to_numpy())
    for i, site in enumerate(scn.sites):
        lat1, lon1 = math.radians(site.lat), math.radians(site.lon)
        h = np.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        approx = 2.0 * SPHERE_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))  # haversine
        ok = dist[i] > 1.0
        worst = max(worst, float(np.max(np.abs(approx[ok] - dist[i][ok]) / dist[i][ok])))
    return worst


def exact_pairs(fn: Callable[[], Any]) -> tuple[Any, int]:
    """Call ``fn`` and count the (site, city) pairs it sends to ``geodesy.distance_km`` (``Geod.inv``)."""
    original = geodesy.distance_km
    count = 0

    def counting(**kwargs: Any) -> Any:
        nonlocal count
        count += int(np.size(kwargs["lat2"]))
        return original(**kwargs)

    geodesy.distance_km = counting  # type: ignore[assignment]
    try:
        return fn(), count
    finally:
        geodesy.distance_km = original  # type: ignore[assignment]


def same_hits(scn: georange.Scenario, table: pd.DataFrame, hits: pd.DataFrame) -> bool:
    """Whether ``cities_in_range``'s (site, system, city) triples are exactly the all-pairs test's."""
    masks = exact_test(scn, table)
    ids = table["geonameid"].to_numpy()
    rings = [(site.id, sid) for site in scn.sites for sid in scn.site_systems[site.id]]
    expected = {(s, y, int(g)) for (s, y), mask in zip(rings, masks, strict=True) for g in ids[mask]}
    found = set(zip(hits["site_id"], hits["system_id"], hits["geonameid"].astype(int), strict=True))
    return expected == found

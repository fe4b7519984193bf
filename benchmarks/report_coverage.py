"""Section 3 of the README: coverage speed and correctness, georange's exact test against a geopandas join."""

# The README's prose uses typographic characters (plus-minus, times, dashes) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import speed
from _bench import fmt_m, fmt_pct, fmt_ratio, fmt_s, table, verdict
from _context import Config, Context, Section

import georange
from georange import gazetteer, geodesy, proximity

TITLE = "coverage"


def run(ctx: Context) -> Section:
    """Measure (``speed.coverage``) and write the section."""
    return coverage_section(speed.coverage(ctx.cfg.coverage_reps, ctx.cfg.coverage_cities), ctx.cfg)


def coverage_section(res: speed.CoverageResult, cfg: Config) -> Section:
    """The section's Markdown and its summary row, from the coverage timings."""
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
        "read the city table cold": f"read `{dataset}` cold: `gazetteer.cities`, first call in a fresh process",
    }
    rows = [[labels[name], fmt_s(v.median), v.spread] for name, v in res.timings.items()]
    detail = speed.disagreement_detail(res, scn, cities)
    hits, n_exact = speed.exact_pairs(
        lambda: proximity.cities_in_range(scn, min_population=res.min_population, cities=cities)
    )
    same = speed.same_hits(scn, cities, hits)
    n_pairs = res.n_cities * len(scn.sites)
    worst_sphere = speed.sphere_vs_geodesic(scn, cities)
    test_only = t["georange cities_in_range"]
    cold = t["read the city table cold"]
    loaded = cold + test_only
    joined_cold = cold + t["geopandas points + sjoin"]
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
with the points GeoDataFrame built beforehand or included. *Read cold*: the first `gazetteer.cities` call in a fresh
process (after `import georange`), which both need; its cost is the startup section's concern, it is shown here only
to put the test in proportion. Medians of {cfg.coverage_reps} runs ({max(1, cfg.coverage_reps // 2)} when reading
cold).

{table(["step", "median", "spread"], rows, "lrr")}

- Target: the georange test under 1 s: {fmt_s(test_only)}, {verdict(met)}. With the table read cold: {fmt_s(loaded)}.
- Side by side: {versus_join_text}; reading the table cold,
  {fmt_s(loaded)} against {fmt_s(joined_cold)} (the sums): the shared read takes {fmt_s(cold)} of either.
- Results: georange finds {res.georange_hits:,} (city, ring) pairs, the join {res.sjoin_hits:,}; {n_dis:,} disagree:

{table(["disagreement", "pairs", "largest distance from the circle", "% of radius"], dis_rows)}

{why} None comes from the antimeridian or a pole: no ring of the default scenario reaches either (a join against rings
that cross ±180° uncut, as the AEQD recipe makes them, would be wrong by whole hemispheres, see §1).
{gap}
**Implemented in this version: the spherical prefilter** (the previous version's recommendation here).
`cities_in_range` no longer computes a sites × cities distance matrix: per site, the great-circle distance on the
mean-radius sphere (haversine) bounds the WGS84 distance with a margin (over these pairs the two differ by at most
{fmt_pct(worst_sphere)}, by the benchmark's own haversine), every city whose lower bound
is beyond the site's largest radius is left out, and `Geod.inv` gives the exact distance of the rest, which the table
reports: {n_exact:,} of the {n_pairs:,} site × city pairs. The test takes {fmt_s(test_only)} against
{fmt_s(all_pairs)} for the all-pairs test alone ({fmt_ratio(all_pairs / test_only)} faster, table included), with the
same (site, system, city) hits: {"yes" if same else "**no**"}; its memory no longer grows with sites × cities (the
last section measures both on many sites). `coverage`, which only counts, runs `Geod.inv` only for the cities whose
bounds straddle a radius.
"""
    summary = [
        f"3. Coverage: {res.n_cities:,} cities × {res.n_rings} rings, exact test (+ table read cold)",
        f"{fmt_s(test_only)} ({fmt_s(loaded)})",
        f"sjoin {fmt_s(t['geopandas sjoin'])} ({fmt_s(joined_cold)})",
        f"{short} than sjoin; {n_dis} disagreements, "
        f"{'all' if within else '**not all**'} within {fmt_pct(worst_rel)} of r from the circle; all-pairs test "
        f"(before this version) {fmt_s(all_pairs)}",
        "georange test < 1 s",
        verdict(met),
    ]
    return text, [summary]

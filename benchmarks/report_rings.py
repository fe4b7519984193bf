"""Section 2 of the README: ring speed against the per-ring geopandas recipe and plain ``Geod.fwd`` (``speed.py``)."""

# The README's prose uses typographic characters (plus-minus, times, dashes) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import speed
from _bench import fmt_ratio, fmt_s, table, verdict
from _context import Config, Context, Section

TITLE = "rings"


def run(ctx: Context) -> Section:
    """Measure (``speed.ring_speed``, ``speed.cut_breakdown``) and write the section."""
    cfg = ctx.cfg
    rows = speed.ring_speed(cfg.ring_sizes, cfg.recipe_max, cfg.reps, cfg.big_reps)
    return rings_section(rows, cfg, speed.cut_breakdown(max(cfg.ring_sizes), cfg.big_reps))


def rings_section(rows: list[speed.SpeedRow], cfg: Config, cut: speed.CutBreakdown) -> Section:
    """The section's Markdown and its summary row, from the ring timings and the cut breakdown."""
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
    total, special, rest = cut.total.median, cut.special.median, cut.rest.median
    n_rest = cut.n - cut.n_special
    per_special = special / max(cut.n_special, 1)
    per_rest = rest / max(n_rest, 1)
    uncut_cost = per_rest * cut.n  # every ring at the cost of an uncut one
    where = f"""Where the global rings' time goes, from `geodesy.rings` on the {cut.n:,} global rings of §2's first
repetition ({fmt_s(total)} in all, medians of {len(cut.total.samples)} runs; the same number of regional rings, none
cut, take {fmt_s(top["regional"].georange.median * cut.n / biggest)}), split into the {cut.n_special:,} rings that cross
±180° or enclose a pole and the other {n_rest:,}, each set timed alone: the cut rings take {fmt_s(special)}
({fmt_s(per_special)} a ring), the others {fmt_s(rest)} ({fmt_s(per_rest)} a ring), so a cut ring costs
{fmt_ratio(per_special / per_rest)} an uncut one. georange cuts them natively since this version (each vertex loop
split at its jumps across ±180°, each cut point solved on the circle with `Geod.fwd`; the last section measures it
against the `antimeridian` package it replaced)."""
    if not met["global"]:
        gap = f"""
**Target missed** for global rings. {where} If every ring cost what an uncut one does, the call would take about
{fmt_s(uncut_cost)}, i.e. {fmt_ratio(recipe_big / uncut_cost)} against the recipe (arithmetic on the timings above,
not a measurement). What would close the gap, not measured here: solve each crossing in fewer steps (a secant or
Newton step on the azimuth instead of bisection), and build the cut rings' polygons with vectorised shapely calls
instead of one ring at a time.
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

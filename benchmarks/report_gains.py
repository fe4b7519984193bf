"""The README's last section: what this version's changes gained, and what each candidate fix would gain.

The previous code is re-created in ``previous.py``; the candidate fixes are
``whatif.py``'s patches; ``gains.py`` measures both.
"""

# The README's prose uses typographic characters (plus-minus, times, dashes) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import gains
from _bench import fmt_m, fmt_pct, fmt_ratio, fmt_s, table
from _context import Context, Section, log

TITLE = "gains"


def run(ctx: Context) -> Section:
    """Measure (``gains.py``) and write the section; it has no row in the summary table."""
    return gains_section(ctx), []


def gains_section(ctx: Context) -> str:
    """The section's Markdown."""
    cfg = ctx.cfg
    scenario, few = ctx.scenario(cfg.export_sites), ctx.scenario(cfg.few_sites)
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
            "`geodesy.rings`",
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
previous code is `previous.rings`, rebuilt from public pieces: the same vertices (`geodesy.ring_vertices`), the poles a
disc encloses by `Geod.inv`, and `antimeridian.fix_polygon` called as before the change."""
    log("gains: each candidate fix alone")
    rows = []
    for g in gains.measure(few, ctx.whatif_cache, cfg.gains_reps):
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
and 2,500 km, and on the ring cut), with the answers compared; one untimed call of each first, so both versions'
transformer caches are warm. Exact proximity by pruning (spherical bounds that rule out most of the exact work;
per-site loops instead of a sites × cities matrix) was the previous version's recommendation; the native cut at ±180°
and libyaml's parser were the previous run's what-ifs (§2 and §5). Only public calls are timed, so the changes inside
private helpers (the pipeline transformer, the numpy `geometry_json`) show only in the calls that use them.

{table(done_header, done_rows, "lllrrrl")}

{peak_note}

{cut_note}

### Still open: what each candidate fix would gain

Each candidate change to `src/`, measured alone and in process: the call as georange makes it now, and the same call
with the change patched in at run time (`whatif.py`; nothing in `src/` is modified), alternating, medians of
{cfg.gains_reps} runs, with a check that the result is the same (identical, or equal but for the last bits of a
float, which the rounded HTML and exports do not show). Section 6 measures the patches together on a whole process.
Loading the shipped geodata (the city table, the outlines) is not patched here: it is a startup concern.

{table(header, rows, "lllrrrl")}

Further change, not patched here: import `georange.export` (fastkml, pygeoif, arrow) and `georange.render.html_map`
(folium, branca) lazily from `georange/__init__.py` (PEP 562 `__getattr__`), so `validate`, `schema`, `distances` and
`export` stop paying for them (§6's import table).
"""

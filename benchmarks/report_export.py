"""Section 5 of the README: ``georange export`` end to end against a geopandas script (``end_to_end.py``)."""

# The README's prose uses typographic characters (plus-minus, times, dashes) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

from typing import Any

import _bench
import end_to_end
import speed
from _bench import fmt_bytes, fmt_pct, fmt_ratio, fmt_s, phase_rows, shown, table, verdict
from _context import Config, Context, Section

TITLE = "export"


def run(ctx: Context) -> Section:
    """Measure (``end_to_end.export``) and write the section."""
    cfg = ctx.cfg
    res = end_to_end.export(ctx.tmp, cfg.export_sites, cfg.export_reps, warmup=cfg.warmup, phase_reps=cfg.phase_reps)
    return export_section(res, cfg)


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

{table(["phase", "median", "share"], phase_rows(ph))}
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

"""The README's large scenario: 1,000 sites x 4 systems, time and peak memory of every command."""

# The README's prose uses typographic characters (plus-minus, times, dashes) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

from pathlib import Path
from typing import Any

import _bench
import end_to_end
import speed
from _bench import fmt_pct, fmt_s, shown, table
from _context import Config, Context, Section, log

TITLE = "large"


def run(ctx: Context) -> Section:
    """Run every command on the large scenario (``end_to_end.large``) and write the section."""
    cfg = ctx.cfg
    log(f"large scenario: {cfg.large_sites:,} sites, {', '.join(cfg.large_workloads)}")
    res = end_to_end.large(ctx.tmp, cfg.large_sites, cfg.large_timeout, cfg.large_workloads, cfg.large_jobs)
    return large_section(res, cfg)


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

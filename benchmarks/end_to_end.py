"""Whole-process comparisons: export, render, their profiles, the large scenario and the render what-if.

Every contender runs as a fresh child process (``os.wait4`` gives its wall
time and its own peak RSS); contenders alternate, after one untimed warm-up
run each so the page cache is warm for all.
"""

from __future__ import annotations

import json
import math
import pstats
import re
import statistics
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
import yaml
from _bench import (
    HERE,
    ProcessRun,
    checked,
    compare_processes,
    georange_command,
    run_process,
)
from speed import SEED, WORKLOADS, random_sites, special_count

from georange.layers import scenario_features
from georange.loading import load_scenario

PY = sys.executable
WHATIF = str(HERE / "whatif.py")
RENDER_PATCHES = "unions"
SOURCE = {
    "title": "georange benchmark: random placement",
    "publisher": "georange benchmarks",
    "url": "https://example.org/georange/benchmarks",
    "accessed": "2026-01-01",
}


def inline_sites(lat: np.ndarray, lon: np.ndarray) -> list[dict[str, Any]]:
    """Hypothetical sites at the given places, each citing the benchmark's placement source."""
    return [
        {
            "id": f"site-{i:04d}",
            "name": f"Random site {i}",
            "lat": float(a),
            "lon": float(o),
            "basis": "hypothetical",
            "estimate": True,
            "sources": [SOURCE],
        }
        for i, (a, o) in enumerate(zip(lat, lon, strict=True))
    ]


def write_scenario(path: Path, n_sites: int) -> None:
    """A scenario with ``n_sites`` inline random sites and two inline systems (300 and 2,500 km), all cited."""
    lat, lon = random_sites(n_sites)

    def system(km: int) -> dict[str, Any]:
        return {
            "id": f"system-{km}",
            "name": f"Benchmark system {km:,} km",
            "category": "benchmark",
            "ranges": [{"kind": "max", "km": km, "estimate": True, "sources": [SOURCE]}],
        }

    data = {
        "id": "benchmark",
        "title": f"Benchmark: {n_sites:,} random hypothetical sites x 2 systems",
        "systems": [system(300), system(2500)],
        "sites": inline_sites(lat, lon),
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def build_whatif_caches(cache: Path) -> None:
    """Write what ``whatif.py``'s patches read (``whatif.py --build-caches``), in a child process."""
    argv = [PY, WHATIF, "--build-caches", "--cache", str(cache)]
    checked(run_process(argv, cwd=cache.parent), "whatif caches")


def phases(args: list[str], reps: int, cwd: Path) -> dict[str, float]:
    """Medians over ``reps`` fresh processes of ``phases.py`` (phase name -> seconds)."""
    samples: dict[str, list[float]] = {}
    for _ in range(reps):
        run = checked(run_process([PY, str(HERE / "phases.py"), *args], cwd=cwd), "phases")
        for name, seconds in json.loads(run.stdout).items():
            samples.setdefault(name, []).append(seconds)
    return {name: statistics.median(values) for name, values in samples.items()}


# --------------------------------------------------------------------------- export


@dataclass
class ExportResult:
    """Export runs, output sizes and how many of the recipe's rings are wrong."""

    commands: dict[str, list[str]]
    runs: dict[str, list[ProcessRun]]
    bytes_out: dict[str, int]
    rings: int
    recipe_invalid: int
    recipe_wrong: int
    georange_invalid: int
    phases: dict[str, float] = field(default_factory=dict)


def _ring_table(path: Path, georange_format: bool) -> gpd.GeoDataFrame:
    frame = gpd.read_file(path)
    if georange_format:
        frame = frame[(frame["feature_type"] == "ring") & (frame["kind"] == "max")]
    return frame.set_index(["site_id", "system_id"]).sort_index()


def export(tmp: Path, n_sites: int, reps: int, *, warmup: bool, phase_reps: int) -> ExportResult:
    scenario = tmp / f"scenario-{n_sites}.yaml"
    write_scenario(scenario, n_sites)
    out = {name: tmp / f"export-{name}.geojson" for name in ("georange", "recipe")}
    commands = {
        "georange": [*georange_command(), "export", str(scenario), "--format", "geojson", "-o", str(out["georange"])],
        "recipe": [PY, str(HERE / "geopandas_export.py"), str(scenario), str(out["recipe"])],
    }
    runs = compare_processes(commands, reps, cwd=tmp, warmup=warmup)
    ours = _ring_table(out["georange"], True)
    theirs = _ring_table(out["recipe"], False).reindex(ours.index)
    truth = ours.geometry.values
    recipe = shapely.make_valid(theirs.geometry.values)
    with np.errstate(invalid="ignore", divide="ignore"):
        mismatch = shapely.area(shapely.symmetric_difference(truth, recipe)) / shapely.area(truth)
    return ExportResult(
        commands=commands,
        runs=runs,
        bytes_out={name: path.stat().st_size for name, path in out.items()},
        rings=len(ours),
        recipe_invalid=int((~shapely.is_valid(theirs.geometry.values)).sum()),
        recipe_wrong=int((mismatch > 0.01).sum()),
        georange_invalid=int((~shapely.is_valid(truth)).sum()),
        phases=phases(["export", str(scenario), str(tmp / "phases.geojson")], phase_reps, tmp),
    )


# --------------------------------------------------------------------------- render


@dataclass
class RenderResult:
    """Render runs against the bare import, with the phase breakdown, profile and import costs."""

    commands: dict[str, list[str]]
    runs: dict[str, list[ProcessRun]]
    identical_whatif: bool
    phases: dict[str, float] = field(default_factory=dict)
    phase_runs: int = 0
    profile_cumulative: list[tuple[str, int, float, float]] = field(default_factory=list)
    profile_self: list[tuple[str, int, float, float]] = field(default_factory=list)
    profile_total: float = math.nan
    extra_imports: list[tuple[str, float]] = field(default_factory=list)
    extra_import_total: float = math.nan


IMPORT_DEPS = "import geopandas, folium, pyproj, shapely"


def render(tmp: Path, reps: int, cache: Path, phase_reps: int, *, warmup: bool) -> RenderResult:
    out = {name: tmp / f"render-{name}.html" for name in ("georange", "whatif")}
    commands = {
        "python -c pass": [PY, "-c", "pass"],
        "import": [PY, "-c", IMPORT_DEPS],
        "georange": [*georange_command(), "render", "-o", str(out["georange"])],
        "whatif": [
            *(PY, WHATIF, "--patch", RENDER_PATCHES, "--cache", str(cache)),
            *("--", "render", "-o", str(out["whatif"])),
        ],
    }
    runs = compare_processes(commands, reps, cwd=tmp, warmup=warmup)
    result = RenderResult(commands, runs, out["georange"].read_bytes() == out["whatif"].read_bytes())
    result.phases = phases(["render", str(tmp / "phases.html")], phase_reps, tmp)
    result.phase_runs = phase_reps
    _profile(tmp, result)
    _import_costs(tmp, result)
    return result


def _short(func: tuple[str, int, str]) -> str:
    path, line, name = func
    for marker in ("/site-packages/", "/src/", "/lib/python"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    if path.startswith("3.") and "/" in path:  # the standard library
        path = path.split("/", 1)[1]
    return f"`{path}:{line}` {name}" if line else f"`{name}`"


def _profile(tmp: Path, result: RenderResult, top: int = 15) -> None:
    prof = tmp / "render.prof"
    argv = [PY, "-m", "cProfile", "-o", str(prof), georange_command()[-1], "render", "-o", str(tmp / "profiled.html")]
    if georange_command()[0] == PY:  # no console script: profile the module
        argv = [PY, "-m", "cProfile", "-o", str(prof), "-m", "georange", "render", "-o", str(tmp / "profiled.html")]
    checked(run_process(argv, cwd=tmp), "cProfile render")
    stats = pstats.Stats(str(prof))
    entries = stats.stats  # type: ignore[attr-defined]
    result.profile_total = max(v[3] for v in entries.values())
    ours = [
        (_short(func), v[1], v[2], v[3])
        for func, v in entries.items()
        if "/georange/" in func[0] and "/benchmarks/" not in func[0]
    ]
    ours.sort(key=lambda r: -r[3])
    skip = ("cli.py", "__main__.py", "core.py")
    result.profile_cumulative = [r for r in ours if not any(s in r[0] for s in skip)][:top]
    everything = [(_short(func), v[1], v[2], v[3]) for func, v in entries.items()]
    everything.sort(key=lambda r: -r[2])
    result.profile_self = everything[:top]


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def _import_self_times(code: str, tmp: Path) -> dict[str, float]:
    run = checked(run_process([PY, "-X", "importtime", "-c", code], cwd=tmp), "importtime")
    out = {}
    for line in run.stderr.splitlines():
        m = _IMPORT_LINE.match(line)
        if m:
            out[m.group(4)] = int(m.group(1)) / 1e6
    return out


def _import_costs(tmp: Path, result: RenderResult) -> None:
    """Import time of the modules ``georange render`` loads beyond the four dependencies, by package."""
    deps = _import_self_times(IMPORT_DEPS, tmp)
    ours = _import_self_times("import georange.cli, georange.render.html_map", tmp)
    by_package: dict[str, float] = {}
    for module, seconds in ours.items():
        if module not in deps:
            top = module.split(".")[0]
            by_package[top] = by_package.get(top, 0.0) + seconds
    result.extra_imports = sorted(by_package.items(), key=lambda kv: -kv[1])
    result.extra_import_total = sum(by_package.values())


# --------------------------------------------------------------------------- large scenario

#: The four catalogue systems of the built-in scenario, by id (bands from the sources' spans come with them).
LARGE_SYSTEMS = ("pantsir-s1", "buk-m2", "kalibr-3m14", "oreshnik")
LARGE_PLACES = ("key-west", "miami", "washington", "havana")
LARGE_REFERENCES = ("cuba-key-west",)
#: How the large scenario's sites are placed: ``speed.random_sites`` (worst case) and ``speed.regional_sites``.
LARGE_WORKLOADS = ("global", "regional")


def write_large_scenario(path: Path, n_sites: int, workload: str) -> None:
    """``n_sites`` inline hypothetical sites (cited) x the four catalogue systems, with places and a reference."""
    lat, lon = WORKLOADS[workload](n_sites, seed=SEED)
    data = {
        "id": f"large-{workload}",
        "title": f"Benchmark: {n_sites:,} {workload} hypothetical sites x {len(LARGE_SYSTEMS)} catalogue systems",
        "systems": list(LARGE_SYSTEMS),
        "sites": inline_sites(lat, lon),
        "places": list(LARGE_PLACES),
        "references": list(LARGE_REFERENCES),
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@dataclass
class LargeRun:
    """One command on one workload: the child process and the size of what it wrote (file or stdout)."""

    command: list[str]
    run: ProcessRun
    output_bytes: int | None


@dataclass
class LargeResult:
    """The large scenario: its files, the validation, and one run of each command per workload."""

    n_sites: int
    scenarios: dict[str, Path]
    scenario_bytes: dict[str, int]
    rings: dict[str, int]
    crossing: dict[str, int]
    validate: ProcessRun
    validate_command: list[str]
    runs: dict[str, dict[str, LargeRun]] = field(default_factory=dict)


#: Command label -> (georange arguments before the scenario, arguments after it, output file suffix or None).
LARGE_COMMANDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str | None]] = {
    "render (HTML map)": (("render",), ("-o", "{out}"), "html"),
    "export -f geojson": (("export",), ("-f", "geojson", "-o", "{out}"), "geojson"),
    "export -f kml": (("export",), ("-f", "kml", "-o", "{out}"), "kml"),
    "export -f csv": (("export",), ("-f", "csv", "-o", "{out}"), "csv"),
    "distances (table)": (("distances",), (), None),
    "coverage (table)": (("coverage",), (), None),
}


def _ring_counts(scenario: Path) -> tuple[int, int]:
    """``max`` rings of the scenario, and how many of them cross ±180° or enclose a pole."""
    feats = scenario_features(load_scenario(scenario))
    rings = feats[(feats["feature_type"] == "ring") & (feats["kind"] == "max")]
    return len(rings), special_count(rings.geometry.values)


def large(
    tmp: Path, n_sites: int, timeout: float, workloads: tuple[str, ...] = LARGE_WORKLOADS, jobs: int = 1
) -> LargeResult:
    """Write the workloads' scenarios, validate the first, then run each command once per workload.

    Child processes, one at a time (``jobs=1``) so none disturbs another's
    timing; the quick smoke run uses two at a time.
    """
    g = georange_command()
    scenarios = {w: tmp / f"large-{w}-{n_sites}.yaml" for w in workloads}
    for workload, path in scenarios.items():
        write_large_scenario(path, n_sites, workload)
    counts = {w: _ring_counts(p) for w, p in scenarios.items()}
    validate_command = [*g, "validate", str(scenarios[workloads[0]])]
    jobs_argv: list[tuple[str, str, list[str], Path | None]] = []
    for workload, scenario in scenarios.items():
        for label, (before, after, suffix) in LARGE_COMMANDS.items():
            out = tmp / f"large-{workload}.{suffix}" if suffix else None
            argv = [*g, *before, str(scenario), *(a.format(out=out) for a in after)]
            jobs_argv.append((workload, label, argv, out))

    def one(job: tuple[str, str, list[str], Path | None]) -> LargeRun:
        _, _, argv, out = job
        run = run_process(argv, cwd=tmp, timeout=timeout)
        size = out.stat().st_size if out is not None and out.exists() else None
        if out is None and run.returncode == 0:
            size = len(run.stdout.encode("utf-8"))
        if out is not None:
            out.unlink(missing_ok=True)
        return LargeRun(argv, run, size)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        validated = pool.submit(run_process, validate_command, cwd=tmp, timeout=timeout)
        done = list(pool.map(one, jobs_argv))
    result = LargeResult(
        n_sites=n_sites,
        scenarios=scenarios,
        scenario_bytes={w: p.stat().st_size for w, p in scenarios.items()},
        rings={w: c[0] for w, c in counts.items()},
        crossing={w: c[1] for w, c in counts.items()},
        validate=validated.result(),
        validate_command=validate_command,
    )
    for (workload, label, _, _), large_run in zip(jobs_argv, done, strict=True):
        result.runs.setdefault(workload, {})[label] = large_run
    return result

"""Start-up time: georange's commands beside the bare import of its heavy libraries.

Run from the repository root, with the environment georange is installed in::

    python benchmarks/startup.py            # prints a markdown table
    python benchmarks/startup.py --quick    # fewer repetitions

Every command runs in a fresh interpreter, the contenders alternating within
each repetition so that a busy machine slows all of them alike; the table
gives medians and each one's ratio to the bare
``python -c "import geopandas, folium, pyproj, shapely"``.  The issue's
targets: ``--help`` at most 0.25x, ``render`` at most 1.0x.  A second table
compares loading the shipped geodata from its packed binary twin with
parsing the JSON.  Measurement only: nothing here is a test.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BARE = "import geopandas, folium, pyproj, shapely"
TARGETS = {"georange --help": 0.25, "georange render": 1.0}


def _commands(out_dir: Path) -> dict[str, list[str]]:
    georange = [sys.executable, "-m", "georange"]
    return {
        f'python -c "{BARE}"': [sys.executable, "-c", BARE],
        "georange --help": [*georange, "--help"],
        "georange --version": [*georange, "--version"],
        "georange render": [*georange, "render", "-o", str(out_dir / "map.html")],
    }


def _seconds(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def command_medians(reps: int) -> dict[str, float]:
    """Median wall time of each command over ``reps`` alternating runs (after one warm-up each)."""
    with tempfile.TemporaryDirectory(prefix="georange-startup-") as tmp:
        commands = _commands(Path(tmp))
        for argv in commands.values():
            _seconds(argv)  # warm the file cache and the bytecode
        runs: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(reps):
            for name, argv in commands.items():
                runs[name].append(_seconds(argv))
    return {name: statistics.median(times) for name, times in runs.items()}


def _median_call(fn: Callable[[], object], reps: int) -> float:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def load_medians(reps: int) -> list[tuple[str, float, float]]:
    """(table, packed seconds, JSON seconds) for each shipped table, medians of ``reps`` loads."""
    from georange import gazetteer, naturalearth

    rows = []
    for layer in ("countries_detail", "countries_coarse"):
        packed = _median_call(lambda layer=layer: naturalearth.read_layer(layer), reps)
        parsed = _median_call(lambda layer=layer: naturalearth.read_layer_geojson(layer), reps)
        rows.append((f"Natural Earth {layer}", packed, parsed))
    for dataset in gazetteer.PACKED_DATASETS:
        packed = _median_call(lambda d=dataset: gazetteer.read_city_records(d), reps)
        parsed = _median_call(lambda d=dataset: gazetteer.read_city_records_json(d), reps)
        rows.append((f"GeoNames cities{dataset}", packed, parsed))
    return rows


def section(quick: bool) -> str:
    """The markdown section: command medians with ratios, then geodata load times."""
    return section_text(command_medians(3 if quick else 9), quick=quick)


def summary_rows(medians: dict[str, float]) -> list[list[str]]:
    """The README summary's rows: ``--help`` and ``render`` against the bare import, with the targets."""
    bare = medians[f'python -c "{BARE}"']
    rows = []
    for name, target in TARGETS.items():
        ratio = medians[name] / bare
        verdict = "met" if ratio <= target else "missed"
        rows.append(
            [
                f"Start-up: `{name}`",
                f"{medians[name]:.2f} s",
                f"bare import {bare:.2f} s",
                f"{ratio:.2f}x",
                f"at most {target:.2f}x",
                verdict,
            ]
        )
    return rows


def section_text(medians: dict[str, float], *, quick: bool) -> str:
    """The markdown section for already measured command medians."""
    reps = 3 if quick else 9
    bare = medians[f'python -c "{BARE}"']
    lines = [
        f"Medians of {reps} alternating runs, each in a fresh interpreter ({sys.executable}).",
        "",
        "| command | median | ratio to the bare import | target |",
        "| --- | ---: | ---: | --- |",
    ]
    for name, seconds in medians.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else f"at most {target:.2f}x: {'met' if seconds / bare <= target else 'missed'}"
        lines.append(f"| `{name}` | {seconds:.3f} s | {seconds / bare:.2f}x | {verdict} |")
    lines += ["", "| geodata table | packed binary | JSON | speed-up |", "| --- | ---: | ---: | ---: |"]
    for name, packed, parsed in load_medians(3 if quick else 5):
        lines.append(f"| {name} | {packed * 1000:.0f} ms | {parsed * 1000:.0f} ms | {parsed / packed:.1f}x |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the section as markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repetitions instead of 9")
    print(section(parser.parse_args(argv).quick), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())

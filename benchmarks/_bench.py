"""Shared helpers of the benchmark suite: timing, child processes, machine description, Markdown.

Every figure the suite reports is a median of several repetitions taken in the
same run; comparisons alternate the two contenders (A, B, A, B, ...) so a
burst of load on the shared machine hits both alike.
"""

# The README's prose uses typographic characters (plus-minus, times, dashes) on purpose.
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


# --------------------------------------------------------------------------- timing


@dataclass
class Timing:
    """Wall-clock samples of one measurement, in seconds."""

    samples: list[float] = field(default_factory=list)
    result: Any = field(default=None, repr=False)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def spread(self) -> str:
        """``min–max of n`` for the README."""
        if not self.samples:
            return "not run"
        return f"{fmt_s(min(self.samples))}–{fmt_s(max(self.samples))}, n={len(self.samples)}"


def time_call(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def compare(contenders: dict[str, Callable[[], Any]], reps: int, *, warmup: bool = True) -> dict[str, Timing]:
    """Time each contender ``reps`` times, interleaved, after one untimed warm-up call each."""
    out = {name: Timing() for name in contenders}
    if warmup:
        for fn in contenders.values():
            fn()
    for _ in range(reps):
        for name, fn in contenders.items():
            seconds, out[name].result = time_call(fn)
            out[name].samples.append(seconds)
    return out


# --------------------------------------------------------------------------- child processes


@dataclass
class ProcessRun:
    """One child process: wall time, peak resident memory, exit status and output."""

    seconds: float
    maxrss_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_process(
    argv: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 1800.0
) -> ProcessRun:
    """Run a child process to completion: wall time and its own peak RSS, via ``_launch.py``.

    The launcher is a tiny Python process that spawns the command and times it
    (so interpreter start-up of the launcher is not counted); measuring from
    here would report this large process's peak RSS, which a child inherits.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        launcher = [sys.executable, "-S", "-E", str(HERE / "_launch.py"), str(report)]
        proc = subprocess.Popen([*launcher, *argv], cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.terminate()  # the launcher kills the command
            proc.wait()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
        if not report.exists():
            return ProcessRun(math.nan, math.nan, proc.returncode or -1, stdout, stderr)
        data = json.loads(report.read_text())
        return ProcessRun(
            seconds=data["seconds"],
            maxrss_mb=data["maxrss_kb"] / 1024.0,  # kilobytes on Linux
            returncode=data["status"],
            stdout=stdout,
            stderr=stderr,
        )


def checked(run: ProcessRun, what: str) -> ProcessRun:
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed with status {run.returncode}:\n{run.stdout}\n{run.stderr}")
    return run


def compare_processes(
    commands: dict[str, Sequence[str]], reps: int, *, cwd: Path, warmup: bool = True
) -> dict[str, list[ProcessRun]]:
    """Run each command ``reps`` times, interleaved, after one untimed warm-up run each (page cache)."""
    out: dict[str, list[ProcessRun]] = {name: [] for name in commands}
    if warmup:
        for name, argv in commands.items():
            checked(run_process(argv, cwd=cwd), name)
    for _ in range(reps):
        for name, argv in commands.items():
            out[name].append(checked(run_process(argv, cwd=cwd), name))
    return out


def timing_of(runs: list[ProcessRun]) -> Timing:
    return Timing([r.seconds for r in runs])


def peak_mb(runs: list[ProcessRun]) -> float:
    return statistics.median(r.maxrss_mb for r in runs)


def georange_command() -> list[str]:
    """The ``georange`` console script of this interpreter's environment (or ``python -m georange``)."""
    script = Path(sys.executable).parent / "georange"
    return [str(script)] if script.exists() else [sys.executable, "-m", "georange"]


def shown(argv: Sequence[str]) -> str:
    """A command as the README shows it: the interpreter as ``python``, scripts by name."""
    words = []
    for word in argv:
        if word == sys.executable:
            words.append("python")
        elif word == str(Path(sys.executable).parent / "georange"):
            words.append("georange")
        elif os.sep in word:
            path = Path(word)
            words.append(str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name)
        else:
            words.append(word if " " not in word else repr(word))
    return " ".join(words)


# --------------------------------------------------------------------------- machine


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def machine_memory_mb() -> float:
    """Total memory of the machine, MB (NaN if unknown)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return math.nan


def machine_memory() -> str:
    """Total memory of the machine, as the Machine table shows it."""
    return _memory_gb()


def machine_cores() -> str:
    """Logical cores usable by this process, e.g. ``2 cores``."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 0)
    return f"{usable} cores"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> list[tuple[str, str]]:
    import pyproj
    import shapely

    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    libs = ", ".join(
        f"{name} {_version(name)}"
        for name in (
            "georange",
            "numpy",
            "pandas",
            "shapely",
            "pyproj",
            "geopandas",
            "pyogrio",
            "folium",
            "antimeridian",
        )
    )
    return [
        ("CPU", _cpu_model()),
        ("cores", f"{cores} logical ({usable} usable by this process)"),
        ("memory", _memory_gb()),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("libraries", libs),
        ("native libraries", f"GEOS {shapely.geos_version_string}, PROJ {pyproj.proj_version_str}"),
    ]


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


# --------------------------------------------------------------------------- Markdown


def table(header: Sequence[str], rows: Sequence[Sequence[Any]], align: str | None = None) -> str:
    """A Markdown table; ``align`` is one letter per column (``l`` or ``r``), numbers right by default."""
    if align is None:
        align = "l" + "r" * (len(header) - 1)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(rule) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def fmt_s(seconds: float) -> str:
    """Seconds with 3 significant figures (ms below 1 s)."""
    if not math.isfinite(seconds):
        return "n/a"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds:.3g} s"


def fmt_ratio(x: float) -> str:
    if not math.isfinite(x):
        return "n/a"
    return f"{x:.2f}×" if x < 10 else f"{x:.0f}×"


def fmt_m(metres: float) -> str:
    """Metres: scientific below 1 cm, thousands separators above."""
    if not math.isfinite(metres):
        return "n/a"
    if metres < 0.01:
        return f"{metres:.1e}"
    if metres < 100:
        return f"{metres:.2f}"
    return f"{metres:,.0f}"


def fmt_pct(fraction: float) -> str:
    if not math.isfinite(fraction):
        return "n/a"
    pct = 100.0 * fraction
    if pct < 1e-4:
        return f"{pct:.0e} %"
    if pct < 1:
        return f"{pct:.4f} %"
    return f"{pct:,.1f} %"


def fmt_bytes(n: int) -> str:
    return f"{n:,} B ({n / 1000:,.1f} KB)"


def verdict(met: bool) -> str:
    return "**met**" if met else "**missed**"


def phase_rows(phases: dict[str, float]) -> list[list[str]]:
    """Rows of a phase table: name, median and share of the total (``phases.py``'s timings)."""
    total = phases.get("total (this process, after interpreter start-up)", math.nan)
    return [[name, fmt_s(v), "" if name.startswith("total") else fmt_pct(v / total)] for name, v in phases.items()]

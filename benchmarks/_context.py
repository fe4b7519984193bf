"""What every section of the benchmark suite receives: the run's sizes, its temporary folder and a log.

A section is a module with ``TITLE`` (the name ``--only`` takes) and
``run(ctx: Context) -> Section``; ``run.py`` lists them in order.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import end_to_end

#: A section's result: its Markdown text and its rows of the README's summary table.
Section = tuple[str, list[list[str]]]


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
    """One progress line on standard error, with the time of day."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Context:
    """The run's configuration and temporary folder, shared by the sections."""

    cfg: Config
    tmp: Path
    _cache_built: bool = field(default=False, init=False)

    @property
    def whatif_cache(self) -> Path:
        """The what-if patches' cache folder (``whatif.py --build-caches``), built on first use."""
        cache = self.tmp / "whatif-cache"
        if not self._cache_built:
            log("building the what-if caches")
            end_to_end.build_whatif_caches(cache)
            self._cache_built = True
        return cache

    def scenario(self, n_sites: int) -> Path:
        """§5's scenario format with ``n_sites`` random sites, written once into the temporary folder."""
        path = self.tmp / f"scenario-{n_sites}.yaml"
        if not path.exists():
            end_to_end.write_scenario(path, n_sites)
        return path

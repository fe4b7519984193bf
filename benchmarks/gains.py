"""What this version's changes gained, and what each candidate fix in ``src/`` would gain, in process.

:func:`measure_implemented` times the code this version replaced
(``previous.py``) against the current code on the same inputs.
:func:`measure` times the same call as georange runs it now and with one
patch from ``whatif.py`` applied.  Both alternate, take medians and check the
result is the same.  The whole-process effect of the patches together is in
section 6 of the README.
"""

# The README's prose uses typographic characters (plus-minus, times, dashes) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from _bench import Timing, time_call
from pyproj import Geod
from whatif import patched

import georange
from georange import gazetteer, geodesy, loading, naturalearth, proximity

GEOD = Geod(ellps="WGS84")


@dataclass
class Gain:
    """One candidate change: where, on what, the time now and with the change, and whether the output is the same."""

    change: str
    where: str
    workload: str
    before: Timing
    after: Timing
    same: str


def _ab(
    before: Callable[[], Any],
    patch: str,
    cache: Path | None,
    reps: int,
    equal: Callable[[Any, Any], str],
    prepare: Callable[[], None] = lambda: None,
) -> tuple[Timing, Timing, str]:
    """Time ``before`` as is and under ``patch``, alternating, ``prepare`` before every call."""
    t_before, t_after, statuses = Timing(), Timing(), set()
    for _ in range(reps):
        prepare()
        seconds, a = time_call(before)
        t_before.samples.append(seconds)
        with patched(patch, cache):
            prepare()
            seconds, b = time_call(before)
        t_after.samples.append(seconds)
        statuses.add(equal(a, b))
    return t_before, t_after, _worst(statuses)


IDENTICAL = "identical"
LAST_BITS = "equal to 1e-12 relative (last float bits)"
DIFFERENT = "**no**"


def _worst(statuses: set[str]) -> str:
    for status in (DIFFERENT, LAST_BITS):
        if status in statuses:
            return status
    return IDENTICAL


def _exact(a: Any, b: Any) -> str:
    return IDENTICAL if a == b else DIFFERENT


def _frames_equal(a: Any, b: Any) -> str:
    a, b = pd.DataFrame(a), pd.DataFrame(b)
    geoms = [c for c in a.columns if c == "geometry"]
    a, b = a.drop(columns=geoms), b.drop(columns=geoms)
    try:
        pd.testing.assert_frame_equal(a, b, check_exact=True)
        return IDENTICAL
    except AssertionError:
        pass
    try:
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12, atol=1e-12)
        return LAST_BITS
    except AssertionError:
        return DIFFERENT


def _geoms_equal(a: Any, b: Any) -> str:
    pairs = list(zip(a, b, strict=True))
    if all((x is None and y is None) or (x is not None and x.equals_exact(y, 0.0)) for x, y in pairs):
        return IDENTICAL
    if all((x is None and y is None) or (x is not None and x.equals_exact(y, 1e-9)) for x, y in pairs):
        return LAST_BITS
    return DIFFERENT


def _proximity_equal(a: proximity.Proximity, b: proximity.Proximity) -> str:
    statuses = {_frames_equal(a.references, b.references), _geoms_equal(a.references.geometry, b.references.geometry)}
    statuses |= {_frames_equal(getattr(a, f), getattr(b, f)) for f in ("places", "territories", "coverage")}
    return _worst(statuses)


def measure(few_sites_file: Path, cache: Path, reps: int) -> list[Gain]:
    """Each candidate fix of ``whatif.py`` alone: the call as georange makes it now, and with the patch."""
    gains: list[Gain] = []
    default = georange.load_scenario()
    c15 = gazetteer.cities(15000)

    def layers() -> Any:
        return naturalearth.countries("detail"), naturalearth.countries("coarse")

    def load_layers() -> None:
        layers()

    def layers_equal(x: Any, y: Any) -> str:
        return _worst(
            {s for p, q in zip(x, y, strict=True) for s in (_frames_equal(p, q), _geoms_equal(p.geometry, q.geometry))}
        )

    layers()

    def analyse_default() -> proximity.Proximity:
        return proximity.analyse(default, outlines=proximity.Outlines.shipped(), cities=c15)

    for patch, change, where in (
        (
            "unions",
            "ship each country's merged outline (detail inside the box, coarse outside) precomputed",
            "`naturalearth.country_geometry` (`scripts/build_geodata.py`)",
        ),
    ):
        b, a, same = _ab(analyse_default, patch, cache, reps, _proximity_equal, prepare=load_layers)
        gains.append(Gain(change, where, "`proximity.analyse` of the default scenario", b, a, same))

    few = loading.load_scenario(few_sites_file)

    def territories() -> Any:
        return proximity.territory_distances(few, outlines=proximity.Outlines.shipped())

    b, a, same = _ab(territories, "unions", cache, max(1, reps // 2), _frames_equal, prepare=load_layers)
    gains.append(
        Gain(
            "the `unions` change, on many sites",
            "as above",
            f"`territory_distances` of {len(few.sites):,} random sites",
            b,
            a,
            same,
        )
    )
    return gains


def saved(g: Gain) -> float:
    return float(np.subtract(g.before.median, g.after.median))


# --------------------------------------------------------------------------- implemented in this version


@dataclass
class Implemented:
    """A change this version made: the previous code (``previous.py``) against the current, on the same input."""

    change: str
    where: str
    workload: str
    before: Timing
    after: Timing
    same: str
    peak_mb: tuple[float, float] | None = None


def _pair(
    before: Callable[[], Any],
    after: Callable[[], Any],
    reps: int,
    equal: Callable[[Any, Any], str],
    prepare: Callable[[], None] = lambda: None,
) -> tuple[Timing, Timing, str]:
    """Time the previous and the current code alternately, after one untimed call each, ``prepare`` before every call.

    The warm-up fills both versions' transformer caches (georange offers no
    public way to empty its own), so neither is timed building them.
    """
    t_before, t_after, statuses = Timing(), Timing(), set()
    before()
    after()
    for _ in range(reps):
        prepare()
        seconds, a = time_call(before)
        t_before.samples.append(seconds)
        prepare()
        seconds, b = time_call(after)
        t_after.samples.append(seconds)
        statuses.add(equal(a, b))
    return t_before, t_after, _worst(statuses)


@dataclass
class CutResult:
    """Rings cut by the ``antimeridian`` package (before) and natively (now), and how the geometry moved."""

    before: Timing
    after: Timing
    n_rings: int
    n_cut: int
    n_changed: int
    n_changed_uncut: int
    max_area_rel: float
    cut_error_m: tuple[float, float]


def _cut_points_error_m(geoms: Any, lat: np.ndarray, lon: np.ndarray, radius_km: np.ndarray) -> float:
    """Largest distance from the circle (``Geod.inv``) of the vertices on ±180° off the poles: the cut points."""
    worst = 0.0
    for g, a, o, r in zip(geoms, lat, lon, radius_km, strict=True):
        xy = shapely.get_coordinates(g)
        on = (np.abs(xy[:, 0]) == 180.0) & (np.abs(xy[:, 1]) < 90.0 - 1e-9)
        if on.any():
            n = int(on.sum())
            _, _, d = GEOD.inv(np.full(n, o), np.full(n, a), xy[on, 0], xy[on, 1])
            worst = max(worst, float(np.abs(np.asarray(d) - r * 1e3).max()))
    return worst


def measure_cut(n: int, reps: int) -> CutResult:
    """``geodesy.rings`` on §2's global centres: the ``antimeridian`` cut (``previous.rings``) against the native."""
    import previous
    from speed import SEED, radii, random_sites, special_count

    t_before, t_after = Timing(), Timing()
    n_cut = n_changed = n_changed_uncut = 0
    area_rel, off_before, off_after = 0.0, 0.0, 0.0
    r = radii(n)
    for rep in range(reps):
        lat, lon = random_sites(n, seed=SEED + 1 + rep)  # the centres of §2's global repetitions
        seconds, old = time_call(lambda lat=lat, lon=lon: previous.rings(lat=lat, lon=lon, radius_km=r))
        t_before.samples.append(seconds)
        seconds, new = time_call(lambda lat=lat, lon=lon: geodesy.rings(lat=lat, lon=lon, radius_km=r))
        t_after.samples.append(seconds)
        n_cut += special_count(new)
        changed = np.flatnonzero([not a.equals_exact(b, 0.0) for a, b in zip(old, new, strict=True)])
        n_changed += len(changed)
        n_changed_uncut += len(changed) - special_count(new[changed])
        for i in changed:
            a_old = abs(GEOD.geometry_area_perimeter(old[i])[0])
            a_new = abs(GEOD.geometry_area_perimeter(new[i])[0])
            area_rel = max(area_rel, abs(a_new - a_old) / a_old)
        off_before = max(off_before, _cut_points_error_m(old[changed], lat[changed], lon[changed], r[changed]))
        off_after = max(off_after, _cut_points_error_m(new[changed], lat[changed], lon[changed], r[changed]))
    return CutResult(t_before, t_after, n * reps, n_cut, n_changed, n_changed_uncut, area_rel, (off_before, off_after))


def _floats_equal(a: Any, b: Any) -> str:
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.shape == y.shape and np.array_equal(x, y):
        return IDENTICAL
    if x.shape == y.shape and np.allclose(x, y, rtol=1e-12, atol=1e-9):
        return LAST_BITS
    return DIFFERENT


def _traced_peak_mb(fn: Callable[[], Any]) -> float:
    """Peak memory Python and numpy allocate during one call (``tracemalloc``), MB."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def measure_implemented(scenario_file: Path, few_sites_file: Path, reps: int) -> list[Implemented]:
    """What this version's changes gained: each against the previous code, same inputs, same answers.

    The ring cut, which changes the geometry slightly, is :func:`measure_cut`.
    """
    import previous

    few = loading.load_scenario(few_sites_file)
    default = georange.load_scenario()
    c15 = gazetteer.cities(15000)
    n = len(few.sites)
    slow_reps = max(1, reps // 2)
    out: list[Implemented] = []

    def territory_now(scn: georange.Scenario) -> list[float]:
        frame = proximity.territory_distances(scn, outlines=proximity.Outlines.shipped())
        return [float(x) for x in frame["distance_km"]]

    for scn, label, k in ((default, "the default scenario", reps), (few, f"{n:,} random sites", slow_reps)):
        b, a, same = _pair(
            lambda scn=scn: previous.territory_km(scn, proximity.Outlines.shipped()),
            lambda scn=scn: territory_now(scn),
            k,
            _floats_equal,
        )
        out.append(
            Implemented(
                "project only the outline edges spherical bounds cannot rule out (was: the whole segmented outline)",
                "`geodesy.nearest_km`",
                f"`territory_distances`, {label}",
                b,
                a,
                same,
            )
        )

    def cities_before(scn: georange.Scenario) -> pd.DataFrame:
        return previous.cities_in_range(scn, min_population=15000, cities=c15)

    def cities_now(scn: georange.Scenario) -> pd.DataFrame:
        return proximity.cities_in_range(scn, min_population=15000, cities=c15)

    for scn, label, k in ((default, "the default scenario", reps), (few, f"{n:,} random sites", slow_reps)):
        b, a, same = _pair(lambda scn=scn: cities_before(scn), lambda scn=scn: cities_now(scn), k, _frames_equal)
        peak = None
        if scn is few:
            peak = (_traced_peak_mb(lambda: cities_before(few)), _traced_peak_mb(lambda: cities_now(few)))
        out.append(
            Implemented(
                "per site, `Geod.inv` only for the cities a spherical bound cannot rule out (was: one sites × "
                "cities matrix)",
                "`proximity.cities_in_range`, `coverage`",
                f"`cities_in_range`, {label}, `cities15000`",
                b,
                a,
                same,
                peak,
            )
        )

    empty = c15.iloc[:0]

    def countries_now(scn: georange.Scenario) -> list[list[str]]:
        cov = proximity.coverage(scn, cities=empty, outlines=proximity.Outlines.shipped())
        return [list(c) for c in cov["countries"]]

    def countries_equal(old: list[list[str]], new: list[list[str]]) -> str:
        if [sorted(x) for x in old] == new:
            return IDENTICAL
        if all(set(x) <= set(y) for x, y in zip(old, new, strict=True)):
            more = sum(set(x) != set(y) for x, y in zip(old, new, strict=True))
            return f"{more:,} rings now also list a country the previous code missed (the containment fix)"
        return DIFFERENT

    for scn, label, k in ((default, "the default scenario", reps), (few, f"{n:,} random sites", slow_reps)):
        b, a, same = _pair(
            lambda scn=scn: previous.countries_reached(scn, proximity.Outlines.shipped()),
            lambda scn=scn: countries_now(scn),
            k,
            countries_equal,
        )
        out.append(
            Implemented(
                "countries reached: per site, one pass of bounds over every outline edge, `nearest_km` only where "
                "a radius falls between them (was: per ring, `Geod.inv` over every vertex of each country whose "
                "box meets the ring's)",
                "`proximity.coverage`",
                f"`countries` column, {label}",
                b,
                a,
                same,
            )
        )

    text = scenario_file.read_text(encoding="utf-8")
    big = loading.load_scenario(scenario_file)
    b, a, same = _pair(
        lambda: previous.load_yaml(scenario_file.read_text(encoding="utf-8")),
        lambda: loading.read_yaml(scenario_file, display=scenario_file.name),
        reps,
        _exact,
    )
    out.append(
        Implemented(
            "parse YAML with libyaml (`CSafeLoader`), the same strict rules (was: the pure-Python `SafeLoader`)",
            "`loading.read_yaml`",
            f"the {len(big.sites):,}-site scenario file of §5 ({len(text.encode('utf-8')):,} B)",
            b,
            a,
            same,
        )
    )
    return out

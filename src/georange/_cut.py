"""Cutting a geodesic ring's boundary at the antimeridian (RFC 7946), natively.

A ring's vertices come in order around its centre with longitudes wrapped to
[-180, 180), so an edge that crosses ±180 shows up as a jump of more than
180 degrees.  The shapes rings take are simple: two jumps and no pole (a disc
astride the antimeridian), or one jump around the pole it encloses.  Those
are cut here; :func:`cut_loop` returns None for anything else and the caller
falls back to the ``antimeridian`` package.

Where the circle crosses ±180 is solved exactly: the azimuth at which the
direct geodesic problem from the centre lands on the antimeridian, found by
bisection between the two vertices' azimuths (``Geod.fwd``, every edge of
every ring at once), so the cut points lie on the circle like every other
vertex.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon

_BISECTIONS = 60  # halves the azimuth interval to far below a nanometre on the ground

Array = NDArray[np.float64]


def crossing_lats(
    geod: Geod,
    *,
    lat: Array,
    lon: Array,
    radius_m: Array,
    az_start: Array,
    az_end: Array,
    side: Array,
) -> Array:
    """Latitudes where geodesic circles meet lon = ``side`` between two azimuths (vectorised).

    Each entry is one edge of one circle (centre ``lat``/``lon``, radius
    ``radius_m``) whose end vertices, at ``az_start`` and ``az_end``, lie on
    either side of the antimeridian; the azimuth that lands on it is found by
    bisection, all edges of all rings at once.
    """
    step = (az_end - az_start + 180.0) % 360.0 - 180.0  # signed, whichever way the loop runs

    def offset(t: Array) -> tuple[Array, Array]:
        lon_t, lat_t, _ = geod.fwd(lon, lat, az_start + t * step, radius_m)
        return (np.asarray(lon_t) - side + 180.0) % 360.0 - 180.0, np.asarray(lat_t)

    n = len(lat)
    lo, hi = np.zeros(n), np.ones(n)
    g_lo, _ = offset(lo)
    for _ in range(_BISECTIONS):
        mid = (lo + hi) / 2
        g_mid, _ = offset(mid)
        same = np.sign(g_mid) == np.sign(g_lo)
        lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
    _, lat_c = offset((lo + hi) / 2)
    return lat_c


def jump_side(step: Array) -> Array:
    """The side of the antimeridian an edge leaves from: +180 going east past it, -180 going west."""
    return np.where(step < 0, 180.0, -180.0)


def cut_loop(lon: Array, lat: Array, *, pole: float | None, edge_lat: Array | None) -> Polygon | MultiPolygon | None:
    """Split a closed vertex loop (longitudes in [-180, 180)) at its jumps across ±180.

    Two jumps and no pole give two polygons closed along the antimeridian;
    one jump around a pole (``pole`` = 90 or -90) gives one polygon closed
    along ±180 and the pole line.  ``edge_lat[k]``, when given, is where the
    circle crosses ±180 between vertices ``k`` and ``k + 1`` (from
    :func:`crossing_lats`); otherwise cut points go on the straight lon/lat
    edge.  Returns None for any other shape.
    """
    nxt = np.r_[np.arange(1, len(lon)), 0]
    step = lon[nxt] - lon
    jumps = np.flatnonzero(np.abs(step) > 180.0)
    if len(jumps) != (1 if pole is not None else 2):
        return None
    side = jump_side(step[jumps])
    lat_c = _crossing_lat(lon, lat, jumps, nxt[jumps], side, edge_lat)
    runs = []
    for j in range(len(jumps)):
        k = (j + 1) % len(jumps)
        start, stop = nxt[jumps[j]], jumps[k]
        idx = np.arange(start, stop + 1) if start <= stop else np.r_[np.arange(start, len(lon)), np.arange(0, stop + 1)]
        points = [(-side[j], lat_c[j]), *zip(lon[idx].tolist(), lat[idx].tolist(), strict=True), (side[k], lat_c[k])]
        runs.append(_dedupe(points))
    if pole is None:
        # A run that only touches the antimeridian (a vertex exactly on it) encloses nothing.
        polys = [poly for poly in (Polygon(run) for run in runs if len(run) >= 3) if poly.area > 0]
        if not polys:
            return None
        return polys[0] if len(polys) == 1 else MultiPolygon(polys)
    (run,) = runs
    return Polygon([*run, (run[-1][0], pole), (run[0][0], pole)])


def _crossing_lat(
    lon: Array, lat: Array, start: NDArray[np.intp], end: NDArray[np.intp], side: Array, edge_lat: Array | None
) -> Array:
    """Crossing latitudes: on the circle where known, else on the straight edge."""
    unwrapped = lon[end] + 2 * side
    t = (side - lon[start]) / (unwrapped - lon[start])
    flat = lat[start] + t * (lat[end] - lat[start])
    if edge_lat is None:
        return np.asarray(flat, dtype=float)
    # A vertex exactly on ±180 is its own crossing point.
    exact = np.where(t <= 0.0, lat[start], np.where(t >= 1.0, lat[end], edge_lat[start]))
    return np.asarray(exact, dtype=float)


def _dedupe(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop consecutive repeated points (a vertex lying exactly on ±180 repeats its crossing point)."""
    out = [points[0]]
    for p in points[1:]:
        if p != out[-1]:
            out.append(p)
    return out

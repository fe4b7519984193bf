"""Boundary vertices of geodesic rings: the ellipsoid, the edge tolerance, adaptive placement.

Every vertex comes from one vectorised :meth:`pyproj.Geod.fwd` call
(GeographicLib's direct problem), so it lies the stated distance from the
centre.  Edges are bisected in azimuth until the point halfway along each one
*in Web Mercator* lies within :data:`EDGE_TOLERANCE` of the radius; vertices
past the cut locus are dropped.  The input checks shared by every public
function of :mod:`georange.geodesy` live here too.

The public names are re-exported by :mod:`georange.geodesy`; use them from there.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import Geod

from georange import _bounds
from georange._errors import GeometryError

#: The WGS84 ellipsoid, as used for every computation in georange.
WGS84 = Geod(ellps="WGS84")

#: Half the WGS84 meridian (pole to pole), the largest meaningful radius.
HALF_MERIDIAN_KM: float = WGS84.inv(0.0, -90.0, 0.0, 90.0)[2] / 1000.0

#: Largest allowed deviation of a drawn edge from the true circle, as a
#: fraction of the radius (0.05 %).
EDGE_TOLERANCE = 5e-4

#: Leaflet's Web Mercator clamps latitudes here; edges beyond are not drawn
#: faithfully by any web map, so they are not refined.
_MERCATOR_MAX_LAT = 85.0511287798

# Refinement criterion, with a margin for the spherical estimate it uses.
_REFINE_TOLERANCE = 0.97 * EDGE_TOLERANCE
# Uniform starting vertex count: chords on a flat circle have sagitta
# r * (1 - cos(pi / n)); the ellipsoid's circles are slightly elliptic in Web
# Mercator (axes differ by up to e^2 = 0.67 %), so the budget is shrunk by
# (1 + 4 e^2), an empirical factor that leaves small rings at any latitude
# unrefined (103 vertices).  Refinement guarantees the tolerance regardless.
_BASE_VERTICES = math.ceil(math.pi / math.acos(1.0 - _REFINE_TOLERANCE / (1.0 + 4.0 * WGS84.es)))
# A vertex farther than this from the radius lies past the cut locus.
_VERTEX_CHECK_M = 1e-4
# Stop bisecting a valid/invalid transition once the azimuth gap is this small.
_MIN_AZIMUTH_GAP_DEG = 1e-9
_MAX_ITERATIONS = 64


@dataclass(frozen=True)
class RingVertices:
    """Boundary vertices of one geodesic ring, in drawing order.

    Attributes
    ----------
    lon, lat
        Vertex coordinates in degrees (longitudes wrapped to [-180, 180]),
        counter-clockwise as seen from above the centre, not closed.
    azimuth_deg
        The forward azimuth from the centre to each vertex.
    """

    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    azimuth_deg: NDArray[np.float64]


def check_radius(radius_km: NDArray[np.float64]) -> None:
    """Raise GeometryError unless every radius is in (0, HALF_MERIDIAN_KM]."""
    bad = ~np.isfinite(radius_km) | (radius_km <= 0) | (radius_km > HALF_MERIDIAN_KM)
    if bad.any():
        value = radius_km[bad][0]
        raise GeometryError(
            f"radius_km must be greater than 0 and at most half the WGS84 meridian "
            f"({HALF_MERIDIAN_KM:.3f} km); got {value!r}"
        )


def check_centre(lat: NDArray[np.float64], lon: NDArray[np.float64]) -> None:
    """Raise GeometryError unless every latitude is within ±90 and every longitude within ±180 degrees."""
    bad_lat = ~np.isfinite(lat) | (np.abs(lat) > 90)
    bad_lon = ~np.isfinite(lon) | (np.abs(lon) > 180)
    if bad_lat.any():
        raise GeometryError(f"lat must be within -90..90 degrees; got {lat[bad_lat][0]!r}")
    if bad_lon.any():
        raise GeometryError(f"lon must be within -180..180 degrees; got {lon[bad_lon][0]!r}")


def broadcast(**arrays: ArrayLike) -> list[NDArray[np.float64]]:
    """Broadcast the arguments against each other as flat, contiguous float arrays."""
    out = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64) for a in arrays.values()))
    return [np.ascontiguousarray(a).ravel() for a in out]


def wrap_lon(lon: NDArray[np.float64]) -> NDArray[np.float64]:
    """Longitudes wrapped to [-180, 180)."""
    return (lon + 180.0) % 360.0 - 180.0


def _mercator_y(lat: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def _inverse_mercator_lat(y: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.degrees(2 * np.arctan(np.exp(y)) - np.pi / 2)


def _mercator_midpoints(
    lon_a: NDArray[np.float64],
    lat_a: NDArray[np.float64],
    lon_b: NDArray[np.float64],
    lat_b: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Points halfway along straight Web Mercator edges (the shorter way round)."""
    dlon = wrap_lon(lon_b - lon_a)
    mid_lon = wrap_lon(lon_a + dlon / 2)
    mid_lat = _inverse_mercator_lat((_mercator_y(lat_a) + _mercator_y(lat_b)) / 2)
    return mid_lon, mid_lat


def mercator_midpoint_deviation_m(
    *,
    lat: float,
    lon: float,
    radius_km: float,
    vertex_lon: ArrayLike,
    vertex_lat: ArrayLike,
) -> NDArray[np.float64]:
    """Distance error at the Web Mercator midpoint of each edge of a closed ring.

    Parameters
    ----------
    lat, lon
        Centre of the ring in degrees.
    radius_km
        Radius the ring should have.
    vertex_lon, vertex_lat
        Ring vertices in drawing order (not closed; the last edge returns
        to the first vertex).

    Returns
    -------
    numpy.ndarray
        ``|distance(centre, midpoint) - radius|`` in metres, one per edge;
        NaN for edges that leave Web Mercator's latitude range.
    """
    vlon = np.asarray(vertex_lon, dtype=np.float64)
    vlat = np.asarray(vertex_lat, dtype=np.float64)
    nlon, nlat = np.roll(vlon, -1), np.roll(vlat, -1)
    mlon, mlat = _mercator_midpoints(vlon, vlat, nlon, nlat)
    _, _, dist = WGS84.inv(np.full_like(mlon, lon), np.full_like(mlat, lat), mlon, mlat)
    dev = np.abs(dist - radius_km * 1000.0)
    outside = (np.abs(vlat) > _MERCATOR_MAX_LAT) | (np.abs(nlat) > _MERCATOR_MAX_LAT)
    dev[outside] = np.nan
    return np.asarray(dev, dtype=np.float64)


def _midpoint_deviation_exceeds(
    clat: NDArray[np.float64],
    clon: NDArray[np.float64],
    lat_a: NDArray[np.float64],
    lon_a: NDArray[np.float64],
    lat_b: NDArray[np.float64],
    lon_b: NDArray[np.float64],
) -> NDArray[np.bool_]:
    """Whether an edge's Web Mercator midpoint strays too far from the circle.

    Refinement uses a cheap spherical estimate of the *relative* deviation: the
    midpoint's central angle compared with the mean of the two end vertices'
    (which lie exactly on the ellipsoidal circle).  The ellipsoid's effect on
    this ratio is second order in the edge length (about 1 % of the deviation), and
    the criterion keeps a 3 % margin; tests check the result with ``Geod.inv``.
    """
    mlon, mlat = _mercator_midpoints(lon_a, lat_a, lon_b, lat_b)
    ends = (_bounds.central_angle(clat, clon, lat_a, lon_a) + _bounds.central_angle(clat, clon, lat_b, lon_b)) / 2
    mid = _bounds.central_angle(clat, clon, mlat, mlon)
    in_domain = (np.abs(lat_a) <= _MERCATOR_MAX_LAT) & (np.abs(lat_b) <= _MERCATOR_MAX_LAT)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.abs(mid - ends) / ends
    return in_domain & (rel > _REFINE_TOLERANCE)


def _forward(
    idx: NDArray[np.intp],
    az: NDArray[np.float64],
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    radius_m: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    """Direct problem for every (ring, azimuth); flags vertices past the cut locus."""
    vlon, vlat, _ = WGS84.fwd(lon[idx], lat[idx], az, radius_m[idx])
    vlon = wrap_lon(np.asarray(vlon))
    vlat = np.asarray(vlat)
    near_antipode = radius_m[idx] > (HALF_MERIDIAN_KM * 1000.0 - 100e3)
    valid = np.ones(idx.shape, dtype=bool)
    if near_antipode.any():
        sel = np.flatnonzero(near_antipode)
        _, _, dist = WGS84.inv(lon[idx[sel]], lat[idx[sel]], vlon[sel], vlat[sel])
        valid[sel] = np.abs(dist - radius_m[idx[sel]]) <= _VERTEX_CHECK_M
    return vlon, vlat, valid


def next_in_ring(idx: NDArray[np.intp]) -> NDArray[np.intp]:
    """Index of the following vertex in the same ring (the last wraps to the first)."""
    n = idx.size
    nxt = np.arange(1, n + 1)
    last = np.r_[idx[1:] != idx[:-1], True]
    first = np.r_[True, idx[1:] != idx[:-1]]
    nxt[last] = np.flatnonzero(first)
    return nxt


def _edges_to_split(
    idx: NDArray[np.intp],
    az: NDArray[np.float64],
    vlon: NDArray[np.float64],
    vlat: NDArray[np.float64],
    valid: NDArray[np.bool_],
    dirty: NDArray[np.bool_],
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    radius_m: NDArray[np.float64],
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """Edges (by start vertex) that need a vertex inserted, and its azimuth."""
    nxt = next_in_ring(idx)
    gap = (az - az[nxt]) % 360.0  # azimuths decrease along the ring
    gap[gap == 0] = 360.0
    both_valid = valid & valid[nxt]
    transition = valid ^ valid[nxt]
    cand = np.flatnonzero(dirty & both_valid)
    split = np.zeros(idx.size, dtype=bool)
    if cand.size:
        a, b = cand, nxt[cand]
        split[cand] = _midpoint_deviation_exceeds(lat[idx[a]], lon[idx[a]], vlat[a], vlon[a], vlat[b], vlon[b])
    split |= transition & (gap > _MIN_AZIMUTH_GAP_DEG)
    split &= gap > _MIN_AZIMUTH_GAP_DEG
    starts = np.flatnonzero(split)
    return starts, (az[starts] - gap[starts] / 2) % 360.0


def adaptive_vertices(
    lat: NDArray[np.float64], lon: NDArray[np.float64], radius_m: NDArray[np.float64]
) -> tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """All rings' vertices as flat arrays sorted by (ring, decreasing azimuth)."""
    n_rings = lat.size
    base_az = (360.0 - np.arange(_BASE_VERTICES) * (360.0 / _BASE_VERTICES)) % 360.0
    idx = np.repeat(np.arange(n_rings), _BASE_VERTICES)
    az = np.tile(base_az, n_rings)
    vlon, vlat, valid = _forward(idx, az, lat, lon, radius_m)
    dirty = np.ones(idx.size, dtype=bool)
    for _ in range(_MAX_ITERATIONS):
        starts, new_az = _edges_to_split(idx, az, vlon, vlat, valid, dirty, lat, lon, radius_m)
        if starts.size == 0:
            break
        new_idx = idx[starts]
        new_lon, new_lat, new_valid = _forward(new_idx, new_az, lat, lon, radius_m)
        dirty = np.zeros(idx.size, dtype=bool)
        dirty[starts] = True
        # Decreasing azimuth within a ring, measured from the ring's first vertex.
        key_old = (base_az[0] - az) % 360.0
        key_new = (base_az[0] - new_az) % 360.0
        idx = np.concatenate([idx, new_idx])
        order = np.lexsort((np.concatenate([key_old, key_new]), idx))
        idx = idx[order]
        az = np.concatenate([az, new_az])[order]
        vlon = np.concatenate([vlon, new_lon])[order]
        vlat = np.concatenate([vlat, new_lat])[order]
        valid = np.concatenate([valid, new_valid])[order]
        dirty = np.concatenate([dirty, np.ones(new_idx.size, dtype=bool)])[order]
    keep = valid
    return idx[keep], az[keep], vlon[keep], vlat[keep]


def ring_vertices(*, lat: ArrayLike, lon: ArrayLike, radius_km: ArrayLike) -> list[RingVertices]:
    """Boundary vertices of one or many geodesic rings, in one vectorised pass.

    Parameters
    ----------
    lat, lon
        Centre latitude and longitude in degrees (WGS84); scalars or arrays.
    radius_km
        Radius in kilometres, ``0 < radius_km <= HALF_MERIDIAN_KM``; broadcast
        against the centres.

    Returns
    -------
    list of RingVertices
        One entry per ring, counter-clockwise as seen from above the centre.

    Examples
    --------
    >>> (v,) = ring_vertices(lat=0.0, lon=0.0, radius_km=20.0)
    >>> len(v.lon)
    103
    """
    lat_a, lon_a, rad_a = broadcast(lat=lat, lon=lon, radius_km=radius_km)
    check_centre(lat_a, lon_a)
    check_radius(rad_a)
    idx, az, vlon, vlat = adaptive_vertices(lat_a, lon_a, rad_a * 1000.0)
    bounds = np.searchsorted(idx, np.arange(lat_a.size + 1))
    return [RingVertices(lon=vlon[s:e], lat=vlat[s:e], azimuth_deg=az[s:e]) for s, e in itertools.pairwise(bounds)]

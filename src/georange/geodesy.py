"""Exact geodesic rings, bands and distances on the WGS84 ellipsoid.

Everything here is pure numpy + pyproj + shapely; nothing knows about maps.

A *ring* of radius ``r`` around a centre is the region of all points whose
shortest geodesic distance from the centre is at most ``r``.  Its boundary
vertices come from one vectorised :meth:`pyproj.Geod.fwd` call (GeographicLib's
direct problem), so every vertex is the stated distance from the centre to
within a few nanometres.

Vertex density is adaptive.  Web maps draw each polygon edge as a straight
line in Web Mercator, so every edge is bisected (in azimuth) until the point
halfway along it *in Web Mercator* lies within :data:`EDGE_TOLERANCE` of the
radius from the centre.  A small ring needs 103 vertices; large rings get more
only where Mercator bends them.

Rings that cross the antimeridian are cut there (RFC 7946) at points solved
on the circle (:mod:`georange._cut`; the ``antimeridian`` package is the
fallback for unusual shapes); rings that enclose a pole contain it; rings that
enclose both poles (radius beyond a quarter meridian) are the globe minus a
small loop around the antipode.  Geodesics that pass the cut locus before
reaching the radius (only for radii within ~25 km of half the meridian) are
dropped, so the boundary stays the true set of points at distance ``r``.

Examples
--------
>>> poly = ring(lat=10.5, lon=-66.9, radius_km=1500)
>>> poly.geom_type, poly.is_valid
('Polygon', True)
>>> f"{distance_km(lat1=24.5466, lon1=-81.7975, lat2=23.1136, lon2=-82.3666):.3f}"
'168.972'
"""

from __future__ import annotations

# The public face: discs and bands are assembled here from georange._rings (vertices,
# tolerance, input checks) and georange._topology (±180, poles, antipode); distances and
# nearest points live in georange._nearest.  Every public name is re-exported below.
import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from shapely.geometry import MultiPolygon, Polygon

from georange._errors import GeometryError
from georange._nearest import Gap, Nearest, distance_km, gap_km, geodesic_path, nearest_km
from georange._progress import progress
from georange._rings import (
    EDGE_TOLERANCE,
    HALF_MERIDIAN_KM,
    WGS84,
    RingVertices,
    adaptive_vertices,
    broadcast,
    check_centre,
    check_radius,
    mercator_midpoint_deviation_m,
    next_in_ring,
    ring_vertices,
)
from georange._topology import _cut as _cut  # geodesy._cut: tests/test_cut.py checks its fallback
from georange._topology import antimeridian_crossings, as_ccw, poles_enclosed, polygon_parts, special_disc

__all__ = [
    "EDGE_TOLERANCE",
    "HALF_MERIDIAN_KM",
    "WGS84",
    "Gap",
    "Nearest",
    "RingVertices",
    "band",
    "bands",
    "distance_km",
    "gap_km",
    "geodesic_path",
    "mercator_midpoint_deviation_m",
    "nearest_km",
    "ring",
    "ring_vertices",
    "rings",
]


def rings(*, lat: ArrayLike, lon: ArrayLike, radius_km: ArrayLike) -> NDArray[np.object_]:
    """Geodesic discs for many centres and radii at once.

    Parameters
    ----------
    lat, lon
        Centre latitude and longitude in degrees (WGS84); scalars or arrays.
    radius_km
        Radii in kilometres, broadcast against the centres.

    Returns
    -------
    numpy.ndarray of shapely geometries
        Valid Polygons or MultiPolygons in longitude/latitude, cut at the
        antimeridian, counter-clockwise exteriors.
    """
    lat_a, lon_a, rad_a = broadcast(lat=lat, lon=lon, radius_km=radius_km)
    check_centre(lat_a, lon_a)
    check_radius(rad_a)
    radius_m = rad_a * 1000.0
    idx, az, vlon, vlat = adaptive_vertices(lat_a, lon_a, radius_m)
    north, south = poles_enclosed(lat_a, lon_a, radius_m)
    nxt = next_in_ring(idx)
    step = vlon[nxt] - vlon  # an edge that jumps more than 180 degrees crosses the antimeridian
    jump = np.abs(step) > 180.0
    crosses = np.bincount(idx[jump], minlength=lat_a.size) > 0
    special = north | south | crosses
    out = np.empty(lat_a.size, dtype=object)
    coords = np.column_stack([vlon, vlat])
    simple_v = ~special[idx]
    if simple_v.any():
        # Vertices run counter-clockwise already (decreasing azimuth).
        _, ring_ids = np.unique(idx[simple_v], return_inverse=True)
        shells = shapely.linearrings(coords[simple_v], indices=ring_ids)
        out[~special] = shapely.polygons(shells)
    bounds = np.searchsorted(idx, np.arange(lat_a.size + 1))
    cut_edges = np.flatnonzero(jump & special[idx])
    edge_lat = antimeridian_crossings(idx, nxt, step, cut_edges, az, lat_a, lon_a, radius_m)
    for i in progress(np.flatnonzero(special).tolist(), desc="rings across ±180° or a pole", unit="ring"):
        out[i] = special_disc(
            coords[bounds[i] : bounds[i + 1]],
            both_poles=bool(north[i] & south[i]),
            crosses=bool(crosses[i]),
            pole=90.0 if north[i] else -90.0 if south[i] else None,
            edge_lat=edge_lat[bounds[i] : bounds[i + 1]],
        )
    return out


def ring(*, lat: float, lon: float, radius_km: float) -> Polygon | MultiPolygon:
    """The geodesic disc of ``radius_km`` around one centre.

    Parameters
    ----------
    lat, lon
        Centre in degrees (WGS84).
    radius_km
        Radius in kilometres, ``0 < radius_km <= HALF_MERIDIAN_KM``.

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon
        The disc in longitude/latitude, cut at the antimeridian if it crosses it.
    """
    geom = rings(lat=lat, lon=lon, radius_km=radius_km)[0]
    assert isinstance(geom, Polygon | MultiPolygon)
    return geom


def bands(*, lat: ArrayLike, lon: ArrayLike, inner_km: ArrayLike, outer_km: ArrayLike) -> NDArray[np.object_]:
    """Annuli (the region between two radii) for many centres at once.

    Parameters
    ----------
    lat, lon
        Centre latitude and longitude in degrees; scalars or arrays.
    inner_km, outer_km
        Inner and outer radii in kilometres, ``0 < inner_km < outer_km``.

    Returns
    -------
    numpy.ndarray of shapely geometries
        Valid Polygons or MultiPolygons with RFC 7946 winding.
    """
    lat_a, lon_a, inner, outer = broadcast(lat=lat, lon=lon, inner_km=inner_km, outer_km=outer_km)
    if (inner >= outer).any():
        raise GeometryError("inner_km must be smaller than outer_km for a band")
    discs = rings(lat=np.r_[lat_a, lat_a], lon=np.r_[lon_a, lon_a], radius_km=np.r_[outer, inner])
    n = lat_a.size
    out = np.empty(n, dtype=object)
    diff = shapely.difference(discs[:n], discs[n:])
    for i, geom in enumerate(diff):
        out[i] = as_ccw(_without_slivers(geom if geom.is_valid else shapely.make_valid(geom)))
    return out


#: Parts of a band smaller than this fraction of its area are floating-point slivers of the difference.
SLIVER_FRACTION = 1e-12


def _without_slivers(geom: shapely.Geometry) -> shapely.Geometry:
    """Drop polygon parts whose area is a negligible fraction of the whole.

    Subtracting two nearly global discs leaves zero-width slivers (1e-19
    square degrees beside a 0.14 square-degree band) where their boundaries
    meet; they are not part of the band and would be drawn as stray dots.
    """
    parts = polygon_parts(geom)
    if not parts:
        return geom
    total = sum(p.area for p in parts)
    kept = [p for p in parts if p.area >= SLIVER_FRACTION * total]
    if len(kept) == len(parts) and shapely.get_type_id(geom) in (3, 6):
        return geom
    return kept[0] if len(kept) == 1 else MultiPolygon(kept)


def band(*, lat: float, lon: float, inner_km: float, outer_km: float) -> Polygon | MultiPolygon:
    """The annulus between ``inner_km`` and ``outer_km`` around one centre.

    Examples
    --------
    >>> b = band(lat=10.5, lon=-66.9, inner_km=1500, outer_km=2500)
    >>> b.geom_type, len(b.interiors)
    ('Polygon', 1)
    """
    geom = bands(lat=lat, lon=lon, inner_km=inner_km, outer_km=outer_km)[0]
    assert isinstance(geom, Polygon | MultiPolygon)
    return geom

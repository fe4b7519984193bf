"""Assembling a ring's vertices into polygons: the antimeridian, the poles and the antipode.

A disc that encloses a pole contains it, one that crosses ±180 is cut there
(RFC 7946) at points solved on the circle (:mod:`georange._cut`, with the
``antimeridian`` package as the fallback), and one that encloses both poles
is the globe minus a small loop around the antipode.  Results keep RFC 7946
winding.  Used by :func:`georange.geodesy.rings` and :func:`georange.geodesy.bands`.
"""

from __future__ import annotations

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import MultiPolygon, Polygon, box

from georange import _cut as _cut_mod
from georange._rings import WGS84, wrap_lon


def poles_enclosed(
    lat: NDArray[np.float64], lon: NDArray[np.float64], radius_m: NDArray[np.float64]
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Whether each disc contains the north and the south pole."""
    n = lat.size
    _, _, dist = WGS84.inv(
        np.r_[lon, lon],
        np.r_[lat, lat],
        np.zeros(2 * n),
        np.r_[np.full(n, 90.0), np.full(n, -90.0)],
    )
    dist = np.asarray(dist)
    return dist[:n] < radius_m, dist[n:] < radius_m


def _cut(
    shell: Polygon, *, pole: float | None = None, edge_lat: NDArray[np.float64] | None = None
) -> Polygon | MultiPolygon:
    """Cut a ring's shell at the antimeridian (RFC 7946); ``pole`` is the latitude of the pole it encloses.

    The shapes rings take (two crossings and no pole, or one crossing around
    a pole) are cut natively (:mod:`georange._cut`); anything else goes to
    the ``antimeridian`` package.
    """
    xy = np.asarray(shell.exterior.coords)[:-1]
    native = _cut_mod.cut_loop(xy[:, 0], xy[:, 1], pole=pole, edge_lat=edge_lat)
    if native is not None:
        fixed = native
    else:
        import antimeridian  # the fallback, for the cases the native cut does not handle

        fixed = antimeridian.fix_polygon(shell, fix_winding=False)
    return as_ccw(fixed if fixed.is_valid else shapely.make_valid(fixed))


def as_ccw(geom: shapely.Geometry) -> Polygon | MultiPolygon:
    """RFC 7946 winding: exteriors counter-clockwise, holes clockwise."""
    oriented = shapely.orient_polygons(geom, exterior_cw=False)
    if isinstance(oriented, Polygon | MultiPolygon):
        return oriented
    return MultiPolygon(polygon_parts(oriented))


def special_disc(
    coords: NDArray[np.float64],
    *,
    both_poles: bool,
    crosses: bool,
    pole: float | None,
    edge_lat: NDArray[np.float64],
) -> Polygon | MultiPolygon:
    """A disc that encloses a pole or crosses the antimeridian.

    ``edge_lat[k]`` is where the circle crosses ±180 between vertices ``k``
    and ``k + 1`` (NaN where it does not).
    """
    if both_poles:
        # The boundary is a small loop around the antipode; the disc is the rest.
        # At (nearly) half the meridian the loop collapses to a point and the
        # disc is the whole globe.
        unwrapped = coords.copy()
        unwrapped[:, 0] = coords[0, 0] + wrap_lon(coords[:, 0] - coords[0, 0])
        if Polygon(unwrapped).area < 1e-12:  # square degrees: a point, not a loop
            return as_ccw(box(-180.0, -90.0, 180.0, 90.0))
        loop = Polygon(coords)
        n = len(coords)
        reverse = np.r_[0, np.arange(n - 1, 0, -1)]  # Polygon.reverse() keeps the first vertex
        backwards = edge_lat[reverse[(np.arange(n) + 1) % n]]  # edge p runs back along edge reverse[p + 1]
        hole = _cut(loop.reverse(), edge_lat=backwards) if crosses else loop
        hole = MultiPolygon(polygon_parts(hole if hole.is_valid else shapely.make_valid(hole)))
        return as_ccw(box(-180.0, -90.0, 180.0, 90.0).difference(hole))
    return _cut(Polygon(coords), pole=pole, edge_lat=edge_lat)


def antimeridian_crossings(
    idx: NDArray[np.intp],
    nxt: NDArray[np.intp],
    step: NDArray[np.float64],
    jumps: NDArray[np.intp],
    az: NDArray[np.float64],
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    radius_m: NDArray[np.float64],
) -> NDArray[np.float64]:
    """For every vertex, where its ring crosses ±180 before the next vertex (NaN where it is not cut)."""
    edge_lat = np.full(idx.size, np.nan)
    if jumps.size:
        ring = idx[jumps]
        edge_lat[jumps] = _cut_mod.crossing_lats(
            WGS84,
            lat=lat[ring],
            lon=lon[ring],
            radius_m=radius_m[ring],
            az_start=az[jumps],
            az_end=az[nxt[jumps]],
            side=_cut_mod.jump_side(step[jumps]),
        )
    return edge_lat


def polygon_parts(geom: shapely.Geometry) -> list[Polygon]:
    """The Polygon parts of a geometry that have an area."""
    return [g for g in shapely.get_parts(geom) if isinstance(g, Polygon) and g.area > 0]

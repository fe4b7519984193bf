"""Polygon outlines without the seams: edges along the map frame that belong to no circle.

A ring cut at the antimeridian, a disc around a pole, or a layer clipped to a
box has straight edges along ``lon = +-180``, ``lat = +-90`` or the box.  Filled,
they do not show; stroked, they draw lines that are not part of any circle.
Renderers fill such polygons without a stroke and stroke their
:func:`seamless_outline` instead.  Nothing here computes distances: it only
drops segments of the geometry it is given.

>>> cap = shapely.Polygon([(-180, 85), (0, 86), (180, 85), (180, 90), (-180, 90)])
>>> has_seams(cap)
True
>>> seamless_outline(cap).wkt
'MULTILINESTRING ((-180 85, 0 86, 180 85))'
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely

__all__ = ["FRAME_XS", "FRAME_YS", "has_seams", "seamless_outline"]

#: The map frame: the antimeridian and the pole lines.
FRAME_XS = (-180.0, 180.0)
FRAME_YS = (-90.0, 90.0)
_ON_LINE_DEG = 1e-7


def _seam_segments(xy: np.ndarray, xs: Sequence[float], ys: Sequence[float]) -> np.ndarray:
    """Which segments of the line through ``xy`` run along one of the lines ``x`` in ``xs`` or ``y`` in ``ys``."""
    on_x = np.any([np.abs(xy[:, 0] - x) < _ON_LINE_DEG for x in xs], axis=0)
    on_y = np.any([np.abs(xy[:, 1] - y) < _ON_LINE_DEG for y in ys], axis=0)
    along_x = on_x[:-1] & on_x[1:] & (xy[:-1, 0] == xy[1:, 0])
    along_y = on_y[:-1] & on_y[1:] & (xy[:-1, 1] == xy[1:, 1])
    seams: np.ndarray = along_x | along_y
    return seams


def _rings(geom: shapely.Geometry | None) -> list[np.ndarray]:
    if geom is None:
        return []
    return [shapely.get_coordinates(part) for part in shapely.get_parts(shapely.boundary(geom))]


def has_seams(geom: shapely.Geometry | None, xs: Sequence[float] = FRAME_XS, ys: Sequence[float] = FRAME_YS) -> bool:
    """Whether a (multi)polygon has an edge along the frame (``xs``, ``ys``)."""
    return any(bool(_seam_segments(xy, xs, ys).any()) for xy in _rings(geom))


def seamless_outline(
    geom: shapely.Geometry | None, xs: Sequence[float] = FRAME_XS, ys: Sequence[float] = FRAME_YS
) -> shapely.MultiLineString:
    """The outline of a (multi)polygon with its edges along the frame (``xs``, ``ys``) removed."""
    lines = []
    for xy in _rings(geom):
        seams = _seam_segments(xy, xs, ys)
        begin = 0
        for i in np.flatnonzero(seams).tolist():
            if i > begin:
                lines.append(xy[begin : i + 1])
            begin = i + 1
        if len(xy) - 1 > begin:
            lines.append(xy[begin:])
    return shapely.MultiLineString(lines) if lines else shapely.MultiLineString()

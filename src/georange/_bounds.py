"""Cheap, rigorous bounds on WGS84 geodesic distances, used to skip exact work.

A great-circle distance on a sphere of the mean Earth radius differs from the
WGS84 geodesic distance between the same two points by at most 0.56 % (the
worst case, over two million random, nearby and nearly antipodal pairs; pinned
by ``tests/test_bounds.py``).  The bounds here allow 1 % + 1 km, so a
comparison they decide is decided exactly as ``Geod.inv`` would decide it;
only the rest need ``Geod.inv``.

:class:`Edges` holds the straight (in longitude/latitude) edges of some
geometries with an upper bound on each edge's length on the ellipsoid; with
the vertex bounds this gives, for any point, a lower bound on the distance to
every point of each edge (triangle inequality), which is how
:func:`georange.geodesy.nearest_km` and the proximity tables discard all but a
few edges before solving anything exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray

#: Mean Earth radius (IUGG), km, for the spherical approximation.
SPHERE_KM = 6371.0088
#: Allowed relative difference between spherical and WGS84 distances (measured worst case 0.56 %).
REL = 0.01
#: Allowed absolute difference, km, on top of :data:`REL`.
ABS_KM = 1.0
#: Largest radius of curvature of the WGS84 ellipsoid (a**2 / b, at the poles), km: any path
#: that spans dlat and dlon radians (at |cos lat| <= c) is at most this times sqrt(dlat**2 + (c dlon)**2).
MAX_CURVATURE_KM = 6399.5937

Array = NDArray[np.float64]


def central_angle(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> Array:
    """Central angle between points on a sphere, in radians (haversine, vectorised)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlon = np.radians(np.asarray(lon2, dtype=float) - np.asarray(lon1, dtype=float))
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return np.asarray(2 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))), dtype=float)


def sphere_km(*, lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> Array:
    """Great-circle distance on the mean-radius sphere, km."""
    return SPHERE_KM * central_angle(lat1, lon1, lat2, lon2)


def lower_km(sphere: ArrayLike) -> Array:
    """A lower bound of the WGS84 distance, from the spherical one."""
    return np.maximum(np.asarray(sphere, dtype=float) * (1 - REL) - ABS_KM, 0.0)


def upper_km(sphere: ArrayLike) -> Array:
    """An upper bound of the WGS84 distance, from the spherical one."""
    return np.asarray(sphere, dtype=float) * (1 + REL) + ABS_KM


def _outline_parts(geom: shapely.Geometry) -> list[shapely.Geometry]:
    """The lines and points that make up a geometry's outline (polygons give their rings)."""
    parts = shapely.get_parts(geom)
    kinds = shapely.get_type_id(parts)
    simple = parts[(kinds <= 2) & ~shapely.is_empty(parts)]  # points, lines, linear rings
    out: list[shapely.Geometry] = [*simple, *shapely.get_rings(parts[kinds == 3])]
    for multi in parts[kinds >= 4]:  # collections inside collections
        out.extend(_outline_parts(multi))
    return out


@dataclass(frozen=True)
class Edges:
    """The straight edges of some geometries' outlines, grouped by geometry.

    ``lon``/``lat`` are the vertices; edge *k* joins vertices ``a[k]`` and
    ``b[k]`` (equal for a point); ``length_km[k]`` bounds its length on the
    ellipsoid from above; ``group[k]`` is the index of the geometry it came
    from, and edges are sorted by group (``starts`` gives each group's first).
    """

    lon: Array
    lat: Array
    a: NDArray[np.intp]
    b: NDArray[np.intp]
    length_km: Array
    group: NDArray[np.intp]
    starts: NDArray[np.intp]

    @classmethod
    def of(cls, geometries: Sequence[shapely.Geometry]) -> Edges:
        """Collect the edges of each geometry (none may be empty)."""
        lines: list[shapely.Geometry] = []
        owner: list[int] = []
        for g, geom in enumerate(geometries):
            parts = _outline_parts(geom)
            if not parts:
                raise ValueError(f"geometry {g} is empty")
            lines.extend(parts)
            owner.extend([g] * len(parts))
        xy, line_of = shapely.get_coordinates(np.asarray(lines, dtype=object), return_index=True)
        n = len(xy)
        same = line_of[:-1] == line_of[1:]
        a = np.flatnonzero(same)
        counts = np.bincount(line_of, minlength=len(lines))
        single = np.flatnonzero(counts[line_of] == 1)  # points: a zero-length edge each
        a = np.sort(np.concatenate([a, single]))
        b = np.where(np.isin(a, single), a, np.minimum(a + 1, n - 1))
        lon, lat = xy[:, 0].astype(float), xy[:, 1].astype(float)
        group = np.asarray(owner, dtype=np.intp)[line_of[a]]
        starts = np.searchsorted(group, np.arange(len(geometries)))
        return cls(lon, lat, a, b, _path_length_km(lon[a], lat[a], lon[b], lat[b]), group, starts)

    def bounds_from(self, *, lat: float, lon: float) -> tuple[Array, Array]:
        """Per edge, bounds (km) on the distance from a point.

        Returns a lower bound of the distance to every point of the edge and
        an upper bound of the distance to its nearer end.
        """
        sphere = sphere_km(lat1=lat, lon1=lon, lat2=self.lat, lon2=self.lon)
        lo, hi = lower_km(sphere), upper_km(sphere)
        edge_lower = np.maximum((lo[self.a] + lo[self.b] - self.length_km) / 2, 0.0)
        edge_upper = np.minimum(hi[self.a], hi[self.b])
        return edge_lower, edge_upper

    def group_bounds_from(self, *, lat: float, lon: float) -> tuple[Array, Array]:
        """Per geometry: lower and upper bounds of the distance from the point to its outline (km)."""
        lower, upper = self.bounds_from(lat=lat, lon=lon)
        return np.minimum.reduceat(lower, self.starts), np.minimum.reduceat(upper, self.starts)

    def candidates(self, mask: NDArray[np.bool_]) -> shapely.Geometry:
        """The edges selected by ``mask``, as one geometry (lines and points)."""
        a, b = self.a[mask], self.b[mask]
        points = a == b
        segs = np.stack([np.column_stack([self.lon[a], self.lat[a]]), np.column_stack([self.lon[b], self.lat[b]])], 1)
        parts = [*shapely.linestrings(segs[~points]), *shapely.points(segs[points][:, 0])]
        return shapely.geometrycollections(parts)


def _path_length_km(lon1: Array, lat1: Array, lon2: Array, lat2: Array) -> Array:
    """Upper bound of the length, on the ellipsoid, of straight lon/lat edges."""
    dphi = np.radians(lat2 - lat1)
    dlam = np.radians(lon2 - lon1)
    crosses = np.sign(lat1) != np.sign(lat2)
    cos_max = np.where(crosses, 1.0, np.cos(np.radians(np.minimum(np.abs(lat1), np.abs(lat2)))))
    return np.asarray(MAX_CURVATURE_KM * np.hypot(dphi, cos_max * dlam) * (1 + 1e-9) + 1e-9, dtype=float)

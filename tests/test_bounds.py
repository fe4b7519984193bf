"""The spherical bounds that prune exact geodesic work (georange._bounds) are rigorous.

Each bound is checked against independent ``Geod.inv`` computations: if a bound
were too tight, the pruned computations in geodesy.nearest_km and in the
proximity tables could give a different answer from the exhaustive one.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pyproj import CRS, Geod, Transformer
from shapely.geometry import GeometryCollection, LineString, MultiPoint, Point, Polygon, box

from georange import _bounds, geodesy, proximity

GEOD = Geod(ellps="WGS84")
lats = st.floats(-90.0, 90.0)
lons = st.floats(-180.0, 180.0)


def _geodesic_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    return np.asarray(GEOD.inv(lon1, lat1, lon2, lat2)[2]) / 1000.0


def test_sphere_differs_from_wgs84_by_at_most_056_percent() -> None:
    """The module's stated worst case, over random, nearby and nearly antipodal pairs."""
    rng = np.random.default_rng(11)
    n = 300_000
    lat1 = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
    lon1 = rng.uniform(-180, 180, n)
    lat2 = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
    lon2 = rng.uniform(-180, 180, n)
    k = n // 3
    lat2[:k] = np.clip(lat1[:k] + rng.normal(0, 0.01, k), -90, 90)
    lon2[:k] = lon1[:k] + rng.normal(0, 0.01, k)
    lat2[k : 2 * k] = np.clip(-lat1[k : 2 * k] + rng.normal(0, 0.5, k), -90, 90)
    lon2[k : 2 * k] = lon1[k : 2 * k] + 180 + rng.normal(0, 0.5, k)
    exact = _geodesic_km(lat1, lon1, lat2, lon2)
    sphere = _bounds.sphere_km(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)
    ok = sphere > 0
    worst = np.max(np.abs(exact[ok] - sphere[ok]) / sphere[ok])
    assert 0.004 < worst <= 0.0056  # the measured figure is real (not a vacuous bound)
    assert worst < _bounds.REL


@settings(max_examples=500, deadline=None)
@given(lat1=lats, lon1=lons, lat2=lats, lon2=lons)
def test_bounds_enclose_the_wgs84_distance(lat1, lon1, lat2, lon2) -> None:
    sphere = _bounds.sphere_km(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)
    exact = float(_geodesic_km(lat1, lon1, lat2, lon2))
    assert float(_bounds.lower_km(sphere)) <= exact <= float(_bounds.upper_km(sphere))


@settings(max_examples=300, deadline=None)
@given(lat1=lats, lon1=lons, dlat=st.floats(-5.0, 5.0), dlon=st.floats(-5.0, 5.0))
def test_edge_length_bound_covers_the_straight_lon_lat_path(lat1, lon1, dlat, dlon) -> None:
    """The path straight in longitude/latitude, summed finely with Geod.inv, is never longer than the bound."""
    lat2 = min(max(lat1 + dlat, -90.0), 90.0)
    lon2 = lon1 + dlon
    bound = _bounds.Edges.of([LineString([(lon1, lat1), (lon2, lat2)])]).length_km[0]
    t = np.linspace(0.0, 1.0, 2001)
    lat, lon = lat1 + (lat2 - lat1) * t, lon1 + (lon2 - lon1) * t
    path = _geodesic_km(lat[:-1], lon[:-1], lat[1:], lon[1:]).sum()
    assert path <= bound


def test_edges_of_every_geometry_kind() -> None:
    poly = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (1, 2), (2, 2), (2, 1)]])
    collection = GeometryCollection([Point(10, 10), LineString([(20, 0), (21, 0), (22, 0)])])
    edges = _bounds.Edges.of([poly, MultiPoint([(5, 5), (6, 6)]), collection])
    per_group = np.bincount(edges.group)
    assert per_group.tolist() == [4 + 4, 2, 1 + 2]  # two closed rings; two points; a point and two segments
    assert edges.starts.tolist() == [0, 8, 10]
    points = edges.a == edges.b
    assert points.sum() == 3 and (edges.length_km[points] < 1e-6).all()
    with pytest.raises(ValueError, match="empty"):
        _bounds.Edges.of([Polygon()])


def _nearest_exhaustive(lat: float, lon: float, geometry: shapely.Geometry, max_segment_deg: float) -> float:
    """The unpruned method: project the whole segmented outline with a from_crs AEQD, as georange did before."""
    if geometry.covers(Point(lon, lat)):
        return 0.0
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat!r} +lon_0={lon!r} +ellps=WGS84 +units=m")
    fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)

    def apply(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(fwd.transform(xy[:, 0], xy[:, 1]))

    projected = shapely.transform(shapely.segmentize(geometry, max_segment_deg), apply)
    target = projected.boundary if shapely.get_type_id(projected) in (3, 6) else projected
    _, near = shapely.ops.nearest_points(Point(0.0, 0.0), target)
    return math.hypot(near.x, near.y) / 1000.0


@pytest.fixture(scope="module")
def outlines() -> proximity.Outlines:
    return proximity.Outlines.shipped()


@settings(max_examples=60, deadline=None)
@given(
    iso=st.sampled_from(["USA", "FJI", "RUS", "ATA", "CUB", "IDN", "CHL"]),
    z=st.floats(-1.0, 1.0),
    lon=lons,
)
def test_pruned_nearest_equals_the_exhaustive_one(outlines, iso, z, lon) -> None:
    """Countries across the antimeridian (Fiji, Russia), around a pole (Antarctica), archipelagos.

    The exhaustive oracle measures in one AEQD plane around the point, which tears apart near the point's
    antipode: it is used only where the country stays 5 degrees from it (the antipodal case is tested below).
    """
    lat = math.degrees(math.asin(z))
    geom = outlines.country(iso)
    anti_lon = (lon + 360.0) % 360.0 - 180.0
    assume(min(geom.distance(Point(anti_lon + shift, -lat)) for shift in (-360.0, 0.0, 360.0)) > 5.0)
    got = geodesy.nearest_km(lat=lat, lon=lon, geometry=geom, max_segment_deg=0.05)
    assert got.distance_km == pytest.approx(_nearest_exhaustive(lat, lon, geom, 0.05), abs=1e-6)
    assert got.distance_km == pytest.approx(float(_geodesic_km(lat, lon, got.lat, got.lon)), abs=1e-6)


def test_pruned_nearest_with_the_antipode_inside_the_country(outlines) -> None:
    """Found by the test above: from (16.33 N, 0) the antipode lies in Fiji, the nearest coast is ~19,196 km
    away, and the AEQD oracle said 5,998 km.  Checked here against Geod.inv to every point of the outline
    segmented to 0.005 degrees (the nearest point is a vertex)."""
    lat, lon = math.degrees(math.asin(0.28125)), 0.0
    geom = outlines.country("FJI")
    got = geodesy.nearest_km(lat=lat, lon=lon, geometry=geom, max_segment_deg=0.05)
    xy = shapely.get_coordinates(shapely.segmentize(geom.boundary, 0.005))
    n = len(xy)
    dense = Geod(ellps="WGS84").inv(np.full(n, lon), np.full(n, lat), xy[:, 0], xy[:, 1])[2] / 1000.0
    assert got.distance_km == pytest.approx(dense.min(), abs=1e-6)
    assert got.distance_km > 19_000


@pytest.mark.parametrize(
    "geom",
    [Point(1.0, 0.5), MultiPoint([(3, 3), (-3, -3)]), LineString([(-1, 2), (2, 2), (2, 5)]), box(1.0, 1.0, 2.0, 2.0)],
    ids=["point", "multipoint", "line", "box"],
)
def test_pruned_nearest_on_points_and_lines(geom) -> None:
    got = geodesy.nearest_km(lat=0.0, lon=0.0, geometry=geom).distance_km
    assert got == pytest.approx(_nearest_exhaustive(0.0, 0.0, geom, 0.01), abs=1e-9)

"""Geodesy checked against independent computations.

Every accuracy claim of georange.geodesy has a test here:

* every ring vertex is the stated radius from its centre within 1 mm
  (independent ``Geod.inv`` on every vertex);
* every drawn edge stays within 0.05 % of the radius, measured at the edge's
  midpoint interpolated in Web Mercator with pyproj's own EPSG:3857
  transformation (not georange's formula);
* rings crossing the antimeridian are valid, cut MultiPolygons; rings
  enclosing a pole contain it; winding is RFC 7946 counter-clockwise.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pyproj import Geod, Transformer
from shapely.geometry import MultiPolygon, Point, Polygon

from georange import GeometryError, geodesy

GEOD = Geod(ellps="WGS84")
TO_MERCATOR = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
TO_LONLAT = Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)
HALF_MERIDIAN_KM = geodesy.HALF_MERIDIAN_KM
WEB_MERCATOR_MAX_LAT = 85.0511287798


def vertex_errors_m(lat: float, lon: float, radius_km: float) -> tuple[geodesy.RingVertices, np.ndarray]:
    (v,) = geodesy.ring_vertices(lat=lat, lon=lon, radius_km=radius_km)
    n = len(v.lon)
    _, _, dist = GEOD.inv(np.full(n, lon), np.full(n, lat), v.lon, v.lat)
    return v, np.abs(np.asarray(dist) - radius_km * 1000.0)


def mercator_edge_errors(lat: float, lon: float, radius_km: float, v: geodesy.RingVertices) -> np.ndarray:
    """Relative deviation at each edge's Web Mercator midpoint, via pyproj EPSG:3857."""
    lo, la = np.asarray(v.lon), np.asarray(v.lat)
    lo2, la2 = np.roll(lo, -1), np.roll(la, -1)
    keep = (np.abs(la) <= WEB_MERCATOR_MAX_LAT) & (np.abs(la2) <= WEB_MERCATOR_MAX_LAT)
    # Translate each edge to start at longitude 0 (Mercator x is linear in longitude),
    # so an edge across 180 is drawn the short way round, as after cutting.
    dlon = (lo2 - lo + 180.0) % 360.0 - 180.0
    x1, y1 = TO_MERCATOR.transform(np.zeros(keep.sum()), la[keep])
    x2, y2 = TO_MERCATOR.transform(dlon[keep], la2[keep])
    mlon, mlat = TO_LONLAT.transform((np.asarray(x1) + x2) / 2, (np.asarray(y1) + y2) / 2)
    mlon = (np.asarray(mlon) + lo[keep] + 180.0) % 360.0 - 180.0
    n = len(mlon)
    _, _, dist = GEOD.inv(np.full(n, lon), np.full(n, lat), mlon, mlat)
    return np.abs(np.asarray(dist) - radius_km * 1000.0) / (radius_km * 1000.0)


def exteriors(geom: Polygon | MultiPolygon) -> list[Polygon]:
    return list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]


# --- reference values -------------------------------------------------------------


def test_half_meridian_matches_geographiclib_value() -> None:
    # WGS84 quarter meridian 10001965.729 m (Karney, GeographicLib docs); half is twice that.
    assert HALF_MERIDIAN_KM == pytest.approx(20003.931459, abs=1e-6)


@pytest.mark.parametrize(
    ("lat1", "lon1", "lat2", "lon2", "expected_km"),
    [
        # pyproj's documented example: Boston -> Portland, 4164074.239 m on WGS84.
        (42 + 15 / 60, -71 - 7 / 60, 45 + 31 / 60, -123 - 41 / 60, 4164.074239),
        # Quarter meridian, equator to pole (GeographicLib): 10001965.729 m.
        (0.0, 0.0, 90.0, 0.0, 10001.965729),
        # A degree of longitude on the equator: a * pi / 180 = 111319.491 m.
        (0.0, 0.0, 0.0, 1.0, 111.319491),
    ],
    ids=["boston-portland", "quarter-meridian", "equator-degree"],
)
def test_distance_reference_values(lat1, lon1, lat2, lon2, expected_km) -> None:
    assert geodesy.distance_km(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2) == pytest.approx(expected_km, abs=1e-6)


def test_distance_is_vectorised() -> None:
    d = geodesy.distance_km(lat1=[0.0, 0.0], lon1=[0.0, 0.0], lat2=[0.0, 90.0], lon2=[1.0, 0.0])
    assert d.shape == (2,)
    assert d[1] == pytest.approx(10001.965729, abs=1e-6)


# --- vertices and edges -----------------------------------------------------------

CASES = [
    # (lat, lon, radius_km): the benchmark radii around Caracas, and hard places.
    *[(10.5, -66.9, r) for r in (0.001, 1.2, 20, 45, 300, 1500, 2500, 5500, 10000)],
    (0.0, 179.9, 500),
    (0.0, -180.0, 2500),
    (89.0, 30.0, 1000),
    (90.0, 0.0, 100),
    (-90.0, 45.0, 3000),
    (-60.0, 170.0, 9000),
    (45.0, 170.0, 15000),
    (0.0, 0.0, 19999.0),
    (10.0, 20.0, HALF_MERIDIAN_KM - 0.001),
    (90.0, 0.0, HALF_MERIDIAN_KM),
]


@pytest.mark.parametrize(("lat", "lon", "radius_km"), CASES)
def test_every_vertex_is_at_the_radius_within_1_mm(lat, lon, radius_km) -> None:
    _, err = vertex_errors_m(lat, lon, radius_km)
    assert err.max() <= 1e-3


@pytest.mark.parametrize(("lat", "lon", "radius_km"), CASES)
def test_every_drawn_edge_within_0_05_percent(lat, lon, radius_km) -> None:
    v, _ = vertex_errors_m(lat, lon, radius_km)
    rel = mercator_edge_errors(lat, lon, radius_km, v)
    if rel.size:
        assert rel.max() <= geodesy.EDGE_TOLERANCE


@pytest.mark.parametrize("lat", [0.0, 10.5, 45.0, 70.0])
def test_small_rings_use_no_more_vertices_than_needed(lat) -> None:
    """A 20 km ring needs ~100 vertices; 10 % fewer, evenly spaced, break the tolerance."""
    v, _ = vertex_errors_m(lat, -66.9, 20.0)
    n = len(v.lon)
    assert n <= 110
    fewer = int(n * 0.9)
    az = np.linspace(360.0, 0.0, fewer, endpoint=False)
    lon, lat_, _ = GEOD.fwd(np.full(fewer, -66.9), np.full(fewer, lat), az, np.full(fewer, 20e3))
    sparse = geodesy.RingVertices(lon=np.asarray(lon), lat=np.asarray(lat_), azimuth_deg=az)
    assert mercator_edge_errors(lat, -66.9, 20.0, sparse).max() > geodesy.EDGE_TOLERANCE


def test_mercator_deviation_helper_agrees_with_pyproj() -> None:
    v, _ = vertex_errors_m(30.0, 10.0, 4000.0)
    ours = geodesy.mercator_midpoint_deviation_m(
        lat=30.0, lon=10.0, radius_km=4000.0, vertex_lon=v.lon, vertex_lat=v.lat
    )
    theirs = mercator_edge_errors(30.0, 10.0, 4000.0, v) * 4000e3
    np.testing.assert_allclose(ours, theirs, atol=1e-3)


# --- topology ---------------------------------------------------------------------


def test_ring_across_the_antimeridian_is_a_valid_cut_multipolygon() -> None:
    geom = geodesy.ring(lat=0.0, lon=179.5, radius_km=500)
    assert isinstance(geom, MultiPolygon)
    assert geom.is_valid
    minx, _, maxx, _ = geom.bounds
    assert minx == -180.0 and maxx == 180.0
    assert geom.covers(Point(179.5, 0.0))
    assert geom.covers(Point(-179.0, 0.0))  # 166 km east of the centre, across 180
    assert not geom.covers(Point(0.0, 0.0))


@pytest.mark.parametrize(("lat", "lon"), [(80.0, 0.0), (85.0, 170.0), (90.0, 0.0), (75.0, -179.9)])
def test_ring_enclosing_the_north_pole_contains_it(lat, lon) -> None:
    geom = geodesy.ring(lat=lat, lon=lon, radius_km=2000)
    assert geom.is_valid
    assert geom.covers(Point(0.0, 90.0))
    assert geom.covers(Point(lon, lat))


def test_ring_enclosing_the_south_pole_contains_it() -> None:
    geom = geodesy.ring(lat=-70.0, lon=100.0, radius_km=3000)
    assert geom.is_valid and geom.covers(Point(0.0, -90.0))


def test_ring_touching_a_pole_without_enclosing_it() -> None:
    dist_to_pole_km = geodesy.distance_km(lat1=80.0, lon1=20.0, lat2=90.0, lon2=0.0)
    geom = geodesy.ring(lat=80.0, lon=20.0, radius_km=dist_to_pole_km - 0.01)
    assert geom.is_valid
    assert not geom.covers(Point(0.0, 90.0))
    assert not geom.covers(Point(-160.0, 89.99))


def test_ring_enclosing_both_poles_excludes_only_the_antipode_region() -> None:
    geom = geodesy.ring(lat=0.0, lon=0.0, radius_km=15000)
    assert geom.is_valid
    assert geom.covers(Point(0.0, 90.0)) and geom.covers(Point(0.0, -90.0))
    assert not geom.covers(Point(180.0, 0.0)) and not geom.covers(Point(-180.0, 0.0))
    assert geom.covers(Point(0.0, 0.0))


def test_half_meridian_ring_is_the_whole_globe() -> None:
    geom = geodesy.ring(lat=0.0, lon=0.0, radius_km=HALF_MERIDIAN_KM)
    assert geom.is_valid and geom.area == pytest.approx(360.0 * 180.0)


def test_nearly_whole_globe_ring() -> None:
    geom = geodesy.ring(lat=10.0, lon=-66.9, radius_km=HALF_MERIDIAN_KM - 1)
    assert geom.is_valid
    assert geom.covers(Point(-66.9, 10.0)) and geom.covers(Point(0.0, 90.0))
    assert not geom.covers(Point(113.1, -10.0))  # the antipode


def test_exteriors_are_counter_clockwise_and_geodesic_area_is_a_disc() -> None:
    """Clockwise rings would be the complement: check winding and the geodesic area."""
    for lat, lon, r in [(10.5, -66.9, 1500), (0.0, 179.5, 800), (80.0, 0.0, 2000)]:
        geom = geodesy.ring(lat=lat, lon=lon, radius_km=r)
        for part in exteriors(geom):
            assert part.exterior.is_ccw
        area_km2 = abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6
        # A geodesic disc's area is close to the spherical cap 2 pi R^2 (1 - cos(r / R)).
        cap = 2 * math.pi * 6371.0088**2 * (1 - math.cos(r / 6371.0088))
        assert area_km2 == pytest.approx(cap, rel=0.01)


def test_band_is_the_annulus() -> None:
    geom = geodesy.band(lat=10.5, lon=-66.9, inner_km=1500, outer_km=2500)
    assert geom.is_valid
    assert not geom.covers(Point(-66.9, 10.5))
    lon, lat, _ = GEOD.fwd(-66.9, 10.5, 30.0, 2000e3)
    assert geom.covers(Point(lon, lat))
    outer = abs(GEOD.geometry_area_perimeter(geodesy.ring(lat=10.5, lon=-66.9, radius_km=2500))[0])
    inner = abs(GEOD.geometry_area_perimeter(geodesy.ring(lat=10.5, lon=-66.9, radius_km=1500))[0])
    assert abs(GEOD.geometry_area_perimeter(geom)[0]) == pytest.approx(outer - inner, rel=1e-9)


@pytest.mark.parametrize(("inner", "outer"), [(0.001, 500.0), (499.9, 500.0), (5000.0, 19000.0)])
def test_bands_with_extreme_radii_are_valid(inner, outer) -> None:
    geom = geodesy.band(lat=-33.0, lon=151.0, inner_km=inner, outer_km=outer)
    assert geom.is_valid and not geom.is_empty


@pytest.mark.parametrize(
    ("lat", "lon", "inner", "outer", "margin_km"),
    [
        (-33.9, 18.4, 19990.0, 20003.9, 0.05),
        (0.0, 0.0, 19999.0, 20003.0, 0.05),
        # A wide loop around the antipode: edges may stray EDGE_TOLERANCE x radius (9.75 km) from the circle.
        (10.5, -66.9, 18500.0, 19500.0, geodesy.EDGE_TOLERANCE * 19500.0),
    ],
)
def test_nearly_global_bands_have_no_slivers(lat, lon, inner, outer, margin_km) -> None:
    """Subtracting two nearly global discs left zero-area slivers (1e-19 deg2) beside the band; they are dropped."""
    geom = geodesy.band(lat=lat, lon=lon, inner_km=inner, outer_km=outer)
    parts = list(shapely.get_parts(geom))
    assert geom.is_valid
    assert min(p.area for p in parts) > 1e-6 * geom.area
    # Nothing of the band was lost: near the antipode, a point is in the band exactly when Geod.inv puts it
    # between the radii (points within the drawing tolerance of either circle are not judged).
    alat, alon = -lat, lon + 180.0 if lon <= 0 else lon - 180.0
    half = (HALF_MERIDIAN_KM - inner) / 100.0 + 0.5  # degrees: reaches past the inner circle
    gx, gy = np.meshgrid(np.linspace(alon - half, alon + half, 61), np.linspace(alat - half, alat + half, 61))
    gx, gy = ((gx.ravel() + 180.0) % 360.0) - 180.0, gy.ravel()
    dist = GEOD.inv(np.full(gx.size, lon), np.full(gx.size, lat), gx, gy)[2] / 1000.0
    clear = (np.abs(dist - inner) > margin_km) & (np.abs(dist - outer) > margin_km)
    expected = (dist > inner) & (dist <= outer)
    got = shapely.covers(geom, shapely.points(gx, gy))
    assert clear.sum() > 3000 and expected[clear].any()
    assert (got[clear] == expected[clear]).all()


def test_vectorised_rings_match_single_rings() -> None:
    lats, lons, radii = [10.5, 0.0, 80.0], [-66.9, 179.5, 0.0], [300.0, 800.0, 2000.0]
    many = geodesy.rings(lat=lats, lon=lons, radius_km=radii)
    for geom, lat, lon, r in zip(many, lats, lons, radii, strict=True):
        assert shapely.equals_exact(geom, geodesy.ring(lat=lat, lon=lon, radius_km=r), tolerance=0)


@pytest.mark.parametrize("radius_km", [0.0, -5.0, HALF_MERIDIAN_KM + 0.01, math.nan, math.inf])
def test_bad_radius_is_refused(radius_km) -> None:
    with pytest.raises(GeometryError, match="radius_km"):
        geodesy.ring(lat=0.0, lon=0.0, radius_km=radius_km)


@pytest.mark.parametrize(("lat", "lon", "field"), [(91.0, 0.0, "lat"), (0.0, 181.0, "lon"), (math.nan, 0.0, "lat")])
def test_bad_centre_is_refused(lat, lon, field) -> None:
    with pytest.raises(GeometryError, match=field):
        geodesy.ring(lat=lat, lon=lon, radius_km=10.0)


def test_band_needs_inner_below_outer() -> None:
    with pytest.raises(GeometryError, match="inner_km"):
        geodesy.band(lat=0.0, lon=0.0, inner_km=10.0, outer_km=10.0)


# --- properties -------------------------------------------------------------------

latitudes = st.one_of(st.sampled_from([-90.0, 90.0, 0.0]), st.floats(-90.0, 90.0))
longitudes = st.one_of(st.sampled_from([-180.0, 180.0, 0.0]), st.floats(-180.0, 180.0))
radii = st.one_of(st.floats(0.001, 100.0), st.floats(100.0, 10000.0), st.floats(10000.0, HALF_MERIDIAN_KM))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lat=latitudes, lon=longitudes, radius_km=radii)
@example(lat=0.0, lon=0.0, radius_km=HALF_MERIDIAN_KM)  # found by hypothesis: the loop collapses
@example(lat=0.0, lon=180.0, radius_km=HALF_MERIDIAN_KM - 1e-6)
@example(lat=90.0, lon=-180.0, radius_km=0.001)
def test_property_valid_exact_and_contains_centre(lat, lon, radius_km) -> None:
    _, err = vertex_errors_m(lat, lon, radius_km)
    assert err.max() <= 1e-3
    geom = geodesy.ring(lat=lat, lon=lon, radius_km=radius_km)
    assert geom.is_valid and not geom.is_empty
    minx, miny, maxx, maxy = geom.bounds
    assert -180.0 <= minx <= maxx <= 180.0 and -90.0 <= miny <= maxy <= 90.0
    if radius_km < HALF_MERIDIAN_KM:
        assert geom.covers(Point(lon, lat))
    north = geodesy.distance_km(lat1=lat, lon1=lon, lat2=90.0, lon2=0.0) < radius_km
    assert geom.covers(Point(0.0, 90.0)) or not north


@st.composite
def crossing_rings(draw: st.DrawFn) -> tuple[float, float, float]:
    """A centre and radius whose circle crosses ±180 (never merely touches it).

    A point on the antimeridian (lat within ±85) is moved ``radius_km`` along
    an azimuth at least 15 degrees away from due east or west, so the circle
    passes through that point across the meridian, not along it.  Radii stop
    at 19,000 km: beyond that, near the antipode, the geodesic that was
    followed need not be the shortest one, so the point could be inside the
    circle instead of on it.
    """
    lat = draw(st.one_of(st.sampled_from([0.0, 85.0, -85.0]), st.floats(-85.0, 85.0)))
    lon = draw(st.sampled_from([180.0, -180.0]))
    azimuth = draw(st.one_of(st.floats(-75.0, 75.0), st.floats(105.0, 255.0)))
    radius_km = draw(st.one_of(st.floats(0.001, 100.0), st.floats(100.0, 10000.0), st.floats(10000.0, 19000.0)))
    clon, clat, _ = GEOD.fwd(lon, lat, azimuth, radius_km * 1000.0)
    return float(clat), float(clon), radius_km


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=crossing_rings())
@example(case=(-43.92282111098304, 121.1527029385793, 4948.930898054566))  # coarse edges near the pole
def test_property_antimeridian_cut_points_are_on_the_circle(case: tuple[float, float, float]) -> None:
    """A ring that crosses ±180 is cut there, and the new vertices are solved on the circle (Geod.inv, 1 mm).

    Every example crosses (see :func:`crossing_rings`), so the ring must come
    back cut: split in two (a MultiPolygon) unless it encloses a pole, and with
    vertices on ±180 either way; a ring left whole fails.  Corners on the pole
    line (lat ±90) close polar rings and are not on the circle.
    """
    lat, lon, radius_km = case
    geom = geodesy.ring(lat=lat, lon=lon, radius_km=radius_km)
    assert geom.is_valid
    polar = any(GEOD.inv(lon, lat, 0.0, pole)[2] <= radius_km * 1000.0 for pole in (90.0, -90.0))
    assert polar or isinstance(geom, MultiPolygon), "a ring crossing ±180 and enclosing no pole is not cut"
    xy = shapely.get_coordinates(geom)
    cut = (np.abs(xy[:, 0]) == 180.0) & (np.abs(xy[:, 1]) < 90.0)
    assert cut.any(), "a ring crossing ±180 has no vertex on ±180"
    n = int(cut.sum())
    _, _, dist = GEOD.inv(np.full(n, lon), np.full(n, lat), xy[cut, 0], xy[cut, 1])
    assert np.abs(np.asarray(dist) - radius_km * 1000.0).max() <= 1e-3


@settings(max_examples=60, deadline=None)
@given(lat=st.floats(-80.0, 80.0), lon=longitudes, radius_km=st.floats(1.0, 9000.0))
def test_property_inside_means_within_the_radius(lat, lon, radius_km) -> None:
    """Sampled points are inside the polygon exactly when Geod.inv puts them within the radius.

    Points within the edge tolerance of the circle are skipped (chords cut there),
    and so are points beyond Web Mercator's latitude limit, where edges are not
    refined because no web map draws them.
    """
    geom = geodesy.ring(lat=lat, lon=lon, radius_km=radius_km)
    rng = np.random.default_rng(0)
    az = rng.uniform(0.0, 360.0, 200)
    dist = radius_km * 1000.0 * rng.uniform(0.5, 1.5, 200)
    plon, plat, _ = GEOD.fwd(np.full(200, lon), np.full(200, lat), az, dist)
    _, _, true_dist = GEOD.inv(np.full(200, lon), np.full(200, lat), plon, plat)
    margin = radius_km * 1000.0 * geodesy.EDGE_TOLERANCE
    clear = np.abs(np.asarray(true_dist) - radius_km * 1000.0) > margin
    clear &= np.abs(np.asarray(plat)) <= WEB_MERCATOR_MAX_LAT
    inside = shapely.covers(geom, shapely.points(np.asarray(plon), np.asarray(plat)))
    expected = np.asarray(true_dist) <= radius_km * 1000.0
    assert (inside[clear] == expected[clear]).all()


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lat=latitudes, lon=longitudes, radius_km=radii)
def test_property_many_examples(lat, lon, radius_km) -> None:
    """The same properties over thousands of examples: ``pytest -m slow``."""
    test_property_valid_exact_and_contains_centre.hypothesis.inner_test(lat, lon, radius_km)

"""The native antimeridian cut (georange._cut) on hand-made loops, and its fallback."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon

from georange import _cut, geodesy


def _loop(points: list[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    xy = np.asarray(points, dtype=float)
    return xy[:, 0], xy[:, 1]


def test_a_square_astride_the_antimeridian_becomes_two_halves() -> None:
    lon, lat = _loop([(178.0, -1.0), (-178.0, -1.0), (-178.0, 1.0), (178.0, 1.0)])
    geom = _cut.cut_loop(lon, lat, pole=None, edge_lat=None)
    assert geom is not None and geom.geom_type == "MultiPolygon" and geom.is_valid
    parts = sorted(shapely.get_parts(geom), key=lambda p: p.bounds[0])
    assert [p.bounds for p in parts] == [(-180.0, -1.0, -178.0, 1.0), (178.0, -1.0, 180.0, 1.0)]
    assert geom.area == pytest.approx(8.0)


def test_a_loop_around_the_north_pole_is_closed_along_the_pole_line() -> None:
    lons = np.arange(170.0, -190.0, -20.0)  # decreasing, wrapped to [-180, 180)
    lon, lat = _wrap(lons), np.full(lons.size, 80.0)
    geom = _cut.cut_loop(lon, lat, pole=90.0, edge_lat=None)
    assert geom is not None and geom.is_valid
    assert geom.bounds == (-180.0, 80.0, 180.0, 90.0)
    assert geom.area == pytest.approx(360.0 * 10.0)


def _wrap(lon: np.ndarray) -> np.ndarray:
    return (lon + 180.0) % 360.0 - 180.0


def test_a_vertex_exactly_on_the_antimeridian_is_its_own_cut_point() -> None:
    lon, lat = _loop([(179.0, -1.0), (-180.0, -1.0), (-179.0, -1.0), (-179.0, 1.0), (179.0, 1.0)])
    geom = _cut.cut_loop(lon, lat, pole=None, edge_lat=None)
    assert geom is not None and geom.is_valid
    assert geom.area == pytest.approx(4.0)
    coords = shapely.get_coordinates(geom)
    assert len(coords) == len(np.unique(coords, axis=0)) + 2  # each part repeats only its first point


@pytest.mark.parametrize("pole", [None, 90.0])
def test_unusual_shapes_are_left_to_the_antimeridian_package(pole) -> None:
    """Three jumps is not a ring's shape: cut_loop declines, and geodesy._cut falls back."""
    points = [(170.0, 0.0), (-170.0, 1.0), (170.0, 2.0), (-170.0, 3.0), (160.0, 5.0), (160.0, -5.0)]
    lon, lat = _loop(points)
    assert _cut.cut_loop(lon, lat, pole=pole, edge_lat=None) is None
    fixed = geodesy._cut(Polygon(points))
    assert fixed.is_valid and not fixed.is_empty
    assert fixed.bounds[0] == -180.0 and fixed.bounds[2] == 180.0

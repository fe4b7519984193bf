"""The static map's projection: an azimuthal equidistant projection centred on the sites.

Layers are clipped to longitude/latitude windows that keep the antimeridian
and the antipode out, then reprojected, so nothing smears across the map;
polygons are stroked along their outlines less the seams, and the map's view
is fitted to what it must show.  This is display geometry only: every
distance comes from :mod:`georange.geodesy` and :mod:`georange.proximity`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.transforms import Bbox
from pyproj import CRS

from georange import naturalearth
from georange.proximity import Proximity
from georange.render._seams import FRAME_XS, FRAME_YS, seamless_outline
from georange.scenario import Scenario

__all__ = ["MAX_VIEW_KM", "aeqd_crs", "lonlat_windows"]

#: The map never shows more than this many km from its centre, however large the rings.
MAX_VIEW_KM = 6500.0
_KM_PER_DEG = 111.32


def aeqd_crs(lat: float, lon: float) -> CRS:
    """The azimuthal equidistant projection (WGS84 ellipsoid) centred at ``lat``, ``lon``."""
    return CRS.from_proj4(f"+proj=aeqd +lat_0={lat:.6f} +lon_0={lon:.6f} +ellps=WGS84 +units=m +no_defs")


def _centre(points: Sequence[shapely.Point]) -> tuple[float, float]:
    """Mean latitude and circular-mean longitude of the points (works across the antimeridian)."""
    if not points:
        return 0.0, 0.0
    lat = float(np.mean([p.y for p in points]))
    lon_rad = np.radians([p.x for p in points])
    lon = float(np.degrees(np.arctan2(np.sin(lon_rad).mean(), np.cos(lon_rad).mean())))
    return lat, lon


def lonlat_windows(lat: float, lon: float, radius_km: float) -> list[tuple[float, float, float, float]]:
    """Longitude/latitude boxes that hold everything within about ``radius_km`` of the centre.

    The boxes are split at the antimeridian and keep the antipode out (where
    the azimuthal equidistant projection tears), so clipped geometries project
    without smearing.  This is window arithmetic for display, not a distance.
    """
    dlat = radius_km / _KM_PER_DEG
    south, north = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    if north >= 90.0 or south <= -90.0:
        half = 180.0
    else:
        half = dlat / max(math.cos(math.radians(max(abs(south), abs(north)))), 1e-6)
    if south <= -lat <= north:
        half = min(half, 150.0)
    if half >= 180.0:
        return [(-180.0, south, 180.0, north)]
    west, east = lon - half, lon + half
    boxes = []
    if west < -180.0:
        boxes.append((west + 360.0, south, 180.0, north))
        west = -180.0
    if east > 180.0:
        boxes.append((-180.0, south, east - 360.0, north))
        east = 180.0
    boxes.append((west, south, east, north))
    return boxes


def _present(geoms: Any) -> np.ndarray:
    """Which geometries exist and are not empty."""
    arr = np.asarray(geoms, dtype=object)
    mask: np.ndarray = ~shapely.is_missing(arr) & ~shapely.is_empty(arr)
    return mask


def _clip(geoms: Any, box: tuple[float, float, float, float]) -> np.ndarray:
    """``shapely.clip_by_rect``, but points on the box's edge stay (a site at lon 180 is on the map).

    ``clip_by_rect`` drops points that lie exactly on the rectangle's boundary;
    points are kept whenever the closed box covers them.
    """
    arr = np.asarray(geoms, dtype=object)
    clipped: np.ndarray = np.asarray(shapely.clip_by_rect(arr, *box), dtype=object)
    points = np.isin(shapely.get_type_id(arr), (0, 4))  # Point, MultiPoint
    if points.any():
        clipped[points] = shapely.intersection(arr[points], shapely.box(*box))
    return clipped


def _project(
    frame: gpd.GeoDataFrame,
    crs: CRS,
    windows: Sequence[tuple[float, float, float, float]],
    *,
    densify: float = 0,
) -> gpd.GeoDataFrame:
    """Clip a lon/lat frame to the windows, then reproject it (rows may repeat, one per window)."""
    parts = []
    for box in windows:
        clipped = frame.copy()
        clipped["geometry"] = _clip(frame.geometry.values, box)
        parts.append(clipped[_present(clipped.geometry.values)])
    joined = gpd.GeoDataFrame(pd.concat(parts), geometry="geometry", crs=frame.crs)
    if densify and len(joined):
        joined["geometry"] = shapely.segmentize(joined.geometry.values, densify)
    return joined.to_crs(crs)


def _outlines(
    frame: gpd.GeoDataFrame, xs: Sequence[float] = FRAME_XS, ys: Sequence[float] = FRAME_YS
) -> gpd.GeoDataFrame:
    """The frame with each polygon replaced by its outline less the seams along ``xs`` and ``ys`` (lon/lat).

    Rings cut at the antimeridian or closed around a pole, and layers clipped
    to a box, are filled without an edge and stroked along these outlines.
    """
    out = frame.copy()
    out["geometry"] = [seamless_outline(g, xs, ys) for g in frame.geometry.values]
    return out


def _clip_view(frame: gpd.GeoDataFrame, view: Bbox, pad: float = 0.03) -> gpd.GeoDataFrame:
    """Projected geometries clipped a little beyond the view (smaller files, no stray paths)."""
    dx, dy = view.width * pad, view.height * pad
    x0, y0, x1, y1 = view.x0 - dx, view.y0 - dy, view.x1 + dx, view.y1 + dy
    geoms = _clip(frame.geometry.values, (x0, y0, x1, y1))
    out = frame.copy()
    out["geometry"] = geoms
    return out[_present(out.geometry.values)]


@dataclass(frozen=True)
class _Layers:
    """A scenario's drawable layers, reprojected to the figure's projection."""

    crs: CRS
    lat: float
    lon: float
    ranges: gpd.GeoDataFrame
    range_lines: gpd.GeoDataFrame
    sites: gpd.GeoDataFrame
    references: gpd.GeoDataFrame
    computed: gpd.GeoDataFrame
    places: gpd.GeoDataFrame


def _layers(scenario: Scenario, feats: gpd.GeoDataFrame, prox: Proximity) -> _Layers:
    sites = feats[feats["feature_type"] == "site"]
    lat, lon = _centre(list(sites.geometry))
    crs = aeqd_crs(lat, lon)
    windows = lonlat_windows(lat, lon, MAX_VIEW_KM * 1.5)
    ranges = feats[feats["feature_type"].isin(["ring", "band"])]
    refs = feats[feats["feature_type"] == "reference"]
    computed = prox.references[_present(prox.references.geometry.values)]
    places = gpd.GeoDataFrame(
        {"name": [p.name for p in scenario.places]},
        geometry=[shapely.Point(p.lon, p.lat) for p in scenario.places],
        crs="EPSG:4326",
    )
    return _Layers(
        crs=crs,
        lat=lat,
        lon=lon,
        ranges=_project(ranges, crs, windows),
        range_lines=_project(_outlines(ranges), crs, windows),
        sites=_project(sites, crs, windows),
        references=_project(refs, crs, windows),
        computed=_project(gpd.GeoDataFrame(computed, geometry="geometry", crs="EPSG:4326"), crs, windows),
        places=_project(places, crs, windows),
    )


def _main_view(layers: _Layers, aspect: float) -> Bbox:
    """The projected extent: every ring, site and reference, at most :data:`MAX_VIEW_KM` from the centre."""
    boxes = [f.total_bounds for f in (layers.ranges, layers.sites, layers.references) if len(f)]
    if not boxes:
        boxes = [np.array([-1e5, -1e5, 1e5, 1e5])]
    limit = MAX_VIEW_KM * 1000.0
    x0, y0 = max(min(b[0] for b in boxes), -limit), max(min(b[1] for b in boxes), -limit)
    x1, y1 = min(max(b[2] for b in boxes), limit), min(max(b[3] for b in boxes), limit)
    return _fit_aspect(Bbox.from_extents(x0, y0, x1, y1), aspect, pad=0.08, min_half=150e3)


def _fit_aspect(box: Bbox, aspect: float, *, pad: float, min_half: float) -> Bbox:
    """Grow a box (never shrink it) to width/height ``aspect``, with padding and a minimum size."""
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    half_w = max(box.width / 2 * (1 + pad), min_half)
    half_h = max(box.height / 2 * (1 + pad), min_half)
    if half_w / half_h < aspect:
        half_w = half_h * aspect
    else:
        half_h = half_w / aspect
    return Bbox.from_extents(cx - half_w, cy - half_h, cx + half_w, cy + half_h)


def _land(
    crs: CRS,
    lat: float,
    lon: float,
    view: Bbox,
    *,
    detail: bool,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Natural Earth countries for the basemap (fills and outlines), clipped, reprojected, lightly simplified.

    With ``detail``, the 10 m layer is used inside its box and the coarse one outside.
    """
    half_diagonal_km = math.hypot(view.width, view.height) / 2000.0
    reach_km = half_diagonal_km + math.hypot(view.x0 + view.x1, view.y0 + view.y1) / 2000.0
    layer = naturalearth.countries("coarse")[["geometry"]]
    xs, ys = [*FRAME_XS], [*FRAME_YS]
    if detail:
        fine = naturalearth.countries("detail")[["geometry"]]
        lon0, lat0, lon1, lat1 = fine.total_bounds
        coarse = layer.copy()
        coarse["geometry"] = shapely.difference(layer.geometry.values, shapely.box(lon0, lat0, lon1, lat1))
        layer = gpd.GeoDataFrame(pd.concat([fine, coarse]), geometry="geometry", crs="EPSG:4326")
        xs, ys = [*xs, lon0, lon1], [*ys, lat0, lat1]
    windows = lonlat_windows(lat, lon, reach_km * 1.2 + 200.0)
    out = []
    for frame in (layer, _outlines(layer, xs, ys)):
        projected = _clip_view(_project(frame, crs, windows, densify=0.5), view)
        projected["geometry"] = shapely.simplify(projected.geometry.values, view.width / 2000.0)
        out.append(projected[_present(projected.geometry.values)])
    return out[0], out[1]

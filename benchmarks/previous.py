"""The code this version replaced, re-created as the baseline for what this version gained.

Copied from georange before the commits that replaced it; only names and
imports differ.  ``gains.py`` times these against the current code on the
same inputs, in the same process, and checks that the answers agree.

Before commit 7ba2275 ("exact proximity by pruning"):

* :func:`aeqd` built two ``Transformer.from_crs`` per centre (now
  ``Transformer.from_pipeline``).
* :func:`nearest_km` segmentised and projected the *whole* geometry (now only
  the edges that spherical bounds cannot rule out).
* :func:`cities_in_range` computed one sites x cities distance matrix with
  ``Geod.inv`` (now per site, ``Geod.inv`` only where the bounds cannot decide).
* :func:`countries_reached` took every country whose bounding box meets the
  ring's, and ran ``Geod.inv`` over every vertex of each (now one pass of
  bounds over all outline edges per site; and a country that contains the
  site counts as reached, which this code missed).

Before commits fcdf67b, a4d8e2e and d8022ea:

* :func:`rings` is ``geodesy.rings`` with every cut at ±180° done by the
  ``antimeridian`` package (``antimeridian.fix_polygon``, cut points
  interpolated between two vertices), as before the native cut in
  ``georange._cut``: it forces ``georange._cut.cut_loop`` to decline, so
  ``geodesy._cut`` takes its fallback, which is the previous code.
* :func:`geometry_json` rounded with ``shapely.transform``, went through
  ``mapping`` and a recursive tuple-to-list pass (now numpy per ring).
* :func:`load_yaml` parsed with the pure-Python ``SafeLoader`` (now libyaml's
  ``CSafeLoader``, same strict rules).
"""

from __future__ import annotations

import functools
import math
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.ops
import yaml
from numpy.typing import ArrayLike
from pyproj import CRS, Transformer
from shapely.geometry import MultiPolygon, Point, Polygon

import georange
from georange import _cut, _yaml, geodesy, proximity


@functools.lru_cache(maxsize=256)
def aeqd(lat: float, lon: float) -> tuple[Transformer, Transformer]:
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat!r} +lon_0={lon!r} +ellps=WGS84 +units=m")
    fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    inv = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return fwd, inv


def nearest_km(*, lat: float, lon: float, geometry: shapely.Geometry, max_segment_deg: float = 0.01) -> geodesy.Nearest:
    if geometry.covers(Point(lon, lat)):
        return geodesy.Nearest(0.0, lat, lon)
    fwd, inv = aeqd(float(lat), float(lon))
    projected = geodesy._project(shapely.segmentize(geometry, max_segment_deg), fwd)
    target = projected.boundary if isinstance(projected, Polygon | MultiPolygon) else projected
    _, near = shapely.ops.nearest_points(Point(0.0, 0.0), target)
    near_lon, near_lat = inv.transform(near.x, near.y)
    return geodesy.Nearest(math.hypot(near.x, near.y) / 1000.0, float(near_lat), float(near_lon))


def territory_km(scenario: georange.Scenario, lines: proximity.Outlines) -> list[float]:
    """``territory_distances``' distances (site by site, each territory), with the previous ``nearest_km``."""
    targets = [lines.geometry(tuple(t.regions)) for t in scenario.territories]
    return [nearest_km(lat=s.lat, lon=s.lon, geometry=g).distance_km for s in scenario.sites for g in targets]


def cities_in_range(scenario: georange.Scenario, *, min_population: int, cities: pd.DataFrame) -> pd.DataFrame:
    table = cities[cities["population"] >= min_population]
    n_sites, n_cities = len(scenario.sites), len(table)
    lat1 = np.repeat([s.lat for s in scenario.sites], n_cities)
    lon1 = np.repeat([s.lon for s in scenario.sites], n_cities)
    lat2 = np.tile(table["lat"].to_numpy(), n_sites)
    lon2 = np.tile(table["lon"].to_numpy(), n_sites)
    dist = np.atleast_1d(geodesy.distance_km(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)).reshape(n_sites, n_cities)
    frames = []
    for i, site in enumerate(scenario.sites):
        for system_id in scenario.site_systems[site.id]:
            hit = dist[i] <= scenario.system(system_id).max_range.km
            frames.append(table.loc[hit].assign(site_id=site.id, system_id=system_id, distance_km=dist[i][hit]))
    columns = ["site_id", "system_id", "geonameid", "name", "country_code", "admin1_code", "population",
               "distance_km", "lat", "lon"]  # fmt: skip
    out = pd.concat(frames, ignore_index=True)[columns]
    return out.sort_values(["site_id", "system_id", "distance_km"], kind="stable").reset_index(drop=True)


def _bounds(lines: proximity.Outlines) -> gpd.GeoSeries:
    both = pd.concat([lines.detail[["iso_a3", "geometry"]], lines.coarse[["iso_a3", "geometry"]]])
    boxes = both.geometry.bounds.groupby(both["iso_a3"].to_numpy()).agg(
        {"minx": "min", "miny": "min", "maxx": "max", "maxy": "max"}
    )
    return gpd.GeoSeries(shapely.box(*boxes.to_numpy().T), index=boxes.index, crs="EPSG:4326").sort_index()


def _reaches(lat: float, lon: float, radius_km: float, geom: shapely.Geometry) -> bool:
    xy = shapely.get_coordinates(geom)
    n = len(xy)
    vertex_km = np.atleast_1d(
        geodesy.distance_km(lat1=np.full(n, lat), lon1=np.full(n, lon), lat2=xy[:, 1], lon2=xy[:, 0])
    )
    if vertex_km.min() <= radius_km:
        return True
    edge_km = np.atleast_1d(geodesy.distance_km(lat1=xy[:-1, 1], lon1=xy[:-1, 0], lat2=xy[1:, 1], lon2=xy[1:, 0]))
    if vertex_km.min() - edge_km.max() / 2 > radius_km:
        return False
    return nearest_km(lat=lat, lon=lon, geometry=geom, max_segment_deg=0.05).distance_km <= radius_km


def countries_reached(scenario: georange.Scenario, lines: proximity.Outlines) -> list[list[str]]:
    """The ``countries`` column of ``proximity.coverage``, ring by ring, as the previous version computed it."""
    out: list[list[str]] = []
    for site in scenario.sites:
        for system_id in scenario.site_systems[site.id]:
            radius_km = scenario.system(system_id).max_range.km
            disc_box = shapely.box(*geodesy.ring(lat=site.lat, lon=site.lon, radius_km=radius_km).bounds)
            candidates = _bounds(lines)
            near = candidates[shapely.intersects(candidates.geometry.values, disc_box)].index
            out.append([iso for iso in near if _reaches(site.lat, site.lon, radius_km, lines.country(iso))])
    return out


def clear_caches() -> None:
    """Forget built transformers (both versions), so each timing builds its own."""
    aeqd.cache_clear()
    geodesy._aeqd.cache_clear()


def rings(*, lat: ArrayLike, lon: ArrayLike, radius_km: ArrayLike) -> np.ndarray:
    """``geodesy.rings`` with every cut at ±180° by the ``antimeridian`` package, as before ``georange._cut``."""
    native = _cut.cut_loop
    _cut.cut_loop = lambda *args, **kwargs: None  # geodesy._cut falls back to antimeridian.fix_polygon
    try:
        return geodesy.rings(lat=lat, lon=lon, radius_km=radius_km)
    finally:
        _cut.cut_loop = native


def geometry_json(geom: shapely.Geometry, decimals: int = 6) -> dict[str, Any]:
    """A GeoJSON geometry mapping with coordinates rounded to ``decimals``."""
    rounded = shapely.transform(geom, lambda xy: np.round(xy, decimals))
    mapping: dict[str, Any] = shapely.geometry.mapping(rounded)
    result: dict[str, Any] = _lists(mapping)
    return result


def _lists(value: Any) -> Any:
    """Tuples to lists, so equal geometries serialise identically."""
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_lists(v) for v in value]
    return value


def load_yaml(text: str) -> Any:
    """``georange._yaml.load`` before libyaml: the same strict rules on the pure-Python parser."""
    return yaml.load(text, Loader=_yaml.PythonStrictLoader)

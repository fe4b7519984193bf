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

Before commits fcdf67b and d8022ea:

* :func:`rings` cut every ring that crosses ±180° or encloses a pole with the
  ``antimeridian`` package (``antimeridian.fix_polygon``, cut points
  interpolated between two vertices), as ``geodesy.rings`` did before its
  native cut.  It is rebuilt from public pieces: the same vertices
  (``geodesy.ring_vertices``), the poles a disc encloses by ``Geod.inv``, and
  ``fix_polygon``; nothing in georange is patched.
* :func:`load_yaml` parsed with the pure-Python ``SafeLoader`` (now libyaml's
  ``CSafeLoader``); the strict rules (no duplicate keys, dates kept as text)
  are copied here.

Only public names of georange are used.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import antimeridian
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.ops
import yaml
from numpy.typing import ArrayLike
from pyproj import CRS, Transformer
from shapely.geometry import MultiPolygon, Point, Polygon, box
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode

import georange
from georange import geodesy, proximity


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
    projected = shapely.transform(
        shapely.segmentize(geometry, max_segment_deg), lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1]))
    )
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


def _as_ccw(geom: shapely.Geometry) -> Polygon | MultiPolygon:
    oriented = shapely.orient_polygons(geom, exterior_cw=False)
    if isinstance(oriented, Polygon | MultiPolygon):
        return oriented
    return MultiPolygon([g for g in shapely.get_parts(oriented) if isinstance(g, Polygon) and g.area > 0])


def _fixed(shell: Polygon) -> Polygon | MultiPolygon:
    fixed = antimeridian.fix_polygon(shell, fix_winding=False)
    return _as_ccw(fixed if fixed.is_valid else shapely.make_valid(fixed))


def _special(lon: np.ndarray, lat: np.ndarray, *, both_poles: bool, crosses: bool) -> Polygon | MultiPolygon:
    """A disc that crosses ±180° or encloses a pole, cut by ``antimeridian.fix_polygon``."""
    coords = np.column_stack([lon, lat])
    if not both_poles:
        return _fixed(Polygon(coords))
    # The boundary is a small loop around the antipode; the disc is the rest of the globe.
    unwrapped = coords.copy()
    unwrapped[:, 0] = coords[0, 0] + (coords[:, 0] - coords[0, 0] + 180.0) % 360.0 - 180.0
    if Polygon(unwrapped).area < 1e-12:
        return _as_ccw(box(-180.0, -90.0, 180.0, 90.0))
    loop = Polygon(coords)
    hole = _fixed(loop.reverse()) if crosses else loop
    hole = hole if hole.is_valid else shapely.make_valid(hole)
    return _as_ccw(box(-180.0, -90.0, 180.0, 90.0).difference(hole))


def rings(*, lat: ArrayLike, lon: ArrayLike, radius_km: ArrayLike) -> np.ndarray:
    """``geodesy.rings`` as before its native cut: every cut at ±180° by the ``antimeridian`` package."""
    lat_a, lon_a, rad_a = (np.ravel(a).astype(float) for a in np.broadcast_arrays(lat, lon, radius_km))
    n = lat_a.size
    _, _, to_pole = geodesy.WGS84.inv(
        np.r_[lon_a, lon_a], np.r_[lat_a, lat_a], np.zeros(2 * n), np.r_[np.full(n, 90.0), np.full(n, -90.0)]
    )
    to_pole = np.asarray(to_pole)
    north, south = to_pole[:n] < rad_a * 1e3, to_pole[n:] < rad_a * 1e3
    out = np.empty(n, dtype=object)
    for i, v in enumerate(geodesy.ring_vertices(lat=lat_a, lon=lon_a, radius_km=rad_a)):
        crosses = bool((np.abs(np.diff(np.r_[v.lon, v.lon[:1]])) > 180.0).any())
        if crosses or north[i] or south[i]:
            out[i] = _special(v.lon, v.lat, both_poles=bool(north[i] and south[i]), crosses=crosses)
        else:
            out[i] = Polygon(np.column_stack([v.lon, v.lat]))
    return out


class _Strict(SafeConstructor):
    """No duplicate keys (copied from ``georange``'s YAML loader)."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:
                continue
            if duplicate:
                raise ConstructorError(None, None, f"found duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# Dates stay strings.
_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _PythonStrictLoader(_Strict, yaml.SafeLoader):
    """The pure-Python parser with georange's rules: no duplicate keys, dates kept as text."""

    yaml_implicit_resolvers = _RESOLVERS


def load_yaml(text: str) -> Any:
    """The scenario loader's YAML parse before libyaml: the same strict rules on the pure-Python parser."""
    return yaml.load(text, Loader=_PythonStrictLoader)

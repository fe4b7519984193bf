"""Accuracy: georange's rings against three common ways of drawing a range ring.

Methods, each at the same centres and radii:

``georange``
    :func:`georange.geodesy.ring` (vertices from ``Geod.fwd``, adaptive
    density, cut at the antimeridian, poles enclosed).
``AEQD buffer``
    The usual geopandas recipe: project the centre to a local azimuthal
    equidistant CRS, ``buffer(radius, quad_segs=q)``, reproject to EPSG:4326.
    ``q = ceil(n / 4)`` where ``n`` is georange's vertex count for the same
    ring, so both have (about) the same number of vertices.
``degree buffer``
    ``Point(lon, lat).buffer(radius_km / 111.32, quad_segs=q)`` in degrees.
``Leaflet L.Circle``
    What ``folium.Circle`` draws: Leaflet 1.9.4's ``L.Circle._project`` for an
    Earth CRS (see :func:`leaflet_circle`), an ellipse in Web Mercator,
    sampled at 3,600 points.

Every result is checked against an independent ``Geod.inv`` from the centre:

* vertex error: ``|distance(centre, vertex) - radius|`` over every vertex
  (vertices at a pole, which only close a ring around it, are left out; the
  cut points on ±180° count: georange solves them on the circle);
* edge error: the same at the midpoint of every edge *as a web map draws it*,
  a straight line in Web Mercator between the coordinates as given (no
  wrapping), for edges inside Web Mercator's ±85.0511° (no web map draws
  beyond); for ``L.Circle`` both are the drawn curve itself;
* validity in longitude/latitude: shapely ``is_valid`` and coordinates within
  ±180°/±90°; whether a ring whose circle crosses ±180° is handled there; whether
  a ring that encloses a pole contains it;
* probes: 360 points at 0.9 and 1.1 times the radius (180 azimuths, ``Geod.fwd``,
  longitudes in [-180, 180] as a GIS reading the data would use) that the
  geometry puts on the wrong side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from _bench import fmt_m, fmt_pct, table
from pyproj import CRS, Geod
from shapely.geometry import Point, Polygon

from georange import geodesy

GEOD = Geod(ellps="WGS84")
CENTRES = {"Caracas": (10.4806, -66.9036), "near ±180°": (0.0, 179.5), "near the pole": (80.0, 0.0)}
RADII_KM = (20, 45, 300, 1500, 2500, 5500, 10000)
QUICK_RADII_KM = (45, 2500)
METHODS = ("georange", "AEQD buffer", "degree buffer", "Leaflet L.Circle")
KM_PER_DEGREE = 111.32
PROBE_AZIMUTHS = 180
LEAFLET_SAMPLES = 3600

# Leaflet 1.9.4 constants: L.CRS.Earth.R and L.Projection.SphericalMercator.R / MAX_LATITUDE.
LEAFLET_EARTH_R = 6371e3
MERCATOR_R = 6378137.0
MERCATOR_MAX_LAT = 85.0511287798


# --------------------------------------------------------------------------- the alternatives


def aeqd_buffer(lat: float, lon: float, radius_km: float, quad_segs: int) -> shapely.Geometry:
    """The common geopandas recipe: buffer in a local azimuthal equidistant CRS, then reproject."""
    aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    centre = gpd.GeoSeries([Point(lon, lat)], crs="EPSG:4326").to_crs(aeqd)
    return centre.buffer(radius_km * 1000.0, quad_segs=quad_segs).to_crs("EPSG:4326").iloc[0]


def degree_buffer(lat: float, lon: float, radius_km: float, quad_segs: int) -> shapely.Geometry:
    """A buffer in degrees: ``radius_km / 111.32`` degrees of longitude/latitude."""
    return Point(lon, lat).buffer(radius_km / KM_PER_DEGREE, quad_segs=quad_segs)


def _merc_project(lat: float, lng: float) -> tuple[float, float]:
    """``L.Projection.SphericalMercator.project`` (latitude clamped to MAX_LATITUDE)."""
    d = math.pi / 180
    s = math.sin(max(min(MERCATOR_MAX_LAT, lat), -MERCATOR_MAX_LAT) * d)
    return MERCATOR_R * lng * d, MERCATOR_R * math.log((1 + s) / (1 - s)) / 2


def _merc_unproject(x: float | np.ndarray, y: float | np.ndarray) -> tuple[Any, Any]:
    """``L.Projection.SphericalMercator.unproject`` -> (lat, lng) in degrees."""
    d = 180 / math.pi
    return (2 * np.arctan(np.exp(np.asarray(y) / MERCATOR_R)) - math.pi / 2) * d, np.asarray(x) * d / MERCATOR_R


@dataclass(frozen=True)
class LeafletCircle:
    """The ellipse ``L.Circle`` draws, in Web Mercator metres (EPSG:3857)."""

    x: float
    y: float
    rx: float
    ry: float

    def outline(self, n: int = LEAFLET_SAMPLES) -> tuple[np.ndarray, np.ndarray]:
        """(lon, lat) of ``n`` points on the drawn ellipse (longitudes unwrapped, as drawn)."""
        t = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
        lat, lon = _merc_unproject(self.x + self.rx * np.cos(t), self.y + self.ry * np.sin(t))
        return lon, lat

    def contains(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Whether points lie inside the drawn ellipse (longitudes unwrapped around the centre)."""
        d = math.pi / 180
        clon = self.x / (MERCATOR_R * d)
        ulon = clon + (lon - clon + 180.0) % 360.0 - 180.0
        s = np.sin(np.clip(lat, -MERCATOR_MAX_LAT, MERCATOR_MAX_LAT) * d)
        x, y = MERCATOR_R * ulon * d, MERCATOR_R * np.log((1 + s) / (1 - s)) / 2
        inside = ((x - self.x) / self.rx) ** 2 + ((y - self.y) / self.ry) ** 2 <= 1.0
        return np.asarray(inside & (np.abs(lat) <= MERCATOR_MAX_LAT))


def leaflet_circle(lat: float, lng: float, radius_m: float) -> LeafletCircle:
    """Leaflet 1.9.4 ``L.Circle._project`` for an Earth CRS (``crs.distance === Earth.distance``).

    From ``src/georange/render/assets/leaflet/leaflet.js`` (the minified
    ``vi=gi.extend({... _project:function(){...}})``), de-minified::

        d = Math.PI / 180, latR = this._mRadius / Earth.R / d,
        top = map.project([lat + latR, lng]), bottom = map.project([lat - latR, lng]),
        p = top.add(bottom).divideBy(2), lat2 = map.unproject(p).lat,
        lngR = Math.acos((Math.cos(latR * d) - Math.sin(lat * d) * Math.sin(lat2 * d)) /
                         (Math.cos(lat * d) * Math.cos(lat2 * d))) / d;
        if (isNaN(lngR) || lngR === 0) { lngR = latR / Math.cos(Math.PI / 180 * lat); }
        this._point = p.subtract(map.getPixelOrigin());
        this._radius = isNaN(lngR) ? 0 : p.x - map.project([lat2, lng - lngR]).x;
        this._radiusY = p.y - top.y;

    with ``Earth.R = 6371000``; the SVG/Canvas renderer then draws an ellipse
    of radii ``(_radius, _radiusY)`` pixels around ``_point``.  Pixels are Web
    Mercator metres times a zoom-dependent scale (pixel y points down), so the
    ellipse is computed here in EPSG:3857 metres; it does not depend on the zoom.
    """
    d = math.pi / 180
    lat_r = radius_m / LEAFLET_EARTH_R / d
    top = _merc_project(lat + lat_r, lng)
    bottom = _merc_project(lat - lat_r, lng)
    px, py = (top[0] + bottom[0]) / 2, (top[1] + bottom[1]) / 2
    lat2 = float(_merc_unproject(px, py)[0])
    arg = (math.cos(lat_r * d) - math.sin(lat * d) * math.sin(lat2 * d)) / (math.cos(lat * d) * math.cos(lat2 * d))
    lng_r = math.acos(arg) / d if -1.0 <= arg <= 1.0 else math.nan  # JS Math.acos gives NaN outside [-1, 1]
    if math.isnan(lng_r) or lng_r == 0:
        lng_r = lat_r / math.cos(math.pi / 180 * lat)  # Leaflet's fallback (#2425)
    rx = px - _merc_project(lat2, lng - lng_r)[0]
    ry = top[1] - py  # pixel y grows downwards: p.y - top.y in pixels is top - p in metres
    return LeafletCircle(px, py, rx, ry)


# --------------------------------------------------------------------------- evaluation


def _distance_error(lat: float, lon: float, r_m: float, plon: np.ndarray, plat: np.ndarray) -> np.ndarray:
    n = len(plon)
    if n == 0:
        return np.array([])
    _, _, dist = GEOD.inv(np.full(n, lon), np.full(n, lat), plon, plat)
    return np.abs(np.asarray(dist) - r_m)


def _merc_y(lat: np.ndarray) -> np.ndarray:
    return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def _rings(geom: shapely.Geometry) -> list[np.ndarray]:
    out = []
    for part in shapely.get_parts(geom):
        if isinstance(part, Polygon):
            out += [np.asarray(r.coords)[:, :2] for r in (part.exterior, *part.interiors)]
    return out


def _at_pole(lat: np.ndarray) -> np.ndarray:
    """Vertices at a pole: they only close a ring that encloses it (the cut points on ±180° are on the circle)."""
    return np.asarray(np.abs(lat) >= 90.0 - 1e-9)


def polygon_errors(geom: shapely.Geometry, lat: float, lon: float, r_m: float) -> tuple[float, float]:
    """Largest vertex error and largest drawn-edge (Web Mercator midpoint) error, in metres."""
    vert_lon, vert_lat, mid_lon, mid_lat = [], [], [], []
    for ring in _rings(geom):
        a, b = ring[:-1], ring[1:]
        keep = ~_at_pole(a[:, 1]) & (np.abs(a[:, 1]) <= 90.0)
        vert_lon.append(a[keep, 0])
        vert_lat.append(a[keep, 1])
        along_cut = ((np.abs(a[:, 0]) == 180.0) & (a[:, 0] == b[:, 0])) | (
            (np.abs(a[:, 1]) >= 90.0 - 1e-9) & (np.abs(b[:, 1]) >= 90.0 - 1e-9)
        )
        drawable = (np.abs(a[:, 1]) <= MERCATOR_MAX_LAT) & (np.abs(b[:, 1]) <= MERCATOR_MAX_LAT) & ~along_cut
        a, b = a[drawable], b[drawable]
        mid_lon.append((a[:, 0] + b[:, 0]) / 2)  # Web Mercator x is linear in longitude
        y = (_merc_y(a[:, 1]) + _merc_y(b[:, 1])) / 2
        mid_lat.append(np.degrees(2 * np.arctan(np.exp(y)) - np.pi / 2))
    vert = _distance_error(lat, lon, r_m, np.concatenate(vert_lon), np.concatenate(vert_lat))
    edge = _distance_error(lat, lon, r_m, np.concatenate(mid_lon), np.concatenate(mid_lat))
    return (float(vert.max()) if vert.size else math.nan, float(edge.max()) if edge.size else math.nan)


def validity(geom: shapely.Geometry) -> str:
    """``yes`` when the geometry is valid and inside ±180°/±90°, else the reasons."""
    xy = shapely.get_coordinates(geom)
    reasons = []
    if not shapely.is_valid(geom):
        reasons.append("invalid geometry")
    if (np.abs(xy[:, 0]) > 180.0 + 1e-9).any():
        reasons.append("lon beyond ±180°")
    if (np.abs(xy[:, 1]) > 90.0 + 1e-9).any():
        reasons.append("lat beyond ±90°")
    return "yes" if not reasons else "no: " + ", ".join(reasons)


@dataclass(frozen=True)
class Truth:
    """What the exact disc does: poles it encloses, whether it crosses ±180°, and probe points."""

    north: bool
    south: bool
    crosses: bool
    probe_lon: np.ndarray
    probe_lat: np.ndarray
    probe_inside: np.ndarray


def truth(lat: float, lon: float, radius_km: float) -> Truth:
    r_m = radius_km * 1000.0
    _, _, d_poles = GEOD.inv([lon, lon], [lat, lat], [0.0, 0.0], [90.0, -90.0])
    (v,) = geodesy.ring_vertices(lat=lat, lon=lon, radius_km=radius_km)
    crosses = bool((np.abs(np.diff(np.r_[v.lon, v.lon[0]])) > 180.0).any())
    az = np.linspace(0.0, 360.0, PROBE_AZIMUTHS, endpoint=False)
    factors = np.r_[np.full(PROBE_AZIMUTHS, 0.9), np.full(PROBE_AZIMUTHS, 1.1)]
    plon, plat, _ = GEOD.fwd(np.full(factors.size, lon), np.full(factors.size, lat), np.r_[az, az], factors * r_m)
    plon = (np.asarray(plon) + 180.0) % 360.0 - 180.0
    return Truth(
        north=bool(d_poles[0] < r_m),
        south=bool(d_poles[1] < r_m),
        crosses=crosses or bool(d_poles[0] < r_m) or bool(d_poles[1] < r_m),
        probe_lon=plon,
        probe_lat=np.asarray(plat),
        probe_inside=factors < 1.0,
    )


def _pole_check(true_poles: tuple[bool, bool], got_poles: tuple[bool, bool]) -> str:
    if not any(true_poles) and not any(got_poles):
        return "n/a"
    missed = [name for name, t, g in zip(("N", "S"), true_poles, got_poles, strict=True) if t and not g]
    extra = [name for name, t, g in zip(("N", "S"), true_poles, got_poles, strict=True) if g and not t]
    if not missed and not extra:
        return "contains it"
    words = []
    if missed:
        words.append(f"misses {'/'.join(missed)} pole")
    if extra:
        words.append(f"adds {'/'.join(extra)} pole")
    return "**" + ", ".join(words) + "**"


def _antimeridian_check(t: Truth, valid: str, wrong: np.ndarray, *, drawn: bool = False) -> str:
    """``ok`` when probes near ±180° are right (and, for data, the coordinates are valid lon/lat)."""
    if not t.crosses:
        return "n/a"
    near_ok = not (wrong & (np.abs(t.probe_lon) >= 170.0)).any()
    if drawn:
        return "ok as drawn" if near_ok else "**wrong**"
    return "ok" if valid == "yes" and near_ok else "**wrong**"


@dataclass(frozen=True)
class Row:
    """One method's result for one centre and radius."""

    centre: str
    radius_km: float
    method: str
    vertices: str
    vertex_m: float
    edge_m: float
    valid: str
    antimeridian: str
    pole: str
    probes_wrong: int


def evaluate(centre: str, lat: float, lon: float, radius_km: float) -> list[Row]:
    r_m = radius_km * 1000.0
    t = truth(lat, lon, radius_km)
    (v,) = geodesy.ring_vertices(lat=lat, lon=lon, radius_km=radius_km)
    n = len(v.lon)
    q = math.ceil(n / 4)
    polygons = {
        "georange": (geodesy.ring(lat=lat, lon=lon, radius_km=radius_km), str(n)),
        "AEQD buffer": (aeqd_buffer(lat, lon, radius_km, q), str(4 * q)),
        "degree buffer": (degree_buffer(lat, lon, radius_km, q), str(4 * q)),
    }
    rows = []
    poles = (Point(0.0, 90.0), Point(0.0, -90.0))
    for method, (geom, vertices) in polygons.items():
        vertex_m, edge_m = polygon_errors(geom, lat, lon, r_m)
        ok = validity(geom)
        wrong = shapely.intersects_xy(geom, t.probe_lon, t.probe_lat) != t.probe_inside
        got = (bool(shapely.covers(geom, poles[0])), bool(shapely.covers(geom, poles[1])))
        rows.append(
            Row(
                centre,
                radius_km,
                method,
                vertices,
                vertex_m,
                edge_m,
                ok,
                _antimeridian_check(t, ok, wrong),
                _pole_check((t.north, t.south), got),
                int(wrong.sum()),
            )
        )
    circle = leaflet_circle(lat, lon, r_m)
    clon, clat = circle.outline()
    curve_m = float(_distance_error(lat, lon, r_m, clon, clat).max())
    outline = Polygon(np.column_stack([clon, clat]))
    ok = validity(outline)
    wrong = circle.contains(t.probe_lon, t.probe_lat) != t.probe_inside
    rows.append(
        Row(
            centre,
            radius_km,
            "Leaflet L.Circle",
            "curve",
            math.nan,
            curve_m,
            ok,
            _antimeridian_check(t, ok, wrong, drawn=True),
            _pole_check((t.north, t.south), (False, False)),  # Web Mercator stops at ±85.05°
            int(wrong.sum()),
        )
    )
    return rows


def run(quick: bool) -> list[Row]:
    radii = QUICK_RADII_KM if quick else RADII_KM
    return [row for name, (lat, lon) in CENTRES.items() for r in radii for row in evaluate(name, lat, lon, r)]


# --------------------------------------------------------------------------- report


def _worst(values: list[float]) -> float:
    finite = [v for v in values if math.isfinite(v)]
    return max(finite) if finite else math.nan


def summary(rows: list[Row]) -> str:
    out = []
    for method in METHODS:
        mine = [r for r in rows if r.method == method]
        vert = _worst([r.vertex_m / (r.radius_km * 1000) for r in mine])
        edge = _worst([r.edge_m / (r.radius_km * 1000) for r in mine])
        valid = sum(r.valid == "yes" for r in mine)
        am = [r for r in mine if r.antimeridian != "n/a"]
        pole = [r for r in mine if r.pole != "n/a"]
        out.append(
            [
                method,
                fmt_pct(vert) if method != "Leaflet L.Circle" else "(curve)",
                fmt_pct(edge),
                f"{valid} / {len(mine)}",
                f"{sum(r.antimeridian.startswith('ok') for r in am)} / {len(am)}",
                f"{sum(r.pole == 'contains it' for r in pole)} / {len(pole)}",
                f"{sum(r.probes_wrong for r in mine):,} / {len(mine) * 2 * PROBE_AZIMUTHS:,}",
            ]
        )
    header = [
        "method",
        "worst vertex error (% of radius)",
        "worst drawn-edge error (% of radius)",
        "valid in lon/lat",
        "±180° handled",
        "pole contained",
        "probes on the wrong side",
    ]
    return table(header, out, "lrrrrrr")


def detail(rows: list[Row]) -> str:
    body = []
    for r in rows:
        r_m = r.radius_km * 1000.0
        body.append(
            [
                r.centre,
                f"{r.radius_km:,.0f}",
                r.method,
                r.vertices,
                "—" if math.isnan(r.vertex_m) else fmt_m(r.vertex_m),
                "—" if math.isnan(r.vertex_m) else fmt_pct(r.vertex_m / r_m),
                fmt_m(r.edge_m),
                fmt_pct(r.edge_m / r_m),
                r.valid,
                r.antimeridian,
                r.pole,
                r.probes_wrong,
            ]
        )
    header = [
        "centre",
        "radius km",
        "method",
        "vertices",
        "max vertex error m",
        "% of r",
        "max drawn-edge error m",
        "% of r",
        "valid lon/lat",
        "±180°",
        "pole",
        "probes wrong",
    ]
    return table(header, body, "lrlrrrrrllll")

"""Section 1 of the README: accuracy of georange's rings against three common alternatives (``accuracy.py``)."""

# The README's prose uses typographic characters (plus-minus, times, dashes) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import math
from collections.abc import Callable

import accuracy
from _bench import fmt_pct, table, verdict
from _context import Context, Section

from georange import geodesy

TITLE = "accuracy"


def run(ctx: Context) -> Section:
    """Measure (``accuracy.run``) and write the section."""
    return accuracy_section(accuracy.run(ctx.cfg.quick))


def _easy(r: accuracy.Row, rows: list[accuracy.Row]) -> bool:
    """Rings away from ±180° and the poles (georange's row for the case says n/a to both)."""
    g = next(x for x in rows if x.centre == r.centre and x.radius_km == r.radius_km and x.method == "georange")
    return g.antimeridian == "n/a" and g.pole == "n/a"


def _accuracy_reading(rows: list[accuracy.Row]) -> str:
    def pct(method: str, pick: Callable[[accuracy.Row], bool], agg: Callable[..., float] = max) -> float:
        return agg(r.edge_m / (r.radius_km * 1e3) for r in rows if r.method == method and pick(r))

    aeqd = [r for r in rows if r.method == "AEQD buffer"]
    aeqd_bad = [r for r in aeqd if r.antimeridian == "**wrong**" or r.pole.startswith("**")]
    small = [r for r in rows if r.method == "Leaflet L.Circle" and r.radius_km <= 300]
    lc_small = [r.edge_m / (r.radius_km * 1e3) for r in small]
    return f"""Reading the tables: the AEQD recipe is as exact as georange at the vertices (PROJ's ellipsoidal `aeqd`
solves the same geodesic problem) and, with the same vertex budget, its drawn edges are about as close where nothing
wraps (worst {fmt_pct(pct("AEQD buffer", lambda r: _easy(r, rows)))} against georange's
{fmt_pct(pct("georange", lambda r: _easy(r, rows)))}); it is wrong in {len(aeqd_bad)} of its {len(aeqd)} rings, every
one that crosses ±180° (reprojected longitudes jump, so the polygon spans the globe or turns inside out) or encloses a
pole. The degree buffer is off wherever a degree is not 111.32 km on the ground: at least
{fmt_pct(pct("degree buffer", lambda r: r.centre == "Caracas", min))} at Caracas, up to
{fmt_pct(pct("degree buffer", lambda r: r.centre == "near the pole"))} near the pole. L.Circle is an ellipse in Web
Mercator sized on a 6,371 km sphere: {fmt_pct(min(lc_small))}–{fmt_pct(max(lc_small))} off for rings up to 300 km
(the sphere against the ellipsoid's local radius of curvature), worse for continental rings, and it cannot contain a
pole (Web Mercator stops at ±85.05°); across ±180° Leaflet draws it continuously on one world copy, but as
longitude/latitude data its outline runs past 180°."""


def accuracy_section(rows: list[accuracy.Row]) -> tuple[str, list[list[str]]]:
    centres = ", ".join(f"{name} ({lat:g}, {lon:g})" for name, (lat, lon) in accuracy.CENTRES.items())
    radii = sorted({r.radius_km for r in rows})
    worst: dict[str, dict[str, float]] = {}
    for method in accuracy.METHODS:
        mine = [r for r in rows if r.method == method]
        worst[method] = {
            "easy": max((r.edge_m / (r.radius_km * 1e3) for r in mine if _easy(r, rows)), default=math.nan),
            "all": max(r.edge_m / (r.radius_km * 1e3) for r in mine),
            "valid": sum(r.valid == "yes" for r in mine),
            "probes": sum(r.probes_wrong for r in mine),
            "n": len(mine),
        }
    g = worst["georange"]
    met = g["all"] <= geodesy.EDGE_TOLERANCE and g["valid"] == g["n"] and g["probes"] == 0
    easy_rows = [
        [m, fmt_pct(worst[m]["easy"]), fmt_pct(worst[m]["all"]), f"{worst[m]['valid']:.0f} / {worst[m]['n']:.0f}"]
        for m in accuracy.METHODS
    ]
    text = f"""## 1. Accuracy

Centres: {centres}; radii {", ".join(f"{r:,.0f}" for r in radii)} km. Four ways to draw each ring:

- **georange**: `georange.geodesy.ring` (vertices from `Geod.fwd`, adaptive density, cut at ±180°, poles enclosed);
- **AEQD buffer**: the usual geopandas recipe, a local azimuthal-equidistant CRS
  (`+proj=aeqd +lat_0=… +lon_0=… +datum=WGS84`), `buffer(radius, quad_segs=q)`, `to_crs("EPSG:4326")`, with
  `q = ceil(n / 4)` for georange's vertex count `n` of the same ring, so both have about the same number of vertices;
- **degree buffer**: `Point(lon, lat).buffer(radius_km / 111.32, quad_segs=q)`;
- **Leaflet L.Circle**, which is what `folium.Circle` draws, simulated from Leaflet 1.9.4's `L.Circle._project`
  (Earth-CRS branch; `src/georange/render/assets/leaflet/leaflet.js`, the minified
  `vi=gi.extend({{…_project:function(){{…}}}})`): `latR = r / 6371000 / d`; `top`, `bottom` = the Web Mercator
  projections of `(lat ± latR, lng)` (latitude clamped to ±85.0511°); `p` = their midpoint, `lat2` its latitude;
  `lngR = acos((cos(latR·d) − sin(lat·d)·sin(lat2·d)) / (cos(lat·d)·cos(lat2·d))) / d`, or `latR / cos(lat·d)` when that
  is NaN; the renderer draws an ellipse around `p` with radii `p.x − project(lat2, lng − lngR).x` and `p.y − top.y`.
  It is computed here in EPSG:3857 metres (zoom-independent) and sampled at {accuracy.LEAFLET_SAMPLES:,} points
  (see `leaflet_circle` in `benchmarks/accuracy.py`).

Errors are distances from the true circle, by an independent `Geod.inv` from the centre: at every vertex (the cut
points on ±180° included, which georange solves on the circle since this version; vertices at a pole, which only close
a ring around it, are left out), and at the midpoint of every edge *as a web map draws it*, a straight
line in Web Mercator between the coordinates as given, for edges within ±85.0511° (no web map draws beyond). For
L.Circle the drawn curve itself is measured. *Valid lon/lat*: shapely `is_valid` and every coordinate within
±180°/±90°. *±180°*: for rings whose circle crosses the antimeridian (or encloses a pole), whether the geometry is valid
and puts every probe within 10° of ±180° on the right side. *Pole*: whether a ring that encloses a pole contains it (and
no other). *Probes*: {2 * accuracy.PROBE_AZIMUTHS} points at 0.9 and 1.1 × the radius on {accuracy.PROBE_AZIMUTHS}
azimuths (`Geod.fwd`), longitudes in [−180°, 180°] as a GIS reading the data would use them, tested against the
geometry (`intersects`); L.Circle is tested as Leaflet draws it, on one world copy with longitudes unwrapped around the
centre and nothing beyond ±85.0511°.

Target (README claims): every vertex exact, every drawn edge within {fmt_pct(geodesy.EDGE_TOLERANCE)} of the radius,
valid lon/lat everywhere, ±180° and poles right: {verdict(met)}.

{accuracy.summary(rows)}

Worst drawn-edge error (% of the radius), rings away from ±180° and the poles against all rings:

{table(["method", "away from ±180° and poles", "all rings", "valid lon/lat"], easy_rows)}

{_accuracy_reading(rows)}

<details><summary>Every centre, radius and method</summary>

{accuracy.detail(rows)}

</details>
"""
    summary_row = [
        f"1. Accuracy: worst drawn-edge error, % of radius (all {g['n']:.0f} rings)",
        fmt_pct(g["all"]),
        "AEQD "
        + fmt_pct(worst["AEQD buffer"]["all"])
        + "; degrees "
        + fmt_pct(worst["degree buffer"]["all"])
        + "; L.Circle "
        + fmt_pct(worst["Leaflet L.Circle"]["all"]),
        f"valid lon/lat {g['valid']:.0f}/{g['n']:.0f} vs {worst['AEQD buffer']['valid']:.0f}, "
        f"{worst['degree buffer']['valid']:.0f}, {worst['Leaflet L.Circle']['valid']:.0f}; wrong probes "
        f"{g['probes']:.0f} vs {worst['AEQD buffer']['probes']:,.0f}, {worst['degree buffer']['probes']:,.0f}, "
        f"{worst['Leaflet L.Circle']['probes']:,.0f}",
        f"≤ {fmt_pct(geodesy.EDGE_TOLERANCE)}, valid, ±180°/poles right",
        verdict(met),
    ]
    return text, [summary_row]

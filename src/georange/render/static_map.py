"""The static figure of a scenario (PNG or SVG) for print, drawn offline with matplotlib.

The map uses an azimuthal equidistant projection centred on the sites, so the
rings stay round and distances from the centre are true.  Rings, bands and
reference lines come from the features table and the proximity tables; this
module only reprojects them for display.  The figure carries the same wording
and colours as the HTML map: every site is labelled hypothetical, every range
"estimate", and a footer gives the caveats, the sources and the attribution.

Everything here uses matplotlib's object-oriented API (no ``pyplot`` state),
so it is safe in servers, threads and notebooks.  The same input gives
byte-identical PNG and SVG files (:func:`figure_bytes`).

The footer, title and legend-label builders are shared with
:mod:`georange.render.chart`.
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import pandas as pd
import shapely
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox
from pyproj import CRS

from georange import naturalearth
from georange._version import __version__
from georange.catalogue import Range, Reference, Source, Status, System
from georange.gazetteer import GEONAMES_ATTRIBUTION
from georange.layers import scenario_features
from georange.naturalearth import NATURAL_EARTH_ATTRIBUTION
from georange.proximity import Proximity, analyse
from georange.render._html import both_figures, estimate_label, short_name
from georange.render._seams import FRAME_XS, FRAME_YS, seamless_outline
from georange.render.style import format_km, format_range_span, system_colours
from georange.scenario import Scenario

__all__ = [
    "FIGSIZE_IN",
    "MAX_VIEW_KM",
    "add_footer",
    "add_title",
    "aeqd_crs",
    "figure_bytes",
    "figure_rc",
    "figure_renderer",
    "footer_paragraphs",
    "new_figure",
    "range_label",
    "reference_label",
    "static_figure",
    "system_label",
    "text_colour",
    "wrap_text",
]

#: Size of the static map in inches (3000 x 2400 pixels at the default 300 dpi).
FIGSIZE_IN = (10.0, 8.0)
#: The map never shows more than this many km from its centre, however large the rings.
MAX_VIEW_KM = 6500.0

_RC: Any = {
    "text.parse_math": False,  # "$" in a data file is text, never mathtext
    "text.usetex": False,
    "svg.fonttype": "none",  # SVG text stays text: searchable, editable, accessible
    "svg.hashsalt": "georange",  # stable SVG ids
    "font.family": "DejaVu Sans",
    "font.size": 7.0,
    "axes.linewidth": 0.6,
    "path.simplify": True,
    "text.hinting": "none",  # text layout independent of the resolution (PNG dpi, SVG)
}
_INK = "#222222"
_LAND = "#efece4"
_COAST = "#8a8a8a"
_SEA = "#f7fafc"
_REFERENCE_COLOUR = "#000000"
_PLACE_COLOUR = "#666666"
_MARGIN_IN = 0.25
_GAP_IN = 0.18
_FOOTER_PT = 5.6
_LEGEND_PT = 6.3
_LABEL_PT = 6.0
_KM_PER_DEG = 111.32


# --------------------------------------------------------------------------- shared figure helpers


@contextlib.contextmanager
def figure_rc() -> Iterator[None]:
    """The matplotlib settings georange figures are built and saved with.

    Mathtext off (data text is literal), SVG text kept as ``<text>``, a fixed
    SVG hash salt and a fixed font, so output does not depend on the user's
    ``matplotlibrc`` and is byte-identical from run to run.
    """
    with mpl.rc_context(_RC):
        yield


def new_figure(width_in: float, height_in: float) -> Figure:
    """A white figure with an Agg canvas (for measuring text), outside ``pyplot``."""
    fig = Figure(figsize=(width_in, height_in), dpi=100, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def figure_renderer(fig: Figure) -> RendererAgg:
    """The Agg renderer of a :func:`new_figure` figure, for measuring text before saving."""
    canvas = fig.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(fig)
    renderer: RendererAgg = canvas.get_renderer()
    return renderer


def _points(renderer: RendererBase, points: float) -> float:
    """``points`` in the renderer's pixels."""
    return float(renderer.points_to_pixels(points))  # type: ignore[arg-type]


def _text_width_in(text: str, fontsize: float, renderer: RendererBase, weight: str = "normal") -> float:
    prop = FontProperties(family=_RC["font.family"], size=fontsize, weight=weight)
    width, _, _ = renderer.get_text_width_height_descent(text, prop, ismath=False)
    return float(width) / _points(renderer, 72.0)


def wrap_text(
    text: str, width_in: float, fontsize: float, renderer: RendererBase, *, weight: str = "normal"
) -> list[str]:
    """Greedy word wrap of ``text`` to ``width_in`` inches, measured with the real font.

    Parameters
    ----------
    text
        The text; existing newlines start new lines.
    width_in
        The available width in inches.
    fontsize
        Font size in points.
    renderer
        A renderer to measure with (from :func:`new_figure`'s canvas).
    weight
        Font weight.

    Returns
    -------
    list of str
        The lines (a word longer than the width is split).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if not line or _text_width_in(candidate, fontsize, renderer, weight) <= width_in:
                line = candidate
                continue
            lines.append(line)
            line = word
        while _text_width_in(line, fontsize, renderer, weight) > width_in and len(line) > 8:
            cut = max(8, int(len(line) * width_in / _text_width_in(line, fontsize, renderer, weight)) - 1)
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def text_colour(colour: str) -> tuple[float, float, float]:
    """A system colour dark enough for small text on white (light palette colours are darkened)."""
    r, g, b = mpl.colors.to_rgb(colour)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    factor = 0.55 if luminance > 0.5 else 0.8 if luminance > 0.3 else 1.0
    return (r * factor, g * factor, b * factor)


def _line_height_in(fontsize: float, spacing: float = 1.25) -> float:
    return fontsize * spacing / 72.0


def add_title(fig: Figure, title: str, subtitle: str) -> float:
    """Draw the wrapped title and subtitle at the top; return the height used (inches)."""
    width_in, height_in = fig.get_size_inches()
    renderer = figure_renderer(fig)
    avail = width_in - 2 * _MARGIN_IN
    title_lines = wrap_text(title, avail, 11.0, renderer, weight="bold")
    sub_lines = wrap_text(subtitle, avail, 7.5, renderer)
    top = height_in - 0.18
    fig.text(
        _MARGIN_IN / width_in,
        top / height_in,
        "\n".join(title_lines),
        fontsize=11.0,
        fontweight="bold",
        va="top",
        ha="left",
        color=_INK,
        linespacing=1.2,
    )
    top -= len(title_lines) * _line_height_in(11.0, 1.2) + 0.05
    fig.text(
        _MARGIN_IN / width_in,
        top / height_in,
        "\n".join(sub_lines),
        fontsize=7.5,
        va="top",
        ha="left",
        color="#444444",
        linespacing=1.25,
    )
    top -= len(sub_lines) * _line_height_in(7.5)
    return float(height_in - top)


def _publishers(sources: Sequence[Source]) -> str:
    return "; ".join(dict.fromkeys(s.publisher for s in sources))


def _count(n: int, word: str = "source") -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _system_sources(system: System, claim: Status | None) -> str:
    ranges = [s for r in system.ranges for s in r.sources]
    unique = list({s.url: s for s in ranges}.values())
    text = f"{system.name}, range: {_count(len(unique))} ({_publishers(unique)})"
    if claim is not None:
        text += f"; claim status: {_count(len(claim.sources))} ({_publishers(claim.sources)})"
    return text + "."


def footer_paragraphs(scenario: Scenario, *, places: bool = True, extra: Sequence[str] = ()) -> list[str]:
    """The footer of every static figure: caveats, sources by publisher, method and attribution.

    Parameters
    ----------
    scenario
        The scenario drawn.
    places
        Whether the figure shows places (their sources are then counted).
    extra
        Further sentences about the figure (e.g. its projection), put before the attribution.

    Returns
    -------
    list of str
        One string per paragraph (unwrapped).
    """
    site_sources = list({s.url: s for site in scenario.sites for s in site.sources}.values())
    systems = _count(len(scenario.systems), "system")
    parts = [f"Sources ({systems}; full citations: georange export --format csv)."]
    parts += [_system_sources(system, scenario.status(system.id)) for system in scenario.systems]
    parts.append(f"Hypothetical site positions: {_count(len(site_sources))} ({_publishers(site_sources)}).")
    for ref in scenario.references:
        parts.append(f"{ref.name}: {_count(len(ref.sources))} ({_publishers(ref.sources)}).")
    if places and scenario.places:
        place_sources = list({s.url: s for p in scenario.places for s in p.sources}.values())
        parts.append(f"Places: {_count(len(place_sources))} ({_publishers(place_sources)}).")
    return [
        "Caveats: " + " ".join(scenario.caveats),
        " ".join(parts),
        " ".join(
            [
                *extra,
                f"{NATURAL_EARTH_ATTRIBUTION}. {GEONAMES_ATTRIBUTION}.",
                f"Made with georange {__version__}.",
            ]
        ),
    ]


def add_footer(fig: Figure, paragraphs: Sequence[str], *, fontsize: float = _FOOTER_PT) -> float:
    """Draw the footer paragraphs, wrapped, at the bottom; return the height used (inches).

    The first paragraph (the caveats) is set in bold, so it is never lost in the small print.
    """
    width_in, height_in = fig.get_size_inches()
    renderer = figure_renderer(fig)
    avail = width_in - 2 * _MARGIN_IN
    blocks = [
        (wrap_text(p, avail, fontsize, renderer, weight="bold" if i == 0 else "normal"), i == 0)
        for i, p in enumerate(paragraphs)
    ]
    y = 0.12
    for lines, bold in reversed(blocks):
        y += len(lines) * _line_height_in(fontsize)
        fig.text(
            _MARGIN_IN / width_in,
            y / height_in,
            "\n".join(lines),
            fontsize=fontsize,
            fontweight="bold" if bold else "normal",
            va="top",
            ha="left",
            color=_INK if bold else "#444444",
            linespacing=1.25,
        )
        y += 0.04
    fig.add_artist(
        Line2D(
            [_MARGIN_IN / width_in, 1 - _MARGIN_IN / width_in],
            [(y + 0.03) / height_in] * 2,
            color="#bbbbbb",
            linewidth=0.5,
        )
    )
    return y + 0.03


def range_label(rng: Range) -> str:
    """``"max 2,000 km (1,243 mi), sources span 1,400-2,600 km, estimate, 7 sources"``."""
    kind = "max" if rng.kind == "max" else "min (dead zone)"
    span = format_range_span(rng.low_km, rng.high_km)
    span_text = f", sources span {span}" if span else ""
    sources = _count(len(rng.sources))
    return f"{kind} {format_km(rng.km)}{span_text}, {estimate_label(rng.estimate)}, {sources}"


def system_label(system: System, claim: Status | None = None) -> str:
    """A system's legend entry: name, reporting names, claim status and each range."""
    alias = f" ({', '.join(system.reporting_names)})" if system.reporting_names else ""
    lines = [f"{system.name}{alias}"]
    if claim is not None:
        lines.append(claim.label)
    lines += [range_label(r) for r in system.ranges]
    return "\n".join(lines)


def reference_label(ref: Reference, computed: pd.Series | None) -> str:
    """A reference's figures side by side: ``"...: 90 mi reported (145 km); 93 mi computed (149.9 km)"``."""
    return f"{ref.name}: {both_figures(ref, computed)}, {estimate_label(ref.estimate)}"


def _computed_row(prox: Proximity, reference_id: str) -> pd.Series | None:
    match = prox.references[prox.references["reference_id"] == reference_id]
    return None if match.empty else match.iloc[0]


def figure_bytes(fig: Figure, fmt: str, dpi: int = 300) -> bytes:
    """Encode a figure as PNG or SVG, byte-identical for the same figure.

    Parameters
    ----------
    fig
        A figure from :func:`static_figure` or :func:`georange.render.chart.comparison_chart`.
    fmt
        ``"png"`` or ``"svg"``.
    dpi
        PNG resolution (written to the file's ``pHYs`` chunk); ignored for SVG,
        which is vector.

    Returns
    -------
    bytes
        The encoded file.  No timestamps or software versions are embedded.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"fmt must be 'png' or 'svg', not {fmt!r}")
    metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"Date": None, "Creator": "georange"}
    buffer = io.BytesIO()
    with figure_rc():
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()


# --------------------------------------------------------------------------- projection and clipping


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


# --------------------------------------------------------------------------- label placement


_NEAR = [
    (5, 0, "left", "center"),
    (-5, 0, "right", "center"),
    (0, 5, "center", "bottom"),
    (0, -5, "center", "top"),
]
_DIAGONAL = [
    (4, 4, "left", "bottom"),
    (-4, 4, "right", "bottom"),
    (4, -4, "left", "top"),
    (-4, -4, "right", "top"),
]


def _candidates(distances: Sequence[float]) -> list[tuple[float, float, str, str]]:
    """Label offsets (points) around an anchor: near first, then further out with a leader line."""
    out: list[tuple[float, float, str, str]] = []
    for d in distances:
        scale = d / 5.0
        out += [(dx * scale, dy * scale, ha, va) for dx, dy, ha, va in _NEAR + _DIAGONAL]
    return out


@dataclass
class _Placer:
    """Greedy label placement: each label takes the first candidate spot that overlaps nothing."""

    ax: Axes
    renderer: RendererBase
    taken: list[Bbox] = field(default_factory=list)

    def block_points(self, xy: Sequence[tuple[float, float]], radius_pt: float = 3.0) -> None:
        """Keep labels off these data points (markers)."""
        pad = _points(self.renderer, radius_pt)
        for x, y in xy:
            px, py = self.ax.transData.transform((x, y))
            self.taken.append(Bbox.from_extents(px - pad, py - pad, px + pad, py + pad))

    def _cost(self, box: Bbox) -> float:
        """Area of ``box`` over other labels and markers, plus (four times) its area outside the map."""
        frame = self.ax.get_window_extent(self.renderer)
        inside = Bbox.intersection(box, frame)
        outside = box.width * box.height - (inside.width * inside.height if inside is not None else 0.0)
        overlaps = (Bbox.intersection(box, t) for t in self.taken)
        return 4.0 * outside + sum(o.width * o.height for o in overlaps if o is not None)

    def _annotate(
        self, xy: tuple[float, float], text: str, spot: tuple[float, float, str, str], kwargs: dict[str, Any]
    ) -> tuple[Annotation, Bbox]:
        dx, dy, ha, va = spot
        far = math.hypot(dx, dy) > 8
        leader = {"arrowstyle": "-", "lw": 0.45, "color": "#444444", "shrinkA": 0, "shrinkB": 2}
        ann = self.ax.annotate(
            text,
            xy,
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            arrowprops=leader if far else None,
            **kwargs,
        )
        ann.update_positions(self.renderer)
        return ann, Text.get_window_extent(ann, self.renderer).padded(_points(self.renderer, 1.5))

    def place(
        self,
        xy: tuple[float, float],
        text: str,
        candidates: Sequence[tuple[float, float, str, str]],
        *,
        required: bool = False,
        **kwargs: Any,
    ) -> Annotation | None:
        """Annotate ``xy`` at the first free candidate offset.

        When no spot is free, a ``required`` label takes the spot that overlaps
        least; any other label is left out (None).
        """
        costs = []
        for spot in candidates:
            ann, box = self._annotate(xy, text, spot, kwargs)
            cost = self._cost(box)
            if cost == 0.0:
                self.taken.append(box)
                return ann
            ann.remove()
            costs.append(cost)
        if not required or not costs:
            return None
        ann, box = self._annotate(xy, text, candidates[int(np.argmin(costs))], kwargs)
        self.taken.append(box)
        return ann


_LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}
_PLACE_BOX = {"boxstyle": "round,pad=0.08", "facecolor": "white", "edgecolor": "none", "alpha": 0.55}


# --------------------------------------------------------------------------- the map


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


def _polygon_path(geom: shapely.Geometry) -> Path:
    """One matplotlib path for a (multi)polygon; holes run opposite to their shells, so they stay holes."""
    vertices: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for poly in shapely.get_parts(shapely.orient_polygons(geom)):
        if not isinstance(poly, shapely.Polygon):
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = shapely.get_coordinates(ring)
            if len(xy) < 3:
                continue
            code = np.full(len(xy), Path.LINETO, dtype=Path.code_type)
            code[0], code[-1] = Path.MOVETO, Path.CLOSEPOLY
            vertices.append(xy)
            codes.append(code)
    if not vertices:
        return Path(np.empty((0, 2)))
    return Path(np.concatenate(vertices), np.concatenate(codes))


def _lines_path(geoms: Sequence[shapely.Geometry]) -> Path:
    """One matplotlib path for many lines (one ``<path>`` in SVG)."""
    parts = [shapely.get_coordinates(p) for g in geoms for p in shapely.get_parts(g)]
    parts = [xy for xy in parts if len(xy) > 1]
    if not parts:
        return Path(np.empty((0, 2)))
    codes = [np.r_[Path.MOVETO, np.full(len(xy) - 1, Path.LINETO)].astype(Path.code_type) for xy in parts]
    return Path(np.concatenate(parts), np.concatenate(codes))


def _plot(frame: gpd.GeoDataFrame | gpd.GeoSeries, ax: Axes, *, merge: bool = False, **kwargs: Any) -> None:
    """Draw a frame's polygons and lines (without autoscaling).

    Lines are drawn as one path.  Polygons are one path each (translucent
    fills add up where rings overlap, as on the HTML map) or, with ``merge``,
    a single path (for opaque layers: smaller files).
    """
    values = frame.geometry.values if isinstance(frame, gpd.GeoDataFrame) else frame.values
    geoms = [g for g in np.asarray(values, dtype=object) if g is not None and not g.is_empty]
    polygons = [g for g in geoms if g.geom_type in ("Polygon", "MultiPolygon")]
    lines = [g for g in geoms if g.geom_type in ("LineString", "MultiLineString")]
    if polygons and merge:
        ax.add_artist(PathPatch(_polygon_path(shapely.MultiPolygon(_polygon_parts(polygons))), **kwargs))
    elif polygons:
        ax.add_collection(PathCollection([_polygon_path(g) for g in polygons], **kwargs), autolim=False)
    if lines:
        ax.add_artist(PathPatch(_lines_path(lines), fill=False, **kwargs))


def _polygon_parts(polygons: Sequence[shapely.Geometry]) -> list[shapely.Polygon]:
    return [p for g in polygons for p in shapely.get_parts(g) if isinstance(p, shapely.Polygon)]


def _draw_base(ax: Axes, land: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame], view: Bbox) -> None:
    """Sea, land and coastlines; the map's limits, equal aspect and no ticks."""
    ax.set_facecolor(_SEA)
    _plot(land[0], ax, merge=True, facecolor=_LAND, edgecolor="none", linewidth=0, zorder=1)
    _plot(land[1], ax, color=_COAST, linewidth=0.3, zorder=1)
    ax.set_xlim(view.x0, view.x1)
    ax.set_ylim(view.y0, view.y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#888888")


def _covering(ranges: gpd.GeoDataFrame, view: Bbox) -> np.ndarray:
    """Which ranges cover the whole view (they would only tint it, with no edge in sight)."""
    frame = shapely.box(view.x0, view.y0, view.x1, view.y1)
    return np.asarray(shapely.contains(ranges.geometry.values, frame), dtype=bool)


def _draw_ranges(
    ax: Axes, fills: gpd.GeoDataFrame, lines: gpd.GeoDataFrame, colours: dict[str, str], view: Bbox
) -> None:
    """Bands as translucent fills, max rings as solid outlines, min dead zones dashed."""
    fills, lines = _clip_view(fills, view), _clip_view(lines, view)
    for system_id, colour in colours.items():
        rgb = mpl.colors.to_rgb(colour)
        fill = fills[fills["system_id"] == system_id]
        line = lines[lines["system_id"] == system_id]
        band, ring = fill["feature_type"] == "band", fill["feature_type"] == "ring"
        no_edge: dict[str, Any] = {"edgecolor": "none", "linewidth": 0, "zorder": 2}
        _plot(fill[band], ax, facecolor=(*rgb, 0.13), **no_edge)
        _plot(fill[ring & (fill["kind"] == "max")], ax, facecolor=(*rgb, 0.03), **no_edge)
        _plot(fill[ring & (fill["kind"] == "min")], ax, facecolor=(1, 1, 1, 0.45), **no_edge)
        band, ring = line["feature_type"] == "band", line["feature_type"] == "ring"
        _plot(line[band], ax, color=(*rgb, 0.5), linewidth=0.35, linestyle=":", zorder=3)
        _plot(line[ring & (line["kind"] == "max")], ax, color=colour, linewidth=1.3, zorder=3)
        dead_zone = line[ring & (line["kind"] == "min")]
        _plot(dead_zone, ax, color=colour, linewidth=0.9, linestyle=(0, (2, 2)), zorder=3)


def _draw_references(ax: Axes, layers: _Layers) -> None:
    """The computed shortest line bold; the line between the cited endpoints dashed (as in the HTML)."""
    computed_ids = set(layers.computed["reference_id"]) if len(layers.computed) else set()
    for _, row in layers.references.iterrows():
        dashed = row["reference_id"] in computed_ids
        style = (0, (3, 2)) if dashed else "-"
        _plot(
            gpd.GeoSeries([row.geometry]),
            ax,
            color=_REFERENCE_COLOUR,
            linewidth=0.9,
            linestyle=style,
            zorder=5,
        )
    _plot(layers.computed, ax, color=_REFERENCE_COLOUR, linewidth=2.2, zorder=5)


def _draw_sites(ax: Axes, sites: gpd.GeoDataFrame, size: float) -> None:
    ax.plot(
        sites.geometry.x,
        sites.geometry.y,
        linestyle="none",
        marker="o",
        markersize=size,
        markerfacecolor="white",
        markeredgecolor="black",
        markeredgewidth=0.9,
        zorder=7,
    )


def _site_text(name: str, renderer: RendererBase, *, two_lines: bool = False) -> str:
    """``"Caracas (hypothetical)"``, wrapped if the name is long."""
    lines = wrap_text(short_name(name), 1.9, _LABEL_PT + 0.4, renderer)
    return "\n".join(lines) + ("\n" if two_lines or len(lines) > 1 else " ") + "(hypothetical)"


def _clusters(xy: np.ndarray, threshold: float) -> list[list[int]]:
    """Groups of points closer than ``threshold`` to one another (single linkage), in input order."""
    parent = list(range(len(xy)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(xy)):
        for j in range(i + 1, len(xy)):
            if math.dist(xy[i], xy[j]) < threshold:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(xy)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _reference_text(ref: Reference, computed: pd.Series | None, renderer: RendererBase) -> str:
    """The reference's name and both figures: ``"... 90 mi reported; 93 mi computed"``."""
    name = "\n".join(wrap_text(ref.name, 2.4, _LABEL_PT + 0.4, renderer, weight="bold"))
    text = f"{name}\n{ref.reported_mi:g} mi reported"
    if computed is not None and pd.notna(computed["computed_km"]):
        text += f"; {computed['computed_mi']:,.0f} mi computed"
    return text


def _label_references(placer: _Placer, scenario: Scenario, layers: _Layers, prox: Proximity) -> None:
    for ref in scenario.references:
        rows = layers.references[layers.references["reference_id"] == ref.id]
        if rows.empty:
            continue
        mid = rows.geometry.iloc[0].interpolate(0.5, normalized=True)
        placer.place(
            (mid.x, mid.y),
            _reference_text(ref, _computed_row(prox, ref.id), placer.renderer),
            _candidates([22, 34, 48, 64]),
            required=True,
            fontsize=_LABEL_PT + 0.4,
            fontweight="bold",
            color=_REFERENCE_COLOUR,
            bbox=_LABEL_BOX,
            zorder=9,
        )


def _label_ring_tops(
    placer: _Placer,
    scenario: Scenario,
    ranges: gpd.GeoDataFrame,
    colours: dict[str, str],
    view: Bbox,
    *,
    min_fraction: float = 1 / 40,
) -> None:
    """Name each system once, next to the top of its first visible maximum-range ring."""
    min_radius = view.width * min_fraction
    for system in scenario.systems:
        is_ring = (ranges["feature_type"] == "ring") & (ranges["kind"] == "max")
        rings = ranges[(ranges["system_id"] == system.id) & is_ring]
        for _, row in rings.iterrows():
            xy = shapely.get_coordinates(row.geometry)
            xy = xy[(xy[:, 0] > view.x0) & (xy[:, 0] < view.x1) & (xy[:, 1] > view.y0) & (xy[:, 1] < view.y1)]
            if not len(xy) or row.geometry.bounds[2] - row.geometry.bounds[0] < 2 * min_radius:
                continue
            top = xy[np.argmax(xy[:, 1])]
            text = f"{short_name(system.name)} {row['radius_km']:,.0f} km"
            if placer.place(
                (top[0], top[1]),
                text,
                [(0, 2, "center", "bottom"), (0, -2, "center", "top"), *_candidates([6, 14])],
                fontsize=_LABEL_PT + 0.4,
                fontweight="bold",
                color=text_colour(colours[system.id]),
                bbox=_LABEL_BOX,
                zorder=8,
            ):
                break


def _label_places(placer: _Placer, ax: Axes, places: gpd.GeoDataFrame, view: Bbox) -> int:
    """Label the places that fit; draw a dot only where its label fits.  Returns how many were drawn."""
    drawn = 0
    for _, row in places.iterrows():
        x, y = row.geometry.x, row.geometry.y
        if not (view.x0 < x < view.x1 and view.y0 < y < view.y1):
            continue
        name = short_name(str(row["name"]).split(",")[0])
        ann = placer.place(
            (x, y),
            name,
            [(dx * 0.8, dy * 0.8, ha, va) for dx, dy, ha, va in _NEAR],
            fontsize=_LABEL_PT - 0.4,
            color="#444444",
            bbox=_PLACE_BOX,
            zorder=6,
        )
        if ann is not None:
            ax.plot([x], [y], marker="o", markersize=2.2, color=_PLACE_COLOUR, linestyle="none", zorder=6)
            placer.block_points([(x, y)], 2.0)
            drawn += 1
    return drawn


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class _Frame:
    """A rectangle of the figure in inches."""

    x: float
    y: float
    w: float
    h: float

    def axes(self, fig: Figure) -> Axes:
        width_in, height_in = fig.get_size_inches()
        return fig.add_axes((self.x / width_in, self.y / height_in, self.w / width_in, self.h / height_in))


_Entries = tuple[list[Artist], list[str]]


def _legend_entries(scenario: Scenario, colours: dict[str, str], prox: Proximity) -> _Entries:
    """Each system with its claim status and ranges, then each reference with both figures."""
    handles: list[Artist] = []
    labels: list[str] = []
    for system in scenario.systems:
        rgb = mpl.colors.to_rgb(colours[system.id])
        handles.append(Patch(facecolor=(*rgb, 0.2), edgecolor=colours[system.id], linewidth=1.3))
        labels.append(system_label(system, scenario.status(system.id)))
    for ref in scenario.references:
        computed = _computed_row(prox, ref.id)
        label = reference_label(ref, computed)
        if computed is None or pd.isna(computed["computed_km"]):
            handles.append(Line2D([], [], color=_REFERENCE_COLOUR, linewidth=0.9))
            labels.append(f"{label}; the line joins the cited endpoints")
            continue
        handles.append(Line2D([], [], color=_REFERENCE_COLOUR, linewidth=2.2))
        labels.append(f"{label}; bold: the computed shortest crossing")
        handles.append(Line2D([], [], color=_REFERENCE_COLOUR, linewidth=0.9, linestyle=(0, (3, 2))))
        labels.append("dashed: the line between the reference's cited endpoints")
    return handles, labels


def _symbol_entries(scenario: Scenario, *, places: bool, detail: bool) -> _Entries:
    """The map's symbols (two columns under the ranges)."""
    grey = (0.5, 0.5, 0.5)
    entries: list[tuple[Artist, str]] = [
        (Patch(facecolor=(*grey, 0.25), edgecolor="none"), "low\u2013high span where sources disagree"),
        (Line2D([], [], color="#555555", linewidth=1.3), "maximum range (estimate)"),
    ]
    if any(r.kind == "min" for s in scenario.systems for r in s.ranges):
        dashed = Line2D([], [], color="#555555", linewidth=0.9, linestyle=(0, (2, 2)))
        entries.append((dashed, "minimum range"))
    site = Line2D([], [], linestyle="none", marker="o", markerfacecolor="white", markeredgecolor="black")
    entries.append((site, "hypothetical site"))
    if places:
        dot = Line2D([], [], linestyle="none", marker="o", color=_PLACE_COLOUR, markersize=2.2)
        entries.append((dot, "place"))
    if detail:
        entries.append((Patch(facecolor="none", edgecolor="black", linewidth=0.6), "area of the detail map"))
    return [h for h, _ in entries], [label for _, label in entries]


def _draw_legend(
    fig: Figure,
    frame: _Frame,
    main: _Entries,
    symbols: _Entries,
    renderer: RendererBase,
) -> tuple[Axes, float]:
    """The two legends at the top of ``frame``; return their axes and the lower one's bottom (inches)."""
    ax = frame.axes(fig)
    ax.axis("off")
    wrapped = ["\n".join(wrap_text(label, frame.w - 0.45, _LEGEND_PT, renderer)) for label in main[1]]
    style: dict[str, Any] = {
        "frameon": False,
        "fontsize": _LEGEND_PT,
        "borderaxespad": 0.0,
        "alignment": "left",
    }
    upper = ax.legend(
        main[0],
        wrapped,
        loc="upper left",
        bbox_to_anchor=(0.0, 1.0),
        title="Reported ranges (public estimates)",
        title_fontproperties=FontProperties(family=_RC["font.family"], size=_LEGEND_PT + 1.2, weight="bold"),
        handlelength=1.8,
        handleheight=1.0,
        labelspacing=0.55,
        **style,
    )
    ax.add_artist(upper)
    upper_bottom = upper.get_window_extent(renderer).y0 / fig.dpi
    lower = ax.legend(
        symbols[0],
        symbols[1],
        loc="upper left",
        bbox_to_anchor=(0.0, (upper_bottom - 0.08 - frame.y) / frame.h),
        ncols=2,
        handlelength=1.8,
        columnspacing=1.0,
        labelspacing=0.35,
        **style,
    )
    return ax, float(lower.get_window_extent(renderer).y0 / fig.dpi)


def _scale_bar(ax: Axes, view: Bbox) -> None:
    """A bar of a round length in the lower left (true near the centre of the projection)."""
    target = view.width / 5.0
    exponent = 10 ** math.floor(math.log10(target))
    length = max(m * exponent for m in (1, 2, 5) if m * exponent <= target)
    x0, y0 = view.x0 + view.width * 0.04, view.y0 + view.height * 0.06
    ax.plot([x0, x0 + length], [y0, y0], color=_INK, linewidth=1.6, solid_capstyle="butt", zorder=9)
    ax.text(x0, y0 + view.height * 0.025, f"{length / 1000:,.0f} km", fontsize=_LABEL_PT - 0.3, zorder=9)


def _detail_extent(layers: _Layers, main_view: Bbox, main_width_in: float) -> Bbox | None:
    """The region of the detail map, or None when the main map already shows every site legibly."""
    km_per_in = main_view.width / main_width_in
    xy = np.column_stack([layers.sites.geometry.x, layers.sites.geometry.y]) if len(layers.sites) else None
    if xy is None:
        return None
    crowded = any(len(c) > 1 for c in _clusters(xy, 0.2 * km_per_in))
    max_rings = layers.ranges[(layers.ranges["feature_type"] == "ring") & (layers.ranges["kind"] == "max")]
    sizes = max_rings.geometry.bounds
    small = max_rings[(sizes["maxx"] - sizes["minx"]) < 0.3 * km_per_in]
    if not crowded and small.empty:
        return None
    boxes = [layers.sites.total_bounds] + ([small.total_bounds] if len(small) else [])
    box = Bbox.from_extents(
        min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)
    )
    if box.width > main_view.width * 0.35 or box.height > main_view.height * 0.35:
        return None
    return box


def _draw_site_labels(placer: _Placer, sites: gpd.GeoDataFrame, threshold: float, *, detail: bool) -> None:
    """One label per cluster of sites; a cluster shown on the detail map is labelled by count."""
    xy = np.column_stack([sites.geometry.x, sites.geometry.y])
    names = list(sites["site_name"])
    for group in _clusters(xy, threshold):
        cx, cy = xy[group].mean(axis=0)
        if len(group) == 1:
            text = _site_text(names[group[0]], placer.renderer)
        elif detail:
            text = f"{len(group)} hypothetical sites\n(see the detail map)"
        else:
            listed = ", ".join(short_name(names[i]) for i in group)
            lines = wrap_text(listed, 2.2, _LABEL_PT + 0.4, placer.renderer)
            text = "\n".join([*lines, "(all hypothetical)"])
        placer.place(
            (cx, cy),
            text,
            _candidates([6, 16, 30]),
            required=True,
            fontsize=_LABEL_PT + 0.4,
            color=_INK,
            bbox=_LABEL_BOX,
            zorder=9,
        )


def _draw_detail(
    fig: Figure, frame: _Frame, layers: _Layers, box: Bbox, colours: dict[str, str], scenario: Scenario
) -> Bbox:
    """The detail map of the sites, with every site labelled; returns its extent.

    Ranges that cover the whole detail map are left out (they would only tint
    it) and named in a note instead.
    """
    view = _fit_aspect(box, frame.w / frame.h, pad=0.25, min_half=15e3)
    ax = frame.axes(fig)
    _draw_base(ax, _land(layers.crs, layers.lat, layers.lon, view, detail=True), view)
    covering = _covering(layers.ranges, view)
    covered = layers.ranges.index[covering]
    lines = layers.range_lines[~layers.range_lines.index.isin(covered)]
    _draw_ranges(ax, layers.ranges[~covering], lines, colours, view)
    _draw_sites(ax, layers.sites, 3.6)
    title = "Detail: the hypothetical sites"
    ax.set_title(title, fontsize=_LEGEND_PT + 0.8, fontweight="bold", loc="left", pad=3)
    renderer = figure_renderer(fig)
    placer = _Placer(ax, renderer)
    xy = list(zip(layers.sites.geometry.x, layers.sites.geometry.y, strict=True))
    placer.block_points(xy, 3.0)
    _scale_bar(ax, view)
    placer.taken.append(_axes_corner(ax, view, 0.3, 0.18))
    hidden = [s.name for s in scenario.systems if s.id in set(layers.ranges[covering]["system_id"])]
    if hidden:
        _hidden_note(placer, hidden, frame.w * 0.55)
    for (x, y), name in zip(xy, layers.sites["site_name"], strict=True):
        placer.place(
            (x, y),
            _site_text(name, renderer, two_lines=True),
            _candidates([4, 12, 22, 34]),
            required=True,
            fontsize=_LABEL_PT,
            color=_INK,
            bbox=_LABEL_BOX,
            linespacing=1.0,
            zorder=9,
        )
    shown = _clip_view(layers.ranges[~covering], view)
    _label_ring_tops(placer, scenario, shown, colours, view, min_fraction=0.0)
    return view


def _hidden_note(placer: _Placer, hidden: list[str], width_in: float) -> None:
    """Say which systems' rings the detail map leaves out because they cover all of it."""
    text = f"Not drawn here: {', '.join(hidden)} (their rings cover this whole area)"
    note = placer.ax.text(
        0.99,
        0.015,
        "\n".join(wrap_text(text, width_in, _LABEL_PT - 0.4, placer.renderer)),
        transform=placer.ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=_LABEL_PT - 0.4,
        color="#444444",
        bbox=_LABEL_BOX,
        zorder=9,
    )
    placer.taken.append(note.get_window_extent(placer.renderer).padded(2))


def _axes_corner(ax: Axes, view: Bbox, width: float, height: float) -> Bbox:
    """The display box of the lower-left corner of a map (kept free for the scale bar)."""
    (x0, y0), (x1, y1) = ax.transData.transform(
        [(view.x0, view.y0), (view.x0 + view.width * width, view.y0 + view.height * height)]
    )
    return Bbox.from_extents(x0, y0, x1, y1)


def static_figure(
    scenario: Scenario, features: gpd.GeoDataFrame | None = None, proximity: Proximity | None = None
) -> Figure:
    """Draw the scenario as a static map for print (PNG or SVG via :func:`figure_bytes`).

    Parameters
    ----------
    scenario
        A resolved scenario.
    features
        Its features from :func:`georange.layers.scenario_features`; computed when not given.
    proximity
        Its proximity tables from :func:`georange.proximity.analyse`; computed when not given.

    Returns
    -------
    matplotlib.figure.Figure
        A :data:`FIGSIZE_IN` figure, not attached to ``pyplot``: the Natural
        Earth basemap in an azimuthal equidistant projection centred on the
        sites; the rings and bands in the HTML map's colours; each site
        labelled hypothetical (with a detail map when sites crowd); the
        reference lines with their reported and computed figures; places for
        scale; a legend with each system's claim status and ranges; and a
        footer with the caveats, the sources by publisher and the attribution.
    """
    feats = features if features is not None else scenario_features(scenario)
    prox = proximity if proximity is not None else analyse(scenario)
    with figure_rc():
        return _compose(scenario, feats, prox)


def _compose(scenario: Scenario, feats: gpd.GeoDataFrame, prox: Proximity) -> Figure:
    """Lay out the title, footer, legend column, main map and detail map on one figure."""
    fig = new_figure(*FIGSIZE_IN)
    colours = system_colours(scenario)
    layers = _layers(scenario, feats, prox)
    width_in, height_in = FIGSIZE_IN
    title_h = add_title(fig, scenario.title, _SUBTITLE)
    projection = (
        f"Azimuthal equidistant projection (WGS84) centred at {layers.lat:.2f}\u00b0, {layers.lon:.2f}\u00b0"
        ": distances from the centre are true and the rings are exact geodesics computed by georange."
    )
    footer_h = add_footer(fig, footer_paragraphs(scenario, extra=[projection]))
    top, bottom = height_in - title_h - _GAP_IN, footer_h + _GAP_IN
    column = _Frame(width_in - _MARGIN_IN - _COLUMN_IN, bottom, _COLUMN_IN, top - bottom)
    main = _Frame(_MARGIN_IN, bottom, width_in - 2 * _MARGIN_IN - _COLUMN_IN - _GAP_IN, top - bottom)
    view = _main_view(layers, main.w / main.h)
    detail_box = _detail_extent(layers, view, main.w)
    has_detail = detail_box is not None
    legend_bottom = _legend_column(fig, column, scenario, colours, prox, layers, detail=has_detail)
    if detail_box is not None and legend_bottom - bottom < _MIN_DETAIL_IN:
        detail_box = None  # no room left under the legend: label every site on the main map instead
        legend_bottom = _legend_column(fig, column, scenario, colours, prox, layers, detail=False)
    detail_view = None
    if detail_box is not None:
        frame = _Frame(column.x, bottom, column.w, legend_bottom - bottom - 0.28)
        detail_view = _draw_detail(fig, frame, layers, detail_box, colours, scenario)
    _draw_main(fig, main, scenario, layers, prox, colours, view, detail_view)
    return fig


_SUBTITLE = (
    "Publicly reported ranges drawn as exact geodesic rings around hypothetical sites (not reported "
    "deployments). Every range is a public estimate; see the caveats and sources below."
)
_COLUMN_IN = 3.45
_MIN_DETAIL_IN = 1.2


def _legend_column(
    fig: Figure,
    column: _Frame,
    scenario: Scenario,
    colours: dict[str, str],
    prox: Proximity,
    layers: _Layers,
    *,
    detail: bool,
) -> float:
    """Draw the legends in the right-hand column (replacing earlier ones); return their bottom (inches)."""
    for ax in fig.axes:
        if ax.get_label() == "georange-legend":
            ax.remove()
    symbols = _symbol_entries(scenario, places=bool(len(layers.places)), detail=detail)
    ax, legend_bottom = _draw_legend(
        fig, column, _legend_entries(scenario, colours, prox), symbols, figure_renderer(fig)
    )
    ax.set_label("georange-legend")
    return legend_bottom


def _draw_main(
    fig: Figure,
    frame: _Frame,
    scenario: Scenario,
    layers: _Layers,
    prox: Proximity,
    colours: dict[str, str],
    view: Bbox,
    detail_view: Bbox | None,
) -> None:
    """The main map: basemap, ranges, references, sites, the detail map's frame and every label."""
    ax = frame.axes(fig)
    _draw_base(ax, _land(layers.crs, layers.lat, layers.lon, view, detail=False), view)
    _draw_ranges(ax, layers.ranges, layers.range_lines, colours, view)
    _draw_references(ax, layers)
    _draw_sites(ax, layers.sites, 3.2)
    if detail_view is not None:
        box = Rectangle(
            (detail_view.x0, detail_view.y0),
            detail_view.width,
            detail_view.height,
            facecolor="none",
            edgecolor="black",
            linewidth=0.6,
            zorder=8,
        )
        ax.add_patch(box)
    placer = _Placer(ax, figure_renderer(fig))
    placer.block_points(list(zip(layers.sites.geometry.x, layers.sites.geometry.y, strict=True)))
    _label_references(placer, scenario, layers, prox)
    km_per_in = view.width / frame.w
    _draw_site_labels(placer, layers.sites, 0.2 * km_per_in, detail=detail_view is not None)
    _label_ring_tops(placer, scenario, _clip_view(layers.ranges, view), colours, view)
    _label_places(placer, ax, layers.places, view)

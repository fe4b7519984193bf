"""The static figure of a scenario (PNG or SVG) for print, drawn offline with matplotlib.

The map uses an azimuthal equidistant projection centred on the sites, so the
rings stay round and distances from the centre are true.  Rings, bands and
reference lines come from the features table and the proximity tables; this
module only reprojects them for display.  The figure carries the same wording
and colours as the HTML map: every site is labelled with its basis (e.g. hypothetical), every range
"estimate", and a footer gives the caveats, the sources and the attribution.

Everything here uses matplotlib's object-oriented API (no ``pyplot`` state),
so it is safe in servers, threads and notebooks.  The same input gives
byte-identical PNG and SVG files (:func:`figure_bytes`).

The map is put together from the figure kit (:mod:`georange.render._figure`,
shared with :mod:`georange.render.chart`), the projection
(:mod:`georange.render._projection`) and the label placement
(:mod:`georange.render._labels`); this module draws the layers, the legend
and the detail map and lays them out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import pandas as pd
import shapely
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.transforms import Bbox

from georange.layers import scenario_features
from georange.proximity import Proximity, analyse
from georange.render._figure import (
    _INK,
    _LABEL_PT,
    _LEGEND_PT,
    _MARGIN_IN,
    _PLACE_COLOUR,
    _RC,
    _REFERENCE_COLOUR,
    _computed_row,
    add_footer,
    add_title,
    figure_bytes,
    figure_rc,
    figure_renderer,
    footer_paragraphs,
    new_figure,
    reference_label,
    system_label,
    wrap_text,
)
from georange.render._labels import (
    _LABEL_BOX,
    _candidates,
    _clusters,
    _draw_site_labels,
    _hidden_note,
    _label_places,
    _label_references,
    _label_ring_tops,
    _Placer,
    _site_text,
)
from georange.render._projection import (
    MAX_VIEW_KM,
    _clip_view,
    _fit_aspect,
    _land,
    _Layers,
    _layers,
    _main_view,
)
from georange.render.style import system_colours
from georange.scenario import Scenario
from georange.words import numbers, say
from georange.words._basis import say_bases

__all__ = ["FIGSIZE_IN", "MAX_VIEW_KM", "figure_bytes", "static_figure"]

#: Size of the static map in inches (3000 x 2400 pixels at the default 300 dpi).
FIGSIZE_IN = (10.0, 8.0)

_LAND = "#efece4"
_COAST = "#8a8a8a"
_SEA = "#f7fafc"
_GAP_IN = 0.18


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
            labels.append(say("legend.reference.cited_line", reference=label))
            continue
        handles.append(Line2D([], [], color=_REFERENCE_COLOUR, linewidth=2.2))
        labels.append(say("legend.reference.computed_line", reference=label))
        handles.append(Line2D([], [], color=_REFERENCE_COLOUR, linewidth=0.9, linestyle=(0, (3, 2))))
        labels.append(say("legend.reference.dashed_line"))
    return handles, labels


def _site_bases(scenario: Scenario, layers: _Layers) -> list[str]:
    """The basis of each site the map draws, in the order of ``layers.sites``."""
    basis = {site.id: site.basis for site in scenario.sites}
    return [basis[site_id] for site_id in layers.sites["site_id"]]


def _symbol_entries(scenario: Scenario, *, places: bool, detail: bool) -> _Entries:
    """The map's symbols (two columns under the ranges)."""
    grey = (0.5, 0.5, 0.5)
    entries: list[tuple[Artist, str]] = [
        (Patch(facecolor=(*grey, 0.25), edgecolor="none"), say("legend.span")),
        (Line2D([], [], color="#555555", linewidth=1.3), say("legend.range.max")),
    ]
    if any(r.kind == "min" for s in scenario.systems for r in s.ranges):
        dashed = Line2D([], [], color="#555555", linewidth=0.9, linestyle=(0, (2, 2)))
        entries.append((dashed, say("legend.range.min")))
    site = Line2D([], [], linestyle="none", marker="o", markerfacecolor="white", markeredgecolor="black")
    entries.append((site, say_bases("site.basis.{basis}", (s.basis for s in scenario.sites))))
    if places:
        dot = Line2D([], [], linestyle="none", marker="o", color=_PLACE_COLOUR, markersize=2.2)
        entries.append((dot, say("legend.place")))
    if detail:
        entries.append((Patch(facecolor="none", edgecolor="black", linewidth=0.6), say("legend.detail_area")))
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
        title=say("legend.title"),
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
    ax.text(x0, y0 + view.height * 0.025, numbers.km(length / 1000), fontsize=_LABEL_PT - 0.3, zorder=9)


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
    sites = say_bases("sites.basis.{basis}", (s.basis for s in scenario.sites), separator="list.separator.and")
    ax.set_title(say("detail.title", sites=sites), fontsize=_LEGEND_PT + 0.8, fontweight="bold", loc="left", pad=3)
    renderer = figure_renderer(fig)
    placer = _Placer(ax, renderer)
    xy = list(zip(layers.sites.geometry.x, layers.sites.geometry.y, strict=True))
    placer.block_points(xy, 3.0)
    _scale_bar(ax, view)
    placer.taken.append(_axes_corner(ax, view, 0.3, 0.18))
    hidden = [s.name for s in scenario.systems if s.id in set(layers.ranges[covering]["system_id"])]
    if hidden:
        _hidden_note(placer, hidden, frame.w * 0.55)
    for (x, y), name, basis in zip(xy, layers.sites["site_name"], _site_bases(scenario, layers), strict=True):
        placer.place(
            (x, y),
            _site_text(name, renderer, basis=basis, two_lines=True),
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
        labelled with its basis (with a detail map when sites crowd); the
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
    sites = say_bases(
        "sites.basis.{basis}.described", (s.basis for s in scenario.sites), separator="list.separator.and"
    )
    title_h = add_title(fig, scenario.title, say("static_map.subtitle", sites=sites))
    projection = say(
        "static_map.projection",
        lat=numbers.number(layers.lat, decimals=2),
        lon=numbers.number(layers.lon, decimals=2),
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
    bases = _site_bases(scenario, layers)
    _draw_site_labels(placer, layers.sites, 0.2 * km_per_in, bases=bases, detail=detail_view is not None)
    _label_ring_tops(placer, scenario, _clip_view(layers.ranges, view), colours, view)
    _label_places(placer, ax, layers.places, view)

"""The comparison chart an article needs next to the map (PNG or SVG).

For each site, bars give its distance to each of the scenario's territories
(by default the contiguous US coast and the US Caribbean territories) and to
chosen places.  Each
site's block also shows the reported range of every system placed there: a
coloured line at the maximum, shaded between the sources' low and high
figures, with low-high whiskers.  A top block and two vertical lines give the
reference ("90 miles" as reported, and as computed from the coastlines).

Distances come from :func:`georange.proximity.analyse`; this module draws
them and computes nothing geodesic.  The footer (caveats, sources,
attribution) is the one of the static map, from the figure kit
:mod:`georange.render._figure`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter
from numpy.typing import ArrayLike

from georange.catalogue import KM_PER_MILE, Range, Reference, System, Territory
from georange.proximity import Proximity, analyse
from georange.render._figure import (
    add_footer,
    add_title,
    figure_rc,
    figure_renderer,
    footer_paragraphs,
    listed,
    new_figure,
    text_colour,
    wrap_text,
)
from georange.render._html import computed_figure, estimate_label, reported_figure, short_name
from georange.render.style import system_colours
from georange.scenario import Scenario
from georange.words import numbers, say, say_n
from georange.words._basis import say_bases, site_with_basis

__all__ = ["CHART_WIDTH_IN", "comparison_chart"]

#: Width of the chart in inches (its height grows with the number of rows).
CHART_WIDTH_IN = 10.0

_ROW_IN = 0.19
_TICK_PT = 6.4
_VALUE_PT = 5.8
_BAR = "#a9a9a9"
_REFERENCE = "#000000"
_INK = "#222222"
_TICKS_KM = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000)
_VALUE_BOX = {"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


@dataclass
class _Rows:
    """The chart's rows, top to bottom: tick label, style and what to draw."""

    labels: list[str] = field(default_factory=list)
    styles: list[dict[str, Any]] = field(default_factory=list)
    #: (row, km, colour, labels longest first)
    bars: list[tuple[int, float, str, tuple[str, ...]]] = field(default_factory=list)
    #: (row, last row of the block, system, colour)
    ranges: list[tuple[int, int, System, str]] = field(default_factory=list)

    def add(self, label: str, **style: Any) -> int:
        """Append a row; return its index."""
        self.labels.append(label)
        self.styles.append(style)
        return len(self.labels) - 1


def _distance_texts(distance_km: float, ref: Reference | None) -> tuple[str, ...]:
    """A bar's label, longest first: distance, and its ratio to the reported reference."""
    distance = numbers.distance_km(distance_km)
    if ref is None:
        return (distance,)
    fields = {
        "distance": distance,
        "ratio": say("ratio.times", ratio=numbers.number(distance_km / ref.reported_km, decimals=1)),
        "reference": numbers.miles(ref.reported_mi, decimals=None),
    }
    return (
        say("chart.bar.ratio.long", **fields),
        say("chart.bar.ratio", **fields),
        say("chart.bar.ratio.short", **fields),
    )


def _territory_label(territory: Territory) -> str:
    """``"to the contiguous US coast"``; a territory of several regions is named by its parts."""
    regions = [r.label for r in territory.regions if r.label]
    if len(regions) > 1:
        return say("territory.to.group", regions=listed(regions, separator_id="list.separator.slash"))
    return say("territory.to", territory=territory.name)


def _subtitle(scenario: Scenario) -> str:
    """The question the chart answers, naming the scenario's sites' bases, its territories and reference."""
    named = [say("territory.named", territory=t.name) for t in scenario.territories]
    fields = {
        "site": say_bases("site.basis.{basis}", (s.basis for s in scenario.sites)),
        "territories": listed(named, separator_id="list.separator.and") if named else say("chart.territories.none"),
    }
    ref = scenario.ratio_reference
    if ref is None:
        return say("chart.subtitle.no_reference", **fields)
    return say("chart.subtitle", reference=ref.name, **fields)


def _reference_rows(rows: _Rows, scenario: Scenario, prox: Proximity) -> None:
    for ref in scenario.references:
        rows.add(ref.name, fontweight="bold", color=_REFERENCE)
        text = say(
            "reference.row.reported.value",
            miles=numbers.miles(ref.reported_mi, decimals=None),
            km=numbers.km(ref.reported_km),
            flag=estimate_label(ref.estimate),
            sources=say_n("sources.count", len(ref.sources)),
        )
        rows.bars.append(
            (rows.add(say("reference.row.reported"), color=_REFERENCE), ref.reported_km, "#333333", (text,))
        )
        match = prox.references[prox.references["reference_id"] == ref.id]
        if len(match) and pd.notna(match.iloc[0]["computed_km"]):
            row = match.iloc[0]
            text = say(
                "reference.row.computed.value",
                miles=numbers.miles(float(row["computed_mi"]), decimals=1),
                km=numbers.km(float(row["computed_km"]), decimals=1),
            )
            rows.bars.append(
                (rows.add(say("reference.row.computed"), color=_REFERENCE), row["computed_km"], "#333333", (text,))
            )


def _system_row(rows: _Rows, system: System, colours: dict[str, str]) -> int:
    label = say("system.reported_range", system=short_name(system.name))
    return rows.add(label, color=text_colour(colours[system.id]))


def _site_rows(
    rows: _Rows,
    scenario: Scenario,
    prox: Proximity,
    places: Sequence[str],
    colours: dict[str, str],
) -> None:
    ref = scenario.ratio_reference
    for site in scenario.sites:
        rows.add(site_with_basis(short_name(site.name), site.basis, adjective=True), fontweight="bold", color=_INK)
        first = len(rows.labels)
        systems = [scenario.system(s) for s in scenario.site_systems[site.id]]
        system_rows = [_system_row(rows, s, colours) for s in systems]
        for _, t in prox.territories[prox.territories["site_id"] == site.id].iterrows():
            territories = {x.id: x for x in scenario.territories}
            row = rows.add(_territory_label(territories[str(t["territory_id"])]), color=_INK)
            km = float(t["distance_km"])
            rows.bars.append((row, km, _BAR, _distance_texts(km, ref)))
        table = prox.places[prox.places["site_id"] == site.id].drop_duplicates("place_id")
        for place_id in places:
            match = table[table["place_id"] == place_id]
            if match.empty:
                continue
            km = float(match.iloc[0]["distance_km"])
            rows.bars.append(
                (
                    rows.add(say("place.to", place=match.iloc[0]["place_name"]), color=_INK),
                    km,
                    _BAR,
                    _distance_texts(km, ref),
                )
            )
        last = len(rows.labels) - 1
        for system, row in zip(systems, system_rows, strict=True):
            rows.ranges.append((row, last if last > first else row, system, colours[system.id]))


def _range_text(rng: Range) -> str:
    span = numbers.km_span(rng.low_km, rng.high_km)
    return say(
        "range.value.span" if span else "range.value",
        distance=numbers.distance_km(rng.km),
        span=span,
        flag=estimate_label(rng.estimate),
    )


@dataclass(frozen=True)
class _Scale:
    """Where a distance falls across the axes, in inches, for placing labels that fit."""

    low: float
    high: float
    width_in: float
    fig: Figure

    def inches(self, km: float) -> float:
        """Distance of ``km`` from the left edge of the axes (log scale)."""
        return self.width_in * float(np.log10(km / self.low) / np.log10(self.high / self.low))

    def text_in(self, text: str) -> float:
        """Width of a value label in inches."""
        renderer = figure_renderer(self.fig)
        prop = FontProperties(family="DejaVu Sans", size=_VALUE_PT)
        width, _, _ = renderer.get_text_width_height_descent(text, prop, ismath=False)
        return float(width) / self.fig.dpi + 0.12

    def right_fits(self, km: float, text: str) -> bool:
        """Whether a label starting just right of ``km`` ends inside the axes."""
        return self.inches(km) + self.text_in(text) <= self.width_in


def _label(
    ax: Axes,
    scale: _Scale,
    texts: Sequence[str],
    row: int,
    *,
    right_of: float,
    left_of: float,
    colour: str | tuple[float, float, float],
) -> None:
    """The first of ``texts`` that fits right of ``right_of``; else the first, left of ``left_of``."""
    text = next((t for t in texts if scale.right_fits(right_of, t)), None)
    right = text is not None or scale.inches(left_of) < scale.text_in(texts[0])
    ax.annotate(
        text or texts[0],
        (right_of if right else left_of, row),
        xytext=(4 if right else -4, 0),
        textcoords="offset points",
        ha="left" if right else "right",
        va="center",
        fontsize=_VALUE_PT,
        color=colour,
        bbox=_VALUE_BOX,
        zorder=6,
    )


def _draw_range(ax: Axes, scale: _Scale, row: int, last: int, system: System, colour: str) -> None:
    """A system's maximum range through its site's block: line, shaded span and whiskers."""
    rng = system.max_range
    low, high = rng.lowest_km, rng.highest_km
    top, bottom = row - 0.45, last + 0.45
    if high > low:
        ax.fill_betweenx([top, bottom], low, high, color=colour, alpha=0.13, linewidth=0, zorder=1)
    # Under the value labels' translucent boxes: the text stays legible and the line shows through.
    ax.vlines(rng.km, row, bottom, color=colour, linewidth=1.4, zorder=4)
    ax.errorbar(
        [rng.km],
        [row],
        xerr=[[rng.km - low], [high - rng.km]],
        fmt="o",
        color=colour,
        markersize=3.2,
        capsize=2.5,
        elinewidth=1.0,
        zorder=5,
    )
    _label(ax, scale, [_range_text(rng)], row, right_of=high, left_of=low, colour=text_colour(colour))


def _km_to_mi(km: ArrayLike) -> ArrayLike:
    return np.asarray(km, dtype=float) / KM_PER_MILE


def _mi_to_km(mi: ArrayLike) -> ArrayLike:
    return np.asarray(mi, dtype=float) * KM_PER_MILE


def _km_axis(ax: Axes, low: float, high: float, n_rows: int) -> None:
    ax.set_xscale("log")
    ax.set_xlim(low, high)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.xaxis.set_major_locator(FixedLocator([t for t in _TICKS_KM if low <= t <= high]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: numbers.number(v)))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(say("chart.axis.km"), fontsize=_TICK_PT)
    ax.tick_params(axis="x", labelsize=_TICK_PT)
    ax.grid(axis="x", which="major", color="#e4e4e4", linewidth=0.5, zorder=0)
    ax.set_axisbelow(True)
    miles = ax.secondary_xaxis("top", functions=(_km_to_mi, _mi_to_km))
    miles.xaxis.set_major_locator(FixedLocator([t for t in _TICKS_KM if low <= t * KM_PER_MILE <= high]))
    miles.xaxis.set_major_formatter(FuncFormatter(lambda v, _: numbers.number(v)))
    miles.xaxis.set_minor_formatter(NullFormatter())
    miles.set_xlabel(say("chart.axis.miles"), fontsize=_TICK_PT)
    miles.tick_params(axis="x", labelsize=_TICK_PT)


def _y_labels(ax: Axes, rows: _Rows) -> None:
    ax.set_yticks(range(len(rows.labels)))
    ax.set_yticklabels(rows.labels, fontsize=_TICK_PT)
    for tick, style in zip(ax.get_yticklabels(), rows.styles, strict=True):
        tick.set(**style)
    ax.tick_params(axis="y", length=0)
    for name in ("right", "left"):
        ax.spines[name].set_visible(False)


def _reference_figures(scenario: Scenario, prox: Proximity) -> tuple[Reference, pd.Series | None] | None:
    """The ratio reference and its computed row (None when not computed)."""
    ref = scenario.ratio_reference
    if ref is None:
        return None
    match = prox.references[prox.references["reference_id"] == ref.id]
    computed = match.iloc[0] if len(match) and pd.notna(match.iloc[0]["computed_km"]) else None
    return ref, computed


_REPORTED_STYLE: dict[str, Any] = {"color": _REFERENCE, "linewidth": 0.8, "linestyle": (0, (4, 2))}
_COMPUTED_STYLE: dict[str, Any] = {"color": _REFERENCE, "linewidth": 0.8}


def _reference_entries(scenario: Scenario, prox: Proximity) -> list[tuple[Artist, str]]:
    """Legend entries of the vertical reference lines."""
    figures = _reference_figures(scenario, prox)
    if figures is None:
        return []
    ref, computed = figures
    entries: list[tuple[Artist, str]] = [(Line2D([], [], **_REPORTED_STYLE), reported_figure(ref))]
    if computed is not None:
        entries.append((Line2D([], [], **_COMPUTED_STYLE), computed_figure(computed)))
    return entries


def _reference_lines(ax: Axes, scenario: Scenario, prox: Proximity) -> None:
    """Vertical lines at the first reference's reported and computed figures, through every row."""
    figures = _reference_figures(scenario, prox)
    if figures is None:
        return
    ref, computed = figures
    ax.axvline(ref.reported_km, zorder=3, **_REPORTED_STYLE)
    if computed is not None:
        ax.axvline(float(computed["computed_km"]), zorder=3, **_COMPUTED_STYLE)


def _limits(rows: _Rows) -> tuple[float, float]:
    values = [km for _, km, _, _ in rows.bars]
    for _, _, system, _ in rows.ranges:
        values += [system.max_range.lowest_km, system.max_range.highest_km]
    values = [v for v in values if v > 0] or [100.0]
    low = 10 ** np.floor(np.log10(min(values) / 1.3))
    top = max(values) * 3.0
    decade = 10 ** np.floor(np.log10(top))
    high = min(m * decade for m in (1, 2, 5, 10) if m * decade >= top)
    return float(low), float(high)


def _legend(
    fig: Figure,
    scenario: Scenario,
    prox: Proximity,
    colours: dict[str, str],
    *,
    top: float,
) -> Legend:
    """Systems with their claim status, the reference lines and the bars, from ``top`` (inches) down."""
    handles: list[Artist] = []
    labels: list[str] = []
    renderer = figure_renderer(fig)
    for system in scenario.systems:
        rgb = mpl.colors.to_rgb(colours[system.id])
        handles.append(Patch(facecolor=(*rgb, 0.2), edgecolor=colours[system.id], linewidth=1.3))
        claim = scenario.status(system.id)
        name = say("system.with_status", system=system.name, status=claim.label) if claim else system.name
        labels.append("\n".join(wrap_text(name, 2.9, _VALUE_PT + 0.2, renderer)))
    for handle, label in _reference_entries(scenario, prox):
        handles.append(handle)
        labels.append(label)
    handles.append(Patch(facecolor=_BAR, edgecolor="none"))
    labels.append(say("chart.legend.distance", site=say_bases("site.basis.{basis}", (s.basis for s in scenario.sites))))
    return fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0.25 / CHART_WIDTH_IN, top / fig.get_size_inches()[1]),
        ncols=3,
        frameon=False,
        fontsize=_VALUE_PT + 0.2,
        handlelength=1.8,
        columnspacing=1.2,
        borderaxespad=0.0,
    )


def comparison_chart(
    scenario: Scenario, proximity: Proximity | None = None, places: Sequence[str] | None = None
) -> Figure:
    """Draw each site's distances against the "90 miles" and each system's reported range.

    Parameters
    ----------
    scenario
        A resolved scenario.
    proximity
        Its proximity tables from :func:`georange.proximity.analyse`; computed when not given.
    places
        Ids of the scenario's places to compare as well, in this order (default: none, only
        the scenario's territories).

    Returns
    -------
    matplotlib.figure.Figure
        A :data:`CHART_WIDTH_IN`-inch-wide figure (save it with
        :func:`georange.render.static_map.figure_bytes`): one block per
        site with bars for its distances and, for each system
        placed there, its maximum range with the sources' low-high span; the
        reported and computed reference as a block and as vertical lines; a km
        axis (log scale) with miles on top; and the shared footer with the
        caveats, sources and attribution.

    Raises
    ------
    ValueError
        If a place id is not one of the scenario's places.
    """
    chosen = list(places or [])
    unknown = [p for p in chosen if p not in {place.id for place in scenario.places}]
    if unknown:
        raise ValueError(f"place '{unknown[0]}' is not a place of scenario '{scenario.id}'")
    prox = proximity if proximity is not None else analyse(scenario)
    with figure_rc():
        return _compose(scenario, prox, chosen)


def _compose(scenario: Scenario, prox: Proximity, places: list[str]) -> Figure:
    colours = system_colours(scenario)
    rows = _Rows()
    _reference_rows(rows, scenario, prox)
    _site_rows(rows, scenario, prox, places, colours)
    n = len(rows.labels)
    plot_h = n * _ROW_IN
    subtitle = _subtitle(scenario)
    footer = footer_paragraphs(
        scenario,
        places=bool(places),
        extra=[say("chart.note.distances")],
    )
    scratch = new_figure(CHART_WIDTH_IN, 10.0)  # titles and footers only depend on the width
    title_h, footer_h = add_title(scratch, scenario.title, subtitle), add_footer(scratch, footer)
    legend_h = _legend(scratch, scenario, prox, colours, top=5.0).get_window_extent().height / scratch.dpi
    height = title_h + 0.5 + plot_h + 0.55 + legend_h + footer_h + 0.1
    fig = new_figure(CHART_WIDTH_IN, height)
    add_title(fig, scenario.title, subtitle)
    add_footer(fig, footer)
    renderer = figure_renderer(fig)
    label_w = max(
        renderer.get_text_width_height_descent(label, _font(style), ismath=False)[0] / fig.dpi
        for label, style in zip(rows.labels, rows.styles, strict=True)
    )
    left = 0.25 + label_w + 0.1
    bottom = footer_h + legend_h + 0.55
    ax = fig.add_axes(
        (
            left / CHART_WIDTH_IN,
            bottom / height,
            (CHART_WIDTH_IN - left - 0.3) / CHART_WIDTH_IN,
            plot_h / height,
        )
    )
    low, high = _limits(rows)
    _km_axis(ax, low, high, n)
    _y_labels(ax, rows)
    scale = _Scale(low, high, CHART_WIDTH_IN - left - 0.3, fig)
    for row, km, colour, text in rows.bars:
        ax.barh(row, km - low, left=low, height=0.62, color=colour, zorder=2)
        _label(ax, scale, text, row, right_of=km, left_of=km, colour=_INK)
    for row, last, system, colour in rows.ranges:
        _draw_range(ax, scale, row, last, system, colour)
    _reference_lines(ax, scenario, prox)
    _legend(fig, scenario, prox, colours, top=bottom - 0.42)
    return fig


def _font(style: dict[str, Any]) -> FontProperties:
    return FontProperties(family="DejaVu Sans", size=_TICK_PT, weight=style.get("fontweight", "normal"))

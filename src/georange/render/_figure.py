"""The figure kit shared by the static map and the comparison chart.

Fonts, colours and matplotlib settings, text measured and wrapped with the
real font, the title and the footer (caveats, sources by publisher,
attribution), the legend-label builders, and :func:`figure_bytes`, which
encodes a figure as byte-identical PNG or SVG.  Everything uses matplotlib's
object-oriented API (no ``pyplot`` state).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import matplotlib as mpl
import pandas as pd
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D

from georange._version import __version__
from georange.catalogue import Range, Reference, Source, Status, System
from georange.gazetteer import GEONAMES_ATTRIBUTION
from georange.naturalearth import NATURAL_EARTH_ATTRIBUTION
from georange.proximity import Proximity
from georange.render._html import both_figures, estimate_label
from georange.scenario import Scenario
from georange.words import numbers, say, say_n
from georange.words._basis import say_bases

__all__ = [
    "add_footer",
    "add_title",
    "figure_bytes",
    "figure_rc",
    "figure_renderer",
    "footer_paragraphs",
    "listed",
    "new_figure",
    "range_label",
    "reference_label",
    "system_label",
    "text_colour",
    "wrap_text",
]

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
_REFERENCE_COLOUR = "#000000"
_PLACE_COLOUR = "#666666"
_MARGIN_IN = 0.25
_FOOTER_PT = 5.6
_LEGEND_PT = 6.3
_LABEL_PT = 6.0


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


def listed(items: Iterable[str], *, separator_id: str = "list.separator.comma") -> str:
    """The items joined by the separator message ``separator_id`` (``", "`` by default)."""
    return say(separator_id).join(items)


def _publishers(sources: Sequence[Source]) -> str:
    return listed(dict.fromkeys(s.publisher for s in sources), separator_id="list.separator.semicolon")


def _sources(sources: Sequence[Source]) -> dict[str, str]:
    """The fields ``sources`` (how many) and ``publishers`` of a footer sentence."""
    return {"sources": say_n("sources.count", len(sources)), "publishers": _publishers(sources)}


def _system_sources(system: System, claim: Status | None) -> str:
    ranges = [s for r in system.ranges for s in r.sources]
    unique = list({s.url: s for s in ranges}.values())
    if claim is None:
        return say("footer.sources.system", system=system.name, **_sources(unique))
    status = _sources(claim.sources)
    return say(
        "footer.sources.system.status",
        system=system.name,
        status_sources=status["sources"],
        status_publishers=status["publishers"],
        **_sources(unique),
    )


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
    parts = [say("footer.sources", systems=say_n("systems.count", len(scenario.systems)))]
    parts += [_system_sources(system, scenario.status(system.id)) for system in scenario.systems]
    sites = say_bases("sites.basis.{basis}.positions", (site.basis for site in scenario.sites))
    parts.append(say("footer.sources.sites", sites=sites, **_sources(site_sources)))
    for ref in scenario.references:
        parts.append(say("footer.sources.reference", reference=ref.name, **_sources(ref.sources)))
    if places and scenario.places:
        place_sources = list({s.url: s for p in scenario.places for s in p.sources}.values())
        parts.append(say("footer.sources.places", **_sources(place_sources)))
    attribution = say("footer.attribution", natural_earth=NATURAL_EARTH_ATTRIBUTION, geonames=GEONAMES_ATTRIBUTION)
    sentences = "list.separator.sentence"
    return [
        say("footer.caveats", caveats=listed(scenario.caveats, separator_id=sentences)),
        listed(parts, separator_id=sentences),
        listed([*extra, attribution, say("footer.made_with", version=__version__)], separator_id=sentences),
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
    span = numbers.km_span(rng.low_km, rng.high_km)
    return say(
        "range.summary.span" if span else "range.summary",
        kind=say("range.kind.max.short" if rng.kind == "max" else "range.kind.min.short"),
        distance=numbers.distance_km(rng.km),
        span=span,
        flag=estimate_label(rng.estimate),
        sources=say_n("sources.count", len(rng.sources)),
    )


def system_label(system: System, claim: Status | None = None) -> str:
    """A system's legend entry: name, reporting names, claim status and each range."""
    name = system.name
    if system.reporting_names:
        name = say("system.aliases", system=name, aliases=listed(system.reporting_names))
    lines = [name]
    if claim is not None:
        lines.append(claim.label)
    lines += [range_label(r) for r in system.ranges]
    return "\n".join(lines)


def reference_label(ref: Reference, computed: pd.Series | None) -> str:
    """A reference's figures side by side: ``"...: 90 mi reported (145 km); 93 mi computed (149.9 km)"``."""
    return say(
        "reference.label", reference=ref.name, figures=both_figures(ref, computed), flag=estimate_label(ref.estimate)
    )


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

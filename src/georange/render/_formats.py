"""The render formats: each name's function and file suffix (the twin of ``EXPORTERS``).

The registry is cheap to import: each function imports its renderer (folium
or matplotlib) only when it runs, so ``georange --help`` loads neither.

>>> from georange.render import RENDERERS
>>> {name: suffix for name, (_, suffix) in RENDERERS.items()}
{'html': '.html', 'png': '.png', 'svg': '.svg'}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from georange.scenario import Scenario

__all__ = ["RENDERERS", "RENDER_FORMATS", "Renderer"]


class Renderer(Protocol):
    """A render function: the scenario and the options in, the file's content out."""

    def __call__(self, scenario: Scenario, *, self_contained: bool = False, dpi: int = 300) -> str | bytes:
        """Render ``scenario``; each format ignores the options that do not apply to it."""


def _html(scenario: Scenario, *, self_contained: bool = False, dpi: int = 300) -> str:
    """The interactive folium map (``dpi`` is unused: the page has no pixels to count)."""
    from georange.render.html_map import map_html

    return map_html(scenario, self_contained=self_contained)


def _figure(fmt: str) -> Renderer:
    def figure(scenario: Scenario, *, self_contained: bool = False, dpi: int = 300) -> bytes:
        from georange.render.static_map import figure_bytes, static_figure

        return figure_bytes(static_figure(scenario), fmt, dpi=dpi)

    figure.__doc__ = f"The static figure for print as {fmt.upper()} (``self_contained`` is unused)."
    return figure


#: Each format's render function and file suffix, for ``georange render``.
RENDERERS: dict[str, tuple[Renderer, str]] = {
    "html": (_html, ".html"),
    "png": (_figure("png"), ".png"),
    "svg": (_figure("svg"), ".svg"),
}
RENDER_FORMATS = tuple(RENDERERS)

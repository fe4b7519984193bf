"""Escaped HTML fragments shared by the map's popups and panels.

Every string that comes from a data file passes through :func:`html_text`.
Source lists repeat across many popups, so while a map is being built
(:func:`shared_fragments`) they are stored once and referenced by a token that
the page expands in the browser; outside that context they are inlined.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

import pandas as pd
from markupsafe import escape

from georange.catalogue import Reference

__all__ = [
    "Fragments",
    "both_figures",
    "estimate_label",
    "html_text",
    "shared_fragments",
    "short_name",
    "sources_html",
]


_EXTRA_ESCAPES = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})


def html_text(value: object) -> str:
    r"""Escape text for HTML, also neutralising characters special elsewhere on the page.

    Beyond ``<>&"'``: backticks, ``$`` and ``\`` (JavaScript template strings)
    and braces (folium re-reads rendered element output as a Jinja template,
    so ``{{`` in a data file must never reach it).
    """
    return str(escape(str(value))).translate(_EXTRA_ESCAPES)


class Fragments:
    """HTML fragments stored once per page and referenced by token."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}

    def token(self, html: str) -> str:
        """A placeholder for ``html``; user text is escaped, so the tag cannot be forged."""
        key = self.keys.setdefault(html, f"f{len(self.keys)}")
        return f'<georange-ref k="{key}"></georange-ref>'

    def table(self) -> dict[str, str]:
        """Key to HTML, in insertion order."""
        return {key: html for html, key in self.keys.items()}


_ACTIVE: contextvars.ContextVar[Fragments | None] = contextvars.ContextVar("georange_fragments", default=None)


@contextlib.contextmanager
def shared_fragments() -> Iterator[Fragments]:
    """Collect repeated fragments (source lists) while a page is built."""
    fragments = Fragments()
    reset = _ACTIVE.set(fragments)
    try:
        yield fragments
    finally:
        _ACTIVE.reset(reset)


def _shared(html: str) -> str:
    active = _ACTIVE.get()
    return active.token(html) if active is not None else html


def sources_html(sources: list[dict[str, str]], heading: str = "Sources") -> str:
    """A numbered list of sources with links, publisher, dates, quote and ``via``."""
    items = []
    for s in sources:
        href = html_text(s["url"])
        link = f'<a href="{href}" target="_blank" rel="noopener noreferrer">{html_text(s["title"])}</a>'
        extra = f", published {html_text(s['published'])}" if s.get("published") else ""
        via = f" (via {html_text(s['via'])})" if s.get("via") else ""
        quote = f"<br><q>{html_text(s['quote'])}</q>" if s.get("quote") else ""
        accessed = html_text(s["accessed"])
        items.append(f"<li>{link}, {html_text(s['publisher'])}{extra}; accessed {accessed}{via}{quote}</li>")
    return _shared(f"<b>{html_text(heading)}</b><ol>{''.join(items)}</ol>")


def estimate_label(estimate: bool) -> str:
    """How a figure is flagged: ``estimate`` or ``reported value``."""
    return "estimate" if estimate else "reported value"


def both_figures(ref: Reference, computed: pd.Series | None) -> str:
    """``"90 mi reported (145 km); 93 mi computed (149.9 km)"``: which is which, side by side."""
    text = f"{ref.reported_mi:g} mi reported ({ref.reported_km:,.0f} km)"
    if computed is not None and pd.notna(computed["computed_km"]):
        text += f"; {computed['computed_mi']:,.0f} mi computed ({computed['computed_km']:,.1f} km)"
    return text


def short_name(name: str) -> str:
    """A name without its parenthesised detail, for compact panels."""
    return name.split(" (")[0]

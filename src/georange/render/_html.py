"""Escaped HTML fragments shared by the map's popups and panels.

Every string that comes from a data file passes through :func:`html_text`
(from :mod:`georange._escape`); every word comes from :mod:`georange.words`.
Source lists repeat across many popups, so while a map is being built
(:func:`shared_fragments`) they are stored once and referenced by a token that
the page expands in the browser; outside that context they are inlined.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

import pandas as pd
from markupsafe import Markup

from georange._escape import html_text
from georange.catalogue import Reference
from georange.words import numbers, say, say_html

__all__ = [
    "Fragments",
    "bold",
    "both_figures",
    "computed_figure",
    "estimate_label",
    "html_text",
    "reported_figure",
    "shared_fragments",
    "short_name",
    "sources_html",
]


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


def bold(html: str) -> Markup:
    """Already escaped HTML (or a message from :func:`~georange.words.say_html`) in bold."""
    return Markup(f"<b>{html}</b>")


def _source_item(s: dict[str, str]) -> str:
    link = Markup(
        f'<a href="{html_text(s["url"])}" target="_blank" rel="noopener noreferrer">{html_text(s["title"])}</a>'
    )
    fields = {"title": link, "publisher": s["publisher"], "accessed": s["accessed"]}
    if s.get("published"):
        item = say_html("source.item.published", published=s["published"], **fields)
    else:
        item = say_html("source.item", **fields)
    if s.get("via"):
        item = say_html("source.via", source=item, via=s["via"])
    quote = f"<br><q>{html_text(s['quote'])}</q>" if s.get("quote") else ""
    return f"<li>{item}{quote}</li>"


def sources_html(sources: list[dict[str, str]], heading: str | None = None) -> str:
    """A numbered list of sources with links, publisher, dates, quote and ``via``.

    ``heading`` is plain text (escaped here); by default the ``sources.heading`` message.
    """
    title = html_text(heading) if heading is not None else say_html("sources.heading")
    return _shared(f"<b>{title}</b><ol>{''.join(_source_item(s) for s in sources)}</ol>")


def estimate_label(estimate: bool) -> str:
    """How a figure is flagged: ``estimate`` or ``reported value``."""
    return say("flag.estimate") if estimate else say("flag.reported")


def reported_figure(ref: Reference) -> str:
    """``"90 mi reported (145 km)"``: the reference's figure as usually quoted."""
    return say(
        "reference.reported",
        miles=numbers.miles(ref.reported_mi, decimals=None),
        km=numbers.km(ref.reported_km),
    )


def computed_figure(computed: pd.Series) -> str:
    """``"93 mi computed (149.9 km)"``: the reference as georange computes it."""
    return say(
        "reference.computed",
        miles=numbers.miles(float(computed["computed_mi"])),
        km=numbers.km(float(computed["computed_km"]), decimals=1),
    )


def both_figures(ref: Reference, computed: pd.Series | None) -> str:
    """``"90 mi reported (145 km); 93 mi computed (149.9 km)"``: which is which, side by side."""
    if computed is None or pd.isna(computed["computed_km"]):
        return reported_figure(ref)
    return say("reference.figures", reported=reported_figure(ref), computed=computed_figure(computed))


def short_name(name: str) -> str:
    """A name without its parenthesised detail, for compact panels."""
    return name.split(" (")[0]

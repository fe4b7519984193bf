"""The message templates, keyed by id: every sentence and label a reader sees.

Ids are dotted: the first part names what the words are about (``site``,
``range``, ``reference``, ``legend``, ...), never which renderer uses them,
so that one idea is worded once.  Fields are named (``{site}``), so a
translation may reorder them.  :func:`N_` marks a template for gettext
extraction and returns it unchanged.
"""

from __future__ import annotations

from georange.words import _messages_basis, _messages_data, _messages_map, _messages_print
from georange.words._mark import N_

__all__ = ["MESSAGES", "N_", "PLURALS"]


#: Message id -> template.
MESSAGES: dict[str, str] = {
    # Sites (words that depend on a site's basis: georange.words._messages_basis)
    "site.with_basis": N_("{site} ({basis})"),
    # Figures and how they are flagged
    "flag.estimate": N_("estimate"),
    "flag.reported": N_("reported value"),
    # shared
    "range.kind.max": N_("maximum range"),
    "range.kind.min": N_("minimum range (dead zone)"),
    "range.kind.max.short": N_("max"),
    "range.kind.min.short": N_("min (dead zone)"),
    "reference.reported": N_("{miles} reported ({km})"),
    "reference.computed": N_("{miles} computed ({km})"),
    "reference.figures": N_("{reported}; {computed}"),
    "ratio.times": N_("{ratio}\u00d7"),
    "list.separator.comma": N_(", "),
    "list.separator.semicolon": N_("; "),
    "list.separator.slash": N_(" / "),
    "list.separator.and": N_(" and "),
    "list.separator.sentence": N_(" "),
    "sources.heading": N_("Sources"),
    "legend.title": N_("Reported ranges (public estimates)"),
    "system.aliases": N_("{system} ({aliases})"),
    "territory.to": N_("to the {territory}"),
    "territory.named": N_("the {territory}"),
}

#: Message id -> (singular template, plural template); ``{n}`` is the grouped count.
PLURALS: dict[str, tuple[str, str]] = {
    "sources.count": (N_("{n} source"), N_("{n} sources")),
}


def _merge(section: dict[str, object], into: dict[str, object]) -> None:
    """Add a section's messages; an id defined twice is a bug (one idea, one wording)."""
    twice = sorted(set(section) & set(into))
    if twice:
        raise RuntimeError(f"message ids defined twice in georange.words: {', '.join(twice)}")
    into.update(section)


for _section in (_messages_basis, _messages_map, _messages_print, _messages_data):
    _merge(_section.MESSAGES, MESSAGES)  # type: ignore[arg-type]
    _merge(_section.PLURALS, PLURALS)  # type: ignore[arg-type]

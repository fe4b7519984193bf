"""The message templates, keyed by id: every sentence and label a reader sees.

Ids are dotted: the first part names what the words are about (``site``,
``range``, ``reference``, ``legend``, ...), never which renderer uses them,
so that one idea is worded once.  Fields are named (``{site}``), so a
translation may reorder them.  :func:`N_` marks a template for gettext
extraction and returns it unchanged.
"""

from __future__ import annotations

__all__ = ["MESSAGES", "N_", "PLURALS"]


def N_(message: str) -> str:
    """Mark ``message`` for extraction into a gettext catalogue; return it unchanged."""
    return message


#: Message id -> template.
MESSAGES: dict[str, str] = {
    # Sites
    "site.hypothetical": N_("hypothetical site"),
    "site.tooltip": N_("{site} (hypothetical site)"),
    # Figures and how they are flagged
    "flag.estimate": N_("estimate"),
    "flag.reported": N_("reported value"),
}

#: Message id -> (singular template, plural template); ``{n}`` is the grouped count.
PLURALS: dict[str, tuple[str, str]] = {
    "sources.count": (N_("{n} source"), N_("{n} sources")),
}

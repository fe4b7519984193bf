"""Helpers shared by the words tests."""

from __future__ import annotations

import re

from georange import words


def all_templates() -> list[tuple[str, str]]:
    """(id, template) for every message and both forms of every plural."""
    out = list(words.MESSAGES.items())
    for msg_id, (one, many) in words.PLURALS.items():
        out += [(msg_id, one), (msg_id, many)]
    return out


def ids_matching(pattern: str) -> list[str]:
    """The message and plural ids that match a regular expression (an id scanned from a ``say*`` call)."""
    return [k for k in (*words.MESSAGES, *words.PLURALS) if re.fullmatch(pattern, k)]

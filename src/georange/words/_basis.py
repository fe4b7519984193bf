"""Words keyed by a site's basis (why it is on the map), for one site or a set of sites.

Message ids hold a ``{basis}`` slot (``"site.basis.{basis}"``); a set of
sites with several bases names each basis once, in order of first use.  A
basis that lacks a template fails loudly, naming every basis-keyed template
it lacks (:func:`missing_templates`), so no output can fall back on another
basis's words.

>>> say_basis("site.basis.{basis}", "hypothetical")
'hypothetical site'
>>> say_bases("sites.basis.{basis}.heading", ["hypothetical", "hypothetical"])
'Hypothetical sites'
>>> count_by_basis(["hypothetical"] * 3)
'3 hypothetical sites'
>>> count_by_basis([])
'0 sites'
>>> site_with_basis("Caracas", "hypothetical")
'Caracas (hypothetical site)'
>>> str(site_with_basis_html(Markup("<b>Caracas</b>"), "hypothetical", adjective=True))
'<b>Caracas</b> (hypothetical)'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from georange.words import MESSAGES, PLURALS, Markup, say, say_html, say_n

__all__ = [
    "basis_patterns",
    "count_by_basis",
    "missing_templates",
    "say_bases",
    "say_bases_html",
    "say_basis",
    "say_basis_html",
    "site_with_basis",
    "site_with_basis_html",
]

#: ``<prefix>.basis.<basis>[.<suffix>]``: the basis is the segment after ``basis``.
_KEYED = re.compile(r"^(?P<head>(?:[a-z_]+\.)*basis\.)(?P<basis>[a-z_]+)(?P<tail>(?:\.[a-z_.]+)?)$")


def basis_patterns() -> list[str]:
    """Every basis-keyed id pattern that some basis has (``"site.basis.{basis}.heading"``, ...), sorted."""
    found = (_KEYED.match(msg_id) for msg_id in (*MESSAGES, *PLURALS))
    return sorted({f"{m['head']}{{basis}}{m['tail']}" for m in found if m is not None})


def missing_templates(bases: Iterable[str]) -> list[str]:
    """The ids of the basis-keyed templates that these bases lack (empty when every basis has them all)."""
    known = MESSAGES.keys() | PLURALS.keys()
    wanted = (p.format(basis=b) for b in dict.fromkeys(bases) for p in basis_patterns())
    return [msg_id for msg_id in wanted if msg_id not in known]


def _basis_id(pattern: str, basis: str, table: dict[str, Any]) -> str:
    """The id for ``basis``; a basis without it raises, naming every template that basis lacks."""
    msg_id = pattern.format(basis=basis)
    if msg_id not in table:
        missing = missing_templates([basis])
        if missing:
            raise LookupError(f"georange.words has no templates for site basis {basis!r}: {', '.join(missing)}")
    return msg_id


def say_basis(pattern: str, basis: str, /, **fields: object) -> str:
    """The message ``pattern`` (an id with a ``{basis}`` slot) for one basis."""
    return say(_basis_id(pattern, basis, MESSAGES), **fields)


def say_basis_html(pattern: str, basis: str, /, **fields: object) -> Markup:
    """The message ``pattern`` for one basis, as HTML (see :func:`georange.words.say_html`)."""
    return say_html(_basis_id(pattern, basis, MESSAGES), **fields)


def say_bases(pattern: str, bases: Iterable[str], /, *, separator: str = "list.separator.slash") -> str:
    """The message for each distinct basis, joined by the ``separator`` message."""
    return say(separator).join(say_basis(pattern, b) for b in dict.fromkeys(bases))


def say_bases_html(pattern: str, bases: Iterable[str], /, *, separator: str = "list.separator.slash") -> Markup:
    """:func:`say_bases` as HTML."""
    return say_html(separator).join(say_basis_html(pattern, b) for b in dict.fromkeys(bases))


def site_with_basis(name: str, basis: str, /, *, adjective: bool = False, two_lines: bool = False) -> str:
    """``"Caracas (hypothetical site)"``, or ``"Caracas (hypothetical)"`` with ``adjective``."""
    word = say_basis("site.basis.{basis}.adjective" if adjective else "site.basis.{basis}", basis)
    return say("site.with_basis.two_lines" if two_lines else "site.with_basis", site=name, basis=word)


def site_with_basis_html(name: str | Markup, basis: str, /, *, adjective: bool = False) -> Markup:
    """:func:`site_with_basis` as HTML (``name`` is escaped unless it is markup)."""
    word = say_basis("site.basis.{basis}.adjective" if adjective else "site.basis.{basis}", basis)
    return say_html("site.with_basis", site=name, basis=word)


def count_by_basis(bases: Iterable[str]) -> str:
    """``"3 hypothetical sites"``: one count per basis (``sites.basis.<basis>.count``), comma-joined."""
    counts = Counter(bases)
    if not counts:
        return say_n("sites.count", 0)
    parts = (say_n(_basis_id("sites.basis.{basis}.count", b, PLURALS), n) for b, n in counts.items())
    return say("list.separator.comma").join(parts)

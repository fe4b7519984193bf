"""Words keyed by a site's basis (why it is on the map), for one site or a set of sites.

Message ids hold a ``{basis}`` slot (``"site.basis.{basis}"``); a set of
sites with several bases names each basis once, in order of first use.

>>> say_basis("site.basis.{basis}", "hypothetical")
'hypothetical site'
>>> say_bases("sites.basis.{basis}.heading", ["hypothetical", "hypothetical"])
'Hypothetical sites'
>>> count_by_basis(["hypothetical"] * 3)
'3 hypothetical sites'
>>> count_by_basis([])
'0 sites'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from georange.words import say, say_n

__all__ = ["count_by_basis", "say_bases", "say_basis"]


def say_basis(pattern: str, basis: str, /, **fields: object) -> str:
    """The message ``pattern`` (an id with a ``{basis}`` slot) for one basis."""
    return say(pattern.format(basis=basis), **fields)


def say_bases(pattern: str, bases: Iterable[str], /, *, separator: str = "list.separator.slash") -> str:
    """The message for each distinct basis, joined by the ``separator`` message."""
    return say(separator).join(say_basis(pattern, b) for b in dict.fromkeys(bases))


def count_by_basis(bases: Iterable[str]) -> str:
    """``"3 hypothetical sites"``: one count per basis (``sites.basis.<basis>.count``), comma-joined."""
    counts = Counter(bases)
    if not counts:
        return say_n("sites.count", 0)
    return say("list.separator.comma").join(say_n(f"sites.basis.{b}.count", n) for b, n in counts.items())

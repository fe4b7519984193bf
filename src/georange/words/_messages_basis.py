"""The words that depend on a site's basis (why it is on the map), keyed by the basis.

A section of :data:`georange.words.MESSAGES` / :data:`georange.words.PLURALS`
(merged there by :mod:`georange.words._messages`).  Every id holds the basis
as one segment after ``basis`` (``site.basis.hypothetical.heading``); the
renderers, exporters and reports look them up through
:mod:`georange.words._basis` with a ``{basis}`` slot, never by a fixed id.  A
new basis of :data:`georange.catalogue.Basis` (``historical``) needs only its
own copy of every template here: ``tests/test_words_basis.py`` checks that
each basis has them all, and a lookup for a basis that lacks one names every
template it lacks.
"""

from __future__ import annotations

from georange.words._mark import N_

__all__ = ["MESSAGES", "PLURALS"]

#: Message id -> template.
MESSAGES: dict[str, str] = {
    # hypothetical: a placement for illustration, not a reported deployment.
    # One site
    "site.basis.hypothetical": N_("hypothetical site"),
    "site.basis.hypothetical.adjective": N_("hypothetical"),
    "site.basis.hypothetical.heading": N_("Hypothetical site"),
    "site.basis.hypothetical.detail": N_("{site}: hypothetical site, not a reported deployment."),
    "site.basis.hypothetical.systems": N_("Systems placed here (hypothetically): {systems}"),
    "site.basis.hypothetical.popup": N_("{basis}: a placement for illustration, not a reported deployment."),
    "site.basis.hypothetical.legend": N_("{site} (not a reported deployment)"),
    # Several sites
    "sites.basis.hypothetical": N_("hypothetical sites"),
    "sites.basis.hypothetical.heading": N_("Hypothetical sites"),
    "sites.basis.hypothetical.detail": N_("Placements are hypothetical, not reported deployments."),
    "sites.basis.hypothetical.described": N_("hypothetical sites (not reported deployments)"),
    "sites.basis.hypothetical.summary": N_("Hypothetical sites (not reported deployments): {sites}."),
    "sites.basis.hypothetical.cluster": N_("{sites}\n(all hypothetical)"),
    "sites.basis.hypothetical.positions": N_("Hypothetical site positions"),
}

#: Message id -> (singular template, plural template); ``{n}`` is the grouped count.
PLURALS: dict[str, tuple[str, str]] = {
    "sites.basis.hypothetical.count": (N_("{n} hypothetical site"), N_("{n} hypothetical sites")),
}

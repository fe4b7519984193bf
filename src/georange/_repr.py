"""Compact HTML tables for Jupyter (``_repr_html_``); every value is escaped.

The dependency runs one way: this module imports the models and, when it is
imported (by ``import georange``), gives :class:`~georange.catalogue.System`,
:class:`~georange.catalogue.Catalogue` and :class:`~georange.scenario.Scenario`
their ``_repr_html_`` method.  The models import nothing of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import escape

from georange.catalogue import Basis, Catalogue, Range, Source, Status, System
from georange.scenario import Scenario

__all__ = ["catalogue_html", "scenario_html", "system_html"]

#: How each site basis is named in the tables.
_BASIS_WORDS: dict[Basis, str] = {"hypothetical": "hypothetical"}

_STYLE = "border-collapse:collapse;font-size:12px;text-align:left"
_CELL = "border:1px solid #ccc;padding:2px 6px;vertical-align:top;text-align:left"


def _e(value: object) -> str:
    return str(escape(str(value)))


def _links(sources: Sequence[Source]) -> str:
    return "<br>".join(
        f'<a href="{_e(s.url)}" target="_blank" rel="noopener noreferrer">{_e(s.title)}</a> ({_e(s.publisher)}, '
        f"accessed {_e(s.accessed.isoformat())})"
        for s in sources
    )


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], caption: str) -> str:
    th = "".join(f'<th style="{_CELL}">{_e(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f'<td style="{_CELL}">{c}</td>' for c in row) + "</tr>" for row in rows)
    return f'<table style="{_STYLE}"><caption style="text-align:left">{caption}</caption><tr>{th}</tr>{body}</table>'


def _range_cells(system: System, rng: Range, claim: Status | None) -> list[str]:
    span = f"{rng.lowest_km:,.0f}&ndash;{rng.highest_km:,.0f}" if rng.has_span else ""
    return [
        _e(system.name),
        _e(claim.label) if claim else "",
        _e(rng.kind),
        f"{rng.km:,.1f}",
        span,
        "estimate" if rng.estimate else "no",
        _links(rng.sources),
    ]


_RANGE_HEAD = ("system", "claim status", "kind", "km", "low-high km", "estimate", "sources")


def system_html(system: System) -> str:
    """One system's cited ranges (a claim status belongs to a scenario, so none is shown)."""
    rows = [_range_cells(system, r, None) for r in system.ranges]
    return _table(_RANGE_HEAD, rows, f"<b>{_e(system.name)}</b> ({_e(system.category)}): public estimates")


def catalogue_html(catalogue: Catalogue) -> str:
    """Every system's ranges, then counts of the other entries."""
    rows = [_range_cells(s, r, None) for s in catalogue.systems.values() for r in s.ranges]
    bases = sorted({site.basis for site in catalogue.sites.values()})
    words = "/".join(_BASIS_WORDS[b] for b in bases)
    counts = (
        f"{len(catalogue.sites)} {words} sites, {len(catalogue.places)} places, {len(catalogue.references)} references"
    )
    return _table(_RANGE_HEAD, rows, f"<b>georange catalogue</b>: {_e(counts)}")


def scenario_html(scenario: Scenario) -> str:
    """The scenario's systems with their ranges and claim statuses, and its sites with their basis."""
    rows = [_range_cells(s, r, scenario.status(s.id)) for s in scenario.systems for r in s.ranges]
    systems = _table(_RANGE_HEAD, rows, f"<b>{_e(scenario.title)}</b> ({_e(scenario.id)})")
    site_rows = [
        [
            _e(f"{site.name} ({_BASIS_WORDS[site.basis]})"),
            f"{site.lat:.4f}, {site.lon:.4f}",
            _e(", ".join(scenario.site_systems[site.id])),
            _links(site.sources),
        ]
        for site in scenario.sites
    ]
    sites = _table(("site", "lat, lon", "systems", "sources"), site_rows, _e(" ".join(scenario.caveats[:1])))
    return systems + sites


def _register() -> None:
    """Give the models their Jupyter tables (the models themselves import no presentation code)."""
    method = "_repr_html_"  # IPython's rich-display hook
    setattr(System, method, system_html)
    setattr(Catalogue, method, catalogue_html)
    setattr(Scenario, method, scenario_html)


_register()

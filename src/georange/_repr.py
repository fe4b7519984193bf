"""Compact HTML tables for Jupyter (``_repr_html_``); every value is escaped."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from markupsafe import escape

if TYPE_CHECKING:
    from georange.catalogue import Catalogue, Range, Source, System
    from georange.scenario import Scenario

__all__ = ["catalogue_html", "scenario_html", "system_html"]

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


def _range_cells(system: System, rng: Range) -> list[str]:
    span = f"{rng.lowest_km:,.0f}&ndash;{rng.highest_km:,.0f}" if rng.has_span else ""
    status = _e(system.status.label) if system.status else ""
    return [
        _e(system.name),
        status,
        _e(rng.kind),
        f"{rng.km:,.1f}",
        span,
        "estimate" if rng.estimate else "no",
        _links(rng.sources),
    ]


_RANGE_HEAD = ("system", "claim status", "kind", "km", "low-high km", "estimate", "sources")


def system_html(system: System) -> str:
    """One system's cited ranges."""
    rows = [_range_cells(system, r) for r in system.ranges]
    return _table(_RANGE_HEAD, rows, f"<b>{_e(system.name)}</b> ({_e(system.category)}): public estimates")


def catalogue_html(catalogue: Catalogue) -> str:
    """Every system's ranges, then counts of the other entries."""
    rows = [_range_cells(s, r) for s in catalogue.systems.values() for r in s.ranges]
    counts = (
        f"{len(catalogue.sites)} hypothetical sites, {len(catalogue.places)} places, "
        f"{len(catalogue.references)} references"
    )
    return _table(_RANGE_HEAD, rows, f"<b>georange catalogue</b>: {_e(counts)}")


def scenario_html(scenario: Scenario) -> str:
    """The scenario's systems with their ranges, and its hypothetical sites."""
    rows = [_range_cells(s, r) for s in scenario.systems for r in s.ranges]
    systems = _table(_RANGE_HEAD, rows, f"<b>{_e(scenario.title)}</b> ({_e(scenario.id)})")
    site_rows = [
        [
            _e(site.name),
            f"{site.lat:.4f}, {site.lon:.4f}",
            _e(", ".join(scenario.site_systems[site.id])),
            _links(site.sources),
        ]
        for site in scenario.sites
    ]
    sites = _table(
        ("hypothetical site", "lat, lon", "systems", "sources"), site_rows, "Sites are hypothetical placements"
    )
    return systems + sites

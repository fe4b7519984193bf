"""Compact HTML tables for Jupyter (``_repr_html_``); every value is escaped.

The dependency runs one way: this module imports the models and, when it is
imported (by ``import georange``), gives :class:`~georange.catalogue.System`,
:class:`~georange.catalogue.Catalogue` and :class:`~georange.scenario.Scenario`
their ``_repr_html_`` method.  The models import nothing of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

from georange.catalogue import Catalogue, Range, Source, Status, System
from georange.scenario import Scenario
from georange.words import numbers, say, say_html, say_n
from georange.words._basis import count_by_basis, say_basis

__all__ = ["catalogue_html", "scenario_html", "system_html"]

_STYLE = "border-collapse:collapse;font-size:12px;text-align:left"
_CELL = "border:1px solid #ccc;padding:2px 6px;vertical-align:top;text-align:left"


def _e(value: object) -> str:
    return str(escape(str(value)))


def _bold(value: object) -> Markup:
    return Markup(f"<b>{_e(value)}</b>")


def _links(sources: Sequence[Source]) -> str:
    return "<br>".join(
        say_html(
            "source.link",
            title=Markup(f'<a href="{_e(s.url)}" target="_blank" rel="noopener noreferrer">{_e(s.title)}</a>'),
            publisher=s.publisher,
            accessed=s.accessed.isoformat(),
        )
        for s in sources
    )


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], caption: str) -> str:
    th = "".join(f'<th style="{_CELL}">{_e(say(h))}</th>' for h in head)
    body = "".join("<tr>" + "".join(f'<td style="{_CELL}">{c}</td>' for c in row) + "</tr>" for row in rows)
    return f'<table style="{_STYLE}"><caption style="text-align:left">{caption}</caption><tr>{th}</tr>{body}</table>'


def _range_cells(system: System, rng: Range, claim: Status | None) -> list[str]:
    low, high = numbers.number(rng.lowest_km), numbers.number(rng.highest_km)
    return [
        _e(system.name),
        _e(claim.label) if claim else "",
        _e(rng.kind),
        numbers.number(rng.km, decimals=1),
        say_html("number.span", low=low, high=high) if rng.has_span else "",
        say_html("flag.estimate" if rng.estimate else "answer.no"),
        _links(rng.sources),
    ]


#: Message ids of the range tables' column headings.
_RANGE_HEAD = tuple(f"table.head.{h}" for h in ("system", "status", "kind", "km", "span_km", "estimate", "sources"))
_SITE_HEAD = tuple(f"table.head.{h}" for h in ("site", "lat_lon", "systems", "sources"))


def system_html(system: System) -> str:
    """One system's cited ranges (a claim status belongs to a scenario, so none is shown)."""
    rows = [_range_cells(system, r, None) for r in system.ranges]
    return _table(
        _RANGE_HEAD, rows, say_html("table.system.caption", system=_bold(system.name), category=system.category)
    )


def catalogue_html(catalogue: Catalogue) -> str:
    """Every system's ranges, then counts of the other entries."""
    rows = [_range_cells(s, r, None) for s in catalogue.systems.values() for r in s.ranges]
    counts = say("list.separator.comma").join(
        [
            count_by_basis(site.basis for site in catalogue.sites.values()),
            say_n("places.count", len(catalogue.places)),
            say_n("references.count", len(catalogue.references)),
        ]
    )
    caption = say_html("table.catalogue.caption", name=_bold(say("table.catalogue.name")), counts=counts)
    return _table(_RANGE_HEAD, rows, caption)


def scenario_html(scenario: Scenario) -> str:
    """The scenario's systems with their ranges and claim statuses, and its sites with their basis."""
    rows = [_range_cells(s, r, scenario.status(s.id)) for s in scenario.systems for r in s.ranges]
    caption = say_html("table.scenario.caption", title=_bold(scenario.title), id=scenario.id)
    systems = _table(_RANGE_HEAD, rows, caption)
    site_rows = [
        [
            say_html("site.with_basis", site=site.name, basis=say_basis("site.basis.{basis}.adjective", site.basis)),
            say_html(
                "position.lat_lon", lat=numbers.number(site.lat, decimals=4), lon=numbers.number(site.lon, decimals=4)
            ),
            _e(say("list.separator.comma").join(scenario.site_systems[site.id])),
            _links(site.sources),
        ]
        for site in scenario.sites
    ]
    sites = _table(_SITE_HEAD, site_rows, _e(say("list.separator.sentence").join(scenario.caveats[:1])))
    return systems + sites


def _register() -> None:
    """Give the models their Jupyter tables (the models themselves import no presentation code)."""
    method = "_repr_html_"  # IPython's rich-display hook
    setattr(System, method, system_html)
    setattr(Catalogue, method, catalogue_html)
    setattr(Scenario, method, scenario_html)


_register()

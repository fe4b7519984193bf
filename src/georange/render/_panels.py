"""The map's always-visible panels and its text for screen readers and search.

Legend, caveats and the "how far" comparison are pinned over the map; the
summary repeats every figure with its sources in a visually hidden block, so
a screen reader gets what the picture shows.  All strings are escaped.
"""

from __future__ import annotations

import pandas as pd

from georange.catalogue import Range, Source, System
from georange.proximity import Proximity
from georange.render._html import bold, both_figures, estimate_label, html_text, short_name
from georange.scenario import Scenario
from georange.words import Markup, numbers, say, say_html, say_n
from georange.words._basis import say_bases, say_bases_html, say_basis_html

__all__ = [
    "attribution_html",
    "caveat_html",
    "computed_row",
    "description_text",
    "legend_html",
    "proximity_html",
    "summary_html",
]


def computed_row(prox: Proximity, reference_id: str) -> pd.Series | None:
    """The proximity row of one reference (reported and computed figures)."""
    match = prox.references[prox.references["reference_id"] == reference_id]
    return None if match.empty else match.iloc[0]


def _range_legend(rng: Range) -> str:
    kind = say(f"range.kind.{rng.kind}.short")
    span = numbers.km_span(rng.low_km, rng.high_km)
    distance = numbers.distance_km(rng.km)
    figure = (
        say_html("legend.range.span", kind=kind, distance=distance, span=span)
        if span
        else say_html("legend.range", kind=kind, distance=distance)
    )
    flag = bold(html_text(estimate_label(rng.estimate)))
    sources = say_n("sources.count", len(rng.sources))
    return f"<li>{say_html('legend.range.item', range=figure, flag=flag, sources=sources)}</li>"


def _system_legend(scenario: Scenario, system: System, colour: str) -> str:
    name = bold(html_text(system.name))
    if system.reporting_names:
        aliases = say("list.separator.comma").join(system.reporting_names)
        name = say_html("system.aliases", system=name, aliases=aliases)
    claim = scenario.status(system.id)
    status = f"<br><i>{html_text(claim.label)}</i>" if claim else ""
    return (
        f'<div><span class="swatch" style="border-color:{colour};background:{colour}33"></span>'
        f"{name}{status}<ul>{''.join(_range_legend(r) for r in system.ranges)}</ul></div>"
    )


def legend_html(scenario: Scenario, colours: dict[str, str], prox: Proximity) -> str:
    """Each system with its claim status and ranges; the reference; the symbols."""
    parts = [f"<h2>{say_html('legend.title')}</h2>"]
    parts += [_system_legend(scenario, system, colours[system.id]) for system in scenario.systems]
    for ref in scenario.references:
        line = say_html(
            "legend.reference",
            reference=bold(html_text(ref.name)),
            figures=both_figures(ref, computed_row(prox, ref.id)),
            flag=bold(html_text(estimate_label(ref.estimate))),
            sources=say_n("sources.count", len(ref.sources)),
        )
        parts.append(f"<div>&#9473; {line}</div>")
    bases = dict.fromkeys(site.basis for site in scenario.sites)
    site = say_html("list.separator.semicolon").join(
        say_basis_html("site.basis.{basis}.legend", b, site=bold(say_basis_html("site.basis.{basis}", b)))
        for b in bases
    )
    parts.append(f"<div>&#9675; {site}</div>")
    parts.append(f"<div>{say_html('legend.band')}</div>")
    return "".join(parts)


def caveat_html(scenario: Scenario) -> str:
    """The title and the caveats, always in view."""
    items = "".join(f"<li>{html_text(c)}</li>" for c in scenario.caveats)
    return f"<h2>{html_text(scenario.title)}</h2><ul>{items}</ul>"


def proximity_html(scenario: Scenario, prox: Proximity) -> str:
    """Each site's distance to the headline territory against the ratio reference."""
    ref = scenario.ratio_reference
    ref_row = computed_row(prox, ref.id) if ref is not None else None
    if ref is not None:
        reference = say("reference.miles", miles=numbers.number(ref.reported_mi, decimals=None))
        title = say_html("proximity.title.reference", reference=reference)
    else:
        title = say_html("proximity.title")
    parts = [f"<h2>{title}</h2>"]
    if ref is not None:
        figures = say_html(
            "reference.with_figures", reference=bold(html_text(ref.name)), figures=both_figures(ref, ref_row)
        )
        parts.append(f"<div>{figures}</div>")
    territory = scenario.headline_territory
    rows = prox.territories[prox.territories["territory_id"] == scenario.headline_territory_id]
    to = say_html("territory.to", territory=territory.name) if territory is not None else ""
    heading = say_bases_html("site.basis.{basis}.heading", (s.basis for s in scenario.sites))
    head = f"<tr><th>{heading}</th><th>{to}</th>"
    if ref is not None:
        reported = numbers.miles(ref.reported_mi, decimals=None)
        head += f"<th>{say_html('proximity.column.ratio', reported=reported)}</th>"
    head += "</tr>"
    body = []
    for _, r in rows.iterrows():
        ratio = ""
        if ref is not None:
            ratio = f"<td>{say_html('ratio.times', ratio=numbers.number(r['ratio_to_reported_reference']))}</td>"
        body.append(
            f"<tr><td>{html_text(short_name(r['site_name']))}</td>"
            f"<td>{html_text(numbers.distance_km(r['distance_km']))}</td>{ratio}</tr>"
        )
    parts.append(f"<table>{head}{''.join(body)}</table>")
    parts.append(f"<small>{say_html('proximity.note')}</small>")
    return "".join(parts)


def attribution_html() -> str:
    """The data credits for the map's attribution line."""
    return str(say_html("map.attribution"))


def _source_names(sources: list[Source]) -> str:
    names = (say("source.short", title=s.title, publisher=s.publisher, url=s.url) for s in sources)
    return say("list.separator.semicolon").join(names)


def _range_summary(scenario: Scenario, system: System, rng: Range) -> str:
    claim = scenario.status(system.id)
    name = say("system.status", system=system.name, status=claim.label) if claim else system.name
    span = numbers.km_span(rng.low_km, rng.high_km)
    fields = {
        "system": name,
        "kind": say(f"range.kind.{rng.kind}"),
        "distance": numbers.distance_km(rng.km),
        "flag": estimate_label(rng.estimate),
        "sources": _source_names(rng.sources),
    }
    return say_html("summary.range.span", span=span, **fields) if span else say_html("summary.range", **fields)


def summary_html(scenario: Scenario, prox: Proximity) -> str:
    """A text version of everything the map shows, for screen readers."""
    parts = [f"<h2>{say_html('summary.title', title=scenario.title)}</h2>"]
    parts += [f"<p>{html_text(c)}</p>" for c in scenario.caveats]
    items = [
        f"<li>{_range_summary(scenario, system, rng)}</li>" for system in scenario.systems for rng in system.ranges
    ]
    parts.append(f"<ul>{''.join(items)}</ul>")
    parts.append(f"<p>{_sites_summary(scenario)}</p>")
    for ref in scenario.references:
        figures = both_figures(ref, computed_row(prox, ref.id))
        parts.append(f"<p>{say_html('summary.reference', reference=ref.name, figures=figures)}</p>")
    rows = prox.territories[prox.territories["territory_id"] == scenario.headline_territory_id]
    lines = [
        say(
            "summary.distance",
            site=r["site_name"],
            territory=r["territory"],
            distance=numbers.distance_km(r["distance_km"]),
            ratio=numbers.number(r["ratio_to_reported_reference"], decimals=1),
        )
        for _, r in rows.iterrows()
    ]
    if lines:
        parts.append(f"<p>{say_html('summary.distances', distances=say('list.separator.semicolon').join(lines))}</p>")
    return "".join(parts)


def _sites_summary(scenario: Scenario) -> Markup:
    """One sentence per basis: its sites, each with the systems placed there."""
    comma, semicolon = say("list.separator.comma"), say("list.separator.semicolon")
    sentences = []
    for basis in dict.fromkeys(site.basis for site in scenario.sites):
        sites = semicolon.join(
            say(
                "summary.site",
                site=site.name,
                systems=comma.join(scenario.system(s).name for s in scenario.site_systems[site.id]),
            )
            for site in scenario.sites
            if site.basis == basis
        )
        sentences.append(say_basis_html("sites.basis.{basis}.summary", basis, sites=sites))
    return say_html("list.separator.sentence").join(sentences)


def description_text(scenario: Scenario) -> str:
    """One sentence for ``<meta name="description">`` (unescaped; the caller escapes)."""
    fields = {
        "title": scenario.title,
        "systems": say("list.separator.comma").join(s.name for s in scenario.systems),
        "sites": say_bases("sites.basis.{basis}", (s.basis for s in scenario.sites), separator="list.separator.and"),
    }
    ref = scenario.ratio_reference
    if ref is None:
        return say("map.description.plain", **fields)
    reference = say("reference.miles", miles=numbers.number(ref.reported_mi, decimals=None))
    if ref.endpoints_label is not None:
        return say("map.description", reference=reference, places=ref.endpoints_label, **fields)
    return say("map.description.reference", reference=reference, name=ref.name, **fields)

"""The map's always-visible panels and its text for screen readers and search.

Legend, caveats and the "how far" comparison are pinned over the map; the
summary repeats every figure with its sources in a visually hidden block, so
a screen reader gets what the picture shows.  All strings are escaped.
"""

from __future__ import annotations

import pandas as pd

from georange.catalogue import Range, Source
from georange.proximity import Proximity
from georange.render._html import both_figures, estimate_label, html_text, short_name
from georange.render.style import format_km, format_range_span
from georange.scenario import Scenario

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
    kind = "max" if rng.kind == "max" else "min (dead zone)"
    span = format_range_span(rng.low_km, rng.high_km)
    span_html = f", sources span {html_text(span)}" if span else ""
    n = len(rng.sources)
    return (
        f"<li>{kind} {html_text(format_km(rng.km))}{span_html} &middot; "
        f"<b>{estimate_label(rng.estimate)}</b> &middot; {n} source{'s' if n != 1 else ''}</li>"
    )


def legend_html(scenario: Scenario, colours: dict[str, str], prox: Proximity) -> str:
    """Each system with its claim status and ranges; the reference; the symbols."""
    parts = ["<h2>Reported ranges (public estimates)</h2>"]
    for system in scenario.systems:
        c = colours[system.id]
        alias = f" ({html_text(', '.join(system.reporting_names))})" if system.reporting_names else ""
        claim = scenario.status(system.id)
        status = f"<br><i>{html_text(claim.label)}</i>" if claim else ""
        parts.append(
            f'<div><span class="swatch" style="border-color:{c};background:{c}33"></span>'
            f"<b>{html_text(system.name)}</b>{alias}{status}"
            f"<ul>{''.join(_range_legend(r) for r in system.ranges)}</ul></div>"
        )
    for ref in scenario.references:
        parts.append(
            f"<div>&#9473; <b>{html_text(ref.name)}</b>: "
            f"{html_text(both_figures(ref, computed_row(prox, ref.id)))} &middot; reported figure "
            f"<b>{estimate_label(ref.estimate)}</b>, {len(ref.sources)} sources</div>"
        )
    parts.append("<div>&#9675; <b>hypothetical site</b> (not a reported deployment)</div>")
    parts.append("<div>Shaded band: low&ndash;high span where sources disagree. Click a ring for its sources.</div>")
    return "".join(parts)


def caveat_html(scenario: Scenario) -> str:
    """The title and the caveats, always in view."""
    items = "".join(f"<li>{html_text(c)}</li>" for c in scenario.caveats)
    return f"<h2>{html_text(scenario.title)}</h2><ul>{items}</ul>"


def proximity_html(scenario: Scenario, prox: Proximity) -> str:
    """Each site's distance to the headline territory against the ratio reference."""
    ref = scenario.ratio_reference
    ref_row = computed_row(prox, ref.id) if ref is not None else None
    heading = f"How far, compared with &ldquo;{ref.reported_mi:g} miles&rdquo;" if ref else "How far"
    parts = [f"<h2>{heading}</h2>"]
    if ref is not None:
        parts.append(f"<div><b>{html_text(ref.name)}</b>: {html_text(both_figures(ref, ref_row))}</div>")
    territory = scenario.headline_territory
    rows = prox.territories[prox.territories["territory_id"] == scenario.headline_territory_id]
    to = html_text(f"to the {territory.name}") if territory is not None else ""
    head = f"<tr><th>Hypothetical site</th><th>{to}</th>"
    head += f"<th>&times; {ref.reported_mi:g} mi</th></tr>" if ref is not None else "</tr>"
    body = []
    for _, r in rows.iterrows():
        ratio = f"<td>{r['ratio_to_reported_reference']:,.0f}&times;</td>" if ref is not None else ""
        body.append(
            f"<tr><td>{html_text(short_name(r['site_name']))}</td>"
            f"<td>{r['distance_km']:,.0f} km ({r['distance_mi']:,.0f} mi)</td>{ratio}</tr>"
        )
    parts.append(f"<table>{head}{''.join(body)}</table>")
    parts.append("<small>Shortest geodesic to the Natural Earth outline; click a grey place for more.</small>")
    return "".join(parts)


def attribution_html() -> str:
    """The data credits for the map's attribution line."""
    return html_text("Ranges: cited sources (popups) | Natural Earth | GeoNames (CC BY 4.0) | georange")


def _source_names(sources: list[Source]) -> str:
    return "; ".join(f"{s.title} ({s.publisher}, {s.url})" for s in sources)


def summary_html(scenario: Scenario, prox: Proximity) -> str:
    """A text version of everything the map shows, for screen readers."""
    parts = [f"<h2>{html_text(scenario.title)}: text summary</h2>"]
    parts += [f"<p>{html_text(c)}</p>" for c in scenario.caveats]
    items = []
    for system in scenario.systems:
        claim = scenario.status(system.id)
        status = f", {claim.label}" if claim else ""
        for rng in system.ranges:
            span = format_range_span(rng.low_km, rng.high_km)
            text = (
                f"{system.name}{status}: {rng.kind} range {format_km(rng.km)}"
                f"{f', sources span {span}' if span else ''}, {estimate_label(rng.estimate)}. "
                f"Sources: {_source_names(rng.sources)}."
            )
            items.append(f"<li>{html_text(text)}</li>")
    parts.append(f"<ul>{''.join(items)}</ul>")
    sites = "; ".join(
        f"{site.name} with {', '.join(scenario.system(s).name for s in scenario.site_systems[site.id])}"
        for site in scenario.sites
    )
    parts.append(f"<p>{html_text(f'Hypothetical sites (not reported deployments): {sites}.')}</p>")
    for ref in scenario.references:
        parts.append(f"<p>{html_text(f'{ref.name}: {both_figures(ref, computed_row(prox, ref.id))}.')}</p>")
    rows = prox.territories[prox.territories["territory_id"] == scenario.headline_territory_id]
    lines = [
        f"{r['site_name']} to the {r['territory']}: {format_km(r['distance_km'])}, "
        f"{r['ratio_to_reported_reference']:,.1f} times the reported reference"
        for _, r in rows.iterrows()
    ]
    if lines:
        parts.append(f"<p>{html_text('; '.join(lines) + '.')}</p>")
    return "".join(parts)


def description_text(scenario: Scenario) -> str:
    """One sentence for ``<meta name="description">`` (unescaped; the caller escapes)."""
    systems = ", ".join(s.name for s in scenario.systems)
    ref = scenario.ratio_reference
    compared = ""
    if ref is not None and ref.endpoints_label is not None:
        compared = f", with distances compared to the {ref.reported_mi:g} miles between {ref.endpoints_label}"
    elif ref is not None:
        compared = f", with distances compared to {ref.name} ({ref.reported_mi:g} miles)"
    return (
        f"{scenario.title}. Geodesic range rings of publicly reported, cited estimates for {systems} "
        f"around hypothetical sites{compared}."
    )

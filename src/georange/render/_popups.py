"""The map's popups and tooltips: escaped HTML for each feature a reader can click or hover.

Beside :mod:`georange.render._panels` (the always-visible panels), this is
where the map's per-feature words live.  Every string from a data file
passes through :func:`~georange.render._html.html_text`; source lists go
through :func:`~georange.render._html.sources_html`, shared once per page.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from georange.catalogue import Reference, Status, Subdivisions, System
from georange.gazetteer import GEONAMES_ATTRIBUTION
from georange.layers import sources_records
from georange.naturalearth import NATURAL_EARTH_ATTRIBUTION
from georange.proximity import Proximity
from georange.render._html import bold, both_figures, estimate_label, html_text, sources_html
from georange.scenario import Scenario
from georange.words import MESSAGES, Markup, numbers, say, say_html, say_n_html
from georange.words._basis import say_bases_html, say_basis_html, site_with_basis, site_with_basis_html

__all__ = [
    "computed_reference_popup",
    "coverage_html",
    "place_popup",
    "range_popup",
    "range_tooltip",
    "reference_label",
    "reference_popup",
    "site_basis_of",
    "site_popup",
    "site_tooltip",
]


def _position(value_deg: float) -> str:
    return numbers.number(value_deg, decimals=4)


def _subdivisions_html(c: pd.Series, subdivisions: Iterable[Subdivisions]) -> Markup:
    """``"US states with a listed city inside: Florida"``: one clause per declared subdivisions column."""
    comma, none = say("list.separator.comma"), say("coverage.none")
    clauses = []
    for sub in {s.column: s for s in subdivisions}.values():
        names = comma.join(c[sub.column]) if isinstance(c.get(sub.column), list) and c[sub.column] else none
        keyed = f"coverage.subdivisions.{sub.column}"
        clause = say_html(keyed, names=names) if keyed in MESSAGES else None
        clauses.append(clause or say_html("coverage.subdivisions", country=sub.country, names=names))
    return say_html("list.separator.semicolon").join(clauses)


def coverage_html(
    cov: pd.DataFrame,
    site_id: str,
    system_id: str,
    min_population: int,
    *,
    subdivisions: Iterable[Subdivisions] = (),
) -> str:
    """The "inside the ring" lines of a maximum-range ring's popup (empty when not covered).

    ``subdivisions`` are the scenario's territories' declared subdivisions (e.g.
    US states): each names its coverage column's entries; none, no such clause.
    """
    match = cov[(cov["site_id"] == site_id) & (cov["system_id"] == system_id)]
    if match.empty:
        return ""
    c = match.iloc[0]
    n, threshold = int(c["n_cities"]), numbers.count(min_population)
    if c["n_cities_at_low_km"] != c["n_cities_at_high_km"]:
        low, high = numbers.count(c["n_cities_at_low_km"]), numbers.count(c["n_cities_at_high_km"])
        cities = say_n_html("coverage.cities.span", n, min_population=threshold, low=low, high=high)
    else:
        cities = say_n_html("coverage.cities", n, min_population=threshold)
    fields: dict[str, object] = {"heading": bold(say_html("coverage.heading")), "cities": cities}
    fields["population"] = numbers.count(c["population_total"])
    if c["n_cities"]:
        city_population = numbers.count(c["largest_city_population"])
        inside = say_html("coverage.summary.largest", city=c["largest_city"], city_population=city_population, **fields)
    else:
        inside = say_html("coverage.summary", **fields)
    comma, none = say("list.separator.comma"), say("coverage.none")
    countries = (comma.join(c["countries"]) if isinstance(c["countries"], list) else "") or none
    clauses = _subdivisions_html(c, subdivisions)
    reach = (
        say_html("coverage.reach.subdivisions", countries=countries, subdivisions=clauses)
        if clauses
        else say_html("coverage.reach", countries=countries)
    )
    credits = say_html("data.credits", gazetteer=GEONAMES_ATTRIBUTION, outlines=NATURAL_EARTH_ATTRIBUTION)
    return f"<br>{inside}<br>{reach}<br><small>{credits}</small>"


def range_popup(row: pd.Series, system: System, coverage: str = "", claim: Status | None = None, *, basis: str) -> str:
    """A ring's or band's popup: system, site (with its ``basis``), figure with its flag, coverage, notes, sources."""
    status = f"<br><i>{html_text(claim.label)}</i>" if claim else ""
    site = site_with_basis_html(bold(html_text(row["site_name"])), basis)
    if row["feature_type"] == "band":
        heading = say_html(f"range.popup.{row['kind']}.band", site=site)
        figure = say_html("range.span.reported", span=numbers.km_span(row["low_km"], row["high_km"]))
    else:
        heading = say_html(f"range.popup.{row['kind']}", site=site)
        distance = numbers.distance_km(row["radius_km"])
        span = numbers.km_span(row["low_km"], row["high_km"])
        figure = say_html("range.figure.span", distance=distance, span=span) if span else Markup(html_text(distance))
    flagged = say_html("figure.flagged", figure=figure, flag=bold(html_text(estimate_label(bool(row["estimate"])))))
    notes = f"<br>{html_text(row['notes'])}" if isinstance(row["notes"], str) else ""
    return (
        f"{bold(html_text(system.name))}{status}<br>{heading}<br>{flagged}{coverage}{notes}"
        f"{sources_html(row['sources'])}{_status_sources_html(claim)}"
    )


def range_tooltip(row: pd.Series, system: System, *, basis: str) -> str:
    """A ring's or band's tooltip: system, kind and site (with its ``basis``)."""
    kind = say(f"range.kind.{row['kind']}.short")
    site = site_with_basis(row["site_name"], basis, adjective=True)
    return str(say_html("range.tooltip", system=system.name, kind=kind, site=site))


def _status_sources_html(claim: Status | None) -> str:
    if claim is None:
        return ""
    notes = f"{html_text(claim.notes)}<br>" if claim.notes else ""
    heading = say("status.sources.heading", status=claim.label)
    return f"{notes}{sources_html(sources_records(claim.sources), heading)}"


def site_popup(row: pd.Series, scenario: Scenario) -> str:
    """A site's popup: what its basis means (e.g. a hypothetical site), its systems, its position and sources."""
    names = say("list.separator.comma").join(scenario.system(s).name for s in scenario.site_systems[row["site_id"]])
    site_basis = site_basis_of(scenario, row["site_id"])
    heading = bold(say_basis_html("site.basis.{basis}.heading", site_basis))
    basis = say_basis_html("site.basis.{basis}.popup", site_basis, basis=heading)
    systems = say_html("site.popup.systems", systems=names)
    position = say_html(
        "site.popup.position",
        lat=_position(row.geometry.y),
        lon=_position(row.geometry.x),
        flag=estimate_label(bool(row["estimate"])),
    )
    return f"{bold(html_text(row['site_name']))}<br>{basis}<br>{systems}<br>{position}{sources_html(row['sources'])}"


def site_tooltip(row: pd.Series, *, basis: str) -> str:
    """A site's tooltip: its name and ``basis`` (``"Caracas (hypothetical site)"``)."""
    return str(site_with_basis_html(row["site_name"], basis))


def site_basis_of(scenario: Scenario, site_id: str) -> str:
    """The basis of the scenario's site ``site_id`` (``"hypothetical"``, ...)."""
    return next(site.basis for site in scenario.sites if site.id == site_id)


def reference_label(ref: Reference, computed: pd.Series | None) -> str:
    """A reference's name with its reported (and computed) figure, for labels and tooltips."""
    return str(say_html("reference.with_figures", reference=ref.name, figures=both_figures(ref, computed)))


def reference_endpoints_tooltip(label: str) -> str:
    """The cited line's tooltip when the computed line carries the label: ``label`` is escaped HTML."""
    return str(say_html("reference.tooltip.endpoints", label=Markup(label)))


def computed_reference_popup(ref: Reference, row: pd.Series) -> str:
    """The computed shortest line's popup: the reported figure beside georange's own."""
    reported = say_html(
        "reference.popup.reported",
        reported=bold(say_html("reference.reported.heading")),
        reported_mi=numbers.number(ref.reported_mi, decimals=None),
        flag=bold(html_text(estimate_label(ref.estimate))),
        sources=say_n_html("sources.count", len(ref.sources)),
    )
    computed = say_html(
        "reference.popup.computed",
        computed=bold(say_html("reference.computed.heading")),
        computed_km=numbers.km(row["computed_km"], decimals=1),
        computed_mi=numbers.miles(row["computed_mi"], decimals=1),
        between=row["computed_between"],
    )
    credit = say_html("data.credit", credit=NATURAL_EARTH_ATTRIBUTION)
    return f"{bold(reference_label(ref, row))}<br>{reported}<br>{computed}<br><small>{credit}</small>"


def reference_popup(ref: Reference, computed: pd.Series | None, sources: list[dict[str, str]]) -> str:
    """The cited line's popup: the reported figure, notes, sources and each cited endpoint."""
    ends = "".join(
        f"<li>{say_html('point.position', name=e.name, lat=_position(e.lat), lon=_position(e.lon))}"
        f"{sources_html(sources_records(e.sources))}</li>"
        for e in ref.endpoints
    )
    notes = f"<br>{html_text(ref.notes)}" if ref.notes else ""
    title = say_html(
        "reference.popup.title",
        label=bold(reference_label(ref, computed)),
        flag=bold(html_text(estimate_label(ref.estimate))),
    )
    endpoints = bold(say_html("reference.endpoints.heading"))
    return f"{title}{notes}{sources_html(sources)}{endpoints}<ul>{ends}</ul>"


def _place_item(scenario: Scenario, group: pd.DataFrame, reported: str) -> str:
    """One site's line in a place popup: distance, ratio and each system's status."""
    first = group.iloc[0]
    statuses = say("list.separator.semicolon").join(
        say(
            f"place.status.{r['status']}",
            system=scenario.system(r["system_id"]).name,
            margin=numbers.signed_km(r["margin_km"]),
        )
        for _, r in group.iterrows()
    )
    fields = {
        "site": site_with_basis_html(
            bold(html_text(first["site_name"])), site_basis_of(scenario, first["site_id"]), adjective=True
        ),
        "distance": numbers.distance_km(first["distance_km"]),
        "statuses": statuses,
    }
    if reported:
        ratio = numbers.number(first["ratio_to_reported_reference"], decimals=1)
        return f"<li>{say_html('place.site.ratio', ratio=ratio, reported=reported, **fields)}</li>"
    return f"<li>{say_html('place.site', **fields)}</li>"


def place_popup(scenario: Scenario, prox: Proximity, place_id: str) -> str:
    """A place's popup: its distance to each site, against the reference, with each system's margin."""
    place = next(p for p in scenario.places if p.id == place_id)
    ref = scenario.ratio_reference
    reported = numbers.miles(ref.reported_mi, decimals=None) if ref is not None else ""
    rows = prox.places[prox.places["place_id"] == place.id]
    items = "".join(_place_item(scenario, g, reported) for _, g in rows.groupby("site_id", sort=False))
    title = say_html("place.popup.title", place=bold(html_text(place.name)), country=place.country)
    each = say_bases_html("site.basis.{basis}", (s.basis for s in scenario.sites))
    intro = say_html("place.popup.intro", site=each)
    return f"{title}<br>{intro}<ul>{items}</ul>{sources_html(sources_records(place.sources))}"

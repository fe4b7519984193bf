"""The map's popups and tooltips: escaped HTML for each feature a reader can click or hover.

Beside :mod:`georange.render._panels` (the always-visible panels), this is
where the map's per-feature words live.  Every string from a data file
passes through :func:`~georange.render._html.html_text`; source lists go
through :func:`~georange.render._html.sources_html`, shared once per page.
"""

from __future__ import annotations

import pandas as pd

from georange.catalogue import Reference, System
from georange.gazetteer import GEONAMES_ATTRIBUTION
from georange.layers import sources_records
from georange.naturalearth import NATURAL_EARTH_ATTRIBUTION
from georange.proximity import Proximity
from georange.render._html import both_figures, estimate_label, html_text, sources_html
from georange.render.style import format_km, format_range_span
from georange.scenario import Scenario

__all__ = [
    "computed_reference_popup",
    "coverage_html",
    "place_popup",
    "range_popup",
    "range_tooltip",
    "reference_label",
    "reference_popup",
    "site_popup",
    "site_tooltip",
]


def coverage_html(cov: pd.DataFrame, site_id: str, system_id: str, min_population: int) -> str:
    """The "inside the ring" lines of a maximum-range ring's popup (empty when not covered)."""
    match = cov[(cov["site_id"] == site_id) & (cov["system_id"] == system_id)]
    if match.empty:
        return ""
    c = match.iloc[0]
    largest = f"; largest {html_text(c['largest_city'])} ({c['largest_city_population']:,})" if c["n_cities"] else ""
    span = ""
    if c["n_cities_at_low_km"] != c["n_cities_at_high_km"]:
        span = f" ({c['n_cities_at_low_km']:,}&ndash;{c['n_cities_at_high_km']:,} across the sources' span)"
    countries = ", ".join(c["countries"]) if isinstance(c["countries"], list) else ""
    states = ", ".join(c["us_states"]) if c["us_states"] else "none"
    attribution = f"{html_text(GEONAMES_ATTRIBUTION)}; {html_text(NATURAL_EARTH_ATTRIBUTION)}."
    return (
        f"<br><b>Inside the ring</b>: {c['n_cities']:,} cities of {min_population:,}+ people{span}, "
        f"total {c['population_total']:,}{largest}.<br>Countries reached: {html_text(countries) or 'none'}; "
        f"US states with a listed city inside: {html_text(states)}.<br><small>{attribution}</small>"
    )


def range_popup(row: pd.Series, system: System, coverage: str = "") -> str:
    """A ring's or band's popup: system, site, figure with its flag, coverage, notes and sources."""
    kind = "Maximum range" if row["kind"] == "max" else "Minimum range (dead zone)"
    status = f"<br><i>{html_text(system.status.label)}</i>" if system.status else ""
    if row["feature_type"] == "band":
        figure = f"Reported span: {html_text(format_range_span(row['low_km'], row['high_km']))}"
        kind += ": uncertainty band"
    else:
        span = format_range_span(row["low_km"], row["high_km"])
        figure = f"{html_text(format_km(row['radius_km']))}" + (f"; sources span {html_text(span)}" if span else "")
    notes = f"<br>{html_text(row['notes'])}" if isinstance(row["notes"], str) else ""
    return (
        f"<b>{html_text(system.name)}</b>{status}<br>{html_text(kind)} from "
        f"<b>{html_text(row['site_name'])}</b> (hypothetical site)<br>{figure} "
        f"(<b>{estimate_label(bool(row['estimate']))}</b>){coverage}{notes}{sources_html(row['sources'])}"
        f"{_status_sources_html(system)}"
    )


def range_tooltip(row: pd.Series, system: System) -> str:
    """A ring's or band's tooltip: system, kind and site."""
    return f"{html_text(system.name)}: {html_text(row['kind'])} from {html_text(row['site_name'])} (hypothetical)"


def _status_sources_html(system: System) -> str:
    if system.status is None:
        return ""
    notes = f"{html_text(system.status.notes)}<br>" if system.status.notes else ""
    heading = f"Claim status ({system.status.label}): sources"
    return f"{notes}{sources_html(sources_records(system.status.sources), heading)}"


def site_popup(row: pd.Series, scenario: Scenario) -> str:
    """A site's popup: what a hypothetical site is, its systems, its position and sources."""
    names = ", ".join(scenario.system(s).name for s in scenario.site_systems[row["site_id"]])
    return (
        f"<b>{html_text(row['site_name'])}</b><br><b>Hypothetical site</b>: a placement for "
        f"illustration, not a reported deployment.<br>Systems drawn here: {html_text(names)}<br>"
        f"Position {row.geometry.y:.4f}, {row.geometry.x:.4f} "
        f"({estimate_label(bool(row['estimate']))}){sources_html(row['sources'])}"
    )


def site_tooltip(row: pd.Series) -> str:
    """A site's tooltip."""
    return f"{html_text(row['site_name'])} (hypothetical site)"


def reference_label(ref: Reference, computed: pd.Series | None) -> str:
    """A reference's name with its reported (and computed) figure, for labels and tooltips."""
    return f"{html_text(ref.name)}: {html_text(both_figures(ref, computed))}"


def computed_reference_popup(ref: Reference, row: pd.Series) -> str:
    """The computed shortest line's popup: the reported figure beside georange's own."""
    return (
        f"<b>{reference_label(ref, row)}</b><br><b>Reported</b>: {ref.reported_mi:g} statute miles, the figure "
        f"as usually quoted (<b>{estimate_label(ref.estimate)}</b>, {len(ref.sources)} sources)."
        f"<br><b>Computed</b> by georange: {row['computed_km']:,.1f} km "
        f"({row['computed_mi']:,.1f} mi), the {html_text(row['computed_between'])}."
        f"<br><small>{html_text(NATURAL_EARTH_ATTRIBUTION)}.</small>"
    )


def reference_popup(ref: Reference, computed: pd.Series | None, sources: list[dict[str, str]]) -> str:
    """The cited line's popup: the reported figure, notes, sources and each cited endpoint."""
    ends = "".join(
        f"<li>{html_text(e.name)} ({e.lat:.4f}, {e.lon:.4f}){sources_html(sources_records(e.sources))}</li>"
        for e in ref.endpoints
    )
    notes = f"<br>{html_text(ref.notes)}" if ref.notes else ""
    return (
        f"<b>{reference_label(ref, computed)}</b> (<b>{estimate_label(ref.estimate)}</b>; the reported figure, as "
        f"usually quoted){notes}{sources_html(sources)}<b>This line joins the cited "
        f"endpoints</b><ul>{ends}</ul>"
    )


_STATUS_WORDS = {"inside": "inside", "outside": "outside", "uncertain": "in the uncertainty band"}


def _place_item(scenario: Scenario, group: pd.DataFrame, ratio_label: str) -> str:
    """One site's line in a place popup: distance, ratio and each system's status."""
    first = group.iloc[0]
    statuses = "; ".join(
        f"{html_text(scenario.system(r['system_id']).name)} {_STATUS_WORDS[r['status']]} ({r['margin_km']:+,.0f} km)"
        for _, r in group.iterrows()
    )
    distance = html_text(format_km(first["distance_km"]))
    ratio = f", {first['ratio_to_reported_reference']:,.1f}&times; {ratio_label}" if ratio_label else ""
    return f"<li><b>{html_text(first['site_name'])}</b> (hypothetical): {distance}{ratio}. {statuses}</li>"


def place_popup(scenario: Scenario, prox: Proximity, place_id: str) -> str:
    """A place's popup: its distance to each site, against the reference, with each system's margin."""
    place = next(p for p in scenario.places if p.id == place_id)
    ref = scenario.references[0] if scenario.references else None
    ratio_label = f"the reported {ref.reported_mi:g} mi" if ref is not None else ""
    rows = prox.places[prox.places["place_id"] == place.id]
    items = "".join(_place_item(scenario, g, ratio_label) for _, g in rows.groupby("site_id", sort=False))
    return (
        f"<b>{html_text(place.name)}</b> ({html_text(place.country)})<br>Distance to each hypothetical "
        f"site (margin = range &minus; distance):<ul>{items}</ul>"
        f"{sources_html(sources_records(place.sources))}"
    )

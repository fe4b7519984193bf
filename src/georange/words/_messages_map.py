"""The words of the HTML map: panels, popups, tooltips, layer names and page text.

Merged into :data:`georange.words.MESSAGES` / :data:`~georange.words.PLURALS`
by :mod:`georange.words._messages`; ideas that other outputs share (figure
flags, source counts, range kinds) live there, not here.
Words that depend on a site's basis are in
:mod:`georange.words._messages_basis`.  Templates are plain Unicode text (no HTML): :func:`georange.words.say_html`
escapes them and fills in fields that may be markup (bold names, links).
"""

from __future__ import annotations

from georange.words._mark import N_

__all__ = ["MESSAGES", "PLURALS"]

#: Message id -> template.
MESSAGES: dict[str, str] = {
    # The page
    "map.description": N_(
        "{title}. Geodesic range rings of publicly reported, cited estimates for {systems} "
        "around {sites}, with distances compared to the {reference} between {places}."
    ),
    "map.description.reference": N_(
        "{title}. Geodesic range rings of publicly reported, cited estimates for {systems} "
        "around {sites}, with distances compared to {name} ({reference})."
    ),
    "map.description.plain": N_(
        "{title}. Geodesic range rings of publicly reported, cited estimates for {systems} around {sites}."
    ),
    "reference.miles": N_("{miles} miles"),
    "map.attribution": N_("Ranges: cited sources (popups) | Natural Earth | GeoNames (CC BY 4.0) | georange"),
    "data.credit": N_("{credit}."),
    "data.credits": N_("{gazetteer}; {outlines}."),
    # Layer control
    "layer.land": N_("Natural Earth land (offline)"),
    "layer.tiles": N_("OpenStreetMap tiles (online)"),
    "layer.system.status": N_("{system} \u2014 {status}"),
    "layer.references": N_("Reference distances (reported and computed)"),
    "layer.places": N_("Places (distances to each site)"),
    # Sources
    "source.item": N_("{title}, {publisher}; accessed {accessed}"),
    "source.item.published": N_("{title}, {publisher}, published {published}; accessed {accessed}"),
    "source.via": N_("{source} (via {via})"),
    "source.short": N_("{title} ({publisher}, {url})"),
    "status.sources.heading": N_("Claim status ({status}): sources"),
    # Systems
    "system.status": N_("{system}, {status}"),
    # Legend
    "legend.range": N_("{kind} {distance}"),
    "legend.range.span": N_("{kind} {distance}, sources span {span}"),
    "legend.range.item": N_("{range} \u00b7 {flag} \u00b7 {sources}"),
    "legend.reference": N_("{reference}: {figures} \u00b7 reported figure {flag}, {sources}"),
    "legend.band": N_("Shaded band: low\u2013high span where sources disagree. Click a ring for its sources."),
    # The "how far" panel
    "proximity.title": N_("How far"),
    "proximity.title.reference": N_("How far, compared with \u201c{reference}\u201d"),
    "proximity.column.ratio": N_("\u00d7 {reported}"),
    "proximity.note": N_("Shortest geodesic to the Natural Earth outline; click a grey place for more."),
    # The text summary for screen readers
    "summary.title": N_("{title}: text summary"),
    "summary.range": N_("{system}: {kind} {distance}, {flag}. Sources: {sources}."),
    "summary.range.span": N_("{system}: {kind} {distance}, sources span {span}, {flag}. Sources: {sources}."),
    "summary.site": N_("{site} with {systems}"),
    "summary.reference": N_("{reference}: {figures}."),
    "summary.distance": N_("{site} to the {territory}: {distance}, {ratio} times the reported reference"),
    "summary.distances": N_("{distances}."),
    # Range popups and tooltips
    "range.popup.max": N_("Maximum range from {site}"),
    "range.popup.min": N_("Minimum range (dead zone) from {site}"),
    "range.popup.max.band": N_("Maximum range: uncertainty band from {site}"),
    "range.popup.min.band": N_("Minimum range (dead zone): uncertainty band from {site}"),
    "range.span.reported": N_("Reported span: {span}"),
    "range.figure.span": N_("{distance}; sources span {span}"),
    "figure.flagged": N_("{figure} ({flag})"),
    "range.tooltip": N_("{system}: {kind} from {site}"),
    "range.label": N_("{system}: {distance}"),
    # Coverage (inside a maximum-range ring)
    "coverage.heading": N_("Inside the ring"),
    "coverage.summary": N_("{heading}: {cities}, total {population}."),
    "coverage.summary.largest": N_("{heading}: {cities}, total {population}; largest {city} ({city_population})."),
    "coverage.reach": N_("Countries reached: {countries}."),
    "coverage.reach.subdivisions": N_("Countries reached: {countries}; {subdivisions}."),
    "coverage.subdivisions": N_("subdivisions of {country} with a listed city inside: {names}"),
    "coverage.subdivisions.us_states": N_("US states with a listed city inside: {names}"),
    "coverage.none": N_("none"),
    # Site popups
    "site.popup.systems": N_("Systems drawn here: {systems}"),
    "site.popup.position": N_("Position {lat}, {lon} ({flag})"),
    # References
    "reference.with_figures": N_("{reference}: {figures}"),
    "reference.tooltip.endpoints": N_("{label} (cited endpoints)"),
    "reference.reported.heading": N_("Reported"),
    "reference.computed.heading": N_("Computed"),
    "reference.popup.reported": N_(
        "{reported}: {reported_mi} statute miles, the figure as usually quoted ({flag}, {sources})."
    ),
    "reference.popup.computed": N_("{computed} by georange: {computed_km} ({computed_mi}), the {between}."),
    "reference.popup.title": N_("{label} ({flag}; the reported figure, as usually quoted)"),
    "reference.endpoints.heading": N_("This line joins the cited endpoints"),
    "point.position": N_("{name} ({lat}, {lon})"),
    # Place popups
    "place.popup.title": N_("{place} ({country})"),
    "place.popup.intro": N_("Distance to each {site} (margin = range \u2212 distance):"),
    "place.site": N_("{site}: {distance}. {statuses}"),
    "place.site.ratio": N_("{site}: {distance}, {ratio}\u00d7 the reported {reported}. {statuses}"),
    "place.status.inside": N_("{system} inside ({margin})"),
    "place.status.outside": N_("{system} outside ({margin})"),
    "place.status.uncertain": N_("{system} in the uncertainty band ({margin})"),
}

#: Message id -> (singular template, plural template); ``{n}`` is the grouped count.
PLURALS: dict[str, tuple[str, str]] = {
    "coverage.cities": (
        N_("{n} city of {min_population}+ people"),
        N_("{n} cities of {min_population}+ people"),
    ),
    "coverage.cities.span": (
        N_("{n} city of {min_population}+ people ({low}\u2013{high} across the sources' span)"),
        N_("{n} cities of {min_population}+ people ({low}\u2013{high} across the sources' span)"),
    ),
}

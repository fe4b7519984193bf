"""The words of the figures for print: the static map (PNG/SVG) and the comparison chart.

A section of :data:`georange.words.MESSAGES` / :data:`georange.words.PLURALS`
(merged there by :mod:`georange.words._messages`).  Ids name what the words
are about; words shared with the other outputs (estimate flags, a
site with its basis, reference figures, list separators) live in the
shared section of :mod:`georange.words._messages`, not here.  Figures' labels
may hold a newline where the figure breaks the line.
"""

from __future__ import annotations

from georange.words._mark import N_

__all__ = ["MESSAGES", "PLURALS"]

#: Message id -> template.
MESSAGES: dict[str, str] = {
    # The static map: subtitle, projection note and detail map
    "static_map.subtitle": N_(
        "Publicly reported ranges drawn as exact geodesic rings around {sites}. Every range is a public "
        "estimate; see the caveats and sources below."
    ),
    "static_map.projection": N_(
        "Azimuthal equidistant projection (WGS84) centred at {lat}\u00b0, {lon}\u00b0: distances from the "
        "centre are true and the rings are exact geodesics computed by georange."
    ),
    "detail.title": N_("Detail: the {sites}"),
    "detail.hidden": N_("Not drawn here: {systems} (their rings cover this whole area)"),
    # Labels on the map
    "site.with_basis.two_lines": N_("{site}\n({basis})"),
    "sites.see_detail": N_("{sites}\n(see the detail map)"),
    "range.ring_label": N_("{system} {distance}"),
    "reference.map_label": N_("{reference}\n{figures}"),
    "reference.reported.short": N_("{miles} reported"),
    "reference.computed.short": N_("{miles} computed"),
    # The map's legend
    "legend.reference.cited_line": N_("{reference}; the line joins the cited endpoints"),
    "legend.reference.computed_line": N_("{reference}; bold: the computed shortest crossing"),
    "legend.reference.dashed_line": N_("dashed: the line between the reference's cited endpoints"),
    "legend.span": N_("low\u2013high span where sources disagree"),
    "legend.range.max": N_("maximum range (estimate)"),
    "legend.range.min": N_("minimum range"),
    "legend.place": N_("place"),
    "legend.detail_area": N_("area of the detail map"),
    "range.summary": N_("{kind} {distance}, {flag}, {sources}"),
    "range.summary.span": N_("{kind} {distance}, sources span {span}, {flag}, {sources}"),
    "reference.label": N_("{reference}: {figures}, {flag}"),
    # The footer of every figure
    "footer.caveats": N_("Caveats: {caveats}"),
    "footer.sources": N_("Sources ({systems}; full citations: georange export --format csv)."),
    "footer.sources.system": N_("{system}, range: {sources} ({publishers})."),
    "footer.sources.system.status": N_(
        "{system}, range: {sources} ({publishers}); claim status: {status_sources} ({status_publishers})."
    ),
    "footer.sources.sites": N_("{sites}: {sources} ({publishers})."),
    "footer.sources.reference": N_("{reference}: {sources} ({publishers})."),
    "footer.sources.places": N_("Places: {sources} ({publishers})."),
    "footer.attribution": N_("{natural_earth}. {geonames}."),
    "footer.made_with": N_("Made with georange {version}."),
    # The comparison chart
    "chart.subtitle": N_(
        "How far is each {site} from {territories}, compared with {reference} and with each "
        "system's reported range? Bars: distances. Coloured lines: each system's reported maximum range, "
        "shaded and whiskered across the sources' low\u2013high span. All ranges are public estimates."
    ),
    "chart.subtitle.no_reference": N_(
        "How far is each {site} from {territories}, compared with each system's reported range? Bars: "
        "distances. Coloured lines: each system's reported maximum range, shaded and whiskered across the "
        "sources' low\u2013high span. All ranges are public estimates."
    ),
    "chart.territories.none": N_("the chosen places"),
    "chart.note.distances": N_(
        "Distances: shortest WGS84 geodesics (georange) to Natural Earth outlines and cited places."
    ),
    "chart.axis.km": N_("Distance, km (log scale)"),
    "chart.axis.miles": N_("statute miles"),
    "chart.legend.distance": N_("distance from the {site}"),
    "chart.bar.ratio.long": N_("{distance} \u00b7 {ratio} the reported {reference}"),
    "chart.bar.ratio": N_("{distance} \u00b7 {ratio} {reference}"),
    "chart.bar.ratio.short": N_("{distance} \u00b7 {ratio}"),
    "territory.to.group": N_("to {regions}"),
    "place.to": N_("to {place}"),
    "reference.row.reported": N_("reported (as usually quoted)"),
    "reference.row.reported.value": N_("{miles} ({km}), {flag}, {sources}"),
    "reference.row.computed": N_("computed by georange"),
    "reference.row.computed.value": N_("{miles} ({km}), from the Natural Earth coastlines"),
    "system.reported_range": N_("{system}: reported range"),
    "system.with_status": N_("{system}: {status}"),
    "range.value": N_("{distance}; {flag}"),
    "range.value.span": N_("{distance}; sources span {span}; {flag}"),
}

#: Message id -> (singular template, plural template); ``{n}`` is the grouped count.
PLURALS: dict[str, tuple[str, str]] = {
    "systems.count": (N_("{n} system"), N_("{n} systems")),
}

"""KML export (fastkml): a folder per system, styled rings, HTML descriptions with sources and caveats."""

from __future__ import annotations

import html
import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from georange._geojson import COORDINATE_DECIMALS
from georange._progress import progress
from georange._version import __version__
from georange.palette import system_colours
from georange.scenario import Scenario
from georange.words import MESSAGES, numbers, say, say_n
from georange.words._basis import say_bases, say_basis

with warnings.catch_warnings():
    # Not a no-op: fastkml.config runs ``warnings.warn("Package `lxml` missing. Pretty print will be
    # disabled")`` (a UserWarning) on first import when lxml is absent, as in our environment.  Its
    # stdlib ElementTree fallback is all we need (we indent with ET.indent), and under pytest's
    # filterwarnings=error the warning would otherwise fail every import of this module.
    warnings.filterwarnings("ignore", message="Package `lxml` missing", category=UserWarning)
    from fastkml import KML, Data, Document, ExtendedData, Folder, Placemark
    from fastkml import config as kml_config
    from fastkml.geometry import create_kml_geometry
    from fastkml.styles import IconStyle, LabelStyle, LineStyle, PolyStyle, Style, StyleUrl
from georange.export._columns import Context, columns
from georange.export._common import _csv_value, _features, _present, _rows, _source_list, algorithm_text

# --------------------------------------------------------------------------- plain-text descriptions

# Characters XML 1.0 cannot carry at all (escaping does not help).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """Text with characters XML 1.0 forbids replaced by U+FFFD (escaping is the serialiser's job)."""
    return _XML_INVALID.sub("\ufffd", text)


def _kml_html(text: str) -> str:
    """A description as Google Earth shows it: HTML, so every line is escaped and joined by ``<br>``.

    The KML library then XML-escapes the result once more, as XML requires;
    a viewer that decodes both levels sees the original text, never markup.
    """
    return "<br>".join(html.escape(_xml_safe(line), quote=False) for line in text.split("\n"))


def _kind_text(kind: Any) -> str:
    """``"maximum range"`` / ``"minimum range (dead zone)"`` (an unknown kind as it is)."""
    msg_id = f"range.kind.{kind}"
    return say(msg_id) if msg_id in MESSAGES else str(kind)


def _estimate_text(estimate: Any) -> str:
    return say("flag.estimate" if bool(estimate) else "flag.reported")


def _basis(scenario: Scenario, site_id: Any) -> str:
    """The basis of the scenario's site ``site_id`` (``"hypothetical"``, ...)."""
    return next(site.basis for site in scenario.sites if site.id == site_id)


def _site_word(scenario: Scenario, site_id: Any) -> str:
    """``"hypothetical site"``: the site's basis, in words."""
    return say_basis("site.basis.{basis}", _basis(scenario, site_id))


def _source_line(source: dict[str, str]) -> str:
    """``- Title. Publisher. Published .... Via .... Accessed YYYY-MM-DD: URL`` (URL last, unpunctuated)."""
    msg_id = "source.record" + (".published" if source.get("published") else "") + (".via" if source.get("via") else "")
    fields = {k: source.get(k) for k in ("title", "publisher", "published", "via", "accessed", "url")}
    line = say("list.item.dash", item=say(msg_id, **fields))
    return line + ("\n  " + say("source.quote", quote=source["quote"]) if source.get("quote") else "")


def _sources_block(sources: Any) -> list[str]:
    records = _source_list(sources)
    return [say_n("sources.list.heading", len(records)), *(_source_line(s) for s in records)]


def _caveats_block(scenario: Scenario) -> list[str]:
    return [say("caveats.list.heading"), *(say("list.item.dash", item=c) for c in scenario.caveats)]


def _notes_line(notes: Any) -> list[str]:
    return [say("notes.line", notes=notes)] if _present(notes) else []


def _status_line(status: Any) -> list[str]:
    return [say("status.line", status=status)] if _present(status) else []


def _range_figures(row: Any) -> list[str]:
    """The figure lines of a ring or band: km and miles, span, estimate flag."""
    estimate = _estimate_text(row["estimate"])
    if row["feature_type"] == "band":
        span = numbers.distance_km_span(float(row["low_km"]), float(row["high_km"]))
        return [say("range.span.reported.flagged", span=span, flag=estimate), say("band.shaded")]
    lines = [say("range.line", distance=numbers.distance_km(float(row["radius_km"])), flag=estimate)]
    if _present(row["low_km"]) and _present(row["high_km"]) and row["low_km"] != row["high_km"]:
        span = numbers.distance_km_span(float(row["low_km"]), float(row["high_km"]))
        lines.append(say("range.span.reported", span=span))
    return lines


def _range_description(row: Any, scenario: Scenario) -> str:
    head = say(
        "range.around",
        system=row["system_name"],
        kind=_kind_text(row["kind"]),
        site=row["site_name"],
        basis=_site_word(scenario, row["site_id"]),
    )
    lines = [
        head,
        *_range_figures(row),
        *_status_line(row["status"]),
        *_notes_line(row["notes"]),
        *_sources_block(row["sources"]),
        *_caveats_block(scenario),
    ]
    return "\n".join(lines)


def _site_description(row: Any, systems: list[str], scenario: Scenario) -> str:
    point, basis = row.geometry, _basis(scenario, row["site_id"])
    lat, lon = numbers.number(point.y, decimals=6), numbers.number(point.x, decimals=6)
    listed = say("list.separator.comma").join(systems)
    lines = [
        say_basis("site.basis.{basis}.detail", basis, site=row["site_name"]),
        say("site.coordinates", lat=lat, lon=lon, flag=_estimate_text(row["estimate"])),
        *([say_basis("site.basis.{basis}.systems", basis, systems=listed)] if systems else []),
        *_notes_line(row["notes"]),
        *_sources_block(row["sources"]),
        *_caveats_block(scenario),
    ]
    return "\n".join(lines)


def _reference_description(row: Any, scenario: Scenario) -> str:
    head = say(
        "reference.distance",
        reference=row["site_name"],
        miles=numbers.miles(float(row["reported_mi"]), decimals=1),
        km=numbers.km(float(row["reported_km"]), decimals=1),
        flag=_estimate_text(row["estimate"]),
    )
    lines = [
        head,
        say("reference.drawn"),
        *_notes_line(row["notes"]),
        *_sources_block(row["sources"]),
        *_caveats_block(scenario),
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- KML

#: Opacity (0-255) of each drawn element: (line, fill).
_KML_ALPHA = {
    ("ring", "max"): (0xFF, 0x26),
    ("ring", "min"): (0xB3, 0x14),
    ("band", "max"): (0x80, 0x4D),
    ("band", "min"): (0x66, 0x33),
}
_KML_WIDTH = {("ring", "max"): 2.5, ("ring", "min"): 1.5, ("band", "max"): 1.0, ("band", "min"): 1.0}
_REFERENCE_COLOUR = "#000000"
_SITE_COLOUR = "#000000"
#: Google Earth's own circle marker (KML needs an icon for an IconStyle).
_SITE_ICON = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"


def kml_colour(hex_rgb: str, alpha: int = 0xFF) -> str:
    """A ``#rrggbb`` colour as KML's ``aabbggrr``.

    Examples
    --------
    >>> kml_colour("#0072B2", 0x80)
    '80b27200'
    """
    rgb = hex_rgb.lstrip("#").lower()
    return f"{alpha:02x}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}"


def _style_id(row: Any) -> str:
    return f"style-{row['system_id']}-{row['feature_type']}-{row['kind']}"


def _range_style(row: Any, colours: dict[str, str]) -> Style:
    key = (row["feature_type"], row["kind"])
    line_alpha, fill_alpha = _KML_ALPHA.get(key, (0xFF, 0x26))
    colour = colours.get(row["system_id"], _REFERENCE_COLOUR)
    return Style(
        id=_style_id(row),
        styles=[
            LineStyle(color=kml_colour(colour, line_alpha), width=_KML_WIDTH.get(key, 1.0)),
            PolyStyle(color=kml_colour(colour, fill_alpha), fill=True, outline=True),
        ],
    )


def _kml_styles(scenario: Scenario, features: gpd.GeoDataFrame) -> list[Style]:
    colours = system_colours(scenario)
    styles = [
        Style(
            id="style-site",
            styles=[
                IconStyle(color=kml_colour(_SITE_COLOUR), scale=1.1, icon_href=_SITE_ICON),
                LabelStyle(scale=0.9),
            ],
        ),
        Style(id="style-reference", styles=[LineStyle(color=kml_colour(_REFERENCE_COLOUR), width=3.0)]),
    ]
    seen: set[str] = set()
    for row in _rows(features, "ring", "band"):
        if _style_id(row) not in seen:
            seen.add(_style_id(row))
            styles.append(_range_style(row, colours))
    return styles


def _kml_geometry(geom: shapely.Geometry) -> Any:
    """A fastkml geometry (MultiGeometry for multi-part shapes), coordinates rounded like GeoJSON."""
    rounded = shapely.transform(geom, lambda xy: np.round(xy, COORDINATE_DECIMALS))
    if rounded.geom_type == "Point":
        return create_kml_geometry(rounded)
    return create_kml_geometry(rounded, tessellate=True)


def _extended_data(row: Any, context: Context) -> ExtendedData:
    """Machine-readable figures beside the description: the row's KML columns (empty values dropped)."""
    cells = (
        (c.key, _xml_safe(_csv_value(c.value(row, context), c.decimals))) for c in columns(row["feature_type"], "kml")
    )
    return ExtendedData(elements=[Data(name=key, value=text) for key, text in cells if text])


def _placemark(
    *,
    ident: str,
    name: str,
    description: str,
    style: str,
    row: Any,
    context: Context,
) -> Placemark:
    return Placemark(
        id=ident,
        name=_xml_safe(name),
        description=_kml_html(description),
        style_url=StyleUrl(url=f"#{style}"),
        extended_data=_extended_data(row, context),
        kml_geometry=_kml_geometry(row.geometry),
    )


class _Ids:
    """Stable, unique XML ids: a repeated id gets ``-2``, ``-3``, ..."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, *parts: Any) -> str:
        base = "-".join(str(p) for p in parts)
        ident, n = base, 1
        while ident in self.used:
            n += 1
            ident = f"{base}-{n}"
        self.used.add(ident)
        return ident


def _site_placemark(row: Any, scenario: Scenario, ids: _Ids, context: Context) -> Placemark:
    placed = scenario.site_systems.get(row["site_id"], ())
    systems = [scenario.system(sid).name for sid in placed]
    return _placemark(
        ident=ids("site", row["site_id"]),
        name=say("site.with_basis", site=row["site_name"], basis=_site_word(scenario, row["site_id"])),
        description=_site_description(row, systems, scenario),
        style="style-site",
        row=row,
        context=context,
    )


def _range_name(row: Any, scenario: Scenario) -> str:
    fields = {
        "system": row["system_name"],
        "kind": _kind_text(row["kind"]),
        "site": row["site_name"],
        "basis": _site_word(scenario, row["site_id"]),
    }
    if row["feature_type"] == "band":
        return say(
            "range.name.band", span=numbers.distance_km_span(float(row["low_km"]), float(row["high_km"])), **fields
        )
    return say("range.name", distance=numbers.distance_km(float(row["radius_km"])), **fields)


def _range_placemark(row: Any, scenario: Scenario, ids: _Ids, context: Context) -> Placemark:
    return _placemark(
        ident=ids(row["feature_type"], row["site_id"], row["system_id"], row["kind"]),
        name=_range_name(row, scenario),
        description=_range_description(row, scenario),
        style=_style_id(row),
        row=row,
        context=context,
    )


def _reference_placemark(row: Any, scenario: Scenario, ids: _Ids, context: Context) -> Placemark:
    return _placemark(
        ident=ids("reference", row["reference_id"]),
        name=str(row["site_name"]),
        description=_reference_description(row, scenario),
        style="style-reference",
        row=row,
        context=context,
    )


def _folder(ident: str, name: str, description: str, placemarks: Iterable[Placemark]) -> Folder:
    text = _kml_html(description)
    return Folder(id=ident, name=_xml_safe(name), description=text, features=list(placemarks))


def _system_folder(scenario: Scenario, system_id: str, rows: list[Any], ids: _Ids, context: Context) -> Folder:
    system = scenario.system(system_id)
    claim = scenario.status(system_id)
    status = claim.label if claim else None
    sites = say_bases("sites.basis.{basis}", (site.basis for site in scenario.sites))
    lines = [
        say("system.folder", system=system.name, category=system.category, sites=sites),
        *_status_line(status),
        *_caveats_block(scenario),
    ]
    shown = progress(rows, desc=say("progress.kml", system=system.name), unit="feature")
    placemarks = [_range_placemark(r, scenario, ids, context) for r in shown]
    return _folder(ids("system", system_id), system.name, "\n".join(lines), placemarks)


def _kml_folders(scenario: Scenario, features: gpd.GeoDataFrame) -> list[Folder]:
    ids, context = _Ids(), Context(features)
    sites = [_site_placemark(r, scenario, ids, context) for r in _rows(features, "site")]
    bases = [site.basis for site in scenario.sites]
    about = say_bases("sites.basis.{basis}.detail", bases, separator="list.separator.sentence")
    heading = say_bases("sites.basis.{basis}.heading", bases)
    # The folder id stays "hypothetical-sites" (a stable machine id, whatever the sites' basis).
    folders = [_folder("hypothetical-sites", heading, "\n".join([about, *_caveats_block(scenario)]), sites)]
    ranges = _rows(features, "ring", "band")
    for system in scenario.systems:
        rows = [r for r in ranges if r["system_id"] == system.id]
        if rows:
            folders.append(_system_folder(scenario, system.id, rows, ids, context))
    references = [_reference_placemark(r, scenario, ids, context) for r in _rows(features, "reference")]
    if references:
        folders.append(_folder("reference-lines", say("references.heading"), say("references.folder"), references))
    return folders


def _document_description(scenario: Scenario) -> str:
    lines = [
        *([scenario.description.strip()] if scenario.description else []),
        *_caveats_block(scenario),
        say("export.generated", version=__version__),
        algorithm_text(),
    ]
    return "\n".join(lines)


def to_kml(scenario: Scenario, features: gpd.GeoDataFrame | None = None) -> KML:
    """The scenario as a fastkml :class:`~fastkml.KML` document.

    Parameters
    ----------
    scenario
        The scenario to export.
    features
        Its features table (computed when not given).

    Returns
    -------
    fastkml.KML
        A Document with shared styles and folders: hypothetical sites, one per
        system (rings and bands), reference distances.
    """
    feats = _features(scenario, features)
    document = Document(
        id=f"scenario-{scenario.id}",
        name=_xml_safe(scenario.title),
        description=_kml_html(_document_description(scenario)),
        styles=_kml_styles(scenario, feats),
        features=_kml_folders(scenario, feats),
    )
    return KML(features=[document])


def _serialise_kml(document: KML) -> str:
    """Indented KML in the default namespace (no ``kml:`` prefixes), whichever etree fastkml uses."""
    built: Any = document.etree_element()
    element = (
        built
        if isinstance(built, ET.Element)
        else ET.fromstring(kml_config.etree.tostring(built, encoding="unicode"))  # lxml: re-read
    )
    namespace = kml_config.KMLNS
    for node in element.iter():
        if isinstance(node.tag, str) and node.tag.startswith(namespace):
            node.tag = node.tag[len(namespace) :]
    element.set("xmlns", namespace[1:-1])
    ET.indent(element, space=" ")
    body = ET.tostring(element, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def kml_text(scenario: Scenario, features: gpd.GeoDataFrame | None = None) -> str:
    """The scenario as a KML 2.2 document (opens in Google Earth).

    One folder holds the sites (placemarks named after the site and its
    basis, ``"<name> (hypothetical site)"``), one folder per system holds its
    styled rings and bands (colours from
    :func:`georange.palette.system_colours`), and one holds the
    reference lines.  Rings cut at the antimeridian and bands with holes are
    ``MultiGeometry`` / ``Polygon`` with inner boundaries.  Each description
    gives the figures in km and mi, the estimate flag, the claim status,
    notes, the sources and the caveats, as plain text escaped once by the XML
    serialiser.  Ids are stable (``site-<site>``, ``ring-<site>-<system>-<kind>``,
    ``band-...``, ``reference-<id>``) and there are no timestamps.

    Parameters
    ----------
    scenario
        The scenario to export.
    features
        Its features table (computed when not given).

    Returns
    -------
    str
        UTF-8 KML text with an XML declaration and a final newline.
    """
    return _serialise_kml(to_kml(scenario, features))

"""Hostile text in every field of a scenario, rendered in a real headless Chromium.

Every text field (scenario title and description, system name, category,
reporting names, notes, claim status label, site / place / reference /
endpoint names and points, source title, publisher, quote and via, the
computed reference's description and labels) holds script-injection,
quote-breaking, template and tag-closing payloads.  The page must run none of
them (no dialog, ``window.__pwned`` undefined, the same elements as a page
built from harmless text) and show every one literally in the caveat, legend,
layer control, summary, tooltips and popups.  The KML export and the SVG
figure (when :mod:`georange.render.static_map` exists) are parsed with an XML
parser: the payload must be text, never markup.

Uses Debian's ``chromium`` through Playwright with every non-file request
aborted, like tests/test_browser.py.
"""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import ARTIFACTS, open_offline
from georange._io import write_atomic
from georange.export import kml_text
from georange.loading import scenario_from_mapping
from georange.render.html_map import map_html
from georange.render.style import system_colours
from screens import assert_in_view, assert_not_blank, colour_pixels, map_area, pixels

pytestmark = pytest.mark.browser


PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "\"');window.__pwned=1//",
    "`backtick`",
    "${window.__pwned=1}",
    "{{ 7*7 }}",
    "</textarea>",
    "</script><script>window.__pwned=1</script>",
]
PAYLOAD = " ".join(PAYLOADS)
BENIGN = "plain words for the twin page"
HOSTILE_URL = 'https://example.org/report?q="><script>window.__pwned=1</script>&x=`${1}`'


# --------------------------------------------------------------------------- the scenario


def _source(tag: str, p: str, url: str) -> dict[str, Any]:
    return {
        "title": f"{tag} title {p}",
        "publisher": f"{tag} publisher {p}",
        "url": url,
        "accessed": "2026-11-20",
        "published": "2026-01-02",
        "quote": f"{tag} quote {p}",
        "via": f"{tag} via {p}",
    }


def mapping(p: str, url: str = HOSTILE_URL) -> dict[str, Any]:
    """A scenario whose every free-text field carries ``p``."""
    src = [_source("Range source", p, url)]
    return {
        "id": "hostile",
        "title": f"Scenario title {p}",
        "description": f"Scenario description {p}",
        "systems": [
            {
                "id": "evil",
                "name": f"System name {p}",
                "category": f"Category {p}",
                "reporting_names": [f"Reporting name {p}"],
                "notes": f"System notes {p}",
                "ranges": [
                    {
                        "kind": "max",
                        "km": 500,
                        "low_km": 400,
                        "high_km": 600,
                        "estimate": True,
                        "notes": f"Range notes {p}",
                        "sources": src,
                    },
                    {"kind": "min", "km": 20, "estimate": True, "notes": f"Min notes {p}", "sources": src},
                ],
            }
        ],
        "statuses": {
            "evil": {
                "code": "floated",
                "label": f"Status label {p}",
                "estimate": True,
                "notes": f"Status notes {p}",
                "sources": [_source("Status source", p, url)],
            }
        },
        "sites": [
            {
                "id": "evil-site",
                "name": f"Site name {p}",
                "lat": 10.5,
                "lon": -66.9,
                "point": f"Site point {p}",
                "basis": "hypothetical",
                "estimate": True,
                "notes": f"Site notes {p}",
                "sources": [_source("Site source", p, url)],
            }
        ],
        "places": [
            {
                "id": "evil-place",
                "name": f"Place name {p}",
                "country": "US",
                "lat": 25.77427,
                "lon": -80.19366,
                "point": f"Place point {p}",
                "estimate": False,
                "notes": f"Place notes {p}",
                "sources": [_source("Place source", p, url)],
            }
        ],
        "references": [
            {
                "id": "evil-ref",
                "name": f"Reference name {p}",
                "reported_mi": 90,
                "estimate": True,
                "notes": f"Reference notes {p}",
                "sources": [_source("Reference source", p, url)],
                "computed": {
                    "description": f"Measure description {p}",
                    "between": [
                        {"country": "CUB", "label": f"Cuba label {p}"},
                        {"country": "USA", "label": f"Keys label {p}", "bbox": [-83.2, 24.3, -80.2, 25.0]},
                    ],
                },
                "endpoints": [
                    {
                        "id": "end-a",
                        "name": f"Endpoint A {p}",
                        "lat": 24.54653,
                        "lon": -81.79745,
                        "estimate": False,
                        "sources": [_source("Endpoint source", p, url)],
                    },
                    {
                        "id": "end-b",
                        "name": f"Endpoint B {p}",
                        "lat": 23.13302,
                        "lon": -82.38304,
                        "estimate": False,
                        "sources": [_source("Endpoint source", p, url)],
                    },
                ],
            }
        ],
    }


@pytest.fixture(scope="module")
def hostile():
    return scenario_from_mapping(mapping(PAYLOAD), display="hostile.yaml")


@pytest.fixture(scope="module")
def benign():
    return scenario_from_mapping(mapping(BENIGN, url="https://example.org/report"), display="benign.yaml")


@pytest.fixture(scope="module")
def pages(hostile, benign, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    out = {}
    for name, scn in (("hostile", hostile), ("benign", benign)):
        out[name] = write_atomic(folder / f"{name}.html", map_html(scn, self_contained=True))
    return out


def _open(browser: Any, path: Path) -> Any:
    return open_offline(browser, path)


@pytest.fixture(scope="module")
def page(browser, pages) -> Iterator[Any]:
    page = _open(browser, pages["hostile"])
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def twin(browser, pages) -> Iterator[Any]:
    page = _open(browser, pages["benign"])
    yield page
    page.context.close()


# JavaScript run in the page: a histogram of element names, inline handlers, foreign images and scripts.
_CENSUS = """(root) => {
  const scope = root || document;
  const tags = {};
  for (const el of scope.querySelectorAll('*')) { tags[el.tagName] = (tags[el.tagName] || 0) + 1; }
  const handlers = [];
  for (const el of scope.querySelectorAll('*')) {
    for (const a of el.attributes) { if (/^on/i.test(a.name)) handlers.push(el.tagName + ' ' + a.name); }
  }
  const imgs = [...scope.querySelectorAll('img')].filter(i => !/\\bleaflet-/.test(i.className)).map(i => i.outerHTML);
  const bodyScripts = [...document.body.querySelectorAll('script')].map(s => s.textContent);
  const hrefs = [...scope.querySelectorAll('[href], [src], [action], [formaction], [srcdoc]')]
    .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || '')
    .filter(v => /^\\s*(javascript|data|vbscript):/i.test(v));
  return {tags, handlers, imgs, nBodyScripts: bodyScripts.length, hrefs};
}"""


def census(page: Any, selector: str | None = None) -> dict[str, Any]:
    root = page.locator(selector).element_handle() if selector else None
    return page.evaluate(_CENSUS, root)


def assert_not_pwned(page: Any) -> None:
    assert page.dialogs == [], page.dialogs
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('textarea').length") == 0


def _popup_text(page: Any, georange_id: str) -> tuple[str, dict[str, Any], Any]:
    """Open one feature's popup (closing any other) and read it."""
    page.evaluate("() => Object.values(window).filter(v => v instanceof L.Map).forEach(m => m.closePopup())")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 0")
    page.locator(f'path[data-georange="{georange_id}"]').first.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.count() == 1
    return popup.inner_text(), census(page, ".leaflet-popup-content"), popup


# --------------------------------------------------------------------------- the page


def test_page_loads_offline_and_nothing_runs(page) -> None:
    assert page.problems == [], page.problems
    assert page.blocked == [], "an <img src=x> or similar asked the network for something"
    assert_not_pwned(page)
    assert page.title() == f"Scenario title {PAYLOAD}"
    meta = page.locator('meta[name="description"]').get_attribute("content")
    assert f"System name {PAYLOAD}" in meta


def test_no_injected_elements(page, twin) -> None:
    """The hostile page has exactly the elements of its harmless twin: no script, img, textarea..."""
    hostile, benign = census(page), census(twin)
    assert hostile["handlers"] == [], hostile["handlers"]
    assert hostile["imgs"] == [], hostile["imgs"]
    assert hostile["hrefs"] == []
    assert hostile["nBodyScripts"] == benign["nBodyScripts"]
    assert hostile["tags"] == benign["tags"]
    for tag in ("IMG", "TEXTAREA", "IFRAME", "OBJECT", "EMBED"):
        assert hostile["tags"].get(tag, 0) == benign["tags"].get(tag, 0), tag


def test_panels_show_the_payload_literally(page) -> None:
    caveat = page.locator(".georange-caveat").inner_text()
    assert f"Scenario title {PAYLOAD}" in caveat
    legend = page.locator(".georange-legend").inner_text()
    for text in (f"System name {PAYLOAD}", f"Reporting name {PAYLOAD}", f"Status label {PAYLOAD}",
                 f"Reference name {PAYLOAD}"):  # fmt: skip
        assert text in legend, text
    control = page.locator(".leaflet-control-layers-overlays").inner_text()
    assert f"System name {PAYLOAD}" in control
    summary = page.locator(".georange-sr-only").text_content() or ""
    for text in (f"Scenario title {PAYLOAD}", f"System name {PAYLOAD}", f"Status label {PAYLOAD}",
                 f"Range source title {PAYLOAD}", f"Range source publisher {PAYLOAD}", HOSTILE_URL,
                 f"Site name {PAYLOAD}", f"Reference name {PAYLOAD}"):  # fmt: skip
        assert text in summary, text
    assert "{{ 7*7 }}" in caveat and "{{ 7*7 }}" in legend, "template syntax must stay literal"


def test_permanent_tooltip_shows_the_reference_literally(page) -> None:
    tips = " ".join(page.locator(".leaflet-tooltip").all_inner_texts())
    assert f"Reference name {PAYLOAD}" in tips


def test_ring_popup_shows_every_field_literally(page, twin) -> None:
    text, found, popup = _popup_text(page, "ring:evil-site:evil:max")
    for expected in (
        f"System name {PAYLOAD}",
        f"Status label {PAYLOAD}",
        f"Site name {PAYLOAD}",
        f"Range notes {PAYLOAD}",
        f"Range source title {PAYLOAD}",
        f"Range source publisher {PAYLOAD}",
        f"Range source quote {PAYLOAD}",
        f"Range source via {PAYLOAD}",
        f"Status notes {PAYLOAD}",
        f"Status source title {PAYLOAD}",
    ):
        assert expected in text, expected
    links = popup.locator("a")
    assert links.count() >= 2
    for i in range(links.count()):
        assert links.nth(i).get_attribute("href") == HOSTILE_URL
    _, benign, _ = _popup_text(twin, "ring:evil-site:evil:max")
    assert found["tags"] == benign["tags"]
    assert found["handlers"] == [] and found["imgs"] == []
    assert_not_pwned(page)


def test_site_popup_shows_every_field_literally(page, twin) -> None:
    text, found, _ = _popup_text(page, "site:evil-site")
    for expected in (
        f"Site name {PAYLOAD}",
        f"System name {PAYLOAD}",
        f"Site source title {PAYLOAD}",
        f"Site source publisher {PAYLOAD}",
        f"Site source quote {PAYLOAD}",
        f"Site source via {PAYLOAD}",
    ):
        assert expected in text, expected
    _, benign, _ = _popup_text(twin, "site:evil-site")
    assert found["tags"] == benign["tags"]
    assert_not_pwned(page)


def test_place_and_reference_popups_show_the_payload_literally(page, twin) -> None:
    text, found, _ = _popup_text(page, "place:evil-place")
    assert f"Place name {PAYLOAD}" in text
    assert f"Site name {PAYLOAD}" in text
    assert f"Place source title {PAYLOAD}" in text
    _, benign, _ = _popup_text(twin, "place:evil-place")
    assert found["tags"] == benign["tags"]
    text, found, _ = _popup_text(page, "reference:evil-ref")
    for expected in (f"Reference name {PAYLOAD}", f"Reference notes {PAYLOAD}", f"Endpoint A {PAYLOAD}",
                     f"Endpoint B {PAYLOAD}", f"Endpoint source quote {PAYLOAD}"):  # fmt: skip
        assert expected in text, expected
    _, benign, _ = _popup_text(twin, "reference:evil-ref")
    assert found["tags"] == benign["tags"]
    assert_not_pwned(page)


def test_hovering_and_toggling_run_nothing(page) -> None:
    """Sticky tooltips are built on hover; the layer control re-renders labels on toggle."""
    page.locator('path[data-georange="ring:evil-site:evil:max"]').first.hover(force=True)
    page.wait_for_timeout(100)
    label = page.locator(".leaflet-control-layers-overlays label", has_text="System name")
    label.locator("input").uncheck()
    label.locator("input").check()
    assert_not_pwned(page)
    assert census(page)["handlers"] == []


def test_screenshot_for_people(browser, pages, hostile) -> None:
    """Saved for people, as first loaded; the hostile page still draws its ring with its caveat in view.

    A fresh page: the module's page has been clicked, hovered and panned by the tests above.
    """
    page = _open(browser, pages["hostile"])
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / "hostile-map.png"
        page.screenshot(path=str(path))
        rgb = pixels(path)
        assert_not_blank(rgb)
        assert_in_view(page, ".georange-caveat")
        assert PAYLOADS[0] in page.locator(".georange-caveat").inner_text()
        on_map = map_area(page, rgb)
        for system_id, colour in system_colours(hostile).items():
            assert colour_pixels(rgb, colour, mask=on_map, tolerance=24) >= 200, f"{system_id}'s ring is not seen"
        assert_not_pwned(page)
    finally:
        page.context.close()


# --------------------------------------------------------------------------- KML and SVG


_KML = "{http://www.opengis.net/kml/2.2}"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_kml_carries_the_payload_as_text(hostile) -> None:
    root = ET.fromstring(kml_text(hostile, None).encode("utf-8"))
    foreign = {el.tag for el in root.iter() if not el.tag.startswith(_KML)}
    assert not foreign, f"elements outside the KML namespace: {foreign}"
    names = [el.text or "" for el in root.iter(f"{_KML}name")]
    assert any(f"System name {PAYLOAD}" in n for n in names)
    assert any(f"Site name {PAYLOAD}" in n for n in names)
    descriptions = [el.text or "" for el in root.iter(f"{_KML}description")]
    assert descriptions
    seen = ""
    for desc in descriptions:
        parsed = _Tags()
        parsed.feed(desc)
        parsed.close()
        # Google Earth renders a description as HTML: only line breaks may be markup.
        assert parsed.tags <= {"br"}, parsed.tags
        seen += "".join(parsed.text) + "\n"
    for expected in (f"Range source quote {PAYLOAD}", f"Range notes {PAYLOAD}", f"Scenario description {PAYLOAD}",
                     f"Category {PAYLOAD}", HOSTILE_URL):  # fmt: skip
        assert expected in seen, expected


def _svg_texts(svg: bytes) -> tuple[ET.Element, str]:
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.fromstring(svg, parser=parser)
    chunks = []
    for el in root.iter():
        if el.tag is ET.Comment:
            chunks.append(el.text or "")
        else:
            chunks.append(el.text or "")
            chunks.append(el.tail or "")
    return root, "".join(chunks)


def test_svg_carries_the_payload_as_text(hostile) -> None:
    if importlib.util.find_spec("georange.render.static_map") is None:
        pytest.skip("georange.render.static_map does not exist yet")
    from georange.render.static_map import figure_bytes, static_figure

    svg = figure_bytes(static_figure(hostile), "svg")
    root, text = _svg_texts(svg)
    tags = {el.tag.split("}")[-1] for el in root.iter() if el.tag is not ET.Comment}
    assert not tags & {"script", "foreignObject", "iframe", "img", "a", "textarea"}, tags
    handlers = [
        (el.tag, k) for el in root.iter() if el.tag is not ET.Comment for k in el.attrib if k.lower().startswith("on")
    ]
    assert handlers == []
    flat = " ".join(text.split())
    for payload in PAYLOADS:
        assert payload in flat, payload
    assert f"System name {PAYLOAD}" in flat, "the legend's system name must be shown literally"

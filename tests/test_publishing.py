"""Embed-ready HTML: size, self-contained assets, title, description, summary, snippet."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from importlib.resources import files

import pytest

from georange import load_scenario, proximity, scenario_features
from georange.render._assets import LEAFLET_VERSION
from georange.render.html_map import embed_snippet, map_html


@pytest.fixture(scope="module")
def default():
    scn = load_scenario()
    return scn, scenario_features(scn), proximity.analyse(scn)


@pytest.fixture(scope="module")
def linked(default) -> str:
    return map_html(*default)


@pytest.fixture(scope="module")
def inlined(default) -> str:
    return map_html(*default, self_contained=True)


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href"):
            if tag in ("script", "link", "img") and a.get(key):
                self.refs.append(a[key])
        if tag == "meta" and a.get("name"):
            self.meta[a["name"]] = a.get("content") or ""


def _parse(html: str) -> _Refs:
    parser = _Refs()
    parser.feed(html)
    return parser


def test_default_map_is_at_most_200_kb_before_assets(linked) -> None:
    assert len(linked.encode()) <= 200_000


def test_linked_map_pins_leaflet_with_integrity(linked) -> None:
    refs = _parse(linked).refs
    assert refs and all(f"leaflet@{LEAFLET_VERSION}" in r for r in refs), refs
    assert linked.count('integrity="sha384-') == 2
    assert "jquery" not in linked.lower() and "bootstrap" not in linked.lower()


def test_self_contained_map_references_nothing_outside(inlined) -> None:
    assert _parse(inlined).refs == []  # no <script src>, <link href> or <img src>
    licence = (files("georange.render") / "assets" / "leaflet" / "LICENSE").read_text().splitlines()[0]
    assert licence in inlined  # Leaflet's licence notice travels with it
    assert "url(images/" not in inlined  # CSS images inlined as data: URIs
    for cdn in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "netdna.bootstrapcdn.com"):
        assert cdn not in inlined


def test_renders_are_byte_identical(default, linked, inlined) -> None:
    assert map_html(*default) == linked
    assert map_html(*default, self_contained=True) == inlined


def test_title_description_and_screen_reader_summary(default, linked) -> None:
    scn = default[0]
    parsed = _parse(linked)
    assert f"<title>{scn.title}</title>" in linked
    description = parsed.meta["description"]
    assert all(s.name in description for s in scn.systems) and "hypothetical" in description
    summary = re.search(r'class="georange-panel georange-sr-only"[^>]*>(.*?)</div>', linked, re.S).group(1)
    for system in scn.systems:
        assert system.name in summary
        for rng in system.ranges:
            assert rng.sources[0].url in summary
    assert "Hypothetical sites" in summary and "90 mi reported" in summary
    for site in scn.sites:
        assert site.name.split(" (")[0] in summary


def test_attribution_names_the_data(linked) -> None:
    attribution = re.search(r"addAttribution\((.*?)\);", linked).group(1)
    assert "Natural Earth" in attribution and "GeoNames" in attribution and "cited sources" in attribution


def test_embed_snippet_is_responsive_and_escaped(default) -> None:
    scn = default[0]
    snippet = embed_snippet(scn, src='map "x".html')
    assert "<iframe" in snippet and "width:100%" in snippet and "padding-top" in snippet
    assert 'src="map &#34;x&#34;.html"' in snippet
    assert scn.title in snippet


def test_cli_prints_the_snippet(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "georange", "render", "--self-contained", "--embed-snippet", "-o", "m.html"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "m.html" and 'src="m.html"' in result.stdout
    assert _parse((tmp_path / "m.html").read_text()).refs == []

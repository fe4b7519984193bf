"""The self-contained map in a real headless Chromium, with the network cut off.

Uses Debian's ``chromium`` (installed by ``.ci/run``) through Playwright; no
browser is downloaded.  Every request that is not a local file is aborted, so
the page must carry everything it needs.  A screenshot is saved to
``test-artifacts/`` for people to look at.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from conftest import ARTIFACTS, open_offline
from georange import load_scenario
from georange._io import write_atomic
from georange.render.html_map import map_html
from georange.render.style import system_colours
from screens import assert_in_view, assert_not_blank, colour_pixels, map_area, pixels

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def scenario():
    return load_scenario()


@pytest.fixture(scope="module")
def page_file(scenario, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("map") / "venezuela.html"
    write_atomic(path, map_html(scenario, self_contained=True))
    return path


@pytest.fixture()
def page(browser, page_file):
    page = open_offline(browser, page_file)
    yield page
    page.context.close()


def _expected_paths(scenario, prefix: str) -> int:
    rings = sum(len(scenario.system(s).ranges) for site in scenario.sites for s in scenario.site_systems[site.id])
    bands = sum(
        1 for site in scenario.sites for s in scenario.site_systems[site.id] for r in scenario.system(s).ranges
        if r.has_span
    )  # fmt: skip
    return {"ring": rings, "band": bands}[prefix]


def test_loads_offline_without_errors(page) -> None:
    assert page.problems == []
    assert page.blocked == [], "the self-contained map asked the network for something"


def test_draws_every_ring_and_band(page, scenario) -> None:
    for kind in ("ring", "band"):
        drawn = page.locator(f'path[data-georange^="{kind}:"]').count()
        assert drawn == _expected_paths(scenario, kind), kind
    assert page.locator('path[data-georange="basemap:land"]').count() == 1


def test_legend_and_summary_name_every_system_and_say_estimate(page, scenario) -> None:
    legend = page.locator(".georange-legend").inner_text()
    summary = page.locator(".georange-sr-only").text_content() or ""
    for text in (legend, summary):
        assert "estimate" in text
        for system in scenario.systems:
            assert system.name in text
    assert "hypothetical" in summary.lower()
    caveat = page.locator(".georange-caveat").inner_text()
    assert "hypothetical" in caveat.lower() and "estimate" in caveat.lower()


def test_clicking_a_ring_opens_a_popup_with_a_source_link(page, scenario) -> None:
    site = scenario.sites[0]
    system_id = scenario.site_systems[site.id][0]
    page.locator(f'path[data-georange="ring:{site.id}:{system_id}:max"]').dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    links = popup.locator('a[href^="http"]')
    assert links.count() >= len(scenario.system(system_id).max_range.sources)
    assert scenario.system(system_id).name in popup.inner_text()


def test_toggling_a_system_hides_its_rings(page, scenario) -> None:
    system = scenario.systems[-1]
    selector = f'path[data-georange*=":{system.id}:"]'
    assert page.locator(selector).count() > 0
    page.locator(".leaflet-control-layers-overlays label", has_text=system.name).locator("input").uncheck()
    assert page.locator(selector).count() == 0
    others = scenario.systems[0]
    assert page.locator(f'path[data-georange*=":{others.id}:"]').count() > 0


def test_screenshot_for_people(page, scenario) -> None:
    """Saved for people; checked for what they see: a drawn map, every system's colour, the caveats in view."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "default-map-offline.png"
    page.screenshot(path=str(path))
    rgb = pixels(path)
    assert_not_blank(rgb)
    assert_in_view(page, ".georange-caveat")
    assert_in_view(page, ".georange-legend")
    legend = page.locator(".georange-legend").bounding_box()
    in_legend = np.zeros(rgb.shape[:2], dtype=bool)
    in_legend[
        int(legend["y"]) : int(legend["y"] + legend["height"]), int(legend["x"]) : int(legend["x"] + legend["width"])
    ] = True
    on_map = map_area(page, rgb)
    for system_id, colour in system_colours(scenario).items():
        assert colour_pixels(rgb, colour, mask=in_legend) >= 20, f"no {system_id} swatch in the legend"
        # Only rings drawn wider than a site marker can show their colour on the map.
        widths = page.evaluate(
            "sel => [...document.querySelectorAll(sel)].map(p => p.getBoundingClientRect().width)",
            f'path[data-georange^="ring:"][data-georange*=":{system_id}:"]',
        )
        if max(widths) > 40:
            assert colour_pixels(rgb, colour, mask=on_map, tolerance=24) >= 200, (
                f"{system_id}'s rings are not seen on the map"
            )

"""The map shows the 90-mile comparison, place distances and coverage without a click."""

from __future__ import annotations

import re

import pytest

from georange import load_scenario, proximity, scenario_features
from georange.render.html_map import map_html
from pagedata import layer_features


@pytest.fixture(scope="module")
def page():
    scn = load_scenario()
    prox = proximity.analyse(scn)
    return scn, prox, map_html(scn, scenario_features(scn), prox)


def _layers(html: str) -> list[dict]:
    """Every GeoJSON FeatureCollection embedded in the page, decoded."""
    return [{"features": layer_features(html)}]


def _panel(html: str) -> str:
    match = re.search(r'<div id="[^"]+" class="georange-panel georange-proximity"[^>]*>(.*?)</div>\s*$', html,
                      flags=re.S | re.M)  # fmt: skip
    assert match, "no proximity panel"
    return match.group(1)


def test_panel_compares_every_site_with_the_reference_in_view(page) -> None:
    _, prox, html = page
    panel = _panel(html)
    ref = prox.references.iloc[0]
    assert "90 mi reported" in panel and f"{ref['computed_km']:,.1f} km" in panel and "computed" in panel
    for _, row in prox.territories[prox.territories["territory"] == "contiguous US coast"].iterrows():
        assert f"{row['distance_km']:,.0f} km" in panel
        assert f"{row['ratio_to_reported_reference']:,.0f}\u00d7" in panel


def test_reference_label_shows_both_figures_permanently(page) -> None:
    _, prox, html = page
    feats = [f for layer in _layers(html) for f in layer["features"]]
    computed = [f for f in feats if f["properties"]["kind"] == "reference-computed"]
    assert len(computed) == 1
    assert computed[0]["properties"]["reference_id"] == prox.references.iloc[0]["reference_id"]
    props = computed[0]["properties"]
    assert props["tooltip_permanent"] is True
    assert "reported" in props["tooltip"] and "computed" in props["tooltip"]
    line = computed[0]["geometry"]["coordinates"]
    ref = prox.references.iloc[0]
    assert line[0] == pytest.approx([ref["computed_from_lon"], ref["computed_from_lat"]], abs=6e-6)
    assert line[-1] == pytest.approx([ref["computed_to_lon"], ref["computed_to_lat"]], abs=6e-6)


def test_place_popups_list_every_site_and_system(page) -> None:
    scn, _, html = page
    feats = [f for layer in _layers(html) for f in layer["features"]]
    places = {f["properties"]["place_id"]: f for f in feats if f["properties"]["kind"] == "place"}
    assert set(places) == {p.id for p in scn.places}
    for feature in places.values():
        popup = feature["properties"]["popup"]
        assert popup.count("<li><b>") >= len(scn.sites)
        for site in scn.sites:
            assert "(hypothetical)" in popup and site.name.split(" (")[0].replace("&", "&amp;") in popup


def test_max_ring_popups_carry_coverage(page) -> None:
    _, prox, html = page
    feats = [f for layer in _layers(html) for f in layer["features"]]
    rings = [f for f in feats if (p := f["properties"])["kind"] == "ring" and p["range_kind"] == "max"
             and not p.get("outline")]  # fmt: skip
    assert len(rings) == len(prox.coverage)
    for f in rings:
        site_id, system_id = f["properties"]["site_id"], f["properties"]["system_id"]
        row = prox.coverage[(prox.coverage["site_id"] == site_id) & (prox.coverage["system_id"] == system_id)].iloc[0]
        assert f"{row['n_cities']:,} cities" in f["properties"]["popup"]
        assert "GeoNames (CC BY" in f["properties"]["popup"]

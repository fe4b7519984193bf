"""Readable rings: each system is told apart by colour and dash, keeps one outline per site, and is labelled once."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from pyproj import Geod

from georange.loading import load_scenario
from georange.palette import system_colours, system_dashes
from georange.render.html_map import map_html
from georange.words.numbers import distance_km
from pagedata import layer_features

_GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def scenario():
    return load_scenario()


@pytest.fixture(scope="module")
def features(scenario) -> list[dict[str, Any]]:
    return layer_features(map_html(scenario))


def test_no_two_systems_share_colour_and_dash(scenario) -> None:
    colours, dashes = system_colours(scenario), system_dashes(scenario)
    looks = [(colours[s.id], dashes[s.id]) for s in scenario.systems]
    assert len(set(looks)) == len(looks), looks
    # In the default scenario (four systems) colour and dash each tell them apart on their own.
    assert len(set(colours.values())) == len(set(dashes.values())) == len(scenario.systems)


def test_each_site_keeps_its_own_outline_in_its_systems_style(scenario, features) -> None:
    dashes = system_dashes(scenario)
    for system in scenario.systems:
        sites = {site.id for site, s in scenario.pairs() if s.id == system.id}
        outlines = [
            f
            for f in features
            if (p := f["properties"])["kind"] == "ring" and p["system_id"] == system.id and p["range_kind"] == "max"
        ]
        assert {f["properties"]["site_id"] for f in outlines} == sites, system.id
        assert len(outlines) == len(sites), system.id
        for f in outlines:
            assert f["properties"]["style"].get("dashArray", "") == dashes[system.id], system.id


def test_overlapping_bands_of_one_system_add_up_to_one_bands_fill(scenario, features) -> None:
    for system in scenario.systems:
        bands = [f["properties"] for f in features if f["properties"]["kind"] == "band"]
        own = [p for p in bands if p["system_id"] == system.id]
        if not own:
            continue
        # Where all n bands overlap, 1 - (1 - a)^n stays near a single band's 0.16, not n times it.
        alpha = own[0]["style"]["fillOpacity"]
        assert 1 - (1 - alpha) ** len(own) <= 0.17, (system.id, alpha, len(own))


def test_one_label_per_system_on_a_vertex_of_its_outermost_ring(scenario, features) -> None:
    labels = {f["properties"]["system_id"]: f for f in features if f["properties"]["kind"] == "system-label"}
    assert set(labels) == {s.id for s in scenario.systems}
    for system in scenario.systems:
        label = labels[system.id]
        radius_km = max(r.km for r in system.ranges if r.kind == "max")
        assert label["properties"]["radius_km"] == radius_km
        assert label["properties"]["tooltip_permanent"] is True
        assert system.name in label["properties"]["tooltip"]
        assert distance_km(radius_km) in label["properties"]["tooltip"]
        # The anchor lies on the ring: the stated radius from one of the system's sites (independent: Geod.inv).
        lon, lat = label["geometry"]["coordinates"]
        sites = [site for site, s in scenario.pairs() if s.id == system.id]
        _, _, dist_m = _GEOD.inv([s.lon for s in sites], [s.lat for s in sites], [lon] * len(sites), [lat] * len(sites))
        assert np.min(np.abs(np.asarray(dist_m) / 1000 - radius_km)) / radius_km < 1e-3, system.id


def test_labels_of_nested_rings_alternate_sides(scenario, features) -> None:
    labels = [f["properties"] for f in features if f["properties"]["kind"] == "system-label"]
    ranked = sorted(labels, key=lambda p: -p["radius_km"])
    directions = [p["tooltip_direction"] for p in ranked]
    for a, b in itertools.pairwise(directions):
        assert a != b, directions

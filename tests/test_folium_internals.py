"""What ``georange.render._folium_internals`` assumes about folium and branca, checked against the installed ones.

If a folium or branca upgrade changes any of this, these tests fail before the
map silently turns non-deterministic or starts linking CDNs.
"""

from __future__ import annotations

import re

import folium
from branca.element import Element, Figure

from georange.render._folium_internals import bare_map, stable_ids


def test_element_names_come_from_a_writable_id_and_children_are_a_dict() -> None:
    element = Element()
    assert isinstance(element._id, str) and element._id != Element()._id, "branca ids are random per element"
    element._name = "Thing"
    element._id = "00042"
    assert element.get_name() == "thing_00042", "get_name() must be built from _name and _id"
    child = Element()
    element.add_child(child, name="kid")
    assert isinstance(element._children, dict) and element._children["kid"] is child


def _page() -> str:
    m = bare_map(location=[0.0, 0.0], zoom_start=2, tiles=None)
    folium.FeatureGroup(name="group").add_to(m)
    folium.LayerControl().add_to(m)
    stable_ids(m.get_root())
    return m.get_root().render()


def test_stable_ids_make_the_page_deterministic() -> None:
    first, second = _page(), _page()
    assert first == second
    names = set(re.findall(r"\b(?:map|feature_group|layer_control)_([0-9a-f]+)\b", first))
    assert names and all(re.fullmatch(r"\d{5}", n) for n in names), names


def test_stable_ids_number_every_element_breadth_first() -> None:
    root = Figure()
    a, b = Element(), Element()
    root.add_child(a, name="a")
    a.add_child(b, name="b")
    stable_ids(root)
    ids = [root._id, *(root._children[k]._id for k in root._children), b._id]
    assert ids[0] == "00000" and b._id == ids[-1] and len(set(ids)) == len(ids)


def test_a_bare_map_links_no_folium_assets() -> None:
    page = _page()
    assert "<script src=" not in page and '<link rel="stylesheet"' not in page
    assert folium.Map.default_js and folium.Map.default_css, "folium's defaults moved: bare_map may be a no-op"
    m = bare_map(location=[0.0, 0.0])
    assert m.default_js == [] and m.default_css == []
    assert folium.Map(location=[0.0, 0.0]).default_js, "bare_map must not empty folium's shared class lists"


def test_folium_still_links_its_defaults_through_those_lists() -> None:
    m = folium.Map(location=[0.0, 0.0], tiles=None)
    page = m.get_root().render()
    for _, url in folium.Map.default_js:
        assert url in page

"""The one place georange relies on folium (branca) behaviour that has no public API.

Everything else uses folium's public surface: ``Figure.header``,
``add_child``/``add_to``, ``get_root().render()``, and the plugin conventions
(a Jinja ``_template`` macro, ``self._name``, ``this._parent.get_name()`` in
templates, class-level ``default_js``/``default_css``).  What is left:

- **Deterministic element ids.**  branca gives each element a random hex
  ``_id`` at creation and builds its JavaScript name from it
  (``get_name()``); there is no option to seed or number them, so
  :func:`stable_ids` overwrites ``_id`` breadth-first over ``_children``.
- **No folium default assets.**  ``folium.Map`` links Leaflet, jQuery,
  Bootstrap and more from CDNs through its ``default_js``/``default_css``
  lists (the mechanism folium's plugins declare their assets with), and has
  no option to leave them out; :func:`bare_map` empties them on the instance
  (fresh lists, so folium's shared class lists are never mutated), since
  georange supplies Leaflet itself (linked with SRI or inlined) and needs
  nothing else.

``tests/test_folium_internals.py`` checks each assumption against the
installed folium, so an upgrade that changes them fails there first.
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import Element

__all__ = ["bare_map", "stable_ids"]


def bare_map(**options: Any) -> folium.Map:
    """A ``folium.Map(**options)`` that links none of folium's default JavaScript or CSS."""
    m = folium.Map(**options)
    m.default_js, m.default_css = [], []
    return m


def stable_ids(root: Element) -> None:
    """Replace folium's random element ids with sequential ones (deterministic output)."""
    counter = 0
    stack: list[Element] = [root]
    while stack:
        element = stack.pop(0)
        element._id = f"{counter:05d}"
        counter += 1
        stack.extend(element._children.values())

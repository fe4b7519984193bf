"""Small folium elements: a GeoJSON layer with pre-escaped popups, and a fixed panel.

User text never reaches JavaScript except inside JSON whose ``<``, ``>`` and
``&`` are escaped, and popups/tooltips are HTML built by :func:`html_text`
(every user string escaped) and set with Leaflet's ``bindPopup``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from branca.element import Element, MacroElement
from jinja2 import Template

from georange.render._html import html_text

__all__ = ["FixedPanel", "GeoJsonLayer", "html_text", "safe_json", "stable_ids"]


def safe_json(data: Any) -> str:
    r"""JSON that is safe inside an HTML ``<script>`` block (deterministic key order).

    Inside a script element only ``</`` (which could close it) and ``<!--``
    are special to the HTML parser; both are escaped with JSON's own ``\/``
    and ``\u0021``, as are the line separators JavaScript treats as newlines,
    and ``{`` before ``{``, ``%`` or ``#`` (see below).
    """
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # folium re-reads rendered scripts as Jinja templates: break up "{{", "{%"
    # and "{#", which only occur inside JSON strings (never structurally).
    text = re.sub(r"\{(?=[{%#])", r"\\u007b", text)
    return (
        text.replace("</", "<\\/")
        .replace("<!--", "<\\u0021--")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


class GeoJsonLayer(MacroElement):
    """A Leaflet GeoJSON layer styled and annotated from feature properties.

    Each feature's properties carry ``style`` (a Leaflet path style),
    ``popup`` (escaped HTML), optional ``tooltip`` (escaped HTML) and
    ``tooltip_permanent``.  Points are drawn as circle markers with
    ``style.radius`` pixels.
    """

    _template = Template(
        r"""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJSON(georange_decode({{ this.data_json }}), {
  style: function (f) { return f.properties.style; },
  pointToLayer: function (f, latlng) { return L.circleMarker(latlng, f.properties.style); },
  onEachFeature: function (f, layer) {
    if (f.properties.popup) {
      var refs = typeof georange_fragments === "undefined" ? {} : georange_fragments;
      var html = f.properties.popup.replace(/<georange-ref k="(\w+)"><\/georange-ref>/g,
        function (_, k) { return refs[k] || ""; });
      layer.bindPopup(html, {maxWidth: 440, maxHeight: 420});
    }
    if (f.properties.tooltip) {
      layer.bindTooltip(f.properties.tooltip, {
        permanent: !!f.properties.tooltip_permanent, direction: "top", sticky: !f.properties.tooltip_permanent
      });
    }
    if (f.properties.georange_id) {
      layer.on("add", function () {
        var el = layer.getElement && layer.getElement();
        if (el) { el.setAttribute("data-georange", f.properties.georange_id); }
      });
    }
  }
}).addTo({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self, features: list[dict[str, Any]], *, name: str = "GeoJsonLayer") -> None:
        super().__init__()
        self._name = name
        self.data_json = safe_json({"type": "FeatureCollection", "features": features})


class FixedPanel(MacroElement):
    """A block of trusted (already escaped) HTML pinned over the map."""

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>
#{{ this.get_name() }} {
  position: absolute; z-index: 1000; {{ this.position }};
  background: rgba(255, 255, 255, 0.94); border: 1px solid #777; border-radius: 4px;
  padding: 6px 9px; font: 12px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #111; max-width: {{ this.max_width }}; max-height: 45%; overflow: auto;
}
#{{ this.get_name() }} h2 { font-size: 13px; margin: 0 0 4px; }
#{{ this.get_name() }} ul { margin: 2px 0; padding-left: 16px; }
#{{ this.get_name() }} table { border-collapse: collapse; margin: 3px 0; }
#{{ this.get_name() }} th, #{{ this.get_name() }} td { padding: 1px 5px; text-align: left; font-size: 12px; }
#{{ this.get_name() }} td + td { text-align: right; }
.leaflet-control-layers, .leaflet-control-attribution {
  font: 12px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
#{{ this.get_name() }} .swatch { display: inline-block; width: 12px; height: 12px;
  margin-right: 4px; vertical-align: -2px; border: 2px solid; }
</style>
{% endmacro %}
{% macro html(this, kwargs) %}
<div id="{{ this.get_name() }}" class="georange-panel {{ this.css_class }}" role="note">{{ this.body }}</div>
{% endmacro %}
"""
    )

    def __init__(self, body_html: str, *, css_class: str, position: str, max_width: str = "340px") -> None:
        super().__init__()
        self._name = css_class.replace("-", "_")
        self.body = body_html
        self.css_class = css_class
        self.position = position
        self.max_width = max_width


def stable_ids(root: Element) -> None:
    """Replace folium's random element ids with sequential ones (deterministic output)."""
    counter = 0
    stack: list[Element] = [root]
    while stack:
        element = stack.pop(0)
        element._id = f"{counter:05d}"
        counter += 1
        stack.extend(element._children.values())

"""Small folium elements: a GeoJSON layer with pre-escaped popups, and a fixed panel.

Like folium's own plugins, each is a tiny Jinja template around a call into
georange's page script (``assets/georange/georange.js``, styled by
``georange.css``; both inlined by :func:`georange.render._assets.georange_head`).
User text never reaches JavaScript except inside JSON whose ``<``, ``>`` and
``&`` are escaped, and popups/tooltips are HTML built by :func:`html_text`
(every user string escaped) and set with Leaflet's ``bindPopup``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from branca.element import MacroElement
from jinja2 import Template

from georange._escape import html_text

__all__ = ["FixedPanel", "GeoJsonLayer", "html_text", "safe_json"]


def safe_json(data: Any) -> str:
    r"""JSON that is safe inside an HTML ``<script>`` block (deterministic key order).

    Inside a script element only ``</`` (which could close it) and ``<!--``
    are special to the HTML parser; both are escaped with JSON's own ``\/``
    and ``\u0021``, as are the line separators JavaScript treats as newlines,
    and ``{`` before ``{``, ``%`` or ``#`` (see below).
    """
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
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
    optional ``popup`` (escaped HTML), ``tooltip`` (escaped HTML) and
    ``tooltip_permanent``, and the feature's structured data (``kind``,
    ``site_id``, ``system_id``, ...); its GeoJSON ``id`` becomes the drawn
    element's ``data-georange`` attribute.  Points are drawn as circle
    markers with ``style.radius`` pixels.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = georange.geoJsonLayer({{ this.data_json }}, {{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self, features: list[dict[str, Any]], *, name: str = "GeoJsonLayer") -> None:
        super().__init__()
        self._name = name
        self.data_json = safe_json({"type": "FeatureCollection", "features": features})


class FixedPanel(MacroElement):
    """A block of trusted (already escaped) HTML pinned over the map.

    Its place and look come from ``georange.css``, keyed by ``css_class``
    (``georange-caveat``, ``georange-legend``, ...).
    """

    _template = Template(
        """
{% macro html(this, kwargs) %}
<div id="{{ this.get_name() }}" class="georange-panel {{ this.css_class }}" role="note">{{ this.body }}</div>
{% endmacro %}
"""
    )

    def __init__(self, body_html: str, *, css_class: str) -> None:
        super().__init__()
        self._name = css_class.replace("-", "_")
        self.body = body_html
        self.css_class = css_class

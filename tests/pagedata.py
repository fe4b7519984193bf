"""Read back what a georange map page embeds: its layers, with popups and geometry expanded.

Mirrors the page's own JavaScript (``georange.decode`` and the fragment
expansion in ``georange.geoJsonLayer``, ``assets/georange/georange.js``), so
tests see what the browser draws.
"""

from __future__ import annotations

import json
import re
from typing import Any

from georange._geojson import decoded_geometry

_LAYER = re.compile(r"= georange\.geoJsonLayer\((\{.*?\}), [A-Za-z_]\w*\);\n", re.S)
_FRAGMENTS = re.compile(r"<script>georange\.setFragments\((\{.*?\})\);</script>", re.S)
_TOKEN = re.compile(r'<georange-ref k="(\w+)"></georange-ref>')


def fragments(html: str) -> dict[str, str]:
    match = _FRAGMENTS.search(html)
    return json.loads(match.group(1)) if match else {}


def layer_features(html: str) -> list[dict[str, Any]]:
    """Every feature of every layer: geometry decoded to GeoJSON, popup fragments expanded."""
    blobs = _LAYER.findall(html)
    assert blobs, "no L.geoJSON layers found"
    table = fragments(html)
    out = []
    for blob in blobs:
        for feature in json.loads(blob)["features"]:
            feature["geometry"] = decoded_geometry(feature["geometry"])
            popup = feature["properties"].get("popup")
            if popup:
                feature["properties"]["popup"] = _TOKEN.sub(lambda m: table[m.group(1)], popup)
            out.append(feature)
    return out


def layer_collections(html: str) -> list[dict[str, Any]]:
    """The raw (still encoded) FeatureCollections, one per layer."""
    return [json.loads(b) for b in _LAYER.findall(html)]

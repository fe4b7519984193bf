"""Leaflet, linked from a pinned CDN URL with Subresource Integrity, or inlined.

The files are vendored from the npm registry by ``scripts/fetch_assets.py``
(see ``assets/ASSETS.md``); a self-contained map inlines them so it renders
with no network at all.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.resources
import re

__all__ = ["LEAFLET_VERSION", "leaflet_head"]

#: The Leaflet release georange ships and links.
LEAFLET_VERSION = "1.9.4"
_CDN = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist"


def _asset(name: str) -> bytes:
    return (importlib.resources.files("georange.render") / "assets" / "leaflet" / name).read_bytes()


def _sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def _data_uri(match: re.Match[str]) -> str:
    png = base64.b64encode(_asset(f"images/{match.group(1)}")).decode()
    return f"url(data:image/png;base64,{png})"


@functools.lru_cache(maxsize=2)
def leaflet_head(*, self_contained: bool) -> str:
    """The ``<head>`` markup that loads Leaflet's CSS and JavaScript."""
    js, css = _asset("leaflet.js"), _asset("leaflet.css")
    if not self_contained:
        return (
            f'<link rel="stylesheet" href="{_CDN}/leaflet.css" integrity="{_sri(css)}" crossorigin="anonymous">\n'
            f'<script src="{_CDN}/leaflet.js" integrity="{_sri(js)}" crossorigin="anonymous"></script>'
        )
    licence = _asset("LICENSE").decode("utf-8").replace("*/", "* /")
    inline_css = re.sub(r"url\(images/([\w.-]+\.png)\)", _data_uri, css.decode("utf-8"))
    inline_js = js.decode("utf-8").replace("</script", "<\\/script")
    return (
        f"<!-- Leaflet {LEAFLET_VERSION}, inlined; licence below -->\n<style>\n{inline_css}\n</style>\n"
        f"<script>/*\n{licence}*/\n{inline_js}\n</script>"
    )

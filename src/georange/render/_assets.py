"""The page's front-end assets: Leaflet (linked or inlined) and georange's own script and style.

Leaflet is vendored from the npm registry by ``scripts/fetch_assets.py`` (see
``assets/ASSETS.md``) and linked from a pinned CDN URL with Subresource
Integrity; a self-contained map inlines it so it renders with no network at
all.  georange's own JavaScript and CSS live in ``assets/georange/`` as real
files (linted by ``tests/test_first_party_js.py``) and are always inlined:
they are small and on no CDN.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.resources
import re

__all__ = ["FIRST_PARTY", "LEAFLET_VERSION", "georange_head", "leaflet_head"]

#: The Leaflet release georange ships and links.
LEAFLET_VERSION = "1.9.4"
_CDN = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist"


#: georange's own front-end files, in ``assets/georange/``, in the order the page loads them.
FIRST_PARTY = ("georange.css", "georange.js")


def _asset(name: str, folder: str = "leaflet") -> bytes:
    return (importlib.resources.files("georange.render") / "assets" / folder / name).read_bytes()


def _inline_script(js: str) -> str:
    """Script text that cannot close its ``<script>`` element early."""
    return js.replace("</script", "<\\/script")


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
    inline_js = _inline_script(js.decode("utf-8"))
    return (
        f"<!-- Leaflet {LEAFLET_VERSION}, inlined; licence below -->\n<style>\n{inline_css}\n</style>\n"
        f"<script>/*\n{licence}*/\n{inline_js}\n</script>"
    )


@functools.lru_cache(maxsize=1)
def georange_head() -> str:
    """The ``<head>`` markup of georange's own CSS and JavaScript, inlined.

    The script defines the one global ``georange`` that the map's layers call
    (``georange.geoJsonLayer(data, map)``).
    """
    css, js = (_asset(name, "georange").decode("utf-8") for name in FIRST_PARTY)
    return f"<style>\n{css}</style>\n<script>\n{_inline_script(js)}</script>"

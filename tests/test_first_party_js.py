"""georange's own JavaScript and CSS (``render/assets/georange/``): linted, and run against Python's twin.

No JavaScript linter is installed and tests run offline, so the lint is
``node --check`` (the syntax, as V8 parses it) plus checks for what a page
script must never do.  The script is also run under Node with a stub
Leaflet, and its polyline decoder must agree with
:func:`georange._geojson.decoded_geometry` on every geometry type.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import shapely

from georange._geojson import decoded_geometry, encoded_geometry
from georange.render._assets import FIRST_PARTY, georange_head

ASSETS = Path(__file__).resolve().parents[1] / "src" / "georange" / "render" / "assets" / "georange"
SCRIPTS = sorted(ASSETS.glob("*.js"))
STYLES = sorted(ASSETS.glob("*.css"))


def _node() -> str:
    node = shutil.which("node")
    if node:
        return node
    if os.environ.get("CI"):
        pytest.fail("node is missing: CI must provide Node.js (v20) to lint the first-party JavaScript")
    pytest.skip("node is not installed: the first-party JavaScript is not linted here (CI does)")


def _code(text: str) -> str:
    """The script without its comments (block and line comments; the files keep them off string lines)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"(?m)^\s*//.*$", "", text)


def test_the_shipped_files_are_the_ones_linted() -> None:
    assert [p.name for p in SCRIPTS + STYLES] == sorted(FIRST_PARTY, key=lambda n: (not n.endswith(".js"), n))
    head = georange_head()
    for path in SCRIPTS + STYLES:
        assert path.read_text(encoding="utf-8") in head, f"{path.name} is not inlined as it is"


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_node_parses_the_script(path: Path) -> None:
    result = subprocess.run([_node(), "--check", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_the_script_is_strict_and_defines_one_global(path: Path) -> None:
    code = _code(path.read_text(encoding="utf-8")).strip()
    assert code.startswith('(function (root) {\n  "use strict";'), "one strict IIFE, strict mode first"
    assert code.endswith("}(window));"), "the IIFE closes the file: nothing leaks into the page's scope"
    assert re.findall(r"\broot\.(\w+)\s*=", code) == ["georange"], "the one global is window.georange"


FORBIDDEN = {
    r"\beval\s*\(": "eval",
    r"\bnew\s+Function\b": "new Function",
    r"\bFunction\s*\(": "Function()",
    r"\bset(?:Timeout|Interval)\s*\(\s*['\"]": "string timers",
    r"\.(?:inner|outer)HTML\b": "innerHTML/outerHTML (Leaflet's bindPopup takes georange's escaped HTML)",
    r"\binsertAdjacentHTML\b": "insertAdjacentHTML",
    r"\bdocument\.write": "document.write",
    r"\{[{%#]": "Jinja delimiters (folium re-reads rendered scripts as templates)",
    r"</script|<!--": "text that would end the inlined <script>",
    r"\bconsole\.": "console output",
    r"\bdebugger\b": "debugger",
}


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
@pytest.mark.parametrize("pattern", FORBIDDEN, ids=list(FORBIDDEN.values()))
def test_the_script_avoids(path: Path, pattern: str) -> None:
    hits = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if re.search(pattern, line)]
    assert not hits, f"{path.name}: {FORBIDDEN[pattern]} on lines {hits}"


@pytest.mark.parametrize("path", STYLES, ids=lambda p: p.name)
def test_the_style_is_balanced_and_styles_every_panel(path: Path) -> None:
    css = path.read_text(encoding="utf-8")
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    depth = 0
    for ch in body:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert 0 <= depth <= 1, "unbalanced or nested braces"
    assert depth == 0
    assert not re.search(r"\{[{%#]|</style", css)
    for panel in ("georange-panel", "georange-caveat", "georange-legend", "georange-proximity", "georange-sr-only"):
        assert f".{panel} " in body, panel


# --------------------------------------------------------------------------- the script, run under Node

_HARNESS = r"""
const fs = require("fs"), vm = require("vm");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const made = [];
const L = {
  geoJSON(fc, options) {
    for (const feature of fc.features) {
      const layer = {feature, on() {}, bindPopup(html) { this.popup = html; }, bindTooltip() {}};
      options.onEachFeature(feature, layer);
      made.push(layer);
    }
    return {addTo(map) { return map; }};
  },
  circleMarker() { return {}; },
};
const window = {L};
vm.runInNewContext(fs.readFileSync(process.argv[1], "utf8"), {window});
window.georange.setFragments(input.fragments);
window.georange.geoJsonLayer(input.collection, {});
process.stdout.write(JSON.stringify(made.map(l => ({geometry: l.feature.geometry, popup: l.popup ?? null}))));
"""


def _run(collection: dict[str, Any], fragments: dict[str, str]) -> list[dict[str, Any]]:
    (script,) = (p for p in SCRIPTS if p.name == "georange.js")
    result = subprocess.run(
        [_node(), "-e", _HARNESS, str(script)],
        input=json.dumps({"collection": collection, "fragments": fragments}),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out: list[dict[str, Any]] = json.loads(result.stdout)
    return out


GEOMETRIES = {
    "point": shapely.Point(-66.87919, 10.48801),
    "line": shapely.LineString([(-81.8, 24.55), (-81.0, 23.1), (-80.2, 23.0)]),
    "lines": shapely.MultiLineString([[(179.9, -16.0), (180.4, -16.5)], [(-540.0, 89.9), (540.0, 89.9)]]),
    "polygon with hole": shapely.Polygon(
        [(-70, 10), (-60, 10), (-60, 20), (-70, 20)], [[(-66, 14), (-64, 14), (-64, 16), (-66, 16)]]
    ),
    "multipolygon": shapely.MultiPolygon(
        [shapely.box(-540.0, -90.0, -180.0, -60.12345), shapely.box(0.00001, -0.00001, 0.5, 0.5)]
    ),
}


@pytest.mark.parametrize("decimals", [2, 5])
def test_the_decoder_agrees_with_python(decimals: int) -> None:
    encoded = [encoded_geometry(g, decimals) for g in GEOMETRIES.values()]
    features = [
        {"type": "Feature", "id": n, "geometry": e, "properties": {}} for n, e in zip(GEOMETRIES, encoded, strict=True)
    ]
    drawn = _run({"type": "FeatureCollection", "features": json.loads(json.dumps(features))}, {})
    for name, enc, got in zip(GEOMETRIES, encoded, drawn, strict=True):
        want = decoded_geometry(json.loads(json.dumps(enc)))
        assert got["geometry"]["type"] == want["type"], name
        assert "enc" not in got["geometry"] and "precision" not in got["geometry"], name
        assert _shape(got["geometry"]["coordinates"]) == _shape(want["coordinates"]), name
        assert _flat(got["geometry"]["coordinates"]) == pytest.approx(_flat(want["coordinates"]), abs=1e-12), name


def _shape(value: Any) -> Any:
    return [_shape(v) for v in value] if isinstance(value, list) else "x"


def _flat(value: Any) -> list[float]:
    return [x for v in value for x in _flat(v)] if isinstance(value, list) else [value]


def test_popups_expand_only_the_page_own_fragments() -> None:
    token = '<georange-ref k="{}"></georange-ref>'
    popups = ["<b>a</b>" + token.format("f0"), token.format("f9"), token.format("constructor"), "plain"]
    features = [
        {
            "type": "Feature",
            "id": str(i),
            "geometry": {"type": "Point", "coordinates": [0, 0]},
            "properties": {"popup": p},
        }
        for i, p in enumerate(popups)
    ]
    drawn = _run({"type": "FeatureCollection", "features": features}, {"f0": "<ol><li>source</li></ol>"})
    assert [d["popup"] for d in drawn] == ["<b>a</b><ol><li>source</li></ol>", "", "", "plain"]

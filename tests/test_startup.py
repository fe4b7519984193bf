"""A fast start: the package face and the CLI's help import none of the heavy libraries.

Each check runs in a fresh interpreter and reads its ``sys.modules``; timings
live in ``benchmarks/startup.py`` (measurement, never a timed test).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import georange

HEAVY = ("geopandas", "pandas", "folium", "fastkml", "matplotlib", "shapely")

_PROBE = """
import contextlib, io, json, sys
{code}
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def heavy_modules_after(code: str) -> list[str]:
    """The heavy libraries loaded after running ``code`` in a fresh interpreter."""
    probe = _PROBE.format(code=code, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    loaded: list[str] = json.loads(out.splitlines()[-1])
    return loaded


@pytest.mark.parametrize(
    "code",
    [
        "import georange",
        "import georange.cli",
        "import georange.render",
        "from georange import GeoRangeError, settings, citation, __version__",
        *(
            f"from georange.cli import main\nwith contextlib.redirect_stdout(io.StringIO()): main({args!r})"
            for args in (["--help"], ["--version"], ["render", "--help"], ["export", "--help"])
        ),
    ],
)
def test_start_imports_nothing_heavy(code: str) -> None:
    assert heavy_modules_after(code) == []


def test_control_a_render_name_does_load_folium() -> None:
    # The probe can fail: asking for the map renderer must load folium.
    assert "folium" in heavy_modules_after("import georange; georange.map_html")


@pytest.mark.parametrize("name", georange.__all__)
def test_every_public_name_resolves_both_ways(name: str) -> None:
    value = getattr(georange, name)
    namespace: dict[str, object] = {}
    exec(f"from georange import {name}", namespace)  # the import statement under test
    assert namespace[name] is value
    assert name in dir(georange)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        georange.nope  # noqa: B018


def test_the_html_render_loads_no_geopandas(tmp_path) -> None:
    # The HTML map needs shapely geometries and plain frames only; pandas still comes with folium.
    out = tmp_path / "map.html"
    loaded = heavy_modules_after(f"from georange.cli import main\nmain(['render', '-o', {str(out)!r}])")
    assert out.is_file()
    assert "geopandas" not in loaded
    assert "folium" in loaded  # the probe can fail: it saw the renderer load

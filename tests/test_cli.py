"""The real command line, run as subprocesses (``python -m georange`` and the console script).

Scenario files here use only inline systems and sites (fully cited), so they
validate against the built-in catalogue whatever it holds; the built-in
``venezuela`` scenario is exercised by id and by default.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import georange
from georange.loading import data_root

SCRIPT = Path(sys.executable).parent / "georange"
RUNNERS = {"module": [sys.executable, "-m", "georange"], "script": [str(SCRIPT)]}
CATALOGUE_FILES = ("systems.yaml", "sites.yaml", "places.yaml", "references.yaml")


def run(
    args: list[str],
    cwd: Path,
    *,
    runner: str = "module",
    hash_seed: str | None = None,
    umask: int | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GEORANGE_DEBUG"}
    if hash_seed is not None:
        env["PYTHONHASHSEED"] = hash_seed
    return subprocess.run(
        [*RUNNERS[runner], *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
        check=False,
    )


def assert_clean_failure(result: subprocess.CompletedProcess[str], *fragments: str, code: int = 1) -> None:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


@pytest.fixture(scope="module")
def builtin_data() -> None:
    """Skip (only) when the built-in geodata files are not there yet."""
    root = data_root()
    missing = [f for f in CATALOGUE_FILES if not (root / f).is_file()]
    if missing:
        pytest.skip(f"built-in geodata not present yet: {missing}")


@pytest.fixture(scope="module")
def builtin_scenario(builtin_data) -> None:
    if not (data_root() / "scenarios" / "venezuela.yaml").is_file():
        pytest.skip("built-in scenario geodata/scenarios/venezuela.yaml not present yet")


_SRC = [
    {
        "title": "Inline source",
        "publisher": "Example",
        "url": "https://example.org/inline",
        "accessed": "2026-11-20",
    }
]


def inline_scenario() -> dict[str, Any]:
    return {
        "id": "inline-test",
        "title": "Inline CLI test",
        "systems": [
            {
                "id": "inline-alpha",
                "name": "Inline Alpha",
                "category": "test",
                "ranges": [
                    {
                        "kind": "max",
                        "km": 300,
                        "low_km": 250,
                        "high_km": 350,
                        "estimate": True,
                        "sources": _SRC,
                    },
                    {"kind": "min", "km": 5, "estimate": True, "sources": _SRC},
                ],
            },
            {
                "id": "inline-bravo",
                "name": "Inline Bravo",
                "category": "test",
                "ranges": [{"kind": "max", "km": 1500, "estimate": True, "sources": _SRC}],
            },
        ],
        "sites": [
            {
                "id": "inline-site-1",
                "name": "Inline site 1",
                "lat": 10.5,
                "lon": -66.9,
                "basis": "hypothetical",
                "estimate": True,
                "sources": _SRC,
            },
            {
                "id": "inline-site-2",
                "name": "Inline site 2",
                "lat": 11.8,
                "lon": -66.2,
                "basis": "hypothetical",
                "estimate": True,
                "sources": _SRC,
                "systems": ["inline-alpha"],
            },
        ],
    }


def write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def good(tmp_path: Path, builtin_data) -> Path:
    return write_yaml(tmp_path / "good.yaml", inline_scenario())


@pytest.fixture
def bad(tmp_path: Path, builtin_data) -> Path:
    data = inline_scenario()
    del data["systems"][0]["ranges"][0]["sources"]
    return write_yaml(tmp_path / "bad.yaml", data)


def tmp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --------------------------------------------------------------------------- help and version


@pytest.mark.parametrize("runner", list(RUNNERS))
@pytest.mark.parametrize(
    "args",
    [["--help"], ["render", "--help"], ["export", "--help"], ["validate", "-h"]],
    ids=["help", "render-help", "export-help", "validate-h"],
)
def test_help_exits_zero(tmp_path: Path, runner: str, args: list[str]) -> None:
    result = run(args, tmp_path, runner=runner)
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout
    assert result.stderr == ""


def test_top_level_help_lists_commands(tmp_path: Path) -> None:
    result = run(["--help"], tmp_path)
    for command in ("render", "export", "validate", "schema"):
        assert command in result.stdout


def test_version(tmp_path: Path) -> None:
    result = run(["--version"], tmp_path, runner="script")
    assert result.returncode == 0
    assert georange.__version__ in result.stdout


def test_unknown_command_is_a_usage_error(tmp_path: Path) -> None:
    assert_clean_failure(run(["rendr"], tmp_path), "rendr", code=2)


def test_schema_is_json(tmp_path: Path) -> None:
    result = run(["schema"], tmp_path)
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert "$schema" in schema
    assert {"id", "title", "systems", "sites"} <= set(schema["properties"])


# --------------------------------------------------------------------------- validate


@pytest.mark.parametrize("runner", list(RUNNERS))
def test_validate_inline_scenario(tmp_path: Path, good: Path, runner: str) -> None:
    result = run(["validate", good.name], tmp_path, runner=runner)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("good.yaml: ok")
    assert "2 systems" in result.stdout
    assert "2 hypothetical sites" in result.stdout
    assert result.stderr == ""


def test_validate_builtin_scenario(tmp_path: Path, builtin_scenario) -> None:
    result = run(["validate", "venezuela"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "venezuela.yaml: ok" in result.stdout


BAD_CASES = [
    pytest.param(
        lambda d: d["systems"][0]["ranges"][0].pop("sources"),
        ["systems[0].ranges[0].sources: at least one source is required"],
        id="missing-sources",
    ),
    pytest.param(
        lambda d: d["sites"][0].__setitem__("lat", 91),
        ["sites[0].lat: "],
        id="lat-91",
    ),
    pytest.param(
        lambda d: d["sites"][1].__setitem__("systems", ["inline-alpah"]),
        ["sites[1].systems[0]: system 'inline-alpah' is not in this scenario"],
        id="site-selects-unknown",
    ),
    pytest.param(
        lambda d: d.__setitem__("sytems", d.pop("systems")),
        ["sytems: unknown key (did you mean 'systems'?)"],
        id="top-level-typo",
    ),
    pytest.param(
        lambda d: (d.pop("title"), d["systems"][1]["ranges"][0].__setitem__("km", -1)),
        ["title: is required", "systems[1].ranges[0].km: "],
        id="two-problems",
    ),
]


@pytest.mark.parametrize(("change", "expected"), BAD_CASES)
def test_validate_reports_file_and_key_path(tmp_path: Path, builtin_data, change, expected: list[str]) -> None:
    data = inline_scenario()
    change(data)
    write_yaml(tmp_path / "bad.yaml", data)
    result = run(["validate", "bad.yaml"], tmp_path)
    assert_clean_failure(result, *(f"bad.yaml: {e}" for e in expected))
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert all(line.startswith("georange: error: bad.yaml: ") for line in lines), lines
    assert len(lines) >= len(expected)


@pytest.mark.parametrize("runner", list(RUNNERS))
@pytest.mark.parametrize("command", ["validate", "render", "export"])
def test_bad_scenario_fails_cleanly_for_every_command(tmp_path: Path, bad: Path, command: str, runner: str) -> None:
    result = run([command, bad.name], tmp_path, runner=runner)
    assert_clean_failure(result, "bad.yaml", "systems[0].ranges[0].sources")
    assert not (tmp_path / "output").exists(), "nothing is written for an invalid scenario"


def test_broken_yaml_names_line(tmp_path: Path, builtin_data) -> None:
    (tmp_path / "broken.yaml").write_text("id: x\ntitle: y\nsystems: [\n", encoding="utf-8")
    assert_clean_failure(run(["validate", "broken.yaml"], tmp_path), "broken.yaml: invalid YAML: line")


@pytest.mark.parametrize("command", ["render", "validate", "export"])
def test_nonexistent_scenario(tmp_path: Path, command: str) -> None:
    result = run([command, "nonexistent.yaml"], tmp_path)
    assert_clean_failure(result, "nonexistent.yaml")
    assert not (tmp_path / "output").exists()


def test_unknown_export_format(tmp_path: Path, good: Path) -> None:
    result = run(["export", good.name, "--format", "shapefile", "-o", "out.shp"], tmp_path)
    assert_clean_failure(result, "shapefile", "geojson")
    assert not (tmp_path / "out.shp").exists()


def test_unwritable_output_fails_cleanly(tmp_path: Path, good: Path) -> None:
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    result = run(["render", good.name, "-o", "afile/map.html"], tmp_path)
    assert_clean_failure(result, "afile/map.html", "cannot write")


# --------------------------------------------------------------------------- render and export


def test_render_default_scenario(tmp_path: Path, builtin_scenario) -> None:
    result = run(["render"], tmp_path, runner="script")
    assert result.returncode == 0, result.stderr
    printed = result.stdout.strip()
    assert Path(printed) == Path("output") / "venezuela.html"
    out = tmp_path / printed
    text = out.read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith("<!doctype html>")
    assert "hypothetical" in text
    assert tmp_files(out.parent) == []


def test_export_default_scenario(tmp_path: Path, builtin_scenario) -> None:
    result = run(["export"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == Path("output") / "venezuela.geojson"
    data = json.loads((tmp_path / "output" / "venezuela.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert data["georange"]["scenario_id"] == "venezuela"


def test_render_inline_to_output_option(tmp_path: Path, good: Path) -> None:
    result = run(["render", good.name, "-o", "maps/nested/map.html"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == Path("maps/nested/map.html")
    html = (tmp_path / "maps" / "nested" / "map.html").read_text(encoding="utf-8")
    assert "Inline Alpha" in html and "Inline site 2" in html


@pytest.mark.parametrize("command", ["render", "export"])
def test_failed_run_leaves_existing_output_untouched(tmp_path: Path, bad: Path, command: str) -> None:
    target = tmp_path / "existing.out"
    original = b"known bytes \x00\xff that must survive\n"
    target.write_bytes(original)
    result = run([command, bad.name, "-o", target.name], tmp_path)
    assert_clean_failure(result, "bad.yaml")
    assert target.read_bytes() == original
    assert tmp_files(tmp_path) == []


@pytest.mark.parametrize("command", ["render", "export"])
def test_successful_run_replaces_output_atomically(tmp_path: Path, good: Path, command: str) -> None:
    target = tmp_path / "existing.out"
    target.write_bytes(b"old contents\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run([command, good.name, "-o", target.name], tmp_path, umask=0o022)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == target.name
    new = target.read_bytes()
    assert new != b"old contents\n" and len(new) > 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "no stray files beside the output"
    assert tmp_files(tmp_path) == []
    assert target.stat().st_mode & 0o777 == 0o644, "output permissions follow the umask, not mkstemp's 0600"


@pytest.mark.parametrize(("command", "suffix"), [("render", ".html"), ("export", ".geojson")])
def test_output_is_deterministic(tmp_path: Path, good: Path, command: str, suffix: str) -> None:
    outputs = []
    for i, seed in enumerate(["1", "2"]):
        name = f"out{i}{suffix}"
        result = run([command, good.name, "-o", name], tmp_path, hash_seed=seed)
        assert result.returncode == 0, result.stderr
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
    if suffix == ".geojson":
        assert json.loads(outputs[0])["georange"]["scenario_id"] == "inline-test"

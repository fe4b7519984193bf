"""The house rules that keep the code base in small rooms with one-way doors.

- The import-linter contracts in ``pyproject.toml`` hold: data flows from the
  CLI down to the geodesy, never back up, and nothing that computes imports a
  drawing library.
- No module in ``src/``, ``benchmarks/`` or ``scripts/`` is over 600 lines.
- No two georange modules import each other.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 600


def _lint_imports() -> str:
    found = Path(sys.executable).with_name("lint-imports")
    exe = str(found) if found.exists() else shutil.which("lint-imports")
    if exe is None:
        pytest.fail("lint-imports (import-linter, a test dependency) is not installed")
    result = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_import_contracts_hold() -> None:
    out = _lint_imports()
    assert "BROKEN" not in out
    assert "2 kept, 0 broken" in out, out  # both contracts were read and checked


def _python_files() -> list[Path]:
    return sorted(p for folder in ("src", "benchmarks", "scripts") for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_600_lines(path: Path) -> None:
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.relative_to(ROOT)} has {n} lines; split it into rooms with one job each"


def mutual_imports(graph: grimp.ImportGraph) -> list[tuple[str, str]]:
    """Pairs of modules that import each other directly (each pair once)."""
    pairs = set()
    for a in graph.modules:
        for b in graph.find_modules_directly_imported_by(a):
            if a < b and a in graph.find_modules_directly_imported_by(b):
                pairs.add((a, b))
    return sorted(pairs)


def test_no_two_modules_import_each_other() -> None:
    assert mutual_imports(grimp.build_graph("georange")) == []


def test_the_mutual_import_check_can_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "loopy"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from loopy import b\n")
    (pkg / "b.py").write_text("def f():\n    from loopy import a\n")
    (pkg / "c.py").write_text("from loopy import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert mutual_imports(grimp.build_graph("loopy")) == [("loopy.a", "loopy.b")]

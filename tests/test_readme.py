"""Every CLI example in the README runs as written (an example that no longer runs is a bug)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _examples() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith(("georange ", "python -m georange"))]


EXAMPLES = _examples()


def test_readme_has_cli_examples() -> None:
    commands = {line.split()[1] if line.startswith("georange") else "module" for line in EXAMPLES}
    assert {"render", "export", "distances", "coverage", "validate", "schema", "chart"} <= commands


@pytest.mark.parametrize("command", EXAMPLES)
def test_readme_example_runs(command: str, tmp_path: Path) -> None:
    # A user's own scenario file, as the examples assume one exists.
    shutil.copy(ROOT / "geodata" / "scenarios" / "venezuela.yaml", tmp_path / "my-scenario.yaml")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = command.replace("python -m", f"{sys.executable} -m")
    result = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr

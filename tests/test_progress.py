"""Progress bars: on a terminal only, off for the library, never in pipes or logs."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import numpy as np
import pytest
import yaml

from georange import _progress, load_scenario, proximity, settings

SOURCE = {
    "title": "test placement",
    "publisher": "georange tests",
    "url": "https://example.org/t",
    "accessed": "2026-01-01",
}


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory) -> Path:
    """Twenty hypothetical sites around the Caribbean with two catalogue systems."""
    rng = np.random.default_rng(2)
    sites = [
        {"id": f"s{i}", "name": f"Site {i}", "lat": float(rng.uniform(5, 15)), "lon": float(rng.uniform(-75, -60)),
         "basis": "hypothetical", "estimate": True, "sources": [SOURCE]}
        for i in range(20)
    ]  # fmt: skip
    data = {"id": "bars", "title": "Progress", "systems": ["buk-m2", "kalibr-3m14"], "sites": sites}
    path = tmp_path_factory.mktemp("bars") / "bars.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


# The real CLI, with bars allowed from the first moment (the default waits a second).
CLI = "import sys; from georange import settings; settings.progress_delay_s = 0; from georange.cli import run; run()"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_library_is_quiet_unless_asked(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stderr", _Terminal())
    items = [1, 2, 3]
    assert settings.progress_bars is False
    assert _progress.progress(items, desc="x") is items


def test_bars_draw_on_a_terminal_when_enabled(monkeypatch, scenario_file) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(settings, "progress_bars", True)
    monkeypatch.setattr(settings, "progress_delay_s", 0.0)
    scn = load_scenario(scenario_file)
    proximity.territory_distances(scn)
    assert "distances to territories" in terminal.getvalue()
    assert f"0/{len(scn.sites)} [" in terminal.getvalue()


def test_bars_stay_off_when_stderr_is_not_a_terminal(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    monkeypatch.setattr(settings, "progress_bars", True)
    assert not _progress.enabled()


def _run_with_terminal_stderr(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run the CLI with stderr on a real pseudo-terminal; return status, stdout and what the terminal saw."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a real terminal has a size
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL
    )
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    out, _ = proc.communicate(timeout=120)
    os.close(leader)
    return proc.returncode, out.decode(), seen.decode(errors="replace")


@pytest.mark.parametrize("command", [["distances"], ["coverage"]])
def test_cli_shows_bars_on_a_terminal_and_nothing_in_a_pipe(tmp_path, scenario_file, command) -> None:
    code, out, terminal = _run_with_terminal_stderr([*command, str(scenario_file)], tmp_path)
    assert code == 0, terminal
    assert "site/s]" in terminal or "s/site]" in terminal, terminal
    assert "\r" in terminal  # redrawn in place
    assert "\r" not in out and "site/s" not in out  # the table on stdout is clean
    argv = [sys.executable, "-c", CLI, *command, str(scenario_file)]
    piped = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert piped.stderr == ""
    assert piped.stdout == out.replace("\r\n", "\n")


def test_cli_no_progress_turns_bars_off_on_a_terminal(tmp_path, scenario_file) -> None:
    code, _, terminal = _run_with_terminal_stderr(["--no-progress", "distances", str(scenario_file)], tmp_path)
    assert code == 0
    assert terminal == ""

"""Shared fixtures: one real headless Chromium (Debian's, driven by Playwright) for the browser tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

#: Where browser tests save screenshots for people to look at (kept out of git).
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling out, which this
# machine's closed network refuses; the sandbox cannot run as root in CI.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_or_skip() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail("Debian's chromium is missing: .ci/run must install it")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless (no browser is downloaded)."""
    executable = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_offline(browser: Any, path: Path, *, viewport: dict[str, int] | None = None) -> Any:
    """Open a local map in a new context with the network cut off, and wait for its paths.

    Every non-``file:`` request is aborted and recorded in ``page.blocked``;
    console errors and page errors go to ``page.problems``; dialogs (``alert``
    and the like) are dismissed and recorded in ``page.dialogs``.  Close it
    with ``page.context.close()``.
    """
    context = browser.new_context(viewport=viewport or {"width": 1400, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    dialogs: list[str] = []
    blocked: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def on_dialog(dialog: Any) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def offline(route: Any) -> Any:
        if route.request.url.startswith("file:"):
            return route.continue_()
        blocked.append(route.request.url)
        return route.abort()

    page.on("dialog", on_dialog)
    page.route("**/*", offline)
    page.goto(path.as_uri())
    page.wait_for_selector("path.leaflet-interactive")
    page.wait_for_timeout(300)
    page.problems, page.dialogs, page.blocked = problems, dialogs, blocked
    return page

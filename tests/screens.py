"""What a reader sees in a browser screenshot: decoded pixels, colours, panels in view.

Screenshot tests save a PNG for people and check it with these helpers,
rather than its file size: the image is not (nearly) one colour, a system's
colour is really drawn in the map area (outside every panel, control and
tooltip), and the caveat panel is visible inside the viewport.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

#: Everything drawn over the map: controls, panels (legend, caveat, distances), tooltips, popups.
_OVERLAYS = ".georange-panel, .leaflet-top > *, .leaflet-bottom > *, .leaflet-tooltip, .leaflet-popup"


def pixels(path: Path) -> np.ndarray:
    """The screenshot as an (height, width, 3) array of 0-255 RGB values."""
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB")).astype(np.int16)


def map_area(page: Any, rgb: np.ndarray) -> np.ndarray:
    """A mask of the pixels of the map itself: no control, panel or tooltip covers them."""
    boxes = page.evaluate(
        "sel => [...document.querySelectorAll(sel)].map(e => {"
        " const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })",
        _OVERLAYS,
    )
    mask = np.ones(rgb.shape[:2], dtype=bool)
    for left, top, right, bottom in boxes:
        mask[int(top) : int(np.ceil(bottom)), int(left) : int(np.ceil(right))] = False
    return mask


def colour_pixels(rgb: np.ndarray, hex_colour: str, *, mask: np.ndarray | None = None, tolerance: int = 8) -> int:
    """How many pixels (within ``mask``) are within ``tolerance`` of ``#rrggbb`` in every channel."""
    target = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)
    close = np.abs(rgb - target).max(axis=2) <= tolerance
    return int((close & mask).sum()) if mask is not None else int(close.sum())


def assert_not_blank(rgb: np.ndarray, *, max_share: float = 0.9) -> None:
    """No single colour covers more than ``max_share`` of the image (a blank or unstyled page would)."""
    _, counts = np.unique(rgb.reshape(-1, 3), axis=0, return_counts=True)
    share = counts.max() / counts.sum()
    assert share <= max_share, f"one colour covers {share:.0%} of the screenshot"
    assert len(counts) >= 50, f"only {len(counts)} distinct colours: nothing is drawn"


def assert_in_view(page: Any, selector: str) -> None:
    """The element is visible and its whole box lies inside the viewport."""
    element = page.locator(selector).first
    assert element.is_visible(), f"{selector} is not visible"
    box, view = element.bounding_box(), page.viewport_size
    assert box is not None and box["width"] > 0 and box["height"] > 0, selector
    assert box["x"] >= 0 and box["y"] >= 0, (selector, box)
    assert box["x"] + box["width"] <= view["width"] and box["y"] + box["height"] <= view["height"], (selector, box)

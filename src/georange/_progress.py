"""Progress bars for long steps: on a terminal only, and only when enabled.

:func:`progress` wraps an iterable in a :mod:`tqdm` bar when
:data:`georange.settings.progress_bars` is on *and* standard error is a
terminal; otherwise it returns the iterable untouched (no output at all).
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Iterable
from typing import TypeVar

import georange.settings as settings  # not `from georange import`: that runs the package's __getattr__ mid-import

T = TypeVar("T")


def enabled() -> bool:
    """Whether bars are shown now: the setting is on and standard error is a terminal."""
    stream = sys.stderr
    return settings.progress_bars and stream is not None and stream.isatty()


def progress(items: Collection[T], *, desc: str, unit: str = "it") -> Iterable[T]:
    """``items``, wrapped in a progress bar when :func:`enabled`."""
    if not enabled():
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit=unit, total=len(items), delay=settings.progress_delay_s, leave=False)

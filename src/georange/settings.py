"""Run-time settings, read when each function runs (assign to change them).

Attributes
----------
progress_bars
    Show a progress bar on standard error for long per-site steps
    (proximity tables, geometry).  Off for the library; the command line turns
    it on.  Even when on, a bar appears only if standard error is a terminal,
    so logs, pipes and CI output stay clean.
progress_delay_s
    Seconds a step must run before its bar appears (short steps show none).
"""

from __future__ import annotations

progress_bars: bool = False
progress_delay_s: float = 1.0

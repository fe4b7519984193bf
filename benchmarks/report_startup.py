"""Start-up section of the README: ``georange --help`` and ``render`` beside the bare import (``startup.py``)."""

from __future__ import annotations

import startup
from _context import Context, Section

TITLE = "startup"


def run(ctx: Context) -> Section:
    """Measure (``startup.command_medians``) and write the section with its summary rows."""
    medians = startup.command_medians(3 if ctx.cfg.quick else 9)
    text = "## Start-up\n\n" + startup.section_text(medians, quick=ctx.cfg.quick)
    return text, startup.summary_rows(medians)

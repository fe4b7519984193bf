"""The gettext marker: :func:`N_` flags a template for extraction and returns it unchanged."""

from __future__ import annotations

__all__ = ["N_"]


def N_(message: str) -> str:
    """Mark ``message`` for extraction into a gettext catalogue; return it unchanged.

    >>> N_("{n} sources")
    '{n} sources'
    """
    return message

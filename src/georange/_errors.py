"""The exception hierarchy.  The CLI turns these into one-line messages."""

from __future__ import annotations

__all__ = ["GeoRangeError", "GeometryError", "OutputError", "ValidationError"]


class GeoRangeError(Exception):
    """Base class for every error georange reports to users."""


class GeometryError(GeoRangeError, ValueError):
    """A geometry cannot be computed from the given arguments (e.g. a bad radius)."""


class OutputError(GeoRangeError, OSError):
    """An output file cannot be written."""


class ValidationError(GeoRangeError, ValueError):
    """A data file or scenario failed validation.

    Parameters
    ----------
    problems
        One ``"file: key.path: message"`` line per problem, all of them.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

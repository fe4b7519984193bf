"""Number, distance, ratio and plural formatting: the one place that spells a number for readers.

English only for now, with the grouping and rounding that every output used
before (``1,500 km (932 mi)``); a locale-aware version (Babel's CLDR data)
can replace these bodies without touching a caller.
"""

from __future__ import annotations

import math

__all__ = [
    "KM_PER_MILE",
    "count",
    "distance_km",
    "distance_km_span",
    "km",
    "km_span",
    "miles",
    "number",
    "signed_km",
    "times",
]

#: Kilometres per international statute mile (exact by definition).
KM_PER_MILE = 1.609344


def number(value: float, *, decimals: int | None = 0) -> str:
    """A grouped number with a fixed number of decimals, or (``decimals=None``) as quoted.

    As quoted keeps only the decimals the figure has (a reported "90 miles"
    stays ``90``, a reported 90.5 stays ``90.5``; six significant digits).

    >>> number(1234.5678, decimals=1)
    '1,234.6'
    >>> number(90.0, decimals=None), number(90.5, decimals=None)
    ('90', '90.5')
    """
    if decimals is None:
        return f"{value:,g}"
    return f"{value:,.{decimals}f}"


def count(n: int) -> str:
    """A grouped whole number: ``"12,345"``."""
    return f"{n:,}"


def km(value_km: float, *, decimals: int | None = 0) -> str:
    """``"1,500 km"``."""
    return f"{number(value_km, decimals=decimals)} km"


def miles(value_mi: float, *, decimals: int | None = 0) -> str:
    """``"932 mi"``."""
    return f"{number(value_mi, decimals=decimals)} mi"


def distance_km(value_km: float) -> str:
    """Kilometres with the statute-mile equivalent, one decimal below 10 km.

    >>> distance_km(1500)
    '1,500 km (932 mi)'
    >>> distance_km(3.5)
    '3.5 km (2.2 mi)'
    """
    decimals = 0 if value_km >= 10 else 1
    return f"{km(value_km, decimals=decimals)} ({miles(value_km / KM_PER_MILE, decimals=decimals)})"


def km_span(low_km: float | None, high_km: float | None) -> str:
    r"""``"1,400\u20132,600 km"`` (an en dash) for a reported span, or an empty string when there is none.

    Enough decimals are kept that the two ends stay distinct.

    >>> km_span(1400, 2600) == '1,400\u20132,600 km'
    True
    >>> km_span(20, 20)
    ''
    """
    if low_km is None or high_km is None or math.isnan(low_km) or math.isnan(high_km) or low_km == high_km:
        return ""
    for decimals in (0, 1, 3):
        low, high = number(low_km, decimals=decimals), number(high_km, decimals=decimals)
        if low != high:
            break
    return f"{low}\u2013{high} km"


def distance_km_span(low_km: float, high_km: float) -> str:
    r"""A span in kilometres with its statute miles, each end with one decimal below 10.

    >>> distance_km_span(35, 45) == '35\u201345 km (22\u201328 mi)'
    True
    >>> distance_km_span(5, 12) == '5.0\u201312 km (3.1\u20137.5 mi)'
    True
    """

    def end(value: float) -> str:
        return number(value, decimals=1 if value < 10 else 0)

    low_mi, high_mi = low_km / KM_PER_MILE, high_km / KM_PER_MILE
    return f"{end(low_km)}\u2013{end(high_km)} km ({end(low_mi)}\u2013{end(high_mi)} mi)"


def signed_km(value_km: float) -> str:
    """A margin with its sign: ``"+1,234 km"``."""
    return f"{value_km:+,.0f} km"


def times(ratio: float, *, decimals: int = 1) -> str:
    """A ratio as a multiple: ``"12.6x"``."""
    return f"{number(ratio, decimals=decimals)}x"

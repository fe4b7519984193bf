"""Number formatting shared by every output (georange.words.numbers)."""

from __future__ import annotations

import math

import pytest

from georange.words.numbers import distance_km, km_span


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (42.0, 50.0, "42\u201350 km"),
        (1400.0, 2600.0, "1,400\u20132,600 km"),
        (999.9, 1000.1, "999.9\u20131,000.1 km"),  # never "1,000-1,000 km"
        (None, 50.0, ""),
        (math.nan, math.nan, ""),
        (45.0, 45.0, ""),
    ],
)
def test_span_keeps_the_two_ends_distinct(low, high, expected) -> None:
    assert km_span(low, high) == expected


def test_km_with_miles() -> None:
    assert distance_km(1500) == "1,500 km (932 mi)"
    assert distance_km(3) == "3.0 km (1.9 mi)"

"""Colours, number formats and caveat texts shared by every renderer."""

from __future__ import annotations

import math

from georange.catalogue import KM_PER_MILE
from georange.scenario import Scenario

__all__ = [
    "CAVEATS",
    "OKABE_ITO",
    "format_km",
    "format_range_span",
    "system_colours",
]

#: Okabe & Ito's colour-blind-safe palette (black last, used for references).
OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)

#: The caveats every output shows, always in view.
CAVEATS = (
    "Sites are hypothetical placements, not reported deployments.",
    "Ranges are public estimates from the cited sources, not verified capabilities.",
    "A reported range is not a capability at a given place: payload, trajectory, "
    "launch platform, targeting and defences all change it.",
)


def system_colours(scenario: Scenario) -> dict[str, str]:
    """One palette colour per system, in scenario order (cycling past seven)."""
    usable = OKABE_ITO[:-1]
    return {s.id: usable[i % len(usable)] for i, s in enumerate(scenario.systems)}


def format_km(km: float) -> str:
    """``"1,500 km (932 mi)"``: kilometres with the statute-mile equivalent."""
    return f"{km:,.0f} km ({km / KM_PER_MILE:,.0f} mi)" if km >= 10 else (f"{km:,.1f} km ({km / KM_PER_MILE:,.1f} mi)")


def format_range_span(low_km: float | None, high_km: float | None) -> str:
    """``"1,400-2,600 km"`` for a reported span, or an empty string."""
    if low_km is None or high_km is None or math.isnan(low_km) or math.isnan(high_km) or low_km == high_km:
        return ""
    for decimals in (0, 1, 3):  # enough decimals that the two ends stay distinct
        low, high = f"{low_km:,.{decimals}f}", f"{high_km:,.{decimals}f}"
        if low != high:
            break
    return f"{low}\u2013{high} km"

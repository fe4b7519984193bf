"""Colours shared by every output that draws: the HTML map, the static figure, the chart and KML.

A neutral module below ``render/`` and ``export/``, so that neither imports the other.
"""

from __future__ import annotations

from georange.scenario import Scenario

__all__ = ["DASHES", "OKABE_ITO", "system_colours", "system_dashes"]

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


def system_colours(scenario: Scenario) -> dict[str, str]:
    """One palette colour per system, in scenario order (cycling past seven)."""
    usable = OKABE_ITO[:-1]
    return {s.id: usable[i % len(usable)] for i, s in enumerate(scenario.systems)}


#: Dash patterns of the maximum-range outlines (solid first), so that systems differ in more than colour.
DASHES = ("", "10 4", "4 3", "12 3 3 3", "7 3", "2 2")


def system_dashes(scenario: Scenario) -> dict[str, str]:
    """One dash pattern per system (``""`` is solid), in scenario order (cycling past six)."""
    return {s.id: DASHES[i % len(DASHES)] for i, s in enumerate(scenario.systems)}

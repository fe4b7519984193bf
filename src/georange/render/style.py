"""The renderers' colours: a re-export of :mod:`georange.palette` (kept for existing imports).

Numbers are spelled by :mod:`georange.words.numbers` and the caveats come from
the scenario (:attr:`georange.scenario.Scenario.caveats`).
"""

from __future__ import annotations

from georange.palette import DASHES, OKABE_ITO, system_colours, system_dashes

__all__ = ["DASHES", "OKABE_ITO", "system_colours", "system_dashes"]

"""One permanent label per system, on its outermost maximum-range ring.

Where a system's rings from several sites nearly coincide, the reader still
needs to know whose outline is whose: each system gets one label naming it
and its range, pinned at a vertex of its rings chosen deterministically: the
northernmost or the southernmost vertex of its largest maximum-range rings
(ties go west).  Systems ranked by range, largest first, alternate north and
south (:func:`label_sides`), so that the labels of nested rings around one
place do not fall on one another.  The
vertex is one of the exact geodesic vertices already computed by
:mod:`georange.layers`: nothing is computed here but a choice among them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from georange.catalogue import System
from georange.words import say_html
from georange.words.numbers import distance_km

__all__ = ["label_anchor", "label_sides", "ring_label"]


def label_sides(ranges: pd.DataFrame, system_ids: list[str]) -> dict[str, str]:
    """``"north"`` or ``"south"`` per system: by largest maximum range (then scenario order), alternating."""
    rings = ranges[(ranges["feature_type"] == "ring") & (ranges["kind"] == "max")]
    largest = rings.groupby("system_id")["radius_km"].max().to_dict()
    ranked = sorted(system_ids, key=lambda s: (-float(largest.get(s, 0.0)), system_ids.index(s)))
    return {s: ("north", "south")[i % 2] for i, s in enumerate(ranked)}


def label_anchor(rows: pd.DataFrame, *, side: str = "north") -> tuple[shapely.Point, float] | None:
    """Where a system's label goes, and the radius it names (``None`` without a maximum-range ring).

    ``rows`` are one system's ring and band rows as the map draws them;
    ``side`` is ``"north"`` or ``"south"``.
    """
    rings = rows[(rows["feature_type"] == "ring") & (rows["kind"] == "max")]
    if not len(rings):
        return None
    radius = float(rings["radius_km"].max())
    outer = rings[rings["radius_km"] == radius]
    xy = np.concatenate([shapely.get_coordinates(shapely.boundary(g)) for g in outer.geometry])
    lat = -xy[:, 1] if side == "north" else xy[:, 1]
    best = np.lexsort((xy[:, 0], lat))[0]  # northernmost (or southernmost), then westernmost
    return shapely.Point(float(xy[best, 0]), float(xy[best, 1])), radius


def ring_label(system: System, radius_km: float) -> str:
    """The label's text (escaped HTML): the system and its reported maximum range."""
    return str(say_html("range.label", system=system.name, distance=distance_km(radius_km)))

"""Label placement on the static map: greedy, collision-free, with leader lines when far.

A :class:`_Placer` tries candidate offsets around each anchor and keeps the
first that overlaps no other label or marker (a required label takes the
least-overlapping spot).  The functions here label the references, the
sites (one label per cluster), the top of each system's ring and the places.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from georange.catalogue import Reference
from georange.proximity import Proximity
from georange.render._figure import (
    _INK,
    _LABEL_PT,
    _PLACE_COLOUR,
    _REFERENCE_COLOUR,
    _computed_row,
    _points,
    listed,
    text_colour,
    wrap_text,
)
from georange.render._html import short_name
from georange.render._projection import _Layers
from georange.scenario import Scenario
from georange.words import numbers, say
from georange.words._basis import count_by_basis, say_basis, site_with_basis

_NEAR = [
    (5, 0, "left", "center"),
    (-5, 0, "right", "center"),
    (0, 5, "center", "bottom"),
    (0, -5, "center", "top"),
]
_DIAGONAL = [
    (4, 4, "left", "bottom"),
    (-4, 4, "right", "bottom"),
    (4, -4, "left", "top"),
    (-4, -4, "right", "top"),
]


def _candidates(distances: Sequence[float]) -> list[tuple[float, float, str, str]]:
    """Label offsets (points) around an anchor: near first, then further out with a leader line."""
    out: list[tuple[float, float, str, str]] = []
    for d in distances:
        scale = d / 5.0
        out += [(dx * scale, dy * scale, ha, va) for dx, dy, ha, va in _NEAR + _DIAGONAL]
    return out


@dataclass
class _Placer:
    """Greedy label placement: each label takes the first candidate spot that overlaps nothing."""

    ax: Axes
    renderer: RendererBase
    taken: list[Bbox] = field(default_factory=list)

    def block_points(self, xy: Sequence[tuple[float, float]], radius_pt: float = 3.0) -> None:
        """Keep labels off these data points (markers)."""
        pad = _points(self.renderer, radius_pt)
        for x, y in xy:
            px, py = self.ax.transData.transform((x, y))
            self.taken.append(Bbox.from_extents(px - pad, py - pad, px + pad, py + pad))

    def _cost(self, box: Bbox) -> float:
        """Area of ``box`` over other labels and markers, plus (four times) its area outside the map."""
        frame = self.ax.get_window_extent(self.renderer)
        inside = Bbox.intersection(box, frame)
        outside = box.width * box.height - (inside.width * inside.height if inside is not None else 0.0)
        overlaps = (Bbox.intersection(box, t) for t in self.taken)
        return 4.0 * outside + sum(o.width * o.height for o in overlaps if o is not None)

    def _annotate(
        self, xy: tuple[float, float], text: str, spot: tuple[float, float, str, str], kwargs: dict[str, Any]
    ) -> tuple[Annotation, Bbox]:
        dx, dy, ha, va = spot
        far = math.hypot(dx, dy) > 8
        leader = {"arrowstyle": "-", "lw": 0.45, "color": "#444444", "shrinkA": 0, "shrinkB": 2}
        ann = self.ax.annotate(
            text,
            xy,
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            arrowprops=leader if far else None,
            **kwargs,
        )
        ann.update_positions(self.renderer)
        return ann, Text.get_window_extent(ann, self.renderer).padded(_points(self.renderer, 1.5))

    def place(
        self,
        xy: tuple[float, float],
        text: str,
        candidates: Sequence[tuple[float, float, str, str]],
        *,
        required: bool = False,
        **kwargs: Any,
    ) -> Annotation | None:
        """Annotate ``xy`` at the first free candidate offset.

        When no spot is free, a ``required`` label takes the spot that overlaps
        least; any other label is left out (None).
        """
        costs = []
        for spot in candidates:
            ann, box = self._annotate(xy, text, spot, kwargs)
            cost = self._cost(box)
            if cost == 0.0:
                self.taken.append(box)
                return ann
            ann.remove()
            costs.append(cost)
        if not required or not costs:
            return None
        ann, box = self._annotate(xy, text, candidates[int(np.argmin(costs))], kwargs)
        self.taken.append(box)
        return ann


_LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}
_PLACE_BOX = {"boxstyle": "round,pad=0.08", "facecolor": "white", "edgecolor": "none", "alpha": 0.55}


def _site_text(name: str, renderer: RendererBase, *, basis: str, two_lines: bool = False) -> str:
    """``"Caracas (hypothetical)"`` (the site's ``basis``), wrapped if the name is long."""
    lines = wrap_text(short_name(name), 1.9, _LABEL_PT + 0.4, renderer)
    return site_with_basis("\n".join(lines), basis, adjective=True, two_lines=two_lines or len(lines) > 1)


def _clusters(xy: np.ndarray, threshold: float) -> list[list[int]]:
    """Groups of points closer than ``threshold`` to one another (single linkage), in input order."""
    parent = list(range(len(xy)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(xy)):
        for j in range(i + 1, len(xy)):
            if math.dist(xy[i], xy[j]) < threshold:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(xy)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _reference_text(ref: Reference, computed: pd.Series | None, renderer: RendererBase) -> str:
    """The reference's name and both figures: ``"... 90 mi reported; 93 mi computed"``."""
    name = "\n".join(wrap_text(ref.name, 2.4, _LABEL_PT + 0.4, renderer, weight="bold"))
    figures = say("reference.reported.short", miles=numbers.miles(ref.reported_mi, decimals=None))
    if computed is not None and pd.notna(computed["computed_km"]):
        computed_text = say("reference.computed.short", miles=numbers.miles(float(computed["computed_mi"])))
        figures = say("reference.figures", reported=figures, computed=computed_text)
    return say("reference.map_label", reference=name, figures=figures)


def _label_references(placer: _Placer, scenario: Scenario, layers: _Layers, prox: Proximity) -> None:
    for ref in scenario.references:
        rows = layers.references[layers.references["reference_id"] == ref.id]
        if rows.empty:
            continue
        mid = rows.geometry.iloc[0].interpolate(0.5, normalized=True)
        placer.place(
            (mid.x, mid.y),
            _reference_text(ref, _computed_row(prox, ref.id), placer.renderer),
            _candidates([22, 34, 48, 64]),
            required=True,
            fontsize=_LABEL_PT + 0.4,
            fontweight="bold",
            color=_REFERENCE_COLOUR,
            bbox=_LABEL_BOX,
            zorder=9,
        )


def _label_ring_tops(
    placer: _Placer,
    scenario: Scenario,
    ranges: gpd.GeoDataFrame,
    colours: dict[str, str],
    view: Bbox,
    *,
    min_fraction: float = 1 / 40,
) -> None:
    """Name each system once, next to the top of its first visible maximum-range ring."""
    min_radius = view.width * min_fraction
    for system in scenario.systems:
        is_ring = (ranges["feature_type"] == "ring") & (ranges["kind"] == "max")
        rings = ranges[(ranges["system_id"] == system.id) & is_ring]
        for _, row in rings.iterrows():
            xy = shapely.get_coordinates(row.geometry)
            xy = xy[(xy[:, 0] > view.x0) & (xy[:, 0] < view.x1) & (xy[:, 1] > view.y0) & (xy[:, 1] < view.y1)]
            if not len(xy) or row.geometry.bounds[2] - row.geometry.bounds[0] < 2 * min_radius:
                continue
            top = xy[np.argmax(xy[:, 1])]
            text = say("range.ring_label", system=short_name(system.name), distance=numbers.km(row["radius_km"]))
            if placer.place(
                (top[0], top[1]),
                text,
                [(0, 2, "center", "bottom"), (0, -2, "center", "top"), *_candidates([6, 14])],
                fontsize=_LABEL_PT + 0.4,
                fontweight="bold",
                color=text_colour(colours[system.id]),
                bbox=_LABEL_BOX,
                zorder=8,
            ):
                break


def _label_places(placer: _Placer, ax: Axes, places: gpd.GeoDataFrame, view: Bbox) -> int:
    """Label the places that fit; draw a dot only where its label fits.  Returns how many were drawn."""
    drawn = 0
    for _, row in places.iterrows():
        x, y = row.geometry.x, row.geometry.y
        if not (view.x0 < x < view.x1 and view.y0 < y < view.y1):
            continue
        name = short_name(str(row["name"]).split(",")[0])
        ann = placer.place(
            (x, y),
            name,
            [(dx * 0.8, dy * 0.8, ha, va) for dx, dy, ha, va in _NEAR],
            fontsize=_LABEL_PT - 0.4,
            color="#444444",
            bbox=_PLACE_BOX,
            zorder=6,
        )
        if ann is not None:
            ax.plot([x], [y], marker="o", markersize=2.2, color=_PLACE_COLOUR, linestyle="none", zorder=6)
            placer.block_points([(x, y)], 2.0)
            drawn += 1
    return drawn


def _cluster_text(names: list[str], bases: list[str], renderer: RendererBase) -> str:
    r"""``"A, B\n(all hypothetical)"``; sites of several bases each say their own."""
    if len(set(bases)) > 1:
        names = [site_with_basis(n, b, adjective=True) for n, b in zip(names, bases, strict=True)]
    lines = wrap_text(listed(names), 2.2, _LABEL_PT + 0.4, renderer)
    if len(set(bases)) > 1:
        return "\n".join(lines)
    return say_basis("sites.basis.{basis}.cluster", bases[0], sites="\n".join(lines))


def _draw_site_labels(
    placer: _Placer, sites: gpd.GeoDataFrame, threshold: float, *, bases: list[str], detail: bool
) -> None:
    """One label per cluster of sites (``bases``: each site's basis); on the detail map, labelled by count."""
    xy = np.column_stack([sites.geometry.x, sites.geometry.y])
    names = list(sites["site_name"])
    for group in _clusters(xy, threshold):
        cx, cy = xy[group].mean(axis=0)
        if len(group) == 1:
            text = _site_text(names[group[0]], placer.renderer, basis=bases[group[0]])
        elif detail:
            text = say("sites.see_detail", sites=count_by_basis(bases[i] for i in group))
        else:
            text = _cluster_text([short_name(names[i]) for i in group], [bases[i] for i in group], placer.renderer)
        placer.place(
            (cx, cy),
            text,
            _candidates([6, 16, 30]),
            required=True,
            fontsize=_LABEL_PT + 0.4,
            color=_INK,
            bbox=_LABEL_BOX,
            zorder=9,
        )


def _hidden_note(placer: _Placer, hidden: list[str], width_in: float) -> None:
    """Say which systems' rings the detail map leaves out because they cover all of it."""
    text = say("detail.hidden", systems=listed(hidden))
    note = placer.ax.text(
        0.99,
        0.015,
        "\n".join(wrap_text(text, width_in, _LABEL_PT - 0.4, placer.renderer)),
        transform=placer.ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=_LABEL_PT - 0.4,
        color="#444444",
        bbox=_LABEL_BOX,
        zorder=9,
    )
    placer.taken.append(note.get_window_extent(placer.renderer).padded(2))

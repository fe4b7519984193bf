"""Output size: the default map's HTML, naive equivalents with plain coordinates, and the GeoJSON export.

The naive variants are the *same* map (same features, popups, panels) with
one thing changed: ``encoded_geometry`` (encoded polylines, 5 decimals) is
replaced by plain GeoJSON coordinates, at full precision or at 5 decimals,
so the table separates the effect of rounding from the effect of encoding.
A plain ``folium.GeoJson`` of the features table (no popups or panels, every
column as a property) shows what the usual folium one-liner writes.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import folium
import numpy as np
import shapely

import georange
from georange import layers, proximity
from georange.export import geojson_text
from georange.render import html_map

#: Issue 13's budget: the transfer size of the default map, world basemap included.
TARGET_GZIPPED_BYTES = 100_000


@dataclass(frozen=True)
class Size:
    """One output and its size."""

    label: str
    raw: int
    gzipped: int
    note: str = ""


def _size(label: str, text: str, note: str = "") -> Size:
    data = text.encode("utf-8")
    return Size(label, len(data), len(gzip.compress(data, compresslevel=9, mtime=0)), note)


@contextmanager
def _geometry_as(fn: Callable[[Any, int], dict[str, Any]]) -> Iterator[None]:
    original = html_map.encoded_geometry
    html_map.encoded_geometry = fn  # type: ignore[assignment]
    try:
        yield
    finally:
        html_map.encoded_geometry = original


def _full_precision(geom: Any, decimals: int) -> dict[str, Any]:
    """Plain GeoJSON with every float64 as it is (no rounding)."""
    return dict(_lists(shapely.geometry.mapping(geom)))


def _plain_rounded(geom: Any, decimals: int) -> dict[str, Any]:
    """Plain GeoJSON with coordinates rounded to ``decimals``."""
    rounded = shapely.transform(geom, lambda xy: np.round(xy, decimals))
    return dict(_lists(shapely.geometry.mapping(rounded)))


def _lists(value: Any) -> Any:
    """Tuples to lists, as JSON has them."""
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_lists(v) for v in value]
    return value


def run() -> list[Size]:
    scn = georange.load_scenario()
    feats = layers.scenario_features(scn)
    prox = proximity.analyse(scn)
    default = html_map.map_html(scn, feats, prox)
    contained = html_map.map_html(scn, feats, prox, self_contained=True)
    with _geometry_as(_full_precision):
        naive_full = html_map.map_html(scn, feats, prox)
    with _geometry_as(_plain_rounded):
        naive_5 = html_map.map_html(scn, feats, prox)
    m = folium.Map(location=[15.0, -70.0], zoom_start=4)
    plain = feats.copy()
    plain["sources"] = plain["sources"].map(lambda s: [dict(x) for x in s] if isinstance(s, list) else [])
    folium.GeoJson(plain).add_to(m)
    folium_default = m.get_root().render()
    n_vertices = int(sum(shapely.get_num_coordinates(feats.geometry.values)))
    return [
        _size("default map (`georange.map_html(scn)`, Leaflet from a CDN)", default, "the target: ≤ 100 KB gzipped"),
        _size("self-contained map (`self_contained=True`, Leaflet inlined)", contained),
        _size(
            "same map, plain GeoJSON coordinates at full precision",
            naive_full,
            "`encoded_geometry` swapped for plain, unrounded coordinates",
        ),
        _size(
            "same map, plain GeoJSON coordinates at 5 decimals",
            naive_5,
            "rounding kept, encoding dropped",
        ),
        _size(
            "`folium.GeoJson(features)` default, full precision",
            folium_default,
            f"geometry and table columns only: no popups, legend, panels or basemap ({n_vertices:,} vertices)",
        ),
        _size("GeoJSON export (`georange export --format geojson`)", geojson_text(scn, feats), "6 decimals, sources"),
    ]

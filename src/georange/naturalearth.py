"""Natural Earth admin-0 country outlines shipped in ``geodata/naturalearth``.

Two layers, built by ``scripts/build_geodata.py`` (see
``geodata/naturalearth/PROVENANCE.md``): a 10 m *detail* layer clipped to the
Caribbean and the US Gulf and Atlantic coasts, where distances are measured,
and a simplified *coarse* world layer for drawing and for far-away checks.
:func:`country_geometry` joins them: 10 m detail inside the detail box,
coarse outside.  Natural Earth is public domain.

The GeoJSON files are the human-readable record; runs read their packed twins
in ``geodata/packed/`` (WKB, checksummed: see :mod:`georange._packed`), which
hold exactly the same geometries and properties.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import box, shape

from georange import _packed
from georange._errors import ValidationError
from georange.loading import data_root

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["NATURAL_EARTH_ATTRIBUTION", "countries", "country_geometry", "land", "read_layer", "read_layer_geojson"]

#: Attribution shown wherever the outlines are drawn or used.
NATURAL_EARTH_ATTRIBUTION = "Coastlines and borders: Natural Earth (public domain)"


@dataclass(frozen=True)
class _Layer:
    """One shipped layer as plain columns: no GeoDataFrame (and no geopandas) needed."""

    iso_a3: np.ndarray
    geometry: np.ndarray
    texts: dict[str, list[str | None]]
    meta: dict[str, Any]


def _frame(rows: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    import geopandas as gpd

    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def read_layer_geojson(name: str) -> tuple[gpd.GeoDataFrame, dict[str, Any]]:
    """A layer parsed from its GeoJSON (the slow reference path; runs use :func:`read_layer`)."""
    path = data_root() / "naturalearth" / f"{name}.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = [{**f["properties"], "geometry": shape(f["geometry"])} for f in data["features"]]
    return _frame(rows), data.get("_meta", {})


def _read_light(name: str) -> _Layer:
    table = _packed.read_packed(data_root() / "packed", f"{name}.bin")
    geoms = shapely.from_wkb(table.wkb["geometry"])
    return _Layer(np.array(table.texts["iso_a3"], dtype=object), geoms, table.texts, table.meta)


@functools.lru_cache(maxsize=2)
def _light(name: str) -> _Layer:
    return _read_light(name)


def read_layer(name: str) -> tuple[gpd.GeoDataFrame, dict[str, Any]]:
    """A layer from its packed twin: the same rows as :func:`read_layer_geojson`, without parsing JSON."""
    return _rows_frame(_read_light(name))


def _rows_frame(layer: _Layer) -> tuple[gpd.GeoDataFrame, dict[str, Any]]:
    keys = list(layer.texts)
    rows = [{**{k: layer.texts[k][i] for k in keys}, "geometry": g} for i, g in enumerate(layer.geometry)]
    return _frame(rows), layer.meta


def pack_layer(geojson: bytes) -> bytes:
    """The packed twin of one layer's GeoJSON bytes (used by ``scripts/build_geodata.py``)."""
    data = json.loads(geojson.decode("utf-8"))
    props = [f["properties"] for f in data["features"]]
    texts = {k: [p[k] for p in props] for k in sorted(props[0])}
    wkb = [shapely.to_wkb(shape(f["geometry"]), byte_order=1, output_dimension=2) for f in data["features"]]
    return _packed.pack(meta=data.get("_meta", {}), texts=texts, wkb={"geometry": wkb})


@functools.lru_cache(maxsize=2)
def _layer(name: str) -> tuple[gpd.GeoDataFrame, dict[str, Any]]:
    return _rows_frame(_light(name))


def countries(layer: str = "coarse") -> gpd.GeoDataFrame:
    """Country outlines of one layer (``"detail"`` or ``"coarse"``).

    Columns include ``iso_a3``, ``iso_a2``, ``name``, ``sovereign_a3`` and
    ``geometry`` (EPSG:4326).  The frame is shared: copy it before changing it.
    """
    if layer not in ("detail", "coarse"):
        raise ValueError(f"layer must be 'detail' or 'coarse', not {layer!r}")
    return _layer(f"countries_{layer}")[0]


def _columns(frame: gpd.GeoDataFrame | None, layer: str) -> tuple[np.ndarray, np.ndarray]:
    """A layer's ISO codes and geometries: the shipped layer's when ``frame`` is None."""
    if frame is None:
        light = _light(f"countries_{layer}")
        return light.iso_a3, light.geometry
    return frame["iso_a3"].to_numpy(), np.asarray(frame.geometry.values, dtype=object)


def _detail_box(detail: gpd.GeoDataFrame | None) -> shapely.Geometry:
    """The box inside which the detail layer holds 10 m data (from its ``_meta``)."""
    if detail is None or detail is countries("detail"):
        return box(*_light("countries_detail").meta["bbox"])
    return box(*detail.total_bounds) if len(detail) else box(0, 0, 0, 0)


def _country_parts(
    iso_a3: str, detail: tuple[np.ndarray, np.ndarray], coarse: tuple[np.ndarray, np.ndarray], inside: shapely.Geometry
) -> list[shapely.Geometry] | None:
    """A country's non-empty detail parts, then its coarse parts outside ``inside`` (None: in neither layer)."""
    fine = detail[1][detail[0] == iso_a3]
    rough = coarse[1][coarse[0] == iso_a3]
    if not len(fine) and not len(rough):
        return None
    parts = [*fine, *shapely.difference(rough, inside)]
    return [p for p in parts if not p.is_empty]


@functools.cache
def _shipped_outline(iso_a3: str) -> shapely.Geometry | None:
    """A country's merged outline from the shipped layers, computed once per process (None: unknown code)."""
    pieces = _country_parts(iso_a3, _columns(None, "detail"), _columns(None, "coarse"), _detail_box(None))
    return None if pieces is None else shapely.union_all(pieces)


def country_geometry(
    iso_a3: str,
    *,
    bbox: tuple[float, float, float, float] | None = None,
    detail: gpd.GeoDataFrame | None = None,
    coarse: gpd.GeoDataFrame | None = None,
) -> shapely.Geometry:
    """A country's outline: 10 m detail inside the detail box, coarse outside.

    Parameters
    ----------
    iso_a3
        ISO 3166-1 alpha-3 code (Natural Earth's ``ADM0_A3`` where ISO is unset).
    bbox
        Optional ``(lon_min, lat_min, lon_max, lat_max)`` to keep only part of
        the country (e.g. the Florida Keys).
    detail, coarse
        Layers to use instead of the shipped ones (for tests and what-ifs).
        With the shipped layers each country is merged once per process.
    """
    if detail is None and coarse is None:
        geom = _shipped_outline(iso_a3)
    else:
        pieces = _country_parts(iso_a3, _columns(detail, "detail"), _columns(coarse, "coarse"), _detail_box(detail))
        geom = None if pieces is None else shapely.union_all(pieces)
    if geom is None:
        raise ValidationError([f"naturalearth: unknown country code '{iso_a3}'"])
    if bbox is not None:
        geom = shapely.clip_by_rect(geom, *bbox)
    if geom.is_empty:
        raise ValidationError([f"naturalearth: '{iso_a3}' has no land inside {bbox}"])
    return geom


def country_parts(
    *, detail: gpd.GeoDataFrame | None = None, coarse: gpd.GeoDataFrame | None = None
) -> dict[str, shapely.Geometry]:
    """Every country's outline as unmerged parts, keyed by ISO code (sorted).

    The same land as :func:`country_geometry` (10 m detail inside the detail
    box, coarse outside) without the costly union: a point's distance to a
    country is its least distance to any part, and it lies in the country
    when it lies in a part.
    """
    d_iso, d_geom = _columns(detail, "detail")
    c_iso, c_geom = _columns(coarse, "coarse")
    rough = shapely.difference(c_geom, _detail_box(detail))
    isos = np.concatenate([d_iso, c_iso])
    geoms = np.concatenate([d_geom, rough])
    keep = ~shapely.is_empty(geoms)
    isos, geoms = isos[keep], geoms[keep]
    order = np.argsort(isos, kind="stable")
    keys, starts = np.unique(isos[order], return_index=True)
    groups = np.split(geoms[order], starts[1:])
    return {str(k): shapely.GeometryCollection(list(g)) for k, g in zip(keys, groups, strict=True)}


@functools.lru_cache(maxsize=8)
def land(
    bbox: tuple[float, float, float, float], *, tolerance_deg: float = 0.25, min_area_deg2: float = 0.03
) -> shapely.Geometry:
    """Simplified land inside ``bbox`` for a light vector basemap (drawing only).

    The coarse layer is clipped to ``(lon_min, lat_min, lon_max, lat_max)``,
    merged into one land mass (no borders), simplified by ``tolerance_deg`` and
    stripped of islands smaller than ``min_area_deg2`` square degrees.  Never
    used to measure anything.
    """
    clipped = shapely.clip_by_rect(_light("countries_coarse").geometry, *bbox)
    merged = shapely.simplify(shapely.union_all(clipped), tolerance_deg, preserve_topology=True)
    parts = [p for p in shapely.get_parts(merged) if isinstance(p, shapely.Polygon) and p.area >= min_area_deg2]
    return shapely.MultiPolygon(parts)

"""GeoJSON geometry with coordinates rounded for output.

Six decimal places of a degree are at most 0.11 m on the ground, well inside
the 0.05 % edge tolerance of any ring wider than a few hundred metres, and
keep files small.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

__all__ = ["COORDINATE_DECIMALS", "decoded_geometry", "encoded_geometry", "geometry_json"]

#: Decimal places of a degree kept in HTML and GeoJSON output (about 0.11 m).
COORDINATE_DECIMALS = 6


def geometry_json(geom: shapely.Geometry, decimals: int = COORDINATE_DECIMALS) -> dict[str, Any]:
    """A GeoJSON geometry mapping with coordinates rounded to ``decimals`` (plain lists)."""

    def coords(part: shapely.Geometry) -> list[Any]:
        return np.round(shapely.get_coordinates(part), decimals).tolist()  # type: ignore[no-any-return]

    def polygon(poly: shapely.Polygon) -> list[Any]:
        return [coords(poly.exterior), *(coords(ring) for ring in poly.interiors)]

    kind = geom.geom_type
    if kind == "Point":
        return {"type": kind, "coordinates": coords(geom)[0]}
    if kind == "LineString":
        return {"type": kind, "coordinates": coords(geom)}
    if kind == "Polygon":
        return {"type": kind, "coordinates": polygon(geom)}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [polygon(p) for p in geom.geoms]}
    if kind == "MultiLineString":
        return {"type": kind, "coordinates": [coords(g) for g in geom.geoms]}
    rounded = shapely.transform(geom, lambda xy: np.round(xy, decimals))  # other types: the general route
    result: dict[str, Any] = _lists(shapely.geometry.mapping(rounded))
    return result


def _lists(value: Any) -> Any:
    """Tuples to lists, so equal geometries serialise identically."""
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_lists(v) for v in value]
    return value


def _encode_values(ints: np.ndarray) -> str:
    """Google's encoded-polyline scheme for a flat sequence of integers (already deltas)."""
    out: list[str] = []
    for value in ints.tolist():
        v = ~(value << 1) if value < 0 else value << 1
        while v >= 0x20:
            out.append(chr((0x20 | (v & 0x1F)) + 63))
            v >>= 5
        out.append(chr(v + 63))
    return "".join(out)


def _encode_ring(coords: np.ndarray, decimals: int) -> str:
    ints = np.round(np.asarray(coords)[:, :2] * 10**decimals).astype(np.int64)
    deltas = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return _encode_values(deltas.ravel())


def encoded_geometry(geom: shapely.Geometry, decimals: int) -> dict[str, Any]:
    """A compact geometry: each ring or line as an encoded-polyline string of (lon, lat) deltas.

    Same structure as GeoJSON, with ``"enc"`` in place of ``"coordinates"``
    (points keep plain coordinates).  Values are rounded to ``decimals``
    decimal places, exactly as :func:`geometry_json` would; the map's
    JavaScript (and :func:`decoded_geometry`) restores them.
    """
    kind = geom.geom_type
    if kind == "Point":
        return geometry_json(geom, decimals)

    def poly(p: shapely.Polygon) -> list[str]:
        return [_encode_ring(np.asarray(r.coords), decimals) for r in (p.exterior, *p.interiors)]

    if kind == "Polygon":
        enc: Any = poly(geom)
    elif kind == "MultiPolygon":
        enc = [poly(p) for p in geom.geoms]
    elif kind == "LineString":
        enc = _encode_ring(np.asarray(geom.coords), decimals)
    elif kind == "MultiLineString":
        enc = [_encode_ring(np.asarray(g.coords), decimals) for g in geom.geoms]
    else:
        raise ValueError(f"cannot encode {kind}")
    return {"type": kind, "enc": enc, "precision": decimals}


def _decode_string(text: str, decimals: int) -> list[list[float]]:
    values: list[int] = []
    shift = result = 0
    for ch in text:
        b = ord(ch) - 63
        result |= (b & 0x1F) << shift
        shift += 5
        if b < 0x20:
            values.append(~(result >> 1) if result & 1 else result >> 1)
            shift = result = 0
    pairs = np.cumsum(np.array(values, dtype=np.int64).reshape(-1, 2), axis=0)
    return [[round(x / 10**decimals, decimals), round(y / 10**decimals, decimals)] for x, y in pairs.tolist()]


def decoded_geometry(data: dict[str, Any]) -> dict[str, Any]:
    """Plain GeoJSON from :func:`encoded_geometry` output (for tests and tools)."""
    if "enc" not in data:
        return data
    d, enc, kind = data["precision"], data["enc"], data["type"]
    if kind == "Polygon":
        coords: Any = [_decode_string(r, d) for r in enc]
    elif kind == "MultiPolygon":
        coords = [[_decode_string(r, d) for r in p] for p in enc]
    elif kind == "LineString":
        coords = _decode_string(enc, d)
    else:
        coords = [_decode_string(r, d) for r in enc]
    return {"type": kind, "coordinates": coords}

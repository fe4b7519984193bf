"""Measure georange's ring accuracy and vertex counts (the figures in the README).

Run: python benchmarks/ring_accuracy.py

For each centre and radius: the vertex count, the largest vertex error (an
independent Geod.inv on every vertex) and the largest deviation of a drawn
edge from the true circle, at the edge's midpoint interpolated in Web
Mercator (pyproj EPSG:3857), in metres and in % of the radius.
"""

from __future__ import annotations

import numpy as np
from pyproj import Geod, Transformer

from georange import geodesy

GEOD = Geod(ellps="WGS84")
FWD = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
INV = Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)
CENTRES = {"Caracas": (10.4806, -66.9036), "near 180": (0.0, 179.5), "near pole": (80.0, 0.0)}
RADII_KM = (20, 45, 300, 1500, 2500, 5500, 10000)


def edge_deviation_m(lat: float, lon: float, r_m: float, v: geodesy.RingVertices) -> float:
    lo, la = v.lon, v.lat
    lo2, la2 = np.roll(lo, -1), np.roll(la, -1)
    keep = (np.abs(la) <= 85.0511) & (np.abs(la2) <= 85.0511)
    dlon = (lo2 - lo + 180.0) % 360.0 - 180.0
    x1, y1 = FWD.transform(np.zeros(keep.sum()), la[keep])
    x2, y2 = FWD.transform(dlon[keep], la2[keep])
    mlon, mlat = INV.transform((x1 + x2) / 2, (y1 + y2) / 2)
    mlon = (mlon + lo[keep] + 180.0) % 360.0 - 180.0
    n = len(mlon)
    _, _, d = GEOD.inv(np.full(n, lon), np.full(n, lat), mlon, mlat)
    return float(np.abs(d - r_m).max()) if n else float("nan")


def main() -> None:
    print("| centre | radius km | vertices | max vertex error (m) | max edge deviation (m) | edge dev % of radius |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (lat, lon) in CENTRES.items():
        for r in RADII_KM:
            (v,) = geodesy.ring_vertices(lat=lat, lon=lon, radius_km=r)
            n = len(v.lon)
            _, _, d = GEOD.inv(np.full(n, lon), np.full(n, lat), v.lon, v.lat)
            vert = float(np.abs(d - r * 1000.0).max())
            edge = edge_deviation_m(lat, lon, r * 1000.0, v)
            print(f"| {name} | {r:,} | {n} | {vert:.1e} | {edge:,.1f} | {100 * edge / (r * 1000):.4f} |")


if __name__ == "__main__":
    main()

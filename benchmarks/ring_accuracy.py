"""Measure georange's ring accuracy and vertex counts (the figures in the README).

Run: python benchmarks/ring_accuracy.py          (georange only)
     python benchmarks/ring_accuracy.py --all    (also the AEQD buffer, the degree buffer and Leaflet's L.Circle)

For each centre and radius: the vertex count, the largest vertex error (an
independent Geod.inv on every vertex) and the largest deviation of a drawn
edge from the true circle, at the edge's midpoint interpolated in Web
Mercator, in metres and in % of the radius.  The measurement is
``accuracy.evaluate``, the same as section 1 of the benchmark suite
(``python benchmarks/run.py``, which writes benchmarks/README.md).
"""

from __future__ import annotations

import sys

from accuracy import CENTRES, RADII_KM, detail, evaluate, summary


def main(argv: list[str]) -> None:
    rows = [row for name, (lat, lon) in CENTRES.items() for r in RADII_KM for row in evaluate(name, lat, lon, r)]
    if "--all" in argv:
        print(summary(rows))
        print()
        print(detail(rows))
        return
    print("| centre | radius km | vertices | max vertex error (m) | max edge deviation (m) | edge dev % of radius |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        if row.method == "georange":
            r_m = row.radius_km * 1000
            print(
                f"| {row.centre} | {row.radius_km:,} | {row.vertices} | {row.vertex_m:.1e} | {row.edge_m:,.1f} "
                f"| {100 * row.edge_m / r_m:.4f} |"
            )


if __name__ == "__main__":
    main(sys.argv[1:])

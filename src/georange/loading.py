"""Load and validate the cited catalogue and scenario files.

The built-in data ships inside the package (``georange/geodata``) and is found
with :mod:`importlib.resources`.  Every problem in a file is collected and
reported at once, each as ``file: key.path: message``.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import reprlib
from collections.abc import Callable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import pydantic
import yaml

from georange import _yaml
from georange._errors import ValidationError
from georange._validate import Problems, suggestion, validate_entry
from georange.catalogue import Catalogue, Place, Reference, Site, System
from georange.scenario import Scenario

__all__ = [
    "DEFAULT_SCENARIO",
    "build_scenario",
    "data_root",
    "load_catalogue",
    "load_scenario",
    "read_yaml",
    "scenario_from_mapping",
]

#: The id of the built-in scenario ``georange render`` uses by default.
DEFAULT_SCENARIO = "venezuela"

#: Files larger than this are refused before parsing.
MAX_FILE_BYTES = 5_000_000

M = TypeVar("M", bound=pydantic.BaseModel)

_CATALOGUE_FILES: dict[str, type[pydantic.BaseModel]] = {
    "systems": System,
    "sites": Site,
    "places": Place,
    "references": Reference,
}


def data_root() -> Traversable:
    """The packaged ``geodata`` folder."""
    return importlib.resources.files("georange") / "geodata"


def read_yaml(source: Path | Traversable, *, display: str) -> Any:
    """Parse one YAML file safely; any failure names the file.

    Parameters
    ----------
    source
        The file to read.
    display
        How the file is named in messages (e.g. ``geodata/systems.yaml``).
    """
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise ValidationError([f"{display}: cannot read file: {exc.strerror or exc}"]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ValidationError([f"{display}: file is larger than {MAX_FILE_BYTES:,} bytes"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError([f"{display}: not a UTF-8 text file"]) from None
    try:
        data = _yaml.load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ValidationError([f"{display}: invalid YAML: {where}{exc.problem}"]) from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise ValidationError([f"{display}: invalid YAML: {type(exc).__name__}"]) from None
    if data is None:
        raise ValidationError([f"{display}: file is empty"])
    return data


def _entries(data: Any, key: str, *, display: str, problems: Problems) -> list[Any]:
    if not isinstance(data, dict):
        problems.add(display, (), f"expected a mapping with a '{key}' list at the top level")
        return []
    unknown = sorted(str(k) for k in data if k not in (key, "_meta"))
    for name in unknown:
        problems.add(display, (name,), "unknown key" + suggestion(name, [key]))
    entries = data.get(key)
    if not isinstance(entries, list) or not entries:
        problems.add(display, (key,), "must be a non-empty list")
        return []
    return entries


def _index(models: list[tuple[int, M]], *, display: str, key: str, problems: Problems) -> dict[str, M]:
    out: dict[str, M] = {}
    for i, model in models:
        ident = str(model.model_dump()["id"])
        if ident in out:
            problems.add(display, (key, i, "id"), f"duplicate id '{ident}'")
        out[ident] = model
    return out


@functools.lru_cache(maxsize=4)
def _load_catalogue_cached(root_key: str) -> Catalogue:
    root: Path | Traversable = data_root() if root_key == "" else Path(root_key)
    prefix = "geodata" if root_key == "" else root_key.rstrip("/")
    problems = Problems()
    parts: dict[str, dict[str, Any]] = {}
    for key, model in _CATALOGUE_FILES.items():
        display = f"{prefix}/{key}.yaml"
        data = read_yaml(root / f"{key}.yaml", display=display)
        validated = [
            (i, m)
            for i, entry in enumerate(_entries(data, key, display=display, problems=problems))
            if (m := validate_entry(model, entry, file=display, loc=(key, i), problems=problems)) is not None
        ]
        parts[key] = _index(validated, display=display, key=key, problems=problems)
    if problems:
        raise ValidationError(problems.lines)
    return Catalogue(**parts)


def load_catalogue(root: str | Path | None = None) -> Catalogue:
    """Load and validate the catalogue (by default the packaged ``geodata``).

    Parameters
    ----------
    root
        A folder holding ``systems.yaml``, ``sites.yaml``, ``places.yaml`` and
        ``references.yaml``; None for the built-in data.

    Raises
    ------
    georange.ValidationError
        Listing every problem, each with its file and key path.
    """
    return _load_catalogue_cached("" if root is None else str(Path(root)))


def _resolve_list(
    items: Any,
    *,
    key: str,
    model: type[M],
    known: dict[str, M],
    display: str,
    problems: Problems,
) -> list[M]:
    """Catalogue ids or inline definitions, resolved to models."""
    if items is None:
        return []
    if not isinstance(items, list):
        problems.add(display, (key,), "must be a list of catalogue ids or inline definitions")
        return []
    resolved: list[tuple[int, M]] = []
    for i, item in enumerate(items):
        entry = _resolve_item(item, i, key=key, model=model, known=known, display=display, problems=problems)
        if entry is not None:
            resolved.append((i, entry))
    seen: set[str] = set()
    for i, entry in resolved:
        ident = str(entry.model_dump()["id"])
        if ident in seen:
            problems.add(display, (key, i), f"duplicate id '{ident}'")
        seen.add(ident)
    return [entry for _, entry in resolved]


def _resolve_item(
    item: Any, i: int, *, key: str, model: type[M], known: dict[str, M], display: str, problems: Problems
) -> M | None:
    """One list entry: a catalogue id, a site selection, or an inline definition."""
    if isinstance(item, str):
        found = known.get(item)
        if found is None:
            problems.add(display, (key, i), _unknown_id(key, item, list(known)))
        return found
    if isinstance(item, dict) and key == "sites" and _is_site_selection(item):
        found = known.get(item["id"])
        if found is None:
            problems.add(display, (key, i, "id"), _unknown_id(key, item["id"], list(known)))
            return None
        return found.model_copy(update={"systems": _id_list(item["systems"])})
    if isinstance(item, dict):
        return validate_entry(model, item, file=display, loc=(key, i), problems=problems)
    problems.add(display, (key, i), "must be a catalogue id or an inline mapping")
    return None


def _is_site_selection(item: dict[str, Any]) -> bool:
    """``{id: <catalogue site>, systems: [...]}`` picks a catalogue site's systems."""
    return set(item) == {"id", "systems"} and isinstance(item.get("id"), str)


def _id_list(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [v if isinstance(v, str) else _SHORT.repr(v) for v in items]


def _unknown_id(key: str, item: str, known: list[str]) -> str:
    return f"unknown {key[:-1]} id '{item}'{suggestion(item, known)}"


_MAX_TEXT = 2000  # the same limit as catalogue.Text

# Shows a non-string value in a message without walking it (YAML aliases can
# make a tiny file describe an enormous structure).
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxstring, _SHORT.maxother = 2, 3, 3, 60, 60

_SCENARIO_KEYS = ("id", "title", "description", "systems", "sites", "places", "references")


def _site_systems(
    sites: list[Site], systems: list[System], *, display: str, problems: Problems
) -> dict[str, tuple[str, ...]]:
    ids = [s.id for s in systems]
    out: dict[str, tuple[str, ...]] = {}
    for i, site in enumerate(sites):
        chosen = ids if site.systems is None else site.systems
        if site.systems is not None and not site.systems:
            problems.add(display, ("sites", i, "systems"), "must name at least one system (or be left out)")
        for j, sid in enumerate(chosen):
            if sid not in ids:
                problems.add(display, ("sites", i, "systems", j), f"system '{sid}' is not in this scenario")
        out[site.id] = tuple(s for s in chosen if s in ids)
    return out


def _scenario_header(data: dict[str, Any], *, display: str, problems: Problems) -> tuple[str, str, str | None]:
    missing = [k for k in _SCENARIO_KEYS if k not in data]
    for key in data:
        if key not in _SCENARIO_KEYS and key != "_meta":
            name = _SHORT.repr(key) if not isinstance(key, str) else key
            hint = suggestion(name, missing) or suggestion(name, _SCENARIO_KEYS)
            problems.add(display, (name[:80],), "unknown key" + hint)
    ident, title, desc = data.get("id"), data.get("title"), data.get("description")
    if not isinstance(ident, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,80}", ident):
        problems.add(display, ("id",), "is required: letters, digits, '-' or '_' (used in file names)")
    if not isinstance(title, str) or not title.strip():
        problems.add(display, ("title",), "is required: a non-empty string")
    elif len(title) > _MAX_TEXT:
        problems.add(display, ("title",), f"must be at most {_MAX_TEXT:,} characters")
    if desc is not None and not isinstance(desc, str):
        problems.add(display, ("description",), "must be a string")
    elif desc is not None and len(desc) > _MAX_TEXT:
        problems.add(display, ("description",), f"must be at most {_MAX_TEXT:,} characters")
    for key in ("systems", "sites"):
        if not data.get(key):
            problems.add(display, (key,), "is required: a non-empty list")
    return (
        ident if isinstance(ident, str) else "",
        title if isinstance(title, str) else "",
        desc if isinstance(desc, str) else None,
    )


def scenario_from_mapping(data: Any, *, display: str, catalogue: Catalogue | None = None) -> Scenario:
    """Validate a parsed scenario and resolve its catalogue ids.

    Parameters
    ----------
    data
        The parsed scenario (e.g. from YAML).
    display
        How the scenario is named in messages.
    catalogue
        Where ids are looked up; the built-in catalogue by default.
    """
    cat = catalogue if catalogue is not None else load_catalogue()
    problems = Problems()
    if not isinstance(data, dict):
        raise ValidationError([f"{display}: expected a mapping (id, title, systems, sites, ...) at the top level"])
    ident, title, desc = _scenario_header(data, display=display, problems=problems)
    resolve: Callable[..., list[Any]] = functools.partial(_resolve_list, display=display, problems=problems)
    systems = resolve(data.get("systems"), key="systems", model=System, known=cat.systems)
    sites = resolve(data.get("sites"), key="sites", model=Site, known=cat.sites)
    places = resolve(data.get("places"), key="places", model=Place, known=cat.places)
    references = resolve(data.get("references"), key="references", model=Reference, known=cat.references)
    site_systems = _site_systems(sites, systems, display=display, problems=problems)
    if problems:
        raise ValidationError(problems.lines)
    return Scenario(
        id=ident,
        title=title,
        description=desc,
        systems=tuple(systems),
        sites=tuple(sites),
        places=tuple(places),
        references=tuple(references),
        site_systems=site_systems,
        source=display,
    )


def build_scenario(
    *,
    id: str,
    title: str,
    systems: list[str | System | dict[str, Any]],
    sites: list[str | Site | dict[str, Any]],
    places: list[str | Place | dict[str, Any]] | None = None,
    references: list[str | Reference | dict[str, Any]] | None = None,
    description: str | None = None,
    catalogue: Catalogue | None = None,
) -> Scenario:
    """Build a scenario in code from catalogue ids, model objects or plain dicts.

    Everything is validated exactly like a YAML file (a range without a source
    is refused with the same message), with ``<python>`` as the file name.

    Examples
    --------
    >>> scn = build_scenario(id="demo", title="Demo", systems=["buk-m2"], sites=["la-orchila"])
    >>> [s.id for s in scn.systems], scn.sites[0].hypothetical
    (['buk-m2'], True)
    """

    def plain(items: list[Any] | None) -> list[Any]:
        return [
            i.model_dump(mode="json", exclude_none=True) if isinstance(i, pydantic.BaseModel) else i
            for i in items or []
        ]

    data: dict[str, Any] = {"id": id, "title": title, "systems": plain(systems), "sites": plain(sites)}
    data |= {"places": plain(places), "references": plain(references)}
    if description is not None:
        data["description"] = description
    return scenario_from_mapping(data, display="<python>", catalogue=catalogue)


def load_scenario(path: str | Path | None = None, *, catalogue: Catalogue | None = None) -> Scenario:
    """Load a scenario file, or the built-in one by id or by default.

    Parameters
    ----------
    path
        A YAML file, the id of a built-in scenario (``"venezuela"``), or None
        for the default scenario.
    catalogue
        Where ids are looked up; the built-in catalogue by default.

    Raises
    ------
    georange.ValidationError
        Listing every problem, each with its file and key path.
    """
    name = DEFAULT_SCENARIO if path is None else str(path)
    builtin = data_root() / "scenarios" / f"{name}.yaml"
    if path is None or ("/" not in name and not name.endswith((".yaml", ".yml")) and builtin.is_file()):
        display = f"geodata/scenarios/{name}.yaml"
        return scenario_from_mapping(read_yaml(builtin, display=display), display=display, catalogue=catalogue)
    file = Path(name)
    if not file.is_file():
        raise ValidationError([f"{name}: no such scenario file or built-in scenario id"])
    return scenario_from_mapping(read_yaml(file, display=name), display=name, catalogue=catalogue)

"""Load and validate the cited catalogue and scenario files.

The built-in data ships inside the package (``georange/geodata``) and is found
with :mod:`importlib.resources`.  Every problem in a file is collected and
reported at once, each as ``file: key.path: message``.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Callable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import pydantic
import yaml

from georange import _yaml
from georange._errors import ValidationError
from georange._validate import Problems, suggestion, validate_entry
from georange.catalogue import Catalogue, Place, Reference, Site, Status, System, Territory
from georange.scenario import ENTRY_TAGS, Scenario, ScenarioFile, SiteSelection

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


def _resolve_list(entries: list[Any], *, key: str, known: dict[str, M], display: str, problems: Problems) -> list[M]:
    """Validated entries (catalogue ids, site selections or inline models), resolved to models."""
    resolved: list[tuple[int, M]] = []
    for i, item in enumerate(entries):
        entry: Any = item
        if isinstance(item, str):
            entry = known.get(item)
            if entry is None:
                problems.add(display, (key, i), _unknown_id(key, item, list(known)))
        elif isinstance(item, SiteSelection):
            entry = known.get(item.id)
            if entry is None:
                problems.add(display, (key, i, "id"), _unknown_id(key, item.id, list(known)))
            else:
                entry = entry.model_copy(update={"systems": list(item.systems)})
        if entry is not None:
            resolved.append((i, entry))
    seen: set[str] = set()
    for i, entry in resolved:
        ident = str(entry.id)
        if ident in seen:
            problems.add(display, (key, i), f"duplicate id '{ident}'")
        seen.add(ident)
    return [entry for _, entry in resolved]


def _unknown_ids_in_raw(data: dict[str, Any], cat: Catalogue, *, display: str, problems: Problems) -> None:
    """Unknown catalogue ids of a file the model refused, so that every problem is reported at once."""
    for key in _CATALOGUE_FILES:
        entries, known = data.get(key), getattr(cat, key)
        for i, item in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(item, str) and _ID.fullmatch(item) and item not in known:
                problems.add(display, (key, i), _unknown_id(key, item, list(known)))


_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


def _unknown_id(key: str, item: str, known: list[str]) -> str:
    return f"unknown {key[:-1]} id '{item}'{suggestion(item, known)}"


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


@functools.lru_cache(maxsize=1)
def _default_declarations() -> tuple[tuple[Territory, ...], tuple[str, ...]]:
    """The default scenario's territories and caveats (used where a scenario leaves them out)."""
    display = f"geodata/scenarios/{DEFAULT_SCENARIO}.yaml"
    data = read_yaml(data_root() / "scenarios" / f"{DEFAULT_SCENARIO}.yaml", display=display)
    problems = Problems()
    doc = validate_entry(ScenarioFile, data, file=display, loc=(), problems=problems, tags=ENTRY_TAGS)
    if doc is None:
        raise ValidationError(problems.lines)
    return tuple(doc.territories or ()), tuple(doc.caveats or ())


def _ratio_reference(doc: ScenarioFile, references: list[Reference], *, display: str, problems: Problems) -> str | None:
    ids = [r.id for r in references]
    if doc.ratio_reference is None:
        if len(ids) > 1:
            problems.add(display, ("ratio_reference",), "is required: the scenario has more than one reference")
        return ids[0] if len(ids) == 1 else None
    if doc.ratio_reference not in ids:
        problems.add(
            display,
            ("ratio_reference",),
            f"reference '{doc.ratio_reference}' is not in this scenario{suggestion(doc.ratio_reference, ids)}",
        )
    return doc.ratio_reference


def _territories(doc: ScenarioFile, *, display: str, problems: Problems) -> tuple[tuple[Territory, ...], str | None]:
    territories = tuple(doc.territories) if doc.territories is not None else _default_declarations()[0]
    ids = [t.id for t in territories]
    for i, ident in enumerate(ids):
        if ident in ids[:i]:
            problems.add(display, ("territories", i, "id"), f"duplicate id '{ident}'")
    headline = doc.headline_territory
    if headline is not None and headline not in ids:
        problems.add(display, ("headline_territory",), f"territory '{headline}' is not in this scenario")
    return territories, headline if headline is not None else (ids[0] if ids else None)


def _statuses(
    doc: ScenarioFile, systems: list[System], cat: Catalogue, *, display: str, problems: Problems
) -> dict[str, Status]:
    known = [s.id for s in systems] + [s for s in cat.systems if s not in {x.id for x in systems}]
    for system_id in doc.statuses:
        if system_id not in known:
            problems.add(display, ("statuses", system_id), _unknown_id("systems", system_id, known))
    return dict(doc.statuses)


def scenario_from_mapping(data: Any, *, display: str, catalogue: Catalogue | None = None) -> Scenario:
    """Validate a parsed scenario (through :class:`~georange.scenario.ScenarioFile`) and resolve its ids.

    Parameters
    ----------
    data
        The parsed scenario (e.g. from YAML).
    display
        How the scenario is named in messages.
    catalogue
        Where ids are looked up; the built-in catalogue by default.
    """
    if not isinstance(data, dict):
        raise ValidationError([f"{display}: expected a mapping (id, title, systems, sites, ...) at the top level"])
    problems = Problems()
    body = {k: v for k, v in data.items() if k != "_meta"}
    doc = validate_entry(ScenarioFile, body, file=display, loc=(), problems=problems, tags=ENTRY_TAGS)
    cat = catalogue if catalogue is not None else load_catalogue()
    if doc is None:
        _unknown_ids_in_raw(body, cat, display=display, problems=problems)
        raise ValidationError(problems.lines)
    resolve: Callable[..., list[Any]] = functools.partial(_resolve_list, display=display, problems=problems)
    systems = resolve(doc.systems, key="systems", known=cat.systems)
    sites = resolve(doc.sites, key="sites", known=cat.sites)
    places = resolve(doc.places, key="places", known=cat.places)
    references = resolve(doc.references, key="references", known=cat.references)
    site_systems = _site_systems(sites, systems, display=display, problems=problems)
    ratio_reference = _ratio_reference(doc, references, display=display, problems=problems)
    territories, headline = _territories(doc, display=display, problems=problems)
    statuses = _statuses(doc, systems, cat, display=display, problems=problems)
    if problems:
        raise ValidationError(problems.lines)
    return Scenario(
        id=doc.id,
        title=doc.title,
        description=doc.description,
        systems=tuple(systems),
        sites=tuple(sites),
        places=tuple(places),
        references=tuple(references),
        site_systems=site_systems,
        source=display,
        territories=territories,
        headline_territory_id=headline,
        ratio_reference_id=ratio_reference,
        caveats=tuple(doc.caveats) if doc.caveats is not None else _default_declarations()[1],
        statuses=statuses,
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
    ratio_reference: str | None = None,
    statuses: dict[str, Status | dict[str, Any]] | None = None,
    catalogue: Catalogue | None = None,
) -> Scenario:
    """Build a scenario in code from catalogue ids, model objects or plain dicts.

    Everything is validated exactly like a YAML file (a range without a source
    is refused with the same message), with ``<python>`` as the file name.

    Examples
    --------
    >>> scn = build_scenario(id="demo", title="Demo", systems=["buk-m2"], sites=["la-orchila"])
    >>> [s.id for s in scn.systems], scn.sites[0].basis
    (['buk-m2'], 'hypothetical')
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
    if ratio_reference is not None:
        data["ratio_reference"] = ratio_reference
    if statuses:
        data["statuses"] = {k: plain([v])[0] for k, v in statuses.items()}
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

"""The shipped geodata/ against its rules: every entry, broken one thing at a time, is refused.

The models (:mod:`georange.catalogue`) already refuse an uncited or
malformed entry when the data loads, so re-reading the loaded objects would
test nothing.  Instead each test here takes the real shipped files, breaks
one thing in one entry, loads the copy and checks the single problem line:
the file, the entry's exact key path and the rule.  That proves every
shipped entry is guarded, whatever kind of entry it is (a claim status, a
range, a reference endpoint ...).  tests/test_validation.py covers the
messages themselves on a small fixture catalogue; this file does not repeat
its cases beyond the per-entry walk.

The walks over every entry at the end check what the models do not: blank
text, a URL cited twice for one parameter, a publication date after the
access date.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from georange import ValidationError, load_catalogue, load_scenario
from georange.loading import scenario_from_mapping

GEODATA = Path(__file__).resolve().parents[1] / "geodata"
FILES = ("systems", "sites", "places", "references")
TEXT = {name: (GEODATA / f"{name}.yaml").read_text(encoding="utf-8") for name in FILES}
SCENARIO_DISPLAY = "geodata/scenarios/venezuela.yaml"
SCENARIO_TEXT = (GEODATA / "scenarios" / "venezuela.yaml").read_text(encoding="utf-8")
FUTURE = dt.date.today() + dt.timedelta(days=400)

Loc = tuple[str | int, ...]
Change = Callable[[dict[str, Any]], object]


def parsed(name: str) -> dict[str, Any]:
    """A fresh copy of one shipped file, parsed."""
    data: dict[str, Any] = yaml.load(TEXT[name], Loader=yaml.CSafeLoader)
    return data


SHIPPED = {name: parsed(name) for name in FILES}


def key_path(loc: Loc) -> str:
    """``("systems", 2, "ranges", 0)`` as ``systems[2].ranges[0]``."""
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(loc))


def dig(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def problems_after(tmp_path: Path, name: str, change: Change) -> tuple[str, list[str]]:
    """Copy the shipped catalogue, apply ``change`` to one file, load it; the file's name and every problem."""
    for other in FILES:
        (tmp_path / f"{other}.yaml").write_text(TEXT[other], encoding="utf-8")
    data = copy.deepcopy(SHIPPED[name])  # no YAML anchors are shared, so a deep copy is a fresh parse
    change(data)
    # JSON is YAML, and far quicker to write than yaml.safe_dump; dates go back to ISO strings.
    (tmp_path / f"{name}.yaml").write_text(json.dumps(data, default=dt.date.isoformat), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_catalogue(tmp_path)
    return f"{tmp_path}/{name}.yaml", info.value.problems


def assert_one_problem(tmp_path: Path, name: str, change: Change, loc: Loc, rule: str) -> None:
    """Exactly one problem, at ``<file>: <key path>: ``, stating ``rule``."""
    display, problems = problems_after(tmp_path, name, change)
    assert len(problems) == 1, problems
    prefix = f"{display}: {key_path(loc)}: "
    assert problems[0].startswith(prefix), (prefix, problems[0])
    assert rule in problems[0][len(prefix) :], (rule, problems[0])


def test_the_unbroken_copy_loads() -> None:
    """Every case below breaks exactly one thing of data that loads cleanly."""
    catalogue = load_catalogue(GEODATA)
    assert set(catalogue.systems) == {s["id"] for s in SHIPPED["systems"]["systems"]}


# --------------------------------------------------------------------------- every cited parameter


def cited_parameters() -> Iterator[tuple[str, Loc]]:
    """Every parameter that must carry sources and an estimate flag: file and key path."""
    for i, system in enumerate(SHIPPED["systems"]["systems"]):
        for j in range(len(system["ranges"])):
            yield "systems", ("systems", i, "ranges", j)
    for name in ("sites", "places"):
        for i in range(len(SHIPPED[name][name])):
            yield name, (name, i)
    for i, ref in enumerate(SHIPPED["references"]["references"]):
        yield "references", ("references", i)
        for k in range(len(ref["endpoints"])):
            yield "references", ("references", i, "endpoints", k)


def _entry_id(name: str, loc: Loc) -> str:
    entry = dig(SHIPPED[name], loc[:2])
    return f"{name}.yaml:{entry['id']}{key_path(('', *loc[2:]))}"


PARAMETERS = [pytest.param(name, loc, id=_entry_id(name, loc)) for name, loc in cited_parameters()]


def _set(loc: Loc, key: str, value: Any) -> Change:
    return lambda data: dig(data, loc).__setitem__(key, value)


def _pop(loc: Loc, key: str) -> Change:
    return lambda data: dig(data, loc).pop(key)


@pytest.mark.parametrize(("name", "loc"), PARAMETERS)
def test_parameter_is_refused_uncited_undated_or_unflagged(tmp_path: Path, name: str, loc: Loc) -> None:
    """Each break, alone, gives one problem at this parameter's key path."""
    source = (*loc, "sources", 0)
    cases: list[tuple[Change, Loc, str]] = [
        (_pop(loc, "sources"), (*loc, "sources"), "at least one source is required"),
        (_pop(loc, "estimate"), (*loc, "estimate"), "is required"),
        (_set(source, "url", "ftp://example.org/x"), (*source, "url"), "must be an http:// or https:// URL"),
        (_set(source, "accessed", FUTURE), (*source, "accessed"), f"date {FUTURE.isoformat()} is in the future"),
    ]
    for change, where, rule in cases:
        assert_one_problem(tmp_path, name, change, where, rule)


# --------------------------------------------------------------------------- ranges and systems

SYSTEMS = SHIPPED["systems"]["systems"]
RANGES = [
    pytest.param(("systems", i, "ranges", j), id=f"{s['id']}.ranges[{j}]")
    for i, s in enumerate(SYSTEMS)
    for j in range(len(s["ranges"]))
]


def _km(value: float) -> str:
    return f"{value:g}"


@pytest.mark.parametrize("loc", RANGES)
def test_range_is_refused_unflagged_or_out_of_order(tmp_path: Path, loc: Loc) -> None:
    rng = dig(SHIPPED["systems"], loc)
    km = rng["km"]
    cases: list[tuple[Change, str]] = [
        (_set(loc, "estimate", False), "a reported range is always an estimate"),
        (_set(loc, "low_km", km + 1), f"low_km ({_km(km + 1)}) must not exceed km ({_km(km)})"),
        (_set(loc, "high_km", km / 2), f"high_km ({_km(km / 2)}) must not be below km ({_km(km)})"),
    ]
    for change, rule in cases:
        assert_one_problem(tmp_path, "systems", change, loc, rule)


def _lowest_max_km(system: dict[str, Any]) -> float:
    (top,) = [r for r in system["ranges"] if r["kind"] == "max"]
    return float(top.get("low_km", top["km"]))


def _min_range_reaching_max(i: int) -> Change:
    """The system's min range (added where it has none) raised to the bottom of its max span."""

    def change(data: dict[str, Any]) -> None:
        system = data["systems"][i]
        top = next(r for r in system["ranges"] if r["kind"] == "max")
        low = next((r for r in system["ranges"] if r["kind"] == "min"), None)
        if low is None:
            low = {**top, "kind": "min"}
            system["ranges"].append(low)
        for key in ("low_km", "high_km"):
            low.pop(key, None)
        low["km"] = _lowest_max_km(system)

    return change


def _second_max(i: int) -> Change:
    def change(data: dict[str, Any]) -> None:
        ranges = data["systems"][i]["ranges"]
        ranges.append(dict(next(r for r in ranges if r["kind"] == "max")))

    return change


@pytest.mark.parametrize("i", [pytest.param(i, id=s["id"]) for i, s in enumerate(SYSTEMS)])
def test_system_is_refused_with_a_second_max_or_a_min_reaching_the_max(tmp_path: Path, i: int) -> None:
    lowest = _km(_lowest_max_km(SYSTEMS[i]))
    cases: list[tuple[Change, str]] = [
        (_second_max(i), "ranges: exactly one range of kind 'max' is required"),
        (_min_range_reaching_max(i), f"ranges: the min range ({lowest} km) must be below the max range ({lowest} km)"),
        (_pop(("systems", i), "ranges"), "is required"),
    ]
    for change, rule in cases:
        loc: Loc = ("systems", i, "ranges") if rule == "is required" else ("systems", i)
        assert_one_problem(tmp_path, "systems", change, loc, rule)


# --------------------------------------------------------------------------- ids, sites, references


def _entries() -> list[Any]:
    return [
        pytest.param(name, i, id=f"{name}.yaml:{entry['id']}")
        for name in FILES
        for i, entry in enumerate(SHIPPED[name][name])
    ]


@pytest.mark.parametrize(("name", "i"), _entries())
def test_entry_is_refused_with_a_taken_id_or_a_mistyped_key(tmp_path: Path, name: str, i: int) -> None:
    """Another entry's id given to this one is reported here; so is a key one typo from a known one."""
    entries = SHIPPED[name][name]
    first, later = sorted((i, (i + 1) % len(entries)))
    if first != later:
        taken = entries[first]["id"]
        assert_one_problem(
            tmp_path, name, _set((name, later), "id", taken), (name, later, "id"), f"duplicate id '{taken}'"
        )
    rule = "unknown key (did you mean 'notes'?)"
    assert_one_problem(tmp_path, name, _set((name, i), "ntoes", "x"), (name, i, "ntoes"), rule)


@pytest.mark.parametrize("i", [pytest.param(i, id=s["id"]) for i, s in enumerate(SHIPPED["sites"]["sites"])])
def test_site_is_refused_without_a_known_basis(tmp_path: Path, i: int) -> None:
    loc: Loc = ("sites", i)
    for change, rule in [
        (_set(loc, "basis", "deployed"), "'hypothetical'"),
        (_pop(loc, "basis"), "required"),
    ]:
        assert_one_problem(tmp_path, "sites", change, (*loc, "basis"), rule)


@pytest.mark.parametrize("i", [pytest.param(i, id=s["id"]) for i, s in enumerate(SHIPPED["sites"]["sites"])])
def test_site_with_the_old_hypothetical_key_is_told_it_was_renamed(tmp_path: Path, i: int) -> None:
    def change(data: dict[str, Any]) -> None:
        site = data["sites"][i]
        del site["basis"]
        site["hypothetical"] = True

    assert_one_problem(tmp_path, "sites", change, ("sites", i, "hypothetical"), "is now `basis: hypothetical`")


@pytest.mark.parametrize("i", range(len(SHIPPED["references"]["references"])))
def test_reference_is_refused_with_one_endpoint_or_no_distance(tmp_path: Path, i: int) -> None:
    loc: Loc = ("references", i)
    assert_one_problem(
        tmp_path, "references", lambda d: d["references"][i]["endpoints"].pop(), (*loc, "endpoints"), "2 items"
    )
    assert_one_problem(tmp_path, "references", _set(loc, "reported_mi", 0), (*loc, "reported_mi"), "greater than 0")


# --------------------------------------------------------------------------- the built-in scenario


def scenario_problems(change: Change) -> list[str]:
    data: dict[str, Any] = yaml.load(SCENARIO_TEXT, Loader=yaml.CSafeLoader)
    change(data)
    with pytest.raises(ValidationError) as info:
        scenario_from_mapping(data, display=SCENARIO_DISPLAY)
    return info.value.problems


SCENARIO = yaml.load(SCENARIO_TEXT, Loader=yaml.CSafeLoader)


def _scenario_ids(key: str) -> list[Any]:
    return [
        pytest.param(key, i, item if isinstance(item, str) else item["id"], id=f"{key}[{i}]")
        for i, item in enumerate(SCENARIO[key])
    ]


@pytest.mark.parametrize(
    ("key", "i", "ident"), [p for k in ("systems", "sites", "places", "references") for p in _scenario_ids(k)]
)
def test_scenario_is_refused_with_a_mistyped_id(key: str, i: int, ident: str) -> None:
    """Each id the built-in scenario names, mistyped, is reported there with the id it meant."""
    wrong = ident[:-1] + ("x" if ident[-1] != "x" else "y")
    selection = isinstance(SCENARIO[key][i], dict)

    def change(data: dict[str, Any]) -> None:
        if selection:
            data[key][i]["id"] = wrong
        else:
            data[key][i] = wrong

    loc = f"{key}[{i}].id" if selection else f"{key}[{i}]"
    rule = f"unknown {key[:-1]} id '{wrong}' (did you mean '{ident}'?)"
    first, *knock_on = scenario_problems(change)
    assert first == f"{SCENARIO_DISPLAY}: {loc}: {rule}"
    if key == "references" and ident == SCENARIO.get("ratio_reference"):
        # The declared ratio reference is then missing too, and said so where it is declared.
        assert knock_on == [f"{SCENARIO_DISPLAY}: ratio_reference: reference '{ident}' is not in this scenario"]
        return
    # A system left unresolved is then missing at every site that selects it.
    assert all(p.endswith(f"system '{ident}' is not in this scenario") for p in knock_on), knock_on
    assert bool(knock_on) == (key == "systems")


@pytest.mark.parametrize("system_id", SCENARIO["systems"])
def test_scenario_is_refused_when_a_site_selects_a_system_it_left_out(system_id: str) -> None:
    expected = [
        f"{SCENARIO_DISPLAY}: sites[{i}].systems[{site['systems'].index(system_id)}]: "
        f"system '{system_id}' is not in this scenario"
        for i, site in enumerate(SCENARIO["sites"])
        if system_id in site["systems"]
    ]
    assert expected, "every system of the scenario is placed at a site"
    assert scenario_problems(lambda d: d["systems"].remove(system_id)) == expected


# --------------------------------------------------------------------------- what the models do not check


def _cited_entries() -> list[Any]:
    catalogue = load_catalogue()
    params = [
        pytest.param(status, id=f"venezuela.yaml:statuses.{system_id}")
        for system_id, status in load_scenario().statuses.items()
    ]
    for system in catalogue.systems.values():
        for i, rng in enumerate(system.ranges):
            params.append(pytest.param(rng, id=f"systems.yaml:{system.id}.ranges[{i}]"))
    for name, entries in (("sites", catalogue.sites), ("places", catalogue.places)):
        params += [pytest.param(e, id=f"{name}.yaml:{e.id}") for e in entries.values()]
    for ref in catalogue.references.values():
        params.append(pytest.param(ref, id=f"references.yaml:{ref.id}"))
        params += [pytest.param(e, id=f"references.yaml:{ref.id}.{e.id}") for e in ref.endpoints]
    return params


@pytest.mark.parametrize("param", _cited_entries())
def test_parameter_sources_are_distinct_worded_and_dated_in_order(param: Any) -> None:
    """No URL cited twice for one parameter, no blank text, never published after it was read."""
    urls = [s.url for s in param.sources]
    assert len(set(urls)) == len(urls), f"a URL cited twice: {urls}"
    for source in param.sources:
        for text in (source.title, source.publisher, source.quote, source.via):
            assert text is None or text.strip(), f"blank text in {source.url}"
        assert source.published is None or source.published <= source.accessed, source.url
    assert param.notes is None or param.notes.strip()


# --------------------------------------------------------------------------- the seed content

SEED = {
    "pantsir-s1": "claimed-delivered",
    "buk-m2": "claimed-delivered",
    "kalibr-3m14": "floated",
    "oreshnik": "floated",
}


@pytest.mark.parametrize(("system_id", "status"), SEED.items())
def test_seed_systems_carry_their_claim_status_in_the_scenario(system_id: str, status: str) -> None:
    claim = load_scenario().status(system_id)
    assert claim is not None and claim.code == status


@pytest.mark.parametrize("system_id", sorted(SEED))
def test_seed_max_range_cites_two_independent_sources_or_says_why(system_id: str) -> None:
    rng = load_catalogue().systems[system_id].max_range
    publishers = {s.publisher.strip().lower() for s in rng.sources}
    if len(publishers) < 2:
        assert rng.notes and "source" in rng.notes.lower(), "explain in notes why only one source"


def test_enough_sites_and_the_ninety_miles_is_ninety_and_computed() -> None:
    catalogue = load_catalogue()
    assert len(catalogue.sites) >= 5
    ref = catalogue.references["cuba-key-west"]
    assert ref.reported_mi == 90
    assert ref.computed is not None


def test_default_scenario_uses_all_seed_systems_and_places_each() -> None:
    scenario = load_scenario()
    assert {s.id for s in scenario.systems} >= set(SEED)
    placed = {sid for ids in scenario.site_systems.values() for sid in ids}
    assert placed == {s.id for s in scenario.systems}
    assert scenario.references and scenario.places

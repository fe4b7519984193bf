"""Error reporting: every problem names its file and exact key path, all at once.

Each case copies the small valid fixture catalogue (tests/data/catalogue) to a
temporary folder, breaks one thing, and checks the ValidationError lines.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from georange import ValidationError
from georange.loading import load_catalogue, load_scenario, scenario_from_mapping

DATA = Path(__file__).parent / "data"
FIXTURE_CATALOGUE = DATA / "catalogue"
FIXTURE_SCENARIO = DATA / "scenario.yaml"

Mutation = Callable[[dict[str, Any]], object]


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def catalogue_dir(tmp_path: Path) -> Path:
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURE_CATALOGUE, root)
    return root


@pytest.fixture(scope="module")
def fixture_catalogue():
    return load_catalogue(FIXTURE_CATALOGUE)


def mutate_yaml(path: Path, change: Mutation) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def catalogue_problems(root: Path) -> list[str]:
    with pytest.raises(ValidationError) as info:
        load_catalogue(root)
    problems = info.value.problems
    assert problems, "a ValidationError must carry at least one problem line"
    assert str(info.value) == "\n".join(problems)
    return problems


def scenario_problems(path: Path, catalogue) -> list[str]:
    with pytest.raises(ValidationError) as info:
        load_scenario(path, catalogue=catalogue)
    return info.value.problems


def assert_problem(problems: list[str], display: str, loc: str, fragment: str) -> None:
    """One line reads ``<display>: <loc>: ...<fragment>...``."""
    prefix = f"{display}: {loc}: " if loc else f"{display}: "
    messages = [line[len(prefix) :] for line in problems if line.startswith(prefix)]
    assert messages, f"no problem at {prefix!r}; got:\n" + "\n".join(problems)
    assert any(fragment in m for m in messages), f"no problem at {prefix!r} mentions {fragment!r}; got:\n" + "\n".join(
        problems
    )


def rng(data: dict[str, Any], system: int = 0, index: int = 0) -> dict[str, Any]:
    return data["systems"][system]["ranges"][index]


def setter(get: Callable[[dict[str, Any]], dict[str, Any]], key: str, value: Any) -> Mutation:
    return lambda data: get(data).__setitem__(key, value)


def popper(get: Callable[[dict[str, Any]], dict[str, Any]], key: str) -> Mutation:
    return lambda data: get(data).pop(key)


def first_source(data: dict[str, Any]) -> dict[str, Any]:
    return rng(data)["sources"][0]


def site(i: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda data: data["sites"][i]


def rename_key(get: Callable[[dict[str, Any]], dict[str, Any]], old: str, new: str) -> Mutation:
    def change(data: dict[str, Any]) -> None:
        entry = get(data)
        entry[new] = entry.pop(old)

    return change


# --------------------------------------------------------------------------- baseline


def test_fixture_catalogue_is_valid() -> None:
    """Every case below breaks exactly one thing of a catalogue that loads cleanly."""
    cat = load_catalogue(FIXTURE_CATALOGUE)
    assert set(cat.systems) == {"alpha", "bravo"}
    assert set(cat.sites) == {"site-a", "site-b"}


# --------------------------------------------------------------------------- entry-level cases

ENTRY_CASES = [
    pytest.param(
        "systems.yaml",
        popper(rng, "sources"),
        "systems[0].ranges[0].sources",
        "at least one source is required",
        id="sources-missing",
    ),
    pytest.param(
        "systems.yaml",
        setter(rng, "sources", []),
        "systems[0].ranges[0].sources",
        "at least one source is required",
        id="sources-empty",
    ),
    pytest.param(
        "systems.yaml",
        setter(rng, "sources", None),
        "systems[0].ranges[0].sources",
        "at least one source is required",
        id="sources-null",
    ),
    pytest.param(
        "sites.yaml",
        popper(site(0), "sources"),
        "sites[0].sources",
        "at least one source is required",
        id="site-sources-missing",
    ),
    pytest.param(
        "systems.yaml",
        setter(first_source, "url", "javascript:alert(1)"),
        "systems[0].ranges[0].sources[0].url",
        "http",
        id="url-javascript",
    ),
    pytest.param(
        "systems.yaml",
        setter(first_source, "url", "ftp://x"),
        "systems[0].ranges[0].sources[0].url",
        "http",
        id="url-ftp",
    ),
    pytest.param(
        "systems.yaml",
        setter(first_source, "url", "https://"),
        "systems[0].ranges[0].sources[0].url",
        "http",
        id="url-no-host",
    ),
    pytest.param(
        "systems.yaml",
        setter(first_source, "url", "https://example.org/a b"),
        "systems[0].ranges[0].sources[0].url",
        "whitespace",
        id="url-whitespace",
    ),
    pytest.param(
        "systems.yaml",
        popper(first_source, "accessed"),
        "systems[0].ranges[0].sources[0].accessed",
        "is required",
        id="accessed-missing",
    ),
    pytest.param(
        "systems.yaml",
        setter(first_source, "accessed", dt.date(2999, 1, 1)),
        "systems[0].ranges[0].sources[0].accessed",
        "2999-01-01 is in the future",
        id="accessed-future",
    ),
    pytest.param(
        "systems.yaml",
        setter(first_source, "accessed", "last week"),
        "systems[0].ranges[0].sources[0].accessed",
        "date",
        id="accessed-not-a-date",
    ),
    pytest.param(
        "systems.yaml",
        popper(first_source, "title"),
        "systems[0].ranges[0].sources[0].title",
        "is required",
        id="source-title-missing",
    ),
    pytest.param(
        "systems.yaml",
        rename_key(first_source, "title", "titel"),
        "systems[0].ranges[0].sources[0].titel",
        "did you mean 'title'",
        id="source-key-typo",
    ),
    pytest.param(
        "systems.yaml",
        setter(rng, "low_km", 41),
        "systems[0].ranges[0]",
        "low_km (41) must not exceed km (40)",
        id="low-above-km",
    ),
    pytest.param(
        "systems.yaml",
        setter(rng, "high_km", 39),
        "systems[0].ranges[0]",
        "high_km (39) must not be below km (40)",
        id="high-below-km",
    ),
    pytest.param(
        # alpha: max 35-45 km; its min range raised to the bottom of the max span.
        "systems.yaml",
        setter(lambda d: rng(d, 0, 1), "km", 35),
        "systems[0]",
        "min range",
        id="min-not-below-max",
    ),
    pytest.param(
        "systems.yaml",
        setter(lambda d: rng(d, 0, 1), "kind", "max"),
        "systems[0]",
        "exactly one range of kind 'max'",
        id="two-max-ranges",
    ),
    pytest.param(
        "systems.yaml",
        popper(rng, "estimate"),
        "systems[0].ranges[0].estimate",
        "is required",
        id="estimate-missing",
    ),
    pytest.param(
        "systems.yaml",
        setter(rng, "estimate", False),
        "systems[0].ranges[0]",
        "always an estimate",
        id="estimate-false-on-range",
    ),
    pytest.param(
        "systems.yaml",
        setter(rng, "estimate", "yes"),
        "systems[0].ranges[0].estimate",
        "bool",
        id="estimate-string",
    ),
    pytest.param(
        "sites.yaml",
        setter(site(0), "lat", 91),
        "sites[0].lat",
        "90",
        id="lat-91",
    ),
    pytest.param(
        "sites.yaml",
        setter(site(0), "lat", -90.5),
        "sites[0].lat",
        "-90",
        id="lat-minus-90.5",
    ),
    pytest.param(
        "sites.yaml",
        setter(site(0), "lon", 181),
        "sites[0].lon",
        "180",
        id="lon-181",
    ),
    pytest.param(
        "sites.yaml",
        setter(site(0), "lat", math.nan),
        "sites[0].lat",
        "finite",
        id="lat-nan",
    ),
    pytest.param(
        "sites.yaml",
        setter(site(0), "lon", math.inf),
        "sites[0].lon",
        "finite",
        id="lon-inf",
    ),
    pytest.param(
        "sites.yaml",
        setter(site(0), "lat", "ten"),
        "sites[0].lat",
        "number",
        id="lat-string",
    ),
    pytest.param(
        "systems.yaml",
        setter(lambda d: rng(d, 1), "km", 0),
        "systems[1].ranges[0].km",
        "greater than 0",
        id="km-zero",
    ),
    pytest.param(
        "systems.yaml",
        setter(lambda d: rng(d, 1), "km", -5),
        "systems[1].ranges[0].km",
        "greater than 0",
        id="km-negative",
    ),
    pytest.param(
        "systems.yaml",
        setter(lambda d: rng(d, 1), "km", 30000),
        "systems[1].ranges[0].km",
        "20003.93",
        id="km-beyond-half-meridian",
    ),
    pytest.param(
        "systems.yaml",
        rename_key(lambda d: d["systems"][1], "ranges", "rnages"),
        "systems[1].rnages",
        "unknown key (did you mean 'ranges'?)",
        id="key-typo-rnages",
    ),
    pytest.param(
        "systems.yaml",
        setter(lambda d: d["systems"][1], "id", "alpha"),
        "systems[1].id",
        "duplicate id 'alpha'",
        id="duplicate-system-id",
    ),
    pytest.param(
        "systems.yaml",
        setter(lambda d: d["systems"][1], "id", "Bravo_1"),
        "systems[1].id",
        "pattern",
        id="id-bad-characters",
    ),
    pytest.param(
        "sites.yaml",
        setter(site(1), "basis", "deployed"),
        "sites[1].basis",
        "'hypothetical'",
        id="site-not-hypothetical",
    ),
    pytest.param(
        "sites.yaml",
        popper(site(1), "basis"),
        "sites[1].basis",
        "is required",
        id="site-basis-missing",
    ),
    pytest.param(
        "sites.yaml",
        lambda d: d["sites"][1].update({"hypothetical": True}) or d["sites"][1].pop("basis"),
        "sites[1].hypothetical",
        "`hypothetical: true` is now `basis: hypothetical`",
        id="site-old-hypothetical-key",
    ),
    pytest.param(
        "places.yaml",
        setter(lambda d: d["places"][0], "country", "usa"),
        "places[0].country",
        "pattern",
        id="place-country-code",
    ),
    pytest.param(
        "references.yaml",
        lambda d: d["references"][0]["endpoints"].pop(),
        "references[0].endpoints",
        "2",
        id="reference-one-endpoint",
    ),
    pytest.param(
        "references.yaml",
        setter(lambda d: d["references"][0]["endpoints"][1], "lat", 95),
        "references[0].endpoints[1].lat",
        "90",
        id="reference-endpoint-lat",
    ),
    pytest.param(
        "references.yaml",
        setter(lambda d: d["references"][0], "reported_mi", 0),
        "references[0].reported_mi",
        "greater than 0",
        id="reference-zero-miles",
    ),
]


@pytest.mark.parametrize(("file", "change", "loc", "fragment"), ENTRY_CASES)
def test_entry_problem_names_file_and_key_path(
    catalogue_dir: Path, file: str, change: Mutation, loc: str, fragment: str
) -> None:
    mutate_yaml(catalogue_dir / file, change)
    problems = catalogue_problems(catalogue_dir)
    display = f"{catalogue_dir}/{file}"
    assert_problem(problems, display, loc, fragment)
    # One broken entry: nothing is blamed on another file.
    assert all(line.startswith(f"{display}: ") for line in problems), problems


def test_missing_sources_exact_line(catalogue_dir: Path) -> None:
    mutate_yaml(catalogue_dir / "systems.yaml", popper(rng, "sources"))
    assert catalogue_problems(catalogue_dir) == [
        f"{catalogue_dir}/systems.yaml: systems[0].ranges[0].sources: at least one source is required"
    ]


# --------------------------------------------------------------------------- file-level cases

FILE_CASES = [
    pytest.param(b"_meta: {}\nsystems: [\n", r"invalid YAML: line \d+, column \d+", id="yaml-unclosed-list"),
    pytest.param(b"systems:\n  - id: a\n\t- id: b\n", r"invalid YAML: line 3, column \d+", id="yaml-tab-on-line-3"),
    pytest.param(b"systems: !!python/object/apply:os.system ['echo pwned']\n", r"invalid YAML", id="yaml-python-tag"),
    pytest.param(b"", r"file is empty", id="empty"),
    pytest.param(b"# only a comment\n\n", r"file is empty", id="comment-only"),
    pytest.param(b"\xff\xfe\x00\x81\x9c junk \xc3\x28", r"not a UTF-8 text file", id="binary-junk"),
    pytest.param(b"- alpha\n- bravo\n", r"expected a mapping", id="top-level-list"),
    pytest.param(b"systems: 3\n", r"systems: must be a non-empty list", id="systems-not-a-list"),
    pytest.param(b"systems: []\n", r"systems: must be a non-empty list", id="systems-empty"),
    pytest.param(b"sytems: []\n", r"sytems: unknown key \(did you mean 'systems'\?\)", id="top-level-typo"),
]


@pytest.mark.parametrize(("content", "pattern"), FILE_CASES)
def test_file_problem(catalogue_dir: Path, content: bytes, pattern: str) -> None:
    (catalogue_dir / "systems.yaml").write_bytes(content)
    problems = catalogue_problems(catalogue_dir)
    display = f"{catalogue_dir}/systems.yaml"
    assert any(line.startswith(f"{display}: ") and re.search(pattern, line) for line in problems), problems


def test_oversized_file_is_refused_before_parsing(catalogue_dir: Path) -> None:
    (catalogue_dir / "systems.yaml").write_bytes(b"# " + b"x" * 6_000_000 + b"\n")
    problems = catalogue_problems(catalogue_dir)
    assert problems == [f"{catalogue_dir}/systems.yaml: file is larger than 5,000,000 bytes"]


def test_missing_file(catalogue_dir: Path) -> None:
    (catalogue_dir / "places.yaml").unlink()
    problems = catalogue_problems(catalogue_dir)
    assert len(problems) == 1
    assert problems[0].startswith(f"{catalogue_dir}/places.yaml: cannot read file")


def test_mixed_type_unknown_top_level_keys_are_reported_not_crashed(catalogue_dir: Path) -> None:
    """A stray integer key next to a stray string key must not crash the loader."""
    path = catalogue_dir / "systems.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n1: x\nfoo: y\n", encoding="utf-8")
    problems = catalogue_problems(catalogue_dir)
    display = f"{catalogue_dir}/systems.yaml"
    assert_problem(problems, display, "1", "unknown key")
    assert_problem(problems, display, "foo", "unknown key")


# --------------------------------------------------------------------------- all at once


def test_two_broken_entries_give_two_lines(catalogue_dir: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["sites"][0]["lat"] = 91
        data["sites"][1]["lon"] = 181

    mutate_yaml(catalogue_dir / "sites.yaml", change)
    problems = catalogue_problems(catalogue_dir)
    display = f"{catalogue_dir}/sites.yaml"
    assert len(problems) == 2, problems
    assert_problem(problems, display, "sites[0].lat", "90")
    assert_problem(problems, display, "sites[1].lon", "180")


def test_several_problems_in_one_entry_are_all_reported(catalogue_dir: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        r = rng(data, 1)
        r.pop("sources")
        r["km"] = -1

    mutate_yaml(catalogue_dir / "systems.yaml", change)
    problems = catalogue_problems(catalogue_dir)
    display = f"{catalogue_dir}/systems.yaml"
    assert_problem(problems, display, "systems[1].ranges[0].sources", "at least one source is required")
    assert_problem(problems, display, "systems[1].ranges[0].km", "greater than 0")


def test_problems_in_several_files_are_all_reported(catalogue_dir: Path) -> None:
    mutate_yaml(catalogue_dir / "systems.yaml", popper(rng, "sources"))
    mutate_yaml(catalogue_dir / "sites.yaml", setter(site(1), "lat", 91))
    mutate_yaml(catalogue_dir / "places.yaml", setter(lambda d: d["places"][0], "lon", -181))
    problems = catalogue_problems(catalogue_dir)
    assert_problem(problems, f"{catalogue_dir}/systems.yaml", "systems[0].ranges[0].sources", "source")
    assert_problem(problems, f"{catalogue_dir}/sites.yaml", "sites[1].lat", "90")
    assert_problem(problems, f"{catalogue_dir}/places.yaml", "places[0].lon", "180")
    assert len(problems) == 3, problems


# --------------------------------------------------------------------------- scenarios


@pytest.fixture(scope="module")
def base_scenario() -> dict[str, Any]:
    return yaml.safe_load(FIXTURE_SCENARIO.read_text(encoding="utf-8"))


def write_scenario(tmp_path: Path, base: dict[str, Any], change: Mutation) -> Path:
    data = copy.deepcopy(base)
    change(data)
    path = tmp_path / "scn.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_fixture_scenario_is_valid(fixture_catalogue) -> None:
    scn = load_scenario(FIXTURE_SCENARIO, catalogue=fixture_catalogue)
    assert [s.id for s in scn.systems] == ["alpha", "bravo", "charlie"]


def _drop_bravo_and_select_it(data: dict[str, Any]) -> None:
    data["systems"].remove("bravo")
    data["sites"][1] = {"id": "site-b", "systems": ["bravo"]}


SCENARIO_CASES = [
    pytest.param(
        lambda d: d["systems"].__setitem__(0, "alpah"),
        "systems[0]",
        "unknown system id 'alpah' (did you mean 'alpha'?)",
        id="unknown-system-id",
    ),
    pytest.param(
        lambda d: d["sites"].__setitem__(0, "site-c"),
        "sites[0]",
        "unknown site id 'site-c'",
        id="unknown-site-id",
    ),
    pytest.param(
        lambda d: d["places"].__setitem__(0, "town-y"),
        "places[0]",
        "unknown place id 'town-y' (did you mean 'town-x'?)",
        id="unknown-place-id",
    ),
    pytest.param(
        _drop_bravo_and_select_it,
        "sites[1].systems[0]",
        "system 'bravo' is not in this scenario",
        id="site-selects-absent-system",
    ),
    pytest.param(
        lambda d: d["sites"][2].__setitem__("systems", ["zulu"]),
        "sites[2].systems[0]",
        "system 'zulu' is not in this scenario",
        id="inline-site-absent-system",
    ),
    pytest.param(
        rename_key(lambda d: d, "systems", "sytems"),
        "sytems",
        "unknown key (did you mean 'systems'?)",
        id="top-level-typo",
    ),
    pytest.param(popper(lambda d: d, "title"), "title", "is required", id="title-missing"),
    pytest.param(setter(lambda d: d, "title", "   "), "title", "is required", id="title-blank"),
    pytest.param(popper(lambda d: d, "id"), "id", "is required", id="id-missing"),
    pytest.param(setter(lambda d: d, "id", "../../etc/evil"), "id", "letters, digits", id="id-path-traversal"),
    pytest.param(setter(lambda d: d, "sites", []), "sites", "is required", id="sites-empty"),
    pytest.param(
        lambda d: d["systems"].append("alpha"),
        "systems[3]",
        "duplicate id 'alpha'",
        id="duplicate-system",
    ),
    pytest.param(
        lambda d: d["sites"][2].pop("sources"),
        "sites[2].sources",
        "at least one source is required",
        id="inline-site-no-sources",
    ),
    pytest.param(
        lambda d: d["systems"][2]["ranges"][0]["sources"][0].__setitem__("url", "javascript:alert(1)"),
        "systems[2].ranges[0].sources[0].url",
        "http",
        id="inline-system-javascript-url",
    ),
    pytest.param(
        lambda d: d["sites"][2].__setitem__("basis", "deployed"),
        "sites[2].basis",
        "'hypothetical'",
        id="inline-site-not-hypothetical",
    ),
    pytest.param(
        lambda d: d.__setitem__("ratio_reference", "no-such-reference"),
        "ratio_reference",
        "is not in this scenario",
        id="ratio-reference-unknown",
    ),
    pytest.param(
        lambda d: d.__setitem__("statuses", {"no-such-system": d["statuses"]["alpha"]}),
        "statuses.no-such-system",
        "unknown system id",
        id="status-of-unknown-system",
    ),
    pytest.param(
        lambda d: d.__setitem__("headline_territory", "atlantis"),
        "headline_territory",
        "is not in this scenario",
        id="headline-territory-unknown",
    ),
]


@pytest.mark.parametrize(("change", "loc", "fragment"), SCENARIO_CASES)
def test_scenario_problem_names_file_and_key_path(
    tmp_path: Path,
    base_scenario: dict[str, Any],
    fixture_catalogue,
    change: Mutation,
    loc: str,
    fragment: str,
) -> None:
    path = write_scenario(tmp_path, base_scenario, change)
    problems = scenario_problems(path, fixture_catalogue)
    assert_problem(problems, str(path), loc, fragment)
    assert all(line.startswith(f"{path}: ") for line in problems), problems


def test_duplicate_key_path_counts_unresolved_entries(
    tmp_path: Path, base_scenario: dict[str, Any], fixture_catalogue
) -> None:
    """The duplicate is the scenario's systems[3], even when systems[0] failed to resolve."""

    def change(data: dict[str, Any]) -> None:
        data["systems"] = ["alpah", "alpha", "bravo", "alpha"]
        data["sites"] = ["site-a"]

    path = write_scenario(tmp_path, base_scenario, change)
    problems = scenario_problems(path, fixture_catalogue)
    assert_problem(problems, str(path), "systems[0]", "unknown system id 'alpah'")
    assert_problem(problems, str(path), "systems[3]", "duplicate id 'alpha'")


def test_site_selection_with_non_string_id_is_reported_not_crashed(
    tmp_path: Path, base_scenario: dict[str, Any], fixture_catalogue
) -> None:
    path = write_scenario(
        tmp_path, base_scenario, lambda d: d["sites"].__setitem__(1, {"id": ["site-b"], "systems": ["alpha"]})
    )
    problems = scenario_problems(path, fixture_catalogue)
    assert any(line.startswith(f"{path}: sites[1]") for line in problems), problems


def test_scenario_reports_every_problem_at_once(
    tmp_path: Path, base_scenario: dict[str, Any], fixture_catalogue
) -> None:
    def change(data: dict[str, Any]) -> None:
        data.pop("title")
        data["systems"][1] = "bravoo"
        data["sites"][2]["lat"] = 123

    path = write_scenario(tmp_path, base_scenario, change)
    problems = scenario_problems(path, fixture_catalogue)
    assert_problem(problems, str(path), "title", "is required")
    assert_problem(problems, str(path), "systems[1]", "did you mean 'bravo'")
    assert_problem(problems, str(path), "sites[2].lat", "90")
    assert len(problems) == 3, problems


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        pytest.param(b"- alpha\n", "expected a mapping", id="top-level-list"),
        pytest.param(b"", "file is empty", id="empty"),
        pytest.param(b"id: x\ntitle: [\n", "invalid YAML: line", id="broken-yaml"),
        pytest.param(b"\x00\xff\xfe", "not a UTF-8 text file", id="binary"),
    ],
)
def test_scenario_file_problem(tmp_path: Path, fixture_catalogue, content: bytes, fragment: str) -> None:
    path = tmp_path / "scn.yaml"
    path.write_bytes(content)
    problems = scenario_problems(path, fixture_catalogue)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}: ")
    assert fragment in problems[0]


def test_missing_scenario_file(tmp_path: Path, fixture_catalogue) -> None:
    path = tmp_path / "nope.yaml"
    problems = scenario_problems(path, fixture_catalogue)
    assert problems == [f"{path}: no such scenario file or built-in scenario id"]


@pytest.mark.parametrize(
    ("change", "loc", "fragment"),
    [
        pytest.param(
            lambda d: d["sites"].__setitem__(1, {"id": "site-q", "systems": ["alpha"]}),
            "sites[1].id",
            "unknown site id 'site-q' (did you mean",
            id="selection-unknown-site",
        ),
        pytest.param(
            lambda d: d["sites"].__setitem__(1, {"id": "site-b", "systems": []}),
            "sites[1].systems",
            "must name at least one system",
            id="selection-no-systems",
        ),
        pytest.param(lambda d: d.__setitem__("id", "ü"), "id", "letters, digits", id="non-ascii-id"),
    ],
)
def test_site_selection_and_id_problems(tmp_path: Path, base_scenario, fixture_catalogue, change, loc, fragment):
    path = write_scenario(tmp_path, base_scenario, change)
    problems = scenario_problems(path, fixture_catalogue)
    assert_problem(problems, str(path), loc, fragment)
    assert len(problems) == 1, problems


# --------------------------------------------------------------------------- the scenario declares its story


def _declared(**extra: Any) -> dict[str, Any]:
    ref = {
        "id": "test-gap",
        "name": 'Test gap ("40 miles")',
        "reported_mi": 40,
        "endpoints_label": "Alpha and Beta",
        "estimate": True,
        "sources": [{"title": "T", "publisher": "P", "url": "https://example.org/t", "accessed": "2026-11-20"}],
        "endpoints": [
            {"id": e, "name": e, "lat": 10 + i, "lon": -66, "estimate": False,
             "sources": [{"title": "T", "publisher": "P", "url": "https://example.org/e", "accessed": "2026-11-20"}]}
            for i, e in enumerate(("a", "b"))
        ],
    }  # fmt: skip
    base = {"id": "other", "title": "Other", "systems": ["buk-m2"], "sites": ["caracas"]}
    return base | {"references": [ref, "cuba-key-west"], "ratio_reference": "test-gap"} | extra


def test_default_scenario_declares_today_s_story() -> None:
    scn = load_scenario()
    assert scn.ratio_reference_id == "cuba-key-west"
    assert [t.id for t in scn.territories] == ["contiguous-us", "us-caribbean"]
    assert scn.headline_territory_id == "contiguous-us"
    assert scn.caveats == (  # the caveats live in the scenario's data alone (no copy in code)
        "Sites are hypothetical placements, not reported deployments.",
        "Ranges are public estimates from the cited sources, not verified capabilities.",
        "A reported range is not a capability at a given place: payload, trajectory, launch platform, "
        "targeting and defences all change it.",
    )
    assert scn.status("pantsir-s1") is not None and scn.status("pantsir-s1").code == "claimed-delivered"
    assert all(site.basis == "hypothetical" for site in scn.sites)


def test_words_follow_the_declared_ratio_reference_and_caveats() -> None:
    from georange.render._panels import caveat_html, description_text

    scn = scenario_from_mapping(_declared(caveats=["Only a test."]), display="other.yaml")
    assert scn.ratio_reference is not None and scn.ratio_reference.id == "test-gap"
    text = description_text(scn)
    assert "the 40 miles between Alpha and Beta" in text
    assert "90" not in text and "Cuba" not in text
    assert "<li>Only a test.</li>" in caveat_html(scn)
    assert scn.status("buk-m2") is None  # a claim status belongs to the scenario that declares it
    assert [t.id for t in scn.territories] == ["contiguous-us", "us-caribbean"]  # left out: the default's


def test_two_references_need_a_declared_ratio_reference() -> None:
    data = _declared()
    del data["ratio_reference"]
    with pytest.raises(ValidationError) as info:
        scenario_from_mapping(data, display="other.yaml")
    assert info.value.problems == ["other.yaml: ratio_reference: is required: the scenario has more than one reference"]


def test_the_schema_is_the_validation_model() -> None:
    from georange.schema import scenario_json_schema

    schema = scenario_json_schema()
    assert schema["properties"]["id"]["maxLength"] == 80
    assert {"ratio_reference", "territories", "caveats", "statuses"} <= set(schema["properties"])
    assert "basis" in schema["$defs"]["Site"]["required"]
    with pytest.raises(ValidationError) as info:
        scenario_from_mapping(_declared(id="x" * 81), display="other.yaml")
    assert info.value.problems[0].startswith("other.yaml: id: ")

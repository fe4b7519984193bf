"""The HTML map takes its words from georange.words: ids exist, fields are named, no sentence in code."""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import pytest

from georange import words
from georange.layers import scenario_features
from georange.loading import load_catalogue, load_scenario
from georange.proximity import analyse
from georange.render import html_map
from wordcheck import ids_matching

MAP_MODULES = ("html_map.py", "_popups.py", "_panels.py", "_html.py", "_elements.py")
RENDER = Path(html_map.__file__).parent
DATA = Path(__file__).parent / "data"

#: The words API, and the map's helpers that pass a message id on to it.
_SAY = {
    "say",
    "say_n",
    "say_html",
    "say_n_html",
    "_layer_name",
    "say_basis",
    "say_basis_html",
    "say_bases",
    "say_bases_html",
}


def _id_pattern(node: ast.expr) -> str | None:
    """The message id of a call's first argument: a literal, or (f-string) a regex of its ids."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value).replace(r"\{basis\}", "[a-z_]+")
    if isinstance(node, ast.JoinedStr):
        return "".join(re.escape(v.value) if isinstance(v, ast.Constant) else "[a-z_]+" for v in node.values)
    return None


def _ids_used() -> list[tuple[str, str]]:
    """(module, id pattern) for every ``say*("id", ...)`` call in the map's modules."""
    found = []
    for name in MAP_MODULES:
        for node in ast.walk(ast.parse((RENDER / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in _SAY:
                if isinstance(node.args[0], ast.Name):  # inside a helper: its callers are scanned
                    continue
                pattern = _id_pattern(node.args[0])
                assert pattern is not None, f"{name}:{node.lineno}: the message id must be a literal"
                found.append((name, pattern))
    return found


def test_the_scan_finds_the_calls() -> None:
    assert len(_ids_used()) > 40


@pytest.mark.parametrize(("module", "pattern"), _ids_used())
def test_every_message_id_used_exists(module: str, pattern: str) -> None:
    assert ids_matching(pattern), f"{module}: no message id matches {pattern!r}"


@pytest.fixture(scope="module")
def computed():
    scenario = load_scenario(DATA / "scenario.yaml", catalogue=load_catalogue(DATA / "catalogue"))
    return scenario, scenario_features(scenario), analyse(scenario)


@pytest.mark.parametrize(
    ("msg_id", "replacement", "where"),
    [
        ("legend.title", "LEGEND-FROM-WORDS", "<h2>LEGEND-FROM-WORDS</h2>"),
        ("sites.basis.hypothetical.heading", "SITES-LAYER-FROM-WORDS", "SITES-LAYER-FROM-WORDS"),
        ("summary.title", "{title} SUMMARY-FROM-WORDS", "SUMMARY-FROM-WORDS</h2>"),
        ("proximity.note", "NOTE-FROM-WORDS", "<small>NOTE-FROM-WORDS</small>"),
        ("map.description.reference", "DESCRIPTION-FROM-WORDS {title}", 'content="DESCRIPTION-FROM-WORDS'),
        ("map.attribution", "ATTRIBUTION-FROM-WORDS", "ATTRIBUTION-FROM-WORDS"),
        ("site.with_basis", "{site} {basis} TOOLTIP-FROM-WORDS", "TOOLTIP-FROM-WORDS"),
        ("site.basis.hypothetical.legend", "{site} LEGEND-SITE-FROM-WORDS", "LEGEND-SITE-FROM-WORDS"),
        ("coverage.subdivisions.us_states", "STATES-FROM-WORDS {names}", "STATES-FROM-WORDS"),
        ("range.popup.max", "POPUP-FROM-WORDS {site}", "POPUP-FROM-WORDS"),
    ],
)
def test_the_map_takes_its_words_from_the_words_home(
    monkeypatch: pytest.MonkeyPatch, computed, msg_id: str, replacement: str, where: str
) -> None:
    original = words.MESSAGES[msg_id]
    before = html.unescape(html_map.map_html(*computed)) if msg_id == "legend.title" else None
    monkeypatch.setitem(words.MESSAGES, msg_id, replacement)
    page = html_map.map_html(*computed)
    assert where in page
    if before is not None:
        assert original in before and original not in html.unescape(page)


def test_source_counts_are_plural_aware() -> None:
    assert words.say_n("sources.count", 1) == "1 source"
    assert words.say_n("coverage.cities", 1, min_population="15,000").startswith("1 city ")


# A literal with three or more English words in a row, inside a string in code.
_WORDS = re.compile(r"[A-Za-z]{2,}(?:[,;:)'\u2019]*\s+\(?[A-Za-z]+){2,}")
_MARKUP = re.compile(r"""<[^>]*>?|^[^<]*>|[\w-]+=(?:"[^"]*"?|'[^']*'?)|\{[^}]*\}""")


def _code_strings(source: str) -> list[tuple[int, str]]:
    """Every string constant in ``source`` (f-string parts included), docstrings and comments left out."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def _english_literals(source: str) -> list[tuple[int, str]]:
    found = []
    for lineno, text in _code_strings(source):
        visible = _MARKUP.sub(" ", text)  # tags, attributes and fields are not words
        if _WORDS.search(visible):
            found.append((lineno, text))
    return found


#: Strings that are not reader-facing words: exception messages, Leaflet/CSS names, literals kept for h7.
_ALLOWED = {
    "contiguous US coast",  # h7: the territory filter, moved to scenario data in h7's change
    "Cuba and Key West",  # h7: still a literal input of map.description
}


def test_the_check_for_english_literals_can_fail() -> None:
    bad = (
        'def f(name):\n    """Docs are fine here."""\n    return f"{name} is a hypothetical site"  # and comments too\n'
    )
    assert _english_literals(bad) == [(3, " is a hypothetical site")]
    assert _english_literals('x = "<br><b>Inside the ring</b>: "\n') == [(1, "<br><b>Inside the ring</b>: ")]
    assert _english_literals('x = "<div class=\\"georange-panel big\\">"\n') == []


@pytest.mark.parametrize("module", MAP_MODULES)
def test_no_english_sentence_in_the_map_modules(module: str) -> None:
    source = (RENDER / module).read_text(encoding="utf-8")
    found = [(n, t) for n, t in _english_literals(source) if t not in _ALLOWED]
    assert not found, f"{module}: English literals outside georange.words: {found}"


def test_a_reference_with_one_source_says_one_source(computed) -> None:
    """The legend's reference line used to say "1 sources"."""
    scenario = computed[0]
    assert [len(r.sources) for r in scenario.references] == [1]
    page = html.unescape(html_map.map_html(*computed))
    assert ", 1 source</div>" in page
    assert not re.search(r"\b1 sources\b", page)


def test_the_coverage_line_names_only_the_declared_subdivisions(computed) -> None:
    """The "US states" clause comes from a territory's ``subdivisions``; none declared, no clause."""
    from georange.catalogue import Subdivisions
    from georange.render._popups import coverage_html

    scenario, _, prox = computed
    row = prox.coverage.iloc[0]
    args = (prox.coverage, row["site_id"], row["system_id"], prox.min_population)
    declared = [t.subdivisions for t in scenario.territories if t.subdivisions is not None]
    assert [s.column for s in declared] == ["us_states"]
    assert "US states with a listed city inside" in coverage_html(*args, subdivisions=declared)
    plain = coverage_html(*args)
    assert "Countries reached: " in plain and "states" not in plain.lower()
    other = coverage_html(*args, subdivisions=[Subdivisions(country="US", column="us_states_other")])
    assert "subdivisions of US with a listed city inside: none" in other

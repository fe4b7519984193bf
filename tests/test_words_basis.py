"""Every word that depends on a site's basis is keyed by it: no output can say "hypothetical" for another basis."""

from __future__ import annotations

import ast
import dataclasses
import html
import re
import typing
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from georange import words
from georange.catalogue import Basis
from georange.layers import scenario_features
from georange.loading import load_catalogue, load_scenario
from georange.proximity import analyse
from georange.render.chart import comparison_chart
from georange.render.html_map import map_html
from georange.render.static_map import static_figure
from georange.report import coverage_report, distances_report
from georange.scenario import Scenario
from georange.words._basis import basis_patterns, missing_templates, say_basis

SRC = Path(words.__file__).parent.parent
DATA = Path(__file__).parent / "data"
#: The modules that put a site's basis in words.
OUTPUTS = sorted(
    [
        *(SRC / "render").glob("*.py"),
        *(SRC / "export").glob("*.py"),
        SRC / "report.py",
        SRC / "_repr.py",
        SRC / "cli.py",
    ]
)
_BASIS_CALLS = {"say_basis", "say_basis_html", "say_bases", "say_bases_html"}


def _patterns_used() -> set[str]:
    """The ``{basis}`` id patterns the outputs pass to the basis-keyed lookups."""
    found = set()
    for path in OUTPUTS:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None)
            if isinstance(node, ast.Call) and getattr(name, "id", getattr(name, "attr", None)) in _BASIS_CALLS:
                first = node.args[0]
                if isinstance(first, ast.Constant):
                    found.add(first.value)
                elif isinstance(first, ast.IfExp):
                    found |= {n.value for n in (first.body, first.orelse) if isinstance(n, ast.Constant)}
    return found


def test_the_basis_keyed_patterns_are_found() -> None:
    patterns = basis_patterns()
    assert {"site.basis.{basis}", "site.basis.{basis}.heading", "sites.basis.{basis}.count"} <= set(patterns)
    assert len(_patterns_used()) >= 8


@pytest.mark.parametrize("basis", typing.get_args(Basis))
def test_every_basis_has_every_basis_keyed_template(basis: str) -> None:
    """A new basis (``historical``) must bring all the words that the others have."""
    assert missing_templates([basis]) == []


def test_every_pattern_the_outputs_use_is_basis_keyed() -> None:
    assert _patterns_used() <= set(basis_patterns())


@pytest.mark.parametrize(
    "path", [p for p in OUTPUTS if p.parent.name == "render"] + [SRC / "report.py"], ids=lambda p: p.name
)
def test_no_renderer_holds_a_fixed_basis_word(path: Path) -> None:
    """Outside docstrings, "hypothetical" is never in a renderer's strings (ids, words or keys)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef) and n.body and isinstance(n.body[0], ast.Expr)
    }
    found = [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs and "hypothetical" in n.value
    ]
    assert found == []


def test_a_missing_template_is_named_with_every_other_one_the_basis_lacks() -> None:
    with pytest.raises(LookupError) as err:
        say_basis("site.basis.{basis}.heading", "fake")
    assert "'fake'" in str(err.value)
    assert all(p.format(basis="fake") in str(err.value) for p in basis_patterns())


# --------------------------------------------------------------------------- a scenario with a second basis


@pytest.fixture(scope="module")
def fake() -> tuple[Scenario, typing.Any, typing.Any]:
    """The test scenario with every site of a basis ``fake`` that georange has no words for."""
    scenario = load_scenario(DATA / "scenario.yaml", catalogue=load_catalogue(DATA / "catalogue"))
    sites = tuple(s.model_copy(update={"basis": "fake"}) for s in scenario.sites)
    scenario = dataclasses.replace(scenario, sites=sites, caveats=("Every site here is imaginary.",))
    return scenario, scenario_features(scenario), analyse(scenario)


def _outputs(scenario: Scenario, feats: typing.Any, prox: typing.Any) -> dict[str, typing.Callable[[], typing.Any]]:
    return {
        "map": lambda: map_html(scenario, feats, prox),
        "static map": lambda: static_figure(scenario, feats, prox),
        "chart": lambda: comparison_chart(scenario, prox, places=[p.id for p in scenario.places]),
        "distances": lambda: distances_report(scenario),
        "coverage": lambda: coverage_report(scenario),
    }


@pytest.mark.parametrize("output", ["map", "static map", "chart", "distances"])
def test_an_output_for_a_basis_without_words_fails_naming_the_missing_templates(fake, output: str) -> None:
    with pytest.raises(LookupError, match="no templates for site basis 'fake'") as err:
        _outputs(*fake)[output]()
    assert all(msg_id in str(err.value) for msg_id in missing_templates(["fake"]))


def _figure_text(fig: Figure) -> str:
    return " ".join(t.get_text() for t in fig.findobj(Text))


def test_every_output_says_the_sites_basis(monkeypatch: pytest.MonkeyPatch, fake) -> None:
    """Given words for ``fake``, no output says "hypothetical"; each says the new basis."""

    def imaginary(text: str) -> str:
        return text.replace("hypothetical", "imaginary").replace("Hypothetical", "Imaginary")

    for msg_id in list(words.MESSAGES):
        if ".basis.hypothetical" in msg_id:
            monkeypatch.setitem(
                words.MESSAGES, msg_id.replace("hypothetical", "fake"), imaginary(words.MESSAGES[msg_id])
            )
    for msg_id in list(words.PLURALS):
        if ".basis.hypothetical" in msg_id:
            forms = tuple(imaginary(f) for f in words.PLURALS[msg_id])
            monkeypatch.setitem(words.PLURALS, msg_id.replace("hypothetical", "fake"), forms)
    assert missing_templates(["fake"]) == []
    texts = {}
    for name, make in _outputs(*fake).items():
        out = make()
        texts[name] = _figure_text(out) if isinstance(out, Figure) else html.unescape(out)
    for name, text in texts.items():
        assert not re.search("hypothetical", text, flags=re.IGNORECASE), name
    for name in ("map", "static map", "chart", "distances"):
        assert "imaginary" in texts[name].lower(), name

"""The data outputs (KML, provenance, reports, Jupyter tables, validate) take their words from georange.words."""

from __future__ import annotations

import ast
import re
import typing
from pathlib import Path

import pytest

from georange import words
from georange.catalogue import Basis
from georange.words import _messages_data
from wordcheck import ids_matching

SRC = Path(words.__file__).parent.parent
#: The modules whose reader-facing words must all come from georange.words.
DATA_MODULES = [
    "export/kml.py",
    "export/_common.py",
    "export/csv.py",
    "export/geojson.py",
    "export/__init__.py",
    "report.py",
    "_repr.py",
    "browse.py",
    "palette.py",
    "words/_basis.py",
]
#: The functions that take a message id (or an id pattern with a ``{basis}`` slot) first.
_SAY = {"say", "say_n", "say_html", "say_n_html", "say_basis", "say_bases"}


def _id_pattern(node: ast.expr) -> str | None:
    """A regex of the ids a call's first argument can name (literal, ``{basis}`` pattern or f-string)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value).replace(r"\{basis\}", "[a-z_]+")
    if isinstance(node, ast.JoinedStr):
        return "".join(re.escape(v.value) if isinstance(v, ast.Constant) else "[a-z_.]+" for v in node.values)
    if isinstance(node, ast.IfExp):
        body, other = _id_pattern(node.body), _id_pattern(node.orelse)
        return f"(?:{body}|{other})" if body and other else None
    return None


def _ids_used(source: str, name: str = "<snippet>") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in _SAY:
            if isinstance(node.args[0], ast.Name | ast.Call):  # a helper passing its argument on: callers are scanned
                continue
            pattern = _id_pattern(node.args[0])
            assert pattern is not None, f"{name}:{node.lineno}: the message id must be a literal"
            found.append(pattern)
    return found


def _all_ids_used() -> list[tuple[str, str]]:
    out = [(m, p) for m in DATA_MODULES for p in _ids_used((SRC / m).read_text(encoding="utf-8"), m)]
    cli = ast.parse((SRC / "cli.py").read_text(encoding="utf-8"))
    validate = next(n for n in ast.walk(cli) if isinstance(n, ast.FunctionDef) and n.name == "validate")
    return out + [("cli.py", p) for p in _ids_used(ast.unparse(validate))]


def test_the_scan_finds_the_calls() -> None:
    assert len(_all_ids_used()) > 50


@pytest.mark.parametrize(("module", "pattern"), _all_ids_used())
def test_every_message_id_used_exists(module: str, pattern: str) -> None:
    assert ids_matching(pattern), f"{module}: no message id matches {pattern!r}"


def test_the_data_section_is_merged_and_adds_no_id_twice() -> None:
    for msg_id, template in _messages_data.MESSAGES.items():
        assert words.MESSAGES[msg_id] == template
    for msg_id, forms in _messages_data.PLURALS.items():
        assert words.PLURALS[msg_id] == forms
        assert all("{n}" in form for form in forms), msg_id


def test_every_basis_has_every_basis_keyed_template() -> None:
    """A new basis (``historical``) must bring all the words that ``hypothetical`` has."""
    keyed = [re.sub(r"\.hypothetical(\.|$)", r".{basis}\1", k) for k in (*words.MESSAGES, *words.PLURALS)]
    patterns = sorted({k for k in keyed if "{basis}" in k})
    assert "site.basis.{basis}" in patterns and "sites.basis.{basis}.count" in patterns
    for basis in typing.get_args(Basis):
        for pattern in patterns:
            msg_id = pattern.format(basis=basis)
            assert msg_id in words.MESSAGES or msg_id in words.PLURALS, msg_id


# --------------------------------------------------------------------------- no sentence left in code

_WORDS = re.compile(r"[A-Za-z]{2,}(?:[,;:)'\u2019]*\s+\(?[A-Za-z]+){1,}")
#: Strings with spaces that are not words for readers (a warning filter's pattern).
_NOT_WORDS = {"Package `lxml` missing"}
#: f-strings that format machine text, not words: KML's aabbggrr colour, the CSV/KML number cells.
_MACHINE_FORMATS = {"f'{alpha:02x}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}'", "f'{value:.{decimals}f}'"}
#: Inline CSS declarations (``border:1px solid #ccc;...``).
_CSS = re.compile(r"^(?:[a-z-]+:[^;:]+;?)+$")


def _skipped(tree: ast.AST) -> set[int]:
    """Docstrings, and strings inside ``raise`` (messages for programmers)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
        if isinstance(node, ast.Raise):
            out |= {id(n) for n in ast.walk(node)}
    return out


def english_literals(source: str) -> list[str]:
    """Two or more English words in a row in a string, or a number formatted inline in an f-string."""
    tree = ast.parse(source)
    skip = _skipped(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            skip |= {id(v) for v in node.values}
            specs = any(isinstance(v, ast.FormattedValue) and v.format_spec is not None for v in node.values)
            if specs and ast.unparse(node) not in _MACHINE_FORMATS:
                found.append(ast.unparse(node))
            text = " ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        visible = re.sub(r"""<[^>]*>|[\w-]+=(?:"[^"]*"|'[^']*')""", " ", text)  # tags and attributes
        if _WORDS.search(visible) and text not in _NOT_WORDS and not _CSS.match(text):
            found.append(text)
    return found


@pytest.mark.parametrize("module", DATA_MODULES)
def test_no_english_sentence_in_the_data_modules(module: str) -> None:
    assert english_literals((SRC / module).read_text(encoding="utf-8")) == []


def test_no_english_sentence_in_validate() -> None:
    cli = ast.parse((SRC / "cli.py").read_text(encoding="utf-8"))
    validate = next(n for n in ast.walk(cli) if isinstance(n, ast.FunctionDef) and n.name == "validate")
    assert english_literals(ast.unparse(validate)) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "name = f\"{row['site_name']} (hypothetical site)\"",
        'lines = ["Caveats:", "Placements are hypothetical, not reported deployments."]',
        'return f"{ratio:,.1f}x"',
        'header = f"Cities of {n:,}+ people"',
        'head = ("system", "claim status")',
    ],
)
def test_the_check_can_fail(snippet: str) -> None:
    assert english_literals(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        'say("range.name", distance=numbers.distance_km(40))',
        'raise KeyError(f"no site {site_id!r} in the scenario")',
        'def f():\n    """A docstring with many words."""',
        'x = f\'<a href="{url}" target="_blank" rel="noopener noreferrer">{title}</a>\'',
        'style = "border:1px solid #ccc;padding:2px 6px"',
    ],
)
def test_the_check_lets_code_pass(snippet: str) -> None:
    assert english_literals(snippet) == []


def test_the_scan_catches_an_unknown_id() -> None:
    [pattern] = _ids_used('say_basis("site.basis.{basis}.nowhere", basis)')
    assert not [k for k in words.MESSAGES if re.fullmatch(pattern, k)]


# --------------------------------------------------------------------------- the words themselves


def test_unified_wording() -> None:
    """KML says what the map says: "reported value", "maximum range"."""
    from georange.export import kml

    assert kml._estimate_text(False) == "reported value" == words.say("flag.reported")
    assert kml._kind_text("max") == "maximum range" == words.say("range.kind.max")


def test_validate_counts_agree_in_number() -> None:
    from georange.words._basis import count_by_basis

    assert count_by_basis(["hypothetical"]) == "1 hypothetical site"
    assert words.say_n("references.count", 1) == "1 reference"

"""The words of the print figures (static map, chart) come from georange.words, whole and named."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from georange import words
from georange.words import _messages, _messages_print
from georange.words._basis import count_by_basis
from wordcheck import all_templates

SRC = Path(words.__file__).parent.parent
#: The modules whose reader-facing words must all come from georange.words.
PRINT_MODULES = ["static_map.py", "_figure.py", "_labels.py", "_projection.py", "chart.py"]

#: ``say("id"``, ``say_n("id"``, ``say_html("id"`` ... with a literal id.
_CALL = re.compile(r"\bsay(?P<n>_n)?(?:_html)?\(\s*\"(?P<id>[^\"]+)\"")
#: Message ids chosen by a conditional: ``say("a" if x else "b")`` or a name bound to such a literal.
_ID_LITERAL = re.compile(r"\"((?:[a-z_]+\.)+[a-z_]+)\"")


def _used_ids(text: str) -> list[tuple[str, bool]]:
    return [(m["id"], bool(m["n"])) for m in _CALL.finditer(text)]


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_every_message_id_used_exists(path: Path) -> None:
    for msg_id, plural in _used_ids(path.read_text(encoding="utf-8")):
        table = words.PLURALS if plural else words.MESSAGES
        assert msg_id in table, f"{path.name}: no {'plural ' if plural else ''}message {msg_id!r}"


@pytest.mark.parametrize("name", PRINT_MODULES)
def test_every_dotted_id_in_a_print_module_exists(name: str) -> None:
    """Ids picked by a conditional (``say("a" if x else "b")``) are checked too."""
    text = (SRC / "render" / name).read_text(encoding="utf-8")
    known = words.MESSAGES.keys() | words.PLURALS.keys()
    for msg_id in _ID_LITERAL.findall(text):
        if msg_id.split(".")[0] in {m.split(".")[0] for m in known}:
            assert msg_id in known, f"{name}: no message {msg_id!r}"


def test_the_print_section_adds_no_id_twice() -> None:
    """A section merged into the shared tables must not silently replace a shared message."""
    merged_print = set(_messages_print.MESSAGES) | set(_messages_print.PLURALS)
    sections = [_messages_print]
    try:
        sections.append(importlib.import_module("georange.words._messages_map"))
    except ModuleNotFoundError:
        pass
    for section in sections[1:]:
        other = set(getattr(section, "MESSAGES", {})) | set(getattr(section, "PLURALS", {}))
        assert not merged_print & other, f"ids in both sections: {sorted(merged_print & other)}"
    source = Path(_messages.__file__).read_text(encoding="utf-8")
    shared = set(re.findall(r"^    \"([a-z_.]+)\": ", source, flags=re.MULTILINE))
    assert not merged_print & shared, f"print ids that shadow shared ones: {sorted(merged_print & shared)}"
    for msg_id, template in _messages_print.MESSAGES.items():
        assert words.MESSAGES[msg_id] == template


# --------------------------------------------------------------------------- no literal left behind

#: Strings with spaces that are matplotlib parameters, not words for readers.
_NOT_WORDS = {"offset points", "upper left", "DejaVu Sans"}
#: Calls whose first argument (or ``title=``/``label=``) is text put on a figure.
_TEXT_CALLS = {"text", "annotate", "set_title", "set_xlabel", "set_ylabel", "suptitle", "legend", "add"}
_TWO_WORDS = re.compile(r"[A-Za-z]{2,}[,;:]? +[A-Za-z]{2,}")
#: f-strings that are machine text (a PROJ definition), free to format numbers inline.
_MACHINE_PREFIXES = ("+proj=",)
_TEMPLATE_TEXT = {t for _, t in all_templates() if len(t) > 4 and "{" not in t}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _exempt(tree: ast.AST) -> set[int]:
    """String nodes inside ``raise`` (messages for programmers), subscripts and comparisons (ids)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise | ast.Subscript | ast.Compare):
            out |= {id(n) for n in ast.walk(node)}
        if isinstance(node, ast.Dict):  # dict keys are ids (fields, columns), not words
            out |= {id(k) for k in node.keys if isinstance(k, ast.Constant)}
    return out


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " {} ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def reader_literals(source: str) -> list[str]:
    """English literals in ``source`` that look meant for readers (see the three rules below)."""
    tree = ast.parse(source)
    skip = _docstrings(tree) | _exempt(tree)
    found: list[str] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            skip |= {id(v) for v in node.values}
            # 4. a number formatted inline (``f"{x:,.0f}"``) rather than through georange.words.numbers
            machine = (_literal_text(node) or "").lstrip(" {}").startswith(_MACHINE_PREFIXES)
            specs = [v for v in node.values if isinstance(v, ast.FormattedValue) and v.format_spec is not None]
            if specs and not machine:
                found.append(ast.unparse(node))
        text = _literal_text(node)
        if text is not None:
            # 1. words in a row, as a sentence has; 2. a message template's very text copied
            if (_TWO_WORDS.search(text) and text not in _NOT_WORDS) or text in _TEMPLATE_TEXT:
                found.append(text)
        # 3. a literal handed straight to a call that puts text on a figure
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _TEXT_CALLS:
            first = node.args[2:3] if node.func.attr == "text" else node.args[:1]
            args = [*first, *(k.value for k in node.keywords if k.arg in ("title", "label", "text", "s"))]
            for arg in args:
                text = _literal_text(arg)
                if text is not None and re.search(r"[A-Za-z]{2,}", text) and text not in _NOT_WORDS:
                    found.append(text)
    return found


@pytest.mark.parametrize("name", PRINT_MODULES)
def test_no_reader_facing_literal_is_left(name: str) -> None:
    source = (SRC / "render" / name).read_text(encoding="utf-8")
    assert reader_literals(source) == []


@pytest.mark.parametrize(
    "snippet",
    [
        'ax.set_xlabel("Distance")',
        'labels.append("distance from the hypothetical site")',
        'text = f"{n} hypothetical sites"',
        'entries.append((dot, "place"))',
        'ax.text(0, 0, f"{x} km")',
        'ax.legend(h, l, title="Ranges")',
        'label = f"{length / 1000:,.0f}"',
        'ratio = f"{r:g}"',
    ],
)
def test_the_literal_check_can_fail(snippet: str) -> None:
    assert reader_literals(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        'ax.annotate(text, xy, textcoords="offset points", ha="left")',
        'raise ValueError(f"place {p!r} is not a place of scenario")',
        'frame[frame["feature_type"] == "ring"]',
        'say("legend.place")',
        'CRS.from_proj4(f"+proj=aeqd +lat_0={lat:.6f} +units=m")',
        'fig.text(0.1, 0.2, "\\n".join(lines), ha="left", va="top")',
        'def f():\n    """A docstring with many words."""',
    ],
)
def test_the_literal_check_lets_parameters_pass(snippet: str) -> None:
    assert reader_literals(snippet) == []


# --------------------------------------------------------------------------- the words themselves


def test_reference_figures_read_as_before() -> None:
    assert words.say(
        "reference.figures",
        reported=words.say("reference.reported", miles=words.numbers.miles(90, decimals=None), km="145 km"),
        computed=words.say("reference.computed", miles="93 mi", km="149.9 km"),
    ) == ("90 mi reported (145 km); 93 mi computed (149.9 km)")


def test_counts_agree_in_number() -> None:
    assert words.say_n("systems.count", 1) == "1 system"
    assert words.say_n("systems.count", 2) == "2 systems"
    sites = count_by_basis(["hypothetical"] * 3)
    assert words.say("sites.see_detail", sites=sites) == "3 hypothetical sites\n(see the detail map)"
    assert count_by_basis(["hypothetical"]) == "1 hypothetical site"

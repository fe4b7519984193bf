"""Every template in the words home, whichever output uses it: named fields, the count in plurals, no markup.

The per-output files (test_words_map.py, test_words_print.py, test_words_data.py,
test_words_basis.py) check that their modules take their words from here.
"""

from __future__ import annotations

import string

import pytest

from georange import words
from wordcheck import all_templates


@pytest.mark.parametrize(("msg_id", "template"), all_templates())
def test_every_template_field_is_named(msg_id: str, template: str) -> None:
    for _, field, spec, conversion in string.Formatter().parse(template):
        if field is None:
            continue
        assert field.isidentifier(), f"{msg_id}: field {field!r} is not a name"
        assert not spec and not conversion, f"{msg_id}: format the field with words.numbers, not {spec or conversion!r}"
    markup = "<" in template.replace("<=", "") or "&" in template.replace("{", "")  # "<=" is text, not a tag
    assert not markup, f"{msg_id}: templates hold no HTML"


def test_plural_templates_take_the_count() -> None:
    for msg_id, (one, many) in words.PLURALS.items():
        assert "{n}" in one and "{n}" in many, msg_id


def test_the_field_check_can_fail() -> None:
    bad = [t for t in ("{0} km", "{km:,.0f} km", "<b>{x}</b>") if not _named_and_plain(t)]
    assert len(bad) == 3


def _named_and_plain(template: str) -> bool:
    fields = [(f, s, c) for _, f, s, c in string.Formatter().parse(template) if f is not None]
    return all(f.isidentifier() and not s and not c for f, s, c in fields) and "<" not in template

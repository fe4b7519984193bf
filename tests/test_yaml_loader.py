"""The strict loader behaves the same on libyaml (CSafeLoader) and on the pure-Python parser."""

from __future__ import annotations

import pytest
import yaml
from yaml.constructor import ConstructorError

from georange import _yaml

LOADERS = {"default": _yaml.StrictLoader, "python": _yaml.PythonStrictLoader}


def test_libyaml_is_used_when_available() -> None:
    assert issubclass(_yaml.StrictLoader, yaml.CSafeLoader) == yaml.__with_libyaml__


@pytest.mark.parametrize("loader", LOADERS.values(), ids=LOADERS.keys())
def test_duplicate_keys_are_refused_with_their_line(loader) -> None:
    with pytest.raises(ConstructorError, match="duplicate key 'km'") as info:
        yaml.load("a: 1\nr:\n  km: 2\n  km: 3\n", Loader=loader)
    assert info.value.problem_mark is not None and info.value.problem_mark.line == 3


@pytest.mark.parametrize("loader", LOADERS.values(), ids=LOADERS.keys())
def test_dates_stay_text_and_the_rest_is_safe_yaml(loader) -> None:
    text = "accessed: 2026-02-30\nkm: 1.5e+3\nok: true\nshared: &s [1, 2]\nagain: *s\n"
    assert yaml.load(text, Loader=loader) == {
        "accessed": "2026-02-30", "km": 1500.0, "ok": True, "shared": [1, 2], "again": [1, 2]
    }  # fmt: skip


@pytest.mark.parametrize("loader", LOADERS.values(), ids=LOADERS.keys())
def test_python_tags_are_refused(loader) -> None:
    with pytest.raises(ConstructorError, match="python/object"):
        yaml.load("a: !!python/object/apply:os.system ['true']\n", Loader=loader)

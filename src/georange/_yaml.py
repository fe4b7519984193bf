"""A strict, safe YAML loader for hand-edited data files.

On top of ``yaml.CSafeLoader`` (libyaml; ``yaml.SafeLoader`` where PyYAML was
built without it) it refuses a key given twice (the second value
would silently win), and it leaves dates as strings so that an impossible
date such as 2026-02-30 reaches validation, which names the key, instead of
crashing the parser.  Anchors and aliases stay allowed (a file may share one
list of sources); they load as shared objects, and georange never walks or
prints a structure it did not validate, so an alias bomb stays small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode

__all__ = ["PythonStrictLoader", "StrictLoader", "load"]


class _Strict(SafeConstructor):
    """No duplicate keys; mixed into a loader before its constructor."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:
                continue  # unhashable keys are reported by the base class
            if duplicate:
                raise ConstructorError(None, None, f"found duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# Dates stay strings; pydantic parses and validates them with the key path.
_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class PythonStrictLoader(_Strict, yaml.SafeLoader):
    """Safe loading, no duplicate keys, dates kept as text (pure-Python parser)."""

    yaml_implicit_resolvers = _RESOLVERS


if TYPE_CHECKING or not yaml.__with_libyaml__:
    StrictLoader = PythonStrictLoader
else:

    class StrictLoader(_Strict, yaml.CSafeLoader):
        """Safe loading, no duplicate keys, dates kept as text (libyaml's parser, ~7x faster)."""

        yaml_implicit_resolvers = _RESOLVERS


def load(text: str) -> Any:
    """Parse YAML text with :class:`StrictLoader`."""
    return yaml.load(text, Loader=StrictLoader)

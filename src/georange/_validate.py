"""Turn pydantic errors into ``file: key.path: message`` lines, all at once."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping
from typing import Any, TypeVar

import pydantic

__all__ = ["Problems", "format_loc", "suggestion", "validate_entry"]

T = TypeVar("T", bound=pydantic.BaseModel)


def format_loc(loc: Iterable[str | int]) -> str:
    """Render a location tuple as ``systems[2].ranges[0].sources``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


#: Keys that were renamed, with what to write instead.
_RENAMED_KEYS = {"hypothetical": "`hypothetical: true` is now `basis: hypothetical`"}


def _message(err: Mapping[str, Any], model: type[pydantic.BaseModel] | None, missing: Collection[str] = ()) -> str:
    kind = err["type"]
    loc = err["loc"]
    if kind == "extra_forbidden" and loc and loc[-1] in _RENAMED_KEYS:
        return _RENAMED_KEYS[str(loc[-1])]
    if kind == "missing" and loc and loc[-1] == "sources":
        return "at least one source is required"
    if kind == "missing":
        return "is required"
    if kind == "list_type":
        return "must be a list"
    if kind == "string_type":
        return "must be a string"
    if kind == "too_short" and err.get("ctx", {}).get("min_length") == 1:
        return "is required: a non-empty list"
    if kind == "string_too_long":
        return f"must be at most {err['ctx']['max_length']:,} characters"
    if kind == "extra_forbidden" and model is not None:
        return _unknown_key_message(str(loc[-1]), _known_fields(model, loc), prefer=missing)
    msg = str(err["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    return msg


def _known_fields(model: type[pydantic.BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (nested) model that holds ``loc[-1]``.

    A part of ``loc`` that names a model of a tagged union (its tag is the
    class name) picks that member.
    """
    current: Any = model
    annotation: Any = None
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part)
        if field is not None:
            annotation = field.annotation
            current = _model_in(annotation)
        elif (member := _model_in(annotation, name=part)) is not None:
            current = member
        else:
            return []
    return list(current.model_fields) if current is not None else []


def _model_in(annotation: Any, *, name: str | None = None) -> type[pydantic.BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation if name is None or annotation.__name__ == name else None
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg, name=name)
        if found is not None:
            return found
    return None


def suggestion(word: str, choices: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" hint for a mistyped key or id, or ""."""
    hint = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{hint[0]}'?)" if hint else ""


def _unknown_key_message(key: str, known: list[str], *, prefer: Collection[str] = ()) -> str:
    """An unknown key, with a hint; a required key that is missing is the likelier meaning."""
    hint = suggestion(key, prefer) or suggestion(key, known)
    allowed = f"; allowed keys: {', '.join(known)}" if known and not hint else ""
    return f"unknown key{hint}{allowed}"


class Problems:
    """Collects every problem found in one or more files before raising once."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, file: str, loc: Iterable[str | int], message: str) -> None:
        """Record one problem at ``file: loc: message``."""
        where = format_loc(loc)
        self.lines.append(f"{file}: {where}: {message}" if where else f"{file}: {message}")

    def __bool__(self) -> bool:
        return bool(self.lines)


def validate_entry(
    model: type[T],
    data: Any,
    *,
    file: str,
    loc: tuple[str | int, ...],
    problems: Problems,
    tags: Collection[str] = (),
) -> T | None:
    """Validate ``data`` as ``model``; record problems under ``loc`` and return None on failure.

    ``tags`` are the tags of tagged unions: they name the union member in
    pydantic's locations and are left out of the key paths shown.
    """
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        errors = exc.errors()
        missing: dict[tuple[Any, ...], list[str]] = {}
        for err in errors:
            if err["type"] == "missing" and err["loc"]:
                missing.setdefault(tuple(err["loc"][:-1]), []).append(str(err["loc"][-1]))
        for err in errors:
            err_loc = tuple(err["loc"])
            shown = tuple(part for part in err_loc if part not in tags)
            message = _message({**err, "loc": err_loc}, model, missing.get(err_loc[:-1], ()))
            problems.add(file, loc + shown, message)
        return None

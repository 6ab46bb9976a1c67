"""JSON request bodies read strictly: a duplicate key, a NUL character or absurd nesting is an error.

Python's ``json`` (and pydantic's parser) keep the last of two equal keys, so a body with
``"bladder_dysfunction": true, ... "bladder_dysfunction": false`` would be stored with the second
value and the first answer lost without a word. Every JSON body the service reads (the exam API,
FHIR, CDS Hooks, webhooks) goes through ``check`` or ``loads`` first, which refuse it naming the
key's path. NUL cannot be stored in a PostgreSQL text column, and nesting a thousand levels deep
makes recursive code fail: both are refused here too, with the path.

The common case pays one ``json.loads`` whose object hook compares two lengths; only a body that
fails (or holds the six characters ``\\u0000``) is parsed a second time to find the path.

Imports no Django: ``exams.documents`` uses it, and it is used without a database.
"""

from __future__ import annotations

import json
from typing import Any

# A FHIR Bundle is about ten levels deep, an exam document four; extensions nest a few more.
MAX_DEPTH = 64


class JsonInputError(ValueError):
    """The body is not acceptable JSON; ``path`` names where (``""`` for the body as a whole)."""

    def __init__(self, path: str, message: str, code: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message
        self.code = code


class _Duplicate(Exception):
    pass


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Duplicate
    return result


class _Pairs(list[tuple[str, Any]]):
    """An object as parsed, every pair kept, for locating a problem."""


def _child(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _locate(text: str | bytes, max_depth: int) -> JsonInputError | None:
    """The first duplicate key, NUL character or too-deep value, with its path."""
    try:
        root = json.loads(text, object_pairs_hook=_Pairs)
    except RecursionError:
        return JsonInputError("", f"the body is nested more than {max_depth} levels deep", "too_deep")
    stack: list[tuple[Any, str, int]] = [(root, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, _Pairs | list) and depth >= max_depth:
            return JsonInputError(path, f"nested more than {max_depth} levels deep", "too_deep")
        if isinstance(value, _Pairs):
            seen: set[str] = set()
            for key, _item in value:
                if "\x00" in key:
                    return JsonInputError(path, "a key contains a NUL character", "nul_character")
                if key in seen:
                    return JsonInputError(
                        _child(path, key), "duplicate key: the body gives this key twice", "duplicate_key"
                    )
                seen.add(key)
            stack.extend((item, _child(path, key), depth + 1) for key, item in reversed(value))
        elif isinstance(value, list):
            stack.extend(
                (item, _child(path, index), depth + 1) for index, item in reversed(list(enumerate(value)))
            )
        elif isinstance(value, str) and "\x00" in value:
            return JsonInputError(path, "contains a NUL character", "nul_character")
    return None


def _too_deep(value: Any, max_depth: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if depth >= max_depth:
                return True
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            if depth >= max_depth:
                return True
            stack.extend((child, depth + 1) for child in item)
    return False


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH, walk_depth: bool = True) -> Any:
    """The decoded body; ``JsonInputError`` for invalid JSON, a duplicate key, NUL or deep nesting.

    ``walk_depth=False`` leaves nesting below Python's recursion limit to the caller's parser.
    """
    try:
        value = json.loads(text, object_pairs_hook=_unique_object)
    except (_Duplicate, RecursionError):
        problem = _locate(text, max_depth)
        if problem is None:  # only the recursion limit is left to blame
            problem = JsonInputError("", f"the body is nested more than {max_depth} levels deep", "too_deep")
        raise problem from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise JsonInputError("", f"the body is not valid JSON: {exc}", "parse_error") from None
    suspicious = b"\\u0000" in text if isinstance(text, bytes) else "\\u0000" in text
    if suspicious or (walk_depth and _too_deep(value, max_depth)):
        problem = _locate(text, max_depth)
        if problem is not None:
            raise problem
    return value


def check(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> None:
    """Refuse what ``loads`` refuses, for a body another parser will read (pydantic's, for speed).

    Invalid JSON and nesting are left to that parser, whose error messages name the position
    (pydantic-core stops at its own depth limit).
    """
    try:
        loads(text, max_depth=max_depth, walk_depth=False)
    except JsonInputError as error:
        if error.code != "parse_error":
            raise

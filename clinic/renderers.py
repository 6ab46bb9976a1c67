"""The API's JSON renderer: DRF's output, serialized by pydantic-core where that is safe.

Exam and decision bodies are tens of kilobytes, rendered on every evaluate, exam read and exam
post, and ``pydantic_core.to_json`` (Rust) writes them several times faster than ``json.dumps``
with DRF's encoder (docs/performance.md). Where the two differ, DRF's renderer answers instead: an
indented rendering asked for in the Accept header, a body with NaN or Infinity (DRF refuses to
emit them, pydantic-core would), and U+2028/U+2029, which DRF escapes.

A body may hold ``StoredJSON``: JSON text the database already holds (a decision document read as
``jsonb::text``), written into the body in its place as it is instead of being decoded and encoded
again: decoding the decision was a measurable share of an exam read (docs/performance.md).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from typing import Any

import pydantic_core
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder

_LINE_SEPARATOR = "\u2028".encode()
_PARAGRAPH_SEPARATOR = "\u2029".encode()


class StoredJSON:
    """Valid JSON text, as PostgreSQL wrote it; the renderer puts it in the body unchanged.

    Anywhere in a body (a member, a list item), in its place. The text keeps PostgreSQL's
    spelling (a space after ``:`` and ``,``), which parses to the same value. Not a dataclass:
    pydantic-core would serialize one as an object instead of asking the renderer.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"StoredJSON({self.text[:40]!r}...)"


class JSONRenderer(renderers.JSONRenderer):
    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        if self.get_indent(accepted_media_type or "", renderer_context or {}) is not None:
            return self._drf(data, accepted_media_type, renderer_context)
        stored: list[bytes] = []
        marker = f"stored-json-{secrets.token_hex(8)}-"
        encoder = JSONEncoder()

        def unknown(value: Any) -> Any:
            if isinstance(value, StoredJSON):
                stored.append(value.text.encode())
                return f"{marker}{len(stored) - 1}"
            # Types pydantic-core does not know (lazy translations...) go through DRF's encoder.
            return encoder.default(value)

        try:
            body = pydantic_core.to_json(data, fallback=unknown)
        except pydantic_core.PydanticSerializationError:
            return self._drf(data, accepted_media_type, renderer_context)
        # A string value may contain these words too; DRF's renderer then decides, correctly.
        if _maybe_not_finite(body) or any(_maybe_not_finite(text) for text in stored):
            return self._drf(data, accepted_media_type, renderer_context)
        for number, text in enumerate(stored):
            body = body.replace(f'"{marker}{number}"'.encode(), text, 1)
        return _escaped(body)

    def _drf(self, data: Any, media_type: str | None, context: Mapping[str, Any] | None) -> bytes:
        rendered: bytes = super().render(_decoded(data), media_type, context)
        return rendered


def _decoded(data: Any) -> Any:
    """``data`` with every ``StoredJSON`` decoded, for DRF's own renderer."""
    if isinstance(data, StoredJSON):
        return json.loads(data.text)
    if isinstance(data, dict):
        return {key: _decoded(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_decoded(value) for value in data]
    return data


def _maybe_not_finite(body: bytes) -> bool:
    return b"NaN" in body or b"Infinity" in body


def _escaped(body: bytes) -> bytes:
    return body.replace(_LINE_SEPARATOR, b"\\u2028").replace(_PARAGRAPH_SEPARATOR, b"\\u2029")

"""The API's JSON renderer: DRF's output, serialized by pydantic-core where that is safe.

Exam and decision bodies are 13-25 kB. ``json.dumps`` with DRF's encoder took about 0.14 ms per
13 kB on the benchmark machine, ``pydantic_core.to_json`` (Rust) about 0.04 ms, on every
evaluate, exam read and exam post. Where the two differ, DRF's renderer answers instead: an
indented rendering asked for in the Accept header, a body with NaN or Infinity (DRF refuses to
emit them, pydantic-core would), and U+2028/U+2029, which DRF escapes.

A body's top-level value may be ``StoredJSON``: JSON text the database already holds (a decision
document read as ``jsonb::text``), written into the body as it is instead of being decoded and
encoded again. In an exam read, decoding the 13-15 kB decision cost about 0.28 ms of CPU
(docs/performance.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pydantic_core
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder

_LINE_SEPARATOR = "\u2028".encode()
_PARAGRAPH_SEPARATOR = "\u2029".encode()


@dataclass(frozen=True, slots=True)
class StoredJSON:
    """Valid JSON text, as PostgreSQL wrote it; the renderer puts it in the body unchanged.

    The text keeps PostgreSQL's spelling (a space after ``:`` and ``,``), which parses to the
    same value. Members holding it are written after the body's other members.
    """

    text: str


class JSONRenderer(renderers.JSONRenderer):
    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        indented = self.get_indent(accepted_media_type or "", renderer_context or {}) is not None
        data, stored = _stored_members_apart(data, decode=indented)
        if indented:
            return self._drf(data, accepted_media_type, renderer_context)
        body = self._compact(data, accepted_media_type, renderer_context)
        for key, text in stored.items():
            member = json.dumps(key).encode() + b":" + text
            body = body[:-1] + (b"," if body != b"{}" else b"") + member + b"}"
        return body

    def _compact(self, data: Any, media_type: str | None, context: Mapping[str, Any] | None) -> bytes:
        try:
            # Types pydantic-core does not know (lazy translations...) go through DRF's encoder.
            body = pydantic_core.to_json(data, fallback=JSONEncoder().default)
        except pydantic_core.PydanticSerializationError:
            return self._drf(data, media_type, context)
        # A string value may contain these words too; DRF's renderer then decides, correctly.
        if _maybe_not_finite(body):
            return self._drf(data, media_type, context)
        return _escaped(body)

    def _drf(self, data: Any, media_type: str | None, context: Mapping[str, Any] | None) -> bytes:
        rendered: bytes = super().render(data, media_type, context)
        return rendered


def _stored_members_apart(data: Any, *, decode: bool) -> tuple[Any, dict[str, bytes]]:
    """``data`` without its ``StoredJSON`` members, and those as the bytes to write.

    With ``decode`` (an indented rendering), or when a text might hold what DRF would refuse or
    spell differently, they are decoded back into ``data`` and rendered like the rest.
    """
    if not isinstance(data, dict) or not any(isinstance(v, StoredJSON) for v in data.values()):
        return data, {}
    stored = {key: value.text.encode() for key, value in data.items() if isinstance(value, StoredJSON)}
    if decode or any(_maybe_not_finite(text) for text in stored.values()):
        return data | {key: json.loads(text) for key, text in stored.items()}, {}
    rest = {key: value for key, value in data.items() if key not in stored}
    return rest, {key: _escaped(text) for key, text in stored.items()}


def _maybe_not_finite(body: bytes) -> bool:
    return b"NaN" in body or b"Infinity" in body


def _escaped(body: bytes) -> bytes:
    return body.replace(_LINE_SEPARATOR, b"\\u2028").replace(_PARAGRAPH_SEPARATOR, b"\\u2029")

"""The API's JSON renderer: DRF's output, serialized by pydantic-core where that is safe.

Exam and decision bodies are 13-25 kB. ``json.dumps`` with DRF's encoder took about 0.14 ms per
13 kB on the benchmark machine, ``pydantic_core.to_json`` (Rust) about 0.04 ms, on every
evaluate, exam read and exam post. Where the two differ, DRF's renderer answers instead: an
indented rendering asked for in the Accept header, a body with NaN or Infinity (DRF refuses to
emit them, pydantic-core would), and U+2028/U+2029, which DRF escapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydantic_core
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder

_LINE_SEPARATOR = "\u2028".encode()
_PARAGRAPH_SEPARATOR = "\u2029".encode()


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
        try:
            # Types pydantic-core does not know (lazy translations...) go through DRF's encoder.
            body = pydantic_core.to_json(data, fallback=JSONEncoder().default)
        except pydantic_core.PydanticSerializationError:
            return self._drf(data, accepted_media_type, renderer_context)
        # A string value may contain these words too; DRF's renderer then decides, correctly.
        if b"NaN" in body or b"Infinity" in body:
            return self._drf(data, accepted_media_type, renderer_context)
        return body.replace(_LINE_SEPARATOR, b"\\u2028").replace(_PARAGRAPH_SEPARATOR, b"\\u2029")

    def _drf(self, data: Any, media_type: str | None, context: Mapping[str, Any] | None) -> bytes:
        rendered: bytes = super().render(data, media_type, context)
        return rendered

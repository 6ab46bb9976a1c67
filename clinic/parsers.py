"""Request parsing shared by every DRF endpoint: strict JSON and case-blind media types.

DRF's ``JSONParser`` keeps the last of two equal keys; this one refuses the body naming the key
(``clinic.strict_json``). DRF also compares media types case-sensitively, so
``Content-Type: Application/JSON`` was a 415 although media types are case-insensitive
(RFC 9110, 8.3.1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import BaseParser, JSONParser
from rest_framework.request import Request
from rest_framework.utils.mediatypes import media_type_matches

from clinic import strict_json


class StrictJSONParser(JSONParser):
    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        body = stream.read() if stream is not None else b""
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            raise strict_json.JsonInputError("", f"the body is not valid {encoding}", "parse_error") from None
        return strict_json.loads(text)


def lowercase_media_type(content_type: str) -> str:
    """``Application/JSON; charset=UTF-8`` -> ``application/json; charset=UTF-8``."""
    main, separator, parameters = content_type.partition(";")
    return main.strip().lower() + separator + parameters


class CaseInsensitiveContentNegotiation(DefaultContentNegotiation):
    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        content_type = lowercase_media_type(request.content_type)
        for parser in parsers:
            if media_type_matches(parser.media_type, content_type):
                return parser
        return None

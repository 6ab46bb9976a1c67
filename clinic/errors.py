"""One error shape for every 4xx and 5xx the API answers, produced by one exception handler.

Shape (after RFC 9457 problem details)::

    {"status": 400, "code": "invalid_document", "detail": "motor[3].grade: ...",
     "errors": [{"field": "motor[3].grade", "code": "literal_error", "message": "..."}]}

``errors[].field`` uses the spec's path form so an integrator can point at the exact input.
Services raise the framework-free errors of ``clinic.domain_errors``; this handler is the one
place that maps them (and DRF's own exceptions) to HTTP.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from clinic.authentication import client_vanished
from clinic.domain_errors import DomainError, FieldError
from clinic.strict_json import JsonInputError

# A token whose client was deleted while a worker still trusted it (``client_vanished``).
VANISHED_CLIENT = exceptions.AuthenticationFailed("invalid, revoked or expired token")


def problem(status_code: int, code: str, detail: str, errors: Sequence[FieldError] = ()) -> dict[str, Any]:
    return {
        "status": status_code,
        "code": code,
        "detail": detail,
        "errors": [{"field": e.field, "code": e.code, "message": e.message} for e in errors],
    }


def _drf_field_errors(detail: Any, prefix: str = "") -> list[FieldError]:
    """Flatten DRF's nested ValidationError detail into spec-style paths."""
    if isinstance(detail, dict):
        out: list[FieldError] = []
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "detail") else str(key)
            path = f"{prefix}.{name}" if prefix and name else (name or prefix)
            out.extend(_drf_field_errors(value, path))
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [FieldError(prefix, str(item), getattr(item, "code", "invalid")) for item in detail]
        out = []
        for index, item in enumerate(detail):
            out.extend(_drf_field_errors(item, f"{prefix}[{index}]"))
        return out
    return [FieldError(prefix, str(detail), getattr(detail, "code", "invalid"))]


# The request part to blame for errors that carry no field of their own, so that every 4xx names
# what to fix.
_BLAMED_PART: dict[type[exceptions.APIException], str] = {
    exceptions.NotAuthenticated: "Authorization",
    exceptions.AuthenticationFailed: "Authorization",
    exceptions.UnsupportedMediaType: "Content-Type",
    exceptions.NotAcceptable: "Accept",
    exceptions.MethodNotAllowed: "method",
    exceptions.NotFound: "url",
}


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(problem(exc.status, exc.code, exc.detail, exc.errors), status=exc.status)
    if isinstance(exc, JsonInputError):
        body = problem(400, exc.code, str(exc), [FieldError(exc.path or "body", exc.message, exc.code)])
        return Response(body, status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, IntegrityError) and client_vanished(context["request"]):
        exc = VANISHED_CLIENT
    response = exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: let Django log it and answer 500
    assert isinstance(exc, exceptions.APIException)
    if isinstance(exc, exceptions.ValidationError):
        errors = _drf_field_errors(exc.detail)
        detail = "; ".join(f"{e.field}: {e.message}" if e.field else e.message for e in errors)
        response.data = problem(response.status_code, "invalid", detail, errors)
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        part = _BLAMED_PART.get(type(exc))
        errors = [FieldError(part, str(exc.detail), code)] if part else []
        response.data = problem(response.status_code, code, str(exc.detail), errors)
    return response

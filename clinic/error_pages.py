"""Errors Django answers itself (no such URL, a crash, a refused request), in each area's shape.

DRF's exception handlers shape the errors of a view that ran; a URL no view matches, an
exception a handler did not expect, or a request refused by a middleware never reaches them and
got Django's HTML page. Here every ``/api/`` error is the problem JSON of ``clinic.errors`` and
every ``/fhir/`` and ``/cds-services`` error an OperationOutcome; the admin keeps Django's pages.
The 500 answers say nothing about the failure: the traceback goes to the log, never the client.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from clinic.domain_errors import FieldError
from clinic.errors import problem

FHIR_JSON = "application/fhir+json"
_FHIR_PREFIXES = ("/fhir/", "/cds-services")

# HTTP status -> FHIR issue type (https://hl7.org/fhir/R4/valueset-issue-type.html).
_ISSUE_TYPES = {400: "invalid", 403: "forbidden", 404: "not-found", 405: "not-supported", 413: "too-costly"}


def is_fhir_path(path: str) -> bool:
    return path.startswith(_FHIR_PREFIXES)


def operation_outcome_body(*, code: str, diagnostics: str, expression: str | None) -> dict[str, Any]:
    issue: dict[str, Any] = {"severity": "error", "code": code, "diagnostics": diagnostics}
    if expression:
        issue["expression"] = [expression]
    return {"resourceType": "OperationOutcome", "issue": [issue]}


def shaped_error(
    request: HttpRequest, *, status: int, code: str, detail: str, field: str | None = None
) -> HttpResponse | None:
    """The error in the shape of the request's area, or None for the admin and other pages."""
    if request.path.startswith("/api/"):
        errors = [FieldError(field, detail, code)] if field else []
        return JsonResponse(problem(status, code, detail, errors), status=status)
    if is_fhir_path(request.path):
        issue_type = _ISSUE_TYPES.get(status, "invalid" if status < 500 else "exception")
        body = operation_outcome_body(code=issue_type, diagnostics=detail, expression=field)
        return JsonResponse(body, status=status, content_type=FHIR_JSON)
    return None


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    shaped = shaped_error(request, status=400, code="bad_request", detail="bad request")
    return shaped or defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    shaped = shaped_error(request, status=403, code="permission_denied", detail="permission denied")
    return shaped or defaults.permission_denied(request, exception)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    shaped = shaped_error(request, status=404, code="not_found", detail="no such resource", field="url")
    return shaped or defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    shaped = shaped_error(
        request,
        status=500,
        code="server_error",
        detail="the server failed to answer this request; it has been logged (quote X-Request-ID)",
    )
    return shaped or defaults.server_error(request)

"""Hardening the settings cannot express: a content security policy on every response,
``Cache-Control: no-store`` where patient data is shown, a body limit, chunked bodies read, and
NUL characters refused before they reach a view.

Django 5.2 has no CSP support of its own; one fixed policy per area is all this project needs,
so a few lines here replace a dependency.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from clinic.domain_errors import FieldError
from clinic.error_pages import is_fhir_path, shaped_error
from clinic.errors import problem

WSGIApplication = Callable[[dict[str, Any], Any], Iterable[bytes]]

# The admin loads only its own scripts, styles and fonts (Django's admin has no inline script).
ADMIN_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# The API's documentation page: Swagger UI's own scripts (its start-up script is served from the
# page's URL, not inline) and its one inline style block.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# Everything else (JSON, FHIR JSON, the schema, error pages) is data, never a page: nothing may
# run or be framed.
API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_PATH = "/api/v1/docs/"


class ContentSecurityPolicyMiddleware:
    """A policy on every response, whatever its type: the admin's, the docs page's, or none at all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        if request.path.startswith("/admin/"):
            response["Content-Security-Policy"] = ADMIN_POLICY
        elif request.path == DOCS_PATH:
            response["Content-Security-Policy"] = DOCS_POLICY
        else:
            response["Content-Security-Policy"] = API_POLICY
        return response


# Areas whose answers can carry patient data (exams, decisions, FHIR resources, CDS cards, the
# admin's pages): no browser, proxy or client library may keep a copy.
_NO_STORE_PREFIXES = ("/api/", "/fhir/", "/cds-services", "/admin/")


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every answer of an area that shows patient data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(_NO_STORE_PREFIXES):
            cache_control = response.get("Cache-Control", "")
            if "no-store" not in cache_control:
                response["Cache-Control"] = f"{cache_control}, no-store" if cache_control else "no-store"
        return response


def _refused_input(request: HttpRequest, *, field: str, detail: str) -> HttpResponse:
    shaped = shaped_error(request, status=400, code="invalid_character", detail=detail, field=field)
    return shaped or HttpResponseBadRequest(f"{field}: {detail}", content_type="text/plain; charset=utf-8")


def _printable_name(name: str) -> str:
    return name.replace("\x00", "\\0")[:100]


class HostileInputMiddleware:
    """A NUL character in the URL or a query parameter: 400 naming it, before a view sees it.

    PostgreSQL cannot hold NUL in text, so a filter carrying one (``?patient=``, FHIR search, the
    admin's search box) failed in the database driver with a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            return _refused_input(request, field="url", detail="the URL contains a NUL character")
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return _refused_input(
                    request,
                    field=_printable_name(name),
                    detail="the query parameter contains a NUL character",
                )
        return self.get_response(request)


def read_chunked_bodies(application: WSGIApplication) -> WSGIApplication:
    """A WSGI wrapper that reads a chunked request body, which Django alone sees as empty.

    Django reads ``CONTENT_LENGTH`` bytes of a body; a chunked request has no such header, so its
    body (decoded by the server: gunicorn does) was read as nothing and a valid post answered
    "not an object". Up to the body limit plus one byte is read, so an oversized chunked body is
    answered 413 by ``RequestBodyLimitMiddleware`` like any other.
    """

    def wrapped(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not environ.get("CONTENT_LENGTH"):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            stream = environ["wsgi.input"]
            body = stream.read() if limit is None else stream.read(limit + 1)
            environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        return application(environ, start_response)

    return wrapped


def body_too_large(request: HttpRequest | None = None) -> HttpResponse:
    """413 in the area's shape: an OperationOutcome under /fhir/ and /cds-services, else a problem."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    detail = f"the request body is larger than {limit} bytes"
    if request is not None and is_fhir_path(request.path):
        shaped = shaped_error(request, status=413, code="body_too_large", detail=detail, field="body")
        if shaped is not None:
            return shaped
    return JsonResponse(
        problem(413, "body_too_large", detail, [FieldError("body", detail, "body_too_large")]), status=413
    )


class RequestBodyLimitMiddleware:
    """413 in the API's error shape for a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``.

    Checked from Content-Length before anything reads the body; a body that turns out larger
    while read (Django raises ``RequestDataTooBig``) gets the same answer instead of a 400/500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            return body_too_large(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return body_too_large(request)
        return None

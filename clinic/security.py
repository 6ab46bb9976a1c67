"""Response hardening the settings cannot express: a content security policy and a body limit.

Django 5.2 has no CSP support of its own; one fixed policy per area is all this project needs,
so a few lines here replace a dependency.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

from clinic.domain_errors import FieldError
from clinic.errors import problem

# The admin loads only its own scripts, styles and fonts (Django's admin has no inline script).
ADMIN_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# JSON answers are data, never a page: nothing may run or be framed.
API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        if request.path.startswith("/admin/"):
            response["Content-Security-Policy"] = ADMIN_POLICY
        elif response.get("Content-Type", "").startswith("application/json"):
            response["Content-Security-Policy"] = API_POLICY
        return response


def body_too_large() -> JsonResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    detail = f"the request body is larger than {limit} bytes"
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
            return body_too_large()
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return body_too_large()
        return None

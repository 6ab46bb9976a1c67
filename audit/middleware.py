"""Per-request audit context: a request id (echoed as ``X-Request-ID``) and the client address,
and an audit row for every admin page that shows an exam or a patient."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from audit.context import RequestContext, current_request
from audit.services import audit_read
from clinic.tenancy import actor_for_request, client_address

# An upstream proxy's request id is kept if it looks like one; anything else is replaced, so a
# client cannot write arbitrary text into the trail.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

# Admin change views that display clinical records: url name -> audited table.
ADMIN_READ_VIEWS = {
    "exams_exam_change": "exams_exam",
    "exams_examversion_change": "exams_examversion",
    "exams_patient_change": "exams_patient",
    "decisions_decisionrecord_change": "decisions_decisionrecord",
}


class AuditRequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        supplied = request.headers.get("X-Request-ID", "")
        request_id = supplied if _REQUEST_ID.match(supplied) else uuid.uuid4().hex
        token = current_request.set(RequestContext(request_id=request_id, address=client_address(request)))
        try:
            response = self.get_response(request)
            self._audit_admin_read(request, response)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request_id
        return response

    @staticmethod
    def _audit_admin_read(request: HttpRequest, response: HttpResponse) -> None:
        match = request.resolver_match
        if request.method != "GET" or response.status_code != 200 or match is None:
            return
        table = ADMIN_READ_VIEWS.get(match.url_name or "")
        if table is None or match.namespace != "admin":
            return
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        object_id = str(match.kwargs["object_id"])
        audit_read(actor=actor_for_request(request), table_name=table, object_id=object_id)

"""FHIR R4 endpoints under ``/fhir/r4/``. Thin: parse, call a service or selector, render.

Authentication is the JSON API's bearer token (``clinic.authentication``), so a FHIR client is an
``ApiClient`` of one clinic and sees only that clinic. Every error answers an
``OperationOutcome`` whose issue ``expression`` is the FHIRPath of what to fix. These endpoints
are documented in docs/integration.md, not in the /api/v1 OpenAPI schema.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError
from django.http import Http404
from django.urls import reverse
from django.utils.http import http_date
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from audit.services import audit_versioned_reads
from clinic import strict_json
from clinic.authentication import BearerTokenAuthentication, IsClinicApiClient, client_vanished
from clinic.errors import VANISHED_CLIENT
from clinic.models import ApiClient
from clinic.tenancy import actor_for_request
from interop.fhir.inbound import BundleInvalid, InboundExam, Issue, bundle_parse
from interop.fhir.outbound import finding_id, panel_id
from interop.fhir.search import observation_query
from interop.fhir.selectors import (
    capability_statement,
    code_system,
    database_id,
    exam_bundle,
    observation_search,
    resource_read,
)
from interop.fhir.services import BundleWrite, bundle_ingest

logger = logging.getLogger(__name__)
FHIR_JSON = "application/fhir+json"
MAX_BODY_BYTES = 2_000_000


class FhirJsonRenderer(JSONRenderer):
    media_type = FHIR_JSON
    format = "fhir"


def operation_outcome(issues: list[Issue]) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [
            {
                "severity": i.severity,
                "code": i.code,
                "diagnostics": i.diagnostics,
                "expression": [i.expression],
            }
            for i in issues
        ],
    }


_ISSUE_CODES: dict[type[exceptions.APIException], str] = {
    exceptions.NotAuthenticated: "login",
    exceptions.AuthenticationFailed: "login",
    exceptions.PermissionDenied: "forbidden",
    exceptions.NotFound: "not-found",
    exceptions.MethodNotAllowed: "not-supported",
    exceptions.UnsupportedMediaType: "not-supported",
    exceptions.NotAcceptable: "not-supported",
    exceptions.Throttled: "throttled",
}


def fhir_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error of a FHIR or CDS Hooks endpoint as an OperationOutcome."""
    if isinstance(exc, BundleInvalid):
        return Response(operation_outcome(exc.issues), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "not found")
    elif isinstance(exc, IntegrityError) and client_vanished(context["request"]):
        exc = VANISHED_CLIENT
    response = exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException)
    code = _ISSUE_CODES.get(type(exc), "invalid" if response.status_code < 500 else "exception")
    expression = "Authorization" if code == "login" else "request"
    response.data = operation_outcome([Issue(expression, str(exc.detail), code)])
    return response


class FhirApiView(APIView):
    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [IsClinicApiClient]
    renderer_classes = [FhirJsonRenderer, JSONRenderer]

    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], Response | None]:
        return fhir_exception_handler

    @staticmethod
    def clinic_id(request: Request) -> int:
        assert isinstance(request.user, ApiClient)
        return request.user.clinic_id


def read_json_body(request: Request) -> Any:
    """The body as JSON, for ``application/fhir+json`` or ``application/json``."""
    media_type = (request.content_type or "").split(";")[0].strip().lower()
    if media_type not in (FHIR_JSON, "application/json"):
        raise exceptions.UnsupportedMediaType(media_type or "(none)")
    if len(request.body) > MAX_BODY_BYTES:
        raise BundleInvalid([Issue("Bundle", "the body is too large", "too-costly")], status=413)
    try:
        return strict_json.loads(request.body)
    except strict_json.JsonInputError as error:
        if error.code == "parse_error":
            raise BundleInvalid([Issue("Bundle", "the body is not valid JSON", "structure")]) from None
        code = "too-costly" if error.code == "too_deep" else "structure"
        raise BundleInvalid([Issue(error.path or "request", error.message, code)]) from None


def audit_exams_read(request: Request, exam_ids: Iterable[int]) -> None:
    """Every FHIR answer that shows exam data is on the audit trail: one read event per exam."""
    actor = actor_for_request(request)
    assert actor.clinic_id is not None  # IsClinicApiClient let the request in
    audit_versioned_reads(
        actor=actor, table_name="exams_exam", clinic_id=actor.clinic_id, object_ids=exam_ids
    )


def _observation_exam_ids(bundle: dict[str, Any]) -> set[int]:
    """The exams whose resources a bundle shows (every id but a Patient's starts ``{exam}-``)."""
    ids = (
        database_id(entry["resource"]["id"].partition("-")[0])
        for entry in bundle.get("entry", [])
        if "resource" in entry and entry["resource"].get("resourceType") != "Patient"
    )
    return {exam_id for exam_id in ids if exam_id is not None}


def bundle_response(*, inbound: InboundExam, write: BundleWrite) -> dict[str, Any]:
    """transaction-response / batch-response: one entry per request entry, in the same order."""
    exam = write.exam
    status = "201 Created" if write.created else "200 OK"
    entries: list[dict[str, Any]] = []
    for role in sorted(inbound.roles, key=lambda r: r.index):
        if role.skipped is not None:
            outcome = operation_outcome([role.skipped])
            entries.append({"response": {"status": "422 Unprocessable Entity", "outcome": outcome}})
            continue
        if role.resource_type == "Patient":
            location = f"Patient/{exam.patient_id}"
        elif role.is_panel:
            location = f"Observation/{panel_id(exam.pk)}/_history/{exam.version}"
        else:
            assert role.finding is not None
            location = f"Observation/{finding_id(exam.pk, *role.finding)}/_history/{exam.version}"
        response: dict[str, Any] = {"status": status, "location": location}
        if inbound.information.get(role.index):
            response["outcome"] = operation_outcome(inbound.information[role.index])
        entries.append({"response": response})
    return {"resourceType": "Bundle", "type": f"{inbound.bundle_type}-response", "entry": entries}


@extend_schema(exclude=True)
class FhirRootApi(FhirApiView):
    """``POST /fhir/r4/``: a transaction or batch Bundle holding one exam."""

    def post(self, request: Request) -> Response:
        inbound = bundle_parse(read_json_body(request))
        write = bundle_ingest(
            clinic_id=self.clinic_id(request), inbound=inbound, actor=actor_for_request(request)
        )
        logger.info("fhir bundle stored exam=%s created=%s", write.exam.pk, write.created)
        if not write.created:  # a replay answers with the stored exam's resources
            audit_exams_read(request, [write.exam.pk])
        return Response(bundle_response(inbound=inbound, write=write), status=200)


def fhir_base(request: Request) -> str:
    """The absolute FHIR base URL (``https://host/fhir/r4/``): fullUrls and links are absolute."""
    return request.build_absolute_uri(reverse("fhir-root"))


@extend_schema(exclude=True)
class ExamBundleApi(FhirApiView):
    """``GET /fhir/r4/Bundle/exam-{id}``: findings, decision and proposals of one exam."""

    def get(self, request: Request, exam_id: int) -> Response:
        bundle = exam_bundle(clinic_id=self.clinic_id(request), exam_id=exam_id, base=fhir_base(request))
        audit_exams_read(request, [exam_id])
        return Response(bundle)


@extend_schema(exclude=True)
class ObservationSearchApi(FhirApiView):
    """``GET /fhir/r4/Observation?...``: the parameters the CapabilityStatement lists, paged."""

    def get(self, request: Request) -> Response:
        strict = "handling=strict" in request.headers.get("Prefer", "").replace(" ", "")
        query = observation_query(
            ((name, value) for name, values in request.query_params.lists() for value in values),
            strict=strict,
        )
        bundle = observation_search(clinic_id=self.clinic_id(request), query=query, base=fhir_base(request))
        audit_exams_read(request, _observation_exam_ids(bundle))
        return Response(bundle)


@extend_schema(exclude=True)
class ResourceReadApi(FhirApiView):
    """``GET /fhir/r4/{type}/{id}`` and its vread ``.../_history/{version}``, with meta and ETag."""

    resource_type = ""

    def get(self, request: Request, resource_id: str, version_id: str | None = None) -> Response:
        resource = resource_read(
            clinic_id=self.clinic_id(request),
            resource_type=self.resource_type,
            resource_id=resource_id,
            version_id=version_id,
        )
        if self.resource_type != "Patient":  # every other resource shows an exam's data
            audit_exams_read(request, _observation_exam_ids({"entry": [{"resource": resource}]}))
        response = Response(resource)
        meta = resource.get("meta") or {}
        if "versionId" in meta:
            response["ETag"] = f'W/"{meta["versionId"]}"'
        if "lastUpdated" in meta:
            response["Last-Modified"] = http_date(datetime.fromisoformat(meta["lastUpdated"]).timestamp())
        return response


@extend_schema(exclude=True)
class CodeSystemApi(FhirApiView):
    """Our CodeSystem is public terminology: no patient data, so no credentials needed."""

    authentication_classes = ()  # type: ignore[assignment]
    permission_classes = ()  # type: ignore[assignment]

    def get(self, request: Request) -> Response:
        return Response(code_system())


@extend_schema(exclude=True)
class CapabilityStatementApi(FhirApiView):
    """``GET /fhir/r4/metadata``: public, as FHIR clients probe it before authenticating."""

    authentication_classes = ()  # type: ignore[assignment]
    permission_classes = ()  # type: ignore[assignment]

    def get(self, request: Request) -> Response:
        return Response(capability_statement())

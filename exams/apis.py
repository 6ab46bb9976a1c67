"""The exam endpoints of the REST API (spec section 1). Thin: parse, call a service or selector, render.

Request bodies are validated by ``exams.documents`` straight from the raw JSON (one pass), not
by DRF serializers; DRF does routing, authentication, permissions, throttling and errors.
"""

from __future__ import annotations

import json
from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from audit.services import audit_read
from clinic.domain_errors import PreconditionFailed, PreconditionRequired
from clinic.models import ApiClient
from clinic.renderers import StoredJSON
from clinic.tenancy import actor_for_request
from decisions.engine.isncsci import classify as classify_isncsci
from decisions.models import DecisionRecord
from decisions.schemas import DecisionDocument, IsncsciClassification, ReferenceList
from decisions.selectors import reference_list
from decisions.services import decision_evaluate
from exams.documents import (
    DocumentInvalid,
    ExamDocument,
    FieldError,
    Identifier,
    IsoDatetime,
    VisibleText,
    field_path,
    parse_exam_document_json,
    parse_isncsci_json,
)
from exams.isncsci import IsncsciBlock
from exams.models import Exam, ExamVersion
from exams.selectors import (
    WorklistPosition,
    exam_detail_read,
    exam_get,
    exam_version_document,
    exam_version_get,
    exam_versions,
    json_datetime,
    worklist_page,
)
from exams.services import ExamWrite, exam_amend, exam_create


class Problem(BaseModel):
    """The error body of every 4xx (see ``clinic.errors``)."""

    status: int
    code: str
    detail: str
    errors: list[dict[str, str]] = Field(description="Each with `field` (spec path), `code`, `message`.")


class ExamResponse(ExamDocument):
    id: int
    version: int
    decision: DecisionDocument


class DecisionSummary(BaseModel):
    urgency: str
    red_flags: list[str]
    lesion_site: str | None
    lesion_side: str | None
    ruleset_version: str


class ExamSummary(BaseModel):
    id: int
    url: str
    version: int
    performed_at: datetime
    patient: Identifier
    external_id: Identifier | None
    decision: DecisionSummary | None


class ExamPage(BaseModel):
    next: str | None
    previous: str | None
    results: list[ExamSummary]


class VersionEntry(BaseModel):
    number: int
    url: str
    performed_at: datetime
    recorded_at: datetime
    recorded_by: str
    decision: DecisionSummary | None


class VersionList(RootModel[list[VersionEntry]]):
    pass


ERRORS = {
    400: OpenApiResponse(Problem, description="The document breaks the contract; `errors` names each field."),
    401: OpenApiResponse(Problem, description="No token, or a revoked or expired one."),
    404: OpenApiResponse(Problem, description="No such exam in this clinic."),
}


def _clinic_id(request: Request) -> int:
    assert isinstance(request.user, ApiClient)
    return request.user.clinic_id


def _json_body(request: Request) -> ExamDocument:
    if request.content_type.split(";")[0].strip().lower() != "application/json":
        raise exceptions.UnsupportedMediaType(request.content_type)
    return parse_exam_document_json(request.body)


def _audit_exam_read(request: Request, exam: Exam, version: int | None = None) -> None:
    """Every exam shown through the API is on the audit trail: who, which exam and version, from where."""
    audit_read(
        actor=actor_for_request(request),
        table_name="exams_exam",
        object_id=str(exam.pk),
        object_version=version,
        clinic_id=exam.clinic_id,
    )


def etag(version: int) -> str:
    return f'"{version}"'


def parse_if_match(value: str | None) -> int:
    """``"3"``, ``W/"3"`` or a bare ``3``; anything else names no version and cannot guard a write."""
    if not value:
        raise PreconditionRequired(field="If-Match")
    text = value.strip().removeprefix("W/").strip('"').strip()
    # ASCII digits only: str.isdigit() is also true of superscript and Arabic-Indic digits,
    # which int() refuses or reads.
    if not (text.isascii() and text.isdigit()):
        raise PreconditionRequired(
            'If-Match must carry the current version\'s ETag, for example "3"', field="If-Match"
        )
    if len(text) > MAX_VERSION_DIGITS:
        raise PreconditionFailed(
            f"If-Match names version {text[:12]}..., which no exam has", field="If-Match"
        )
    return int(text)


# An exam's version is a PostgreSQL integer (at most 2,147,483,647: ten digits).
MAX_VERSION_DIGITS = 9


# What the worklist and the version list show of a decision (``DecisionSummary``).
DECISION_SUMMARY_FIELDS = ("urgency", "red_flags", "lesion_site", "lesion_side", "ruleset_version")


def decision_summary(decision: DecisionRecord | None) -> dict[str, Any] | None:
    if decision is None:
        return None
    return {name: getattr(decision, name) for name in DECISION_SUMMARY_FIELDS}


def exam_body(
    *, exam: Exam, number: int, document: dict[str, Any], decision: dict[str, Any] | StoredJSON
) -> dict[str, Any]:
    """The exam document of one version with ``id``, ``version`` and the decision it had."""
    return {"id": exam.pk, "version": number, **document, "decision": decision}


def _written(write: ExamWrite, document: dict[str, Any] | None = None) -> Response:
    """A write's answer; ``document`` is the just-validated post, so a new exam is rendered once."""
    exam = write.exam
    if document is None:
        document = exam_version_document(exam=exam, version=write.version)
    body = exam_body(
        exam=exam, number=write.version.number, document=document, decision=write.decision.document
    )
    status = 201 if write.created else 200
    headers = {"ETag": etag(exam.version), "Location": reverse("exam-detail", args=[exam.pk])}
    return Response(body, status=status, headers=headers)


class ExamListQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patient: VisibleText | None = Field(default=None, max_length=400)
    performed_from: IsoDatetime | None = None
    performed_to: IsoDatetime | None = None
    cursor: str | None = None
    page_size: int | None = Field(default=None, ge=1, le=200)


WORKLIST_PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class WorklistCursor:
    """Where a page of the worklist starts: after a row ("next", older rows) or before it ("prev")."""

    direction: Literal["next", "prev"]
    position: WorklistPosition

    def encode(self) -> str:
        text = json.dumps(
            [self.direction, self.position.performed_at.isoformat(), self.position.exam_id],
            separators=(",", ":"),
        )
        return urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> WorklistCursor:
        """The cursor of a ``next`` or ``previous`` link; anything else is a 400 naming ``cursor``."""
        try:
            direction, moment, exam_id = json.loads(urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            performed_at = datetime.fromisoformat(moment)
            if direction not in ("next", "prev") or performed_at.tzinfo is None or type(exam_id) is not int:
                raise ValueError(token)
            # Only what a link of ours can hold: an instant PostgreSQL can compare, a bigint id.
            performed_at = performed_at.astimezone(UTC)
            if not 0 < exam_id < 2**63:
                raise ValueError(token)
        except (ValueError, TypeError, OverflowError):
            raise DocumentInvalid(
                [FieldError("cursor", "not a cursor of this list's next or previous link", "invalid")]
            ) from None
        return cls(direction, WorklistPosition(performed_at, exam_id))


def _page_link(request: Request, direction: Literal["next", "prev"], row: dict[str, Any]) -> str:
    cursor = WorklistCursor(direction, WorklistPosition(row["performed_at"], row["id"]))
    return replace_query_param(request.build_absolute_uri(), "cursor", cursor.encode())


def _list_query(request: Request) -> ExamListQuery:
    try:
        return ExamListQuery.model_validate(request.query_params.dict())
    except ValidationError as exc:
        raise DocumentInvalid(
            [FieldError(field_path(e["loc"]), e["msg"], e["type"]) for e in exc.errors(include_url=False)]
        ) from None


class ExamListCreateApi(APIView):
    @extend_schema(
        operation_id="exams_list",
        summary="The clinic's exams, newest first",
        parameters=[
            OpenApiParameter(
                "patient", str, description="`VALUE` or `SYSTEM|VALUE` of the patient identifier"
            ),
            OpenApiParameter(
                "performed_from", datetime, description="performed_at at or after (ISO 8601 with offset)"
            ),
            OpenApiParameter("performed_to", datetime, description="performed_at at or before"),
            OpenApiParameter("cursor", str, description="The opaque cursor of the `next`/`previous` link"),
            OpenApiParameter("page_size", int, description="1 to 200 (default 50)"),
        ],
        responses={200: ExamPage, 400: ERRORS[400], 401: ERRORS[401]},
    )
    def get(self, request: Request) -> Response:
        query = _list_query(request)
        cursor = WorklistCursor.decode(query.cursor) if query.cursor else None
        page = worklist_page(
            clinic_id=_clinic_id(request),
            size=query.page_size or WORKLIST_PAGE_SIZE,
            patient=query.patient,
            performed_from=query.performed_from,
            performed_to=query.performed_to,
            after=cursor.position if cursor and cursor.direction == "next" else None,
            before=cursor.position if cursor and cursor.direction == "prev" else None,
        )
        # One reverse() for the page: each row's URL is the list URL plus its id.
        list_url = reverse("exam-list")
        return Response(
            {
                "next": _page_link(request, "next", page.rows[-1]) if page.older else None,
                "previous": _page_link(request, "prev", page.rows[0]) if page.newer else None,
                "results": [self._summary(row, list_url) for row in page.rows],
            }
        )

    @staticmethod
    def _summary(row: dict[str, Any], list_url: str) -> dict[str, Any]:
        external = (
            {"system": row["external_id_system"], "value": row["external_id_value"]}
            if row["external_id_value"] is not None
            else None
        )
        decision = None
        if row["current_decision__urgency"] is not None:
            decision = {name: row[f"current_decision__{name}"] for name in DECISION_SUMMARY_FIELDS}
        return {
            "id": row["id"],
            "url": f"{list_url}{row['id']}/",
            "version": row["version"],
            "performed_at": json_datetime(row["performed_at"]),
            "patient": {
                "system": row["patient__identifier_system"],
                "value": row["patient__identifier_value"],
            },
            "external_id": external,
            "decision": decision,
        }

    @extend_schema(
        operation_id="exams_create",
        summary="Store a new exam and its decision",
        description="With `external_id`, posting again is safe: the same document answers 200 with "
        "the stored exam, a different one answers 409.",
        request=ExamDocument,
        responses={
            201: ExamResponse,
            200: OpenApiResponse(ExamResponse, description="Replay of an identical post (same external_id)."),
            400: ERRORS[400],
            401: ERRORS[401],
            409: OpenApiResponse(
                Problem,
                description="external_id already used by a different document, "
                "or the patient on record has other demographics.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        document = _json_body(request)
        write = exam_create(
            clinic_id=_clinic_id(request), document=document, actor=actor_for_request(request)
        )
        if write.created:
            return _written(write, document.to_json_dict())
        _audit_exam_read(request, write.exam, write.version.number)  # a replay shows the stored exam
        return _written(write)


class ExamDetailApi(APIView):
    @extend_schema(
        operation_id="exams_retrieve",
        summary="One exam with its current decision",
        responses={200: ExamResponse, 401: ERRORS[401], 404: ERRORS[404]},
    )
    def get(self, request: Request, exam_id: int) -> Response:
        # One statement: the exam, its document and decision, and the audit row of this read.
        actor = actor_for_request(request)
        read = exam_detail_read(clinic_id=_clinic_id(request), exam_id=exam_id, actor=actor)
        exam = read.exam
        decision = StoredJSON(read.decision_json)  # as stored: not decoded to be encoded again
        body = exam_body(exam=exam, number=exam.version, document=read.document, decision=decision)
        return Response(body, headers={"ETag": etag(exam.version)})

    @extend_schema(
        operation_id="exams_amend",
        summary="Amend an exam: replace its findings with a new version",
        parameters=[
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description='The current version\'s ETag, e.g. "3" (a bare 3 is accepted too).',
            )
        ],
        request=ExamDocument,
        responses={
            200: ExamResponse,
            400: ERRORS[400],
            401: ERRORS[401],
            404: ERRORS[404],
            409: OpenApiResponse(Problem, description="The document names another patient or external_id."),
            412: OpenApiResponse(Problem, description="If-Match names a version that is no longer current."),
            428: OpenApiResponse(Problem, description="If-Match is missing."),
        },
    )
    def put(self, request: Request, exam_id: int) -> Response:
        exam = exam_get(clinic_id=_clinic_id(request), exam_id=exam_id)
        expected = parse_if_match(request.headers.get("If-Match"))
        document = _json_body(request)
        write = exam_amend(
            exam=exam, document=document, expected_version=expected, actor=actor_for_request(request)
        )
        return _written(write, document.to_json_dict())


class ExamDecisionApi(APIView):
    @extend_schema(
        operation_id="exams_decision",
        summary="The current decision of an exam",
        responses={200: DecisionDocument, 401: ERRORS[401], 404: ERRORS[404]},
    )
    def get(self, request: Request, exam_id: int) -> Response:
        exam = exam_get(clinic_id=_clinic_id(request), exam_id=exam_id)
        assert exam.current_decision is not None
        _audit_exam_read(request, exam, exam.version)
        return Response(exam.current_decision.document, headers={"ETag": etag(exam.version)})


def _recorded_by(version: ExamVersion) -> str:
    if version.recorded_by_client is not None:
        return f"api_client:{version.recorded_by_client.name}"
    if version.recorded_by_user is not None:
        return f"user:{version.recorded_by_user.get_username()}"
    return "system"


def _latest_decision(version: ExamVersion) -> DecisionRecord | None:
    # decisions are prefetched; pick the newest in Python to keep the query count flat.
    decisions = sorted(version.decisions.all(), key=lambda d: (d.computed_at, d.pk))
    return decisions[-1] if decisions else None


class ExamVersionListApi(APIView):
    @extend_schema(
        operation_id="exams_versions_list",
        summary="Every version of an exam, oldest first",
        responses={200: VersionList, 401: ERRORS[401], 404: ERRORS[404]},
    )
    def get(self, request: Request, exam_id: int) -> Response:
        exam = exam_get(clinic_id=_clinic_id(request), exam_id=exam_id)
        entries = [
            {
                "number": v.number,
                "url": reverse("exam-version-detail", args=[exam.pk, v.number]),
                "performed_at": json_datetime(v.performed_at),
                "recorded_at": json_datetime(v.recorded_at),
                "recorded_by": _recorded_by(v),
                "decision": decision_summary(_latest_decision(v)),
            }
            for v in exam_versions(exam=exam)
        ]
        _audit_exam_read(request, exam)
        return Response(entries)


class ExamVersionDetailApi(APIView):
    @extend_schema(
        operation_id="exams_versions_retrieve",
        summary="One earlier (or the current) version of an exam, with the decision it had",
        responses={200: ExamResponse, 401: ERRORS[401], 404: ERRORS[404]},
    )
    def get(self, request: Request, exam_id: int, number: int) -> Response:
        exam = exam_get(clinic_id=_clinic_id(request), exam_id=exam_id)
        version = exam_version_get(exam=exam, number=number)
        decision = version.decisions.order_by("-computed_at", "-id").first()
        assert decision is not None
        document = exam_version_document(exam=exam, version=version)
        body = exam_body(exam=exam, number=version.number, document=document, decision=decision.document)
        _audit_exam_read(request, exam, version.number)
        return Response(body, headers={"ETag": etag(version.number)})


# POST /api/v1/decisions/evaluate/: the decision for a posted exam document, stored nowhere. Here
# rather than in the decisions app: its input is the exam document, which this app owns (decisions
# sits below exams and does not know their documents). A comment, not a docstring: DRF would
# publish a docstring in the OpenAPI schema.
class DecisionEvaluateApi(APIView):
    @extend_schema(
        operation_id="decisions_evaluate",
        summary="Evaluate an exam document without storing anything",
        request=ExamDocument,
        responses={
            200: DecisionDocument,
            400: ERRORS[400],
            401: ERRORS[401],
            415: OpenApiResponse(Problem, description="The body is not application/json."),
        },
    )
    def post(self, request: Request) -> Response:
        document = _json_body(request)
        return Response(decision_evaluate(facts=document.to_facts(), isncsci=document.isncsci_worksheet()))


class ReferenceListApi(APIView):
    """``GET /api/v1/references/``: the bibliography the decisions cite (``decisions.selectors``)."""

    @extend_schema(
        operation_id="references_list",
        summary="The bibliography: every source key the rules cite, with its citation and URL",
        responses={200: ReferenceList, 401: ERRORS[401]},
    )
    def get(self, request: Request) -> Response:
        return Response(reference_list())


class IsncsciClassifyApi(APIView):
    """``POST /api/v1/isncsci/classify/``: the classification of a posted worksheet, stored nowhere."""

    @extend_schema(
        operation_id="isncsci_classify",
        summary="Classify an ISNCSCI worksheet without storing anything",
        description="The body is the `isncsci` block of the exam document (spec section 4), not "
        "wrapped; the answer is its classification (spec section 5). A 400 names each offending "
        "path, relative to the body (`left.pin_prick.T7`).",
        request=IsncsciBlock,
        responses={
            200: IsncsciClassification,
            400: ERRORS[400],
            401: ERRORS[401],
            415: OpenApiResponse(Problem, description="The body is not application/json."),
        },
    )
    def post(self, request: Request) -> Response:
        if request.content_type.split(";")[0].strip() != "application/json":
            raise exceptions.UnsupportedMediaType(request.content_type)
        worksheet = parse_isncsci_json(request.body)
        return Response(classify_isncsci(worksheet.to_json_dict()))

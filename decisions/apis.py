"""``POST /api/v1/decisions/evaluate/`` (a decision for a posted exam, stored nowhere) and
``GET /api/v1/references/`` (the bibliography the decisions cite)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from decisions.schemas import DecisionDocument, ReferenceList
from decisions.selectors import reference_list
from decisions.services import decision_evaluate
from exams.apis import ERRORS, Problem, _json_body
from exams.documents import ExamDocument


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
        return Response(decision_evaluate(facts=document.to_facts()))


class ReferenceListApi(APIView):
    @extend_schema(
        operation_id="references_list",
        summary="The bibliography: every source key the rules cite, with its citation and URL",
        responses={200: ReferenceList, 401: ERRORS[401]},
    )
    def get(self, request: Request) -> Response:
        return Response(reference_list())

"""``POST /api/v1/decisions/evaluate/``: a decision for a posted exam, stored nowhere; and
``POST /api/v1/isncsci/classify/``: the classification of a posted ISNCSCI worksheet, stored nowhere."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from decisions.engine.isncsci import classify as classify_isncsci
from decisions.schemas import DecisionDocument, IsncsciClassification
from decisions.services import decision_evaluate
from exams.apis import ERRORS, Problem, _json_body
from exams.documents import ExamDocument, parse_isncsci_json
from exams.isncsci import IsncsciBlock


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


class IsncsciClassifyApi(APIView):
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

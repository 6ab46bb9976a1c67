from typing import Any

from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ingest.serializers import ExamSerializer


class ExamCreateView(generics.CreateAPIView):
    """POST an exam: validate, store, answer 201 with the serializer's echo of the stored exam."""

    serializer_class = ExamSerializer


class FloorView(APIView):
    """The machine's floor: a POST that reaches a DRF view which reads the body and does nothing.

    No authentication, permission, throttle or database: what gunicorn, Django's default middleware
    and DRF cost per request on this machine, so the harness can say how close to that floor
    each neuroexam endpoint runs (docs/performance.md).
    """

    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []

    def post(self, request: Request) -> Response:
        return Response({"received_bytes": len(request.body)})

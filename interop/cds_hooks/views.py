"""CDS Hooks endpoints: ``/cds-services`` (discovery), ``/cds-services/{id}``, ``.../feedback``.

Discovery is public (it lists service metadata, no patient data); invoking a service or sending
feedback needs the EHR's signed JWT (``interop.cds_hooks.auth``). Errors answer an
OperationOutcome. Not part of the /api/v1 OpenAPI schema: the CDS Hooks specification is the
contract (docs/integration.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.services import audit_versioned_reads
from clinic.tenancy import Actor, client_address
from interop.cds_hooks.auth import CdsJwtAuthentication, IsCdsClient
from interop.cds_hooks.services import (
    ORDER_SELECT,
    PATIENT_VIEW,
    cards_record,
    discovery,
    feedback_store,
    hook_request_parse,
    order_select,
    patient_view,
)
from interop.fhir.views import fhir_exception_handler, read_json_body
from interop.models import CdsClient

logger = logging.getLogger(__name__)


class CdsApiView(APIView):
    authentication_classes = [CdsJwtAuthentication]
    permission_classes = [IsCdsClient]
    renderer_classes = [JSONRenderer]

    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], Response | None]:
        return fhir_exception_handler

    @staticmethod
    def client(request: Request) -> CdsClient:
        assert isinstance(request.user, CdsClient)
        return request.user


@extend_schema(exclude=True)
class DiscoveryApi(CdsApiView):
    authentication_classes = ()  # type: ignore[assignment]
    permission_classes = ()  # type: ignore[assignment]

    def get(self, request: Request) -> Response:
        return Response(discovery())


@extend_schema(exclude=True)
class ServiceApi(CdsApiView):
    def post(self, request: Request, service_id: str) -> Response:
        client = self.client(request)
        hook_request = hook_request_parse(service_id=service_id, body=read_json_body(request))
        if service_id == PATIENT_VIEW:
            answer = patient_view(client=client, request=hook_request)
        else:
            assert service_id == ORDER_SELECT
            answer = order_select(client=client, request=hook_request)
        cards_record(client=client, service_id=service_id, answer=answer)
        if answer.exam is not None:  # the cards show the exam's findings and decision: a read
            actor = Actor(
                clinic_id=client.clinic_id, cds_client_id=client.pk, address=client_address(request)
            )
            audit_versioned_reads(
                actor=actor, table_name="exams_exam", clinic_id=client.clinic_id, object_ids=[answer.exam.pk]
            )
        logger.info(
            "cds %s client=%s hookInstance=%s exam=%s cards=%d",
            service_id,
            client.pk,
            hook_request.hookInstance,
            answer.exam.pk if answer.exam else None,
            len(answer.cards),
        )
        return Response({"cards": [card.body for card in answer.cards]})


@extend_schema(exclude=True)
class FeedbackApi(CdsApiView):
    def post(self, request: Request, service_id: str) -> Response:
        stored = feedback_store(
            client=self.client(request), service_id=service_id, body=read_json_body(request)
        )
        return Response({"stored": stored})

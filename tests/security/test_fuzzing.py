"""Schemathesis against the project's own OpenAPI schema, every operation, with a bearer token:
no 5xx, and every response's status code, content type and body are ones the schema documents.
In-process through the WSGI app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from clinic.models import Clinic
from clinic.tenancy import Actor
from exams.documents import parse_exam_document
from exams.services import exam_create
from tests.factories import ApiClientFactory, normal_exam_document

EXAMPLES_PER_OPERATION = 30

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()


@pytest.fixture
def token(clinic_a: Clinic) -> Iterator[str]:
    client, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    # One stored exam (id 1 in a fresh database is not guaranteed, so ids are fuzzed anyway).
    exam_create(
        clinic_id=clinic_a.pk,
        document=parse_exam_document(normal_exam_document()),
        actor=Actor(clinic_id=clinic_a.pk, api_client_id=client.pk),
    )
    cache.clear()
    # As Django's test client does: the WSGI handler must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield token
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_survives_fuzzing(case: Any, token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )

"""The OpenAPI schema describes the spec's endpoints and their error responses."""

from __future__ import annotations

from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

SPEC_OPERATIONS = {
    ("/api/v1/exams/", "post"),
    ("/api/v1/exams/", "get"),
    ("/api/v1/exams/{exam_id}/", "get"),
    ("/api/v1/exams/{exam_id}/", "put"),
    ("/api/v1/exams/{exam_id}/decision/", "get"),
    ("/api/v1/decisions/evaluate/", "post"),
}


@pytest.fixture(scope="module")
def schema() -> dict:
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return yaml.safe_load(out.getvalue())


def test_the_schema_has_every_operation_of_the_spec(schema: dict) -> None:
    operations = {(path, method) for path, item in schema["paths"].items() for method in item}
    assert operations >= SPEC_OPERATIONS


def test_the_schema_documents_the_error_responses(schema: dict) -> None:
    post = schema["paths"]["/api/v1/exams/"]["post"]["responses"]
    put = schema["paths"]["/api/v1/exams/{exam_id}/"]["put"]["responses"]
    assert {"201", "200", "400", "401", "409"} <= set(post)
    assert {"200", "400", "404", "409", "412", "428"} <= set(put)


def test_the_exam_document_schema_rejects_unknown_keys(schema: dict) -> None:
    document = schema["components"]["schemas"]["ExamDocumentRequest"]
    assert document["additionalProperties"] is False
    grade = schema["components"]["schemas"]["MotorItem"]["properties"]["grade"]
    assert "4-" in str(grade)
    assert "NT" in str(grade)


def test_the_schema_is_served_to_an_api_client(ehr_a: APIClient) -> None:
    response = ehr_a.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200


def test_the_interactive_docs_need_a_staff_login(client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/docs/").status_code in (401, 403)
    staff = django_user_model.objects.create_user("doc-reader", password="pw-123456789", is_staff=True)
    client.force_login(staff)
    assert client.get("/api/v1/docs/").status_code == 200

"""PUT /api/v1/exams/{id}/: amendments keep every version and guard against lost updates."""

from __future__ import annotations

import copy
from typing import Any

from rest_framework.test import APIClient

from decisions.models import DecisionRecord
from exams.models import Exam, ExamVersion
from tests.factories import set_finding


def create(client: APIClient, document: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/exams/", document, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def amend(client: APIClient, exam_id: int, document: dict[str, Any], if_match: str | None) -> Any:
    headers = {"HTTP_IF_MATCH": if_match} if if_match is not None else {}
    return client.put(f"/api/v1/exams/{exam_id}/", document, format="json", **headers)


def weaker(document: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    set_finding(changed, "motor", "muscle", "extensor_hallucis_longus", "left", grade="3")
    return changed


def test_an_amendment_adds_a_version_and_a_new_decision(
    ehr_a: APIClient, exam_document: dict[str, Any]
) -> None:
    exam = create(ehr_a, exam_document)

    response = amend(ehr_a, exam["id"], weaker(exam_document), '"1"')

    assert response.status_code == 200
    assert response["ETag"] == '"2"'
    body = response.json()
    assert body["version"] == 2
    assert body["decision"]["lesion"] is not None
    assert ExamVersion.objects.filter(exam_id=exam["id"]).count() == 2
    assert DecisionRecord.objects.filter(exam_version__exam_id=exam["id"]).count() == 2
    assert Exam.objects.get(pk=exam["id"]).current_decision.exam_version.number == 2


def test_every_earlier_version_stays_retrievable(ehr_a: APIClient, exam_document: dict[str, Any]) -> None:
    original = create(ehr_a, exam_document)
    amend(ehr_a, original["id"], weaker(exam_document), '"1"')

    versions = ehr_a.get(f"/api/v1/exams/{original['id']}/versions/").json()
    first = ehr_a.get(f"/api/v1/exams/{original['id']}/versions/1/").json()

    assert [v["number"] for v in versions] == [1, 2]
    assert versions[0]["recorded_by"].startswith("api_client:")
    assert versions[0]["decision"]["lesion_site"] is None
    assert versions[1]["decision"]["lesion_site"] is not None
    assert first == original  # the first version with the decision it had


def test_a_bare_version_number_is_accepted_as_if_match(
    ehr_a: APIClient, exam_document: dict[str, Any]
) -> None:
    exam = create(ehr_a, exam_document)

    assert amend(ehr_a, exam["id"], weaker(exam_document), "1").status_code == 200


def test_an_amendment_without_if_match_is_refused(ehr_a: APIClient, exam_document: dict[str, Any]) -> None:
    exam = create(ehr_a, exam_document)

    response = amend(ehr_a, exam["id"], weaker(exam_document), None)

    assert response.status_code == 428
    assert response.json()["errors"][0]["field"] == "If-Match"
    assert ExamVersion.objects.count() == 1


def test_a_stale_if_match_is_refused(ehr_a: APIClient, exam_document: dict[str, Any]) -> None:
    exam = create(ehr_a, exam_document)
    amend(ehr_a, exam["id"], weaker(exam_document), '"1"')

    response = amend(ehr_a, exam["id"], exam_document, '"1"')

    assert response.status_code == 412
    assert ExamVersion.objects.count() == 2


def test_an_invalid_amendment_stores_nothing(ehr_a: APIClient, exam_document: dict[str, Any]) -> None:
    exam = create(ehr_a, exam_document)
    bad = weaker(exam_document)
    bad["motor"][0]["grade"] = "five"

    response = amend(ehr_a, exam["id"], bad, '"1"')

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "motor[0].grade"
    assert Exam.objects.get().version == 1
    assert ExamVersion.objects.count() == 1


def test_an_amendment_cannot_move_the_exam_to_another_patient(
    ehr_a: APIClient, exam_document: dict[str, Any]
) -> None:
    exam = create(ehr_a, exam_document)
    other = weaker(exam_document)
    other["patient"]["identifier"]["value"] = "MRN-999"

    response = amend(ehr_a, exam["id"], other, '"1"')

    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "patient.identifier"
    assert Exam.objects.get().version == 1

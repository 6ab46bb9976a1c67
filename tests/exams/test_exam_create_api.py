"""POST /api/v1/exams/: storing an exam, its decision, and what is refused."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from rest_framework.test import APIClient

from decisions.models import DecisionRecord
from exams.models import Exam, ExamVersion, MotorFinding, Patient
from tests.factories import normal_exam_document, set_finding

URL = "/api/v1/exams/"


def post(client: APIClient, document: Any) -> Any:
    return client.post(URL, document, format="json")


def nothing_stored() -> bool:
    return not (
        Exam.objects.exists()
        or ExamVersion.objects.exists()
        or MotorFinding.objects.exists()
        or DecisionRecord.objects.exists()
    )


def test_a_new_exam_is_stored_with_its_decision(ehr_a: APIClient, exam_document: dict[str, Any]) -> None:
    response = post(ehr_a, exam_document)

    assert response.status_code == 201
    body = response.json()
    assert body["version"] == 1
    assert response["ETag"] == '"1"'
    assert response["Location"] == f"/api/v1/exams/{body['id']}/"
    assert body["decision"]["ruleset"]["name"] == "lower-limb-weakness"
    assert body["decision"]["lesion"] is None  # a normal exam localizes nothing
    exam = Exam.objects.get(pk=body["id"])
    assert exam.current_decision is not None
    assert exam.current_decision.exam_version.number == 1
    assert MotorFinding.objects.filter(version__exam=exam).count() == len(exam_document["motor"])


def test_the_stored_document_reads_back_identical(ehr_a: APIClient, exam_document: dict[str, Any]) -> None:
    created = post(ehr_a, exam_document).json()

    fetched = ehr_a.get(f"{URL}{created['id']}/").json()

    assert fetched == created
    echoed = {k: v for k, v in fetched.items() if k not in ("id", "version", "decision")}
    assert echoed == exam_document


def test_a_decision_names_the_lesion_of_an_abnormal_exam(ehr_a: APIClient) -> None:
    document = normal_exam_document()
    set_finding(document, "motor", "muscle", "quadriceps", "left", grade="3")
    set_finding(document, "reflexes", "reflex", "patellar", "left", grade=0)

    decision = post(ehr_a, document).json()["decision"]

    assert decision["lesion"] is not None
    assert decision["lesion"]["side"] == "left"
    assert decision["differential"][0]["site"] == decision["lesion"]["site"]


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["motor"][3].update(grade="6"), "motor[3].grade"),
        (lambda d: d["motor"][0].update(strength="5"), "motor[0].strength"),
        (lambda d: d.update(unexpected=True), "unexpected"),
        (lambda d: d["history"].update(fever="yes"), "history.fever"),
        (lambda d: d["reflexes"][1].update(grade=5), "reflexes[1].grade"),
        (lambda d: d["reflexes"][1].update(grade=True), "reflexes[1].grade"),
        (lambda d: d["sensory"][2].update(region="elbow"), "sensory[2].region"),
        (lambda d: d["special_tests"][0].update(angle_degrees=120), "special_tests[0].angle_degrees"),
        (lambda d: d.pop("performed_at"), "performed_at"),
        (lambda d: d.update(performed_at="2026-11-20T09:30:00"), "performed_at"),
        (lambda d: d["patient"].pop("identifier"), "patient.identifier"),
        (lambda d: d.update(sensory_level="T13"), "sensory_level"),
        (lambda d: d["motor"].append(dict(d["motor"][0])), "motor[24]"),
        (
            lambda d: d.update(motor=[], reflexes=[], plantar_responses=[], sensory=[], special_tests=[]),
            "motor",
        ),
        (lambda d: d["patient"].update(birth_date="2027-01-01"), "patient.birth_date"),
    ],
)
def test_a_bad_document_is_refused_naming_the_field(
    ehr_a: APIClient, exam_document: dict[str, Any], mutate: Any, field: str
) -> None:
    document = copy.deepcopy(exam_document)
    mutate(document)

    response = post(ehr_a, document)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_document"
    assert field in [error["field"] for error in body["errors"]], body
    assert all(error["message"] for error in body["errors"])
    assert nothing_stored()


def test_a_body_that_is_not_json_is_refused(ehr_a: APIClient) -> None:
    response = ehr_a.post(URL, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == ""


def test_a_body_that_is_not_an_object_is_refused(ehr_a: APIClient) -> None:
    response = ehr_a.post(URL, [1, 2], format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "not_an_object"


def test_a_form_body_is_unsupported(ehr_a: APIClient) -> None:
    response = ehr_a.post(URL, {"a": "b"})

    assert response.status_code == 415
    assert response.json()["status"] == 415


def test_posting_the_same_external_id_again_replays_the_stored_exam(
    ehr_a: APIClient, exam_document: dict[str, Any]
) -> None:
    first = post(ehr_a, exam_document)
    second = post(ehr_a, exam_document)

    assert second.status_code == 200
    assert second.json() == first.json()
    assert Exam.objects.count() == 1
    assert DecisionRecord.objects.count() == 1


def test_reordered_findings_are_the_same_document(ehr_a: APIClient, exam_document: dict[str, Any]) -> None:
    post(ehr_a, exam_document)
    reordered = copy.deepcopy(exam_document)
    reordered["motor"].reverse()

    response = post(ehr_a, reordered)

    assert response.status_code == 409  # order is part of the document: evidence points at motor[i]


def test_a_different_document_with_the_same_external_id_conflicts(
    ehr_a: APIClient, exam_document: dict[str, Any]
) -> None:
    post(ehr_a, exam_document)
    changed = copy.deepcopy(exam_document)
    set_finding(changed, "motor", "muscle", "quadriceps", "left", grade="4")

    response = post(ehr_a, changed)

    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "external_id"
    assert Exam.objects.count() == 1


def test_a_replay_with_another_patient_birth_date_is_an_external_id_conflict_and_changes_nothing(
    ehr_a: APIClient, exam_document: dict[str, Any]
) -> None:
    exam_document["patient"]["birth_date"] = "1961-04-02"
    post(ehr_a, exam_document)
    changed = copy.deepcopy(exam_document)
    changed["patient"]["birth_date"] = "1971-04-02"  # would be a patient mismatch on a new exam

    response = post(ehr_a, changed)

    assert response.status_code == 409
    assert response.json()["code"] == "external_id_conflict"
    assert Exam.objects.count() == 1
    assert str(Patient.objects.get().birth_date) == "1961-04-02"


def test_the_same_external_id_in_another_clinic_is_another_exam(
    ehr_a: APIClient, ehr_b: APIClient, exam_document: dict[str, Any]
) -> None:
    assert post(ehr_a, exam_document).status_code == 201
    assert post(ehr_b, exam_document).status_code == 201
    assert Exam.objects.count() == 2


def test_exams_without_external_id_are_never_merged(ehr_a: APIClient) -> None:
    document = normal_exam_document(external_id=None)

    assert post(ehr_a, document).status_code == 201
    assert post(ehr_a, document).status_code == 201
    assert Exam.objects.count() == 2
    assert Patient.objects.count() == 1


def test_a_second_exam_of_a_patient_fills_a_missing_birth_date(ehr_a: APIClient) -> None:
    first = normal_exam_document(external_id="e1")
    del first["patient"]["birth_date"]
    post(ehr_a, first)

    post(ehr_a, normal_exam_document(external_id="e2"))

    assert str(Patient.objects.get().birth_date) == "1968-03-14"


def test_a_conflicting_birth_date_is_refused_not_overwritten(ehr_a: APIClient) -> None:
    post(ehr_a, normal_exam_document(external_id="e1"))
    other = normal_exam_document(external_id="e2")
    other["patient"]["birth_date"] = "1970-01-01"

    response = post(ehr_a, other)

    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "patient.birth_date"
    assert str(Patient.objects.get().birth_date) == "1968-03-14"
    assert Exam.objects.count() == 1


def test_a_time_with_an_offset_is_stored_as_the_same_instant(ehr_a: APIClient) -> None:
    document = normal_exam_document(performed_at="2026-11-20T11:30:00+02:00")

    body = post(ehr_a, document).json()

    assert body["performed_at"] == "2026-11-20T09:30:00Z"
    assert ehr_a.get(f"{URL}{body['id']}/").json()["performed_at"] == "2026-11-20T09:30:00Z"

"""A new exam is written by one statement, which commits itself outside a transaction.

These scenarios run with real commits (``transaction=True``), as production posts do; the other
API tests run the same statement in a savepoint of their test transaction. Where the statement
cannot write (a replay, a patient record to reconcile, a concurrent post, a worksheet), it writes
nothing and the step-by-step path answers: the two paths must store the same thing.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.db.models import Model, QuerySet
from rest_framework.test import APIClient

from alerts.models import AlertDelivery, AlertEvent
from audit.models import AuditEvent
from clinic.models import Clinic
from clinic.tenancy import Actor
from decisions.models import DecisionRecord
from exams.documents import parse_exam_document
from exams.models import (
    Exam,
    ExamVersion,
    MotorFinding,
    Patient,
    PlantarFinding,
    ReflexFinding,
    SensoryFinding,
    SpecialTestFinding,
)
from exams.services import exam_create
from tests.alerts.helpers import cauda_equina_exam, post_exam, subscribe
from tests.conftest import load_cases

pytestmark = pytest.mark.django_db(transaction=True)

# What differs between two clinics' copies of the same post: keys, clinics and clocks.
_DRAWN = {
    "id",
    "url",
    "clinic_id",
    "patient_id",
    "exam_id",
    "version_id",
    "exam_version_id",
    "current_decision_id",
    "decision_id",
    "event_id",
    "subscription_id",
    "recorded_by_client_id",
    "created_at",
    "updated_at",
    "recorded_at",
    "computed_at",
    "occurred_at",
    "next_attempt_at",
    "retry_until",
}


def _without_drawn(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_drawn(item) for key, item in value.items() if key not in _DRAWN}
    if isinstance(value, list):
        return [_without_drawn(item) for item in value]
    return value


def _rows(queryset: QuerySet[Any], *fields: str) -> list[str]:
    rows = queryset.values(*fields)
    return sorted(json.dumps(_without_drawn(row), sort_keys=True, default=str) for row in rows)


def stored_for(clinic: Clinic) -> dict[str, list[str]]:
    """Everything a clinic's posts stored, without ids, clinics and timestamps."""
    in_clinic: dict[type[Model], str] = {
        Patient: "clinic",
        Exam: "clinic",
        ExamVersion: "exam__clinic",
        MotorFinding: "version__exam__clinic",
        ReflexFinding: "version__exam__clinic",
        PlantarFinding: "version__exam__clinic",
        SensoryFinding: "version__exam__clinic",
        SpecialTestFinding: "version__exam__clinic",
        DecisionRecord: "exam_version__exam__clinic",
        AlertEvent: "clinic",
        AlertDelivery: "event__clinic",
    }
    stored = {
        model.__name__: _rows(model._default_manager.filter(**{path: clinic}))
        for model, path in in_clinic.items()
    }
    audit = AuditEvent.objects.filter(clinic_id=clinic.pk, actor_client_id__isnull=False)
    stored["audit"] = _rows(audit, "action", "table_name", "before", "after")
    return stored


def test_every_shared_case_is_stored_as_the_transactional_path_stores_it(
    ehr_a: APIClient, ehr_b: APIClient, clinic_a: Clinic, clinic_b: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    subscribe(clinic_a)
    subscribe(clinic_b)
    monkeypatch.setattr("alerts.tasks.delivery_enqueue", lambda delivery_id, countdown=0.0: None)
    cases = load_cases()

    for case in cases:
        post_exam(ehr_a, case["exam"])  # autocommit: the single statement
    with monkeypatch.context() as step_by_step:  # as when the statement leaves the post to it
        step_by_step.setattr("exams.services._created_by_the_statement", lambda **_: None)
        for case in cases:
            post_exam(ehr_b, case["exam"])

    one_statement, step_by_step = stored_for(clinic_a), stored_for(clinic_b)
    assert len(one_statement["Exam"]) == len(cases)
    assert len(one_statement["AlertEvent"]) > 0
    assert len(one_statement["audit"]) > 6 * len(cases)  # patient, exam, version, decision, findings
    for table, rows in step_by_step.items():
        assert one_statement[table] == rows, table


def test_the_audit_trail_credits_the_client_and_the_request(ehr_a: APIClient, clinic_a: Clinic) -> None:
    response = ehr_a.post(
        "/api/v1/exams/", cauda_equina_exam(), format="json", HTTP_X_REQUEST_ID="ehr-request-42"
    )
    assert response.status_code == 201

    written = ["exams_patient", "exams_exam", "exams_examversion", "decisions_decisionrecord"]
    events = AuditEvent.objects.filter(clinic_id=clinic_a.pk, table_name__in=written)
    client_id = clinic_a.api_clients.get().pk
    assert sorted(e.table_name for e in events) == sorted(written)
    assert {(e.action, e.actor_client_id, e.actor_label, e.request_id) for e in events} == {
        ("insert", client_id, f"api_client:{client_id}", "ehr-request-42")
    }
    assert len({e.transaction_id for e in events}) == 1
    with connection.cursor() as cursor:  # the actor lived and died with the statement's transaction
        cursor.execute("SELECT current_setting('neuroexam.actor', true)")
        assert cursor.fetchone()[0] in (None, "")


def test_an_alert_is_stored_with_its_ids_and_sent_after_the_commit(
    ehr_a: APIClient, clinic_a: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    pager, inbox = subscribe(clinic_a), subscribe(clinic_a, "https://ehr.example/inbox")
    sent: list[int] = []
    monkeypatch.setattr(
        "alerts.tasks.delivery_enqueue", lambda delivery_id, countdown=0.0: sent.append(delivery_id)
    )

    exam = post_exam(ehr_a, cauda_equina_exam())

    event = AlertEvent.objects.get()
    assert (event.exam_id, event.decision_id) == (exam["id"], Exam.objects.get().current_decision_id)
    assert event.payload["exam"] == {
        "id": exam["id"],
        "version": 1,
        "url": f"http://localhost:8000/api/v1/exams/{exam['id']}/",
    }
    assert event.payload["decision"]["id"] == event.decision_id
    deliveries = AlertDelivery.objects.filter(event=event)
    assert {d.subscription_id for d in deliveries} == {pager.pk, inbox.pk}
    assert sorted(sent) == sorted(d.pk for d in deliveries)


def test_a_patient_on_record_who_agrees_gets_the_new_exam(
    ehr_a: APIClient, clinic_a: Clinic, exam_document: dict[str, Any]
) -> None:
    first = post_exam(ehr_a, exam_document)
    exam_document["external_id"] = {"system": "urn:example:encounter", "value": "second-visit"}
    exam_document["patient"]["sex"] = "unknown"  # says nothing against the record

    second = post_exam(ehr_a, exam_document)

    assert Patient.objects.count() == 1
    assert {e.patient_id for e in Exam.objects.all()} == {Patient.objects.get().pk}
    assert second["id"] != first["id"]
    assert Patient.objects.get().sex == "female"
    patient_events = AuditEvent.objects.filter(table_name="exams_patient", clinic_id=clinic_a.pk)
    assert [e.action for e in patient_events] == ["insert"]  # no update


def test_a_blank_on_the_patient_record_is_filled_in(ehr_a: APIClient, exam_document: dict[str, Any]) -> None:
    identifier = exam_document["patient"]["identifier"]
    patient = Patient.objects.create(
        clinic=Clinic.objects.get(),
        identifier_system=identifier["system"],
        identifier_value=identifier["value"],
    )

    exam = post_exam(ehr_a, exam_document)

    patient.refresh_from_db()
    assert str(patient.birth_date) == exam_document["patient"]["birth_date"]
    assert Exam.objects.get(pk=exam["id"]).patient_id == patient.pk


def test_a_patient_whose_record_disagrees_is_a_conflict_and_nothing_is_written(
    ehr_a: APIClient, exam_document: dict[str, Any]
) -> None:
    post_exam(ehr_a, exam_document)
    exam_document["external_id"] = {"system": "urn:example:encounter", "value": "other"}
    exam_document["patient"]["birth_date"] = "1970-01-01"

    response = ehr_a.post("/api/v1/exams/", exam_document, format="json")

    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "patient.birth_date"
    assert Exam.objects.count() == ExamVersion.objects.count() == DecisionRecord.objects.count() == 1


def test_a_replay_is_answered_from_the_stored_exam_and_a_changed_replay_is_a_conflict(
    ehr_a: APIClient, exam_document: dict[str, Any]
) -> None:
    created = post_exam(ehr_a, exam_document)

    replay = ehr_a.post("/api/v1/exams/", exam_document, format="json")
    exam_document["notes"] = "a different document under the same external_id"
    changed = ehr_a.post("/api/v1/exams/", exam_document, format="json")

    assert replay.status_code == 200
    assert replay.json() == created
    assert changed.status_code == 409
    assert Patient.objects.count() == Exam.objects.count() == ExamVersion.objects.count() == 1


@pytest.mark.parametrize("path", ["statement", "step by step"])
def test_the_written_exam_version_and_decision_point_at_each_other(
    clinic_a: Clinic, exam_document: dict[str, Any], monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """What ``exam_create`` hands back is usable as saved rows whichever path wrote it: the later
    steps (re-evaluation, alerts, the response) follow its foreign keys."""
    if path == "step by step":
        monkeypatch.setattr("exams.services._created_by_the_statement", lambda **_: None)

    write = exam_create(
        clinic_id=clinic_a.pk, document=parse_exam_document(exam_document), actor=Actor(clinic_id=clinic_a.pk)
    )

    stored = Exam.objects.get(pk=write.exam.pk)
    assert write.exam.patient_id == stored.patient_id
    assert write.exam.current_decision_id == stored.current_decision_id == write.decision.pk
    assert write.version.exam_id == stored.pk
    assert write.decision.exam_version_id == write.version.pk == ExamVersion.objects.get(exam=stored).pk

"""A write that fails halfway leaves nothing behind: no exam, finding, decision or audit row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import DatabaseError, connection
from rest_framework.test import APIClient

from audit.models import AuditEvent
from clinic.models import Clinic
from decisions.models import DecisionRecord
from exams import services
from exams.models import Exam, ExamVersion, MotorFinding, Patient

pytestmark = pytest.mark.django_db(transaction=True)


def fail_in_the_database(**kwargs: Any) -> None:
    """Stands in for the alert outbox write that follows the decision in a transactional write:
    the findings and the decision are written, then the database errors."""
    assert MotorFinding.objects.exists()  # we really are halfway
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM a_table_that_is_not_there")


@contextmanager
def decisions_failing_after_the_findings() -> Iterator[None]:
    """The database fails a write at the end of the statement that stores the decision, after the
    findings are in: an AFTER trigger sees every row the statement wrote and raises."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION fail_after_the_findings() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'simulated failure after % motor findings', "
            "(SELECT count(*) FROM exams_motorfinding); END $$"
        )
        cursor.execute(
            "CREATE TRIGGER fail_after_the_findings AFTER INSERT ON decisions_decisionrecord "
            "FOR EACH STATEMENT EXECUTE FUNCTION fail_after_the_findings()"
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER fail_after_the_findings ON decisions_decisionrecord")
            cursor.execute("DROP FUNCTION fail_after_the_findings()")


def changes_audited_for(clinic: Clinic) -> int:
    return AuditEvent.objects.filter(clinic_id=clinic.pk, table_name__startswith="exams_").count() + (
        AuditEvent.objects.filter(table_name="decisions_decisionrecord", clinic_id=clinic.pk).count()
    )


def test_a_post_that_fails_after_its_findings_leaves_no_trace(
    ehr_a: APIClient, clinic_a: Clinic, exam_document: dict[str, Any]
) -> None:
    audited_before = changes_audited_for(clinic_a)
    halfway = f"after {len(exam_document['motor'])} motor findings"

    with decisions_failing_after_the_findings(), pytest.raises(DatabaseError, match=halfway):
        ehr_a.post("/api/v1/exams/", exam_document, format="json")

    assert Patient.objects.count() == Exam.objects.count() == ExamVersion.objects.count() == 0
    assert MotorFinding.objects.count() == DecisionRecord.objects.count() == 0
    assert changes_audited_for(clinic_a) == audited_before


def test_a_post_that_fails_halfway_through_its_transaction_leaves_the_patient_as_it_was(
    ehr_a: APIClient, clinic_a: Clinic, exam_document: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A birth date to fill in on the patient's record: the post takes the transactional path.
    patient = Patient.objects.create(
        clinic=clinic_a,
        identifier_system=exam_document["patient"]["identifier"]["system"],
        identifier_value=exam_document["patient"]["identifier"]["value"],
    )
    audited_before = changes_audited_for(clinic_a)
    monkeypatch.setattr(services, "decision_recorded", fail_in_the_database)
    ehr_a.raise_request_exception = False

    response = ehr_a.post("/api/v1/exams/", exam_document, format="json")

    assert response.status_code == 500
    patient.refresh_from_db()
    assert patient.birth_date is None
    assert Exam.objects.count() == ExamVersion.objects.count() == 0
    assert MotorFinding.objects.count() == DecisionRecord.objects.count() == 0
    assert changes_audited_for(clinic_a) == audited_before


def test_an_amendment_that_fails_halfway_keeps_the_exam_as_it_was(
    ehr_a: APIClient, clinic_a: Clinic, exam_document: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    created = ehr_a.post("/api/v1/exams/", exam_document, format="json").json()
    audited_before = changes_audited_for(clinic_a)
    findings_before = MotorFinding.objects.count()
    monkeypatch.setattr(services, "decision_recorded", fail_in_the_database)
    ehr_a.raise_request_exception = False

    exam_document["notes"] = "never stored"
    response = ehr_a.put(f"/api/v1/exams/{created['id']}/", exam_document, format="json", HTTP_IF_MATCH='"1"')

    assert response.status_code == 500
    assert Exam.objects.get().version == 1
    assert list(ExamVersion.objects.values_list("number", flat=True)) == [1]
    assert MotorFinding.objects.count() == findings_before
    assert DecisionRecord.objects.count() == 1
    assert changes_audited_for(clinic_a) == audited_before

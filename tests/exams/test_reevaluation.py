"""Re-evaluation under a new ruleset: skip what is done, store only what changed, alert on new flags."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from alerts.models import AlertEvent
from clinic.models import Clinic
from decisions.engine import RULESET
from decisions.models import DecisionRecord, substance_digest
from exams.models import Exam, RulesetCheck
from exams.reevaluation import exam_id_batches, exams_to_reevaluate, reevaluate_exams
from tests.alerts.helpers import cauda_equina_exam, post_exam, subscribe
from tests.factories import normal_exam_document

pytestmark = pytest.mark.django_db
OLD = "0.0.0-previous"


def decided_under_an_older_ruleset(exam_id: int, **changes: Any) -> DecisionRecord:
    """Pretend the exam's current decision came from the previous ruleset (and said ``changes``)."""
    record = Exam.objects.get(pk=exam_id).current_decision
    assert record is not None
    record.ruleset_version = OLD
    record.document["ruleset"] = {"name": RULESET.name, "version": OLD}
    for field, value in changes.items():
        setattr(record, field, value)
        record.document[field] = value
    record.substance_digest = substance_digest(record.document)  # as decision_store wrote it
    record.save()
    return record


def test_exams_decided_under_the_deployed_ruleset_are_not_selected(ehr_a: APIClient) -> None:
    post_exam(ehr_a, normal_exam_document())

    assert not exams_to_reevaluate().exists()


def test_an_unchanged_decision_is_confirmed_without_a_new_record_and_skipped_next_time(
    ehr_a: APIClient,
) -> None:
    exam = post_exam(ehr_a, normal_exam_document())
    old = decided_under_an_older_ruleset(exam["id"])

    outcome = reevaluate_exams([exam["id"]])

    assert (outcome.unchanged, outcome.changed) == (1, 0)
    assert DecisionRecord.objects.count() == 1
    assert Exam.objects.get(pk=exam["id"]).current_decision_id == old.pk
    check = RulesetCheck.objects.get(exam_id=exam["id"])
    assert (check.decision_id, check.ruleset_version) == (old.pk, RULESET.version)
    assert not exams_to_reevaluate().exists()
    assert reevaluate_exams([exam["id"]]).skipped == 1  # a redelivered batch does nothing


def test_a_changed_decision_is_stored_beside_the_old_one_and_a_new_red_flag_alerts(
    ehr_a: APIClient, clinic_a: Clinic
) -> None:
    exam = post_exam(ehr_a, cauda_equina_exam())
    AlertEvent.objects.all().delete()
    subscribe(clinic_a)
    old = decided_under_an_older_ruleset(exam["id"], urgency="routine", red_flags=[])
    old_document = dict(old.document)

    outcome = reevaluate_exams([exam["id"]])

    assert (outcome.unchanged, outcome.changed) == (0, 1)
    assert DecisionRecord.objects.count() == 2  # exactly one new record
    current = Exam.objects.get(pk=exam["id"]).current_decision
    assert current is not None
    assert current.pk != old.pk
    assert (current.ruleset_version, current.urgency) == (RULESET.version, "emergency")
    old.refresh_from_db()
    assert old.document == old_document  # the old record is never edited
    event = AlertEvent.objects.get()
    assert event.decision_id == current.pk
    assert event.payload["reason"] == "reevaluated"
    assert event.deliveries.count() == 1


def test_red_flags_the_exam_already_raised_do_not_alert_again(ehr_a: APIClient, clinic_a: Clinic) -> None:
    exam = post_exam(ehr_a, cauda_equina_exam())
    AlertEvent.objects.all().delete()
    decided_under_an_older_ruleset(exam["id"], lesion=None)  # changed, but the same flags

    assert reevaluate_exams([exam["id"]]).changed == 1
    assert not AlertEvent.objects.exists()


def test_batches_walk_the_ids_in_order_without_repeats(ehr_a: APIClient) -> None:
    ids = [
        post_exam(ehr_a, normal_exam_document(mrn=f"MRN-{n}", external_id=f"enc-{n}"))["id"] for n in range(5)
    ]
    for exam_id in ids:
        decided_under_an_older_ruleset(exam_id)

    assert list(exam_id_batches(batch_size=2)) == [ids[0:2], ids[2:4], ids[4:5]]


def test_batches_are_filled_across_exams_that_need_nothing(ehr_a: APIClient) -> None:
    ids = [
        post_exam(ehr_a, normal_exam_document(mrn=f"MRN-{n}", external_id=f"enc-{n}"))["id"] for n in range(7)
    ]
    stale = [ids[0], ids[3], ids[4], ids[6]]
    for exam_id in stale:
        decided_under_an_older_ruleset(exam_id)

    assert list(exam_id_batches(batch_size=2)) == [stale[0:2], stale[2:4]]
    assert list(exam_id_batches(batch_size=3)) == [stale[0:3], stale[3:4]]


def test_the_command_reevaluates_and_a_rerun_finds_nothing_to_do(ehr_a: APIClient) -> None:
    for n in range(3):
        decided_under_an_older_ruleset(
            post_exam(ehr_a, normal_exam_document(mrn=f"MRN-{n}", external_id=f"enc-{n}"))["id"]
        )

    first, again = StringIO(), StringIO()
    call_command("reevaluate_decisions", "--sync", "--batch-size", "2", stderr=first)
    call_command("reevaluate_decisions", "--sync", stderr=again)

    assert "3 exams to re-evaluate" in first.getvalue()
    assert RulesetCheck.objects.count() == 3
    assert "0 exams to re-evaluate" in again.getvalue()

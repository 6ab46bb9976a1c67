"""The decision substance digest: written at store, compared by re-evaluation, filled for old rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from decisions.engine import RULESET
from decisions.models import DecisionRecord, decision_substance, fill_substance_digests, substance_digest
from exams.documents import parse_exam_document, parse_exam_document_json
from exams.models import Exam, RulesetCheck
from exams.reevaluation import exams_to_reevaluate, reevaluate_exams
from exams.selectors import (
    exam_documents_json,
    exam_version_document,
    exam_version_get,
)
from tests.alerts.helpers import post_exam
from tests.factories import normal_exam_document

pytestmark = pytest.mark.django_db
CASES = Path(__file__).resolve().parents[1] / "cases"
OLD = "0.0.0-previous"


def current_decision(exam_id: int) -> DecisionRecord:
    record = Exam.objects.get(pk=exam_id).current_decision
    assert record is not None
    return record


def test_the_digest_is_written_at_store_and_matches_the_document(ehr_a: APIClient) -> None:
    record = current_decision(post_exam(ehr_a, normal_exam_document())["id"])

    assert record.substance_digest == substance_digest(record.document)
    assert len(record.substance_digest) == 64


def test_the_digest_ignores_when_and_under_which_ruleset_but_not_what_was_decided(ehr_a: APIClient) -> None:
    document: dict[str, Any] = current_decision(post_exam(ehr_a, normal_exam_document())["id"]).document
    later = {**document, "computed_at": "2031-01-01T00:00:00Z", "ruleset": {"name": "x", "version": "9"}}
    reordered = dict(reversed(list(document.items())))

    assert substance_digest(later) == substance_digest(document) == substance_digest(reordered)
    assert substance_digest({**document, "urgency": "emergency"}) != substance_digest(document)
    assert decision_substance(later) == decision_substance(document)


def _older_without_digest(exam_id: int, **changes: Any) -> DecisionRecord:
    """A decision stored before digests existed, under the previous ruleset."""
    record = current_decision(exam_id)
    DecisionRecord.objects.filter(pk=record.pk).update(
        ruleset_version=OLD, substance_digest=None, document={**record.document, **changes}
    )
    record.refresh_from_db()
    return record


def test_a_record_without_digest_that_is_unchanged_is_confirmed_by_its_document(ehr_a: APIClient) -> None:
    exam_id = post_exam(ehr_a, normal_exam_document())["id"]
    old = _older_without_digest(exam_id)

    outcome = reevaluate_exams([exam_id])

    assert (outcome.unchanged, outcome.changed) == (1, 0)
    assert DecisionRecord.objects.count() == 1
    assert RulesetCheck.objects.get(exam_id=exam_id).decision_id == old.pk
    assert not exams_to_reevaluate().exists()


def test_a_record_without_digest_that_changed_gets_exactly_one_new_record(ehr_a: APIClient) -> None:
    exam_id = post_exam(ehr_a, normal_exam_document())["id"]
    old = _older_without_digest(exam_id, urgency="emergency")

    outcome = reevaluate_exams([exam_id])

    assert (outcome.unchanged, outcome.changed) == (0, 1)
    assert DecisionRecord.objects.count() == 2
    new = current_decision(exam_id)
    assert new.pk != old.pk
    assert new.ruleset_version == RULESET.version
    assert new.substance_digest == substance_digest(new.document)
    assert not RulesetCheck.objects.exists()


def test_a_digest_that_differs_stores_one_record_even_when_the_document_looks_the_same(
    ehr_a: APIClient,
) -> None:
    """The digest, when present, is what is compared: the stored document is not read."""
    exam_id = post_exam(ehr_a, normal_exam_document())["id"]
    DecisionRecord.objects.filter(pk=current_decision(exam_id).pk).update(
        ruleset_version=OLD, substance_digest="0" * 64
    )

    assert reevaluate_exams([exam_id]).changed == 1
    assert DecisionRecord.objects.count() == 2


def test_a_batch_mixing_digests_and_none_sorts_each_exam_correctly(ehr_a: APIClient) -> None:
    ids = [
        post_exam(ehr_a, normal_exam_document(mrn=f"MRN-{n}", external_id=f"enc-{n}"))["id"] for n in range(4)
    ]
    _older_without_digest(ids[0])
    _older_without_digest(ids[1], pattern="something-else")
    for exam_id in ids[2:]:
        DecisionRecord.objects.filter(pk=current_decision(exam_id).pk).update(ruleset_version=OLD)

    outcome = reevaluate_exams(ids)

    assert (outcome.unchanged, outcome.changed, outcome.skipped) == (3, 1, 0)
    assert DecisionRecord.objects.count() == 5


def test_fill_substance_digests_fills_only_missing_ones_in_batches(ehr_a: APIClient) -> None:
    ids = [
        post_exam(ehr_a, normal_exam_document(mrn=f"MRN-{n}", external_id=f"enc-{n}"))["id"] for n in range(3)
    ]
    DecisionRecord.objects.update(substance_digest=None)

    assert fill_substance_digests(DecisionRecord, batch_size=2) == 3
    assert fill_substance_digests(DecisionRecord, batch_size=2) == 0
    for exam_id in ids:
        record = current_decision(exam_id)
        assert record.substance_digest == substance_digest(record.document)


@pytest.mark.parametrize("case", sorted(CASES.glob("*.json")), ids=lambda path: path.stem)
def test_the_batch_json_document_parses_to_the_stored_exam(ehr_a: APIClient, case: Path) -> None:
    """The database-built JSON reads back as the same exam as the row-built document."""
    exam_id = post_exam(ehr_a, json.loads(case.read_text())["exam"])["id"]
    exam = Exam.objects.select_related("patient").get(pk=exam_id)
    expected = parse_exam_document(exam_version_document(exam=exam, version=exam_version_get(exam=exam)))

    [(pk, document_json)] = exam_documents_json(Exam.objects.filter(pk=exam_id), "pk")

    assert pk == exam_id
    parsed = parse_exam_document_json(document_json)
    assert parsed == expected
    assert parsed.to_facts() == expected.to_facts()

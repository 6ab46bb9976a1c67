"""Re-evaluation of stored exams when a new ruleset version is deployed.

Which exams: those whose current decision was computed under another ruleset version and that
were not already checked under the deployed one (``exams.models.RulesetCheck``). Per exam:

- the decision changed (the document, apart from ``computed_at`` and ``ruleset``, differs): a new
  ``DecisionRecord`` is stored through ``decision_store`` and becomes current; the old record stays
  untouched. A red flag the old decision did not raise goes to the alert outbox with it.
- unchanged: nothing is added to the decision history; a ``RulesetCheck`` row records that the
  current decision was confirmed under the new version, so a re-run skips the exam.

Every step is safe to repeat, and to race with an amendment: the new decision becomes current only
if the exam is still at the version and decision that were re-evaluated (compare-and-set).

Cost: a worker reads a batch in one query (each exam's document built as JSON by PostgreSQL and
the stored decision's ``substance_digest``, never its document unless the digest is missing),
so its CPU goes to validating, evaluating and digesting; see ``bench/reevaluate_bench.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from decisions.engine import RULESET
from decisions.engine.document import DecisionDocument
from decisions.models import DecisionRecord, decision_substance, substance_digest
from decisions.services import decision_evaluate, decision_record_new, decision_store
from exams.documents import parse_exam_document_json
from exams.models import Exam, ExamVersion, RulesetCheck
from exams.selectors import earlier_exams, exam_documents_json

logger = logging.getLogger(__name__)


def exams_to_reevaluate(*, ruleset_version: str | None = None) -> QuerySet[Exam]:
    """Exams whose current decision predates the deployed ruleset and was not checked under it."""
    current = ruleset_version or RULESET.version
    checked = RulesetCheck.objects.filter(
        exam=OuterRef("pk"), decision=OuterRef("current_decision"), ruleset_version=current
    )
    return (
        Exam.objects.filter(current_decision__isnull=False)
        .exclude(current_decision__ruleset_version=current)
        .exclude(Exists(checked))
    )


def exam_id_batches(*, batch_size: int) -> Iterator[list[int]]:
    """Ids to re-evaluate in ascending batches of ``batch_size`` (the last may be smaller).

    Keyset pagination over windows of the exam primary key: each step reads the next
    ``batch_size`` exam ids from the pk index, then the stale ones among them. Asking for "the
    next ``batch_size`` stale ids" directly let PostgreSQL scan every stale decision for each
    batch (a plan that costs O(stale exams) per batch, so O(N^2) for the run). Memory stays flat:
    one window and at most one batch are held.
    """
    last, pending = 0, list[int]()
    while True:
        window = list(
            Exam.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size]
        )
        if not window:
            break
        pending += (
            exams_to_reevaluate()
            .filter(pk__gt=last, pk__lte=window[-1])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        while len(pending) >= batch_size:
            yield pending[:batch_size]
            pending = pending[batch_size:]
        last = window[-1]
    if pending:
        yield pending


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    unchanged: int = 0
    changed: int = 0
    skipped: int = 0  # already done, amended meanwhile, or not stale any more


@dataclass(frozen=True, slots=True)
class _Changed:
    exam_id: int
    version_number: int
    decision_id: int
    answer: DecisionDocument


class _Superseded(Exception):
    """The exam moved on (amended, or re-evaluated by another worker) while this one computed."""


def _stale_documents(exam_ids: list[int], *, stale_only: bool = True) -> list[tuple[Any, ...]]:
    """(exam id, version number, current decision id, its digest, current document JSON) per exam.

    One query for the batch: the document is built as JSON by the database and the stored
    decision is represented by its digest only. Decoding the stored decision documents was half
    of the read's cost, and building finding rows and dicts in Python most of the rest.
    """
    exams = exams_to_reevaluate() if stale_only else Exam.objects.filter(current_decision__isnull=False)
    batch = exams.filter(pk__in=exam_ids).order_by("pk")
    return exam_documents_json(
        batch, "pk", "version", "current_decision_id", "current_decision__substance_digest"
    )


def _same_substance(answer: DecisionDocument, digest: str | None, stored: dict[str, Any] | None) -> bool:
    if digest is not None:
        return substance_digest(answer) == digest
    assert stored is not None  # a record without a digest is compared by its document
    return decision_substance(answer) == decision_substance(stored)


def _store_changed(
    *, version: ExamVersion, previous: DecisionRecord, answer: DecisionDocument, computed_at: datetime
) -> None:
    with transaction.atomic():
        # The document, not the facts: it was computed already, to compare with the stored one.
        record = decision_record_new(document=answer, computed_at=computed_at)
        record.exam_version = version
        decision_store(decision=record, previous=previous)
        moved = Exam.objects.filter(
            pk=version.exam_id, version=version.number, current_decision_id=previous.pk
        ).update(current_decision=record)
        if not moved:
            raise _Superseded


def _store_all_changed(changed: list[_Changed], *, computed_at: datetime) -> int:
    """Store a new current decision for each changed exam; returns how many were superseded."""
    if not changed:
        return 0
    previous = DecisionRecord.objects.in_bulk([c.decision_id for c in changed])
    wanted = {(c.exam_id, c.version_number) for c in changed}
    versions = {
        (v.exam_id, v.number): v
        for v in ExamVersion.objects.select_related("exam").filter(exam_id__in=[c.exam_id for c in changed])
        if (v.exam_id, v.number) in wanted
    }
    superseded = 0
    for item in changed:
        try:
            _store_changed(
                version=versions[(item.exam_id, item.version_number)],
                previous=previous[item.decision_id],
                answer=item.answer,
                computed_at=computed_at,
            )
        except _Superseded:
            superseded += 1
    return superseded


def reevaluate_exams(exam_ids: list[int], *, stale_only: bool = True) -> BatchOutcome:
    """Re-evaluate one batch of exams under the deployed ruleset (a worker's task body).

    ``stale_only=False`` re-evaluates them whatever ruleset decided them: the exams compared with
    an exam that was amended (``exams_compared_with``), whose earlier exam changed. Each is
    compared with its earlier exam as it stands now (``earlier_exams``).
    """
    now = timezone.now()
    rows = _stale_documents(exam_ids, stale_only=stale_only)
    earlier = earlier_exams(exam_ids=[row[0] for row in rows]) if rows else {}
    undigested = [row[2] for row in rows if row[3] is None]
    stored = dict(DecisionRecord.objects.filter(pk__in=undigested).values_list("pk", "document"))
    checks: list[RulesetCheck] = []
    changed: list[_Changed] = []
    for exam_id, number, decision_id, digest, document_json in rows:
        document = parse_exam_document_json(document_json)
        answer = decision_evaluate(
            facts=document.to_facts(),
            computed_at=now,
            isncsci=document.isncsci_worksheet(),
            earlier=earlier.get(exam_id),
            performed_at=document.performed_at,
        )
        if _same_substance(answer, digest, stored.get(decision_id)):
            checks.append(
                RulesetCheck(
                    exam_id=exam_id, decision_id=decision_id, ruleset_version=RULESET.version, checked_at=now
                )
            )
        else:
            changed.append(_Changed(exam_id, number, decision_id, answer))
    superseded = _store_all_changed(changed, computed_at=now)
    RulesetCheck.objects.bulk_create(
        checks,
        update_conflicts=True,
        unique_fields=["exam"],
        update_fields=["decision", "ruleset_version", "checked_at"],
    )
    skipped = len(exam_ids) - len(rows) + superseded
    logger.info(
        "re-evaluated %d exams under %s: %d changed, %d unchanged, %d skipped",
        len(exam_ids),
        RULESET.version,
        len(changed) - superseded,
        len(checks),
        skipped,
    )
    return BatchOutcome(unchanged=len(checks), changed=len(changed) - superseded, skipped=skipped)

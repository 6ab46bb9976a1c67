"""Re-evaluation of stored exams when a new ruleset version is deployed.

Which exams: those whose current decision was computed under another ruleset version and that
were not already checked under the deployed one (``alerts.models.RulesetCheck``). Per exam:

- the decision changed (the document, apart from ``computed_at`` and ``ruleset``, differs): a new
  ``DecisionRecord`` is stored through ``decision_store`` and becomes current; the old record stays
  untouched. A red flag the old decision did not raise goes to the alert outbox with it.
- unchanged: nothing is added to the decision history; a ``RulesetCheck`` row records that the
  current decision was confirmed under the new version, so a re-run skips the exam.

Every step is safe to repeat, and to race with an amendment: the new decision becomes current only
if the exam is still at the version and decision that were re-evaluated (compare-and-set).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from alerts.models import RulesetCheck
from decisions.engine import RULESET
from decisions.models import DecisionRecord
from decisions.services import decision_evaluate, decision_store
from exams.documents import parse_exam_document
from exams.models import (
    Exam,
    ExamVersion,
    MotorFinding,
    PlantarFinding,
    ReflexFinding,
    SensoryFinding,
    SpecialTestFinding,
)
from exams.selectors import exam_version_document

logger = logging.getLogger(__name__)

# Keys of a decision document that say when and under which rules, not what was decided.
CIRCUMSTANTIAL_KEYS = frozenset({"computed_at", "ruleset"})


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
    """Ids to re-evaluate in ascending batches (keyset pagination: flat memory, no OFFSET scans)."""
    last = 0
    while True:
        ids = list(
            exams_to_reevaluate().filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def decision_substance(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key not in CIRCUMSTANTIAL_KEYS}


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    unchanged: int = 0
    changed: int = 0
    skipped: int = 0  # already done, amended meanwhile, or not stale any more


class _Superseded(Exception):
    """The exam moved on (amended, or re-evaluated by another worker) while this one computed."""


def _current_versions(exam_ids: list[int]) -> QuerySet[ExamVersion]:
    return (
        ExamVersion.objects.filter(exam__in=exams_to_reevaluate().filter(pk__in=exam_ids))
        .filter(number=F("exam__version"))
        .select_related("exam__patient", "exam__current_decision")
        .prefetch_related(
            Prefetch("motor", queryset=MotorFinding.objects.order_by("id")),
            Prefetch("reflexes", queryset=ReflexFinding.objects.order_by("id")),
            Prefetch("plantar_responses", queryset=PlantarFinding.objects.order_by("id")),
            Prefetch("sensory", queryset=SensoryFinding.objects.order_by("id")),
            Prefetch("special_tests", queryset=SpecialTestFinding.objects.order_by("id")),
        )
    )


def _store_changed(*, version: ExamVersion, previous: DecisionRecord, facts: Any) -> None:
    with transaction.atomic():
        record = decision_store(version=version, facts=facts, previous=previous)
        moved = Exam.objects.filter(
            pk=version.exam_id, version=version.number, current_decision_id=previous.pk
        ).update(current_decision=record)
        if not moved:
            raise _Superseded


def reevaluate_exams(exam_ids: list[int]) -> BatchOutcome:
    """Re-evaluate one batch of exams under the deployed ruleset (a worker's task body)."""
    now = timezone.now()
    checks: list[RulesetCheck] = []
    changed = skipped = 0
    versions = list(_current_versions(exam_ids))
    for version in versions:
        exam = version.exam
        previous = exam.current_decision
        assert previous is not None
        facts = parse_exam_document(exam_version_document(exam=exam, version=version)).to_facts()
        answer = decision_evaluate(facts=facts, computed_at=now)
        if decision_substance(answer) == decision_substance(previous.document):
            checks.append(
                RulesetCheck(exam=exam, decision=previous, ruleset_version=RULESET.version, checked_at=now)
            )
            continue
        try:
            _store_changed(version=version, previous=previous, facts=facts)
            changed += 1
        except _Superseded:
            skipped += 1
    RulesetCheck.objects.bulk_create(
        checks,
        update_conflicts=True,
        unique_fields=["exam"],
        update_fields=["decision", "ruleset_version", "checked_at"],
    )
    skipped += len(exam_ids) - len(versions)
    logger.info(
        "re-evaluated %d exams under %s: %d changed, %d unchanged, %d skipped",
        len(exam_ids),
        RULESET.version,
        changed,
        len(checks),
        skipped,
    )
    return BatchOutcome(unchanged=len(checks), changed=changed, skipped=skipped)

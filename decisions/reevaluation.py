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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from alerts.models import RulesetCheck
from decisions.engine import RULESET
from decisions.models import DecisionRecord
from decisions.services import decision_evaluate, decision_store
from exams.documents import parse_exam_document
from exams.models import FINDING_MODELS, Exam, ExamVersion
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


class _Rows(list[SimpleNamespace]):
    """Finding rows that answer ``.all()`` like the related manager ``exam_version_document`` reads."""

    def all(self) -> _Rows:
        return self


def _current_versions(exam_ids: list[int]) -> list[ExamVersion]:
    """The batch's current versions, their findings attached as plain rows.

    Building ~60 finding model instances per exam was half the cost of re-evaluating it; rows
    from ``values()`` are read by the same ``exam_version_document`` (the one place that knows
    the document's shape), for a fraction of that.
    """
    versions = list(
        ExamVersion.objects.filter(exam__in=exams_to_reevaluate().filter(pk__in=exam_ids))
        .filter(number=F("exam__version"))
        .select_related("exam__patient", "exam__current_decision")
    )
    by_version: dict[int, dict[str, _Rows]] = {
        v.pk: {name: _Rows() for name in FINDING_MODELS} for v in versions
    }
    for name, model in FINDING_MODELS.items():
        manager: Any = model._default_manager  # the abstract Finding has no version field to type
        found: Iterable[dict[str, Any]] = manager.filter(version_id__in=by_version).order_by("id").values()
        for row in found:
            by_version[row["version_id"]][name].append(SimpleNamespace(**row))
    for version in versions:
        for name, rows in by_version[version.pk].items():
            setattr(version, f"_reevaluation_{name}", rows)
    return versions


def _version_document(version: ExamVersion) -> dict[str, Any]:
    view = SimpleNamespace(
        **{f.attname: getattr(version, f.attname) for f in ExamVersion._meta.concrete_fields},
        **{name: getattr(version, f"_reevaluation_{name}") for name in FINDING_MODELS},
    )
    return exam_version_document(exam=version.exam, version=cast(ExamVersion, view))


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
    versions = _current_versions(exam_ids)
    for version in versions:
        exam = version.exam
        previous = exam.current_decision
        assert previous is not None
        facts = parse_exam_document(_version_document(version)).to_facts()
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

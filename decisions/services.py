"""The decision module's door for the rest of the project: evaluate, and store what was evaluated.

Other apps import this module and ``decisions.engine`` only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from alerts.services import alert_for_decision
from decisions.engine import RULESET, decision_document, evaluate
from decisions.engine.facts import ExamFacts
from decisions.models import DecisionRecord, substance_digest
from exams.models import ExamVersion


def decision_evaluate(*, facts: ExamFacts, computed_at: datetime | None = None) -> dict[str, Any]:
    """The decision document for an exam, computed now and stored nowhere."""
    document: dict[str, Any] = decision_document(evaluate(facts), computed_at=computed_at or timezone.now())
    return document


def decision_store(
    *,
    version: ExamVersion,
    facts: ExamFacts,
    computed_at: datetime | None = None,
    previous: DecisionRecord | None = None,
) -> DecisionRecord:
    """Evaluate one exam version and store the answer, inside the caller's transaction.

    An emergency or red-flag decision also writes its alert to the outbox in that transaction
    (against ``previous``, a re-evaluation's old decision, only new flags alert).
    """
    computed_at = computed_at or timezone.now()
    document = decision_evaluate(facts=facts, computed_at=computed_at)
    lesion = document.get("lesion") or {}
    record = DecisionRecord.objects.create(
        exam_version=version,
        ruleset_name=RULESET.name,
        ruleset_version=RULESET.version,
        computed_at=computed_at,
        urgency=document["urgency"],
        red_flags=[flag["code"] for flag in document["red_flags"]],
        lesion_site=lesion.get("site"),
        lesion_side=lesion.get("side"),
        document=document,
        substance_digest=substance_digest(document),
    )
    alert_for_decision(decision=record, previous=previous, reason="reevaluated" if previous else "stored")
    return record

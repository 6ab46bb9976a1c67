"""The decision module's door for the rest of the project: evaluate, and store what was evaluated.

Other apps import this module and ``decisions.engine`` only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from alerts.services import PendingAlert, alert_for_decision, alert_pending
from decisions.engine import RULESET, decision_document, evaluate
from decisions.engine.facts import ExamFacts
from decisions.engine.isncsci import Worksheet
from decisions.engine.isncsci import classify as classify_isncsci
from decisions.models import DecisionRecord, substance_digest
from exams.models import ExamVersion

ISNCSCI_NOT_IN_LESION_ASSESSMENT = (
    "The lesion site, red flags, urgency and studies come from the history and the lower-limb"
    " findings alone: they do not yet read the ISNCSCI worksheet. Its classification (isncsci) gives"
    " the cord's neurological level and completeness; weigh it directly, above all when the"
    " worksheet is the only finding recorded."
)
"""Said in every decision of an exam with a worksheet, until the lesion engine reads the
classification (issue 25): a worksheet-only exam must not read as normal without a word."""


def decision_evaluate(
    *, facts: ExamFacts, computed_at: datetime | None = None, isncsci: Worksheet | None = None
) -> dict[str, Any]:
    """The decision document for an exam, computed now and stored nowhere; with the exam's ISNCSCI
    worksheet (``ExamDocument.isncsci_worksheet()``), its classification under ``isncsci``."""
    document: dict[str, Any] = decision_document(evaluate(facts), computed_at=computed_at or timezone.now())
    if isncsci is not None:
        document["isncsci"] = classify_isncsci(isncsci)
        document["uncertainty"].append(ISNCSCI_NOT_IN_LESION_ASSESSMENT)
    return document


def decision_record_new(
    *, version: ExamVersion, document: dict[str, Any], computed_at: datetime
) -> DecisionRecord:
    """A record, not yet saved, of the decision ``document`` evaluated for one exam version.

    The caller writes it (``decision_store``, or the exam write's single statement) and then
    calls ``decision_recorded`` in the same transaction.
    """
    lesion = document.get("lesion") or {}
    return DecisionRecord(
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


def decision_recorded(*, decision: DecisionRecord, previous: DecisionRecord | None = None) -> None:
    """What follows a stored decision, inside its transaction: an emergency or red-flag decision
    writes its alert to the outbox (against ``previous``, a re-evaluation's old decision, only new
    flags alert)."""
    alert_for_decision(decision=decision, previous=previous, reason="reevaluated" if previous else "stored")


def decision_recorded_pending(*, decision: DecisionRecord) -> PendingAlert | None:
    """``decision_recorded`` for a new decision whose writer puts the alert into its own statement.

    The exam post writes everything in one statement (``exams.services``): it adds these rows'
    CTEs and, once the statement has run, calls ``PendingAlert.written``.
    """
    return alert_pending(decision=decision)


def decision_store(
    *,
    version: ExamVersion,
    document: dict[str, Any],
    computed_at: datetime,
    previous: DecisionRecord | None = None,
) -> DecisionRecord:
    """Store a decision evaluated for one exam version, inside the caller's transaction.

    It takes the document rather than the facts: re-evaluation has already computed it to
    compare with the stored one, and evaluating twice was the cost of every changed exam.
    """
    record = decision_record_new(version=version, document=document, computed_at=computed_at)
    record.save(force_insert=True)
    decision_recorded(decision=record, previous=previous)
    return record

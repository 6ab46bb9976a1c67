"""The decision module's door for the rest of the project: evaluate, and store what was evaluated.

Other apps import this module and ``decisions.engine`` only. It knows nothing of exams: the
callers that own the exam version (the exam write, re-evaluation, both in ``exams``) link a
record to its version before it is stored.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from alerts.services import (
    AlertedDecision,
    PendingAlert,
    Severity,
    alert_for_decision,
    alert_pending,
    decision_is_alarming,
)
from decisions.engine import RULESET, EarlierExam, decision_document, evaluate
from decisions.engine.document import DecisionDocument
from decisions.engine.facts import ExamFacts
from decisions.engine.isncsci import Worksheet
from decisions.engine.isncsci import classify as classify_isncsci
from decisions.engine.vocabulary import Urgency
from decisions.models import DecisionRecord, substance_digest


def decision_evaluate(
    *,
    facts: ExamFacts,
    computed_at: datetime | None = None,
    isncsci: Worksheet | None = None,
    earlier: EarlierExam | None = None,
    performed_at: datetime | None = None,
) -> DecisionDocument:
    """The decision document for an exam, computed now and stored nowhere; with the exam's ISNCSCI
    worksheet (``ExamDocument.isncsci_worksheet()``), its classification under ``isncsci``; with
    the patient's ``earlier`` exam (``exams.selectors.exam_neighbours``) and this exam's
    ``performed_at``, the changes since."""
    decision = evaluate(facts, earlier, performed_at=performed_at)
    document = decision_document(decision, computed_at=computed_at or timezone.now())
    if isncsci is not None:
        document["isncsci"] = classify_isncsci(isncsci)
    return document


def decision_record_new(*, document: DecisionDocument, computed_at: datetime) -> DecisionRecord:
    """A record, not yet saved nor linked to its exam version, of the decision ``document``.

    The caller sets ``exam_version``, writes the record (``decision_store``, or the exam write's
    single statement) and then calls ``decision_recorded`` in the same transaction.
    """
    lesion = document["lesion"]
    return DecisionRecord(
        ruleset_name=RULESET.name,
        ruleset_version=RULESET.version,
        computed_at=computed_at,
        urgency=document["urgency"],
        red_flags=[flag["code"] for flag in document["red_flags"]],
        lesion_site=None if lesion is None else lesion["site"],
        lesion_side=None if lesion is None else lesion["side"],
        document=document,
        substance_digest=substance_digest(document),
    )


def decision_recorded(*, decision: DecisionRecord, previous: DecisionRecord | None = None) -> None:
    """What follows a stored decision, inside its transaction: an emergency or red-flag decision
    writes its alert to the outbox (against ``previous``, a re-evaluation's old decision, only new
    flags alert)."""
    severity, before = _severity(decision), _severity(previous) if previous is not None else None
    if decision_is_alarming(severity=severity, previous=before):
        reason = "reevaluated" if previous is not None else "stored"
        alert_for_decision(decision=_alerted(decision, severity), previous=before, reason=reason)


def decision_recorded_pending(*, decision: DecisionRecord) -> PendingAlert | None:
    """``decision_recorded`` for a new decision whose writer puts the alert into its own statement.

    The exam post writes everything in one statement (``exams.services``): it adds these rows'
    CTEs and, once the statement has run, calls ``PendingAlert.written``.
    """
    severity = _severity(decision)
    if not decision_is_alarming(severity=severity):
        return None
    return alert_pending(decision=_alerted(decision, severity))


def _severity(decision: DecisionRecord) -> Severity:
    return Severity(
        urgency=decision.urgency,
        emergency=Urgency(decision.urgency) is Urgency.EMERGENCY,
        red_flags=frozenset(decision.red_flags),
    )


def _alerted(decision: DecisionRecord, severity: Severity) -> AlertedDecision:
    """The alert's view of a decision with its exam version, exam and patient (already loaded by
    the writers, so no query)."""
    version = decision.exam_version
    exam = version.exam
    return AlertedDecision(
        clinic_id=exam.clinic_id,
        exam_id=exam.pk,
        exam_version=version.number,
        patient_system=exam.patient.identifier_system,
        patient_value=exam.patient.identifier_value,
        decision_id=decision.pk,
        severity=severity,
        document=decision.document,
        ruleset_version=decision.ruleset_version,
        computed_at=decision.computed_at,
    )


def decision_store(*, decision: DecisionRecord, previous: DecisionRecord | None = None) -> None:
    """Save a new record (``decision_record_new``, linked to its exam version) and what follows it
    (``decision_recorded``), inside the caller's transaction."""
    decision.save(force_insert=True)
    decision_recorded(decision=decision, previous=previous)

"""The decision as the JSON-ready dict of spec section 3 (plus a few extra fields).

Every API evaluation, exam post and re-evaluation builds one, and about forty differential
entries are formatted per document, so the site entries are built in one dict literal each, with
the enum values looked up in small tables rather than read through the enum descriptor. Every
call returns fresh dicts and lists: callers may store or amend them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NotRequired, TypedDict

from decisions.engine.decision import Decision, Evidence, SiteAssessment
from decisions.engine.isncsci.classification import Classification
from decisions.engine.knowledge.sources import references
from decisions.engine.vocabulary import LesionSide


class EvidenceItem(TypedDict):
    finding: str  # where in the exam document: "motor[3]", "history.fever"
    text: str


class RulesetName(TypedDict):
    name: str
    version: str


class RedFlagEntry(TypedDict):
    code: str
    label: str
    urgency: str
    evidence: list[EvidenceItem]
    sources: list[str]


class LesionEntry(TypedDict):
    site: str
    side: str | None
    label: str
    confidence: float
    fit: float
    supporting: list[EvidenceItem]
    conflicting: list[EvidenceItem]


class DifferentialEntry(TypedDict):
    site: str
    side: str | None
    label: str
    score: float
    fit: float
    supporting: list[EvidenceItem]
    conflicting: list[EvidenceItem]


class RecommendationEntry(TypedDict):
    study: str
    urgency: str
    rationale: str
    sources: list[str]


class AdviceAgainstEntry(TypedDict):
    study: str
    reason: str
    reconsider_when: str
    sources: list[str]


class ComparedWith(TypedDict):
    id: str
    version: int
    performed_at: str


class ChangeEntry(TypedDict):
    finding: str
    before: str
    after: str
    direction: str
    text: str


class DecisionDocument(TypedDict):
    """The decision document (spec section 3) as it travels between the engine, the services that
    store it and the API: typed keys, JSON values. ``decisions.schemas`` publishes the same shape
    for integrators, and a test checks every engine answer against it."""

    ruleset: RulesetName
    computed_at: str
    urgency: str
    pattern: str
    red_flags: list[RedFlagEntry]
    lesion: LesionEntry | None
    differential: list[DifferentialEntry]
    recommendations: list[RecommendationEntry]
    not_recommended: list[AdviceAgainstEntry]
    uncertainty: list[str]
    compared_with: ComparedWith | None
    changes: list[ChangeEntry]
    references: list[dict[str, str | None]]
    isncsci: NotRequired[Classification]  # with an ISNCSCI worksheet


_SIDE: dict[LesionSide | None, str | None] = {None: None, **{side: side.value for side in LesionSide}}
_HALF_THOUSANDTH = 0.0005


def _round3(value: float) -> float:
    """``round(value, 3)``, skipping its decimal conversion for zeros and negligible shares.

    Most of the differential's tail scores below 0.0005 and fits exactly 0, and ``round`` with
    digits costs a correctly rounded decimal conversion each time. The result is identical: a
    zero is returned as it is (``round`` keeps the sign of -0.0 too), and every float in
    (0, 0.0005) rounds to 0.0, because the float nearest 0.0005 lies above the decimal 0.0005.
    """
    if value == 0.0:
        return value
    if 0.0 < value < _HALF_THOUSANDTH:
        return 0.0
    return round(value, 3)


def _evidence(items: tuple[Evidence, ...]) -> list[EvidenceItem]:
    return [{"finding": finding, "text": text} for finding, text in items]


def _lesion(entry: SiteAssessment) -> LesionEntry:
    site, side, label, score, fit, supporting, conflicting = entry
    return {
        "site": site,
        "side": _SIDE[side],
        "label": label,
        "confidence": _round3(score),
        "fit": _round3(fit),
        "supporting": [{"finding": finding, "text": text} for finding, text in supporting],
        "conflicting": [{"finding": finding, "text": text} for finding, text in conflicting],
    }


def _differential(entries: tuple[SiteAssessment, ...]) -> list[DifferentialEntry]:
    """Every site; past the first few (which carry evidence) the lists are empty, so no loops."""
    return [
        {
            "site": site,
            "side": _SIDE[side],
            "label": label,
            "score": _round3(score),
            "fit": _round3(fit),
            "supporting": [{"finding": finding, "text": text} for finding, text in supporting]
            if supporting
            else [],
            "conflicting": [{"finding": finding, "text": text} for finding, text in conflicting]
            if conflicting
            else [],
        }
        for site, side, label, score, fit, supporting, conflicting in entries
    ]


def _timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def decision_document(decision: Decision, computed_at: datetime) -> DecisionDocument:
    """Spec section 3 shape; ``computed_at`` is rendered in UTC with a ``Z`` suffix."""
    return {
        "ruleset": {"name": decision.ruleset_name, "version": decision.ruleset_version},
        "computed_at": _timestamp(computed_at),
        "urgency": decision.urgency.value,
        "pattern": decision.pattern.value,
        "red_flags": [
            {
                "code": flag.code.value,
                "label": flag.label,
                "urgency": flag.urgency.value,
                "evidence": _evidence(flag.evidence),
                "sources": list(flag.sources),
            }
            for flag in decision.red_flags
        ],
        "lesion": None if decision.lesion is None else _lesion(decision.lesion),
        "differential": _differential(decision.differential),
        "recommendations": [
            {
                "study": rec.study.value,
                "urgency": rec.urgency.value,
                "rationale": rec.rationale,
                "sources": list(rec.sources),
            }
            for rec in decision.recommendations
        ],
        "not_recommended": [
            {
                "study": item.study.value,
                "reason": item.reason,
                "reconsider_when": item.reconsider_when,
                "sources": list(item.sources),
            }
            for item in decision.not_recommended
        ],
        "uncertainty": list(decision.uncertainty),
        "compared_with": _compared_with(decision),
        "changes": [
            {
                "finding": change.finding,
                "before": change.before,
                "after": change.after,
                "direction": change.direction.value,
                "text": change.text,
            }
            for change in decision.changes
        ],
        "references": _references(decision),
    }


def _compared_with(decision: Decision) -> ComparedWith | None:
    earlier = decision.compared_with
    if earlier is None:
        return None
    return {
        "id": earlier.exam_id,
        "version": earlier.version,
        "performed_at": _timestamp(earlier.performed_at),
    }


def _references(decision: Decision) -> list[dict[str, str | None]]:
    """The bibliography entry of every source key the document cites, so a receiver can resolve them."""
    keys = [key for flag in decision.red_flags for key in flag.sources]
    keys += [key for rec in decision.recommendations for key in rec.sources]
    keys += [key for item in decision.not_recommended for key in item.sources]
    return references(keys)

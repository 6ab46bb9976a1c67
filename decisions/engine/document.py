"""The decision as the JSON-ready dict of spec section 3 (plus a few extra fields)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from decisions.engine.decision import Decision, Evidence, SiteAssessment


def _evidence(items: tuple[Evidence, ...]) -> list[dict[str, str]]:
    return [{"finding": item.finding, "text": item.text} for item in items]


def _site(entry: SiteAssessment, *, as_lesion: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "site": entry.site,
        "side": None if entry.side is None else entry.side.value,
        "label": entry.label,
    }
    body["confidence" if as_lesion else "score"] = round(entry.score, 3)
    body["fit"] = round(entry.fit, 3)
    body["supporting"] = _evidence(entry.supporting)
    body["conflicting"] = _evidence(entry.conflicting)
    return body


def _timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def decision_document(decision: Decision, computed_at: datetime) -> dict[str, Any]:
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
        "lesion": None if decision.lesion is None else _site(decision.lesion, as_lesion=True),
        "differential": [_site(entry, as_lesion=False) for entry in decision.differential],
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
    }

"""CDS Hooks cards built from a stored decision. Pure functions: no database.

Every card names its ``source`` (the guideline the advice rests on), lists in ``detail`` the
findings it rests on and the exam's date (so the clinician can review the basis, FDA CDS
criterion 4), offers ``overrideReasons``, and has a ``uuid`` derived from the decision and the
card's subject, so the same advice on the same exam keeps its uuid and feedback can be traced.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from decisions.engine.knowledge.sources import SOURCES, Source, SourceKind
from decisions.engine.vocabulary import URGENCY_RANK, Urgency, urgency_rank
from interop.fhir.codes import OVERRIDE_REASONS, Kind, term
from interop.fhir.outbound import PRIORITY_FOR_URGENCY

CARD_NAMESPACE = uuid.UUID("5d7c1e1a-5b8e-4d38-9d0a-3b6e2f1c9a41")
SUMMARY_LIMIT = 139  # the spec: "<140 characters"
LABEL_LIMIT = 200
RULESET_SOURCE = {"label": "neuroexam lower-limb-weakness ruleset"}


@dataclass(frozen=True, slots=True)
class Card:
    uuid: str
    indicator: str
    summary: str
    body: dict[str, Any]


def card_uuid(decision_id: int | None, *subject: str) -> str:
    return str(uuid.uuid5(CARD_NAMESPACE, ":".join([str(decision_id), *subject])))


def _summary(text: str) -> str:
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1].rstrip() + "…"


def override_reasons() -> list[dict[str, str]]:
    return [term(Kind.OVERRIDE_REASON, key).coding() for key in OVERRIDE_REASONS]


def _label(text: str) -> str:
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1].rstrip() + "…"


def _linked(keys: list[str]) -> list[Source]:
    """The cited sources that have a canonical URL (textbooks and design choices have none)."""
    found = (SOURCES.get(key) for key in dict.fromkeys(keys))
    return [source for source in found if source is not None and source.url]


def source_for(keys: list[str], ruleset: dict[str, Any] | None = None) -> dict[str, Any]:
    """The card source: the first cited guideline or standard, else the first cited paper, else
    the ruleset itself; labelled with the bibliography's citation and its canonical URL."""
    linked = _linked(keys)
    guidelines = [s for s in linked if s.kind in (SourceKind.GUIDELINE, SourceKind.STANDARD)]
    for source in guidelines or linked:
        return {"label": _label(source.citation), "url": source.url}
    label = RULESET_SOURCE["label"]
    if ruleset:
        label = f"{label} {ruleset['version']}"
    return {"label": label}


def reference_links(keys: list[str]) -> list[dict[str, str]]:
    """CDS Hooks links to every cited reference, with the bibliography's citation as label."""
    return [{"label": _label(s.citation), "url": s.url, "type": "absolute"} for s in _linked(keys)]


def make_card(
    *,
    card_id: str,
    indicator: str,
    summary: str,
    detail: str,
    source: dict[str, Any],
    suggestions: list[dict[str, Any]] | None = None,
    cited: list[str] | None = None,
) -> Card:
    body: dict[str, Any] = {
        "uuid": card_id,
        "summary": _summary(summary),
        "indicator": indicator,
        "detail": detail,
        "source": source,
        "overrideReasons": override_reasons(),
    }
    links = reference_links(cited or [])
    if links:
        body["links"] = links
    if suggestions:
        body["suggestions"] = suggestions
        # One suggestion is the choice to take or not (at-most-one); several are separate orders
        # the advice asks for together (a red flag's emergency studies), so any of them may be taken:
        # an at-most-one card may recommend only one suggestion.
        body["selectionBehavior"] = "at-most-one" if len(suggestions) == 1 else "any"
    return Card(uuid=card_id, indicator=indicator, summary=body["summary"], body=body)


def _bullets(items: list[dict[str, Any]]) -> str:
    return "\n".join(f"- {item['text']} (`{item['finding']}`)" for item in items) or "- none recorded"


def exam_line(exam_id: int, performed_at: str) -> str:
    return f"Based on neuroexam exam {exam_id} performed {performed_at}."


def _study_display(study: str) -> str:
    return term(Kind.STUDY, study).display


def service_request_suggestion(
    *, decision_id: int, study: str, urgency: str, patient_reference: str, rationale: str
) -> dict[str, Any]:
    """A suggestion whose action creates the draft order for a recommended study."""
    return {
        "label": f"Order {_study_display(study)} ({urgency})",
        "uuid": card_uuid(decision_id, "suggest-create", study),
        "isRecommended": True,
        "actions": [
            {
                "type": "create",
                "description": f"Create a {urgency} order for {_study_display(study)}",
                "resource": {
                    "resourceType": "ServiceRequest",
                    "status": "draft",
                    "intent": "order",
                    "priority": PRIORITY_FOR_URGENCY[urgency],
                    "code": term(Kind.STUDY, study).concept(),
                    "subject": {"reference": patient_reference},
                    "reasonCode": [{"text": rationale}],
                },
            }
        ],
    }


def red_flag_cards(
    *, decision_id: int, decision: dict[str, Any], exam_note: str, patient_reference: str | None
) -> list[Card]:
    cards = []
    for flag in decision["red_flags"]:
        urgent = [
            r
            for r in decision["recommendations"]
            if urgency_rank(r["urgency"]) >= URGENCY_RANK[Urgency.URGENT]
        ]
        plan = "\n".join(f"- {_study_display(r['study'])}, {r['urgency']}: {r['rationale']}" for r in urgent)
        suggestions = (
            [
                service_request_suggestion(
                    decision_id=decision_id,
                    study=r["study"],
                    urgency=r["urgency"],
                    patient_reference=patient_reference,
                    rationale=r["rationale"],
                )
                for r in urgent
            ]
            if patient_reference
            else []
        )
        cards.append(
            make_card(
                card_id=card_uuid(decision_id, "red-flag", flag["code"]),
                indicator="critical",
                summary=f"Red flag: {flag['label']}",
                detail=f"**{flag['label']}** ({flag.get('urgency', decision['urgency'])}).\n\n"
                f"Findings:\n{_bullets(flag['evidence'])}\n\n"
                + (f"Act now:\n{plan}\n\n" if plan else "")
                + exam_note,
                source=source_for(flag.get("sources", []), decision["ruleset"]),
                suggestions=suggestions,
                cited=flag.get("sources", []),
            )
        )
    return cards


def since_text(decision: dict[str, Any]) -> str:
    """What changed since the patient's earlier exam (a fall in strength first), or ""."""
    earlier = decision.get("compared_with")
    changes = decision.get("changes") or []
    if earlier is None or not changes:
        return ""
    ordered = sorted(changes, key=lambda change: change["direction"] != "worsened")
    lines = "\n".join(f"- {change['direction'].capitalize()}: {change['text']}" for change in ordered)
    return f"Since the exam of {earlier['performed_at'][:10]}:\n{lines}\n\n"


def lesion_card(*, decision_id: int, decision: dict[str, Any], exam_note: str) -> Card:
    lesion = decision.get("lesion")
    ruleset_source = source_for([], decision["ruleset"])
    if lesion is None:
        return make_card(
            card_id=card_uuid(decision_id, "lesion"),
            indicator="info",
            summary="Lower-limb exam: no lesion localised",
            detail=f"The recorded findings localise no lesion (pattern: {decision['pattern']}).\n\n"
            + exam_note,
            source=ruleset_source,
        )
    others = "\n".join(
        f"- {entry['label']}: score {entry['score']}" for entry in decision["differential"][1:4]
    )
    return make_card(
        card_id=card_uuid(decision_id, "lesion"),
        indicator="info",
        summary=f"Likely {lesion['label']} (confidence {round(lesion['confidence'] * 100)}%)",
        detail=f"**{lesion['label']}**, pattern {decision['pattern'].replace('_', ' ')}.\n\n"
        f"Supporting findings:\n{_bullets(lesion['supporting'])}\n\n"
        f"Conflicting findings:\n{_bullets(lesion['conflicting'])}\n\n"
        + (f"Also considered:\n{others}\n\n" if others else "")
        + since_text(decision)
        + exam_note,
        source=ruleset_source,
    )


def plan_card(*, decision_id: int, decision: dict[str, Any], exam_note: str) -> Card:
    recommended = decision["recommendations"]
    against = decision["not_recommended"]
    lines = [f"- **{_study_display(r['study'])}** ({r['urgency']}): {r['rationale']}" for r in recommended]
    not_now = [
        f"- Not now: {_study_display(n['study'])}: {n['reason']} Reconsider: {n['reconsider_when']}"
        for n in against
    ]
    if recommended:
        summary = "Plan: " + ", ".join(f"{_study_display(r['study'])} ({r['urgency']})" for r in recommended)
    elif against:
        summary = "Plan: no imaging or EMG now; " + ", ".join(_study_display(n["study"]) for n in against[:2])
        summary += " not indicated"
    else:
        summary = "Plan: no study recommended"
    keys = [key for r in recommended for key in r["sources"]] + [
        key for n in against for key in n.get("sources", [])
    ]
    return make_card(
        card_id=card_uuid(decision_id, "plan"),
        indicator="info",
        summary=summary,
        detail="\n".join([*lines, *not_now]) + f"\n\n{exam_note}",
        source=source_for(keys, decision["ruleset"]),
        cited=keys,
    )


def missing_exam_card(*, service_id: str, tried: list[str]) -> Card:
    """No exam on record: says which identifiers were looked up, and never guesses."""
    listed = "\n".join(f"- `{identifier}`" for identifier in tried)
    return make_card(
        card_id=str(uuid.uuid4()),
        indicator="info",
        summary="No neuroexam advice: no structured lower-limb exam found for this patient",
        detail=f"No structured lower-limb exam is on record under these patient identifiers:\n\n{listed}\n\n"
        "If the exam was recorded under another identifier system, the clinic can declare the two "
        "systems equivalent. neuroexam rates imaging and EMG/NCS only against a recorded structured "
        "exam; without one it gives no advice rather than guessing. Record the exam (FHIR "
        "`POST /fhir/r4/` or `POST /api/v1/exams/`) and open the chart again.",
        source={"label": f"neuroexam ({service_id})"},
    )


def prefetch_problem_card(*, service_id: str, reason: str) -> Card:
    """The prefetch is missing or malformed: the card says so, and gives no advice."""
    return make_card(
        card_id=str(uuid.uuid4()),
        indicator="info",
        summary="No neuroexam advice: the patient prefetch is missing or unusable",
        detail=f"{reason}\n\nneuroexam identifies the patient only from the `patient` prefetch "
        "(`Patient/{{context.patientId}}`, or a searchset Bundle of Patients) and does not query the "
        "EHR's FHIR server; without it it gives no advice rather than guessing.",
        source={"label": f"neuroexam ({service_id})"},
    )

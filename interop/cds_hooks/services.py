"""The CDS Hooks services: discovery, patient-view, order-select, and feedback storage.

The patient is found through the prefetched ``Patient`` resource's identifiers (an EHR's logical
id means nothing to us), only among the calling client's clinic. Without the prefetch, or
without a stored exam, the answer is a card asking for the exam: never a guess. We never call
back the EHR's FHIR server (``fhirServer``/``fhirAuthorization`` are ignored), so the prefetch
is required for advice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.db import IntegrityError, transaction
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.patient import Patient as FhirPatient
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from decisions.engine.vocabulary import URGENCY_RANK, Urgency, urgency_rank
from exams.documents import field_path
from exams.models import Exam
from exams.selectors import json_datetime
from interop.cds_hooks.cards import (
    Card,
    card_uuid,
    exam_line,
    lesion_card,
    make_card,
    missing_exam_card,
    plan_card,
    prefetch_problem_card,
    red_flag_cards,
    service_request_suggestion,
    source_for,
)
from interop.fhir.codes import Kind, term, term_for_codings
from interop.fhir.inbound import BundleInvalid, Issue
from interop.fhir.outbound import PRIORITY_FOR_URGENCY, URGENCY_FOR_PRIORITY
from interop.fhir.selectors import identifiers_with_equivalents, latest_exam
from interop.models import CardFeedback, CdsClient, IssuedCard

PATIENT_VIEW = "neuroexam-patient-view"
ORDER_SELECT = "neuroexam-order-select"
PREFETCH = {"patient": "Patient/{{context.patientId}}"}

SERVICES: dict[str, dict[str, Any]] = {
    PATIENT_VIEW: {
        "hook": "patient-view",
        "id": PATIENT_VIEW,
        "title": "Lower-limb weakness: lesion and plan",
        "description": "When the chart opens, shows the latest structured lower-limb exam's red flags "
        "(critical), likely lesion and imaging plan (info), with the findings they rest on.",
        "prefetch": PREFETCH,
    },
    ORDER_SELECT: {
        "hook": "order-select",
        "id": ORDER_SELECT,
        "title": "Lower-limb weakness: imaging and EMG/NCS appropriateness",
        "description": "When an imaging or EMG/NCS order is drafted, checks it against the latest "
        "structured lower-limb exam: advises deferring studies the exam does not support and warns "
        "when an emergency study is missing.",
        "prefetch": PREFETCH,
    },
}


class HookRequest(BaseModel):
    """The CDS Hooks request body (fields we use are validated; the rest is allowed)."""

    model_config = ConfigDict(extra="allow")

    hook: str
    hookInstance: UUID
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None


def discovery() -> dict[str, Any]:
    return {"services": list(SERVICES.values())}


def _invalid(expression: str, diagnostics: str) -> BundleInvalid:
    return BundleInvalid([Issue(expression, diagnostics)])


def hook_request_parse(*, service_id: str, body: Any) -> HookRequest:
    if service_id not in SERVICES:
        raise BundleInvalid([Issue("service", f"no CDS service '{service_id}'", "not-found")], status=404)
    try:
        request = HookRequest.model_validate(body)
    except ValidationError as exc:
        raise BundleInvalid(
            [Issue(field_path(e["loc"]) or "body", e["msg"]) for e in exc.errors(include_url=False)]
        ) from None
    if request.hook != SERVICES[service_id]["hook"]:
        raise _invalid("hook", f"service '{service_id}' answers the '{SERVICES[service_id]['hook']}' hook")
    if not isinstance(request.context.get("patientId"), str):
        raise _invalid("context.patientId", "the hook context needs patientId")
    return request


@dataclass(frozen=True, slots=True)
class PrefetchProblem:
    """Why the prefetch could not identify the patient, said on the card instead of guessing."""

    reason: str


def _patients_in_prefetch(prefetched: Any) -> list[dict[str, Any]] | PrefetchProblem:
    """The Patient resources of the ``patient`` prefetch: a Patient, or a searchset Bundle of them
    (what a ``Patient?identifier=...`` prefetch template returns)."""
    if prefetched is None:
        return PrefetchProblem(
            "The request carried no `patient` prefetch (or the EHR could not fetch it), so the patient "
            "could not be identified."
        )
    if not isinstance(prefetched, dict):
        return PrefetchProblem("The `patient` prefetch is not a FHIR resource (a JSON object).")
    model: type[BaseModel] = FhirPatient
    if prefetched.get("resourceType") == "Bundle":
        model = Bundle
    elif prefetched.get("resourceType") != "Patient":
        return PrefetchProblem(
            f"The `patient` prefetch is a {prefetched.get('resourceType')!s}, not a Patient or a "
            "searchset Bundle of Patients."
        )
    try:
        model.model_validate(prefetched)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in error["loc"])
        return PrefetchProblem(f"The `patient` prefetch is not valid FHIR R4 at `{where}`: {error['msg']}.")
    if model is FhirPatient:
        return [prefetched]
    return [
        entry["resource"]
        for entry in prefetched.get("entry") or []
        if (entry.get("resource") or {}).get("resourceType") == "Patient"
    ]


def _prefetched_identifiers(request: HookRequest) -> list[tuple[str, str]] | PrefetchProblem:
    """The prefetched Patients' identifiers, or why there are none to use."""
    patients = _patients_in_prefetch((request.prefetch or {}).get("patient"))
    if isinstance(patients, PrefetchProblem):
        return patients
    identifiers = [
        (i["system"], i["value"])
        for patient in patients
        for i in patient.get("identifier") or []
        if i.get("system") and i.get("value")
    ]
    if not identifiers:
        return PrefetchProblem(
            "The prefetched Patient has no identifier with a system and a value, so it could not be "
            "matched to a patient on record."
        )
    return identifiers


@dataclass(frozen=True, slots=True)
class HookAnswer:
    cards: list[Card]
    exam: Exam | None


def _exam_for(*, client: CdsClient, request: HookRequest, service_id: str) -> Exam | Card:
    identifiers = _prefetched_identifiers(request)
    if isinstance(identifiers, PrefetchProblem):
        return prefetch_problem_card(service_id=service_id, reason=identifiers.reason)
    exam = latest_exam(clinic_id=client.clinic_id, identifiers=identifiers)
    if exam is None or exam.current_decision is None:
        tried = identifiers_with_equivalents(clinic_id=client.clinic_id, identifiers=identifiers)
        return missing_exam_card(
            service_id=service_id, tried=[f"{system}|{value}" for system, value in tried]
        )
    return exam


def patient_view(*, client: CdsClient, request: HookRequest) -> HookAnswer:
    found = _exam_for(client=client, request=request, service_id=PATIENT_VIEW)
    if isinstance(found, Card):
        return HookAnswer([found], None)
    decision = found.current_decision
    assert decision is not None
    note = exam_line(found.pk, json_datetime(found.performed_at))
    reference = f"Patient/{request.context['patientId']}"
    cards = [
        *red_flag_cards(
            decision_id=decision.pk, decision=decision.document, exam_note=note, patient_reference=reference
        ),
        lesion_card(decision_id=decision.pk, decision=decision.document, exam_note=note),
        plan_card(decision_id=decision.pk, decision=decision.document, exam_note=note),
    ]
    return HookAnswer(cards, found)


@dataclass(frozen=True, slots=True)
class DraftOrder:
    reference: str  # "ServiceRequest/{id}"
    study: str | None
    priority: str | None
    resource: dict[str, Any]


def _draft_orders(request: HookRequest) -> list[DraftOrder]:
    bundle = request.context.get("draftOrders")
    if not isinstance(bundle, dict):
        raise _invalid("context.draftOrders", "order-select needs the draftOrders Bundle")
    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise _invalid(
            "context.draftOrders." + ".".join(str(p) for p in error["loc"]), error["msg"]
        ) from None
    orders = []
    for entry in bundle.get("entry") or []:
        resource = entry.get("resource") or {}
        if resource.get("resourceType") != "ServiceRequest":
            continue
        found = term_for_codings((resource.get("code") or {}).get("coding") or [], kinds=(Kind.STUDY,))
        orders.append(
            DraftOrder(
                reference=f"ServiceRequest/{resource.get('id')}",
                study=found.value if found else None,
                priority=resource.get("priority"),
                resource=resource,
            )
        )
    return orders


def order_select(*, client: CdsClient, request: HookRequest) -> HookAnswer:
    orders = _draft_orders(request)
    selections = request.context.get("selections")
    selected = [o for o in orders if not selections or o.reference in selections]
    rated = [o for o in selected if o.study is not None]
    if not rated:
        return HookAnswer([], None)  # nothing we know how to rate: stay silent
    found = _exam_for(client=client, request=request, service_id=ORDER_SELECT)
    if isinstance(found, Card):
        return HookAnswer([found], None)
    decision = found.current_decision
    assert decision is not None
    note = exam_line(found.pk, json_datetime(found.performed_at))
    cards = [
        _order_card(order=o, decision_id=decision.pk, decision=decision.document, exam_note=note)
        for o in rated
    ]
    ordered = {o.study for o in orders}
    reference = f"Patient/{request.context['patientId']}"
    for recommendation in decision.document["recommendations"]:
        if Urgency(recommendation["urgency"]) is Urgency.EMERGENCY and recommendation["study"] not in ordered:
            cards.append(
                _missing_emergency_card(
                    decision_id=decision.pk,
                    decision=decision.document,
                    recommendation=recommendation,
                    exam_note=note,
                    patient_reference=reference,
                )
            )
    return HookAnswer(cards, found)


def _basis(decision: dict[str, Any]) -> str:
    items = [e for flag in decision["red_flags"] for e in flag["evidence"]]
    if decision.get("lesion"):
        items += decision["lesion"]["supporting"]
    lesion = decision["lesion"]["label"] if decision.get("lesion") else "no lesion localised"
    lines = "\n".join(f"- {item['text']}" for item in items[:12]) or "- none recorded"
    return f"Exam conclusion: {lesion}; urgency {decision['urgency']}.\nFindings:\n{lines}"


def _order_card(*, order: DraftOrder, decision_id: int, decision: dict[str, Any], exam_note: str) -> Card:
    assert order.study is not None
    display = term(Kind.STUDY, order.study).display
    advised_against = {n["study"]: n for n in decision["not_recommended"]}
    recommended = {r["study"]: r for r in decision["recommendations"]}
    if order.study in advised_against:
        entry = advised_against[order.study]
        defer = {
            "label": f"Defer the {display} order",
            "uuid": card_uuid(decision_id, "suggest-defer", order.study),
            "isRecommended": True,
            "actions": [
                {
                    "type": "delete",
                    "description": f"Remove the draft {display} order",
                    "resourceId": order.reference,
                }
            ],
        }
        return make_card(
            card_id=card_uuid(decision_id, "order", order.study),
            indicator="warning",
            summary=f"{display} is not indicated now: consider deferring",
            detail=f"{entry['reason']}\n\nReconsider: {entry['reconsider_when']}\n\n"
            f"{_basis(decision)}\n\n{exam_note}",
            source=source_for(entry.get("sources", []), decision["ruleset"]),
            suggestions=[defer],
            cited=entry.get("sources", []),
        )
    if order.study in recommended:
        entry = recommended[order.study]
        wanted = PRIORITY_FOR_URGENCY[entry["urgency"]]
        ordered = URGENCY_RANK[URGENCY_FOR_PRIORITY.get(order.priority or "routine", Urgency.ROUTINE)]
        indicated = urgency_rank(entry["urgency"])
        # Only an order less urgent than indicated is flagged: a clinician who orders sooner
        # than the rules ask is never told to wait.
        if indicated > ordered and indicated >= URGENCY_RANK[Urgency.URGENT]:
            raise_priority = {
                "label": f"Make the order {wanted}",
                "uuid": card_uuid(decision_id, "suggest-priority", order.study),
                "isRecommended": True,
                "actions": [
                    {
                        "type": "update",
                        "description": f"Set the priority of the {display} order to {wanted}",
                        "resource": {**order.resource, "priority": wanted},
                    }
                ],
            }
            return make_card(
                card_id=card_uuid(decision_id, "order-priority", order.study),
                indicator="critical" if Urgency(entry["urgency"]) is Urgency.EMERGENCY else "warning",
                summary=f"{display} is indicated as {entry['urgency']}, "
                f"but ordered {order.priority or 'routine'}",
                detail=f"{entry['rationale']}\n\n{_basis(decision)}\n\n{exam_note}",
                source=source_for(entry["sources"], decision["ruleset"]),
                suggestions=[raise_priority],
                cited=entry["sources"],
            )
        return make_card(
            card_id=card_uuid(decision_id, "order", order.study),
            indicator="info",
            summary=f"{display} fits the latest exam ({entry['urgency']})",
            detail=f"{entry['rationale']}\n\n{_basis(decision)}\n\n{exam_note}",
            source=source_for(entry["sources"], decision["ruleset"]),
            cited=entry["sources"],
        )
    plan = ", ".join(term(Kind.STUDY, r["study"]).display for r in decision["recommendations"]) or "none"
    return make_card(
        card_id=card_uuid(decision_id, "order", order.study),
        indicator="info",
        summary=f"{display} is not part of the latest exam's plan",
        detail=f"The exam's recommended studies: {plan}.\n\n{_basis(decision)}\n\n{exam_note}",
        source=source_for([], decision["ruleset"]),
    )


def _missing_emergency_card(
    *,
    decision_id: int,
    decision: dict[str, Any],
    recommendation: dict[str, Any],
    exam_note: str,
    patient_reference: str,
) -> Card:
    display = term(Kind.STUDY, recommendation["study"]).display
    flags = ", ".join(flag["label"] for flag in decision["red_flags"]) or "emergency findings"
    suggestion = service_request_suggestion(
        decision_id=decision_id,
        study=recommendation["study"],
        urgency=recommendation["urgency"],
        patient_reference=patient_reference,
        rationale=recommendation["rationale"],
    )
    return make_card(
        card_id=card_uuid(decision_id, "missing", recommendation["study"]),
        indicator="critical",
        summary=f"Emergency {display} is missing: {flags}",
        detail=f"{recommendation['rationale']}\n\n{_basis(decision)}\n\n{exam_note}",
        source=source_for(recommendation["sources"], decision["ruleset"]),
        suggestions=[suggestion],
        cited=recommendation["sources"],
    )


def cards_record(*, client: CdsClient, service_id: str, answer: HookAnswer) -> None:
    """Keep every card we answered with, so feedback can name the intervention and its basis."""
    decision = answer.exam.current_decision if answer.exam is not None else None
    IssuedCard.objects.bulk_create(
        [
            IssuedCard(
                uuid=card.uuid,
                clinic_id=client.clinic_id,
                service_id=service_id,
                indicator=card.indicator,
                summary=card.summary,
                exam=answer.exam,
                decision=decision,
            )
            for card in answer.cards
        ],
        ignore_conflicts=True,
    )


class OverrideReason(BaseModel):
    model_config = ConfigDict(extra="allow")

    reason: dict[str, Any] | None = None
    userComment: str | None = Field(default=None, max_length=5000)


class FeedbackItem(BaseModel):
    model_config = ConfigDict(extra="allow")

    card: UUID
    outcome: Literal["accepted", "overridden"]
    outcomeTimestamp: datetime
    acceptedSuggestions: list[dict[str, Any]] = Field(default_factory=list)
    overrideReason: OverrideReason | None = None


class FeedbackRequest(BaseModel):
    feedback: list[FeedbackItem] = Field(min_length=1, max_length=100)


def _feedback_invariants(request: FeedbackRequest) -> list[Issue]:
    """CDS Hooks 2.0 feedback: an accepted card names the suggestions taken (each by id); an
    override reason is for an overridden card and carries its reason Coding."""
    issues = []
    for index, item in enumerate(request.feedback):
        where = f"feedback[{index}]"
        if item.outcome == "accepted":
            if not item.acceptedSuggestions:
                issues.append(
                    Issue(f"{where}.acceptedSuggestions", "an accepted card needs acceptedSuggestions")
                )
            for position, suggestion in enumerate(item.acceptedSuggestions):
                if not isinstance(suggestion.get("id"), str) or not suggestion["id"]:
                    issues.append(
                        Issue(
                            f"{where}.acceptedSuggestions[{position}].id",
                            "each accepted suggestion needs its id",
                        )
                    )
            if item.overrideReason is not None:
                issues.append(Issue(f"{where}.overrideReason", "an accepted card has no override reason"))
        elif item.overrideReason is not None:
            reason = item.overrideReason.reason
            if not isinstance(reason, dict) or not reason.get("code"):
                issues.append(
                    Issue(
                        f"{where}.overrideReason.reason",
                        "an overrideReason needs its reason (a Coding with a code)",
                    )
                )
        if item.outcome == "overridden" and item.acceptedSuggestions:
            issues.append(
                Issue(f"{where}.acceptedSuggestions", "an overridden card has no accepted suggestions")
            )
    return issues


def feedback_store(*, client: CdsClient, service_id: str, body: Any) -> int:
    """Store each report once: the spec warns the same feedback may arrive several times.

    Returns how many reports were new."""
    if service_id not in SERVICES:
        raise BundleInvalid([Issue("service", f"no CDS service '{service_id}'", "not-found")], status=404)
    try:
        request = FeedbackRequest.model_validate(body)
    except ValidationError as exc:
        raise BundleInvalid(
            [Issue(field_path(e["loc"]), e["msg"]) for e in exc.errors(include_url=False)]
        ) from None
    cards = {
        card.uuid: card
        for card in IssuedCard.objects.filter(
            clinic_id=client.clinic_id, uuid__in=[item.card for item in request.feedback]
        )
    }
    unknown = [
        Issue(f"feedback[{index}].card", "no card with this uuid was issued to this clinic")
        for index, item in enumerate(request.feedback)
        if item.card not in cards
    ]
    issues = unknown + _feedback_invariants(request)
    if issues:
        raise BundleInvalid(issues)
    stored = 0
    for item in request.feedback:
        card = cards[item.card]
        reason = (item.overrideReason.reason if item.overrideReason else None) or {}
        try:
            with transaction.atomic():
                CardFeedback.objects.create(
                    card=card,
                    client=client,
                    outcome=item.outcome,
                    outcome_timestamp=item.outcomeTimestamp,
                    accepted_suggestions=item.acceptedSuggestions,
                    override_reason_system=str(reason.get("system", ""))[:255],
                    override_reason_code=str(reason.get("code", ""))[:100],
                    override_reason_display=str(reason.get("display", ""))[:255],
                    user_comment=(item.overrideReason.userComment if item.overrideReason else None) or "",
                )
            stored += 1
        except IntegrityError:
            continue  # the same report again: already stored
    return stored

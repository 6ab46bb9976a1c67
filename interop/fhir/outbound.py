"""Exam document and decision document -> FHIR R4 resources (plain JSON dicts).

Shapes (see docs/integration.md):

- one exam panel ``Observation`` (LOINC 8705-6) carrying ``effectiveDateTime`` (performed_at),
  ``identifier`` (external_id), ``note`` (notes), an age component, and ``hasMember`` links;
- one ``Observation`` per finding (category ``exam``), laterality through the
  ``observation-structureLaterality`` extension on ``bodySite``, value coded (MRC grade, status,
  result) or integer (reflex grade), "NT" as ``dataAbsentReason`` ``not-performed``;
- one ``Observation`` per recorded history key (boolean, coded, or a UCUM quantity);
- the decision as a ``ClinicalImpression`` (lesion, red flags, pattern, urgency), a
  ``RiskAssessment`` (the ranked differential) and ``ServiceRequest``s with ``intent=proposal``
  (``doNotPerform`` for the studies advised against).

Resource ids are derived from the exam id and the finding's name and side, so the same exam
always renders the same ids: ``Observation/12-motor-quadriceps-left``.
"""

from __future__ import annotations

from typing import Any

from decisions.engine.isncsci.basis import explain
from decisions.engine.knowledge.sources import SOURCES
from decisions.engine.vocabulary import Urgency
from interop.fhir.codes import (
    DATA_ABSENT_REASON,
    OBSERVATION_CATEGORY,
    PATTERN_EXTENSION,
    SOURCES_EXTENSION,
    STRUCTURE_LATERALITY,
    UCUM,
    URGENCY_EXTENSION,
    Kind,
    term,
)
from interop.fhir.provenance import Provenance, finding_key

EXAM_PANEL_TEXT = "Lower-limb neurological examination"
EXAM_CATEGORY = [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "exam", "display": "Exam"}]}]
NOT_PERFORMED = {
    "coding": [{"system": DATA_ABSENT_REASON, "code": "not-performed", "display": "Not Performed"}],
}
# History integers are durations; their UCUM units.
HISTORY_UNITS: dict[str, tuple[str, str]] = {
    "symptom_duration_days": ("d", "days"),
    "conservative_care_weeks": ("wk", "weeks"),
}
HISTORY_CODED_KINDS: dict[str, str] = {
    "onset": Kind.ONSET,
    "progression": Kind.PROGRESSION,
    "trauma": Kind.TRAUMA,
}
# ServiceRequest.priority for the decision's urgency (FHIR request-priority).
PRIORITY_FOR_URGENCY: dict[str, str] = {
    Urgency.EMERGENCY: "stat",
    Urgency.URGENT: "urgent",
    Urgency.ROUTINE: "routine",
}
URGENCY_FOR_PRIORITY: dict[str, Urgency] = {
    "stat": Urgency.EMERGENCY,
    "asap": Urgency.URGENT,
    "urgent": Urgency.URGENT,
    "routine": Urgency.ROUTINE,
}


def slug(*parts: str) -> str:
    """FHIR ids allow letters, digits, '-' and '.': spec names use '_'."""
    return "-".join(part.replace("_", "-").replace(":", ".") for part in parts)


def finding_id(exam_id: int, kind: str, name: str, side: str | None = None) -> str:
    return slug(str(exam_id), kind, name, *([side] if side else []))


def panel_id(exam_id: int) -> str:
    return f"{exam_id}-exam"


def _laterality(side: str) -> list[dict[str, Any]]:
    side_term = term(Kind.SIDE, side)
    return [{"url": STRUCTURE_LATERALITY, "valueCodeableConcept": side_term.concept(side)}]


def _finding(
    *,
    exam_id: int,
    resource_id: str,
    code_kind: str,
    code_value: str,
    subject: dict[str, Any],
    effective: str,
    side: str | None = None,
) -> dict[str, Any]:
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": resource_id,
        "status": "final",
        "category": EXAM_CATEGORY,
        "code": term(code_kind, code_value).concept(),
        "subject": subject,
        "effectiveDateTime": effective,
    }
    if side is not None:
        observation["bodySite"] = {"extension": _laterality(side), "text": side}
    return observation


def _coded(kind: str, value: str) -> dict[str, Any]:
    return {"valueCodeableConcept": term(kind, value).concept()}


def _absent(reason: str | None = None) -> dict[str, Any]:
    absent: dict[str, Any] = dict(NOT_PERFORMED)
    if reason:
        absent["text"] = reason
    return {"dataAbsentReason": absent}


def _component(kind: str, value_key: str, value: Any, term_value: str | None = None) -> dict[str, Any]:
    return {"code": term(kind, term_value or kind).concept(), value_key: value}


def _history_value(key: str, value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if key in HISTORY_CODED_KINDS:
        return _coded(HISTORY_CODED_KINDS[key], value)
    unit, label = HISTORY_UNITS[key]
    return {"valueQuantity": {"value": value, "unit": label, "system": UCUM, "code": unit}}


def exam_observations(
    *,
    exam_id: int,
    document: dict[str, Any],
    subject: dict[str, Any],
    provenance: Provenance | None = None,
) -> list[dict[str, Any]]:
    """The exam panel first, then one Observation per history key and finding, in document order.

    ``provenance`` (what the EHR's Observations said: status, performer, encounter, identifiers,
    a date without a time) is rendered back on every Observation of the version it came with."""
    kept = provenance or Provenance()
    effective = document["performed_at"]
    if kept.effective_precision == "date":
        effective = effective[:10]
    members: list[dict[str, Any]] = []

    def add(kind: str, value_kind: str, value: str, side: str | None, body: dict[str, Any]) -> None:
        resource_id = finding_id(exam_id, kind, value, side)
        observation = _finding(
            exam_id=exam_id,
            resource_id=resource_id,
            code_kind=value_kind,
            code_value=value,
            subject=subject,
            effective=effective,
            side=side,
        )
        observation.update(body)
        identifiers = kept.identifiers.get(finding_key(kind, value, side))
        if identifiers:
            observation["identifier"] = [dict(i) for i in identifiers]
        members.append(observation)

    for key, value in document.get("history", {}).items():
        add("history", Kind.HISTORY, key, None, _history_value(key, value))
    for m in document.get("motor", []):
        body = _absent(m.get("nt_reason")) if m["grade"] == "NT" else _coded(Kind.MRC_GRADE, m["grade"])
        if m.get("pain_limited") is not None:
            body["component"] = [_component(Kind.PAIN_LIMITED, "valueBoolean", m["pain_limited"])]
        add("motor", Kind.MUSCLE, m["muscle"], m["side"], body)
    for r in document.get("reflexes", []):
        body = _absent() if r["grade"] == "NT" else {"valueInteger": r["grade"]}
        add("reflex", Kind.REFLEX, r["reflex"], r["side"], body)
    for p in document.get("plantar_responses", []):
        body = _absent() if p["response"] == "NT" else _coded(Kind.PLANTAR_RESPONSE, p["response"])
        add("plantar", Kind.PLANTAR, "plantar", p["side"], body)
    for s in document.get("sensory", []):
        body = _absent() if s["status"] == "NT" else _coded(Kind.SENSORY_STATUS, s["status"])
        add("sensation", Kind.SENSORY_REGION, s["region"], s["side"], body)
    for t in document.get("special_tests", []):
        body = _absent() if t["result"] == "NT" else _coded(Kind.TEST_RESULT, t["result"])
        components = []
        if t.get("angle_degrees") is not None:
            angle = {"value": t["angle_degrees"], "unit": "degrees", "system": UCUM, "code": "deg"}
            components.append(_component(Kind.ANGLE, "valueQuantity", angle))
        if t.get("reproduces_radicular_pain") is not None:
            components.append(_component(Kind.RADICULAR_PAIN, "valueBoolean", t["reproduces_radicular_pain"]))
        if components:
            body["component"] = components
        add("test", Kind.SPECIAL_TEST, t["test"], t["side"], body)
    nested: list[dict[str, Any]] = []
    if document.get("isncsci") is not None:
        worksheet_panel, nested = isncsci_observations(
            exam_id=exam_id, worksheet=document["isncsci"], subject=subject, effective=effective
        )
        members.append(worksheet_panel)
    if document.get("sensory_level") is not None:
        add(
            "level",
            Kind.SENSORY_LEVEL_FINDING,
            "sensory_level",
            None,
            _coded(Kind.DERMATOME, document["sensory_level"]),
        )
    panel = _panel(exam_id=exam_id, document=document, subject=subject, members=members)
    panel["effectiveDateTime"] = effective
    observations = [panel, *members, *nested]
    for observation in observations:
        observation["status"] = kept.status
        if kept.encounter is not None:
            observation["encounter"] = dict(kept.encounter)
        if kept.performers:
            observation["performer"] = [dict(p) for p in kept.performers]
    return observations


def _score(kind: str, key: str, score: str) -> dict[str, Any]:
    """One worksheet score as a component, in the standard's notation ("4", "0*", "3**"); an NT
    score is data absent (not performed), its notation (with any star) kept as the reason's text."""
    component: dict[str, Any] = {"code": term(kind, key).concept()}
    if score.startswith("NT"):
        component["dataAbsentReason"] = {**NOT_PERFORMED, "text": score}
    else:
        component["valueString"] = score
    return component


def _anal(key: str, answer: str) -> dict[str, Any]:
    component: dict[str, Any] = {"code": term(Kind.ISNCSCI_ITEM, key).concept()}
    if answer == "NT":
        component.update(_absent())
    else:
        component["valueBoolean"] = answer == "yes"
    return component


def isncsci_observations(
    *, exam_id: int, worksheet: dict[str, Any], subject: dict[str, Any], effective: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The ISNCSCI worksheet: a panel Observation (anal contraction and pressure as components)
    whose members are one Observation per side and modality (motor, light touch, pin prick), each
    score a component keyed by its key muscle or key sensory point."""
    members: list[dict[str, Any]] = []
    for side in ("right", "left"):
        scores = worksheet[side]
        for modality, kind in (
            ("motor", Kind.ISNCSCI_KEY_MUSCLE),
            ("light_touch", Kind.ISNCSCI_SENSORY_POINT),
            ("pin_prick", Kind.ISNCSCI_SENSORY_POINT),
        ):
            observation = _finding(
                exam_id=exam_id,
                resource_id=finding_id(exam_id, "isncsci", modality, side),
                code_kind=Kind.ISNCSCI_SCORES,
                code_value=modality,
                subject=subject,
                effective=effective,
                side=side,
            )
            components = [_score(kind, key, score) for key, score in scores[modality].items()]
            if modality == "motor" and scores.get("lowest_non_key_muscle"):
                item = term(Kind.ISNCSCI_ITEM, "lowest_non_key_muscle").concept()
                components.append({"code": item, "valueString": scores["lowest_non_key_muscle"]})
            observation["component"] = components
            members.append(observation)
    panel = _finding(
        exam_id=exam_id,
        resource_id=finding_id(exam_id, "isncsci", "worksheet"),
        code_kind=Kind.ISNCSCI_PANEL,
        code_value="isncsci",
        subject=subject,
        effective=effective,
    )
    panel["component"] = [
        _anal(key, worksheet[key]) for key in ("voluntary_anal_contraction", "deep_anal_pressure")
    ]
    panel["hasMember"] = [{"reference": f"Observation/{m['id']}"} for m in members]
    return panel, members


def _isncsci_findings(worksheet: dict[str, Any] | None, classification: Any) -> list[dict[str, Any]]:
    """The classification as ClinicalImpression findings: each result named (the AIS by its LOINC
    code), its value in the text, and the scores it rests on as the basis."""
    if worksheet is None:
        return []
    findings = []
    for name, value, basis in explain(worksheet, classification):
        key = _RESULT_KEYS[name.split(" (")[0]]
        findings.append(
            {
                "itemCodeableConcept": term(Kind.ISNCSCI_RESULT, key).concept(f"{name}: {value}"),
                "basis": basis,
            }
        )
    return findings


_RESULT_KEYS: dict[str, str] = {
    "sensory level": "sensory_level",
    "motor level": "motor_level",
    "neurological level of injury": "neurological_level_of_injury",
    "complete or incomplete": "injury_complete",
    "ASIA Impairment Scale": "asia_impairment_scale",
    "sensory zone of partial preservation": "zone_of_partial_preservation",
    "motor zone of partial preservation": "zone_of_partial_preservation",
    "upper extremity motor total": "totals",
    "lower extremity motor total": "totals",
    "light touch total": "totals",
    "pin prick total": "totals",
}


def _summary(lesion: dict[str, Any] | None, classification: dict[str, Any] | None) -> str:
    if classification is None:
        return lesion["label"] if lesion else "No lesion localised: the exam is within normal limits"
    cord = (
        f"ISNCSCI: neurological level of injury {classification['neurological_level_of_injury']}, "
        f"AIS {classification['asia_impairment_scale']}"
    )
    return f"{lesion['label']}; {cord}" if lesion else f"No lesion localised from the other findings; {cord}"


def _panel(
    *, exam_id: int, document: dict[str, Any], subject: dict[str, Any], members: list[dict[str, Any]]
) -> dict[str, Any]:
    panel: dict[str, Any] = {
        "resourceType": "Observation",
        "id": panel_id(exam_id),
        "status": "final",
        "category": EXAM_CATEGORY,
        "code": term(Kind.EXAM_PANEL, "exam").concept(EXAM_PANEL_TEXT),
        "subject": subject,
        "effectiveDateTime": document["performed_at"],
    }
    if "external_id" in document:
        panel["identifier"] = [dict(document["external_id"])]
    age = document["patient"].get("age_years")
    if age is not None:
        quantity = {"value": age, "unit": "years", "system": UCUM, "code": "a"}
        panel["component"] = [_component(Kind.AGE, "valueQuantity", quantity, "age_years")]
    if document.get("notes") is not None:
        panel["note"] = [{"text": document["notes"]}]
    if members:
        panel["hasMember"] = [{"reference": f"Observation/{m['id']}"} for m in members]
    return panel


def patient_resource(*, patient_id: int, document: dict[str, Any]) -> dict[str, Any]:
    block = document["patient"]
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(patient_id),
        "identifier": [dict(block["identifier"])],
    }
    if block.get("sex") is not None:
        patient["gender"] = block["sex"]
    if block.get("birth_date") is not None:
        patient["birthDate"] = block["birth_date"]
    return patient


def source_reference(keys: list[str]) -> str:
    """The bibliography's citations of the keys a recommendation rests on, each with its URL."""
    parts = []
    for key in keys:
        source = SOURCES.get(key)
        if source is None:
            parts.append(key)
        else:
            parts.append(f"{source.display} <{source.url}>" if source.url else source.display)
    return "; ".join(parts)


def source_urls(keys: list[str]) -> list[str]:
    """The canonical URLs of the cited sources, once each (textbooks and design choices have none)."""
    found = (SOURCES.get(key) for key in keys)
    return list(dict.fromkeys(source.url for source in found if source is not None and source.url))


def _cited_keys(decision: dict[str, Any]) -> list[str]:
    """Every source key the decision cites, in order, once each."""
    keys = [key for flag in decision["red_flags"] for key in flag.get("sources", [])]
    keys += [key for rec in decision["recommendations"] for key in rec.get("sources", [])]
    keys += [key for item in decision["not_recommended"] for key in item.get("sources", [])]
    return list(dict.fromkeys(keys))


def _evidence_text(items: list[dict[str, Any]]) -> str:
    return "; ".join(item["text"] for item in items)


def decision_resources(
    *,
    exam_id: int,
    decision: dict[str, Any],
    subject: dict[str, Any],
    observations: list[dict[str, Any]],
    worksheet: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """ClinicalImpression, RiskAssessment and the ServiceRequest proposals of one decision; with
    the exam's ISNCSCI ``worksheet``, its classification joins the impression's findings."""
    impression_id = f"{exam_id}-decision"
    basis = [{"reference": f"Observation/{panel_id(exam_id)}"}]
    findings: list[dict[str, Any]] = []
    lesion = decision.get("lesion")
    if lesion is not None:
        findings.append(
            {
                "itemCodeableConcept": term(Kind.SITE, lesion["site"]).concept(lesion["label"]),
                "basis": f"side: {lesion['side'] or 'n/a'}; confidence {lesion['confidence']}; "
                f"supporting: {_evidence_text(lesion['supporting']) or 'none'}; "
                f"conflicting: {_evidence_text(lesion['conflicting']) or 'none'}",
            }
        )
    for flag in decision["red_flags"]:
        findings.append(
            {
                "itemCodeableConcept": term(Kind.RED_FLAG, flag["code"]).concept(flag["label"]),
                "basis": _evidence_text(flag["evidence"]),
            }
        )
    if decision.get("isncsci") is not None:
        findings += _isncsci_findings(worksheet, decision["isncsci"])
    for change in decision.get("changes", []):
        findings.append(
            {
                "itemCodeableConcept": {"text": change["text"]},
                "basis": f"{change['direction']} since the earlier exam (before {change['before']}, "
                f"today {change['after']})",
            }
        )
    ruleset = decision["ruleset"]
    impression: dict[str, Any] = {
        "resourceType": "ClinicalImpression",
        "id": impression_id,
        "extension": [
            {
                "url": URGENCY_EXTENSION,
                "valueCodeableConcept": term(Kind.URGENCY, decision["urgency"]).concept(),
            },
            {
                "url": PATTERN_EXTENSION,
                "valueCodeableConcept": term(Kind.PATTERN, decision["pattern"]).concept(),
            },
        ],
        "status": "completed",
        "description": "Lesion localisation and imaging advice computed from a structured lower-limb exam. "
        "Decision support for clinicians, not a diagnosis.",
        "subject": subject,
        "effectiveDateTime": observations[0]["effectiveDateTime"],
        "date": decision["computed_at"],
        "protocol": [f"urn:neuroexam:ruleset:{ruleset['name']}:{ruleset['version']}"],
        "summary": _summary(lesion, decision.get("isncsci")),
        "investigation": [{"code": {"text": "Examination findings"}, "item": basis}],
    }
    earlier = decision.get("compared_with")
    if earlier is not None:
        # The decision of the patient's earlier exam it was compared with (issue 24).
        impression["previous"] = {"reference": f"ClinicalImpression/{earlier['id']}-decision"}
    if findings:
        impression["finding"] = findings
    cited = _cited_keys(decision)
    if cited:
        impression["protocol"] += source_urls(cited)
        impression["note"] = [{"text": f"References: {source_reference(cited)}"}]
    resources: list[dict[str, Any]] = [impression]
    if decision["differential"]:
        resources.append(
            {
                "resourceType": "RiskAssessment",
                "id": f"{exam_id}-differential",
                "status": "final",
                "subject": subject,
                "occurrenceDateTime": observations[0]["effectiveDateTime"],
                "basis": [{"reference": f"ClinicalImpression/{impression_id}"}, *basis],
                "prediction": [
                    {
                        "outcome": term(Kind.SITE, entry["site"]).concept(entry["label"]),
                        "probabilityDecimal": entry["score"],
                        "rationale": f"rank {rank}; side: {entry['side'] or 'n/a'}",
                    }
                    for rank, entry in enumerate(decision["differential"], start=1)
                ],
            }
        )
    for recommendation in decision["recommendations"]:
        resources.append(
            _service_request(
                exam_id=exam_id,
                resource_id=slug(str(exam_id), "study", recommendation["study"]),
                study=recommendation["study"],
                subject=subject,
                impression_id=impression_id,
                reason=recommendation["rationale"],
                sources=recommendation["sources"],
                priority=PRIORITY_FOR_URGENCY[recommendation["urgency"]],
            )
        )
    for advised_against in decision["not_recommended"]:
        request = _service_request(
            exam_id=exam_id,
            resource_id=slug(str(exam_id), "not", advised_against["study"]),
            study=advised_against["study"],
            subject=subject,
            impression_id=impression_id,
            reason=f"{advised_against['reason']} Reconsider: {advised_against['reconsider_when']}",
            sources=advised_against.get("sources", []),
        )
        request["doNotPerform"] = True
        resources.append(request)
    return resources


def _service_request(
    *,
    exam_id: int,
    resource_id: str,
    study: str,
    subject: dict[str, Any],
    impression_id: str,
    reason: str,
    sources: list[str],
    priority: str | None = None,
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": resource_id,
        "status": "draft",
        "intent": "proposal",
        "code": term(Kind.STUDY, study).concept(),
        "subject": subject,
        "reasonCode": [{"text": reason}],
        # R4 allows Condition, Observation, DiagnosticReport or DocumentReference as a reason: the
        # exam panel Observation (whose members are the findings); the decision is supporting info.
        "reasonReference": [{"reference": f"Observation/{panel_id(exam_id)}"}],
        "supportingInfo": [{"reference": f"ClinicalImpression/{impression_id}"}],
    }
    if sources:
        request["extension"] = [{"url": SOURCES_EXTENSION, "valueString": key} for key in sources]
        request["note"] = [{"text": f"Sources: {source_reference(sources)}"}]
        urls = source_urls(sources)
        if urls:
            request["instantiatesUri"] = urls
    if priority is not None:
        request["priority"] = priority
    return request

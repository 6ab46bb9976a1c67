"""The ISNCSCI worksheet in the FHIR export: a worksheet panel Observation with one member per side
and modality (every score a component, in the standard's notation), and the classification as
findings of the ClinicalImpression, each with the scores it rests on."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from interop.fhir.codes import LOINC, NEUROEXAM_SYSTEM
from tests.isncsci.factories import side, worksheet


def _exam_with_worksheet(ehr_a: APIClient, sheet: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    document = {
        "patient": {"identifier": {"system": "urn:example:mrn", "value": "MRN-T6"}},
        "performed_at": "2026-11-20T09:30:00Z",
        "isncsci": sheet,
    }
    created = ehr_a.post("/api/v1/exams/", document, format="json")
    assert created.status_code == 201, created.json()
    exam_id = created.json()["id"]
    export = ehr_a.get(f"/fhir/r4/Bundle/exam-{exam_id}").json()
    return exam_id, {e["resource"]["id"]: e["resource"] for e in export["entry"]}


def _components(observation: dict[str, Any]) -> dict[str, Any]:
    return {
        c["code"]["coding"][0]["code"].rpartition(".")[2]: c.get(
            "valueString", c.get("valueBoolean", c.get("dataAbsentReason"))
        )
        for c in observation["component"]
    }


def test_a_t6_complete_worksheet_is_exported_score_by_score(ehr_a: APIClient) -> None:
    right = side("T6", motor={"L3": "2*"}, pin_prick={"T8": "NT**"}, lowest_non_key_muscle="L3")
    exam_id, resources = _exam_with_worksheet(ehr_a, worksheet(right, side("T6"), anal_pressure="NT"))

    panel = resources[f"{exam_id}-exam"]
    assert {"reference": f"Observation/{exam_id}-isncsci-worksheet"} in panel["hasMember"]
    sheet = resources[f"{exam_id}-isncsci-worksheet"]
    assert sheet["code"]["coding"][0] == {
        "system": NEUROEXAM_SYSTEM,
        "code": "isncsci-worksheet",
        "display": "ISNCSCI worksheet (International Standards for Neurological Classification of SCI, 2019)",
    }
    assert len(sheet["hasMember"]) == 6
    anal = _components(sheet)
    assert anal["voluntary_anal_contraction"] is False
    assert anal["deep_anal_pressure"]["coding"][0]["code"] == "not-performed"

    motor = resources[f"{exam_id}-isncsci-motor-right"]
    assert motor["bodySite"]["text"] == "right"
    scores = _components(motor)
    assert scores["C5"] == "5"
    assert scores["L3"] == "2*"
    assert scores["lowest_non_key_muscle"] == "L3"
    pin_prick = _components(resources[f"{exam_id}-isncsci-pin-prick-right"])
    assert len(pin_prick) == 28
    assert pin_prick["T6"] == "2"
    assert pin_prick["T7"] == "0"
    assert pin_prick["T8"]["text"] == "NT**"


def test_the_classification_is_in_the_clinical_impression_with_its_basis(ehr_a: APIClient) -> None:
    exam_id, resources = _exam_with_worksheet(ehr_a, worksheet(side("T6")))

    impression = resources[f"{exam_id}-decision"]
    assert "neurological level of injury T6, AIS A" in impression["summary"]
    findings = {f["itemCodeableConcept"]["text"]: f for f in impression["finding"]}
    ais = findings["ASIA Impairment Scale: A"]
    assert ais["itemCodeableConcept"]["coding"][0]["system"] == LOINC
    assert ais["itemCodeableConcept"]["coding"][0]["code"] == "97843-7"
    assert findings["motor level (right): T6"]["basis"].startswith("no key muscle tests T6")
    assert findings["sensory level (left): T6"]["basis"] == (
        "T7 light touch 0, pin prick 0, with light touch and pin prick normal from C2 to T6"
    )
    assert "S4-5 light touch right 0, left 0" in findings["complete or incomplete: C"]["basis"]

"""Every shared clinical case, posted as a FHIR transaction, reads back as the same exam document
and gets the same decision as when posted to the JSON API."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from rest_framework.test import APIClient

from interop.fhir.inbound import bundle_parse
from tests.conftest import load_cases
from tests.interop.bundles import entries_of, transaction_bundle

CASES = load_cases()
FHIR_JSON = "application/fhir+json"


def _without_computed_at(decision: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in decision.items() if key != "computed_at"}


def _post_bundle(client: APIClient, bundle: dict[str, Any]) -> Any:
    return client.post("/fhir/r4/", bundle, format="json", HTTP_ACCEPT=FHIR_JSON)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case_round_trips_through_fhir_like_the_json_api(
    case: dict[str, Any], ehr_a: APIClient, ehr_b: APIClient
) -> None:
    document = copy.deepcopy(case["exam"])

    response = _post_bundle(ehr_a, transaction_bundle(document))

    assert response.status_code == 200, response.json()
    answer = response.json()
    assert answer["type"] == "transaction-response"
    assert all(e["response"]["status"] == "201 Created" for e in answer["entry"])
    panel_location = answer["entry"][1]["response"]["location"]
    exam_id = int(panel_location.split("/")[1].split("-")[0])

    via_json = ehr_b.post("/api/v1/exams/", document, format="json")
    assert via_json.status_code == 201
    via_fhir = ehr_a.get(f"/api/v1/exams/{exam_id}/").json()
    expected = via_json.json()
    for body in (via_fhir, expected):
        body.pop("id")
        body["decision"] = _without_computed_at(body["decision"])
    assert via_fhir == expected

    export = ehr_a.get(f"/fhir/r4/Bundle/exam-{exam_id}").json()
    read_back = bundle_parse(_as_transaction(export)).document.to_json_dict()
    assert read_back == {k: v for k, v in expected.items() if k not in ("version", "decision")} | {
        "history": expected["history"]
    }
    _assert_decision_resources_match(export, expected["decision"])


def _as_transaction(export: dict[str, Any]) -> dict[str, Any]:
    """The exported collection re-posted as a transaction (Patient + Observations only)."""
    entries = []
    for entry in export["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] in ("Patient", "Observation"):
            entries.append(
                {
                    "fullUrl": entry["fullUrl"],
                    "resource": resource,
                    "request": {"method": "POST", "url": resource["resourceType"]},
                }
            )
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def _assert_decision_resources_match(export: dict[str, Any], decision: dict[str, Any]) -> None:
    (impression,) = entries_of(export, "ClinicalImpression")
    codes = [f["itemCodeableConcept"]["coding"][0]["code"] for f in impression.get("finding", [])]
    expected_codes = ([f"site.{decision['lesion']['site']}"] if decision["lesion"] else []) + [
        f"red-flag.{flag['code']}" for flag in decision["red_flags"]
    ]
    assert codes == expected_codes
    assessments = entries_of(export, "RiskAssessment")
    predictions = assessments[0]["prediction"] if assessments else []
    assert [p["probabilityDecimal"] for p in predictions] == [d["score"] for d in decision["differential"]]
    requests = entries_of(export, "ServiceRequest")
    proposed = [r for r in requests if not r.get("doNotPerform")]
    advised_against = [r for r in requests if r.get("doNotPerform")]
    assert all(r["intent"] == "proposal" for r in requests)
    assert [r["code"]["text"] for r in proposed] == [
        _display(r["study"]) for r in decision["recommendations"]
    ]
    assert len(advised_against) == len(decision["not_recommended"])


def _display(study: str) -> str:
    from interop.fhir.codes import Kind, term

    return term(Kind.STUDY, study).display

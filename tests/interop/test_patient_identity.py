"""Finding the patient the EHR means: identifier systems a clinic declared equivalent, prefetch
shapes the CDS Hooks specification allows, and cards that say why no advice was given."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from clinic.models import Clinic
from interop.models import IdentifierSystemEquivalence
from tests.interop.cds import (
    MRI_LUMBAR,
    ORDER_SELECT,
    PATIENT_VIEW,
    TestEhr,
    draft_service_request,
    fhir_patient,
    order_select_request,
    patient_view_request,
    store_case,
)

MRN_URI = "https://hospital.example/mrn"


def _cards(client: APIClient, ehr: TestEhr, service: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post(f"/cds-services/{service}", body, format="json", **ehr.headers(service))
    assert response.status_code == 200, response.json()
    cards: list[dict[str, Any]] = response.json()["cards"]
    return cards


def test_a_patient_sent_under_an_equivalent_system_is_found_by_cds_hooks_and_fhir_search(
    client: APIClient, ehr: TestEhr, ehr_a: APIClient, clinic_a: Clinic
) -> None:
    stored = store_case(ehr_a, "v22-cauda-equina-retention")
    as_uri = {"system": MRN_URI, "value": stored["value"]}
    assert _cards(client, ehr, PATIENT_VIEW, patient_view_request(fhir_patient(as_uri)))[0][
        "summary"
    ].startswith("No neuroexam advice")
    assert (
        ehr_a.get("/fhir/r4/Observation", {"patient.identifier": f"{MRN_URI}|{stored['value']}"}).json()[
            "total"
        ]
        == 0
    )

    IdentifierSystemEquivalence.objects.create(clinic=clinic_a, system=stored["system"], same_as=MRN_URI)

    cards = _cards(client, ehr, PATIENT_VIEW, patient_view_request(fhir_patient(as_uri)))
    assert cards[0]["indicator"] == "critical"
    search = ehr_a.get("/fhir/r4/Observation", {"patient.identifier": f"{MRN_URI}|{stored['value']}"}).json()
    assert search["total"] > 0


def test_an_equivalence_of_another_clinic_does_not_apply(
    client: APIClient, ehr: TestEhr, ehr_a: APIClient, clinic_b: Clinic
) -> None:
    stored = store_case(ehr_a, "v22-cauda-equina-retention")
    IdentifierSystemEquivalence.objects.create(clinic=clinic_b, system=stored["system"], same_as=MRN_URI)

    cards = _cards(
        client,
        ehr,
        PATIENT_VIEW,
        patient_view_request(fhir_patient({"system": MRN_URI, "value": stored["value"]})),
    )

    assert cards[0]["summary"].startswith("No neuroexam advice")


def test_when_no_exam_is_found_the_card_lists_every_identifier_tried(
    client: APIClient, ehr: TestEhr, clinic_a: Clinic
) -> None:
    IdentifierSystemEquivalence.objects.create(clinic=clinic_a, system="urn:ehr:mrn", same_as=MRN_URI)
    patient = fhir_patient({"system": "urn:ehr:mrn", "value": "never-examined"})

    (card,) = _cards(client, ehr, PATIENT_VIEW, patient_view_request(patient))

    assert card["summary"] == "No neuroexam advice: no structured lower-limb exam found for this patient"
    for tried in ("urn:ehr:internal|X-998", "urn:ehr:mrn|never-examined", f"{MRN_URI}|never-examined"):
        assert f"`{tried}`" in card["detail"]
    assert "record a structured" not in card["summary"]


def test_a_searchset_bundle_prefetch_is_accepted(client: APIClient, ehr: TestEhr, ehr_a: APIClient) -> None:
    stored = store_case(ehr_a, "v22-cauda-equina-retention")
    searchset = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": 1,
        "entry": [
            {"fullUrl": "https://ehr.example.org/fhir/Patient/ehr-pat-1", "resource": fhir_patient(stored)}
        ],
    }

    cards = _cards(client, ehr, PATIENT_VIEW, patient_view_request(searchset))

    assert cards[0]["indicator"] == "critical"


@pytest.mark.parametrize(
    ("prefetch", "said"),
    [
        (None, "no `patient` prefetch"),
        ({"resourceType": "Patient", "birthDate": "yesterday"}, "not valid FHIR R4 at `birthDate`"),
        ({"resourceType": "Encounter", "id": "e1"}, "is a Encounter, not a Patient"),
        ({"resourceType": "Patient", "id": "p1"}, "no identifier with a system and a value"),
        ("Patient/123", "not a FHIR resource"),
    ],
    ids=["missing", "invalid", "wrong-type", "no-identifier", "not-json-object"],
)
def test_a_missing_or_malformed_prefetch_is_said_on_the_card(
    client: APIClient, ehr: TestEhr, prefetch: Any, said: str
) -> None:
    request = order_select_request(None, [draft_service_request("draft-mri-1", MRI_LUMBAR)])
    if prefetch is not None:
        request["prefetch"] = {"patient": prefetch}

    (card,) = _cards(client, ehr, ORDER_SELECT, request)

    assert card["summary"] == "No neuroexam advice: the patient prefetch is missing or unusable"
    assert said in card["detail"]
    assert "suggestions" not in card

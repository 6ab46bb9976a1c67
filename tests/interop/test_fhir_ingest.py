"""An EHR posts exam findings as FHIR R4 Bundles; invalid input is located and nothing is stored."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from fhir.resources.R4B.bundle import Bundle
from rest_framework.test import APIClient

from exams.models import Exam
from interop.fhir.codes import LOINC, NEUROEXAM_SYSTEM, OBSERVATION_CATEGORY, SNOMED
from interop.models import FhirIngestKey
from tests.factories import normal_exam_document
from tests.interop.bundles import transaction_bundle

EXAM = [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "exam"}]}]
MRN = {"system": "urn:oid:1.2.36.146.595.217.0.1", "value": "MRN-4471"}
LEFT = {"coding": [{"system": SNOMED, "code": "7771000", "display": "Left"}]}
RIGHT = {"coding": [{"system": SNOMED, "code": "24028007", "display": "Right"}]}


def _obs(code: dict[str, Any], side: dict[str, Any] | None, **value: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": EXAM,
        "code": code,
        "subject": {"identifier": MRN},
        "effectiveDateTime": "2026-11-20T09:30:00+01:00",
        **value,
    }
    if side is not None:
        resource["bodySite"] = side
    return {"resource": resource, "request": {"method": "POST", "url": "Observation"}}


def ehr_batch() -> dict[str, Any]:
    """Written the way an EHR would, not by our exporter: no Patient entry (subject by identifier),
    laterality pre-coordinated in bodySite, MRC grade as valueInteger, a batch Bundle."""
    patellar = {"coding": [{"system": LOINC, "code": "32392-3", "display": "Deep tendon reflex of Patella"}]}
    quadriceps = {"coding": [{"system": NEUROEXAM_SYSTEM, "code": "motor.quadriceps"}]}
    fns = {"coding": [{"system": NEUROEXAM_SYSTEM, "code": "test.femoral_nerve_stretch"}]}
    medial_leg = {"coding": [{"system": NEUROEXAM_SYSTEM, "code": "sensation.medial_leg"}]}
    reduced = {"coding": [{"system": NEUROEXAM_SYSTEM, "code": "sensory-status.reduced"}]}
    positive = {"coding": [{"system": NEUROEXAM_SYSTEM, "code": "result.positive"}]}
    return {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [
            _obs(patellar, LEFT, valueInteger=1, identifier=[{"system": "urn:ehr:obs", "value": "a-1"}]),
            _obs(patellar, RIGHT, valueInteger=2, identifier=[{"system": "urn:ehr:obs", "value": "a-2"}]),
            _obs(quadriceps, LEFT, valueInteger=4, identifier=[{"system": "urn:ehr:obs", "value": "a-3"}]),
            _obs(medial_leg, LEFT, valueCodeableConcept=reduced),
            _obs(fns, LEFT, valueCodeableConcept=positive),
        ],
    }


def _post(client: APIClient, bundle: dict[str, Any]) -> Any:
    return client.post("/fhir/r4/", bundle, format="json")


def test_an_ehr_written_batch_becomes_an_exam_with_a_decision(ehr_a: APIClient) -> None:
    response = _post(ehr_a, ehr_batch())

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["type"] == "batch-response"
    locations = [e["response"]["location"] for e in body["entry"]]
    exam = Exam.objects.get()
    assert locations[0] == f"Observation/{exam.pk}-reflex-patellar-left/_history/1"
    stored = ehr_a.get(f"/api/v1/exams/{exam.pk}/").json()
    assert stored["patient"]["identifier"] == MRN
    assert stored["performed_at"] == "2026-11-20T08:30:00Z"
    assert stored["reflexes"] == [
        {"reflex": "patellar", "side": "left", "grade": 1},
        {"reflex": "patellar", "side": "right", "grade": 2},
    ]
    assert stored["motor"] == [{"muscle": "quadriceps", "side": "left", "grade": "4"}]
    assert stored["decision"]["lesion"]["site"] in ("root:L4", "nerve:femoral", "root:L3", "plexus:lumbar")
    read = ehr_a.get(f"/fhir/r4/{locations[0].rsplit('/_history', 1)[0]}").json()
    assert read["valueInteger"] == 1
    assert read["code"]["coding"][0]["code"] == "32392-3"


def test_a_retried_bundle_with_observation_identifiers_is_a_no_op(ehr_a: APIClient) -> None:
    first = _post(ehr_a, ehr_batch()).json()

    retry = _post(ehr_a, ehr_batch())

    assert retry.status_code == 200
    assert Exam.objects.count() == 1
    assert FhirIngestKey.objects.count() == 3
    assert [e["response"]["location"] for e in retry.json()["entry"]] == [
        e["response"]["location"] for e in first["entry"]
    ]
    assert {e["response"]["status"] for e in retry.json()["entry"]} == {"200 OK"}


def test_reusing_identifiers_for_different_findings_is_a_conflict(ehr_a: APIClient) -> None:
    _post(ehr_a, ehr_batch())
    changed = ehr_batch()
    changed["entry"][0]["resource"]["valueInteger"] = 0

    response = _post(ehr_a, changed)

    assert response.status_code == 409
    assert response.json()["resourceType"] == "OperationOutcome"
    assert Exam.objects.count() == 1


def test_if_none_exist_on_the_exam_panel_makes_a_retry_a_no_op(ehr_a: APIClient) -> None:
    bundle = transaction_bundle(normal_exam_document(external_id=None))
    bundle["entry"][1]["request"]["ifNoneExist"] = "identifier=urn:ehr:encounter|enc-77"

    first = _post(ehr_a, bundle)
    second = _post(ehr_a, copy.deepcopy(bundle))

    assert first.status_code == second.status_code == 200
    assert Exam.objects.count() == 1
    exam = Exam.objects.get()
    assert (exam.external_id_system, exam.external_id_value) == ("urn:ehr:encounter", "enc-77")
    assert second.json()["entry"][1]["response"]["status"] == "200 OK"


@pytest.mark.parametrize(
    ("break_it", "expression"),
    [
        (lambda b: b["entry"][2]["resource"].pop("bodySite"), "Bundle.entry[2].resource.bodySite"),
        (
            lambda b: b["entry"][2]["resource"].update(valueInteger=7),
            "Bundle.entry[2].resource",
        ),
        (
            lambda b: b["entry"][4]["resource"]["code"]["coding"][0].update(code="test.unknown"),
            "Bundle.entry[4].resource.code",
        ),
        # In a transaction (all or nothing); a batch answers the entry as not processed instead.
        (
            lambda b: (b.update(type="transaction"), b["entry"][0]["resource"].update(category=[])),
            "Bundle.entry[0].resource.category",
        ),
        # R5-only element: the R4B models reject it rather than dropping it silently.
        (
            lambda b: b["entry"][0]["resource"].update(triggeredBy=[{"type": "reflex"}]),
            "Bundle.entry[0].resource.triggeredBy",
        ),
        (lambda b: b.update(type="collection"), "Bundle.type"),
        (lambda b: b["entry"][1]["resource"].update(bodySite=LEFT), "Bundle.entry[1].resource"),
    ],
    ids=[
        "no-laterality",
        "mrc-grade-7",
        "unknown-code",
        "not-exam-category",
        "r5-element",
        "bundle-type",
        "duplicate-finding",
    ],
)
def test_invalid_input_is_located_by_fhirpath_and_nothing_is_stored(
    ehr_a: APIClient, break_it: Any, expression: str
) -> None:
    bundle = ehr_batch()
    break_it(bundle)

    response = _post(ehr_a, bundle)

    assert response.status_code == 400, response.json()
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert expression in [e for issue in outcome["issue"] for e in issue["expression"]]
    assert Exam.objects.count() == 0


def test_a_bundle_without_credentials_is_refused(client: APIClient, db: None) -> None:
    response = client.post("/fhir/r4/", ehr_batch(), format="json")

    assert response.status_code == 401
    assert response.json()["resourceType"] == "OperationOutcome"


def test_clinic_b_cannot_read_clinic_a_fhir_resources(ehr_a: APIClient, ehr_b: APIClient) -> None:
    _post(ehr_a, ehr_batch())
    exam = Exam.objects.get()

    assert ehr_b.get(f"/fhir/r4/Bundle/exam-{exam.pk}").status_code == 404
    assert ehr_b.get(f"/fhir/r4/Observation/{exam.pk}-reflex-patellar-left").status_code == 404
    search = ehr_b.get("/fhir/r4/Observation", {"patient": f"Patient/{exam.patient_id}"}).json()
    assert search["total"] == 0
    by_identifier = ehr_b.get(
        "/fhir/r4/Observation", {"patient.identifier": f"{MRN['system']}|{MRN['value']}"}
    )
    assert by_identifier.json()["total"] == 0
    assert ehr_a.get(f"/fhir/r4/Bundle/exam-{exam.pk}").status_code == 200


def test_observation_search_by_patient_has_a_flat_query_count(ehr_a: APIClient) -> None:
    for n in range(3):
        document = normal_exam_document(external_id=f"enc-{n}")
        document["performed_at"] = f"2026-11-2{n}T09:00:00Z"
        assert ehr_a.post("/api/v1/exams/", document, format="json").status_code == 201
    patient_id = Exam.objects.first().patient_id  # type: ignore[union-attr]

    with CaptureQueriesContext(connection) as queries:
        response = ehr_a.get("/fhir/r4/Observation", {"patient": f"Patient/{patient_id}"})

    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "searchset"
    document = normal_exam_document()
    per_exam = (
        1
        + len(document["history"])
        + sum(
            len(document[key])
            for key in ("motor", "reflexes", "plantar_responses", "sensory", "special_tests")
        )
    )
    assert body["total"] == 3 * per_exam  # one panel, then one Observation per history key and finding
    assert len(queries) <= 9  # auth (2) + patient + versions + 5 finding tables: not per exam
    Bundle.model_validate(body)


def test_every_exported_resource_is_valid_fhir_r4(ehr_a: APIClient) -> None:
    _post(ehr_a, ehr_batch())
    exam = Exam.objects.get()

    export = ehr_a.get(f"/fhir/r4/Bundle/exam-{exam.pk}").json()

    Bundle.model_validate(export)
    types = [e["resource"]["resourceType"] for e in export["entry"]]
    assert types[0] == "Patient"
    assert "ClinicalImpression" in types
    assert "RiskAssessment" in types


def test_a_patient_whose_birth_date_contradicts_the_record_is_a_located_conflict(ehr_a: APIClient) -> None:
    first = normal_exam_document(external_id="enc-1")
    assert _post(ehr_a, transaction_bundle(first)).status_code == 200
    second = normal_exam_document(external_id="enc-2")
    second["patient"]["birth_date"] = "1950-01-01"

    response = _post(ehr_a, transaction_bundle(second))

    assert response.status_code == 409
    assert response.json()["issue"][0]["expression"] == ["Bundle.entry[0].resource.birthDate"]
    assert Exam.objects.count() == 1

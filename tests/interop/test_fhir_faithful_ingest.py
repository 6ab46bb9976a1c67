"""Nothing an EHR sends is changed or dropped without a word: what the exam keeps reads back as
sent, what it cannot keep is announced in the entry's OperationOutcome, invalid R4 is refused."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from exams.models import Exam
from interop.fhir.codes import (
    LOINC,
    NEUROEXAM_SYSTEM,
    REFLEX_GRADE_FOR_ORDINAL,
    REFLEX_ORDINALS,
    UCUM,
    Kind,
    term,
    term_for_code,
)
from tests.factories import normal_exam_document
from tests.interop.bundles import transaction_bundle
from tests.interop.test_fhir_ingest import MRN, ehr_batch

PERFORMER = {"reference": "Practitioner/dr-kim", "display": "Dr Kim"}
ENCOUNTER = {"reference": "Encounter/enc-89284"}


def _post(client: APIClient, bundle: dict[str, Any]) -> Any:
    return client.post("/fhir/r4/", bundle, format="json")


def _read(client: APIClient, location: str) -> dict[str, Any]:
    response = client.get(f"/fhir/r4/{location.rsplit('/_history', 1)[0]}")
    assert response.status_code == 200, response.json()
    body: dict[str, Any] = response.json()
    return body


def _issues(entry: dict[str, Any]) -> list[dict[str, Any]]:
    return list(entry["response"].get("outcome", {}).get("issue", []))


def test_a_value_with_a_data_absent_reason_is_refused_not_stored_as_not_tested(ehr_a: APIClient) -> None:
    bundle = ehr_batch()
    bundle["entry"][0]["resource"]["dataAbsentReason"] = {"text": "patient asleep"}  # beside valueInteger 1

    response = _post(ehr_a, bundle)

    assert response.status_code == 400
    issue = response.json()["issue"][0]
    assert issue["expression"] == ["Bundle.entry[0].resource.dataAbsentReason"]
    assert "obs-6" in issue["diagnostics"]
    assert Exam.objects.count() == 0


def test_status_performer_encounter_identifier_and_note_read_back_as_sent(ehr_a: APIClient) -> None:
    bundle = ehr_batch()
    for entry in bundle["entry"]:
        entry["resource"].update(status="preliminary", performer=[PERFORMER], encounter=ENCOUNTER)
    bundle["entry"][0]["resource"]["note"] = [
        {"text": "brisker after reinforcement", "authorString": "Dr Kim"}
    ]

    response = _post(ehr_a, bundle)

    assert response.status_code == 200, response.json()
    reflex = _read(ehr_a, response.json()["entry"][0]["response"]["location"])
    assert reflex["status"] == "preliminary"
    assert reflex["performer"] == [PERFORMER]
    assert reflex["encounter"] == ENCOUNTER
    assert reflex["identifier"] == [{"system": "urn:ehr:obs", "value": "a-1"}]
    notes = ehr_a.get(f"/api/v1/exams/{Exam.objects.get().pk}/").json()["notes"]
    assert notes == "[FHIR note on the patellar left finding, by Dr Kim] brisker after reinforcement"


def test_what_the_exam_cannot_keep_is_announced_as_information(ehr_a: APIClient) -> None:
    bundle = ehr_batch()
    bundle["entry"][0]["resource"]["interpretation"] = [{"text": "Low"}]
    bundle["entry"][0]["resource"]["method"] = {"text": "reinforced"}

    response = _post(ehr_a, bundle)

    assert response.status_code == 200, response.json()
    issues = _issues(response.json()["entry"][0])
    assert {i["severity"] for i in issues} == {"information"}
    assert sorted(e for i in issues for e in i["expression"]) == [
        "Bundle.entry[0].resource.interpretation",
        "Bundle.entry[0].resource.method",
    ]
    assert _issues(response.json()["entry"][1]) == []


def test_observations_that_disagree_on_status_are_refused(ehr_a: APIClient) -> None:
    bundle = ehr_batch()
    bundle["entry"][2]["resource"]["status"] = "preliminary"

    response = _post(ehr_a, bundle)

    assert response.status_code == 400
    assert response.json()["issue"][0]["expression"] == ["Bundle.entry[2].resource.status"]
    assert Exam.objects.count() == 0


def test_a_modifier_extension_is_refused(ehr_a: APIClient) -> None:
    bundle = ehr_batch()
    bundle["entry"][1]["resource"]["modifierExtension"] = [{"url": "urn:x", "valueBoolean": True}]

    response = _post(ehr_a, bundle)

    assert response.status_code == 400
    assert response.json()["issue"][0]["expression"] == ["Bundle.entry[1].resource.modifierExtension"]


def _heart_rate() -> dict[str, Any]:
    return {
        "request": {"method": "POST", "url": "Observation"},
        "resource": {
            "resourceType": "Observation",
            "status": "final",
            "category": [
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                            "code": "vital-signs",
                        }
                    ]
                }
            ],
            "code": {"coding": [{"system": LOINC, "code": "8867-4", "display": "Heart rate"}]},
            "subject": {"identifier": MRN},
            "effectiveDateTime": "2026-11-20T09:30:00Z",
            "valueQuantity": {"value": 72, "unit": "/min", "system": UCUM, "code": "/min"},
        },
    }


def test_a_batch_answers_an_unrelated_observation_as_not_processed_and_stores_the_exam(
    ehr_a: APIClient,
) -> None:
    bundle = ehr_batch()
    bundle["entry"].insert(2, _heart_rate())

    response = _post(ehr_a, bundle)

    assert response.status_code == 200, response.json()
    entries = response.json()["entry"]
    assert len(entries) == len(bundle["entry"])
    assert entries[2]["response"]["status"].startswith("422")
    assert _issues(entries[2])[0]["expression"] == ["Bundle.entry[2].resource.category"]
    assert all(e["response"]["status"] == "201 Created" for i, e in enumerate(entries) if i != 2)
    assert Exam.objects.count() == 1


def test_a_transaction_with_an_unrelated_observation_stays_all_or_nothing(ehr_a: APIClient) -> None:
    bundle = ehr_batch()
    bundle["type"] = "transaction"
    bundle["entry"].insert(2, _heart_rate())

    response = _post(ehr_a, bundle)

    assert response.status_code == 400
    assert response.json()["issue"][0]["expression"] == ["Bundle.entry[2].resource.category"]
    assert Exam.objects.count() == 0


def test_the_reflex_ordinal_table_reads_both_ways() -> None:
    assert list(REFLEX_ORDINALS) == [0, 1, 2, 3, 4]
    for grade, ordinal in REFLEX_ORDINALS.items():
        assert REFLEX_GRADE_FOR_ORDINAL[ordinal] == grade
        coded = term(Kind.REFLEX_GRADE, str(grade))
        assert term_for_code(coded.system, coded.code) == coded
        assert ordinal in coded.display


@pytest.mark.parametrize(("ordinal", "grade"), [("0", 0), ("1+", 1), ("2+", 2), ("3+", 3), ("4+", 4)])
def test_a_reflex_sent_as_the_ordinal_string_clinicians_write_is_stored_as_its_grade(
    ehr_a: APIClient, ordinal: str, grade: int
) -> None:
    bundle = ehr_batch()
    reflex = bundle["entry"][0]["resource"]
    del reflex["valueInteger"]
    reflex["valueString"] = ordinal

    response = _post(ehr_a, bundle)

    assert response.status_code == 200, response.json()
    stored = ehr_a.get(f"/api/v1/exams/{Exam.objects.get().pk}/").json()
    assert stored["reflexes"][0] == {"reflex": "patellar", "side": "left", "grade": grade}


def test_a_coded_reflex_grade_and_an_unknown_ordinal(ehr_a: APIClient) -> None:
    bundle = ehr_batch()
    del bundle["entry"][0]["resource"]["valueInteger"]
    bundle["entry"][0]["resource"]["valueCodeableConcept"] = {
        "coding": [{"system": NEUROEXAM_SYSTEM, "code": "reflex-grade.3"}]
    }
    del bundle["entry"][1]["resource"]["valueInteger"]
    bundle["entry"][1]["resource"]["valueString"] = "5+"

    response = _post(ehr_a, bundle)

    assert response.status_code == 400
    assert response.json()["issue"][0]["expression"] == ["Bundle.entry[1].resource.valueString"]
    bundle["entry"][1]["resource"]["valueString"] = "2+"
    assert _post(ehr_a, bundle).status_code == 200
    assert ehr_a.get(f"/api/v1/exams/{Exam.objects.get().pk}/").json()["reflexes"][0]["grade"] == 3


def test_an_mrc_grade_as_a_score_quantity(ehr_a: APIClient) -> None:
    bundle = ehr_batch()
    quadriceps = bundle["entry"][2]["resource"]
    del quadriceps["valueInteger"]
    quadriceps["valueQuantity"] = {"value": 3, "unit": "score", "system": UCUM, "code": "{score}"}

    response = _post(ehr_a, bundle)

    assert response.status_code == 200, response.json()
    assert ehr_a.get(f"/api/v1/exams/{Exam.objects.get().pk}/").json()["motor"][0]["grade"] == "3"


def test_an_exam_dated_to_the_day_is_noon_utc_and_reads_back_as_the_day(ehr_a: APIClient) -> None:
    bundle = ehr_batch()
    for entry in bundle["entry"]:
        entry["resource"]["effectiveDateTime"] = "2026-11-20"

    response = _post(ehr_a, bundle)

    assert response.status_code == 200, response.json()
    exam = Exam.objects.get()
    assert ehr_a.get(f"/api/v1/exams/{exam.pk}/").json()["performed_at"] == "2026-11-20T12:00:00Z"
    assert (
        _read(ehr_a, response.json()["entry"][0]["response"]["location"])["effectiveDateTime"] == "2026-11-20"
    )


def test_an_exam_dated_by_a_period_takes_its_start_and_says_the_end_is_not_kept(ehr_a: APIClient) -> None:
    bundle = ehr_batch()
    for entry in bundle["entry"]:
        del entry["resource"]["effectiveDateTime"]
        entry["resource"]["effectivePeriod"] = {
            "start": "2026-11-20T09:30:00Z",
            "end": "2026-11-20T09:50:00Z",
        }

    response = _post(ehr_a, bundle)

    assert response.status_code == 200, response.json()
    assert (
        ehr_a.get(f"/api/v1/exams/{Exam.objects.get().pk}/").json()["performed_at"] == "2026-11-20T09:30:00Z"
    )
    assert _issues(response.json()["entry"][0])[0]["expression"] == [
        "Bundle.entry[0].resource.effectivePeriod.end"
    ]


def test_an_exam_dated_only_to_the_month_is_refused(ehr_a: APIClient) -> None:
    bundle = ehr_batch()
    for entry in bundle["entry"]:
        entry["resource"]["effectiveDateTime"] = "2026-11"

    response = _post(ehr_a, bundle)

    assert response.status_code == 400
    assert "Bundle.entry[0].resource.effectiveDateTime" in [
        e for issue in response.json()["issue"] for e in issue["expression"]
    ]


def test_a_second_identifier_on_the_exam_panel_is_announced(ehr_a: APIClient) -> None:
    bundle = transaction_bundle(normal_exam_document())
    panel = bundle["entry"][1]["resource"]
    panel["identifier"].append({"system": "urn:ehr:visit", "value": "v-9"})

    response = _post(ehr_a, bundle)

    assert response.status_code == 200, response.json()
    issues = _issues(response.json()["entry"][1])
    assert [i["expression"] for i in issues] == [["Bundle.entry[1].resource.identifier[1]"]]
    assert issues[0]["severity"] == "information"


def test_a_body_site_coding_beside_the_laterality_is_announced(ehr_a: APIClient) -> None:
    bundle = ehr_batch()
    knee = {"system": "http://snomed.info/sct", "code": "72696002", "display": "Knee region"}
    bundle["entry"][0]["resource"]["bodySite"]["coding"].insert(0, knee)

    response = _post(ehr_a, bundle)

    assert response.status_code == 200, response.json()
    assert [i["expression"] for i in _issues(response.json()["entry"][0])] == [
        ["Bundle.entry[0].resource.bodySite.coding[0]"]
    ]


def test_a_retry_that_changes_the_status_is_refused_not_ignored(ehr_a: APIClient) -> None:
    bundle = ehr_batch()
    for entry in bundle["entry"]:
        entry["resource"]["status"] = "preliminary"
    assert _post(ehr_a, bundle).status_code == 200
    for entry in bundle["entry"]:
        entry["resource"]["status"] = "final"

    response = _post(ehr_a, bundle)

    assert response.status_code == 409
    assert "status" in response.json()["issue"][0]["diagnostics"]
    location = f"Observation/{Exam.objects.get().pk}-reflex-patellar-left"
    assert _read(ehr_a, location)["status"] == "preliminary"

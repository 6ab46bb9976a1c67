"""Every element an EHR sends in an exam Bundle is accounted for: kept (it reads back as sent),
refused (invalid R4, or it would change what the finding means), or named in an `information`
issue of that entry's outcome. Whatever the element is and however deep it sits, nothing is lost
without a word."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from exams.models import Exam
from interop.fhir.codes import DATA_ABSENT_REASON, LOINC, NEUROEXAM_SYSTEM, OBSERVATION_CATEGORY, SNOMED, UCUM
from interop.fhir.inbound import bundle_parse
from tests.conftest import load_cases
from tests.factories import normal_exam_document
from tests.interop.bundles import transaction_bundle
from tests.interop.test_fhir_ingest import ehr_batch

CASES = load_cases()
SLR = {"coding": [{"system": NEUROEXAM_SYSTEM, "code": "test.straight_leg_raise"}]}
ANGLE = {"coding": [{"system": NEUROEXAM_SYSTEM, "code": "angle-degrees"}]}
NOT_PERFORMED = {"system": DATA_ABSENT_REASON, "code": "not-performed"}
KNEE_JERK = {"system": SNOMED, "code": "87572000", "display": "Knee jerk reflex"}


def _batch() -> dict[str, Any]:
    """The EHR batch with no dict shared between its entries or with the module (tests change them)."""
    bundle: dict[str, Any] = json.loads(json.dumps(ehr_batch()))
    return bundle


def _post(client: APIClient, bundle: dict[str, Any]) -> Any:
    return client.post("/fhir/r4/", bundle, format="json")


def _announced(response: Any, index: int) -> dict[str, str]:
    """The information issues of one response entry: FHIRPath -> diagnostics."""
    assert response.status_code == 200, response.json()
    outcome = response.json()["entry"][index]["response"].get("outcome", {"issue": []})
    assert {issue["severity"] for issue in outcome["issue"]} <= {"information"}
    return {issue["expression"][0]: issue["diagnostics"] for issue in outcome["issue"]}


def _refused(response: Any) -> list[str]:
    assert response.status_code == 400, response.json()
    assert Exam.objects.count() == 0
    return [e for issue in response.json()["issue"] for e in issue["expression"]]


def _stored(client: APIClient) -> dict[str, Any]:
    body: dict[str, Any] = client.get(f"/api/v1/exams/{Exam.objects.get().pk}/").json()
    return body


def _with_slr_angle(bundle: dict[str, Any], component: dict[str, Any]) -> None:
    """The femoral nerve stretch test (entry 4) becomes a straight leg raise with an angle."""
    fns = bundle["entry"][4]["resource"]
    fns["code"] = SLR
    fns["component"] = [component]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_a_bundle_written_as_neuroexam_reads_back_is_kept_whole(case: dict[str, Any]) -> None:
    inbound = bundle_parse(transaction_bundle(copy.deepcopy(case["exam"])))

    assert inbound.information == {}


def test_an_unknown_element_in_a_component_is_announced_and_its_value_kept(ehr_a: APIClient) -> None:
    bundle = _batch()
    angle = {"value": 40, "unit": "degrees", "system": UCUM, "code": "deg"}
    _with_slr_angle(
        bundle, {"code": ANGLE, "valueQuantity": angle, "interpretation": [{"text": "markedly reduced"}]}
    )

    response = _post(ehr_a, bundle)

    assert list(_announced(response, 4)) == ["Bundle.entry[4].resource.component[0].interpretation"]
    assert _stored(ehr_a)["special_tests"][0]["angle_degrees"] == 40


def test_a_modifier_extension_in_a_component_is_refused(ehr_a: APIClient) -> None:
    bundle = _batch()
    angle = {"value": 40, "unit": "degrees", "system": UCUM, "code": "deg"}
    negation = [{"url": "urn:ehr:negated", "valueBoolean": True}]
    _with_slr_angle(bundle, {"code": ANGLE, "valueQuantity": angle, "modifierExtension": negation})

    response = _post(ehr_a, bundle)

    assert _refused(response) == ["Bundle.entry[4].resource.component[0].modifierExtension"]


def test_an_extra_coding_in_the_code_is_announced_and_the_finding_kept(ehr_a: APIClient) -> None:
    bundle = _batch()
    bundle["entry"][0]["resource"]["code"]["coding"].append(KNEE_JERK)

    response = _post(ehr_a, bundle)

    announced = _announced(response, 0)
    assert list(announced) == ["Bundle.entry[0].resource.code.coding[1]"]
    assert "another coding" in announced["Bundle.entry[0].resource.code.coding[1]"]
    assert _stored(ehr_a)["reflexes"][0] == {"reflex": "patellar", "side": "left", "grade": 1}


def test_an_extra_coding_in_the_value_and_a_text_of_its_own_are_announced(ehr_a: APIClient) -> None:
    bundle = _batch()
    value = bundle["entry"][3]["resource"]["valueCodeableConcept"]
    value["coding"].append({"system": SNOMED, "code": "398032003", "display": "Loss of sensation"})
    value["text"] = "reduced to pinprick only"

    response = _post(ehr_a, bundle)

    assert sorted(_announced(response, 3)) == [
        "Bundle.entry[3].resource.valueCodeableConcept.coding[1]",
        "Bundle.entry[3].resource.valueCodeableConcept.text",
    ]
    assert _stored(ehr_a)["sensory"][0]["status"] == "reduced"


def test_extra_category_codings_are_announced(ehr_a: APIClient) -> None:
    bundle = _batch()
    reflex = bundle["entry"][0]["resource"]
    reflex["category"] = [
        {
            "coding": [
                {"system": OBSERVATION_CATEGORY, "code": "exam"},
                {"system": SNOMED, "code": "5880005", "display": "Physical examination procedure"},
            ]
        },
        {"coding": [{"system": "urn:ehr:category", "code": "neuro"}]},
    ]

    response = _post(ehr_a, bundle)

    assert sorted(_announced(response, 0)) == [
        "Bundle.entry[0].resource.category[0].coding[1]",
        "Bundle.entry[0].resource.category[1]",
    ]
    assert _stored(ehr_a)["reflexes"][0]["grade"] == 1


def test_unknown_top_level_elements_of_observation_patient_and_entry_are_announced(
    ehr_a: APIClient,
) -> None:
    bundle = transaction_bundle(normal_exam_document())
    bundle["entry"][0]["resource"]["name"] = [{"family": "Smith"}]
    bundle["entry"][0]["link"] = [{"relation": "alternate", "url": "https://ehr.example/Patient/9"}]
    bundle["entry"][2]["resource"]["referenceRange"] = [{"text": "normal 2+"}]
    bundle["entry"][2]["request"]["ifMatch"] = 'W/"3"'

    response = _post(ehr_a, bundle)

    assert sorted(_announced(response, 0)) == ["Bundle.entry[0].link", "Bundle.entry[0].resource.name"]
    assert sorted(_announced(response, 2)) == [
        "Bundle.entry[2].request.ifMatch",
        "Bundle.entry[2].resource.referenceRange",
    ]


def test_unknown_elements_in_nested_datatypes_are_announced(ehr_a: APIClient) -> None:
    bundle = _batch()
    reflex = bundle["entry"][0]["resource"]
    reflex["identifier"][0]["period"] = {"start": "2026-11-20"}
    reflex["subject"]["display"] = "Smith, Jo"
    reflex["note"] = [{"text": "reinforced", "time": "2026-11-20T09:31:00Z"}]
    reflex["bodySite"]["text"] = "left knee, over the tendon"
    reflex["effectiveDateTime"] = "2026-11-20T09:30:00+01:00"

    response = _post(ehr_a, bundle)

    assert sorted(_announced(response, 0)) == [
        "Bundle.entry[0].resource.bodySite.text",
        "Bundle.entry[0].resource.identifier[0].period",
        "Bundle.entry[0].resource.note[0].time",
        "Bundle.entry[0].resource.subject.display",
    ]
    assert "[FHIR note on the patellar left finding] reinforced" in _stored(ehr_a)["notes"]


def test_an_extension_on_a_coded_value_is_announced_with_the_value_kept(ehr_a: APIClient) -> None:
    bundle = _batch()
    coding = bundle["entry"][4]["resource"]["valueCodeableConcept"]["coding"][0]
    coding["extension"] = [{"url": "urn:ehr:confidence", "valueString": "high"}]

    response = _post(ehr_a, bundle)

    assert list(_announced(response, 4)) == [
        "Bundle.entry[4].resource.valueCodeableConcept.coding[0].extension"
    ]
    assert _stored(ehr_a)["special_tests"][0]["result"] == "positive"


def test_another_absent_reason_than_not_performed_is_announced(ehr_a: APIClient) -> None:
    bundle = _batch()
    reflex = bundle["entry"][1]["resource"]
    del reflex["valueInteger"]
    reflex["dataAbsentReason"] = {"coding": [{"system": DATA_ABSENT_REASON, "code": "asked-declined"}]}

    response = _post(ehr_a, bundle)

    assert list(_announced(response, 1)) == ["Bundle.entry[1].resource.dataAbsentReason"]
    assert _stored(ehr_a)["reflexes"][1]["grade"] == "NT"


def test_a_quantity_with_a_comparator_is_refused(ehr_a: APIClient) -> None:
    bundle = _batch()
    angle = {"value": 40, "comparator": "<", "unit": "degrees", "system": UCUM, "code": "deg"}
    _with_slr_angle(bundle, {"code": ANGLE, "valueQuantity": angle})

    response = _post(ehr_a, bundle)

    assert _refused(response) == ["Bundle.entry[4].resource.component[0].valueQuantity.comparator"]


def test_a_body_site_naming_both_sides_is_refused(ehr_a: APIClient) -> None:
    bundle = _batch()
    body_site = bundle["entry"][0]["resource"]["bodySite"]
    body_site["coding"].append({"system": SNOMED, "code": "24028007", "display": "Right"})

    response = _post(ehr_a, bundle)

    assert _refused(response) == ["Bundle.entry[0].resource.bodySite"]


def test_the_same_code_twice_is_kept_without_a_word(ehr_a: APIClient) -> None:
    bundle = _batch()
    bundle["entry"][0]["resource"]["code"]["coding"].append({"system": LOINC, "code": "32392-3"})

    response = _post(ehr_a, bundle)

    assert _announced(response, 0) == {}


def test_security_labels_and_a_reflex_not_tested_reason_are_announced() -> None:
    bundle = _batch()
    reflex = bundle["entry"][1]["resource"]
    del reflex["valueInteger"]
    reflex["dataAbsentReason"] = {"coding": [NOT_PERFORMED], "text": "leg in a cast"}
    reflex["meta"] = {"versionId": "7", "security": [{"system": "urn:ehr:label", "code": "R"}]}

    inbound = bundle_parse(bundle)

    assert [issue.expression for issue in inbound.information[1]] == [
        "Bundle.entry[1].resource.dataAbsentReason.text",
        "Bundle.entry[1].resource.meta.security",
    ]
    assert inbound.document.reflexes[1].grade == "NT"

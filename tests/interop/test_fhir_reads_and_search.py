"""Every reference the FHIR door hands out resolves, reads carry versions, and search does what
the CapabilityStatement says, paged."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from rest_framework.test import APIClient

from exams.models import Exam
from interop.fhir.codes import LOINC, Kind, term
from tests.interop.bundles import transaction_bundle

CASES = Path(__file__).parent.parent / "cases"
BASE = "http://testserver/fhir/r4/"


def _case(name: str) -> dict[str, Any]:
    exam: dict[str, Any] = json.loads((CASES / f"{name}.json").read_text())["exam"]
    return exam


def _store(client: APIClient, name: str) -> tuple[int, dict[str, Any]]:
    response = client.post("/fhir/r4/", transaction_bundle(copy.deepcopy(_case(name))), format="json")
    assert response.status_code == 200, response.json()
    location = response.json()["entry"][1]["response"]["location"]
    return int(location.split("/")[1].split("-")[0]), response.json()


def _get(client: APIClient, url: str, **extra: Any) -> Any:
    return client.get(urlsplit(url).path if url.startswith("http") else f"/fhir/r4/{url}", **extra)


def _references(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return found + [r for v in value.values() for r in _references(v)]
    if isinstance(value, list):
        return [r for v in value for r in _references(v)]
    return []


def test_every_full_url_reference_and_history_location_resolves(ehr_a: APIClient) -> None:
    exam_id, answer = _store(ehr_a, "v22-cauda-equina-retention")
    export = ehr_a.get(f"/fhir/r4/Bundle/exam-{exam_id}").json()

    urls = [entry["fullUrl"] for entry in export["entry"]]
    assert all(url.startswith(BASE) for url in urls)
    references = {r for entry in export["entry"] for r in _references(entry["resource"])}
    locations = [e["response"]["location"] for e in answer["entry"]]
    for url in [*urls, *sorted(references), *locations]:
        response = _get(ehr_a, url)
        assert response.status_code == 200, (url, response.json())
        body = response.json()
        assert f"{body['resourceType']}/{body['id']}" in url
    for entry in export["entry"]:
        resource = entry["resource"]
        read = _get(ehr_a, entry["fullUrl"])
        assert read.json() == resource
        if resource["resourceType"] != "Patient":
            assert read["ETag"] == f'W/"{resource["meta"]["versionId"]}"'
            assert resource["meta"]["lastUpdated"]


def test_a_service_request_gives_its_reason_as_an_r4_allowed_target(ehr_a: APIClient) -> None:
    exam_id, _ = _store(ehr_a, "v22-cauda-equina-retention")
    export = ehr_a.get(f"/fhir/r4/Bundle/exam-{exam_id}").json()

    requests = [e["resource"] for e in export["entry"] if e["resource"]["resourceType"] == "ServiceRequest"]

    assert requests
    for request in requests:
        for reason in request["reasonReference"]:
            assert reason["reference"].split("/")[0] in ("Condition", "Observation", "DiagnosticReport")


def test_vread_returns_each_version_of_an_amended_exam(ehr_a: APIClient) -> None:
    exam_id, answer = _store(ehr_a, "v01-l5-radiculopathy-day10")
    location = answer["entry"][1]["response"]["location"]  # the panel, version 1
    amended = copy.deepcopy(_case("v01-l5-radiculopathy-day10"))
    amended["notes"] = "amended after a second look"
    response = ehr_a.put(f"/api/v1/exams/{exam_id}/", amended, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.json()

    first = _get(ehr_a, location).json()
    current = _get(ehr_a, location.rsplit("/_history", 1)[0])

    assert first["meta"]["versionId"] == "1"
    assert current.json()["meta"]["versionId"] == "2"
    assert current["ETag"] == 'W/"2"'
    assert current.json().get("note") == [{"text": "amended after a second look"}]
    assert first.get("note") != current.json().get("note")
    assert _get(ehr_a, location.replace("_history/1", "_history/9")).status_code == 404


def test_reads_of_another_clinic_or_unknown_ids_are_404(ehr_a: APIClient, ehr_b: APIClient) -> None:
    exam_id, _ = _store(ehr_a, "v01-l5-radiculopathy-day10")
    patient_id = Exam.objects.get(pk=exam_id).patient_id

    for path in (
        f"Patient/{patient_id}",
        f"ClinicalImpression/{exam_id}-decision",
        f"Observation/{exam_id}-exam",
    ):
        assert _get(ehr_a, path).status_code == 200
        assert _get(ehr_b, path).status_code == 404
    assert _get(ehr_a, "ServiceRequest/not-an-id").status_code == 404


def test_known_studies_carry_their_loinc_codes() -> None:
    assert term(Kind.STUDY, "mri_brain").coding()["code"] == "24590-2"
    assert term(Kind.STUDY, "mri_thoracic_spine").coding()["code"] == "24980-5"
    assert term(Kind.STUDY, "ct_head").coding()["code"] == "24725-4"
    contrast = term(Kind.STUDY, "mri_lumbar_spine_with_contrast")
    assert (contrast.system, contrast.code) == (LOINC, "24967-2")
    assert (LOINC, "30678-7") not in contrast.aliases  # "W contrast" only: another protocol


def _search(client: APIClient, **params: Any) -> Any:
    return client.get("/fhir/r4/Observation", params)


@pytest.fixture
def two_exams(ehr_a: APIClient) -> tuple[int, int, str]:
    first = _case("v01-l5-radiculopathy-day10")
    second = copy.deepcopy(first)
    second["external_id"] = {"system": "urn:ehr:encounter", "value": "second-visit"}
    second["performed_at"] = "2026-12-01T10:00:00Z"
    ids = []
    for document in (first, second):
        response = ehr_a.post("/api/v1/exams/", document, format="json")
        assert response.status_code == 201, response.json()
        ids.append(response.json()["id"])
    identifier = first["patient"]["identifier"]
    return ids[0], ids[1], f"{identifier['system']}|{identifier['value']}"


def test_search_by_code_date_id_and_identifier(ehr_a: APIClient, two_exams: tuple[int, int, str]) -> None:
    first, second, patient = two_exams
    everything = _search(ehr_a, **{"patient.identifier": patient}).json()["total"]

    by_code = _search(ehr_a, **{"patient.identifier": patient, "code": f"{LOINC}|32392-3"}).json()
    assert by_code["total"] == 4  # the patellar reflexes, left and right, of two exams
    assert {e["resource"]["code"]["coding"][0]["code"] for e in by_code["entry"]} == {"32392-3"}

    late = _search(ehr_a, **{"patient.identifier": patient, "date": "ge2026-12-01"}).json()
    assert late["total"] == everything // 2
    assert {e["resource"]["id"].split("-")[0] for e in late["entry"]} == {str(second)}
    day = _search(ehr_a, **{"patient.identifier": patient, "date": "2026-12-01"}).json()
    assert day["total"] == everything // 2

    by_id = _search(ehr_a, _id=f"{first}-exam").json()
    assert [e["resource"]["id"] for e in by_id["entry"]] == [f"{first}-exam"]

    by_identifier = _search(ehr_a, identifier="urn:ehr:encounter|second-visit").json()
    assert [e["resource"]["id"] for e in by_identifier["entry"]] == [f"{second}-exam"]


def test_search_pages_by_count_with_self_and_next_links(
    ehr_a: APIClient, two_exams: tuple[int, int, str]
) -> None:
    _, _, patient = two_exams
    total = _search(ehr_a, **{"patient.identifier": patient, "_summary": "count"}).json()
    assert "entry" not in total

    seen: list[str] = []
    page = _search(ehr_a, **{"patient.identifier": patient, "_count": 7}).json()
    while True:
        links = {link["relation"]: link["url"] for link in page["link"]}
        assert links["self"].startswith(f"{BASE}Observation?")
        seen += [e["resource"]["id"] for e in page["entry"]]
        assert all(e["fullUrl"].startswith(BASE) for e in page["entry"])
        if "next" not in links:
            break
        page = ehr_a.get(links["next"]).json()
    assert len(seen) == len(set(seen)) == total["total"]


def test_unknown_search_parameters_are_refused_when_strict_and_left_out_of_self_otherwise(
    ehr_a: APIClient, two_exams: tuple[int, int, str]
) -> None:
    _, _, patient = two_exams
    params = {"patient.identifier": patient, "category": "exam"}

    strict = ehr_a.get("/fhir/r4/Observation", params, HTTP_PREFER="handling=strict")
    lenient = ehr_a.get("/fhir/r4/Observation", params)

    assert strict.status_code == 400
    assert strict.json()["issue"][0]["expression"] == ["category"]
    assert lenient.status_code == 200
    self_link = lenient.json()["link"][0]["url"]
    assert "category" not in self_link
    assert "patient.identifier=" in self_link


@pytest.mark.parametrize("params", [{"date": "yesterday"}, {"_count": "-1"}, {"_summary": "text"}, {}])
def test_search_values_it_cannot_apply_are_400(ehr_a: APIClient, params: dict[str, str]) -> None:
    if params:
        params = {"patient": "Patient/1", **params}
    response = _search(ehr_a, **params)

    assert response.status_code == 400
    assert response.json()["resourceType"] == "OperationOutcome"

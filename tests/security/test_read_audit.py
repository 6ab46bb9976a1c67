"""Every door that shows an exam's clinical data writes one read event per exam shown.

The JSON API's reads were audited; the FHIR reads (``Bundle/exam-N``, ``Observation/{id}``, the
Observation search) and a replayed post answering with the stored exam were not. And every
answer that carries patient data says ``Cache-Control: no-store``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from audit.models import AuditEvent
from clinic.models import ApiClient, Clinic
from exams.models import Exam
from tests.factories import normal_exam_document
from tests.interop.bundles import transaction_bundle
from tests.interop.cds import (
    TestEhr,
    draft_service_request,
    fhir_patient,
    order_select_request,
    patient_view_request,
)
from tests.interop.test_cds_hooks import MRI_LUMBAR

pytestmark = pytest.mark.django_db

MRN = "MRN-READ-1"


def reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.READ).order_by("id"))


@pytest.fixture
def two_exams(ehr_a: APIClient) -> list[dict[str, Any]]:
    """Two exams of one patient; the second amended once (current version 2)."""
    first = ehr_a.post("/api/v1/exams/", normal_exam_document(mrn=MRN, external_id="enc-r1"), format="json")
    second = ehr_a.post("/api/v1/exams/", normal_exam_document(mrn=MRN, external_id="enc-r2"), format="json")
    amended = ehr_a.put(
        f"/api/v1/exams/{second.json()['id']}/",
        normal_exam_document(mrn=MRN, external_id="enc-r2", notes="amended"),
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert (first.status_code, second.status_code, amended.status_code) == (201, 201, 200)
    assert reads() == []
    return [first.json(), amended.json()]


def assert_read_of(event: AuditEvent, exam: dict[str, Any], clinic: Clinic) -> None:
    client = ApiClient.objects.get(clinic=clinic)
    assert (event.table_name, event.object_id, event.object_version, event.clinic_id) == (
        "exams_exam",
        str(exam["id"]),
        exam["version"],
        clinic.pk,
    )
    assert event.actor_label == f"api_client:{client.pk}"
    assert event.request_id


def test_reading_an_exams_fhir_bundle_is_audited(
    ehr_a: APIClient, clinic_a: Clinic, two_exams: list[dict[str, Any]]
) -> None:
    exam = two_exams[1]

    response = ehr_a.get(f"/fhir/r4/Bundle/exam-{exam['id']}")

    assert response.status_code == 200
    (event,) = reads()
    assert_read_of(event, exam, clinic_a)


def test_reading_one_observation_is_audited_as_a_read_of_its_exam(
    ehr_a: APIClient, clinic_a: Clinic, two_exams: list[dict[str, Any]]
) -> None:
    exam = two_exams[0]
    bundle = ehr_a.get(f"/fhir/r4/Bundle/exam-{exam['id']}").json()
    observation_id = next(
        e["resource"]["id"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"
    )
    before = len(reads())

    response = ehr_a.get(f"/fhir/r4/Observation/{observation_id}")

    assert response.status_code == 200
    new = reads()[before:]
    assert len(new) == 1
    assert_read_of(new[0], exam, clinic_a)


@pytest.mark.parametrize("by", ["reference", "identifier"])
def test_a_search_returning_several_exams_writes_one_read_per_exam_in_one_statement(
    ehr_a: APIClient, clinic_a: Clinic, two_exams: list[dict[str, Any]], by: str
) -> None:
    patient_id = Exam.objects.get(pk=two_exams[0]["id"]).patient_id
    query = (
        {"patient": f"Patient/{patient_id}"}
        if by == "reference"
        else {"patient.identifier": f"urn:example:mrn|{MRN}"}
    )

    with CaptureQueriesContext(connection) as queries:
        response = ehr_a.get("/fhir/r4/Observation", query)

    assert response.status_code == 200
    assert response.json()["total"] > 0
    events = reads()
    assert [e.object_id for e in events] == sorted(str(exam["id"]) for exam in two_exams)
    for event in events:
        assert_read_of(event, next(x for x in two_exams if str(x["id"]) == event.object_id), clinic_a)
    inserts = [
        q
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith('INSERT INTO "AUDIT_EVENT"')
        or q["sql"].lstrip().upper().startswith("INSERT INTO AUDIT_EVENT")
    ]
    assert len(inserts) == 1


def test_a_search_that_finds_nothing_and_reads_refused_record_nothing(
    ehr_a: APIClient, ehr_b: APIClient, two_exams: list[dict[str, Any]]
) -> None:
    exam_id = two_exams[0]["id"]

    assert (
        ehr_a.get("/fhir/r4/Observation", {"patient.identifier": "urn:example:mrn|NOBODY"}).json()["total"]
        == 0
    )
    assert ehr_b.get(f"/fhir/r4/Bundle/exam-{exam_id}").status_code == 404
    assert (
        ehr_b.get("/fhir/r4/Observation", {"patient.identifier": f"urn:example:mrn|{MRN}"}).json()["total"]
        == 0
    )
    assert ehr_b.get(f"/fhir/r4/Observation/{exam_id}-motor-hip_flexors-left").status_code == 404

    assert reads() == []


def test_a_replayed_api_post_answering_the_stored_exam_is_audited(
    ehr_a: APIClient, clinic_a: Clinic, two_exams: list[dict[str, Any]]
) -> None:
    response = ehr_a.post(
        "/api/v1/exams/", normal_exam_document(mrn=MRN, external_id="enc-r1"), format="json"
    )

    assert response.status_code == 200
    (event,) = reads()
    assert_read_of(event, two_exams[0], clinic_a)


def test_a_replayed_fhir_transaction_is_audited(ehr_a: APIClient, clinic_a: Clinic) -> None:
    bundle = transaction_bundle(normal_exam_document(mrn="MRN-FHIR-R", external_id=None))
    bundle["entry"][1]["request"]["ifNoneExist"] = "identifier=urn:ehr:encounter|enc-replayed"
    body = json.dumps(bundle)
    first = ehr_a.post("/fhir/r4/", data=body, content_type="application/fhir+json")
    assert first.status_code == 200
    assert reads() == []

    again = ehr_a.post("/fhir/r4/", data=body, content_type="application/fhir+json")

    assert again.status_code == 200
    (event,) = reads()
    exam = Exam.objects.get()
    assert_read_of(event, {"id": exam.pk, "version": exam.version}, clinic_a)


# --- Cache-Control ------------------------------------------------------------------------------


def test_every_answer_carrying_patient_data_says_no_store(
    ehr_a: APIClient, clinic_a: Clinic, two_exams: list[dict[str, Any]], admin_client: Any
) -> None:
    exam = two_exams[1]
    patient_id = Exam.objects.get(pk=exam["id"]).patient_id
    bundle = ehr_a.get(f"/fhir/r4/Bundle/exam-{exam['id']}").json()
    observation_id = next(
        e["resource"]["id"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"
    )
    ehr = TestEhr(clinic_a)
    service = "neuroexam-patient-view"
    cds_body = patient_view_request(fhir_patient({"system": "urn:example:mrn", "value": MRN}))
    answers = {
        "create": ehr_a.post(
            "/api/v1/exams/", normal_exam_document(mrn="MRN-NEW", external_id=None), format="json"
        ),
        "replay": ehr_a.post(
            "/api/v1/exams/", normal_exam_document(mrn=MRN, external_id="enc-r1"), format="json"
        ),
        "amend": ehr_a.put(
            f"/api/v1/exams/{exam['id']}/",
            normal_exam_document(mrn=MRN, external_id="enc-r2"),
            format="json",
            HTTP_IF_MATCH='"2"',
        ),
        "list": ehr_a.get("/api/v1/exams/", {"patient": MRN}),
        "detail": ehr_a.get(f"/api/v1/exams/{exam['id']}/"),
        "decision": ehr_a.get(f"/api/v1/exams/{exam['id']}/decision/"),
        "versions": ehr_a.get(f"/api/v1/exams/{exam['id']}/versions/"),
        "version": ehr_a.get(f"/api/v1/exams/{exam['id']}/versions/1/"),
        "evaluate": ehr_a.post("/api/v1/decisions/evaluate/", normal_exam_document(), format="json"),
        "fhir bundle": ehr_a.get(f"/fhir/r4/Bundle/exam-{exam['id']}"),
        "fhir observation": ehr_a.get(f"/fhir/r4/Observation/{observation_id}"),
        "fhir search": ehr_a.get("/fhir/r4/Observation", {"patient": f"Patient/{patient_id}"}),
        "fhir transaction": ehr_a.post(
            "/fhir/r4/",
            data=json.dumps(transaction_bundle(normal_exam_document(mrn="MRN-F2", external_id=None))),
            content_type="application/fhir+json",
        ),
        "cds card": APIClient().post(
            f"/cds-services/{service}",
            data=json.dumps(cds_body),
            content_type="application/json",
            **ehr.headers(service),
        ),
        "admin exam page": admin_client.get(f"/admin/exams/exam/{exam['id']}/change/"),
        "admin worklist": admin_client.get("/admin/exams/exam/"),
        "error": ehr_a.get("/api/v1/exams/999999/"),
    }

    for name, response in answers.items():
        assert response.status_code < 500, name
        assert "no-store" in response.get("Cache-Control", ""), name


@pytest.mark.parametrize("service", ["neuroexam-patient-view", "neuroexam-order-select"])
def test_cds_hooks_cards_built_from_an_exam_are_audited_as_its_read(
    clinic_a: Clinic, two_exams: list[dict[str, Any]], service: str
) -> None:
    ehr = TestEhr(clinic_a)
    request = patient_view_request(fhir_patient({"system": "urn:example:mrn", "value": MRN}))
    if service == "neuroexam-order-select":
        request = order_select_request(
            request["prefetch"]["patient"], [draft_service_request("d-1", MRI_LUMBAR)]
        )

    response = APIClient().post(
        f"/cds-services/{service}",
        data=json.dumps(request),
        content_type="application/json",
        **ehr.headers(service),
    )

    assert response.status_code == 200, response.content[:300]
    (event,) = reads()
    newest = max(two_exams, key=lambda exam: exam["id"])  # the same performed_at: the later id
    assert (event.object_id, event.object_version, event.clinic_id) == (
        str(newest["id"]),
        newest["version"],
        clinic_a.pk,
    )
    assert event.actor_label == f"cds_client:{ehr.client.pk}"

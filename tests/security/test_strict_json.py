"""Silent changes to clinical data: a duplicate key or a number taken for a date is a 400, never stored.

A body that says ``"bladder_dysfunction": true`` and later ``"bladder_dysfunction": false`` was
stored with the second answer; ``performed_at: "20261120"`` became 1970-08-23. Every JSON door
(the exam API, evaluate, FHIR, CDS Hooks, webhooks) now refuses both, naming the key's path.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from alerts.models import WebhookSubscription
from clinic.models import Clinic
from clinic.strict_json import JsonInputError, loads
from exams.models import Exam, Patient
from tests.interop.bundles import transaction_bundle
from tests.interop.cds import TestEhr, fhir_patient, patient_view_request

pytestmark = pytest.mark.django_db


def with_duplicate(document: dict[str, Any], path: list[str | int], key: str, first: Any) -> str:
    """``document`` as JSON text with ``key`` given twice in the object at ``path``: ``first``, then
    the document's own value."""
    marker = "__duplicate_marker__"
    target: Any = document
    for part in path:
        target = target[part]
    target[marker] = first
    text = json.dumps(document)
    return text.replace(f'"{marker}": {json.dumps(first)}', f'"{key}": {json.dumps(first)}', 1)


def post_raw(client: APIClient, url: str, text: str, content_type: str = "application/json") -> Any:
    return client.post(url, data=text, content_type=content_type)


@pytest.mark.parametrize(
    ("path", "key", "first", "named"),
    [
        ([], "performed_at", "2026-11-19T09:30:00Z", "performed_at"),
        ([], "patient", {"identifier": {"system": "urn:x", "value": "OTHER"}}, "patient"),
        (["history"], "bladder_dysfunction", True, "history.bladder_dysfunction"),
        (["patient", "identifier"], "value", "MRN-OTHER", "patient.identifier.value"),
        (["motor", 3], "grade", "2", "motor[3].grade"),
    ],
)
def test_a_duplicate_key_at_any_depth_is_refused_naming_its_path(
    ehr_a: APIClient, exam_document: dict[str, Any], path: list[str | int], key: str, first: Any, named: str
) -> None:
    exam_document["history"]["bladder_dysfunction"] = False
    text = with_duplicate(exam_document, path, key, first)
    assert text.count(f'"{key}"') >= 2

    for url in ("/api/v1/exams/", "/api/v1/decisions/evaluate/"):
        response = post_raw(ehr_a, url, text)
        assert response.status_code == 400, url
        body = response.json()
        assert body["code"] == "invalid_document"
        assert body["errors"][0]["field"] == named
        assert body["errors"][0]["code"] == "duplicate_key"
    assert not Exam.objects.exists()
    assert not Patient.objects.exists()


def test_an_amendment_with_a_duplicate_key_changes_nothing(
    ehr_a: APIClient, exam_document: dict[str, Any]
) -> None:
    created = ehr_a.post("/api/v1/exams/", exam_document, format="json")
    assert created.status_code == 201
    text = with_duplicate(exam_document, ["history"], "back_pain", False)

    response = ehr_a.put(
        f"/api/v1/exams/{created.json()['id']}/",
        data=text,
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "history.back_pain"
    assert Exam.objects.get().version == 1


def test_a_fhir_bundle_with_a_duplicate_key_is_an_operation_outcome_naming_it(
    ehr_a: APIClient, exam_document: dict[str, Any]
) -> None:
    bundle = transaction_bundle(exam_document)
    text = with_duplicate(bundle, ["entry", 0, "resource"], "gender", "male")

    response = post_raw(ehr_a, "/fhir/r4/", text, "application/fhir+json")

    assert response.status_code == 400
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert outcome["issue"][0]["expression"] == ["entry[0].resource.gender"]
    assert not Exam.objects.exists()


def test_a_cds_hooks_request_with_a_duplicate_key_is_refused(clinic_a: Clinic) -> None:
    ehr = TestEhr(clinic_a)
    request = patient_view_request(fhir_patient({"system": "urn:example:mrn", "value": "MRN-1"}))
    text = with_duplicate(request, ["context"], "patientId", "someone-else")
    service = "neuroexam-patient-view"

    response = APIClient().post(
        f"/cds-services/{service}", data=text, content_type="application/json", **ehr.headers(service)
    )

    assert response.status_code == 400
    assert response.json()["issue"][0]["expression"] == ["context.patientId"]


def test_a_webhook_subscription_with_a_duplicate_key_is_refused(ehr_a: APIClient) -> None:
    text = '{"url": "https://pager.example/a", "url": "https://pager.example/b"}'

    response = post_raw(ehr_a, "/api/v1/webhooks/", text)

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "url", "code": "duplicate_key", "message": "duplicate key: the body gives this key twice"}
    ]
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("performed_at", "20261120"),
        ("performed_at", 1790000000),
        ("performed_at", 1790000000.5),
        ("performed_at", "1790000000"),
        ("performed_at", "2026-11-20T09:30:00"),  # no time zone
        ("performed_at", "2026-11-20"),
        ("birth_date", 0),
        ("birth_date", "0"),
        ("birth_date", "19680314"),
        ("birth_date", "1968"),
    ],
)
def test_numbers_and_digit_strings_are_not_dates(
    ehr_a: APIClient, exam_document: dict[str, Any], field: str, value: Any
) -> None:
    target = exam_document["patient"] if field == "birth_date" else exam_document
    target[field] = value
    named = "patient.birth_date" if field == "birth_date" else field

    response = ehr_a.post("/api/v1/exams/", exam_document, format="json")

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [named]
    assert not Exam.objects.exists()


@pytest.mark.parametrize(
    "value", ["2026-11-20T09:30:00Z", "2026-11-20T10:30:00+01:00", "2026-11-20T09:30:00.250Z"]
)
def test_iso_8601_datetimes_with_a_time_zone_are_stored_in_utc(
    ehr_a: APIClient, exam_document: dict[str, Any], value: str
) -> None:
    exam_document["performed_at"] = value

    response = ehr_a.post("/api/v1/exams/", exam_document, format="json")

    assert response.status_code == 201
    assert response.json()["performed_at"].startswith("2026-11-20T09:30:00")


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-05:00"])
def test_a_datetime_outside_the_representable_range_in_utc_is_a_400(
    ehr_a: APIClient, exam_document: dict[str, Any], value: str
) -> None:
    exam_document["performed_at"] = value

    created = ehr_a.post("/api/v1/exams/", exam_document, format="json")
    listed = ehr_a.get("/api/v1/exams/", {"performed_from": value})
    listed_to = ehr_a.get("/api/v1/exams/", {"performed_to": value})

    assert created.status_code == 400
    assert created.json()["errors"][0]["field"] == "performed_at"
    assert listed.status_code == 400
    assert listed.json()["errors"][0]["field"] == "performed_from"
    assert listed_to.status_code == 400


@pytest.mark.parametrize("value", ["1790000000", "20261120"])
def test_a_list_filter_takes_no_number_for_a_date(ehr_a: APIClient, value: str) -> None:
    response = ehr_a.get("/api/v1/exams/", {"performed_from": value})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "performed_from"


def test_the_strict_reader_finds_problems_deep_inside_lists() -> None:
    with pytest.raises(JsonInputError) as duplicate:
        loads('{"a": [{"b": 1}, {"c": {"d": 1, "e": 2, "d": 3}}]}')
    with pytest.raises(JsonInputError) as nul:
        loads('{"a": ["ok", "bad\\u0000"]}')
    with pytest.raises(JsonInputError) as deep:
        loads("[" * 200 + "]" * 200)
    with pytest.raises(JsonInputError) as very_deep:
        loads("[" * 100_000 + "]" * 100_000)

    assert (duplicate.value.path, duplicate.value.code) == ("a[1].c.d", "duplicate_key")
    assert (nul.value.path, nul.value.code) == ("a[1]", "nul_character")
    assert deep.value.code == "too_deep"
    assert very_deep.value.code == "too_deep"
    assert loads('{"a": "a backslash then u0000: \\\\u0000"}') == {"a": "a backslash then u0000: \\u0000"}

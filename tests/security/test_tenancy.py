"""Tenancy: clinic B's EHR and clinicians get nothing of clinic A's, through any endpoint, filter,
version history, decision or the audit trail's admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from rest_framework.test import APIClient

from audit.models import AuditEvent
from clinic.models import Clinic, User
from exams.models import Exam
from tests.factories import UserFactory


@pytest.fixture
def exam_of_a(ehr_a: APIClient, exam_document: dict[str, Any]) -> dict[str, Any]:
    response = ehr_a.post("/api/v1/exams/", exam_document, format="json")
    assert response.status_code == 201
    return response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/exams/{id}/",
        "/api/v1/exams/{id}/decision/",
        "/api/v1/exams/{id}/versions/",
        "/api/v1/exams/{id}/versions/1/",
    ],
)
def test_every_exam_endpoint_answers_404_for_another_clinics_exam(
    ehr_b: APIClient, exam_of_a: dict[str, Any], path: str
) -> None:
    response = ehr_b.get(path.format(id=exam_of_a["id"]))
    missing = ehr_b.get(path.format(id=exam_of_a["id"] + 1000))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json() == missing.json()  # indistinguishable from an exam that does not exist


def test_an_amendment_of_another_clinics_exam_answers_404_and_changes_nothing(
    ehr_b: APIClient, exam_of_a: dict[str, Any], exam_document: dict[str, Any]
) -> None:
    response = ehr_b.put(
        f"/api/v1/exams/{exam_of_a['id']}/", exam_document, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 404
    assert Exam.objects.get().version == 1


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"patient": "MRN-000123"},
        {"patient": "urn:example:mrn|MRN-000123"},
        {"performed_from": "2026-01-01T00:00:00Z", "performed_to": "2026-12-31T00:00:00Z"},
        {"patient": "MRN-000123", "performed_from": "2026-11-20T00:00:00Z"},
    ],
)
def test_list_filters_never_reach_another_clinics_exams(
    ehr_a: APIClient, ehr_b: APIClient, exam_of_a: dict[str, Any], query: dict[str, str]
) -> None:
    assert [e["id"] for e in ehr_a.get("/api/v1/exams/", query).json()["results"]] == [exam_of_a["id"]]
    assert ehr_b.get("/api/v1/exams/", query).json()["results"] == []


def test_posting_the_same_external_id_in_another_clinic_is_a_separate_exam(
    ehr_b: APIClient, exam_of_a: dict[str, Any], exam_document: dict[str, Any]
) -> None:
    response = ehr_b.post("/api/v1/exams/", exam_document, format="json")
    assert response.status_code == 201  # not a replay of clinic A's exam, and no 409 that would leak it
    assert response.json()["id"] != exam_of_a["id"]


def _admin_for(clinic: Clinic | None, *, superuser: bool = False) -> Client:
    user: User = UserFactory(clinic=clinic, is_superuser=superuser)
    user.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    browser = Client()
    browser.force_login(user)
    return browser


def test_the_audit_admin_shows_a_clinician_only_their_clinics_trail(
    clinic_a: Clinic, clinic_b: Clinic, exam_of_a: dict[str, Any]
) -> None:
    event_of_a = AuditEvent.objects.filter(clinic_id=clinic_a.pk).first()
    assert event_of_a is not None

    of_b = _admin_for(clinic_b)
    listing = of_b.get("/admin/audit/auditevent/")
    detail = of_b.get(f"/admin/audit/auditevent/{event_of_a.pk}/change/")
    searched = of_b.get("/admin/audit/auditevent/", {"q": str(exam_of_a["id"])})

    assert listing.status_code == 200
    shown = list(listing.context["cl"].result_list) + list(searched.context["cl"].result_list)
    assert shown  # B's own trail (its clinic, client and users) is there...
    assert {event.clinic_id for event in shown} == {clinic_b.pk}  # ...and nothing of A's
    assert detail.status_code == 302  # the admin's "no such object" redirect, same as a missing id
    of_a = _admin_for(clinic_a)
    assert of_a.get(f"/admin/audit/auditevent/{event_of_a.pk}/change/").status_code == 200


def test_nobody_can_add_change_or_delete_audit_rows_in_the_admin(exam_of_a: dict[str, Any]) -> None:
    root = _admin_for(None, superuser=True)
    event = AuditEvent.objects.first()
    assert event is not None

    assert root.get("/admin/audit/auditevent/add/").status_code == 403
    assert root.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert root.post(f"/admin/audit/auditevent/{event.pk}/change/", {"actor_label": "x"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, actor_label=event.actor_label).exists()


def test_a_staff_member_without_a_clinic_sees_no_trail(exam_of_a: dict[str, Any]) -> None:
    response = _admin_for(None).get("/admin/audit/auditevent/")
    assert response.context["cl"].result_count == 0


def test_an_admin_view_of_an_exam_is_audited_as_a_read(exam_of_a: dict[str, Any]) -> None:
    root = _admin_for(None, superuser=True)
    response = root.get(f"/admin/exams/exam/{exam_of_a['id']}/change/")
    assert response.status_code == 200
    read = AuditEvent.objects.filter(action="read").get()
    assert (read.table_name, read.object_id) == ("exams_exam", str(exam_of_a["id"]))
    assert read.actor_label.startswith("user:")

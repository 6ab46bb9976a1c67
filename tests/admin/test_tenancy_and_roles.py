"""Each clinic sees only its own patients, exams and decisions; viewers read, clinicians record."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.test import Client

from clinic.models import Clinic, User
from decisions.models import DecisionRecord
from exams.models import Exam
from tests.admin.conftest import case_exam, form_data, logged_in, member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam_of_a(admin_a: Client) -> Exam:
    assert admin_a.post("/admin/exams/exam/add/", form_data(case_exam("v22"))).status_code == 302
    return Exam.objects.get()


def results(response: HttpResponse) -> str:
    """The rows of an admin changelist (the search box echoes the query, so not the whole page)."""
    match = re.search(r'<table id="result_list">.*?</table>', response.content.decode(), re.S)
    return match.group(0) if match else ""


def _pages(exam: Exam) -> list[str]:
    decision = DecisionRecord.objects.get(exam_version__exam=exam)
    return [
        f"/admin/exams/exam/{exam.pk}/change/",
        f"/admin/exams/exam/{exam.pk}/history/",
        f"/admin/exams/patient/{exam.patient_id}/change/",
        f"/admin/decisions/decisionrecord/{decision.pk}/change/",
    ]


def test_another_clinics_clinician_cannot_open_any_page_of_the_exam(exam_of_a: Exam, admin_b: Client):
    for url in _pages(exam_of_a):
        response = admin_b.get(url)
        # The exam pages answer 404; Django's own object pages redirect to the admin index.
        assert response.status_code in (404, 302), url
        if response.status_code == 302:
            assert response["Location"] == "/admin/"
        assert b"V22" not in response.content


def test_another_clinics_clinician_cannot_amend_the_exam(exam_of_a: Exam, admin_b: Client):
    data = form_data(case_exam("v22"), loaded_version=1)
    data["notes"] = "overwritten by clinic B"
    response = admin_b.post(f"/admin/exams/exam/{exam_of_a.pk}/change/", data)
    assert response.status_code == 404
    exam_of_a.refresh_from_db()
    assert exam_of_a.version == 1


def test_lists_and_searches_show_only_the_own_clinic(exam_of_a: Exam, admin_a: Client, admin_b: Client):
    for url in (
        "/admin/exams/exam/",
        "/admin/exams/exam/?q=V22",
        "/admin/exams/patient/?q=V22",
        "/admin/decisions/decisionrecord/?q=V22",
        "/admin/exams/exam/?red_flag=cauda_equina",
    ):
        assert results(admin_b.get(url)) == "", url
        assert results(admin_a.get(url)) != "", url


def test_a_superuser_sees_every_clinic_but_records_only_with_a_clinic(exam_of_a: Exam, clinic_b: Clinic):
    root: User = UserFactory(username="root", is_superuser=True, clinic=None)
    admin = logged_in(root)
    assert "V22" in results(admin.get("/admin/exams/exam/"))
    page = admin.get(f"/admin/exams/exam/{exam_of_a.pk}/change/")
    assert page.status_code == 200
    assert b"Save as version" not in page.content  # read only: not a member of the clinic
    assert admin.get("/admin/exams/exam/add/").status_code == 403


def test_a_viewer_reads_the_exam_but_cannot_record_or_amend(exam_of_a: Exam, viewer_client: Client):
    page = viewer_client.get(f"/admin/exams/exam/{exam_of_a.pk}/change/")
    assert page.status_code == 200
    assert b"RED FLAG: Suspected cauda equina syndrome" in page.content
    assert b"Save as version" not in page.content
    assert b"(read only)" in page.content
    assert viewer_client.get(f"/admin/exams/exam/{exam_of_a.pk}/history/").status_code == 200
    assert viewer_client.get("/admin/exams/exam/add/").status_code == 403
    response = viewer_client.post(
        f"/admin/exams/exam/{exam_of_a.pk}/change/", form_data(case_exam("v22"), loaded_version=1)
    )
    assert response.status_code == 403
    assert Exam.objects.get().version == 1
    assert b"/admin/exams/exam/add/" not in viewer_client.get("/admin/exams/exam/").content


def test_a_viewer_put_in_the_clinicians_group_by_hand_still_cannot_record(clinic_a: Clinic):
    viewer = member(clinic_a, "viewer-in-wrong-group", User.Role.VIEWER)
    from clinic.roles import role_group

    viewer.groups.add(role_group(User.Role.CLINICIAN))
    assert logged_in(viewer).get("/admin/exams/exam/add/").status_code == 403


def test_a_staff_user_without_a_clinic_sees_no_exams(exam_of_a: Exam):
    stray: User = UserFactory(username="stray", clinic=None)
    response = logged_in(stray).get("/admin/exams/exam/")
    assert response.status_code == 403


def test_members_cannot_manage_clinics_users_or_api_clients(admin_a: Client):
    for url in ("/admin/clinic/clinic/", "/admin/clinic/user/", "/admin/clinic/apiclient/"):
        assert admin_a.get(url).status_code == 403, url


def test_saving_a_user_in_the_admin_puts_them_in_their_roles_group(clinic_a: Clinic):
    root: User = UserFactory(username="root", is_superuser=True, clinic=None)
    viewer = member(clinic_a, "becomes-clinician", User.Role.VIEWER)
    response = logged_in(root).post(
        f"/admin/clinic/user/{viewer.pk}/change/",
        {
            "username": viewer.username,
            "clinic": clinic_a.pk,
            "role": User.Role.CLINICIAN,
            "is_active": "on",
            "is_staff": "on",
            "date_joined_0": "2026-11-21",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(viewer.groups.values_list("name", flat=True)) == ["Clinicians"]


def test_a_viewer_gets_no_quick_fill_buttons_and_disabled_controls(exam_of_a: Exam, viewer_client: Client):
    page = viewer_client.get(f"/admin/exams/exam/{exam_of_a.pk}/change/").content.decode()
    assert "nx-fill" not in page
    assert re.search(r'<select name="motor-quadriceps-left-grade"[^>]*disabled', page)

"""Exam times are typed and read in the clinic's own time zone and stored in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from clinic.models import Clinic, User
from exams.models import Exam
from exams.selectors import exam_version_document, exam_version_get
from tests.admin.conftest import case_exam, form_data, logged_in, member
from tests.factories import ClinicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def berlin_clinician(db: None) -> User:
    clinic: Clinic = ClinicFactory(slug="berlin", name="Berlin Neurology", time_zone="Europe/Berlin")
    return member(clinic, "dr-berlin")


def test_a_clinic_starts_in_the_deployments_time_zone(settings):
    settings.CLINIC_DEFAULT_TIME_ZONE = "Australia/Sydney"
    assert Clinic.objects.create(slug="sydney", name="Sydney").time_zone == "Australia/Sydney"


def test_a_clinic_time_zone_must_be_a_real_zone():
    clinic = Clinic(slug="nowhere", name="Nowhere", time_zone="Mars/Olympus")
    with pytest.raises(ValidationError, match="not a time zone"):
        clinic.full_clean()


def test_the_exam_time_is_typed_in_clinic_time_and_stored_in_utc(berlin_clinician: User):
    admin: Client = logged_in(berlin_clinician)
    page = admin.get("/admin/exams/exam/add/").content.decode()
    assert "Examined at (Europe/Berlin time)" in page

    data = form_data(case_exam("v01"))
    data["performed_at"] = "2026-11-20T11:30:00"  # 11:30 in Berlin (CET, UTC+1)
    assert admin.post("/admin/exams/exam/add/", data).status_code == 302
    exam = Exam.objects.get()
    assert exam.performed_at == datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
    document = exam_version_document(exam=exam, version=exam_version_get(exam=exam))
    assert document["performed_at"] == "2026-11-20T10:30:00Z"

    # Read back in clinic time: the form, the worklist and the history.
    page = admin.get(f"/admin/exams/exam/{exam.pk}/change/").content.decode()
    assert 'value="2026-11-20T11:30:00"' in page
    assert "2026-11-20 11:30" in admin.get("/admin/exams/exam/").content.decode()
    assert "examined 2026-11-20 11:30" in admin.get(f"/admin/exams/exam/{exam.pk}/history/").content.decode()


def test_a_summer_time_exam_uses_the_summer_offset(berlin_clinician: User):
    admin = logged_in(berlin_clinician)
    data = form_data(case_exam("v01"))
    data["performed_at"] = "2026-07-01T09:00:00"  # CEST, UTC+2
    assert admin.post("/admin/exams/exam/add/", data).status_code == 302
    assert Exam.objects.get().performed_at == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)


def test_a_time_that_does_not_exist_in_the_clinics_zone_is_refused(berlin_clinician: User):
    admin = logged_in(berlin_clinician)
    data = form_data(case_exam("v01"))
    data["performed_at"] = "2026-03-29T02:30:00"  # skipped when Berlin's clocks go forward
    response = admin.post("/admin/exams/exam/add/", data)
    assert response.status_code == 200
    assert "Examined at" in response.content.decode()
    assert Exam.objects.count() == 0

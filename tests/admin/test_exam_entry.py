"""A clinician records and amends whole exams on the admin's exam page."""

from __future__ import annotations

import pytest
from django.test import Client

from exams.models import Exam, ExamVersion, MotorFinding
from exams.selectors import exam_version_document, exam_version_get
from tests.admin.conftest import case_exam, form_data

pytestmark = pytest.mark.django_db

ADD = "/admin/exams/exam/add/"


def change_url(exam: Exam) -> str:
    return f"/admin/exams/exam/{exam.pk}/change/"


def current_document(exam: Exam) -> dict:
    exam.refresh_from_db()
    return exam_version_document(exam=exam, version=exam_version_get(exam=exam))


def test_recording_the_l5_case_stores_exactly_what_was_entered_and_shows_the_decision(admin_a: Client):
    case = case_exam("v01")
    response = admin_a.post(ADD, form_data(case))
    assert response.status_code == 302
    exam = Exam.objects.get()
    assert response["Location"] == change_url(exam)
    stored = current_document(exam)
    assert stored.pop("external_id")["system"] == "urn:neuroexam:admin-entry"
    assert stored == case
    assert exam.versions.get().recorded_by_user.username == "dr-alpha"

    page = admin_a.get(change_url(exam)).content.decode()
    assert 'data-site="root:L5" data-side="left"' in page
    assert "nx-banner" not in page
    assert 'class="bodychart"' in page


def test_the_cauda_equina_case_shows_a_red_banner_with_what_to_do_now(admin_a: Client):
    admin_a.post(ADD, form_data(case_exam("v22")))
    page = admin_a.get(change_url(Exam.objects.get())).content.decode()
    assert 'data-red-flag="cauda_equina"' in page
    assert "RED FLAG: Suspected cauda equina syndrome" in page
    assert "MRI lumbar spine (emergency)" in page
    assert 'data-urgency="emergency"' in page


def test_an_invalid_grade_is_named_in_the_clinicians_words_and_nothing_is_saved(admin_a: Client):
    data = form_data(case_exam("v01"))
    data["motor-quadriceps-left-grade"] = "6"
    data["test-straight_leg_raise-left-angle"] = "120"
    response = admin_a.post(ADD, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page
    grades = "0, 1, 1+, 2-, 2, 2+, 3-, 3, 3+, 4-, 4, 4+, 5-, 5, NT"
    assert f"Left quadriceps: grade must be one of {grades}" in page
    assert "Left straight-leg raise: angle must be between 0 and 90 degrees" in page
    assert Exam.objects.count() == 0
    assert ExamVersion.objects.count() == 0


def test_an_exam_without_any_finding_is_refused_by_the_document_validator(admin_a: Client):
    case = case_exam("v01")
    data = {key: value for key, value in form_data(case).items() if not key.startswith(("motor", "reflex"))}
    data = {key: value for key, value in data.items() if not key.startswith(("sensory-", "plantar", "test"))}
    response = admin_a.post(ADD, data)
    assert response.status_code == 200
    assert "record at least one finding" in response.content.decode()
    assert Exam.objects.count() == 0


def test_a_birth_date_after_the_exam_names_the_birth_date(admin_a: Client):
    data = form_data(case_exam("v01"))
    data["birth_date"] = "2030-01-01"
    response = admin_a.post(ADD, data)
    assert "Birth date: birth date is after the exam date" in response.content.decode()
    assert Exam.objects.count() == 0


def test_history_questions_not_asked_are_absent_and_answered_no_is_false(admin_a: Client):
    case = case_exam("v01")
    data = form_data(case)
    data.pop("history-fever")  # left on "not asked"
    data["history-cancer_history"] = "no"
    data["history-bladder_dysfunction"] = ""  # explicitly "not asked"
    admin_a.post(ADD, data)
    history = Exam.objects.get().versions.get().history
    assert "fever" not in history
    assert "bladder_dysfunction" not in history
    assert history["cancer_history"] is False
    assert history["back_pain"] is True


def test_a_pain_limited_tick_and_an_untestable_muscle_with_its_reason_are_kept(admin_a: Client):
    data = form_data(case_exam("v01"))
    data["motor-iliopsoas-left-grade"] = "4"
    data["motor-iliopsoas-left-pain"] = "on"
    data["motor-quadriceps-right-grade"] = "NT"
    data["motor-quadriceps-right-nt_reason"] = "knee brace"
    admin_a.post(ADD, data)
    iliopsoas = MotorFinding.objects.get(muscle="iliopsoas", side="left")
    assert (iliopsoas.grade, iliopsoas.pain_limited) == ("4", True)
    quadriceps = MotorFinding.objects.get(muscle="quadriceps", side="right")
    assert (quadriceps.grade, quadriceps.nt_reason) == ("NT", "knee brace")


def test_a_reason_without_nt_is_refused(admin_a: Client):
    data = form_data(case_exam("v01"))
    data["motor-quadriceps-right-nt_reason"] = "knee brace"
    response = admin_a.post(ADD, data)
    assert "Right quadriceps: a reason is only recorded when the grade is NT" in response.content.decode()
    assert Exam.objects.count() == 0


def test_saving_the_same_form_twice_stores_one_exam(admin_a: Client):
    data = form_data(case_exam("v01"))
    first = admin_a.post(ADD, data)
    second = admin_a.post(ADD, data)
    assert first["Location"] == second["Location"]
    assert Exam.objects.count() == 1


def test_amending_from_the_exam_page_adds_a_version_with_its_own_decision(admin_a: Client):
    case = case_exam("v01")
    admin_a.post(ADD, form_data(case))
    exam = Exam.objects.get()
    amended = case_exam("v01")
    amended["history"]["bladder_dysfunction"] = True
    amended["history"]["saddle_numbness"] = True
    response = admin_a.post(change_url(exam), form_data(amended, loaded_version=1))
    assert response.status_code == 302
    exam.refresh_from_db()
    assert exam.version == 2
    assert exam.current_decision.exam_version.number == 2
    assert "cauda_equina" in exam.current_decision.red_flags
    first = exam.versions.get(number=1)
    assert first.history["bladder_dysfunction"] is False  # the earlier version is untouched
    assert first.decisions.get().red_flags == []


def test_an_amendment_from_a_stale_page_is_refused_without_losing_the_newer_version(admin_a: Client):
    admin_a.post(ADD, form_data(case_exam("v01")))
    exam = Exam.objects.get()
    newer = case_exam("v01")
    newer["notes"] = "second look"
    admin_a.post(change_url(exam), form_data(newer, loaded_version=1))
    stale = case_exam("v01")
    stale["notes"] = "edited on an old tab"
    response = admin_a.post(change_url(exam), form_data(stale, loaded_version=1))
    assert response.status_code == 200
    assert "Someone else amended this exam after you opened it" in response.content.decode()
    assert current_document(exam)["notes"] == "second look"
    assert exam.versions.count() == 2


def test_an_amendment_cannot_move_the_exam_to_another_patient(admin_a: Client):
    admin_a.post(ADD, form_data(case_exam("v01")))
    exam = Exam.objects.get()
    data = form_data(case_exam("v01"), loaded_version=1)
    data["patient_value"] = "SOMEONE-ELSE"  # the field is disabled: the posted value is ignored
    admin_a.post(change_url(exam), data)
    exam.refresh_from_db()
    assert exam.version == 2
    assert exam.patient.identifier_value == "V01"


def test_the_exam_page_shows_the_stored_findings_for_amending(admin_a: Client):
    admin_a.post(ADD, form_data(case_exam("v22")))
    page = admin_a.get(change_url(Exam.objects.get())).content.decode()
    assert "Save as version 2" in page
    assert '<option value="4+" selected>4+</option>' in page
    assert 'name="loaded_version" value="1"' in page

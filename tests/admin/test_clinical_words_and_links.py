"""The clinician's admin speaks clinical words and every page is one click from where it is needed."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from clinic.models import Clinic, User
from decisions.models import DecisionRecord
from exams.admin_views import decision_panel
from exams.models import Exam
from tests.admin.conftest import PASSWORD, case_exam, form_data, logged_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def record(admin: Client, case: str) -> Exam:
    response = admin.post("/admin/exams/exam/add/", form_data(case_exam(case)))
    assert response.status_code == 302
    return Exam.objects.get(pk=int(response["Location"].split("/")[-3]))


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_a_clinician_lands_on_the_worklist_after_login(clinician_a: User):
    client = Client()
    login = client.get("/admin/login/").content.decode()
    landing = re.search(r'name="next" value="([^"]*)"', login).group(1)  # what the form posts
    credentials = {"username": clinician_a.username, "password": PASSWORD, "next": landing}
    response = client.post("/admin/login/", credentials, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/exams/exam/"
    html = response.content.decode()
    assert "<h1>Exams</h1>" in html
    assert "Select exam to change" not in html
    assert "Record an exam" in html
    assert "View site" not in html
    assert '<a href="/admin/exams/exam/">Worklist</a>' in html  # the site link is the worklist


def test_a_superuser_gets_an_index_in_clinical_words(clinic_a: Clinic):
    root: User = UserFactory(username="root", is_superuser=True, clinic=None)
    html = logged_in(root).get("/admin/").content.decode()
    assert "Site administration" not in html
    assert "Django administration" not in html
    assert "Exams, patients and decision support" in html
    assert "View site" not in html


def test_the_worklist_links_each_rows_history(admin_a: Client):
    exam = record(admin_a, "v22")
    html = admin_a.get("/admin/exams/exam/").content.decode()
    assert (
        f'href="/admin/exams/exam/{exam.pk}/history/" class="nx-history-link" title="1 version">History'
        in html
    )


def test_the_exam_page_links_its_history_and_the_patients_other_exams(admin_a: Client):
    first = record(admin_a, "v22")
    second_document = case_exam("v22")
    second_document["performed_at"] = "2026-11-21T09:00:00Z"
    data = form_data(second_document)
    data["entry_id"] = "second-visit"
    assert admin_a.post("/admin/exams/exam/add/", data).status_code == 302
    html = admin_a.get(f"/admin/exams/exam/{first.pk}/change/").content.decode()
    assert f'href="/admin/exams/exam/{first.pk}/history/" id="history-link">History (1 version)' in html
    patient_link = f'href="/admin/exams/patient/{first.patient_id}/change/" id="patient-link"'
    assert patient_link in html
    assert "all 2 exams" in html

    patient = admin_a.get(f"/admin/exams/patient/{first.patient_id}/change/").content.decode()
    assert "<h1>Patient V22</h1>" in patient
    assert "urn:neuroexam:cases|V22" not in visible_text(patient)  # the wire form of the identifier
    exams = re.findall(r'<a href="/admin/exams/exam/(\d+)/change/">Exam', patient)
    assert len(exams) == 2  # both exams of the patient, newest first
    assert int(exams[1]) == first.pk


def test_why_lists_and_the_differential_are_in_clinical_words_and_complete(admin_a: Client):
    exam = record(admin_a, "v22")
    html = admin_a.get(f"/admin/exams/exam/{exam.pk}/change/").content.decode()
    text = visible_text(html)
    assert not re.search(r"\b(motor|sensory|reflexes|history)(\[\d+\]|\.[a-z_]+)", text)
    assert "Left perianal sensation absent" in text
    document = exam.current_decision.document
    rows = re.findall(r'<tr data-site="([^"]+)">', html)
    assert len(rows) == len(document["differential"])  # every site is on the page
    assert '<details class="nx-differential-more">' in html  # the less likely ones folded
    assert "see the decision document" not in text


def test_decision_records_list_in_words_without_json_or_codes(admin_a: Client):
    record(admin_a, "v22")
    record(admin_a, "v01")
    html = admin_a.get("/admin/decisions/decisionrecord/").content.decode()
    rows = re.search(r'<table id="result_list">.*?</table>', html, re.S).group(0)
    text = visible_text(rows)
    assert "Suspected cauda equina syndrome" in text
    assert "L5 radiculopathy (left)" in text
    for code in ('["', "cauda_equina", "root:", "progressive_motor_deficit"):
        assert code not in text, code
    record_id = DecisionRecord.objects.order_by("id").first().pk
    detail = admin_a.get(f"/admin/decisions/decisionrecord/{record_id}/change/").content.decode()
    assert "Cauda equina syndrome (bilateral)" in visible_text(detail)


def test_a_banner_is_worded_from_its_own_flags_urgency():
    document = {
        "urgency": "emergency",
        "red_flags": [
            {"code": "cauda_equina", "label": "Suspected cauda equina syndrome", "urgency": "emergency"},
            {"code": "fracture", "label": "Possible fracture", "urgency": "urgent"},
        ],
        "recommendations": [
            {"study": "mri_lumbar_spine", "urgency": "emergency", "rationale": "", "sources": []},
            {"study": "xray_lumbar_spine", "urgency": "urgent", "rationale": "", "sources": []},
        ],
    }
    emergency, urgent = decision_panel(document)["red_flags"]
    assert emergency["urgency_words"].startswith("Emergency")
    assert [a["name"] for a in emergency["actions"]] == ["MRI lumbar spine"]
    assert emergency["sooner"] == []
    assert urgent["urgency_words"].startswith("Urgent")
    assert [a["name"] for a in urgent["actions"]] == ["X-ray lumbar spine"]  # same urgency only
    assert [a["name"] for a in urgent["sooner"]] == ["MRI lumbar spine"]  # named apart, not mixed in

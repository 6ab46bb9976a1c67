"""The exam worklist (urgency and red flags, newest first, search by patient) and an exam's history."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from decisions.engine.knowledge.sources import SOURCES
from exams.models import Exam
from tests.admin.conftest import case_exam, form_data

pytestmark = pytest.mark.django_db


def record(admin: Client, case: str, *, patient: str | None = None, performed_at: str | None = None) -> Exam:
    exam = case_exam(case)
    if patient:
        exam["patient"]["identifier"]["value"] = patient
    if performed_at:
        exam["performed_at"] = performed_at
    response = admin.post("/admin/exams/exam/add/", form_data(exam))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Exam.objects.get(pk=int(response["Location"].split("/")[-3]))


def row_ids(html: str) -> list[int]:
    links = re.findall(r'<th class="field-exam_name"><a href="/admin/exams/exam/(\d+)/change/', html)
    return [int(pk) for pk in links]


def test_the_worklist_is_newest_first_with_urgency_red_flags_and_lesion(admin_a: Client):
    older = record(admin_a, "v01", performed_at="2026-11-19T08:00:00Z")
    newer = record(admin_a, "v22", performed_at="2026-11-20T08:00:00Z")
    html = admin_a.get("/admin/exams/exam/").content.decode()
    assert row_ids(html) == [newer.pk, older.pk]
    assert 'nx-urgency-emergency">emergency' in html
    assert '<span class="nx-flag">cauda equina</span>' in html
    assert "L5 radiculopathy (left)" in html  # the site in words, not root:L5


def test_filters_by_urgency_and_red_flag(admin_a: Client):
    routine = record(admin_a, "v01")
    emergency = record(admin_a, "v22")
    assert row_ids(admin_a.get("/admin/exams/exam/?urgency=emergency").content.decode()) == [emergency.pk]
    assert row_ids(admin_a.get("/admin/exams/exam/?red_flag=cauda_equina").content.decode()) == [emergency.pk]
    assert row_ids(admin_a.get("/admin/exams/exam/?red_flag=any").content.decode()) == [emergency.pk]
    assert row_ids(admin_a.get("/admin/exams/exam/?red_flag=stroke").content.decode()) == []
    assert row_ids(admin_a.get("/admin/exams/exam/?urgency=routine").content.decode()) == [routine.pk]


def test_search_finds_the_exams_of_one_patient_identifier(admin_a: Client):
    other = record(admin_a, "v01", patient="MRN-1")
    wanted = record(admin_a, "v22", patient="MRN-2")
    assert row_ids(admin_a.get("/admin/exams/exam/?q=MRN-2").content.decode()) == [wanted.pk]
    assert row_ids(admin_a.get("/admin/exams/exam/?q=mrn-2").content.decode()) == [wanted.pk]  # any case
    both = sorted(row_ids(admin_a.get("/admin/exams/exam/?q=mrn").content.decode()))
    assert both == sorted([wanted.pk, other.pk])  # a prefix finds both patients
    substring = row_ids(admin_a.get("/admin/exams/exam/?q=RN-2").content.decode())
    assert substring == []  # a prefix, not any substring
    by_system = "/admin/exams/exam/?q=urn:neuroexam:cases|MRN-2"
    assert row_ids(admin_a.get(by_system).content.decode()) == [wanted.pk]
    assert row_ids(admin_a.get("/admin/exams/exam/?q=urn:other|MRN-2").content.decode()) == []


def _worklist_queries(admin: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert admin.get("/admin/exams/exam/").status_code == 200
    return len(queries)


def test_the_worklist_costs_the_same_queries_for_2_or_12_exams(admin_a: Client):
    for index in range(2):
        record(admin_a, "v01", patient=f"MRN-{index}")
    with_two = _worklist_queries(admin_a)
    for index in range(2, 12):
        record(admin_a, "v22", patient=f"MRN-{index}")
    assert _worklist_queries(admin_a) == with_two
    # session, user, the user's permissions (twice: groups and user), the count, the page
    assert with_two <= 7


def test_the_history_shows_every_version_who_recorded_it_what_changed_and_its_decision(
    admin_a: Client, clinician_a
):
    exam = record(admin_a, "v01")
    amended = case_exam("v01")
    amended["history"]["bladder_dysfunction"] = True
    amended["history"]["saddle_numbness"] = True
    amended["motor"][8]["grade"] = "3"  # left quadriceps
    del amended["history"]["fever"]
    response = admin_a.post(f"/admin/exams/exam/{exam.pk}/change/", form_data(amended, loaded_version=1))
    assert response.status_code == 302
    html = admin_a.get(f"/admin/exams/exam/{exam.pk}/history/").content.decode()
    assert html.index('data-version="2"') < html.index('data-version="1"')  # newest first
    assert html.count("dr-alpha (admin)") == 2
    assert "History: bladder dysfunction: no → yes" in html
    assert "Left quadriceps: 5 → 3" in html
    assert "History: fever: removed (was no)" in html
    assert "Suspected cauda equina syndrome" in html  # version 2's decision
    assert "L5 radiculopathy" in html  # version 1's decision


def test_the_history_of_an_api_recorded_exam_names_the_api_client(ehr_a, admin_a: Client):
    response = ehr_a.post("/api/v1/exams/", case_exam("v01"), format="json")
    assert response.status_code == 201
    html = admin_a.get(f"/admin/exams/exam/{response.json()['id']}/history/").content.decode()
    assert "(API)" in html


def _history_queries(admin: Client, exam: Exam) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert admin.get(f"/admin/exams/exam/{exam.pk}/history/").status_code == 200
    return len(queries)


def test_the_history_costs_the_same_queries_for_1_or_4_versions(admin_a: Client):
    exam = record(admin_a, "v01")
    one = _history_queries(admin_a, exam)
    for number in range(1, 4):
        amended = case_exam("v01")
        amended["notes"] = f"look {number}"
        url = f"/admin/exams/exam/{exam.pk}/change/"
        response = admin_a.post(url, form_data(amended, loaded_version=number))
        assert response.status_code == 302
    assert _history_queries(admin_a, exam) == one


def test_the_exam_page_shows_each_source_as_its_citation_with_its_link(admin_a: Client):
    exam = record(admin_a, "v22")
    html = admin_a.get(f"/admin/exams/exam/{exam.pk}/change/").content.decode()
    girft = SOURCES["GIRFT-CES-2023"]
    assert f'<a href="{girft.url}" rel="noreferrer">{escape(girft.citation)}</a>' in html
    assert "bibliotheek" not in html
    assert ">BMJBP-CES<" not in html

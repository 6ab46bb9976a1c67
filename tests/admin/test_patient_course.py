"""The clinician sees the patient's course (issue 24): every exam, a chart of MRC grades over
time for the muscles ever weak with the latest change drawn thick, and on the exam page what
changed since the exam before."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from exams.models import Exam
from tests.factories import normal_exam_document, set_finding

pytestmark = pytest.mark.django_db


def _post(client: APIClient, performed_at: str, quadriceps: str, encounter: str) -> dict[str, Any]:
    document = normal_exam_document(external_id=encounter, performed_at=performed_at)
    set_finding(document, "motor", "muscle", "quadriceps", "left", grade=quadriceps)
    response = client.post("/api/v1/exams/", document, format="json")
    assert response.status_code == 201, response.json()
    body: dict[str, Any] = response.json()
    return body


def _patient_page(admin: Client, exam_id: int) -> str:
    patient_id = Exam.objects.get(pk=exam_id).patient_id
    response = admin.get(f"/admin/exams/patient/{patient_id}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_patient_page_charts_the_quadriceps_falling_from_4_to_3(
    ehr_a: APIClient, admin_a: Client
) -> None:
    _post(ehr_a, "2026-11-02T09:00:00Z", "4", "e1")
    latest = _post(ehr_a, "2026-11-20T09:30:00Z", "3", "e2")

    html = _patient_page(admin_a, latest["id"])

    assert '<svg xmlns="http://www.w3.org/2000/svg" class="nx-course-chart"' in html
    assert re.findall(r'data-muscle="(\w+)" data-side="(\w+)"', html) == [("quadriceps", "left")]
    assert "Left quadriceps: 4 → 3 (fell)" in html
    assert 'class="nx-course-latest nx-course-fell"' in html
    assert html.count('class="nx-strength-fell"') == 1  # the exam of 20 November only


def test_a_patient_never_weak_has_no_chart(ehr_a: APIClient, admin_a: Client) -> None:
    exam = _post(ehr_a, "2026-11-02T09:00:00Z", "5", "e1")

    html = _patient_page(admin_a, exam["id"])

    assert "nx-course-chart" not in html
    assert "No muscle was ever weak." in html


def test_the_exam_page_says_what_changed_since_the_exam_before(ehr_a: APIClient, admin_a: Client) -> None:
    first = _post(ehr_a, "2026-11-02T09:00:00Z", "4", "e1")
    latest = _post(ehr_a, "2026-11-20T09:30:00Z", "3", "e2")

    html = admin_a.get(f"/admin/exams/exam/{latest['id']}/change/").content.decode()

    assert f'data-compared-with="{first["id"]}"' in html
    assert "Since the exam of 2 November 2026" in html
    assert "Worse: Left quadriceps MRC 4 on 2026-11-02, 3 today" in html


def _page_queries(admin: Client, exam_id: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        _patient_page(admin, exam_id)
    return len(queries)


def test_the_patient_page_costs_the_same_queries_for_2_or_5_exams(ehr_a: APIClient, admin_a: Client) -> None:
    _post(ehr_a, "2026-10-01T09:00:00Z", "5", "e1")
    exam = _post(ehr_a, "2026-10-15T09:00:00Z", "4", "e2")
    _page_queries(admin_a, exam["id"])  # the session and the user, read once
    two = _page_queries(admin_a, exam["id"])
    for number, day in enumerate(("2026-11-01", "2026-11-10", "2026-11-20"), start=3):
        _post(ehr_a, f"{day}T09:00:00Z", str(6 - number), f"e{number}")

    assert _page_queries(admin_a, exam["id"]) == two


def test_the_worklist_marks_the_exam_whose_strength_fell(ehr_a: APIClient, admin_a: Client) -> None:
    _post(ehr_a, "2026-11-02T09:00:00Z", "4", "e1")
    latest = _post(ehr_a, "2026-11-20T09:30:00Z", "3", "e2")

    html = admin_a.get("/admin/exams/exam/").content.decode()

    rows = re.findall(r"<tr>.*?</tr>", html, flags=re.S)
    marked = [row for row in rows if 'class="nx-strength-fell"' in row]
    assert len(marked) == 1
    assert f"Exam {latest['id']}" in marked[0]

"""The patient's course in a real browser (issue 24): the MRC chart is drawn, readable and
breaks no policy; the exam page says what changed since the exam before. Screenshots of both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from clinic.models import User
from exams.models import Exam
from tests.browser.conftest import PageProblems, log_in
from tests.factories import normal_exam_document, set_finding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _post(client: APIClient, performed_at: str, encounter: str, **grades: str) -> int:
    document = normal_exam_document(external_id=encounter, performed_at=performed_at)
    for muscle, grade in grades.items():
        set_finding(document, "motor", "muscle", muscle, "left", grade=grade)
    response = client.post("/api/v1/exams/", document, format="json")
    assert response.status_code == 201, response.json()
    exam_id: int = response.json()["id"]
    return exam_id


def test_the_patient_page_shows_the_course_chart(
    page: Any,
    live_server: Any,
    watched: PageProblems,
    clinician_a: User,
    ehr_a: APIClient,
    screenshot_dir: Path,
) -> None:
    _post(ehr_a, "2026-10-20T09:00:00Z", "e1", quadriceps="5", tibialis_anterior="4")
    _post(ehr_a, "2026-11-02T09:00:00Z", "e2", quadriceps="4", tibialis_anterior="4")
    latest = _post(ehr_a, "2026-11-20T09:30:00Z", "e3", quadriceps="3", tibialis_anterior="4+")
    patient_id = Exam.objects.get(pk=latest).patient_id
    log_in(page, live_server.url, clinician_a)

    page.goto(f"{live_server.url}/admin/exams/patient/{patient_id}/change/")
    page.wait_for_load_state("networkidle")
    chart = page.locator("svg.nx-course-chart")
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "page-patient-course.png"), full_page=True)
    watched.check()

    box = chart.bounding_box()
    assert box is not None
    assert box["width"] > 600
    assert box["height"] > 200
    assert page.locator("svg.nx-course-chart g.nx-course-series").count() == 2
    assert page.locator("svg.nx-course-chart").get_by_text("Left quadriceps: 4 → 3 (fell)").is_visible()
    assert page.locator(".nx-strength-fell").count() == 2  # 2 and 20 November

    page.goto(f"{live_server.url}/admin/exams/exam/{latest}/change/")
    page.wait_for_load_state("networkidle")
    since = page.locator("section.nx-since")
    since.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "page-exam-since.png"), full_page=True)
    watched.check()
    assert since.get_by_role("heading").inner_text() == "Since the exam of 2 November 2026"
    assert "Worse: Left quadriceps MRC 4 on 2026-11-02, 3 today" in since.inner_text()

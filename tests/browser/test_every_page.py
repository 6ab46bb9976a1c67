"""Every admin page a clinician can open, in a real browser: nothing the policy blocks, nothing
logged as an error, no failed request; the picture keeps its colours; a screenshot of each.

The checks judge what the page shows, not only what it says: a blocked inline style leaves the
body chart's legend blank while every text assertion still passes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clinic.models import User
from decisions.models import DecisionRecord
from exams.models import Exam
from tests.admin.conftest import case_exam, form_data, logged_in
from tests.browser.conftest import PageProblems, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1440, "height": 900}

# Computed colours of the legend swatches and of the shaded grid cells; white or transparent
# is what a blocked style leaves behind.
COLOURS = """() => {
  const blank = (s) => ['rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)', 'transparent'].includes(s.backgroundColor)
    && s.backgroundImage === 'none';
  const swatches = Array.from(document.querySelectorAll('.nx-chart .nx-key'));
  const cells = Array.from(document.querySelectorAll('#segment-grid td.nx-w'))
    .filter((td) => parseFloat(td.title) > 0);
  return {
    swatches: swatches.length,
    blankSwatches: swatches.filter((el) => blank(getComputedStyle(el))).map((el) => el.className),
    cells: cells.length,
    blankCells: cells.filter((el) => blank(getComputedStyle(el))).map((el) => el.title),
  };
}"""


def assert_one_line_per_exam(page: Any, rows: int) -> None:
    """Every worklist row with up to three red flags is one line high, no red flag is cut off,
    and the table needs no sideways scrolling."""
    lines = page.evaluate(
        """() => Array.from(document.querySelectorAll('#result_list tbody tr')).map((tr) => {
             const table = document.getElementById('result_list');
             const cell = tr.querySelector('td.field-red_flag_list').getBoundingClientRect();
             const chips = Array.from(tr.querySelectorAll('.nx-flag')).map((c) => c.getBoundingClientRect());
             return {height: tr.getBoundingClientRect().height, flags: chips.length,
                     cutOff: chips.filter((c) => c.right > cell.right || c.bottom > cell.bottom).length,
                     truncated: Array.from(tr.querySelectorAll(
                         '.field-exam_name, .field-examined, .field-urgency, .field-history_link'))
                       .filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.className),
                     overflow: table.scrollWidth > table.parentElement.clientWidth};
           })"""
    )
    assert len(lines) == rows
    assert all(line["height"] < 40 for line in lines if line["flags"] <= 3), lines
    assert not any(line["cutOff"] for line in lines), lines  # a red flag is never hidden
    assert not any(line["truncated"] for line in lines), lines  # only long names end in "…"
    assert not any(line["overflow"] for line in lines), lines


def visit(page: Any, watched: PageProblems, url: str, shot: Path) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(shot), full_page=True)
    watched.check()


def test_a_clinician_opens_every_page_and_none_breaks_the_policy(
    page: Any, live_server: Any, watched: PageProblems, clinician_a: User, screenshot_dir: Path
) -> None:
    base = live_server.url
    page.set_viewport_size(WIDE)
    client = logged_in(clinician_a)
    assert client.post("/admin/exams/exam/add/", form_data(case_exam("v22"))).status_code == 302
    assert client.post("/admin/exams/exam/add/", form_data(case_exam("v01"))).status_code == 302
    emergency = Exam.objects.get(patient__identifier_value="V22")

    visit(page, watched, f"{base}/admin/login/", screenshot_dir / "page-login.png")
    log_in(page, base, clinician_a)
    watched.check()
    visit(page, watched, f"{base}/admin/exams/exam/", screenshot_dir / "page-worklist.png")
    assert page.url == f"{base}/admin/exams/exam/"
    assert_one_line_per_exam(page, 2)
    visit(page, watched, f"{base}/admin/exams/exam/add/", screenshot_dir / "page-record.png")
    visit(
        page, watched, f"{base}/admin/exams/exam/{emergency.pk}/change/", screenshot_dir / "page-result.png"
    )

    colours = page.evaluate(COLOURS)
    assert colours["swatches"] == 5
    assert colours["blankSwatches"] == []
    assert colours["cells"] > 10
    assert colours["blankCells"] == []
    page.locator(".nx-picture").screenshot(path=str(screenshot_dir / "page-result-chart.png"))
    page.locator(".nx-differential-more > summary").click()
    page.locator("#differential-rest").screenshot(path=str(screenshot_dir / "page-result-differential.png"))
    assert page.locator("#differential-rest tbody tr").count() > 20

    # Amend: change one grade and save version 2.
    page.get_by_label("Left quadriceps grade", exact=True).select_option("3")
    page.get_by_role("button", name="Save as version 2").click()
    page.wait_for_url(f"**/exam/{emergency.pk}/change/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshot_dir / "page-amended.png"), full_page=True)
    page.screenshot(path=str(screenshot_dir / "page-amended-top.png"))
    watched.check()
    assert Exam.objects.get(pk=emergency.pk).version == 2

    # With several red flags, long identifiers and the longest lesion name, still one line per exam.
    for case in ("v28", "v16"):
        document = case_exam(case)
        document["patient"]["identifier"]["value"] = f"MRN-{case}-0000123456789"
        assert client.post("/admin/exams/exam/add/", form_data(document)).status_code == 302
    page.goto(f"{base}/admin/exams/exam/")
    page.wait_for_load_state("networkidle")
    assert_one_line_per_exam(page, 4)
    page.screenshot(path=str(screenshot_dir / "page-worklist-long.png"))
    watched.check()

    visit(
        page, watched, f"{base}/admin/exams/exam/{emergency.pk}/history/", screenshot_dir / "page-history.png"
    )
    visit(page, watched, f"{base}/admin/exams/patient/", screenshot_dir / "page-patients.png")
    visit(
        page,
        watched,
        f"{base}/admin/exams/patient/{emergency.patient_id}/change/",
        screenshot_dir / "page-patient.png",
    )
    record = DecisionRecord.objects.filter(exam_version__exam=emergency).latest("computed_at")
    visit(page, watched, f"{base}/admin/decisions/decisionrecord/", screenshot_dir / "page-decisions.png")
    visit(
        page,
        watched,
        f"{base}/admin/decisions/decisionrecord/{record.pk}/change/",
        screenshot_dir / "page-decision.png",
    )


def test_the_audit_trail_pages_break_no_policy(
    page: Any, live_server: Any, watched: PageProblems, clinician_a: User, screenshot_dir: Path
) -> None:
    """The audit trail is for superusers (clinicians have no audit permission)."""
    from audit.models import AuditEvent
    from tests.factories import UserFactory

    answer = logged_in(clinician_a).post("/admin/exams/exam/add/", form_data(case_exam("v01")))
    assert answer.status_code == 302
    superuser: User = UserFactory(username="root", is_superuser=True, clinic=clinician_a.clinic)
    page.set_viewport_size(WIDE)
    log_in(page, live_server.url, superuser)
    watched.check()
    visit(page, watched, f"{live_server.url}/admin/", screenshot_dir / "page-admin-index.png")
    visit(page, watched, f"{live_server.url}/admin/audit/auditevent/", screenshot_dir / "page-audit.png")
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    visit(
        page,
        watched,
        f"{live_server.url}/admin/audit/auditevent/{event.pk}/change/",
        screenshot_dir / "page-audit-event.png",
    )


def test_every_list_and_add_page_a_superuser_can_open_breaks_no_policy(
    page: Any, live_server: Any, watched: PageProblems, clinician_a: User
) -> None:
    """The rest of the admin (clinics, users, API clients, alerts, EHR links): no inline style."""
    from django.contrib import admin
    from django.urls import reverse

    from tests.factories import UserFactory

    superuser: User = UserFactory(username="root", is_superuser=True, clinic=clinician_a.clinic)
    log_in(page, live_server.url, superuser)
    watched.check()
    urls = []
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(_request_of(superuser)):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
    for url in sorted(urls):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        watched.check()


def _request_of(user: User) -> Any:
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request

"""A clinician records whole exams on the one-page form in a real browser and reads the decision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clinic.models import User
from exams.forms import (
    ExamEntryForm,
    history_name,
    motor_name,
    plantar_name,
    reflex_name,
    sensory_name,
    special_test_name,
)
from exams.models import Exam
from exams.selectors import exam_version_document, exam_version_get
from tests.admin.conftest import case_exam
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {name: str(field.label) for name, field in ExamEntryForm().fields.items()}


def label(name: str) -> str:
    return LABELS[name]


def select(page: Any, name: str, value: str) -> None:
    page.get_by_label(label(name), exact=True).select_option(value)


def fill_patient(page: Any, exam: dict[str, Any]) -> None:
    patient = exam["patient"]
    page.get_by_label(label("patient_system"), exact=True).fill(patient["identifier"]["system"])
    page.get_by_label(label("patient_value"), exact=True).fill(patient["identifier"]["value"])
    page.get_by_label(label("birth_date"), exact=True).fill(patient["birth_date"])
    select(page, "sex", patient["sex"])
    page.get_by_label(label("performed_at"), exact=True).fill(exam["performed_at"].removesuffix("Z"))


def fill_history(page: Any, history: dict[str, Any]) -> None:
    for key, value in history.items():
        name = history_name(key)
        if isinstance(value, bool):
            group = page.get_by_role("group", name=label(name), exact=True)
            group.get_by_label("yes" if value else "no", exact=True).check()
        elif isinstance(value, int):
            page.get_by_label(label(name), exact=True).fill(str(value))
        else:
            select(page, name, value)


def fill_findings(page: Any, exam: dict[str, Any]) -> None:
    """Quick-fill the normal cells with the buttons, then enter every recorded finding."""
    page.get_by_role("button", name="All 5").click()
    page.get_by_role("button", name="All 2").click()
    page.get_by_role("button", name="All normal").click()
    page.get_by_role("button", name="Plantars flexor").click()
    for m in exam["motor"]:
        select(page, motor_name(m["muscle"], m["side"]), m["grade"])
    for r in exam["reflexes"]:
        select(page, reflex_name(r["reflex"], r["side"]), str(r["grade"]))
    for p in exam["plantar_responses"]:
        select(page, plantar_name(p["side"]), p["response"])
    for s in exam["sensory"]:
        select(page, sensory_name(s["region"], s["side"]), s["status"])
    for t in exam["special_tests"]:
        select(page, special_test_name(t["test"], t["side"], "result"), t["result"])
        if "angle_degrees" in t:
            page.get_by_label(label(special_test_name(t["test"], t["side"], "angle")), exact=True).fill(
                str(t["angle_degrees"])
            )
        if "reproduces_radicular_pain" in t:
            answer = "yes" if t["reproduces_radicular_pain"] else "no"
            select(page, special_test_name(t["test"], t["side"], "radicular"), answer)
    if exam.get("notes"):
        page.get_by_label("Notes", exact=True).fill(exam["notes"])


def stored_document(patient_value: str) -> dict[str, Any]:
    exam = Exam.objects.select_related("patient").get(patient__identifier_value=patient_value)
    document = exam_version_document(exam=exam, version=exam_version_get(exam=exam))
    document.pop("external_id")  # the admin's own double-submit key
    return document


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key not in ("external_id",)}


def test_clinician_records_a_cauda_equina_exam_and_sees_the_emergency(
    page: Any, live_server: Any, clinician_a: User, screenshot_dir: Path
) -> None:
    exam = case_exam("v22")
    log_in(page, live_server.url, clinician_a)
    page.goto(f"{live_server.url}/admin/exams/exam/add/")
    fill_patient(page, exam)
    fill_history(page, exam["history"])
    fill_findings(page, exam)
    page.screenshot(path=str(screenshot_dir / "exam-v22-entered.png"), full_page=True)
    page.get_by_role("button", name="Save exam").click()
    page.wait_for_url("**/change/")

    banner = page.locator(".nx-banner[data-red-flag=cauda_equina]")
    assert banner.is_visible()
    assert "What to do now" in banner.inner_text()
    assert "MRI lumbar spine (emergency)" in banner.inner_text()
    assert "Cauda equina syndrome" in page.locator(".nx-lesion").inner_text()
    assert page.locator("[data-urgency=emergency]").is_visible()
    assert page.locator(".nx-recommended [data-study=mri_lumbar_spine]").is_visible()
    assert page.locator(".nx-not-recommended [data-study=ct_head]").count() == 1
    assert page.locator("svg.bodychart [data-region=perianal][data-status=absent]").count() == 2
    page.screenshot(path=str(screenshot_dir / "exam-v22-decision.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 1250})
    page.screenshot(path=str(screenshot_dir / "exam-v22-top.png"))
    page.locator(".nx-picture").screenshot(path=str(screenshot_dir / "exam-v22-chart.png"))
    assert stored_document("V22") == comparable(exam)


def _focused_label(page: Any) -> str:
    """The focused control's label text as read aloud (aria-hidden parts left out)."""
    text: str = page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || !el.labels || !el.labels.length) return '';
            const label = el.labels[0].cloneNode(true);
            label.querySelectorAll('[aria-hidden=true]').forEach(n => n.remove());
            return label.textContent.trim();
        }"""
    )
    return text


def test_l5_radiculopathy_entered_with_the_keyboard_alone(
    page: Any, live_server: Any, clinician_a: User, screenshot_dir: Path
) -> None:
    """Tab walks the motor grid row by row (left grade, left pain, right grade, right pain)."""
    exam = case_exam("v01")
    grades = {(m["muscle"], m["side"]): m["grade"] for m in exam["motor"]}
    log_in(page, live_server.url, clinician_a)
    page.goto(f"{live_server.url}/admin/exams/exam/add/")
    fill_patient(page, exam)
    fill_history(page, exam["history"])

    page.get_by_role("button", name="All 5").focus()
    page.keyboard.press("Enter")  # fills the empty grade cells, highlighted
    assert page.locator("#motor-grid select.nx-prefilled").count() == 24
    page.get_by_label(label(motor_name("iliopsoas", "left")), exact=True).focus()
    for row in page.locator("#motor-grid tbody tr").all():
        muscle = row.get_attribute("data-row")
        for side in ("left", "right"):
            assert _focused_label(page) == label(motor_name(muscle, side))
            if grades[(muscle, side)] != "5":
                page.keyboard.type(grades[(muscle, side)])
            page.keyboard.press("Tab")
            assert _focused_label(page) == label(motor_name(muscle, side, "pain"))
            page.keyboard.press("Tab")
    left_tibialis = page.get_by_label(label(motor_name("tibialis_anterior", "left")), exact=True)
    assert left_tibialis.input_value() == "4+"
    assert "nx-prefilled" not in (left_tibialis.get_attribute("class") or "")  # typed, so confirmed

    page.get_by_role("button", name="All 2").click()
    page.get_by_role("button", name="All normal").click()
    page.get_by_role("button", name="Plantars flexor").click()
    rest = {**exam, "motor": []}
    fill_findings(page, rest)
    save = page.get_by_role("button", name="Save exam")
    save.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/change/")

    lesion = page.locator(".nx-lesion")
    assert lesion.get_attribute("data-site") == "root:L5"
    assert lesion.get_attribute("data-side") == "left"
    assert page.locator(".nx-banner").count() == 0
    assert page.locator(".nx-not-recommended [data-study=mri_lumbar_spine]").count() == 1
    assert page.locator("svg.bodychart .region.implicated[data-side=left]").count() >= 3
    assert page.locator("#segment-grid th.nx-implicated").inner_text() == "L5"
    page.screenshot(path=str(screenshot_dir / "exam-v01-decision.png"), full_page=True)
    page.screenshot(path=str(screenshot_dir / "exam-v01-top.png"))
    page.locator(".nx-picture").screenshot(path=str(screenshot_dir / "exam-v01-chart.png"))
    assert stored_document("V01") == comparable(exam)


def test_every_control_of_the_exam_page_has_a_label(page: Any, live_server: Any, clinician_a: User) -> None:
    log_in(page, live_server.url, clinician_a)
    page.goto(f"{live_server.url}/admin/exams/exam/add/")
    unlabelled = page.evaluate(
        """() => Array.from(document.querySelectorAll(
                '#exam-form input, #exam-form select, #exam-form textarea'))
            .filter(el => el.type !== 'hidden' && el.type !== 'submit')
            .filter(el => !(el.labels && Array.from(el.labels).some(l => l.textContent.trim())))
            .map(el => el.name)"""
    )
    assert unlabelled == []
    assert page.get_by_label("Right achilles reflex grade", exact=True).count() == 1
    assert page.get_by_label("Left perianal (saddle) sensation", exact=True).count() == 1
    assert page.get_by_label("Left straight-leg raise angle (degrees)", exact=True).count() == 1


def test_quick_fill_only_fills_empty_cells_and_keeps_them_highlighted(
    page: Any, live_server: Any, clinician_a: User
) -> None:
    log_in(page, live_server.url, clinician_a)
    page.goto(f"{live_server.url}/admin/exams/exam/add/")
    select(page, motor_name("quadriceps", "left"), "3")
    page.get_by_role("button", name="All 5").click()
    quadriceps = page.get_by_label(label(motor_name("quadriceps", "left")), exact=True)
    assert quadriceps.input_value() == "3"
    assert "nx-prefilled" not in (quadriceps.get_attribute("class") or "")
    assert page.locator("#motor-grid select.nx-prefilled").count() == 23
    assert page.locator("#motor-upper-grid select.nx-prefilled").count() == 0  # hidden rows untouched
    assert "Filled 23 empty cells with 5" in page.locator("#fill-status").inner_text()
    select(page, motor_name("hamstrings", "right"), "4")  # the clinician confirms by choosing
    hamstrings = page.get_by_label(label(motor_name("hamstrings", "right")), exact=True)
    assert "nx-prefilled" not in (hamstrings.get_attribute("class") or "")
    assert page.locator(".nx-tri input[value='']:checked").count() == page.locator(".nx-tri").count()


def test_a_clinician_of_another_clinic_cannot_open_the_exam(
    page: Any, live_server: Any, clinician_a: User, clinician_b: User, screenshot_dir: Path
) -> None:
    from tests.admin.conftest import form_data, logged_in

    response = logged_in(clinician_a).post("/admin/exams/exam/add/", form_data(case_exam("v22")))
    assert response.status_code == 302
    exam = Exam.objects.get()
    log_in(page, live_server.url, clinician_b)
    answer = page.goto(f"{live_server.url}/admin/exams/exam/{exam.pk}/change/")
    assert answer.status == 404
    answer = page.goto(f"{live_server.url}/admin/exams/exam/{exam.pk}/history/")
    assert answer.status == 404
    page.goto(f"{live_server.url}/admin/exams/exam/")
    assert "V22" not in page.locator("#changelist").inner_text()
    page.screenshot(path=str(screenshot_dir / "other-clinic-worklist.png"), full_page=True)

"""Speed of entry: a whole exam in a few clicks, keyboard-only entry, and labelled columns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clinic.models import User
from exams.forms import HISTORY_GROUPS, history_name
from exams.models import Exam
from exams.selectors import exam_version_document, exam_version_get
from tests.browser.conftest import PageProblems, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RED_FLAG_AND_STROKE = [key for _, items in HISTORY_GROUPS[:2] for key, _ in items]
OTHER_HISTORY = [key for _, items in HISTORY_GROUPS[2:] for key, _ in items]


def stored(patient: str) -> dict[str, Any]:
    exam = Exam.objects.get(patient__identifier_value=patient)
    return exam_version_document(exam=exam, version=exam_version_get(exam=exam))


def answer(page: Any, key: str) -> str:
    value: str = page.locator(f"input[name='{history_name(key)}']:checked").get_attribute("value")
    return value


def test_no_to_the_rest_answers_only_the_unanswered_red_flag_and_stroke_questions(
    page: Any, live_server: Any, watched: PageProblems, clinician_a: User, screenshot_dir: Path
) -> None:
    log_in(page, live_server.url, clinician_a)
    page.goto(f"{live_server.url}/admin/exams/exam/add/")
    page.get_by_role("group", name="Fever", exact=True).get_by_label("yes", exact=True).check()
    page.get_by_role("group", name="Facial droop", exact=True).get_by_label("no", exact=True).check()

    page.get_by_role("button", name="No to the rest").click()

    assert answer(page, "fever") == "yes"  # an answer is never overwritten
    assert answer(page, "facial_droop") == "no"
    for key in RED_FLAG_AND_STROKE:
        assert answer(page, key) in ("yes", "no"), key
    for key in OTHER_HISTORY:
        assert answer(page, key) == "", key  # pain and other history: still not asked
    highlighted = page.locator("fieldset.nx-tri.nx-prefilled")
    assert highlighted.count() == len(RED_FLAG_AND_STROKE) - 2
    assert page.locator("fieldset[data-question=history-fever]").get_attribute("class") == "nx-tri"
    assert (
        f"Answered {len(RED_FLAG_AND_STROKE) - 2} questions with no"
        in page.locator("#fill-status").inner_text()
    )
    page.locator(".nx-red-flag-questions").screenshot(path=str(screenshot_dir / "no-to-the-rest.png"))

    # Changing a filled answer confirms it: its highlight goes.
    night_pain = page.get_by_role("group", name="Pain at night", exact=True)
    night_pain.get_by_label("yes", exact=True).check()
    assert "nx-prefilled" not in (
        page.locator("fieldset[data-question=history-night_pain]").get_attribute("class")
    )
    watched.check()


# Every control in page order as Tab should reach it: one stop per radio group, none for a
# control that is hidden (a closed section, an NT reason not needed) or disabled.
PAGE_ORDER = """() => {
  const key = (el) => el.type === 'radio' ? el.name : (el.name || el.id || el.textContent.trim());
  const seen = new Set();
  return Array.from(document.querySelectorAll(
      '#exam-form input, #exam-form select, #exam-form textarea, #exam-form button, #exam-form summary'))
    .filter((el) => el.type !== 'hidden' && !el.disabled && el.getClientRects().length > 0)
    .filter((el) => el.tagName === 'SUMMARY' || !el.closest('details:not([open])'))
    .map(key)
    .filter((k) => (seen.has(k) ? false : (seen.add(k), true)));
}"""
FOCUSED = """() => { const el = document.activeElement;
  return el.type === 'radio' ? el.name : (el.name || el.id || el.textContent.trim()); }"""


def test_keyboard_alone_reaches_every_control_in_page_order(
    page: Any, live_server: Any, watched: PageProblems, clinician_a: User
) -> None:
    log_in(page, live_server.url, clinician_a)
    page.goto(f"{live_server.url}/admin/exams/exam/add/")
    expected = page.evaluate(PAGE_ORDER)
    assert page.evaluate(FOCUSED) == "patient_value"  # the page starts where the exam starts
    page.get_by_label("Identifier system", exact=True).focus()
    walked = [page.evaluate(FOCUSED)]
    for _ in range(len(expected) * 4):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused != walked[-1]:  # a date field takes several Tabs (day, month, year)
            walked.append(focused)
        if focused == "_save":
            break
    assert walked == expected
    order = {key: index for index, key in enumerate(walked)}
    assert order["patient_value"] < order["no-to-the-rest"] < order[history_name("bladder_dysfunction")]
    assert order["All 5"] < order["motor-iliopsoas-left-grade"] < order["test-slump-left-angle"]
    watched.check()


def test_every_special_test_column_has_a_visible_label(
    page: Any, live_server: Any, clinician_a: User, screenshot_dir: Path
) -> None:
    log_in(page, live_server.url, clinician_a)
    page.goto(f"{live_server.url}/admin/exams/exam/add/")
    grid = page.locator("#tests-grid")
    assert (
        grid.locator("thead tr").nth(1).locator("th").all_text_contents()
        == [
            "Result",
            "Angle (°)",
            "Radicular pain",
        ]
        * 2
    )
    columns = grid.locator("thead tr").nth(1).locator("th").count()
    for row in grid.locator("tbody tr").all():
        assert row.locator("td").count() == columns  # one labelled column per control
    grid.screenshot(path=str(screenshot_dir / "special-tests-grid.png"))


class Counted:
    """A clinician's hands on the page: every click and keystroke is counted.

    Choosing from a drop-down with the mouse is two clicks (open it, pick the value).
    """

    def __init__(self, page: Any) -> None:
        self.page = page
        self.clicks = 0
        self.keystrokes = 0

    def click(self, locator: Any) -> None:
        locator.click()
        self.clicks += 1

    def choose(self, locator: Any, value: str) -> None:
        locator.select_option(value)
        self.clicks += 2

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.keystrokes += len(text)

    def tab_to(self, name: str) -> None:
        for _ in range(10):
            if self.page.evaluate(FOCUSED) == name:
                return
            self.page.keyboard.press("Tab")
            self.keystrokes += 1
        raise AssertionError(f"Tab never reached {name}")


def test_a_whole_exam_takes_at_most_15_clicks(
    page: Any,
    live_server: Any,
    watched: PageProblems,
    clinician_a: User,
    screenshot_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One limb weak, three abnormal findings, everything else normal, no red flags."""
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, live_server.url, clinician_a)  # lands on the worklist
    hands = Counted(page)
    hands.click(page.get_by_role("link", name="Record an exam"))
    page.wait_for_load_state("networkidle")
    hands.type("MRN-4711")  # the identifier field has the focus
    hands.tab_to("birth_date")
    hands.type("02141961")  # 14 Feb 1961
    hands.tab_to("sex")
    hands.type("m")
    hands.click(page.get_by_role("button", name="No to the rest"))
    hands.click(page.get_by_role("button", name="All 5"))
    hands.click(page.get_by_role("button", name="All 2"))
    hands.click(page.get_by_role("button", name="Plantars flexor"))
    hands.click(page.get_by_role("button", name="All normal"))
    hands.choose(page.get_by_label("Left tibialis anterior grade", exact=True), "4")
    hands.choose(page.get_by_label("Left extensor hallucis longus grade", exact=True), "4")
    hands.choose(page.get_by_label("Left dorsum of foot sensation", exact=True), "reduced")
    page.screenshot(path=str(screenshot_dir / "whole-exam-entered.png"), full_page=True)
    hands.click(page.get_by_role("button", name="Save exam"))
    page.wait_for_url("**/change/")
    watched.check()

    with capsys.disabled():
        print(
            "\nA whole exam (one limb weak, three abnormal findings): "
            f"{hands.clicks} clicks, {hands.keystrokes} keystrokes"
        )
    assert hands.clicks <= 15

    document = stored("MRN-4711")
    assert document["patient"] == {
        "identifier": {"system": "urn:neuroexam:mrn", "value": "MRN-4711"},
        "birth_date": "1961-02-14",
        "sex": "male",
    }
    assert document["history"] == dict.fromkeys(RED_FLAG_AND_STROKE, False)
    weak = {(m["muscle"], m["side"]): m["grade"] for m in document["motor"] if m["grade"] != "5"}
    assert weak == {("tibialis_anterior", "left"): "4", ("extensor_hallucis_longus", "left"): "4"}
    assert len(document["motor"]) == 24
    assert all(r["grade"] == 2 for r in document["reflexes"])
    assert [s for s in document["sensory"] if s["status"] != "normal"] == [
        {"region": "dorsum_foot", "side": "left", "status": "reduced"}
    ]
    assert page.locator(".nx-banner").count() == 0
    assert page.locator(".nx-lesion").get_attribute("data-side") == "left"
    page.screenshot(path=str(screenshot_dir / "whole-exam-decision.png"))

"""A spinal unit clinician enters an ISNCSCI worksheet with the keyboard: a digit per cell down
each column, "*" to star the score just typed, "n" for NT, "=" for the rest of the column normal;
after saving, the classification is shown with the scores each result rests on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clinic.models import User
from decisions.engine.isncsci import classify
from exams.isncsci_form import field_name
from exams.models import Exam
from exams.selectors import exam_version_document, exam_version_get
from tests.browser.conftest import PageProblems, log_in
from tests.browser.test_exam_page import fill_patient
from tests.factories import normal_exam_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# C2 ... T10 normal (17 points), T11 ... S4-5 altered (11 points).
RIGHT_SENSORY = "2" * 17 + "1" * 11
# C5 ... T1 normal; hip flexors 4, knee extensors 3, ankle dorsiflexors 2 starred (a fracture
# of the ankle limits it), long toe extensors 1, ankle plantar flexors 0.
RIGHT_MOTOR = ["5", "5", "5", "5", "5", "4", "3", "2", "*", "1", "0"]


def type_down(page: Any, first_cell: str, keys: list[str] | str) -> None:
    page.locator(f"input[name='{first_cell}']").focus()
    for key in keys:
        page.keyboard.press(key)


def test_a_thoracolumbar_worksheet_entered_by_keyboard_is_classified_with_its_basis(
    page: Any, live_server: Any, watched: PageProblems, clinician_a: User, screenshot_dir: Path
) -> None:
    exam = normal_exam_document(mrn="SCI-0042")
    log_in(page, live_server.url, clinician_a)
    page.goto(f"{live_server.url}/admin/exams/exam/add/")
    fill_patient(page, exam)
    page.locator("#isncsci-details > summary").click()

    type_down(page, field_name("right", "light_touch", "C2"), RIGHT_SENSORY)
    type_down(page, field_name("right", "pin_prick", "C2"), RIGHT_SENSORY)
    type_down(page, field_name("right", "motor", "C5"), RIGHT_MOTOR)
    # Left: normal except hip flexors not testable (a drain in the groin): "=" does the rest.
    type_down(page, field_name("left", "light_touch", "C2"), ["="])
    type_down(page, field_name("left", "pin_prick", "C2"), ["="])
    type_down(page, field_name("left", "motor", "C5"), ["5", "5", "5", "5", "5", "n", "="])
    page.get_by_label("Voluntary anal contraction (VAC)").select_option("no")
    page.get_by_label("Deep anal pressure (DAP)").select_option("yes")

    assert page.locator(f"input[name='{field_name('right', 'motor', 'L4')}']").input_value() == "2*"
    assert page.locator(f"input[name='{field_name('left', 'motor', 'L2')}']").input_value() == "NT"
    assert page.locator(f"input[name='{field_name('left', 'pin_prick', 'S4_5')}']").input_value() == "2"
    assert page.locator("#isncsci-grid input.nx-prefilled").count() == 28 + 28 + 4
    page.locator("#isncsci-block").screenshot(path=str(screenshot_dir / "isncsci-worksheet-entered.png"))
    watched.check()

    page.get_by_role("button", name="Save exam").click()
    page.wait_for_url("**/change/")

    stored = Exam.objects.get(patient__identifier_value="SCI-0042")
    worksheet = exam_version_document(exam=stored, version=exam_version_get(exam=stored))["isncsci"]
    assert worksheet["right"]["motor"] == {
        "C5": "5", "C6": "5", "C7": "5", "C8": "5", "T1": "5",
        "L2": "4", "L3": "3", "L4": "2*", "L5": "1", "S1": "0",
    }  # fmt: skip
    assert worksheet["right"]["light_touch"]["T10"] == "2"
    assert worksheet["right"]["light_touch"]["T11"] == "1"
    assert worksheet["left"]["motor"]["L2"] == "NT"
    expected = classify(worksheet)
    results = page.locator("#isncsci-results")
    assert results.is_visible()
    text = results.inner_text()
    assert f"Neurological level of injury\t{expected['neurological_level_of_injury']}" in text
    assert f"ASIA Impairment Scale\t{expected['asia_impairment_scale']}" in text
    assert "T11 light touch 1, pin prick 1, with light touch and pin prick normal from C2 to T10" in text
    page.locator("#isncsci-results").screenshot(path=str(screenshot_dir / "isncsci-classification.png"))
    results.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "isncsci-saved-page.png"))
    watched.check()

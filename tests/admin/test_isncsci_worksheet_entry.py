"""The ISNCSCI worksheet entered on the admin exam page: stored through the same services as the
API (an amendment is a new version), a blank cell named in the clinician's words with nothing
stored, and the classification shown with each result's basis."""

from __future__ import annotations

from typing import Any

from django.test import Client
from rest_framework.test import APIClient

from exams.isncsci_form import PRESENT, anal_name, field_name
from exams.models import Exam, ExamVersion
from tests.admin.conftest import form_data
from tests.factories import normal_exam_document
from tests.isncsci.factories import side, worksheet


def sheet_fields(sheet: dict[str, Any] | None) -> dict[str, str]:
    fields = {PRESENT: "1"}
    for name in ("right", "left"):
        for column in ("motor", "light_touch", "pin_prick"):
            for segment, score in ((sheet or {}).get(name, {}).get(column) or {}).items():
                fields[field_name(name, column, segment)] = score
    for item in ("voluntary_anal_contraction", "deep_anal_pressure"):
        fields[anal_name(item)] = (sheet or {}).get(item, "")
    return fields


def test_an_amendment_with_a_new_worksheet_is_a_new_version_classified_with_its_basis(
    ehr_a: APIClient, admin_a: Client
) -> None:
    document = normal_exam_document(isncsci=worksheet(side("T6")))
    created = ehr_a.post("/api/v1/exams/", document, format="json").json()
    below_l3 = side(motor={"L3": "4", "L4": "2", "L5": "0", "S1": "0"})
    amended = worksheet(below_l3, side(), anal_contraction="yes", anal_pressure="yes")
    data = {**form_data({k: v for k, v in document.items() if k != "isncsci"}, loaded_version=1)}
    data.update(sheet_fields(amended))

    response = admin_a.post(f"/admin/exams/exam/{created['id']}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    stored = ehr_a.get(f"/api/v1/exams/{created['id']}/").json()
    assert stored["version"] == 2
    assert stored["isncsci"] == amended
    assert stored["decision"]["isncsci"]["motor_level"]["right"] == "L3"
    first = ehr_a.get(f"/api/v1/exams/{created['id']}/versions/1/").json()
    assert first["isncsci"] == worksheet(side("T6"))
    page = admin_a.get(f"/admin/exams/exam/{created['id']}/change/").content.decode()
    assert "ISNCSCI classification of version 2" in page
    assert "L4 key muscle 2, L3 key muscle 4 with L2 normal" in page


def test_a_blank_cell_is_named_and_nothing_is_stored(admin_a: Client) -> None:
    document = normal_exam_document()
    sheet = worksheet(side("T6"))
    del sheet["right"]["pin_prick"]["T7"]
    data = {**form_data(document), **sheet_fields(sheet)}

    response = admin_a.post("/admin/exams/exam/add/", data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "ISNCSCI right pin prick T7" in page
    assert f'name="{field_name("right", "pin_prick", "T7")}"' in page
    assert 'aria-invalid="true"' in page
    assert not Exam.objects.exists()


def test_a_blank_worksheet_records_no_worksheet(admin_a: Client) -> None:
    response = admin_a.post(
        "/admin/exams/exam/add/", {**form_data(normal_exam_document()), **sheet_fields(None)}
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert not ExamVersion.objects.filter(isncsci__isnull=False).exists()

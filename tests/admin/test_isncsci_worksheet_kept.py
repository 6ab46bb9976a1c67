"""An exam amended through a form without the worksheet section keeps its ISNCSCI worksheet."""

from __future__ import annotations

from django.test import Client
from rest_framework.test import APIClient

from exams.models import ExamVersion
from tests.admin.conftest import form_data
from tests.factories import normal_exam_document
from tests.isncsci.factories import side, worksheet


def test_an_admin_amendment_keeps_the_worksheet_and_its_classification(
    ehr_a: APIClient, admin_a: Client
) -> None:
    sheet = worksheet(side("T6"))
    document = normal_exam_document(isncsci=sheet)
    created = ehr_a.post("/api/v1/exams/", document, format="json").json()
    amended = {**document, "notes": "re-examined"}
    del amended["isncsci"]

    response = admin_a.post(
        f"/admin/exams/exam/{created['id']}/change/", form_data(amended, loaded_version=1)
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    second = ehr_a.get(f"/api/v1/exams/{created['id']}/").json()
    assert second["version"] == 2
    assert second["notes"] == "re-examined"
    assert second["isncsci"] == sheet
    assert second["decision"]["isncsci"]["neurological_level_of_injury"] == "T6"
    assert ExamVersion.objects.filter(exam_id=created["id"], isncsci__isnull=False).count() == 2

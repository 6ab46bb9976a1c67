"""The ISNCSCI worksheet over the REST API: classify without storing, store with an exam, amend,
and a 400 naming the path for every kind of bad worksheet."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from rest_framework.test import APIClient

from audit.models import AuditEvent
from decisions.engine.isncsci import classify
from exams.documents import parse_exam_document_json
from exams.models import Exam, ExamVersion, IsncsciWorksheet
from exams.selectors import exam_documents_json
from tests.factories import normal_exam_document
from tests.isncsci.factories import side, worksheet

CLASSIFY = "/api/v1/isncsci/classify/"


def t6_complete() -> dict[str, Any]:
    """A complete T6 paraplegia: arms normal, nothing below T6, no sacral sparing."""
    return worksheet(side("T6"))


def only_the_worksheet(sheet: dict[str, Any]) -> dict[str, Any]:
    document = normal_exam_document(external_id=None)
    return {
        "patient": document["patient"],
        "performed_at": document["performed_at"],
        "isncsci": sheet,
    }


def errors_of(response: Any) -> list[str]:
    assert response.status_code == 400, response.json()
    return [error["field"] for error in response.json()["errors"]]


# --- classify, storing nothing ------------------------------------------------------------------


def test_classify_answers_the_classification_and_stores_nothing(ehr_a: APIClient) -> None:
    response = ehr_a.post(CLASSIFY, t6_complete(), format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["neurological_level_of_injury"] == "T6"
    assert body["asia_impairment_scale"] == "A"
    assert body["injury_complete"] == "C"
    assert body["totals"]["upper_extremity_motor"] == "50"
    assert body == classify(t6_complete())
    assert not IsncsciWorksheet.objects.exists()


def test_classify_needs_credentials() -> None:
    assert APIClient().post(CLASSIFY, t6_complete(), format="json").status_code == 401


def test_classify_wants_json(ehr_a: APIClient) -> None:
    response = ehr_a.post(CLASSIFY, "right=5", content_type="text/plain")
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda w: w["left"]["pin_prick"].pop("T7"), "left.pin_prick.T7"),
        (lambda w: w["right"]["motor"].update(L3="6"), "right.motor.L3"),
        (lambda w: w["right"]["motor"].update(L3=3), "right.motor.L3"),
        (lambda w: w["right"]["motor"].update(L3="5*"), "right.motor.L3"),
        (lambda w: w["left"]["light_touch"].update(S4_5="2*"), "left.light_touch.S4_5"),
        (lambda w: w["left"]["light_touch"].update(S5="0"), "left.light_touch.S5"),
        (lambda w: w["left"].update(lowest_non_key_muscle="T6"), "left.lowest_non_key_muscle"),
        (lambda w: w.update(voluntary_anal_contraction=False), "voluntary_anal_contraction"),
        (lambda w: w.pop("deep_anal_pressure"), "deep_anal_pressure"),
        (lambda w: w.pop("left"), "left"),
        (lambda w: w.update(comment="x"), "comment"),
        (lambda w: w["right"].update(motor=[]), "right.motor"),
    ],
    ids=[
        "missing point",
        "grade out of range",
        "grade as a number",
        "star on a normal grade",
        "star on a normal sensory score",
        "unknown point",
        "non-key muscle outside C5-S1",
        "anal contraction as a boolean",
        "missing anal pressure",
        "missing side",
        "unknown key",
        "motor not an object",
    ],
)
def test_classify_names_the_path_of_each_kind_of_bad_worksheet(
    ehr_a: APIClient, change: Any, path: str
) -> None:
    sheet = t6_complete()
    change(sheet)
    assert path in errors_of(ehr_a.post(CLASSIFY, sheet, format="json"))


def test_classify_rejects_a_body_that_is_not_an_object(ehr_a: APIClient) -> None:
    assert errors_of(ehr_a.post(CLASSIFY, [1, 2], format="json")) == [""]


# --- the worksheet in an exam --------------------------------------------------------------------


def test_an_exam_with_only_the_worksheet_is_stored_with_its_classification(ehr_a: APIClient) -> None:
    response = ehr_a.post("/api/v1/exams/", only_the_worksheet(t6_complete()), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["isncsci"] == t6_complete()
    assert body["decision"]["isncsci"] == classify(t6_complete())
    detail = ehr_a.get(f"/api/v1/exams/{body['id']}/").json()
    assert detail["isncsci"] == t6_complete()
    assert detail["decision"]["isncsci"]["neurological_level_of_injury"] == "T6"
    decision = ehr_a.get(f"/api/v1/exams/{body['id']}/decision/").json()
    assert decision["isncsci"]["asia_impairment_scale"] == "A"
    # The lesion engine reads the worksheet: a complete T6 injury is a thoracic cord lesion,
    # imaged at the thoracic spine, with the level and the AIS grade as its evidence.
    assert decision["lesion"]["site"] == "spinal_cord"
    assert "ISNCSCI worksheet: neurological level of injury T6, AIS A" in [
        item["text"] for item in decision["lesion"]["supporting"]
    ]
    studies = {item["study"] for item in decision["recommendations"]}
    assert "mri_thoracic_spine" in studies
    assert "mri_lumbar_spine" not in studies


def test_the_worksheet_sits_beside_the_lower_limb_findings(ehr_a: APIClient) -> None:
    document = normal_exam_document(isncsci=t6_complete())
    response = ehr_a.post("/api/v1/exams/", document, format="json")

    assert response.status_code == 201, response.json()
    assert len(response.json()["motor"]) == len(document["motor"])
    assert response.json()["decision"]["isncsci"]["motor_level"] == {"right": "T6", "left": "T6"}


def test_an_exam_without_the_worksheet_has_no_classification(ehr_a: APIClient) -> None:
    body = ehr_a.post("/api/v1/exams/", normal_exam_document(), format="json").json()
    assert "isncsci" not in body
    assert "isncsci" not in body["decision"]


def test_storing_the_worksheet_is_audited(ehr_a: APIClient, clinic_a: Any) -> None:
    ehr_a.post("/api/v1/exams/", only_the_worksheet(t6_complete()), format="json")
    event = AuditEvent.objects.get(table_name="exams_isncsciworksheet", action="insert")
    assert event.actor_client_id is not None


def test_an_amendment_stores_a_new_worksheet_and_keeps_the_old(ehr_a: APIClient) -> None:
    created = ehr_a.post("/api/v1/exams/", only_the_worksheet(t6_complete()), format="json").json()
    recovering = worksheet(side("T6", light_touch={"S4_5": "1"}), anal_pressure="yes")

    response = ehr_a.put(
        f"/api/v1/exams/{created['id']}/", only_the_worksheet(recovering), format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 200, response.json()
    assert response.json()["decision"]["isncsci"]["asia_impairment_scale"] == "B"
    first = ehr_a.get(f"/api/v1/exams/{created['id']}/versions/1/").json()
    assert first["isncsci"] == t6_complete()
    assert first["decision"]["isncsci"]["asia_impairment_scale"] == "A"
    assert ExamVersion.objects.filter(exam_id=created["id"], isncsci__isnull=False).count() == 2


def test_an_amendment_without_the_worksheet_drops_it_from_the_new_version_only(ehr_a: APIClient) -> None:
    document = normal_exam_document(isncsci=t6_complete())
    created = ehr_a.post("/api/v1/exams/", document, format="json").json()
    without = copy.deepcopy(document)
    del without["isncsci"]

    response = ehr_a.put(f"/api/v1/exams/{created['id']}/", without, format="json", HTTP_IF_MATCH='"1"')

    assert response.status_code == 200
    assert "isncsci" not in response.json()["decision"]
    assert ehr_a.get(f"/api/v1/exams/{created['id']}/versions/1/").json()["isncsci"] == t6_complete()


def test_reposting_the_same_external_id_with_the_worksheet_is_a_replay(ehr_a: APIClient) -> None:
    document = normal_exam_document(isncsci=t6_complete())
    first = ehr_a.post("/api/v1/exams/", document, format="json")
    again = ehr_a.post("/api/v1/exams/", document, format="json")
    changed = copy.deepcopy(document)
    changed["isncsci"]["right"]["motor"]["L2"] = "1"
    conflicting = ehr_a.post("/api/v1/exams/", changed, format="json")

    assert (first.status_code, again.status_code, conflicting.status_code) == (201, 200, 409)


def test_a_bad_worksheet_in_an_exam_is_a_400_naming_the_full_path(ehr_a: APIClient) -> None:
    sheet = t6_complete()
    sheet["left"]["pin_prick"]["T7"] = "3"
    response = ehr_a.post("/api/v1/exams/", only_the_worksheet(sheet), format="json")

    assert errors_of(response) == ["isncsci.left.pin_prick.T7"]
    assert not IsncsciWorksheet.objects.exists()


def test_an_exam_with_neither_findings_nor_worksheet_is_still_refused(ehr_a: APIClient) -> None:
    document = only_the_worksheet(t6_complete())
    del document["isncsci"]
    assert errors_of(ehr_a.post("/api/v1/exams/", document, format="json")) == ["motor"]


def test_evaluate_classifies_the_worksheet_and_stores_nothing(ehr_a: APIClient) -> None:
    response = ehr_a.post("/api/v1/decisions/evaluate/", only_the_worksheet(t6_complete()), format="json")

    assert response.status_code == 200
    assert response.json()["isncsci"] == classify(t6_complete())
    assert not IsncsciWorksheet.objects.exists()


def test_re_evaluation_reads_the_stored_worksheet(ehr_a: APIClient) -> None:
    created = ehr_a.post("/api/v1/exams/", only_the_worksheet(t6_complete()), format="json").json()

    [(pk, document_json)] = exam_documents_json(Exam.objects.filter(pk=created["id"]), "pk")

    assert pk == created["id"]
    assert parse_exam_document_json(document_json).isncsci_worksheet() == t6_complete()

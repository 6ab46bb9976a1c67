"""Serial exams over the API: each new decision is compared with the patient's earlier exam.

The earlier exam is the most recent one of the same patient in the same clinic performed before
this one (by performed_at, not arrival) within the window, as its current version.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from alerts.models import AlertEvent
from clinic.models import Clinic
from exams.models import Exam
from exams.selectors import ExamNeighbours
from tests.alerts.helpers import subscribe
from tests.factories import normal_exam_document, set_finding

pytestmark = pytest.mark.django_db

PROGRESSIVE = "progressive_motor_deficit"
QUERIES_PER_POST = 2  # the earlier exam (issue 24) and the write; the client is authenticated from cache


def _exam(performed_at: str, *, quadriceps: str, encounter: str) -> dict[str, Any]:
    document = normal_exam_document(external_id=encounter, performed_at=performed_at)
    set_finding(document, "motor", "muscle", "quadriceps", "left", grade=quadriceps)
    return document


def _post(client: APIClient, document: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/exams/", document, format="json")
    assert response.status_code in (200, 201), response.json()
    body: dict[str, Any] = response.json()
    return body


def _flags(body: dict[str, Any]) -> list[str]:
    return [flag["code"] for flag in body["decision"]["red_flags"]]


def test_quadriceps_4_then_3_is_compared_and_flagged(ehr_a: APIClient) -> None:
    first = _post(ehr_a, _exam("2026-11-02T09:00:00Z", quadriceps="4", encounter="e1"))
    second = _post(ehr_a, _exam("2026-11-20T09:30:00Z", quadriceps="3", encounter="e2"))

    assert first["decision"]["compared_with"] is None
    assert second["decision"]["compared_with"] == {
        "id": str(first["id"]),
        "version": 1,
        "performed_at": "2026-11-02T09:00:00Z",
    }
    assert [(c["before"], c["after"], c["direction"]) for c in second["decision"]["changes"]] == [
        ("4", "3", "worsened")
    ]
    assert PROGRESSIVE in _flags(second)
    flag = next(f for f in second["decision"]["red_flags"] if f["code"] == PROGRESSIVE)
    assert "Left quadriceps MRC 4 on 2026-11-02, 3 today" in [e["text"] for e in flag["evidence"]]


def test_an_exam_of_another_clinic_is_never_compared(ehr_a: APIClient, ehr_b: APIClient) -> None:
    _post(ehr_b, _exam("2026-11-02T09:00:00Z", quadriceps="5", encounter="e1"))
    today = _post(ehr_a, _exam("2026-11-20T09:30:00Z", quadriceps="3", encounter="e2"))

    assert today["decision"]["compared_with"] is None
    assert PROGRESSIVE not in _flags(today)


def test_exams_arriving_out_of_order_are_compared_by_performed_at(ehr_a: APIClient) -> None:
    middle = _post(ehr_a, _exam("2026-11-10T09:00:00Z", quadriceps="4", encounter="e-middle"))
    oldest = _post(ehr_a, _exam("2026-11-01T09:00:00Z", quadriceps="5", encounter="e-oldest"))  # posted late
    latest = _post(ehr_a, _exam("2026-11-20T09:00:00Z", quadriceps="3", encounter="e-latest"))

    assert oldest["decision"]["compared_with"] is None  # the exam of 10 November is not earlier
    assert latest["decision"]["compared_with"]["id"] == str(middle["id"])  # not the last to arrive
    assert latest["decision"]["changes"][0]["before"] == "4"


def test_an_older_exam_posted_late_reevaluates_the_later_exam_with_an_alert(
    ehr_a: APIClient, clinic_a: Clinic, django_capture_on_commit_callbacks: Any
) -> None:
    """The EHR sends last week's exam after today's: today's exam was compared with nothing, and
    is compared with last week's once it arrives; the fall in strength alerts."""
    subscribe(clinic_a)
    today = _post(ehr_a, _exam("2026-11-20T09:30:00Z", quadriceps="3", encounter="e-today"))
    assert today["decision"]["compared_with"] is None
    alerts_before = AlertEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        last_week = _post(ehr_a, _exam("2026-11-13T09:00:00Z", quadriceps="4", encounter="e-last-week"))

    assert last_week["decision"]["compared_with"] is None  # today's exam is not earlier
    now = ehr_a.get(f"/api/v1/exams/{today['id']}/").json()
    assert now["decision"]["compared_with"]["id"] == str(last_week["id"])
    assert PROGRESSIVE in _flags(now)
    assert AlertEvent.objects.count() == alerts_before + 1


@pytest.mark.django_db(transaction=True)
def test_with_real_commits_an_older_exam_posted_late_reevaluates_the_later_exam(
    ehr_a: APIClient, clinic_a: Clinic
) -> None:
    """As production runs it: outside a transaction a new exam is one self-committing statement
    (``exams.services._created_in_one_statement``), and the re-evaluation follows its commit."""
    subscribe(clinic_a)
    today = _post(ehr_a, _exam("2026-11-20T09:30:00Z", quadriceps="3", encounter="e-today"))
    alerts_before = AlertEvent.objects.count()

    last_week = _post(ehr_a, _exam("2026-11-13T09:00:00Z", quadriceps="4", encounter="e-last-week"))

    now = ehr_a.get(f"/api/v1/exams/{today['id']}/").json()
    assert now["decision"]["compared_with"]["id"] == str(last_week["id"])
    assert PROGRESSIVE in _flags(now)
    assert AlertEvent.objects.count() == alerts_before + 1


def test_a_late_exam_outside_the_window_leaves_the_later_exam_alone(
    ehr_a: APIClient, django_capture_on_commit_callbacks: Any
) -> None:
    today = _post(ehr_a, _exam("2026-11-20T09:30:00Z", quadriceps="3", encounter="e-today"))
    decided = Exam.objects.get(pk=today["id"]).current_decision_id

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _post(ehr_a, _exam("2026-07-01T09:00:00Z", quadriceps="5", encounter="e-july"))

    assert callbacks == []
    assert Exam.objects.get(pk=today["id"]).current_decision_id == decided


def test_an_exam_older_than_the_window_is_not_compared(ehr_a: APIClient) -> None:
    _post(ehr_a, _exam("2026-08-01T09:00:00Z", quadriceps="5", encounter="e1"))
    today = _post(ehr_a, _exam("2026-11-20T09:30:00Z", quadriceps="3", encounter="e2"))

    assert today["decision"]["compared_with"] is None


def test_a_repeated_post_is_the_same_exam_and_the_same_comparison(ehr_a: APIClient) -> None:
    first = _post(ehr_a, _exam("2026-11-02T09:00:00Z", quadriceps="4", encounter="e1"))
    document = _exam("2026-11-20T09:30:00Z", quadriceps="3", encounter="e2")
    posted = _post(ehr_a, document)
    again = _post(ehr_a, copy.deepcopy(document))

    assert again["id"] == posted["id"]
    assert again["decision"] == posted["decision"]
    assert again["decision"]["compared_with"]["id"] == str(first["id"])
    assert Exam.objects.count() == 2


def test_amending_the_earlier_exam_reevaluates_the_later_one_with_an_alert(
    ehr_a: APIClient, clinic_a: Clinic, django_capture_on_commit_callbacks: Any
) -> None:
    subscribe(clinic_a)
    earlier_document = _exam("2026-11-02T09:00:00Z", quadriceps="3", encounter="e1")
    earlier = _post(ehr_a, earlier_document)
    later = _post(ehr_a, _exam("2026-11-20T09:30:00Z", quadriceps="3", encounter="e2"))
    assert PROGRESSIVE not in _flags(later)
    alerts_before = AlertEvent.objects.count()

    corrected = copy.deepcopy(earlier_document)
    set_finding(corrected, "motor", "muscle", "quadriceps", "left", grade="5")  # it was 5, not 3
    with django_capture_on_commit_callbacks(execute=True):
        response = ehr_a.put(f"/api/v1/exams/{earlier['id']}/", corrected, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.json()

    now = ehr_a.get(f"/api/v1/exams/{later['id']}/").json()
    assert now["decision"]["compared_with"] == {
        "id": str(earlier["id"]),
        "version": 2,
        "performed_at": "2026-11-02T09:00:00Z",
    }
    assert PROGRESSIVE in _flags(now)
    assert AlertEvent.objects.count() == alerts_before + 1


def _post_queries(client: APIClient, document: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as queries:
        _post(client, document)
    return len(queries)


@pytest.mark.django_db(transaction=True)
def test_the_comparison_costs_one_query_of_an_exam_post(
    ehr_a: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside a transaction a post is the earlier exam and the one statement that writes
    everything (``exams.services._created_in_one_statement``); the first post also authenticates."""
    _post(ehr_a, _exam("2026-11-02T09:00:00Z", quadriceps="4", encounter="e1"))
    second = _post_queries(ehr_a, _exam("2026-11-20T09:30:00Z", quadriceps="3", encounter="e2"))
    no_neighbours = ExamNeighbours(earlier=None, later_in_window=False)
    monkeypatch.setattr("exams.services.exam_neighbours", lambda **_: no_neighbours)
    without_comparison = _post_queries(ehr_a, _exam("2026-11-25T09:30:00Z", quadriceps="3", encounter="e3"))

    assert second == QUERIES_PER_POST
    assert without_comparison == QUERIES_PER_POST - 1

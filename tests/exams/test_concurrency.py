"""Real parallel requests against a live server on PostgreSQL: no duplicate, no lost update."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from clinic.models import Clinic
from decisions.models import DecisionRecord
from exams.models import Exam, ExamVersion
from tests.factories import ApiClientFactory, set_finding

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PARALLEL = 20


@pytest.fixture
def session_a(clinic_a: Clinic) -> requests.Session:
    _, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return session


def in_parallel(call: Any, count: int = PARALLEL) -> list[requests.Response]:
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(lambda _: call(), range(count)))


def test_simultaneous_posts_of_one_external_id_create_exactly_one_exam(
    live_server: Any, session_a: requests.Session, exam_document: dict[str, Any]
) -> None:
    url = f"{live_server.url}/api/v1/exams/"

    responses = in_parallel(lambda: session_a.post(url, json=exam_document, timeout=60))

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * (PARALLEL - 1) + [201]
    assert len({r.json()["id"] for r in responses}) == 1
    assert Exam.objects.count() == 1
    assert ExamVersion.objects.count() == 1
    assert DecisionRecord.objects.count() == 1


def test_simultaneous_amendments_with_one_if_match_let_exactly_one_through(
    live_server: Any, session_a: requests.Session, exam_document: dict[str, Any]
) -> None:
    created = session_a.post(f"{live_server.url}/api/v1/exams/", json=exam_document, timeout=60).json()
    amended = copy.deepcopy(exam_document)
    set_finding(amended, "motor", "muscle", "quadriceps", "left", grade="3")
    url = f"{live_server.url}/api/v1/exams/{created['id']}/"

    responses = in_parallel(lambda: session_a.put(url, json=amended, headers={"If-Match": '"1"'}, timeout=60))

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [412] * (PARALLEL - 1)
    exam = Exam.objects.get()
    assert exam.version == 2
    assert list(
        ExamVersion.objects.filter(exam=exam).values_list("number", flat=True).order_by("number")
    ) == [1, 2]
    assert DecisionRecord.objects.count() == 2

"""Real parallel requests against a live server on PostgreSQL, checked against the audit trail:
one exam per external_id, one winner per If-Match, and exactly one audit row per stored change."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from audit.models import AuditEvent
from clinic.models import Clinic
from exams.models import Exam, ExamVersion, MotorFinding
from tests.factories import ApiClientFactory

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 20


@pytest.fixture
def session_a(clinic_a: Clinic) -> requests.Session:
    _, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return session


def in_parallel(calls: list[Any]) -> list[requests.Response]:
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


@pytest.fixture(autouse=True)
def trail_start() -> None:
    """The audit table outlives each test's flush: look only at rows written by this test."""
    global TRAIL_START
    last = AuditEvent.objects.order_by("-id").first()
    TRAIL_START = last.pk if last else 0


TRAIL_START = 0


def audit_rows(table: str, action: str = "insert", **after: Any) -> list[AuditEvent]:
    rows = AuditEvent.objects.filter(table_name=table, action=action, id__gt=TRAIL_START)
    return [
        r for r in rows if isinstance(r.after, dict) and all(r.after.get(k) == v for k, v in after.items())
    ]


def inserted_rows(table: str, **values: Any) -> list[dict[str, Any]]:
    """The rows the trail records as inserted (PostgreSQL lists a multi-row insert in one event)."""
    events = AuditEvent.objects.filter(table_name=table, action="insert", id__gt=TRAIL_START).order_by("id")
    rows = [row for e in events for row in (e.after if isinstance(e.after, list) else [e.after])]
    return [row for row in rows if all(row.get(k) == v for k, v in values.items())]


def test_twenty_simultaneous_posts_store_one_exam_and_audit_it_once(
    live_server: Any, session_a: requests.Session, clinic_a: Clinic, exam_document: dict[str, Any]
) -> None:
    url = f"{live_server.url}/api/v1/exams/"

    responses = in_parallel([lambda: session_a.post(url, json=exam_document, timeout=60)] * PARALLEL)

    assert sorted(r.status_code for r in responses) == [200] * (PARALLEL - 1) + [201]
    exam = Exam.objects.get(clinic=clinic_a)
    assert {r.json()["id"] for r in responses} == {exam.pk}
    assert len(inserted_rows("exams_exam", clinic_id=clinic_a.pk, external_id_value="encounter-8841")) == 1
    assert len(inserted_rows("exams_examversion", exam_id=exam.pk)) == 1
    version = ExamVersion.objects.get(exam=exam)
    assert (
        len(inserted_rows("exams_motorfinding", version_id=version.pk))
        == MotorFinding.objects.filter(version=version).count()
    )
    assert len(inserted_rows("exams_patient", clinic_id=clinic_a.pk)) == 1


def test_twenty_simultaneous_amendments_with_one_if_match_give_one_winner_and_lose_nothing(
    live_server: Any, session_a: requests.Session, exam_document: dict[str, Any]
) -> None:
    created = session_a.post(f"{live_server.url}/api/v1/exams/", json=exam_document, timeout=60).json()
    url = f"{live_server.url}/api/v1/exams/{created['id']}/"
    amendments = []
    for n in range(PARALLEL):
        document = copy.deepcopy(exam_document)
        document["notes"] = f"amendment {n}"
        amendments.append(document)

    responses = in_parallel(
        [lambda d=d: session_a.put(url, json=d, headers={"If-Match": '"1"'}, timeout=60) for d in amendments]
    )

    assert sorted(r.status_code for r in responses) == [200] + [412] * (PARALLEL - 1)
    winner = next(r for r in responses if r.status_code == 200).json()
    exam = Exam.objects.get(pk=created["id"])
    assert exam.version == 2
    versions = list(ExamVersion.objects.filter(exam=exam).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].notes == winner["notes"]
    assert versions[0].notes == exam_document.get("notes")  # the first version is untouched
    # The trail holds exactly the winner's change: one version bump, one new version, its findings.
    bumps = [r for r in audit_rows("exams_exam", action="update", id=exam.pk) if r.before]
    assert [
        (r.before["version"], r.after["version"]) for r in bumps if r.before["version"] != r.after["version"]
    ] == [(1, 2)]
    assert [row["notes"] for row in inserted_rows("exams_examversion", exam_id=exam.pk, number=2)] == [
        winner["notes"]
    ]
    assert len(inserted_rows("exams_motorfinding", version_id=versions[1].pk)) == len(exam_document["motor"])

"""Hostile input and brute force: size limits, request budgets and the admin login brake."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from rest_framework.test import APIClient

from clinic.throttling import ApiClientRateThrottle
from exams.models import Exam
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fresh_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=50_000)
def test_an_oversized_body_answers_413_in_the_error_shape(
    ehr_a: APIClient, exam_document: dict[str, Any]
) -> None:
    exam_document["notes"] = "x" * 60_000
    response = ehr_a.post("/api/v1/exams/", json.dumps(exam_document), content_type="application/json")

    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"
    assert response.json()["errors"][0]["field"] == "body"
    assert not Exam.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=50_000)
def test_an_oversized_amendment_answers_413_too(ehr_a: APIClient, exam_document: dict[str, Any]) -> None:
    created = ehr_a.post("/api/v1/exams/", exam_document, format="json").json()
    exam_document["notes"] = "x" * 60_000
    response = ehr_a.put(f"/api/v1/exams/{created['id']}/", exam_document, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 413
    assert Exam.objects.get().version == 1


def test_too_many_findings_answer_400_naming_the_list(
    ehr_a: APIClient, exam_document: dict[str, Any]
) -> None:
    exam_document["motor"] = exam_document["motor"] * 10
    response = ehr_a.post("/api/v1/exams/", exam_document, format="json")

    assert response.status_code == 400
    assert "motor" in {e["field"] for e in response.json()["errors"]}
    assert not Exam.objects.exists()


@override_settings(API_CLIENT_RATE="3/min")
def test_an_api_client_over_its_budget_gets_429_with_retry_after(ehr_a: APIClient, ehr_b: APIClient) -> None:
    statuses = [ehr_a.get("/api/v1/exams/").status_code for _ in range(4)]
    throttled = ehr_a.get("/api/v1/exams/")

    assert statuses == [200, 200, 200, 429]
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert throttled.json()["code"] == "throttled"
    assert ehr_b.get("/api/v1/exams/").status_code == 200  # another client has its own budget


def _login(browser: Client, username: str, password: str, address: str = "198.51.100.7") -> Any:
    return browser.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@override_settings(ADMIN_LOGIN_MAX_FAILURES=5, ADMIN_LOGIN_LOCKOUT_SECONDS=900)
def test_password_guessing_locks_the_name_out_even_for_the_right_password(db: None) -> None:
    UserFactory(username="dr.jones")
    browser = Client()

    failures = [_login(browser, "dr.jones", f"guess-{n}").status_code for n in range(5)]
    locked = _login(browser, "dr.jones", "correct horse battery staple")

    assert failures == [200] * 5  # the form again, with an error
    assert locked.status_code == 429
    assert 0 < int(locked["Retry-After"]) <= 900
    # Another address is not locked out by someone else's guessing.
    assert (
        _login(Client(), "dr.jones", "correct horse battery staple", address="203.0.113.5").status_code == 302
    )


@override_settings(ADMIN_LOGIN_MAX_FAILURES=5)
def test_a_successful_login_clears_the_failure_count(db: None) -> None:
    UserFactory(username="dr.smith")
    browser = Client()
    for n in range(4):
        _login(browser, "dr.smith", f"guess-{n}")
    assert _login(browser, "dr.smith", "correct horse battery staple").status_code == 302
    browser.logout()
    for n in range(4):
        _login(browser, "dr.smith", f"again-{n}")
    assert _login(browser, "dr.smith", "correct horse battery staple").status_code == 302


@override_settings(ADMIN_LOGIN_ATTEMPTS_PER_MINUTE=10, ADMIN_LOGIN_MAX_FAILURES=100)
def test_one_address_cannot_spray_many_user_names(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # The count is per clock minute: keep the eleven posts inside one minute.
    monkeypatch.setattr("clinic.throttling.time.time", lambda: 1_800_000_010.0)
    browser = Client()
    statuses = [_login(browser, f"user{n}", "password").status_code for n in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    assert _login(browser, "user11", "password").status_code == 429


@override_settings(API_CLIENT_RATE="3/min")
def test_a_spent_budget_refills_one_request_per_share_of_the_period(
    ehr_a: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr(ApiClientRateThrottle, "timer", lambda self: clock[0])
    assert [ehr_a.get("/api/v1/exams/").status_code for _ in range(4)] == [200, 200, 200, 429]

    clock[0] += 19.0  # 3/min: one request back every 20 s
    refused = ehr_a.get("/api/v1/exams/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "1"

    clock[0] += 1.0
    assert ehr_a.get("/api/v1/exams/").status_code == 200
    assert ehr_a.get("/api/v1/exams/").status_code == 429

    clock[0] += 60.0  # a quiet minute: the whole budget again, not more
    assert [ehr_a.get("/api/v1/exams/").status_code for _ in range(4)] == [200, 200, 200, 429]


REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/7",
    }
}


@override_settings(API_CLIENT_RATE="5/min", CACHES=REDIS_CACHE)
def test_workers_sharing_redis_never_spend_more_than_the_budget() -> None:
    """Several workers race for the last requests of one client's budget: on Redis the budget is
    spent by one server-side step, so exactly the budget gets through, never more."""
    from concurrent.futures import ThreadPoolExecutor
    from types import SimpleNamespace

    from django.core.cache import caches

    from clinic.models import ApiClient

    caches["default"].clear()
    request = SimpleNamespace(user=ApiClient(pk=424242))

    def one_request(_: int) -> bool:
        return ApiClientRateThrottle().allow_request(request, None)  # type: ignore[arg-type]

    with ThreadPoolExecutor(max_workers=8) as pool:
        allowed = list(pool.map(one_request, range(12)))

    assert allowed.count(True) == 5, allowed
    refused = ApiClientRateThrottle()
    assert refused.allow_request(request, None) is False  # type: ignore[arg-type]
    assert 0 < (refused.wait() or 0) <= 12  # 5/min: one request back every 12 s
    caches["default"].clear()

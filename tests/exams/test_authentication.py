"""Every endpoint needs a live bearer token; tokens are created by the management commands."""

from __future__ import annotations

import time
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from clinic import authentication
from clinic.models import ApiClient, Clinic
from clinic.services import api_client_revoke, hash_token
from tests.factories import ApiClientFactory

ENDPOINTS = [
    ("get", "/api/v1/exams/"),
    ("post", "/api/v1/exams/"),
    ("get", "/api/v1/exams/1/"),
    ("put", "/api/v1/exams/1/"),
    ("get", "/api/v1/exams/1/decision/"),
    ("get", "/api/v1/exams/1/versions/"),
    ("get", "/api/v1/exams/1/versions/1/"),
    ("post", "/api/v1/decisions/evaluate/"),
    ("get", "/api/v1/schema/"),
]


def call(client: APIClient, method: str, url: str) -> Any:
    return getattr(client, method)(url, {}, format="json") if method in ("post", "put") else client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_every_endpoint_refuses_a_request_without_a_token(method: str, url: str) -> None:
    response = call(APIClient(), method, url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"Authorization" in response.content  # the problem body names what to fix


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_every_endpoint_refuses_a_revoked_token(clinic_a: Clinic, method: str, url: str) -> None:
    client, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    api_client_revoke(client=client)
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    assert call(http, method, url).status_code == 401


def test_an_expired_token_is_refused(clinic_a: Clinic) -> None:
    client, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    client.expires_at = timezone.now() - timedelta(seconds=1)
    client.save()
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    assert http.get("/api/v1/exams/").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", ["Bearer", "Token abc", "Bearer nxk_not-a-real-token", "Basic dXNlcjpwYXNz"]
)
def test_malformed_or_unknown_credentials_are_refused(header: str) -> None:
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=header)

    assert http.get("/api/v1/exams/").status_code == 401


def test_a_token_records_when_it_was_last_used(clinic_a: Clinic) -> None:
    client, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    http.get("/api/v1/exams/")

    client.refresh_from_db()
    assert client.last_used_at is not None


@pytest.mark.django_db
def test_the_commands_create_a_clinic_and_a_client_whose_last_line_is_the_token() -> None:
    call_command("create_clinic", "north", "North Neurology", stdout=StringIO())
    out = StringIO()
    call_command("create_api_client", "epic-prod", "--clinic", "north", stdout=out, stderr=StringIO())

    token = out.getvalue().strip().splitlines()[-1]
    client = ApiClient.objects.get(name="epic-prod")
    assert client.clinic.slug == "north"
    assert client.token_hash == hash_token(token)
    assert token not in (client.token_hash, client.token_prefix)
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert http.get("/api/v1/exams/").status_code == 200


@pytest.mark.django_db
def test_creating_a_client_for_an_unknown_clinic_fails_clearly() -> None:
    with pytest.raises(CommandError, match="no clinic with slug 'nowhere'"):
        call_command("create_api_client", "x", "--clinic", "nowhere", stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_a_duplicate_clinic_slug_fails_clearly() -> None:
    call_command("create_clinic", "north", "North", stdout=StringIO())

    with pytest.raises(CommandError, match="slug"):
        call_command("create_clinic", "north", "Another", stdout=StringIO())


def _using(token: str) -> APIClient:
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return http


def test_a_revocation_saved_in_this_process_applies_to_the_next_request(clinic_a: Clinic) -> None:
    client, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    http = _using(token)
    assert http.get("/api/v1/exams/").status_code == 200  # the worker now trusts the token

    client.revoked_at = timezone.now()
    client.save()  # as the admin does

    assert http.get("/api/v1/exams/").status_code == 401


def test_a_revocation_made_elsewhere_applies_within_the_token_cache_time(
    clinic_a: Clinic, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.API_TOKEN_CACHE_SECONDS = 5.0
    client, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    http = _using(token)
    assert http.get("/api/v1/exams/").status_code == 200
    # Another worker or machine revokes it: no signal reaches this process.
    ApiClient.objects.filter(pk=client.pk).update(revoked_at=timezone.now())
    assert http.get("/api/v1/exams/").status_code == 200  # still trusted, for at most 5 s

    later = time.monotonic() + 5.0
    monkeypatch.setattr(authentication.time, "monotonic", lambda: later)

    assert http.get("/api/v1/exams/").status_code == 401


def test_with_no_token_cache_every_request_looks_the_token_up(clinic_a: Clinic, settings: Any) -> None:
    settings.API_TOKEN_CACHE_SECONDS = 0
    client, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    http = _using(token)
    assert http.get("/api/v1/exams/").status_code == 200

    ApiClient.objects.filter(pk=client.pk).update(revoked_at=timezone.now())

    assert http.get("/api/v1/exams/").status_code == 401


def test_an_expiry_passing_is_seen_although_the_token_is_cached(
    clinic_a: Clinic, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.API_TOKEN_CACHE_SECONDS = 60.0
    soon = timezone.now() + timedelta(minutes=10)
    client, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    client.expires_at = soon
    client.save()
    http = _using(token)
    assert http.get("/api/v1/exams/").status_code == 200

    monkeypatch.setattr(authentication.timezone, "now", lambda: soon + timedelta(seconds=1))

    assert http.get("/api/v1/exams/").status_code == 401


def test_a_cached_token_records_its_use_once_a_minute(
    clinic_a: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    http = _using(token)
    http.get("/api/v1/exams/")
    client.refresh_from_db()
    first_use = client.last_used_at
    assert first_use is not None

    http.get("/api/v1/exams/")  # the same minute: not written again
    client.refresh_from_db()
    assert client.last_used_at == first_use

    monkeypatch.setattr(authentication.timezone, "now", lambda: first_use + timedelta(minutes=2))
    http.get("/api/v1/exams/")
    client.refresh_from_db()
    assert client.last_used_at == first_use + timedelta(minutes=2)

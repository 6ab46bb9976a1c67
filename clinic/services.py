"""Writes for clinics and API clients."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from clinic.models import ApiClient, Clinic

TOKEN_PREFIX = "nxk_"


def hash_token(token: str) -> str:
    """Tokens carry 256 random bits, so a fast hash is safe here (as for GitHub's tokens)."""
    return hashlib.sha256(token.encode()).hexdigest()


def clinic_create(*, slug: str, name: str) -> Clinic:
    clinic = Clinic(slug=slug, name=name)
    clinic.full_clean()
    clinic.save()
    return clinic


@transaction.atomic
def api_client_create(*, clinic: Clinic, name: str) -> tuple[ApiClient, str]:
    """Create a client and return its token; the token is never stored and cannot be shown again."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient(clinic=clinic, name=name, token_prefix=token[:12], token_hash=hash_token(token))
    client.full_clean()
    client.save()
    return client, token


def api_client_revoke(*, client: ApiClient) -> ApiClient:
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
    return client

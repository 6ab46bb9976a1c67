"""Clinics (the tenants), their clinicians, and the API clients that EHR systems use."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


def default_time_zone() -> str:
    """The deployment's default for a new clinic (``CLINIC_DEFAULT_TIME_ZONE``)."""
    return str(settings.CLINIC_DEFAULT_TIME_ZONE)


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"{value!r} is not a time zone name: use an IANA name such as Europe/London", code="invalid"
        ) from None


class Clinic(models.Model):
    """A tenant: every patient and exam belongs to exactly one clinic."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="Exam times are entered and shown in this zone (IANA name, e.g. Europe/London); "
        "they are stored in UTC.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in to the admin. Clinicians belong to one clinic; superusers may not."""

    class Role(models.TextChoices):
        CLINICIAN = "clinician", "Clinician (records and amends exams)"
        VIEWER = "viewer", "Viewer (reads only)"

    clinic = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CLINICIAN)


class ApiClient(models.Model):
    """An EHR or integration engine. Its bearer token is stored only as a SHA-256 hash."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="api_clients")
    name = models.CharField(max_length=100)
    token_prefix = models.CharField(
        max_length=12, help_text="The token's first characters, to recognise it; not a secret."
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["clinic", "name"], name="api_client_name_per_clinic")]

    def __str__(self) -> str:
        return f"{self.name} ({self.clinic.slug})"

    # DRF treats the authenticated principal as request.user; an API client is one.
    is_authenticated = True
    is_anonymous = False

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now

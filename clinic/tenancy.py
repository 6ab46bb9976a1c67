"""Who is asking, and for which clinic: the one place that answers it for every request."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from rest_framework.request import Request

from clinic.models import ApiClient, User


@dataclass(frozen=True, slots=True)
class Actor:
    """The accountable principal of a write: a clinician, an API client, or the system itself."""

    clinic_id: int | None
    user_id: int | None = None
    api_client_id: int | None = None
    address: str | None = None
    cds_client_id: int | None = None  # an EHR calling a CDS Hooks service (interop.models.CdsClient)

    @property
    def label(self) -> str:
        if self.api_client_id is not None:
            return f"api_client:{self.api_client_id}"
        if self.cds_client_id is not None:
            return f"cds_client:{self.cds_client_id}"
        if self.user_id is not None:
            return f"user:{self.user_id}"
        return "system"


SYSTEM = Actor(clinic_id=None)


def client_address(request: HttpRequest | Request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def actor_for_request(request: HttpRequest | Request) -> Actor:
    principal = request.user
    address = client_address(request)
    if isinstance(principal, ApiClient):
        return Actor(clinic_id=principal.clinic_id, api_client_id=principal.pk, address=address)
    if isinstance(principal, User) and principal.is_authenticated:
        return Actor(clinic_id=principal.clinic_id, user_id=principal.pk, address=address)
    raise PermissionError("request has no authenticated principal")

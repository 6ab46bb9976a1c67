"""Registering an EHR as a CDS client: the issuer allow-list entry with its public JWK Set."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from clinic.models import Clinic
from interop.models import CdsClient


def jwks_validate(jwks: Any) -> None:
    """A JWK Set of public RSA or EC keys, each with a kid; never a shared secret or a private key."""
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    if not isinstance(keys, list) or not keys:
        raise ValidationError('a JWK Set: {"keys": [...]} with at least one public key')
    for key in keys:
        if not isinstance(key, dict) or not key.get("kid") or key.get("kty") not in ("RSA", "EC"):
            raise ValidationError("every key needs a 'kid' and kty RSA or EC (no shared secrets)")
        if "d" in key:
            raise ValidationError(
                f"key '{key['kid']}' contains a private part ('d'): register public keys only"
            )


def cds_client_create(
    *, clinic: Clinic, name: str, issuer: str, jwks: Any, tenant: str = "", jku: str = ""
) -> CdsClient:
    jwks_validate(jwks)
    return CdsClient.objects.create(
        clinic=clinic, name=name, issuer=issuer, jwks=jwks, tenant=tenant, jku=jku
    )

"""Trusting CDS Clients (CDS Hooks 2.0): a signed JWT on every service and feedback call.

Rules enforced, each with its own refusal message:

- ``alg`` must be asymmetric (RS*, PS*, ES*; the spec recommends ES384 and RS384); ``none`` and
  every HMAC algorithm are refused, because a shared secret lets the service forge the EHR;
- ``kid`` and ``typ: JWT`` are required, and ``alg`` must fit the registered key's type (an
  RSA algorithm with an EC key is refused, 401, not tried); the key is the ``kid`` in the
  issuer's JWK Set, which an administrator copied into the admin (``CdsClient.jwks``); a
  ``jku`` other than the registered one is refused and keys are never fetched from a URL the token names;
- ``iss`` must be an active allow-listed ``CdsClient`` (with the token's ``tenant`` claim, if any);
- ``aud`` must be the exact URL being called; ``exp``, ``iat`` and ``jti`` are required, the
  lifetime may not exceed five minutes, and a ``jti`` is accepted once (``UsedJwtId``).

The ``CdsClient`` row decides the clinic: everything the call reads is scoped to it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from interop.models import CdsClient, UsedJwtId

ALLOWED_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
MAX_LIFETIME = timedelta(minutes=5)
# Clock skew tolerated between the EHR and us, on exp, iat and the five-minute lifetime
# (docs/integration.md section 2.1).
LEEWAY_SECONDS = 30


class CdsJwtAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[CdsClient, dict[str, Any]] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        scheme, _, token = header.partition(" ")
        if not header or scheme.lower() != "bearer" or not token.strip():
            raise exceptions.NotAuthenticated("a CDS Hooks call needs 'Authorization: Bearer <JWT>'")
        audience = request.build_absolute_uri(request.path)
        client, claims = jwt_verify(token.strip(), audience=audience)
        return client, claims

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="neuroexam-cds"'


class IsCdsClient(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.user, CdsClient)


def _refuse(message: str) -> exceptions.AuthenticationFailed:
    return exceptions.AuthenticationFailed(message)


def _client_for(claims: dict[str, Any]) -> CdsClient:
    issuer = claims.get("iss")
    if not isinstance(issuer, str) or not issuer:
        raise _refuse("the JWT has no 'iss'")
    tenant = claims.get("tenant") or ""
    client = (
        CdsClient.objects.select_related("clinic")
        .filter(issuer=issuer, tenant=str(tenant), is_active=True)
        .first()
    )
    if client is None:
        raise _refuse("the JWT issuer (and tenant) is not an allow-listed CDS client")
    return client


def _key_for(client: CdsClient, header: dict[str, Any]) -> Any:
    jku = header.get("jku")
    if jku is not None and jku != client.jku:
        raise _refuse("the JWT's 'jku' is not the JWK Set URL registered for this issuer")
    keys = client.jwks.get("keys", []) if isinstance(client.jwks, dict) else []
    for jwk in keys:
        if jwk.get("kid") == header["kid"]:
            _key_fits_algorithm(jwk, header["alg"])
            try:
                return jwt.PyJWK.from_json(json.dumps(jwk), algorithm=header["alg"]).key
            except jwt.PyJWKError as exc:
                raise _refuse(f"the registered key '{header['kid']}' is unusable: {exc}") from None
    raise _refuse(f"no key with kid '{header['kid']}' is registered for this issuer")


# What key each signing algorithm family needs (RFC 7518): a token whose alg does not fit the
# registered key is refused as unverifiable (401), never tried.
_CURVE_FOR_ALGORITHM = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}


def _key_fits_algorithm(jwk: dict[str, Any], algorithm: str) -> None:
    kty = jwk.get("kty")
    if algorithm.startswith(("RS", "PS")) and kty != "RSA":
        raise _refuse(f"alg '{algorithm}' needs an RSA key; the registered key '{jwk.get('kid')}' is {kty}")
    if algorithm in _CURVE_FOR_ALGORITHM and (
        kty != "EC" or jwk.get("crv") != _CURVE_FOR_ALGORITHM[algorithm]
    ):
        raise _refuse(
            f"alg '{algorithm}' needs an EC {_CURVE_FOR_ALGORITHM[algorithm]} key; the registered key "
            f"'{jwk.get('kid')}' is {kty} {jwk.get('crv') or ''}".rstrip()
        )


def jwt_verify(token: str, *, audience: str) -> tuple[CdsClient, dict[str, Any]]:
    """The calling client and the verified claims, or AuthenticationFailed saying why not."""
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise _refuse("the bearer token is not a JWT") from None
    algorithm = header.get("alg")
    if algorithm not in ALLOWED_ALGORITHMS:
        raise _refuse(f"alg '{algorithm}' is refused: sign with an asymmetric key (ES384 or RS384)")
    if not header.get("kid"):
        raise _refuse("the JWT header needs a 'kid'")
    if str(header.get("typ", "")).upper() != "JWT":
        raise _refuse("the JWT header needs 'typ': 'JWT' (CDS Hooks requires it)")
    client = _client_for(unverified)
    key = _key_for(client, header)
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            audience=audience,
            issuer=client.issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "aud", "exp", "iat", "jti"]},
        )
    except jwt.ExpiredSignatureError:
        raise _refuse("the JWT has expired") from None
    except jwt.InvalidAudienceError:
        raise _refuse(f"the JWT 'aud' must be the service URL called: {audience}") from None
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise _refuse(f"the JWT is invalid: {exc}") from None
    expires_at = datetime.fromtimestamp(claims["exp"], tz=UTC)
    if expires_at - timezone.now() > MAX_LIFETIME + timedelta(seconds=LEEWAY_SECONDS):
        raise _refuse("the JWT 'exp' is more than five minutes ahead")
    _remember_jti(client=client, jti=str(claims["jti"]), expires_at=expires_at)
    return client, claims


def _remember_jti(*, client: CdsClient, jti: str, expires_at: datetime) -> None:
    """Accept a jti once; rows of expired tokens are purged as we go (a replayed one is refused by exp)."""
    now = timezone.now()
    UsedJwtId.objects.filter(expires_at__lt=now - timedelta(seconds=LEEWAY_SECONDS)).delete()
    try:
        with transaction.atomic():
            UsedJwtId.objects.create(client=client, jti=jti, expires_at=expires_at)
    except IntegrityError:
        raise _refuse("the JWT 'jti' was already used: replay refused") from None

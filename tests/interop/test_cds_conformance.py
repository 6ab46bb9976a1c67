"""CDS Hooks 2.0 rules an EHR's tools check: JWT header and key rules, feedback invariants, and
CORS for browser-based EHR clients and the CDS Hooks sandbox."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from rest_framework.test import APIClient

from clinic.models import Clinic
from interop.models import CardFeedback, IssuedCard
from tests.interop.cds import PATIENT_VIEW, TestEhr, patient_view_request

AUDIENCE = f"http://testserver/cds-services/{PATIENT_VIEW}"
SANDBOX = "https://sandbox.cds-hooks.org"


def _claims(ehr: TestEhr) -> dict[str, Any]:
    now = int(time.time())
    return {"iss": ehr.issuer, "aud": AUDIENCE, "iat": now, "exp": now + 120, "jti": str(uuid.uuid4())}


def _call(client: APIClient, token: str) -> tuple[int, str]:
    response = client.post(
        f"/cds-services/{PATIENT_VIEW}",
        patient_view_request(None),
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    return response.status_code, response.json().get("issue", [{}])[0].get("diagnostics", "")


def test_an_rsa_algorithm_naming_an_ec_key_is_401_not_500(client: APIClient, ehr: TestEhr) -> None:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(_claims(ehr), rsa_key, algorithm="RS384", headers={"kid": ehr.kid, "typ": "JWT"})

    status, why = _call(client, token)

    assert status == 401
    assert "alg 'RS384' needs an RSA key" in why


def test_an_ec_algorithm_of_another_curve_is_401(client: APIClient, ehr: TestEhr) -> None:
    p256 = ec.generate_private_key(ec.SECP256R1())
    token = jwt.encode(_claims(ehr), p256, algorithm="ES256", headers={"kid": ehr.kid, "typ": "JWT"})

    status, why = _call(client, token)

    assert status == 401
    assert "needs an EC P-256 key" in why


def test_a_token_without_typ_jwt_is_refused(client: APIClient, ehr: TestEhr) -> None:
    token = jwt.encode(_claims(ehr), ehr.key, algorithm="ES384", headers={"kid": ehr.kid, "typ": None})
    assert "typ" not in jwt.get_unverified_header(token)

    status, why = _call(client, token)

    assert status == 401
    assert "'typ': 'JWT'" in why


def _issued_card(clinic: Clinic) -> str:
    card = IssuedCard.objects.create(
        uuid=uuid.uuid4(), clinic=clinic, service_id=PATIENT_VIEW, indicator="info", summary="s"
    )
    return str(card.uuid)


@pytest.mark.parametrize(
    ("item", "expression"),
    [
        ({"outcome": "accepted"}, "feedback[0].acceptedSuggestions"),
        ({"outcome": "accepted", "acceptedSuggestions": [{}]}, "feedback[0].acceptedSuggestions[0].id"),
        (
            {"outcome": "overridden", "overrideReason": {"userComment": "no reason given"}},
            "feedback[0].overrideReason.reason",
        ),
        (
            {
                "outcome": "accepted",
                "acceptedSuggestions": [{"id": "x"}],
                "overrideReason": {"reason": {"code": "a"}},
            },
            "feedback[0].overrideReason",
        ),
    ],
    ids=[
        "accepted-without-suggestions",
        "suggestion-without-id",
        "override-without-reason",
        "accepted-overridden",
    ],
)
def test_feedback_that_breaks_the_invariants_is_refused(
    client: APIClient, ehr: TestEhr, clinic_a: Clinic, item: dict[str, Any], expression: str
) -> None:
    url = f"{PATIENT_VIEW}/feedback"
    body = {
        "feedback": [{"card": _issued_card(clinic_a), "outcomeTimestamp": "2026-11-20T10:15:00Z", **item}]
    }

    response = client.post(f"/cds-services/{url}", body, format="json", **ehr.headers(url))

    assert response.status_code == 400
    assert expression in [e for issue in response.json()["issue"] for e in issue["expression"]]
    assert CardFeedback.objects.count() == 0


def test_accepted_feedback_with_its_suggestion_is_stored(
    client: APIClient, ehr: TestEhr, clinic_a: Clinic
) -> None:
    url = f"{PATIENT_VIEW}/feedback"
    body = {
        "feedback": [
            {
                "card": _issued_card(clinic_a),
                "outcome": "accepted",
                "acceptedSuggestions": [{"id": str(uuid.uuid4())}],
                "outcomeTimestamp": "2026-11-20T10:15:00Z",
            }
        ]
    }

    response = client.post(f"/cds-services/{url}", body, format="json", **ehr.headers(url))

    assert response.status_code == 200, response.json()
    assert CardFeedback.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/cds-services",
        f"/cds-services/{PATIENT_VIEW}",
        f"/cds-services/{PATIENT_VIEW}/feedback",
        "/fhir/r4/metadata",
    ],
)
def test_a_cors_preflight_from_a_configured_origin_is_allowed(
    client: APIClient, settings: Any, path: str
) -> None:
    settings.CORS_ALLOWED_ORIGINS = [SANDBOX]

    response = client.options(
        path,
        HTTP_ORIGIN=SANDBOX,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == SANDBOX
    assert "authorization" in response["Access-Control-Allow-Headers"]


def test_cors_is_refused_to_other_origins_and_other_endpoints(
    client: APIClient, settings: Any, db: None
) -> None:
    settings.CORS_ALLOWED_ORIGINS = [SANDBOX]

    other_origin = client.get("/cds-services", HTTP_ORIGIN="https://evil.example")
    other_endpoint = client.options(
        "/api/v1/exams/", HTTP_ORIGIN=SANDBOX, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    discovery = client.get("/cds-services", HTTP_ORIGIN=SANDBOX)

    assert "Access-Control-Allow-Origin" not in other_origin
    assert "Access-Control-Allow-Origin" not in other_endpoint
    assert discovery["Access-Control-Allow-Origin"] == SANDBOX

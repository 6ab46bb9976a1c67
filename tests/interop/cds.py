"""A test EHR for CDS Hooks: its signing key, its JWTs, and spec-shaped hook requests."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm
from rest_framework.test import APIClient

from clinic.models import Clinic
from interop.fhir.codes import LOINC
from interop.models import CdsClient

ISSUER = "https://ehr.example.org/cds-client"
BASE = "http://testserver/cds-services"
PATIENT_VIEW = "neuroexam-patient-view"
ORDER_SELECT = "neuroexam-order-select"
MRI_LUMBAR = {"system": LOINC, "code": "24968-0", "display": "MR Lumbar spine"}
CASES = Path(__file__).parent.parent / "cases"


def store_case(ehr_client: APIClient, name: str) -> dict[str, str]:
    """Post shared case ``name``'s exam through the API; its patient identifier."""
    document = json.loads((CASES / f"{name}.json").read_text())["exam"]
    assert ehr_client.post("/api/v1/exams/", document, format="json").status_code == 201
    identifier: dict[str, str] = document["patient"]["identifier"]
    return identifier


class TestEhr:
    """An EHR with an ES384 key pair; its public JWK is registered as a CdsClient of one clinic."""

    __test__ = False

    def __init__(self, clinic: Clinic | None, issuer: str = ISSUER, kid: str = "ehr-key-1") -> None:
        """With ``clinic=None`` the key is not registered: a forger using a known issuer and kid."""
        self.key = ec.generate_private_key(ec.SECP384R1())
        self.kid = kid
        self.issuer = issuer
        if clinic is None:
            return
        public = ECAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        self.client = CdsClient.objects.create(
            clinic=clinic,
            name="Test EHR",
            issuer=issuer,
            jwks={"keys": [{**public, "kid": kid, "use": "sig"}]},
        )

    def token(self, audience: str, **overrides: Any) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": audience, "iat": now, "exp": now + 300, "jti": str(uuid.uuid4())}
        claims.update(overrides)
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(claims, self.key, algorithm="ES384", headers={"kid": self.kid, "typ": "JWT"})

    def headers(self, service_path: str, **overrides: Any) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token(f'{BASE}/{service_path}', **overrides)}"}


def fhir_patient(identifier: dict[str, str], fhir_id: str = "ehr-pat-1") -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": fhir_id,
        "identifier": [{"system": "urn:ehr:internal", "value": "X-998"}, identifier],
        "gender": "male",
    }


def patient_view_request(patient: dict[str, Any] | None) -> dict[str, Any]:
    """The CDS Hooks specification's patient-view request shape."""
    request: dict[str, Any] = {
        "hookInstance": str(uuid.uuid4()),
        "fhirServer": "https://ehr.example.org/fhir",
        "hook": "patient-view",
        "context": {"userId": "Practitioner/example", "patientId": "ehr-pat-1", "encounterId": "enc-89284"},
    }
    if patient is not None:
        request["prefetch"] = {"patient": patient}
    return request


def draft_service_request(order_id: str, coding: dict[str, str], priority: str = "routine") -> dict[str, Any]:
    return {
        "resourceType": "ServiceRequest",
        "id": order_id,
        "status": "draft",
        "intent": "order",
        "priority": priority,
        "code": {"coding": [coding]},
        "subject": {"reference": "Patient/ehr-pat-1"},
        "reasonCode": [{"text": "leg weakness"}],
    }


def order_select_request(patient: dict[str, Any] | None, orders: list[dict[str, Any]]) -> dict[str, Any]:
    """The order-select request shape: selections name the orders just picked, draftOrders hold them all."""
    request = patient_view_request(patient)
    request["hook"] = "order-select"
    request["context"] = {
        "userId": "Practitioner/example",
        "patientId": "ehr-pat-1",
        "encounterId": "enc-89284",
        "selections": [f"ServiceRequest/{orders[0]['id']}"],
        "draftOrders": {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": o} for o in orders],
        },
    }
    return request

"""CDS Hooks: discovery, patient-view and order-select cards, feedback, and trusting the EHR's JWT."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from rest_framework.test import APIClient

from clinic.models import Clinic
from interop.fhir.codes import CPT
from interop.models import CardFeedback, CdsClient, IssuedCard
from tests.factories import UserFactory
from tests.interop.cds import (
    CASES,
    MRI_LUMBAR,
    ORDER_SELECT,
    PATIENT_VIEW,
    TestEhr,
    draft_service_request,
    fhir_patient,
    order_select_request,
    patient_view_request,
    store_case,
)

EMG = {"system": CPT, "code": "95910"}


def _call(client: APIClient, ehr: TestEhr, service: str, body: dict[str, Any]) -> Any:
    return client.post(f"/cds-services/{service}", body, format="json", **ehr.headers(service))


def test_discovery_lists_both_services_with_prefetch(client: APIClient) -> None:
    services = {s["id"]: s for s in client.get("/cds-services").json()["services"]}

    assert services[PATIENT_VIEW]["hook"] == "patient-view"
    assert services[ORDER_SELECT]["hook"] == "order-select"
    assert services[ORDER_SELECT]["prefetch"] == {"patient": "Patient/{{context.patientId}}"}


def test_patient_view_of_cauda_equina_shows_critical_red_flag_then_lesion_and_plan(
    client: APIClient, ehr: TestEhr, ehr_a: APIClient
) -> None:
    identifier = store_case(ehr_a, "v22-cauda-equina-retention")

    response = _call(client, ehr, PATIENT_VIEW, patient_view_request(fhir_patient(identifier)))

    assert response.status_code == 200, response.json()
    cards = response.json()["cards"]
    assert cards[0]["indicator"] == "critical"
    assert "cauda equina" in cards[0]["summary"].lower()
    assert "Saddle numbness: yes" in cards[0]["detail"]
    assert cards[0]["source"]["label"]
    assert cards[0]["source"]["url"].startswith("http")
    create = cards[0]["suggestions"][0]["actions"][0]
    assert create["type"] == "create"
    assert create["resource"]["priority"] == "stat"
    info = [c for c in cards if c["indicator"] == "info"]
    assert info[0]["summary"].startswith("Likely Cauda equina")
    assert info[1]["summary"].startswith("Plan: ")
    for card in cards:
        assert len(card["summary"]) < 140
        assert card["uuid"]
        assert card["overrideReasons"]
    assert IssuedCard.objects.count() == len(cards)


def test_order_select_lumbar_mri_on_day_10_of_uncomplicated_radiculopathy_warns_to_defer(
    client: APIClient, ehr: TestEhr, ehr_a: APIClient
) -> None:
    identifier = store_case(ehr_a, "v01-l5-radiculopathy-day10")
    order = draft_service_request("draft-mri-1", MRI_LUMBAR)

    response = _call(client, ehr, ORDER_SELECT, order_select_request(fhir_patient(identifier), [order]))

    (card,) = response.json()["cards"]
    assert_card_shape(card)
    assert card["indicator"] == "warning"
    assert "MR Lumbar spine" in card["summary"]
    assert "NICE" in card["detail"] or "ACR" in card["detail"]
    assert "Left L5 radiculopathy" in card["detail"]
    assert card["source"]["url"].startswith("http")
    (defer,) = card["suggestions"]
    assert defer["actions"] == [
        {
            "type": "delete",
            "description": "Remove the draft MR Lumbar spine order",
            "resourceId": "ServiceRequest/draft-mri-1",
        }
    ]


def test_order_select_emg_in_cauda_equina_warns_and_the_missing_emergency_mri_is_critical(
    client: APIClient, ehr: TestEhr, ehr_a: APIClient
) -> None:
    identifier = store_case(ehr_a, "v22-cauda-equina-retention")
    order = draft_service_request("draft-emg-1", EMG)

    cards = _call(client, ehr, ORDER_SELECT, order_select_request(fhir_patient(identifier), [order])).json()[
        "cards"
    ]

    assert [c["indicator"] for c in cards] == ["warning", "critical"]
    for card in cards:
        assert_card_shape(card)
    missing = cards[1]
    assert "Emergency MR Lumbar spine is missing" in missing["summary"]
    action = missing["suggestions"][0]["actions"][0]
    assert action["type"] == "create"
    assert action["resource"]["resourceType"] == "ServiceRequest"
    assert action["resource"]["code"]["coding"][0]["code"] == "24968-0"
    assert action["resource"]["subject"] == {"reference": "Patient/ehr-pat-1"}


def test_order_select_emergency_mri_ordered_routine_asks_for_stat(
    client: APIClient, ehr: TestEhr, ehr_a: APIClient
) -> None:
    identifier = store_case(ehr_a, "v22-cauda-equina-retention")
    order = draft_service_request("draft-mri-2", MRI_LUMBAR, priority="routine")

    (card,) = _call(
        client, ehr, ORDER_SELECT, order_select_request(fhir_patient(identifier), [order])
    ).json()["cards"]

    assert card["indicator"] == "critical"
    update = card["suggestions"][0]["actions"][0]
    assert update["type"] == "update"
    assert update["resource"]["priority"] == "stat"


def test_an_order_sooner_than_indicated_is_never_told_to_wait(
    client: APIClient, ehr: TestEhr, ehr_a: APIClient
) -> None:
    """Lumbar MRI is indicated as urgent for a severe L4 radiculopathy; ordered stat, the card
    must not suggest lowering it to urgent. Ordered routine, it asks for urgent."""
    identifier = store_case(ehr_a, "v06-l4-radiculopathy-severe-quadriceps")
    sooner = draft_service_request("draft-mri-stat", MRI_LUMBAR, priority="stat")
    later = draft_service_request("draft-mri-routine", MRI_LUMBAR, priority="routine")

    stat_cards = _call(client, ehr, ORDER_SELECT, order_select_request(fhir_patient(identifier), [sooner]))
    routine_cards = _call(client, ehr, ORDER_SELECT, order_select_request(fhir_patient(identifier), [later]))

    assert not [c for c in stat_cards.json()["cards"] if "but ordered" in c["summary"]]
    (asked,) = [c for c in routine_cards.json()["cards"] if "but ordered" in c["summary"]]
    assert asked["suggestions"][0]["actions"][0]["resource"]["priority"] == "urgent"


def test_without_prefetch_or_exam_the_answer_asks_for_the_exam_and_never_guesses(
    client: APIClient, ehr: TestEhr, ehr_a: APIClient
) -> None:
    order = draft_service_request("draft-mri-3", MRI_LUMBAR)
    unknown_patient = fhir_patient({"system": "urn:ehr:mrn", "value": "never-examined"})

    no_prefetch = _call(client, ehr, ORDER_SELECT, order_select_request(None, [order])).json()["cards"]
    no_exam = _call(client, ehr, PATIENT_VIEW, patient_view_request(unknown_patient)).json()["cards"]

    for cards in (no_prefetch, no_exam):
        (card,) = cards
        assert card["indicator"] == "info"
        assert card["summary"].startswith("No neuroexam advice")
        assert "suggestions" not in card


def test_a_cds_client_of_clinic_b_gets_no_advice_about_clinic_a_patients(
    client: APIClient, clinic_b: Clinic, ehr_a: APIClient
) -> None:
    identifier = store_case(ehr_a, "v22-cauda-equina-retention")
    ehr_of_b = TestEhr(clinic_b, issuer="https://other-ehr.example.org")

    cards = _call(client, ehr_of_b, PATIENT_VIEW, patient_view_request(fhir_patient(identifier))).json()[
        "cards"
    ]

    assert [c["summary"] for c in cards] == [
        "No neuroexam advice: no structured lower-limb exam found for this patient"
    ]


def test_feedback_is_stored_once_and_shown_in_the_admin(
    client: APIClient, ehr: TestEhr, ehr_a: APIClient, settings: Any
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    identifier = store_case(ehr_a, "v01-l5-radiculopathy-day10")
    order = draft_service_request("draft-mri-4", MRI_LUMBAR)
    (card,) = _call(
        client, ehr, ORDER_SELECT, order_select_request(fhir_patient(identifier), [order])
    ).json()["cards"]
    feedback = {
        "feedback": [
            {
                "card": card["uuid"],
                "outcome": "overridden",
                "overrideReason": {
                    "reason": card["overrideReasons"][0],
                    "userComment": "Surgeon asked for it",
                },
                "outcomeTimestamp": "2026-11-20T10:15:00Z",
            }
        ]
    }
    url = f"{ORDER_SELECT}/feedback"

    first = client.post(f"/cds-services/{url}", feedback, format="json", **ehr.headers(url))
    again = client.post(f"/cds-services/{url}", feedback, format="json", **ehr.headers(url))

    assert first.status_code == again.status_code == 200
    assert (first.json()["stored"], again.json()["stored"]) == (1, 0)
    stored = CardFeedback.objects.get()
    assert stored.override_reason_code == "override.clinical-judgement"
    assert stored.card.decision is not None
    admin = APIClient()
    admin.force_login(UserFactory(username="root", is_superuser=True))
    page = admin.get("/admin/interop/cardfeedback/")
    assert page.status_code == 200
    assert "Surgeon asked for it" in page.content.decode()


def test_feedback_for_a_card_never_issued_is_refused(client: APIClient, ehr: TestEhr) -> None:
    url = f"{PATIENT_VIEW}/feedback"
    body = {
        "feedback": [
            {
                "card": "9b0a3e2c-1111-4c1e-8f6e-000000000000",
                "outcome": "accepted",
                "outcomeTimestamp": "2026-11-20T10:15:00Z",
            }
        ]
    }

    response = client.post(f"/cds-services/{url}", body, format="json", **ehr.headers(url))

    assert response.status_code == 400
    assert response.json()["issue"][0]["expression"] == ["feedback[0].card"]
    assert CardFeedback.objects.count() == 0


# ---- trusting the CDS client: the JWT rules of the specification ----


def _status(client: APIClient, token: str) -> tuple[int, str]:
    response = client.post(
        f"/cds-services/{PATIENT_VIEW}",
        patient_view_request(None),
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    body = response.json()
    return response.status_code, body.get("issue", [{}])[0].get("diagnostics", "")


AUDIENCE = f"http://testserver/cds-services/{PATIENT_VIEW}"


def test_a_valid_es384_token_is_accepted(client: APIClient, ehr: TestEhr) -> None:
    assert _status(client, ehr.token(AUDIENCE))[0] == 200


def test_an_expired_token_is_refused(client: APIClient, ehr: TestEhr) -> None:
    now = int(time.time())
    status, why = _status(client, ehr.token(AUDIENCE, iat=now - 900, exp=now - 600))
    assert (status, why) == (401, "the JWT has expired")


def test_a_token_for_another_service_url_is_refused(client: APIClient, ehr: TestEhr) -> None:
    status, why = _status(client, ehr.token(f"http://testserver/cds-services/{ORDER_SELECT}"))
    assert status == 401
    assert "'aud' must be the service URL" in why


def test_a_replayed_token_is_refused(client: APIClient, ehr: TestEhr) -> None:
    token = ehr.token(AUDIENCE)
    assert _status(client, token)[0] == 200

    status, why = _status(client, token)

    assert (status, why) == (401, "the JWT 'jti' was already used: replay refused")


def test_an_unknown_issuer_is_refused(client: APIClient, ehr: TestEhr) -> None:
    status, why = _status(client, ehr.token(AUDIENCE, iss="https://impostor.example.org"))
    assert status == 401
    assert "not an allow-listed CDS client" in why


def test_a_token_signed_by_another_key_is_refused(client: APIClient, ehr: TestEhr) -> None:
    forger = TestEhr(None, issuer=ehr.issuer, kid=ehr.kid)

    status, why = _status(client, forger.token(AUDIENCE))

    assert status == 401
    assert "Signature verification failed" in why


@pytest.mark.parametrize("algorithm", ["HS256", "none"])
def test_shared_secret_and_unsigned_tokens_are_refused(
    client: APIClient, ehr: TestEhr, algorithm: str
) -> None:
    now = int(time.time())
    claims = {"iss": ehr.issuer, "aud": AUDIENCE, "iat": now, "exp": now + 60, "jti": f"j-{algorithm}"}
    token = jwt.encode(
        claims,
        "shared-secret-of-32-bytes-or-more!!" if algorithm == "HS256" else None,
        algorithm=algorithm,
        headers={"kid": ehr.kid},
    )

    status, why = _status(client, token)

    assert status == 401
    assert f"alg '{algorithm}' is refused" in why


def test_a_call_without_a_token_is_refused(client: APIClient, db: None) -> None:
    response = client.post(f"/cds-services/{PATIENT_VIEW}", patient_view_request(None), format="json")
    assert response.status_code == 401
    assert response.json()["resourceType"] == "OperationOutcome"


def test_a_token_living_longer_than_five_minutes_is_refused(client: APIClient, ehr: TestEhr) -> None:
    now = int(time.time())
    status, why = _status(client, ehr.token(AUDIENCE, exp=now + 3600))
    assert (status, why) == (401, "the JWT 'exp' is more than five minutes ahead")


def test_the_tenant_claim_selects_the_clinic_of_a_shared_issuer(
    client: APIClient, clinic_a: Clinic, clinic_b: Clinic, ehr_a: APIClient
) -> None:
    identifier = store_case(ehr_a, "v22-cauda-equina-retention")
    hosted = TestEhr(clinic_b, issuer="https://hosted-ehr.example.org")
    hosted.client.tenant = "bravo"
    hosted.client.save()
    CdsClient.objects.create(
        clinic=clinic_a,
        name="Hosted EHR for alpha",
        issuer=hosted.issuer,
        tenant="alpha",
        jwks=hosted.client.jwks,
    )
    body = patient_view_request(fhir_patient(identifier))

    as_alpha = client.post(
        f"/cds-services/{PATIENT_VIEW}", body, format="json", **hosted.headers(PATIENT_VIEW, tenant="alpha")
    )
    as_bravo = client.post(
        f"/cds-services/{PATIENT_VIEW}", body, format="json", **hosted.headers(PATIENT_VIEW, tenant="bravo")
    )
    no_tenant = client.post(
        f"/cds-services/{PATIENT_VIEW}", body, format="json", **hosted.headers(PATIENT_VIEW)
    )

    assert as_alpha.json()["cards"][0]["indicator"] == "critical"
    assert as_bravo.json()["cards"][0]["summary"].startswith("No neuroexam advice")
    assert no_tenant.status_code == 401


def assert_card_shape(card: dict[str, Any]) -> None:
    """The CDS Hooks 2.0 card model: required fields, allowed values, suggestions with actions."""
    assert set(card) <= {
        "uuid",
        "summary",
        "detail",
        "indicator",
        "source",
        "suggestions",
        "selectionBehavior",
        "overrideReasons",
        "links",
    }
    assert card["indicator"] in ("info", "warning", "critical")
    assert 0 < len(card["summary"]) < 140
    assert card["source"]["label"]
    for reason in card["overrideReasons"]:
        assert {"system", "code", "display"} <= set(reason)
    if "suggestions" in card:
        assert card["selectionBehavior"] in ("at-most-one", "any")
        if card["selectionBehavior"] == "at-most-one":  # cds-resp-1
            assert sum(1 for s in card["suggestions"] if s.get("isRecommended")) <= 1
        for suggestion in card["suggestions"]:
            assert suggestion["label"]
            assert suggestion["uuid"]
            for action in suggestion["actions"]:
                assert action["type"] in ("create", "update", "delete")
                assert action["description"]


CASE_NAMES = sorted(p.stem for p in CASES.glob("*.json"))


@pytest.mark.parametrize("name", CASE_NAMES)
def test_patient_view_gives_one_critical_card_per_red_flag_for_every_case(
    client: APIClient, ehr: TestEhr, ehr_a: APIClient, name: str
) -> None:
    identifier = store_case(ehr_a, name)
    decision = ehr_a.get("/api/v1/exams/", {"patient": identifier["value"]}).json()["results"][0]["decision"]

    cards = _call(client, ehr, PATIENT_VIEW, patient_view_request(fhir_patient(identifier))).json()["cards"]

    for card in cards:
        assert_card_shape(card)
    assert [c["indicator"] for c in cards] == ["critical"] * len(decision["red_flags"]) + ["info", "info"]

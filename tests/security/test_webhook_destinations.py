"""Webhooks cannot be turned against the hospital's own network (server-side request forgery).

A subscription is accepted only for an https URL whose host resolves to public addresses; the
address is checked again when an alert is sent (the name may have been re-pointed: DNS
rebinding), the connection goes to the checked address, and redirects are not followed.
``WEBHOOK_ALLOW_LOOPBACK`` (off by default) lets tests and local development use 127.0.0.1.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.conf import settings as django_settings
from rest_framework.test import APIClient

from alerts import destinations
from alerts.destinations import UnsafeDestination, destination_check
from alerts.models import AlertDelivery, DeliveryAttempt, WebhookSubscription
from alerts.services import http_post
from clinic.models import Clinic
from tests.alerts.helpers import subscribe

pytestmark = pytest.mark.django_db

URL = "/api/v1/webhooks/"


@pytest.fixture
def names(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Host names the test controls: name -> the addresses it resolves to (now)."""
    table: dict[str, list[str]] = {}
    real = destinations.resolve

    def resolve(host: str, port: int) -> list[str]:
        return table[host] if host in table else real(host, port)

    monkeypatch.setattr(destinations, "resolve", resolve)
    return table


@pytest.mark.parametrize(
    "url",
    [
        "http://pager.example/hooks",  # not https
        "ftp://pager.example/hooks",
        "https://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
        "https://10.0.0.1/",
        "https://172.16.5.4/",
        "https://192.168.1.1/",
        "https://127.0.0.1:6379/",  # Redis on the worker's host
        "https://localhost:5432/",
        "https://[::1]/",
        "https://[fe80::1]/",
        "https://[fc00::1]/",
        "https://[::ffff:127.0.0.1]/",  # IPv4 loopback written as IPv6
        "https://0.0.0.0/",
        "https://100.64.0.1/",  # carrier-grade NAT
        "https://internal.hospital.test/",  # a name that resolves to a private address
        "https://split.hospital.test/",  # one public, one private address
        "https://nowhere.invalid/",  # does not resolve
        "https://user:password@pager.example/hooks",
    ],
)
def test_a_subscription_to_a_private_loopback_or_link_local_address_is_refused(
    ehr_a: APIClient, names: dict[str, list[str]], url: str
) -> None:
    names["internal.hospital.test"] = ["10.20.30.40"]
    names["split.hospital.test"] = ["93.184.215.14", "192.168.0.10"]

    response = ehr_a.post(URL, {"url": url}, format="json")

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["url"]
    assert not WebhookSubscription.objects.exists()


def test_changing_a_subscription_to_a_private_address_is_refused(ehr_a: APIClient, clinic_a: Clinic) -> None:
    subscription = subscribe(clinic_a)

    response = ehr_a.patch(f"{URL}{subscription.pk}/", {"url": "https://10.0.0.1/"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "url"
    subscription.refresh_from_db()
    assert subscription.url == "https://pager.example/hooks"


def test_a_public_https_url_is_accepted(ehr_a: APIClient, names: dict[str, list[str]]) -> None:
    names["pager.hospital.test"] = ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]

    assert (
        ehr_a.post(URL, {"url": "https://pager.hospital.test:8443/hooks?x=1"}, format="json").status_code
        == 201
    )


def test_loopback_is_refused_unless_the_setting_allows_it(settings: Any) -> None:
    assert django_settings.WEBHOOK_ALLOW_LOOPBACK is False  # the default

    with pytest.raises(UnsafeDestination):
        destination_check("http://127.0.0.1:8080/hooks")
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    assert str(destination_check("http://127.0.0.1:8080/hooks").address) == "127.0.0.1"
    with pytest.raises(UnsafeDestination):
        destination_check("http://10.0.0.1/hooks")  # only loopback, never the rest of the network


# --- at send time ---------------------------------------------------------------------------------


class Receiver:
    """A local HTTP server recording each request's path and Host header."""

    def __init__(self, status: int = 200, location: str | None = None) -> None:
        self.requests: list[tuple[str, str]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append((self.path, self.headers.get("Host", "")))
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    server = Receiver()
    yield server
    server.close()


def test_the_address_is_checked_again_when_sending(
    names: dict[str, list[str]], receiver: Receiver, settings: Any
) -> None:
    names["pager.hospital.test"] = ["127.0.0.1"]
    url = f"http://pager.hospital.test:{receiver.port}/hooks"
    assert http_post(url, b"{}", {}, 5).status_code == 200

    settings.WEBHOOK_ALLOW_LOOPBACK = False  # as in production: the same name is now refused
    names["pager.hospital.test"] = ["169.254.169.254"]
    refused = http_post(url.replace("http:", "https:"), b"{}", {}, 5)

    assert refused.status_code is None
    assert "refused destination" in refused.error
    assert len(receiver.requests) == 1


def test_the_request_goes_to_the_checked_address_with_the_name_as_host(
    names: dict[str, list[str]], receiver: Receiver
) -> None:
    names["pager.hospital.test"] = ["127.0.0.1"]

    answer = http_post(f"http://pager.hospital.test:{receiver.port}/hooks?a=1", b"{}", {}, 5)

    assert answer.status_code == 200
    assert receiver.requests == [("/hooks?a=1", f"pager.hospital.test:{receiver.port}")]


def test_a_redirect_is_not_followed(settings: Any) -> None:
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    target = Receiver()
    redirecting = Receiver(status=302, location=f"http://127.0.0.1:{target.port}/internal")
    try:
        answer = http_post(f"http://127.0.0.1:{redirecting.port}/hooks", b"{}", {}, 5)
    finally:
        target.close()
        redirecting.close()

    assert answer.status_code == 302
    assert len(redirecting.requests) == 1
    assert target.requests == []


def test_a_delivery_to_a_re_pointed_name_records_a_refused_attempt(
    clinic_a: Clinic, names: dict[str, list[str]]
) -> None:
    from alerts.services import delivery_send
    from clinic.tenancy import Actor
    from exams.documents import parse_exam_document
    from exams.services import exam_create
    from tests.alerts.helpers import cauda_equina_exam

    names["pager.hospital.test"] = ["10.0.0.7"]
    subscribe(clinic_a, "https://pager.hospital.test/hooks")
    exam_create(
        clinic_id=clinic_a.pk,
        document=parse_exam_document(cauda_equina_exam()),
        actor=Actor(clinic_id=clinic_a.pk),
    )
    delivery = AlertDelivery.objects.get()

    delivery_send(delivery_id=delivery.pk)

    attempt = DeliveryAttempt.objects.get(delivery=delivery)
    assert attempt.status_code is None
    assert attempt.error.startswith("refused destination: pager.hospital.test resolves to 10.0.0.7")


def test_the_admin_refuses_a_private_address_too(admin_client: Any, clinic_a: Clinic) -> None:
    form = {
        "clinic": clinic_a.pk,
        "url": "https://169.254.169.254/latest/",
        "secret": "whsec_0123456789abcdef",
        "event_types": '["decision.red_flag"]',
        "description": "",
        "is_active": "on",
    }

    refused = admin_client.post("/admin/alerts/webhooksubscription/add/", form)
    accepted = admin_client.post(
        "/admin/alerts/webhooksubscription/add/", {**form, "url": "https://pager.example/"}
    )

    assert refused.status_code == 200
    assert b"public addresses only" in refused.content
    assert accepted.status_code == 302
    assert [s.url for s in WebhookSubscription.objects.all()] == ["https://pager.example/"]

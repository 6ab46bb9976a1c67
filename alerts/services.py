"""Writes of the alert outbox and its delivery: raise, send, retry, resend; webhook subscriptions.

Delivery is at-least-once: the receiver deduplicates on the event id. Within this service a
delivery is never sent twice at the same time and never after it was acknowledged: the sender
claims it under its row lock (``SELECT ... FOR UPDATE SKIP LOCKED``), checking status and due
time, and leases it for the POST's timeout, so a redelivered or duplicated task message is a
no-op. Each attempt is committed before the POST and completed after it, so a crash mid-attempt
leaves a record of it.
"""

from __future__ import annotations

import functools
import json
import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import requests
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from requests.adapters import HTTPAdapter

from alerts.destinations import UnsafeDestination, destination_check
from alerts.models import (
    AlertDelivery,
    AlertEvent,
    DeliveryAttempt,
    DeliveryStatus,
    EventType,
    WebhookSubscription,
)
from alerts.signing import EVENT_ID_HEADER, SIGNATURE_HEADER, signature_header
from clinic.rows import fetch_one_prepared, insert_values, mark_saved

logger = logging.getLogger(__name__)

# --- raising an alert (inside the decision's transaction) -------------------------------------


@dataclass(frozen=True, slots=True)
class Severity:
    """What makes a decision alarming: whether it is an emergency, and the codes of its red flags.

    ``emergency`` is decided by the decisions app from its urgency vocabulary; ``urgency`` is the
    word, for the webhook body only.
    """

    urgency: str
    emergency: bool
    red_flags: frozenset[str]


@dataclass(frozen=True, slots=True)
class AlertedDecision:
    """What an alert tells of a decision and its exam, as plain values.

    ``decisions.services`` builds it from the stored record: this app sits below decisions and
    exams and imports neither's models. ``exam_id`` and ``decision_id`` are None when the
    statement that writes the decision draws them (``PendingAlert``).
    """

    clinic_id: int
    exam_id: int | None
    exam_version: int
    patient_system: str
    patient_value: str
    decision_id: int | None
    severity: Severity
    document: dict[str, Any]
    ruleset_version: str
    computed_at: datetime


def decision_is_alarming(*, severity: Severity, previous: Severity | None = None) -> bool:
    """Emergency or any red flag; against a ``previous`` decision, only what is new is alarming.

    A re-evaluation that repeats the red flags an exam already raised says nothing new to the pager.
    """
    if previous is None:
        return severity.emergency or bool(severity.red_flags)
    newly_emergency = severity.emergency and not previous.emergency
    return newly_emergency or bool(severity.red_flags - previous.red_flags)


def _event_payload(
    *, event: AlertEvent, decision: AlertedDecision, reason: str, with_ids: bool = True
) -> dict[str, Any]:
    """The webhook body. ``with_ids=False`` leaves out the exam's id and URL and the decision's id,
    for a statement that draws them and sets them itself (``PendingAlert``)."""
    document = decision.document
    lesion = document.get("lesion") or {}
    exam_part: dict[str, Any] = {"version": decision.exam_version}
    decision_part: dict[str, Any] = {
        "urgency": decision.severity.urgency,
        "red_flags": [{"code": f["code"], "label": f["label"]} for f in document.get("red_flags", [])],
        "lesion": lesion.get("label"),
        "ruleset_version": decision.ruleset_version,
    }
    if with_ids:
        exam_part |= {"id": decision.exam_id, "url": exam_url_prefix() + f"{decision.exam_id}/"}
        decision_part["id"] = decision.decision_id
    return {
        "id": str(event.event_id),
        "type": event.type,
        "occurred_at": event.occurred_at.isoformat().replace("+00:00", "Z"),
        "reason": reason,
        "exam": exam_part,
        # The clinic's own systems subscribed to hear about its own patients: that is the point.
        "patient": {"identifier": {"system": decision.patient_system, "value": decision.patient_value}},
        "decision": decision_part,
    }


def exam_url_prefix() -> str:
    """An exam's public URL is this followed by ``<id>/``, as the worklist spells it."""
    return settings.PUBLIC_BASE_URL + reverse("exam-list")


@dataclass(frozen=True, slots=True)
class PendingAlert:
    """An alarming decision's outbox rows, to be written by the statement that writes the decision.

    The exam post's single statement (``exams.services``) draws the exam's and the decision's ids
    itself, so the event's payload leaves them out and ``_outbox_ctes`` fills them in; the stored
    payload is the one ``alert_for_decision`` would store (jsonb keeps no key order).
    """

    event: AlertEvent
    template: AlertDelivery

    def ctes(self, *, written_exam: str) -> tuple[str, list[Any]]:
        """The outbox's CTEs and their parameters; ``written_exam`` names a CTE of the new exam's
        ``id`` and ``current_decision_id``. The statement's last query reads ``alert_event.id``
        and ``alert_deliveries.id``."""
        event_columns, event_values = insert_values(self.event, skip=_DRAWN_BY_THE_STATEMENT)
        payload = AlertEvent._meta.get_field("payload").get_db_prep_save(self.event.payload, connection)
        delivery_columns, delivery_values = insert_values(self.template, skip=("event_id", "subscription_id"))
        sql = _outbox_ctes(tuple(event_columns), tuple(delivery_columns), written_exam)
        return sql, [
            *event_values,
            payload,
            exam_url_prefix(),
            *delivery_values,
            self.event.clinic_id,
            str(self.event.type),
        ]

    def written(self, *, event_id: int, decision_id: int, delivery_ids: list[int]) -> None:
        """After the statement (which committed): log and send, as ``alert_for_decision`` does."""
        mark_saved(self.event, event_id)
        logger.info("alert event %s for decision %s: %d deliveries", event_id, decision_id, len(delivery_ids))
        _enqueue_after_commit(delivery_ids)


_DRAWN_BY_THE_STATEMENT = ("exam_id", "decision_id", "payload")


@functools.cache
def _outbox_ctes(
    event_columns: tuple[str, ...], delivery_columns: tuple[str, ...], written_exam: str | None
) -> str:
    """``alert_event`` and ``alert_deliveries``: the event and one delivery per active subscription.

    With ``written_exam`` (a CTE of the statement) the event takes the exam's and decision's ids
    from it and sets them into the payload; without, every column is a parameter.
    """
    table, values = AlertEvent._meta.db_table, ", ".join(["%s"] * len(event_columns))
    if written_exam is None:
        event = f"INSERT INTO {table} ({', '.join(event_columns)}) VALUES ({values})"  # noqa: S608
    else:
        payload = (
            "jsonb_set(jsonb_set(jsonb_set(%s::jsonb, '{exam,id}', to_jsonb(w.id)), "
            "'{exam,url}', to_jsonb(%s || w.id || '/')), '{decision,id}', to_jsonb(w.current_decision_id))"
        )
        event = (
            f"INSERT INTO {table} ({', '.join(event_columns)}, exam_id, decision_id, payload) "  # noqa: S608
            f"SELECT {values}, w.id, w.current_decision_id, {payload} FROM {written_exam} w"
        )
    deliveries, subscription = AlertDelivery._meta.db_table, WebhookSubscription._meta.db_table
    return (
        f"alert_event AS ({event} RETURNING id), "  # noqa: S608 - model names, every value a parameter
        f"alert_deliveries AS (INSERT INTO {deliveries} "
        f"(event_id, subscription_id, {', '.join(delivery_columns)}) "
        f"SELECT alert_event.id, s.id, {', '.join(['%s'] * len(delivery_columns))} "
        f"FROM alert_event, {subscription} s "
        "WHERE s.clinic_id = %s AND s.is_active AND s.event_types ? %s ORDER BY s.id RETURNING id)"
    )


def _outbox_inserted(*, event: AlertEvent, template: AlertDelivery) -> list[int]:
    """The event and one delivery per active subscription to its type, in one statement.

    Alarming decisions are common among clinical posts, and the ORM's save, subscription query
    and bulk insert cost three round trips each time. ``template`` holds the values every new
    delivery starts with.
    """
    event_columns, event_values = insert_values(event)
    delivery_columns, delivery_values = insert_values(template, skip=("event_id", "subscription_id"))
    sql = (
        "WITH "  # noqa: S608 - model names
        + _outbox_ctes(tuple(event_columns), tuple(delivery_columns), None)
        + " SELECT (SELECT id FROM alert_event), ARRAY(SELECT id FROM alert_deliveries ORDER BY id)"
    )
    row = fetch_one_prepared(sql, [*event_values, *delivery_values, event.clinic_id, str(event.type)])
    assert row is not None  # the event row is always inserted
    event_id, delivery_ids = row
    mark_saved(event, event_id)
    return list(delivery_ids)


def _alert_rows(
    *, decision: AlertedDecision, previous: Severity | None, reason: str, with_ids: bool
) -> PendingAlert | None:
    if not decision_is_alarming(severity=decision.severity, previous=previous):
        return None
    event = AlertEvent(
        clinic_id=decision.clinic_id, type=EventType.DECISION_RED_FLAG, occurred_at=decision.computed_at
    )
    if decision.exam_id is not None and decision.decision_id is not None:  # else the statement draws them
        event.exam_id, event.decision_id = decision.exam_id, decision.decision_id
    event.payload = _event_payload(event=event, decision=decision, reason=reason, with_ids=with_ids)
    now = timezone.now()
    template = AlertDelivery(
        next_attempt_at=now, retry_until=now + timedelta(seconds=settings.ALERT_RETRY_WINDOW_SECONDS)
    )
    return PendingAlert(event=event, template=template)


def alert_pending(*, decision: AlertedDecision) -> PendingAlert | None:
    """The outbox rows of a new, not yet written decision, if it is alarming (``PendingAlert``)."""
    return _alert_rows(decision=decision, previous=None, reason="stored", with_ids=False)


def alert_for_decision(
    *, decision: AlertedDecision, previous: Severity | None = None, reason: str = "stored"
) -> AlertEvent | None:
    """Write the outbox event and its deliveries with the decision, and send them after commit.

    Called inside the transaction that stores ``decision``: if it rolls back, so do these rows and
    the ``on_commit`` enqueue. If the process dies after commit, the sweeper finds them.
    """
    pending = _alert_rows(decision=decision, previous=previous, reason=reason, with_ids=True)
    if pending is None:
        return None
    event, template = pending.event, pending.template
    delivery_ids = _outbox_inserted(event=event, template=template)
    logger.info(
        "alert event %s for decision %s: %d deliveries", event.pk, decision.decision_id, len(delivery_ids)
    )
    _enqueue_after_commit(delivery_ids)
    return event


def _enqueue_after_commit(delivery_ids: Iterable[int], countdown: float = 0.0) -> None:
    from alerts import tasks  # the tasks module imports this one

    for delivery_id in delivery_ids:
        transaction.on_commit(partial(tasks.delivery_enqueue, delivery_id, countdown=countdown))


# --- sending ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HttpAnswer:
    status_code: int | None
    error: str
    latency_ms: int


Poster = Callable[[str, bytes, dict[str, str], float], HttpAnswer]


class _PinnedTlsAdapter(HTTPAdapter):
    """TLS to an address checked by ``destination_check``, verified against the URL's host name."""

    def __init__(self, server_hostname: str) -> None:
        self._server_hostname = server_hostname  # before super(), which builds the pool manager
        super().__init__()

    def init_poolmanager(self, *args: Any, **pool_kwargs: Any) -> None:
        pool_kwargs.update(server_hostname=self._server_hostname, assert_hostname=self._server_hostname)
        super().init_poolmanager(*args, **pool_kwargs)


def http_post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> HttpAnswer:
    """POST to the subscription's URL as checked now, without following redirects.

    The host is resolved and checked again at every attempt (its DNS may point elsewhere since it
    was subscribed) and the connection goes to the checked address (``alerts.destinations``).
    A refused destination is an attempt without an answer, retried like a network error.
    """
    started = time.monotonic()
    try:
        destination = destination_check(url)
    except UnsafeDestination as exc:
        return HttpAnswer(status_code=None, error=f"refused destination: {exc}"[:300], latency_ms=0)
    try:
        with requests.Session() as session:
            session.mount("https://", _PinnedTlsAdapter(destination.host))
            response = session.post(
                destination.pinned_url,
                data=body,
                headers={**headers, "Host": destination.host_header},
                timeout=timeout,
                allow_redirects=False,
            )
    except requests.RequestException as exc:
        latency = round((time.monotonic() - started) * 1000)
        return HttpAnswer(status_code=None, error=f"{type(exc).__name__}: {exc}"[:300], latency_ms=latency)
    latency = round((time.monotonic() - started) * 1000)
    return HttpAnswer(status_code=response.status_code, error="", latency_ms=latency)


def retry_delay(*, attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Exponential backoff with full jitter (uniform over [0, min(cap, base * 2^(attempt-1))]).

    Full jitter spreads the retries of many deliveries that failed together (a receiver outage)
    instead of bringing them back in one wave.
    """
    ceiling = min(cap, base * 2 ** max(attempt - 1, 0))
    return (rng or random).uniform(0, ceiling)


def event_body(event: AlertEvent) -> bytes:
    """The exact bytes that are signed and sent: the stored payload, compact JSON."""
    return json.dumps(event.payload, separators=(",", ":"), ensure_ascii=False).encode()


def _request_headers(*, delivery: AlertDelivery, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "neuroexam-webhooks/1",
        EVENT_ID_HEADER: str(delivery.event.event_id),
        SIGNATURE_HEADER: signature_header(
            secret=delivery.subscription.secret, timestamp=int(time.time()), body=body
        ),
    }


def _subscription_disable(*, subscription: WebhookSubscription, reason: str) -> None:
    WebhookSubscription.objects.filter(pk=subscription.pk).update(is_active=False, disabled_reason=reason)
    AlertDelivery.objects.filter(subscription=subscription, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.DISABLED, last_error=reason
    )


def _record_outcome(*, delivery: AlertDelivery, answer: HttpAnswer, now: datetime) -> float | None:
    """Apply one attempt's answer to the delivery; return the retry countdown, if one is due."""
    code = answer.status_code
    delivery.last_error = answer.error or ("" if code is None or 200 <= code < 300 else f"HTTP {code}")
    if code is not None and 200 <= code < 300:
        delivery.status = DeliveryStatus.ACKNOWLEDGED
        delivery.acknowledged_at = now
        return None
    if code == 410:
        _subscription_disable(subscription=delivery.subscription, reason="receiver answered 410 Gone")
        delivery.status = DeliveryStatus.DISABLED
        return None
    delay = retry_delay(
        attempt=delivery.attempt_count,
        base=settings.ALERT_RETRY_BASE_SECONDS,
        cap=settings.ALERT_RETRY_MAX_DELAY_SECONDS,
    )
    if now + timedelta(seconds=delay) > delivery.retry_until:
        delivery.status = DeliveryStatus.FAILED
        return None
    delivery.next_attempt_at = now + timedelta(seconds=delay)
    return delay


# What an attempt says until its answer is recorded: if the sender dies during the POST, this is
# what the history keeps, so no attempt ever goes unrecorded.
IN_FLIGHT = "no answer recorded: the sender stopped during the attempt (worker killed or crashed)"
# How long an attempt in flight keeps its delivery from other senders (the POST's timeout, plus
# time to record its answer). A sender that dies leaves the delivery due again after it.
_LEASE_GRACE_SECONDS = 5.0


def _lease_seconds() -> float:
    return float(settings.ALERT_HTTP_TIMEOUT_SECONDS) + _LEASE_GRACE_SECONDS


def _attempt_begin(*, delivery_id: int) -> tuple[AlertDelivery, DeliveryAttempt] | DeliveryStatus | None:
    """Claim a pending, due delivery and commit its attempt record before anything is sent.

    The claim is a lease: ``next_attempt_at`` moves past the POST's timeout, so a duplicate or
    redelivered message meanwhile finds it not due. A message that finds an attempt in flight
    comes back when the lease ends (the sender may have died). Returns the delivery and its new
    attempt, a final status without an attempt, or None when there is nothing to send now.
    """
    with transaction.atomic():
        delivery = (
            AlertDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "subscription")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None:
            return None
        now = timezone.now()
        if delivery.next_attempt_at > now + timedelta(seconds=1):
            if delivery.last_error == IN_FLIGHT:  # look again when the lease ends
                remaining = (delivery.next_attempt_at - now).total_seconds()
                _enqueue_after_commit([delivery.pk], countdown=remaining)
            return None  # else an early duplicate: the retry scheduled for next_attempt_at sends it
        if not delivery.subscription.is_active:
            delivery.status = DeliveryStatus.DISABLED
            delivery.save(update_fields=["status"])
            return DeliveryStatus.DISABLED
        attempt = DeliveryAttempt.objects.create(
            delivery=delivery, attempted_at=now, status_code=None, error=IN_FLIGHT, latency_ms=0
        )
        delivery.attempt_count += 1
        delivery.last_error = IN_FLIGHT
        delivery.next_attempt_at = now + timedelta(seconds=_lease_seconds())
        delivery.save(update_fields=["attempt_count", "last_error", "next_attempt_at"])
    return delivery, attempt


def delivery_send(*, delivery_id: int, post: Poster = http_post) -> DeliveryStatus | None:
    """One attempt at one delivery, if it is pending, due and not being sent by another worker.

    Returns the delivery's status afterwards, or None when nothing was sent. The attempt is
    recorded (committed) before the POST and completed after it, so a worker killed in between
    leaves an attempt saying so instead of no trace; the delivery is leased to this sender for the
    POST's timeout (``_attempt_begin``), and becomes due again if the sender never comes back.
    """
    begun = _attempt_begin(delivery_id=delivery_id)
    if not isinstance(begun, tuple):
        return begun
    delivery, attempt = begun
    body = event_body(delivery.event)
    answer = post(
        delivery.subscription.url,
        body,
        _request_headers(delivery=delivery, body=body),
        settings.ALERT_HTTP_TIMEOUT_SECONDS,
    )
    with transaction.atomic():
        now = timezone.now()
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(
            status_code=answer.status_code, error=answer.error, latency_ms=answer.latency_ms
        )
        delivery = (
            AlertDelivery.objects.select_for_update(of=("self",))
            .select_related("event", "subscription")
            .get(pk=delivery.pk)
        )
        if delivery.status != DeliveryStatus.PENDING:
            return DeliveryStatus(delivery.status)  # resent or disabled meanwhile: the attempt is recorded
        countdown = _record_outcome(delivery=delivery, answer=answer, now=now)
        delivery.save()
        logger.info(
            "alert delivery %s attempt %d: %s in %d ms -> %s",
            delivery.pk,
            delivery.attempt_count,
            answer.status_code or answer.error.split(":")[0],
            answer.latency_ms,
            delivery.status,
        )
        if countdown is not None:
            _enqueue_after_commit([delivery.pk], countdown=countdown)
        return DeliveryStatus(delivery.status)


def deliveries_resend(*, deliveries: Iterable[AlertDelivery]) -> int:
    """Give failed (or disabled) deliveries a new retry window and send them now (admin action)."""
    now = timezone.now()
    ids = [d.pk for d in deliveries if d.status != DeliveryStatus.ACKNOWLEDGED]
    with transaction.atomic():
        count = AlertDelivery.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.PENDING,
            next_attempt_at=now,
            retry_until=now + timedelta(seconds=settings.ALERT_RETRY_WINDOW_SECONDS),
        )
        _enqueue_after_commit(ids)
    return count


def deliveries_due_enqueue(*, delivery_ids: Iterable[int]) -> int:
    """The sweeper's half: put due deliveries back on the queue (duplicates are no-ops)."""
    ids = list(delivery_ids)
    _enqueue_after_commit(ids)
    return len(ids)


# --- subscriptions ----------------------------------------------------------------------------


def subscription_create(
    *, clinic_id: int, url: str, event_types: list[str], description: str = "", secret: str | None = None
) -> WebhookSubscription:
    subscription = WebhookSubscription(
        clinic_id=clinic_id, url=url, event_types=sorted(set(event_types)), description=description
    )
    if secret:
        subscription.secret = secret
    subscription.save()
    return subscription


def subscription_update(*, subscription: WebhookSubscription, changes: dict[str, Any]) -> WebhookSubscription:
    """Change the URL, events, description or secret; re-activating clears the disabled reason."""
    for field in ("url", "description", "secret"):
        if field in changes:
            setattr(subscription, field, changes[field])
    if "event_types" in changes:
        subscription.event_types = sorted(set(changes["event_types"]))
    if "is_active" in changes:
        subscription.is_active = changes["is_active"]
        if subscription.is_active:
            subscription.disabled_reason = ""
    subscription.save()
    return subscription


def subscription_remove(*, subscription: WebhookSubscription) -> None:
    """Stop sending to it. The row stays, because its deliveries and attempts are the record."""
    with transaction.atomic():
        _subscription_disable(subscription=subscription, reason="removed by the clinic")

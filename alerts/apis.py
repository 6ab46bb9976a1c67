"""Webhook subscriptions over the API: an API client manages its own clinic's, no one else's."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from alerts.destinations import UnsafeDestination, destination_check
from alerts.models import EventType, WebhookSubscription
from alerts.selectors import subscription_get, subscription_list
from alerts.services import subscription_create, subscription_remove, subscription_update
from clinic.tenancy import actor_for_request


class SubscriptionInput(serializers.Serializer[dict[str, Any]]):
    url = serializers.URLField(max_length=500)
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EventType.choices),
        min_length=1,
        default=[EventType.DECISION_RED_FLAG.value],
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    secret = serializers.CharField(
        min_length=16,
        max_length=128,
        required=False,
        write_only=True,
        help_text="Signing secret; generated when absent (and shown once, in the 201 answer).",
    )
    is_active = serializers.BooleanField(required=False)

    def validate_url(self, value: str) -> str:
        """https to public addresses only (``alerts.destinations``); checked again at every send."""
        try:
            destination_check(value)
        except UnsafeDestination as exc:
            raise serializers.ValidationError(str(exc), code="unsafe_destination") from None
        return value


class SubscriptionOutput(serializers.ModelSerializer[WebhookSubscription]):
    class Meta:
        model = WebhookSubscription
        fields = ["id", "url", "event_types", "description", "is_active", "disabled_reason", "created_at"]


class SubscriptionCreated(SubscriptionOutput):
    class Meta(SubscriptionOutput.Meta):
        fields = [*SubscriptionOutput.Meta.fields, "secret"]


def _clinic_id(request: Request) -> int:
    clinic_id = actor_for_request(request).clinic_id
    assert clinic_id is not None  # IsClinicApiClient let the request in
    return clinic_id


class WebhookListCreateApi(APIView):
    @extend_schema(operation_id="webhooks_list", responses=SubscriptionOutput(many=True), tags=["webhooks"])
    def get(self, request: Request) -> Response:
        subscriptions = subscription_list(clinic_id=_clinic_id(request))
        return Response(SubscriptionOutput(subscriptions, many=True).data)

    @extend_schema(
        operation_id="webhooks_create",
        request=SubscriptionInput,
        responses={201: SubscriptionCreated},
        tags=["webhooks"],
        description="Subscribe a URL to the clinic's red-flag alerts. The answer shows the signing "
        "secret once: deliveries carry `X-Neuroexam-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "
        '"<t>.<body>")>` and `X-Neuroexam-Event-Id` to deduplicate on.',
    )
    def post(self, request: Request) -> Response:
        given = SubscriptionInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        subscription = subscription_create(
            clinic_id=_clinic_id(request),
            url=data["url"],
            event_types=data["event_types"],
            description=data["description"],
            secret=data.get("secret"),
        )
        return Response(SubscriptionCreated(subscription).data, status=status.HTTP_201_CREATED)


class WebhookDetailApi(APIView):
    @extend_schema(operation_id="webhooks_retrieve", responses=SubscriptionOutput, tags=["webhooks"])
    def get(self, request: Request, subscription_id: int) -> Response:
        subscription = subscription_get(clinic_id=_clinic_id(request), subscription_id=subscription_id)
        return Response(SubscriptionOutput(subscription).data)

    @extend_schema(
        operation_id="webhooks_partial_update",
        request=SubscriptionInput(partial=True),
        responses=SubscriptionOutput,
        tags=["webhooks"],
    )
    def patch(self, request: Request, subscription_id: int) -> Response:
        subscription = subscription_get(clinic_id=_clinic_id(request), subscription_id=subscription_id)
        given = SubscriptionInput(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        subscription = subscription_update(subscription=subscription, changes=dict(given.validated_data))
        return Response(SubscriptionOutput(subscription).data)

    @extend_schema(
        operation_id="webhooks_destroy",
        responses={204: None},
        tags=["webhooks"],
        description="Stop sending to this URL. It stays listed, inactive, with its delivery history.",
    )
    def delete(self, request: Request, subscription_id: int) -> Response:
        subscription = subscription_get(clinic_id=_clinic_id(request), subscription_id=subscription_id)
        subscription_remove(subscription=subscription)
        return Response(status=status.HTTP_204_NO_CONTENT)

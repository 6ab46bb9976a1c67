"""Admin: subscriptions, and every delivery with its attempts; failed ones can be resent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from alerts.destinations import UnsafeDestination, destination_check
from alerts.models import AlertDelivery, AlertEvent, DeliveryAttempt, WebhookSubscription
from alerts.services import deliveries_resend
from clinic.admin import SuperuserOnly

if TYPE_CHECKING:
    SubscriptionModelAdmin = admin.ModelAdmin[WebhookSubscription]
    DeliveryModelAdmin = admin.ModelAdmin[AlertDelivery]
    EventModelAdmin = admin.ModelAdmin[AlertEvent]
    AttemptInline = admin.TabularInline[DeliveryAttempt, AlertDelivery]
else:
    SubscriptionModelAdmin = DeliveryModelAdmin = EventModelAdmin = admin.ModelAdmin
    AttemptInline = admin.TabularInline


class WebhookSubscriptionForm(forms.ModelForm):  # type: ignore[type-arg]
    """The admin refuses what the API refuses: only https URLs on public addresses."""

    url = forms.URLField(max_length=500, assume_scheme="https")

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            destination_check(url)
        except UnsafeDestination as exc:
            raise forms.ValidationError(str(exc)) from None
        return url


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(SuperuserOnly, SubscriptionModelAdmin):
    form = WebhookSubscriptionForm
    list_display = ["id", "clinic", "url", "is_active", "disabled_reason", "created_at"]
    list_filter = ["is_active", "clinic"]
    search_fields = ["url", "description"]


class DeliveryAttemptInline(AttemptInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ("attempted_at", "status_code", "error", "latency_ms")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: AlertDelivery | None = None) -> bool:
        return False


@admin.register(AlertDelivery)
class AlertDeliveryAdmin(SuperuserOnly, DeliveryModelAdmin):
    list_display = [
        "id",
        "event",
        "subscription",
        "status",
        "attempt_count",
        "next_attempt_at",
        "retry_until",
        "acknowledged_at",
        "last_error",
    ]
    list_filter = ["status"]
    list_select_related = ["event", "subscription"]
    readonly_fields = [f.name for f in AlertDelivery._meta.fields]
    inlines = [DeliveryAttemptInline]
    actions = ["resend"]

    @admin.action(description="Resend the selected deliveries (new retry window)")
    def resend(self, request: HttpRequest, queryset: QuerySet[AlertDelivery]) -> None:
        count = deliveries_resend(deliveries=queryset)
        self.message_user(request, f"{count} deliveries queued to be sent again.", messages.SUCCESS)


@admin.register(AlertEvent)
class AlertEventAdmin(SuperuserOnly, EventModelAdmin):
    list_display = ["event_id", "type", "clinic", "exam", "decision", "occurred_at"]
    list_filter = ["type"]
    readonly_fields = [f.name for f in AlertEvent._meta.fields]

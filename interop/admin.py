"""CDS clients (issuer allow-list with their JWK Sets) and the feedback clinicians gave on cards.

Clients hold trust material, so only superusers manage them. Feedback and issued cards are a
record: read-only here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from clinic.admin import SuperuserOnly
from interop.cds_hooks.clients import jwks_validate
from interop.models import CardFeedback, CdsClient, FhirIngestKey, IdentifierSystemEquivalence, IssuedCard

if TYPE_CHECKING:
    CdsClientModelAdmin = admin.ModelAdmin[CdsClient]
    CardFeedbackModelAdmin = admin.ModelAdmin[CardFeedback]
    IssuedCardModelAdmin = admin.ModelAdmin[IssuedCard]
    FhirIngestKeyModelAdmin = admin.ModelAdmin[FhirIngestKey]
    EquivalenceModelAdmin = admin.ModelAdmin[IdentifierSystemEquivalence]
    CdsClientModelForm = ModelForm[CdsClient]
else:
    CdsClientModelAdmin = admin.ModelAdmin
    CardFeedbackModelAdmin = admin.ModelAdmin
    IssuedCardModelAdmin = admin.ModelAdmin
    FhirIngestKeyModelAdmin = admin.ModelAdmin
    EquivalenceModelAdmin = admin.ModelAdmin
    CdsClientModelForm = ModelForm


class CdsClientForm(CdsClientModelForm):
    jku = forms.URLField(
        required=False, assume_scheme="https", help_text=CdsClient._meta.get_field("jku").help_text
    )

    class Meta:
        model = CdsClient
        fields = ("clinic", "name", "issuer", "tenant", "jwks", "jku", "is_active")

    def clean_jwks(self) -> Any:
        jwks = self.cleaned_data["jwks"]
        jwks_validate(jwks)
        return jwks


@admin.register(CdsClient)
class CdsClientAdmin(SuperuserOnly, CdsClientModelAdmin):
    form = CdsClientForm
    list_display = ("name", "clinic", "issuer", "tenant", "is_active", "created_at")
    list_filter = ("is_active", "clinic")
    search_fields = ("name", "issuer", "tenant")


class ReadOnly(SuperuserOnly):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CardFeedback)
class CardFeedbackAdmin(ReadOnly, CardFeedbackModelAdmin):
    list_display = (
        "received_at",
        "outcome",
        "card_summary",
        "override_reason_code",
        "user_comment",
        "client",
    )
    list_filter = ("outcome", "override_reason_code", "card__service_id")
    list_select_related = ("card", "client")
    readonly_fields = [f.name for f in CardFeedback._meta.fields]

    @admin.display(description="card")
    def card_summary(self, obj: CardFeedback) -> str:
        return f"{obj.card.indicator}: {obj.card.summary}"


@admin.register(IssuedCard)
class IssuedCardAdmin(ReadOnly, IssuedCardModelAdmin):
    list_display = ("issued_at", "service_id", "indicator", "summary", "clinic", "exam")
    list_filter = ("service_id", "indicator", "clinic")
    readonly_fields = [f.name for f in IssuedCard._meta.fields]


@admin.register(FhirIngestKey)
class FhirIngestKeyAdmin(ReadOnly, FhirIngestKeyModelAdmin):
    list_display = ("system", "value", "clinic", "exam", "created_at")
    readonly_fields = [f.name for f in FhirIngestKey._meta.fields]


@admin.register(IdentifierSystemEquivalence)
class IdentifierSystemEquivalenceAdmin(SuperuserOnly, EquivalenceModelAdmin):
    list_display = ("system", "same_as", "clinic")
    list_filter = ("clinic",)
    search_fields = ("system", "same_as")

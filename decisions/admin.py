"""Stored decisions in the admin: read-only, scoped to the user's clinic like the exams."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from clinic.models import User
from clinic.roles import may_read_clinic
from decisions.models import DecisionRecord
from decisions.words import red_flag_list, site_words

if TYPE_CHECKING:
    DecisionRecordModelAdmin = admin.ModelAdmin[DecisionRecord]
else:
    DecisionRecordModelAdmin = admin.ModelAdmin


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@admin.register(DecisionRecord)
class DecisionRecordAdmin(DecisionRecordModelAdmin):
    """Every decision ever computed, each tied to the exam version and ruleset it came from."""

    list_display = (
        "computed",
        "exam_link",
        "urgency_badge",
        "red_flag_words",
        "lesion_words",
        "ruleset_version",
    )
    list_display_links = ("computed",)
    list_filter = ("urgency", "ruleset_version")
    search_fields = ("exam_version__exam__patient__identifier_value__istartswith",)
    search_help_text = "Search by the patient's identifier or its beginning, in any case."
    ordering = ("-computed_at", "-id")
    show_full_result_count = False
    fields = (
        "exam_link",
        "ruleset_name",
        "ruleset_version",
        "computed_at",
        "urgency_badge",
        "red_flag_words",
        "lesion_words",
        "pretty_document",
    )
    readonly_fields = fields

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return super().changelist_view(request, {"title": "Decision records", **(extra_context or {})})

    def get_queryset(self, request: HttpRequest) -> QuerySet[DecisionRecord]:
        user = _user(request)
        records = DecisionRecord.objects.select_related("exam_version")
        match = request.resolver_match
        if match is not None and match.url_name == "decisions_decisionrecord_changelist":
            records = records.defer("document")  # the list shows the indexed columns only
        if user.is_superuser:
            return records
        if not may_read_clinic(user) or user.clinic_id is None:
            return records.none()
        return records.filter(exam_version__exam__clinic_id=user.clinic_id)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_read_clinic(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: DecisionRecord | None = None) -> bool:
        return may_read_clinic(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # decisions are computed with their exam version, never entered

    def has_change_permission(self, request: HttpRequest, obj: DecisionRecord | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: DecisionRecord | None = None) -> bool:
        return False

    @admin.display(description="exam")
    def exam_link(self, record: DecisionRecord) -> str:
        version = record.exam_version
        url = reverse("admin:exams_exam_change", args=[version.exam_id])
        return format_html('<a href="{}">Exam {} v{}</a>', url, version.exam_id, version.number)

    @admin.display(description="computed", ordering="computed_at")
    def computed(self, record: DecisionRecord) -> str:
        return timezone.localtime(record.computed_at).strftime("%Y-%m-%d %H:%M")

    @admin.display(description="urgency", ordering="urgency")
    def urgency_badge(self, record: DecisionRecord) -> str:
        return format_html('<span class="nx-urgency nx-urgency-{}">{}</span>', record.urgency, record.urgency)

    @admin.display(description="red flags")
    def red_flag_words(self, record: DecisionRecord) -> str:
        return red_flag_list(record.red_flags)

    @admin.display(description="likely lesion", ordering="lesion_site")
    def lesion_words(self, record: DecisionRecord) -> str:
        return site_words(record.lesion_site, record.lesion_side)

    @admin.display(description="decision document")
    def pretty_document(self, record: DecisionRecord) -> str:
        """The stored document as sent to EHRs, for audit; folded, since the exam page reads it."""
        return format_html(
            "<details><summary>The decision document as stored (JSON)</summary><pre>{}</pre></details>",
            json.dumps(record.document, indent=2),
        )

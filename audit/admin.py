"""The audit trail in the admin: read-only, filterable, and scoped to the viewer's clinic."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html

from audit.models import AuditEvent
from audit.selectors import audit_events_visible_to
from clinic.models import User

if TYPE_CHECKING:
    AuditEventModelAdmin = admin.ModelAdmin[AuditEvent]
else:
    AuditEventModelAdmin = admin.ModelAdmin


class RecordKindFilter(admin.SimpleListFilter):
    """Filter by the kind of record, named in words ("exam version") rather than by table."""

    title = "record"
    parameter_name = "table_name"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return sorted(_kinds().items(), key=lambda item: item[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(table_name=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(AuditEventModelAdmin):
    list_display = (
        "occurred_at",
        "action",
        "record_kind",
        "object_id",
        "object_version",
        "actor_label",
        "client_address",
        "clinic_id",
    )
    list_filter = ("action", RecordKindFilter, "occurred_at")
    search_fields = ("=object_id", "=actor_label", "=request_id", "=client_address")
    date_hierarchy = "occurred_at"
    list_per_page = 100
    show_full_result_count = False  # a count over millions of rows on every page is not worth it
    fields = (
        "occurred_at",
        "action",
        "table_name",
        "object_id",
        "object_version",
        "clinic_id",
        "actor_label",
        "actor_user_id",
        "actor_client_id",
        "client_address",
        "request_id",
        "transaction_id",
        "before_pretty",
        "after_pretty",
    )
    readonly_fields = fields

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return super().changelist_view(request, {"title": "Audit trail", **(extra_context or {})})

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        assert isinstance(request.user, User)
        return audit_events_visible_to(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    @admin.display(description="record", ordering="table_name")
    def record_kind(self, event: AuditEvent) -> str:
        """The kind of record in words ("exam version"), not its table name."""
        return _kinds().get(event.table_name, event.table_name)

    @admin.display(description="before")
    def before_pretty(self, event: AuditEvent) -> str:
        return _pretty(event.before)

    @admin.display(description="after")
    def after_pretty(self, event: AuditEvent) -> str:
        return _pretty(event.after)


@cache
def _kinds() -> dict[str, str]:
    return {model._meta.db_table: str(model._meta.verbose_name) for model in apps.get_models()}


def _pretty(value: Any) -> str:
    if value is None:
        return "-"
    return format_html("<pre>{}</pre>", json.dumps(value, indent=2, sort_keys=True))

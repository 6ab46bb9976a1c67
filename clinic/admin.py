"""Clinics, users and API clients in the admin: for superusers only.

A user's ``role`` decides their group ("Clinicians" or "Viewers", see ``clinic.roles``); saving a
user here puts them in the group of their role. API tokens are never shown: only their prefix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.forms import ModelForm
from django.http import HttpRequest

from clinic.models import ApiClient, Clinic, User
from clinic.roles import user_role_sync

if TYPE_CHECKING:
    BaseUserAdmin = DjangoUserAdmin[User]
    ClinicModelAdmin = admin.ModelAdmin[Clinic]
    ApiClientModelAdmin = admin.ModelAdmin[ApiClient]
else:
    BaseUserAdmin = DjangoUserAdmin
    ClinicModelAdmin = admin.ModelAdmin
    ApiClientModelAdmin = admin.ModelAdmin


class SuperuserOnly:
    """Tenants, accounts, credentials and trust material are for superusers, not clinic members."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Clinic)
class ClinicAdmin(SuperuserOnly, ClinicModelAdmin):
    list_display = ("slug", "name", "time_zone", "created_at")
    search_fields = ("slug", "name")


@admin.register(User)
class UserAdmin(SuperuserOnly, BaseUserAdmin):
    list_display = ("username", "clinic", "role", "is_staff", "is_superuser", "is_active")
    list_filter = ("clinic", "role", "is_staff", "is_superuser", "is_active")
    list_select_related = ("clinic",)
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Clinic and role", {"fields": ("clinic", "role")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Clinic and role", {"fields": ("clinic", "role", "is_staff")}),
    )

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm[User], change: bool) -> None:
        super().save_model(request, obj, form, change)
        user_role_sync(obj)

    def save_related(self, request: HttpRequest, form: ModelForm[User], formsets: Any, change: bool) -> None:
        # The groups widget is saved after the user; the role decides the role group afterwards.
        super().save_related(request, form, formsets, change)
        user_role_sync(form.instance)


@admin.register(ApiClient)
class ApiClientAdmin(SuperuserOnly, ApiClientModelAdmin):
    """Clients are created with ``manage.py create_api_client`` (the only place the token is shown)."""

    list_display = (
        "name",
        "clinic",
        "token_prefix",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    list_filter = ("clinic",)
    list_select_related = ("clinic",)
    fields = ("name", "clinic", "token_prefix", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = ("name", "clinic", "token_prefix", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

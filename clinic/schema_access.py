"""Who may read the API schema and docs: an API client's token, or a logged-in admin user.

Every endpoint needs credentials (spec section 1); the docs page is also for clinicians and
integrators who are logged in to the admin, whose browser sends a session, not a token.
"""

from __future__ import annotations

from typing import Any

from rest_framework import authentication, permissions
from rest_framework.request import Request

from clinic.authentication import BearerTokenAuthentication
from clinic.models import ApiClient


class IsApiClientOrStaff(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if isinstance(user, ApiClient):
            return True
        return bool(user is not None and user.is_authenticated and user.is_staff)


class SchemaAccess:
    authentication = [BearerTokenAuthentication, authentication.SessionAuthentication]
    permission = [IsApiClientOrStaff]

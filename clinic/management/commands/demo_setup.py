"""Set up the demo clinic for the README's run command; safe to run again (it rotates the secrets)."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from clinic.models import ApiClient, Clinic, User
from clinic.roles import user_role_sync
from clinic.services import api_client_create, api_client_revoke

DEMO_SLUG = "demo"


class Command(BaseCommand):
    help = "Create (or refresh) the demo clinic, its admin logins and an API token, and print them."

    @transaction.atomic
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="where the demo will be served")

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["url"].rstrip("/")
        clinic, _ = Clinic.objects.get_or_create(slug=DEMO_SLUG, defaults={"name": "Demo Clinic"})
        admin_password = self._user("admin", clinic=None, superuser=True)
        clinician_password = self._user("clinician", clinic=clinic, superuser=False)
        viewer_password = self._user("viewer", clinic=clinic, superuser=False, role=User.Role.VIEWER)
        for old in ApiClient.objects.filter(
            clinic=clinic, name__startswith="demo-ehr", revoked_at__isnull=True
        ):
            api_client_revoke(client=old)
        count = ApiClient.objects.filter(clinic=clinic, name__startswith="demo-ehr").count()
        _, token = api_client_create(clinic=clinic, name=f"demo-ehr-{count + 1}")
        self.stdout.write(
            f"\nneuroexam demo is ready on {url}\n"
            f"  admin:      {url}/admin/\n"
            f"    superuser (all clinics):  user admin      password {admin_password}\n"
            f"    clinician (demo clinic):  user clinician  password {clinician_password}\n"
            f"    viewer (demo clinic):     user viewer     password {viewer_password}\n"
            f"  API docs:                 {url}/api/v1/docs/ (log in to the admin first)\n"
            f"  API token (demo clinic):  {token}\n"
        )

    @staticmethod
    def _user(
        username: str, *, clinic: Clinic | None, superuser: bool, role: str = User.Role.CLINICIAN
    ) -> str:
        password = secrets.token_urlsafe(12)
        user = User.objects.filter(username=username).first() or User(username=username)
        user.clinic = clinic
        user.is_staff = True
        user.is_superuser = superuser
        user.role = role
        user.set_password(password)
        user.save()
        user_role_sync(user)
        return password

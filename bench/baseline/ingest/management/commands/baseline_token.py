"""Print the bearer token of the benchmark's user, creating both when missing."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        user, _ = get_user_model().objects.get_or_create(username="bench-ehr")
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)

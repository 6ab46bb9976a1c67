from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinic.models import Clinic
from clinic.services import api_client_create


class Command(BaseCommand):
    help = "Create an API client for a clinic; the last line of output is its bearer token (shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--clinic", required=True, help="the clinic's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        clinic = Clinic.objects.filter(slug=options["clinic"]).first()
        if clinic is None:
            raise CommandError(f"no clinic with slug {options['clinic']!r}")
        try:
            client, token = api_client_create(clinic=clinic, name=options["name"])
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from None
        self.stderr.write(f"created API client {client.name} for {clinic.slug}; the token is shown only now:")
        self.stdout.write(token)

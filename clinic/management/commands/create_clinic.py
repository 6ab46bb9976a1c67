from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinic.services import clinic_create


class Command(BaseCommand):
    help = "Create a clinic (a tenant): create_clinic SLUG NAME"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            clinic = clinic_create(slug=options["slug"], name=options["name"])
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from None
        self.stdout.write(f"created clinic {clinic.slug} ({clinic.name})")

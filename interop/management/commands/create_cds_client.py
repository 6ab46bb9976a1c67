"""Allow-list an EHR's CDS Hooks issuer for a clinic, with its public JWK Set (a file or JSON text)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinic.models import Clinic
from interop.cds_hooks.clients import cds_client_create


class Command(BaseCommand):
    help = "Register an EHR as a CDS Hooks client of a clinic (the admin does the same)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--clinic", required=True, help="the clinic's slug")
        parser.add_argument("--issuer", required=True, help="the 'iss' of the EHR's JWTs")
        parser.add_argument("--jwks", required=True, help="a JWK Set file, or the JWK Set as JSON text")
        parser.add_argument("--tenant", default="", help="the JWT 'tenant' claim, for a shared issuer")
        parser.add_argument("--jku", default="", help="the JWK Set URL the EHR names in its JWT header")

    def handle(self, *args: Any, **options: Any) -> None:
        clinic = Clinic.objects.filter(slug=options["clinic"]).first()
        if clinic is None:
            raise CommandError(f"no clinic with slug {options['clinic']!r}")
        text = options["jwks"]
        if not text.lstrip().startswith("{"):
            text = Path(text).read_text()
        try:
            client = cds_client_create(
                clinic=clinic,
                name=options["name"],
                issuer=options["issuer"],
                jwks=json.loads(text),
                tenant=options["tenant"],
                jku=options["jku"],
            )
        except (ValueError, ValidationError) as exc:
            raise CommandError(f"--jwks: {exc}") from None
        self.stdout.write(f"CDS client {client.pk} registered for clinic {clinic.slug}: iss={client.issuer}")

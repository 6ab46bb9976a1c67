"""``manage.py audit_export``: the audit trail as JSON lines, for a SIEM.

manage.py audit_export --after-id 41230 > trail.jsonl      # resume where the last run stopped
manage.py audit_export --since 2026-11-01T00:00:00Z --until 2026-12-01T00:00:00Z --clinic alpha
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.selectors import audit_event_json, audit_events_for_export
from clinic.models import Clinic


def _aware(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("needs an offset, e.g. 2026-11-01T00:00:00Z")
    return moment


class Command(BaseCommand):
    help = "Write audit events as JSON lines (one event per line, oldest first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--after-id", type=int, default=0, help="Only events with a larger id.")
        parser.add_argument("--since", help="ISO 8601 time with offset: events at or after it.")
        parser.add_argument("--until", help="ISO 8601 time with offset: events before it.")
        parser.add_argument("--clinic", help="Only this clinic's events (its slug).")
        parser.add_argument("--output", help="A file to write instead of standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            since = _aware(options["since"]) if options["since"] else None
            until = _aware(options["until"]) if options["until"] else None
        except ValueError as exc:
            raise CommandError(f"--since/--until: {exc}") from None
        clinic_id = None
        if options["clinic"]:
            clinic = Clinic.objects.filter(slug=options["clinic"]).first()
            if clinic is None:
                raise CommandError(f"--clinic: no clinic with slug {options['clinic']!r}")
            clinic_id = clinic.pk
        events = audit_events_for_export(
            after_id=options["after_id"], since=since, until=until, clinic_id=clinic_id
        )
        output = open(options["output"], "w", encoding="utf-8") if options["output"] else self.stdout  # noqa: SIM115
        count = 0
        try:
            for event in events:
                line = json.dumps(audit_event_json(event), separators=(",", ":"), sort_keys=True)
                output.write(line + "\n")
                count += 1
        finally:
            if options["output"]:
                output.close()
        self.stderr.write(f"{count} audit events written")

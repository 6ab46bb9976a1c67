"""Send (or enqueue) every alert delivery that is due: the sweeper, for cron or eager mode."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from alerts.selectors import deliveries_due
from alerts.services import deliveries_due_enqueue, delivery_send


class Command(BaseCommand):
    help = "Deliver pending red-flag alerts whose attempt is due (--sync sends them in this process)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sync", action="store_true", help="send here instead of enqueuing")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(deliveries_due(now=timezone.now()).values_list("pk", flat=True))
        if options["sync"]:
            for delivery_id in ids:
                delivery_send(delivery_id=delivery_id)
        else:
            deliveries_due_enqueue(delivery_ids=ids)
        self.stdout.write(f"{len(ids)} due deliveries {'sent' if options['sync'] else 'enqueued'}")

"""Re-evaluate stored exams under the deployed ruleset version, in batches on the Celery workers.

Resumable and re-runnable: only exams whose current decision predates the deployed ruleset and
that were not checked under it are enqueued, so stopping it (or a worker) and running it again
carries on where it stopped. Progress is measured in the database (exams still to do), so it
counts the workers' work, not the enqueuing.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from decisions.engine import RULESET
from exams.reevaluation import exam_id_batches, exams_to_reevaluate, reevaluate_exams
from exams.tasks import reevaluate_exam_batch

# Sleep this many times as long as a progress count took (the count stays under ~5% of the time),
# but never longer than POLL_MAX_SECONDS: the end of the work is noticed by a count, so a long
# sleep after one slow count (under load, with stale statistics) is a late finish.
POLL_COST_FACTOR = 20
POLL_MAX_SECONDS = 2.0


class ProgressBar:
    """``[#####.....] 1200/20000  6% 1043 exams/s`` redrawn in place on stderr."""

    def __init__(self, total: int, stream: TextIO = sys.stderr, width: int = 30) -> None:
        self.total, self.stream, self.width = total, stream, width
        self.started = time.monotonic()

    def draw(self, done: int, *, final: bool = False) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        share = done / self.total if self.total else 1.0
        filled = round(self.width * share)
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(
            f"\r[{bar}] {done}/{self.total} {share:4.0%} {done / elapsed:7.0f} exams/s {elapsed:6.1f} s"
        )
        if final:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Re-evaluate exams whose current decision predates the deployed ruleset version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="exams per task (default 500)")
        parser.add_argument("--sync", action="store_true", help="evaluate here, not on the workers")
        parser.add_argument(
            "--stall-seconds",
            type=float,
            default=120.0,
            help="give up waiting when the workers make no progress for this long (default 120)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size: int = options["batch_size"]
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        total = exams_to_reevaluate().count()
        self.stderr.write(f"{total} exams to re-evaluate under {RULESET.name} {RULESET.version}")
        progress = ProgressBar(total)
        if options["sync"]:
            done = 0
            for ids in exam_id_batches(batch_size=batch_size):
                reevaluate_exams(ids)
                done += len(ids)
                progress.draw(done)
            progress.draw(done, final=True)
            return
        for ids in exam_id_batches(batch_size=batch_size):
            reevaluate_exam_batch.delay(ids)
        self._wait_for_workers(total, progress, options["stall_seconds"])

    def _wait_for_workers(self, total: int, progress: ProgressBar, stall_seconds: float) -> None:
        """Redraw progress from the database until nothing is left to do.

        Counting what is left is an anti-join over every stale exam, growing with their number,
        and the database shares the CPU with the workers. So polls are spaced to keep that count
        under ~5% of the elapsed time (0.5 to 2 s apart).
        """
        remaining, last_change, interval = total, time.monotonic(), 0.5
        while remaining:
            time.sleep(interval)
            started = time.monotonic()
            now_remaining = exams_to_reevaluate().count()
            interval = min(POLL_MAX_SECONDS, max(0.5, POLL_COST_FACTOR * (time.monotonic() - started)))
            if now_remaining != remaining:
                remaining, last_change = now_remaining, time.monotonic()
            progress.draw(max(total - remaining, 0))
            if time.monotonic() - last_change > stall_seconds:
                progress.draw(max(total - remaining, 0), final=True)
                raise CommandError(
                    f"{remaining} exams still to do and no progress for {stall_seconds:.0f} s: are workers "
                    "running? The queued batches stay queued; re-run this command to resume."
                )
        progress.draw(total, final=True)

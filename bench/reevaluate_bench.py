"""Time ``manage.py reevaluate_decisions`` over N stored exams with one and with two Celery workers.

Usage (from the repository root; PostgreSQL and Redis must be running):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nx_reeval_bench \\
        uv run python bench/reevaluate_bench.py [--exams 20000] [--workers 1 2] [--changed 0.02]

The database is created and migrated if needed, and N exams of the shared clinical cases are
loaded with ``bench/seed.py`` (COPY). Before each run every seeded exam's current decision is
marked as computed under an older ruleset ("bench-previous") and its re-evaluation checks are
removed, so the run re-evaluates all N; a share of them (``--changed``) also get an altered stored
lesion (and substance digest), so those decisions come out changed and a new decision record is
stored for each. Seeded records get their substance digest as the data migration gives old rows. Workers
are ``celery -A clinic worker --concurrency=1`` processes on Redis db 12 (``--broker``; it must
be a db no other worker listens on, or that worker takes the batches to its own database). Prints
exams per second per run, and the CPU per exam spent by the workers and by PostgreSQL (all
backends of the database, the command's producer and progress polls included) from /proc; it
asserts nothing about speed. On a shared machine prefer the CPU figures to the wall-clock ones.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
os.environ.setdefault("DEBUG", "True")
os.environ["CELERY_BROKER_URL"] = ""  # this process seeds and measures; the workers use the broker

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.procstat import children, cpu_delta, cpu_seconds, postgres_backends  # noqa: E402
from bench.seed import CLINIC_SLUG, PATIENT_SYSTEM, load_exams  # noqa: E402
from clinic.models import Clinic  # noqa: E402
from decisions.models import DecisionRecord, fill_substance_digests  # noqa: E402

PREVIOUS = "bench-previous"


def ensure_database() -> None:
    """Create the benchmark's database if it does not exist yet (``migrate`` then fills it)."""
    import psycopg
    from psycopg import sql

    settings = connection.settings_dict
    params = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
    }
    given = {key: value for key, value in params.items() if value}
    with psycopg.connect(dbname="postgres", autocommit=True, **given) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]).fetchone():
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings["NAME"])))


def stale_all(*, changed_share: float) -> int:
    """Make every seeded exam's current decision look older than the deployed ruleset."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH seeded AS (
                SELECT e.id AS exam_id, e.current_decision_id AS decision_id
                FROM exams_exam e JOIN exams_patient p ON p.id = e.patient_id
                WHERE p.identifier_system = %s
            ), cleared AS (
                DELETE FROM exams_rulesetcheck WHERE exam_id IN (SELECT exam_id FROM seeded)
            )
            UPDATE decisions_decisionrecord d
            SET ruleset_version = %s,
                document = CASE WHEN (s.exam_id %% 1000) < %s
                    THEN jsonb_set(d.document, '{lesion}', '"bench-stale"') ELSE d.document END,
                substance_digest = CASE WHEN (s.exam_id %% 1000) < %s
                    THEN 'bench-stale' ELSE d.substance_digest END
            FROM seeded s WHERE d.id = s.decision_id
            """,
            [PATIENT_SYSTEM, PREVIOUS, round(changed_share * 1000), round(changed_share * 1000)],
        )
        stale = cursor.rowcount
        # Statistics as a settled database would have them: with the checks just deleted, the
        # planner's old row counts once made the command's progress count take 15 s.
        cursor.execute("ANALYZE exams_rulesetcheck, decisions_decisionrecord, exams_exam")
        return stale


class CpuSampler(threading.Thread):
    """CPU of the worker processes and of the database's backends, sampled every 0.2 s.

    Backends come and go (the command's, and a worker's after a failed health check), so each
    is sampled while it lives; one that ends loses at most its last 0.2 s.
    """

    def __init__(self, worker_pids: Callable[[], list[int]], database: str) -> None:
        super().__init__(daemon=True)
        self.worker_pids, self.database = worker_pids, database
        self.first: dict[str, dict[int, float]] = {}
        self.last: dict[str, dict[int, float]] = {"workers": {}, "database": {}}
        self.done = threading.Event()

    def _sample(self) -> dict[str, dict[int, float]]:
        return {
            "workers": cpu_seconds(self.worker_pids()),
            "database": cpu_seconds(postgres_backends(self.database)),
        }

    def start(self) -> None:
        self.first = self._sample()
        super().start()

    def run(self) -> None:
        while not self.done.wait(0.2):
            for kind, times in self._sample().items():
                self.last[kind].update(times)

    def stop(self) -> tuple[float, float]:
        self.done.set()
        self.join()
        for kind, times in self._sample().items():
            self.last[kind].update(times)
        return cpu_delta(self.first["workers"], self.last["workers"]), cpu_delta(
            self.first["database"], self.last["database"]
        )


def start_workers(count: int, env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    workers = []
    for number in range(count):
        workers.append(
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "clinic", "worker", "--concurrency=1",
                 "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING",
                 f"--hostname=bench{number}@%h"],
                cwd=ROOT, env=env, start_new_session=True,
            )
        )  # fmt: skip
    time.sleep(6)  # Django + Celery start-up, outside the timed part
    return workers


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        worker.wait(timeout=60)


def timed_run(*, workers: int, exams: int, broker: str, batch_size: int, changed_share: float) -> float:
    stale = stale_all(changed_share=changed_share)
    env = {**os.environ, "CELERY_BROKER_URL": broker, "DB_CONN_MAX_AGE": "600"}
    if broker.startswith("redis"):  # start from an empty queue; a RabbitMQ vhost is left as it is
        import redis

        redis.Redis.from_url(broker).flushdb()
    if workers == 0:
        command = ["reevaluate_decisions", "--sync", "--batch-size", str(batch_size)]
        pool: list[subprocess.Popen[bytes]] = []
    else:
        command = ["reevaluate_decisions", "--batch-size", str(batch_size)]
        pool = start_workers(workers, env)
    database = connection.settings_dict["NAME"]
    sampler = CpuSampler(lambda: [p for w in pool for p in (w.pid, *children(w.pid))], database)
    try:
        command_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        sampler.start()
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env if workers else os.environ, check=True
        )
        elapsed = time.perf_counter() - started
        worker_cpu, database_cpu = sampler.stop()
        if not pool:  # --sync: the command itself did the work
            command_after = resource.getrusage(resource.RUSAGE_CHILDREN)
            worker_cpu = sum(
                getattr(command_after, f) - getattr(command_before, f) for f in ("ru_utime", "ru_stime")
            )
    finally:
        if pool:
            stop_workers(pool)
    label = "in-process (--sync)" if workers == 0 else f"{workers} worker{'s' * (workers > 1)}"
    print(
        f"{label:>20}: {stale} exams in {elapsed:6.1f} s = {stale / elapsed:7.0f} exams/s; CPU per exam: "
        f"workers {worker_cpu / stale * 1000:.3f} ms, PostgreSQL {database_cpu / stale * 1000:.3f} ms",
        flush=True,
    )
    return stale / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exams", type=int, default=20_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="0 means --sync")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--changed", type=float, default=0.02, help="share of decisions that change")
    parser.add_argument(
        "--broker",
        default="redis://127.0.0.1:6379/12",
        help="a Redis db no one else uses, or amqp://guest:guest@127.0.0.1:5672// (RabbitMQ)",
    )
    args = parser.parse_args()
    ensure_database()
    call_command("migrate", verbosity=0)
    clinic, _ = Clinic.objects.get_or_create(slug=CLINIC_SLUG, defaults={"name": "Benchmark clinic"})
    load_exams(clinic, args.exams)
    fill_substance_digests(DecisionRecord)  # the seed writes around the ORM, like pre-digest rows
    for workers in args.workers:
        timed_run(
            workers=workers,
            exams=args.exams,
            broker=args.broker,
            batch_size=args.batch_size,
            changed_share=args.changed,
        )


if __name__ == "__main__":
    main()

"""Profile one scenario's requests in-process with pyinstrument: where a request's CPU goes.

The harness says how fast; this says why. It replays a scenario's request through Django's
test client (the same middleware, DRF view, service and database as under gunicorn, minus
the HTTP server) against the benchmark database that ``bench/run`` seeded, and prints the
call tree. Run after ``bench/run`` has created the data::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nx_bench \
        uv run python bench/profile_requests.py ingest [--requests 300] [--cprofile]

Scenarios: ingest, evaluate, detail, list_patient, list_page.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")  # as bench/run: plain HTTP behind a proxy
os.environ.setdefault("API_CLIENT_RATE", "100000000/min")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Max, Min  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from bench import procstat  # noqa: E402
from clinic.models import Clinic  # noqa: E402
from clinic.services import api_client_create  # noqa: E402
from exams.models import Exam  # noqa: E402

CASES = ROOT / "tests" / "cases"


def bodies(nonce: str, count: int) -> list[bytes]:
    exams = [json.loads(path.read_text())["exam"] for path in sorted(CASES.glob("*.json"))]
    posted = []
    for number in range(count):
        exam = json.loads(json.dumps(exams[number % len(exams)]))
        exam["patient"]["identifier"] = {"system": "urn:bench:mrn", "value": f"P{nonce}-{number}"}
        exam["external_id"] = {"system": "urn:bench:ehr", "value": f"E{nonce}-{number}"}
        posted.append(json.dumps(exam).encode())
    return posted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=["ingest", "evaluate", "detail", "list_patient", "list_page"])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--cprofile", action="store_true", help="cProfile by own time instead of a call tree")
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative or tottime")
    parser.add_argument("--plain", action="store_true", help="no profiler: only the CPU per request")
    args = parser.parse_args()
    clinic = Clinic.objects.get(slug="bench")
    _, token = api_client_create(clinic=clinic, name=f"profile-{time.time_ns()}")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    ids = Exam.objects.filter(clinic=clinic, external_id_value__startswith="seed-").aggregate(
        low=Min("id"), high=Max("id")
    )
    posts = bodies(str(time.time_ns()), args.requests + 1)

    def one(number: int) -> int:
        if args.scenario in ("ingest", "evaluate"):
            path = "/api/v1/exams/" if args.scenario == "ingest" else "/api/v1/decisions/evaluate/"
            return client.post(path, posts[number], content_type="application/json").status_code
        if args.scenario == "detail":
            exam_id = ids["low"] + (number * 7919) % (ids["high"] - ids["low"])
            return client.get(f"/api/v1/exams/{exam_id}/").status_code
        if args.scenario == "list_patient":
            return client.get(f"/api/v1/exams/?patient=BENCH-{(number * 7919) % 50_000:07d}").status_code
        return client.get("/api/v1/exams/").status_code

    with CaptureQueriesContext(connection) as queries:
        status = one(args.requests)  # warm-up, and the query count of one request
    print(f"{args.scenario}: status {status}, {len(queries)} queries per request")
    for query in queries.captured_queries:
        print(f"  {query['sql'][:150]}")
    started = time.process_time()
    if args.plain:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        database_before = procstat.cpu_seconds([backend])
        for number in range(args.requests):
            one(number)
        per_request = 1000 * (time.process_time() - started) / args.requests
        database = 1000 * procstat.cpu_delta(database_before, procstat.cpu_seconds([backend])) / args.requests
        print(
            f"{args.requests} requests, {per_request:.2f} ms client+server CPU per request (not profiled), "
            f"{database:.2f} ms in the database backend"
        )
        return
    if args.cprofile:
        with cProfile.Profile(time.process_time) as profile:  # CPU, not waits on the database
            for number in range(args.requests):
                one(number)
    else:
        profiler = Profiler(interval=0.0005)
        with profiler:
            for number in range(args.requests):
                one(number)
    cpu = time.process_time() - started
    per_request = 1000 * cpu / args.requests
    print(f"{args.requests} requests, {per_request:.2f} ms client+server CPU per request (profiled)")
    if args.cprofile:
        pstats.Stats(profile).sort_stats(args.sort).print_stats(45)
    else:
        print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()

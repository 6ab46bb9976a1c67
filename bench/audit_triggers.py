"""What the audit triggers cost: exam_create timed with them on, off, and on again (PostgreSQL).

Run: DEBUG=True DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> uv run python bench/audit_triggers.py
Prints, per create: the median and p95 wall time, the CPU this connection's PostgreSQL backend
spent (utime + stime from /proc, so the database must run on this machine; "n/a" otherwise),
the CPU of this Python process, and the audit rows each create writes. CPU times are the
figures to compare on a shared machine: wall time also counts waiting for other processes.

"off" disables every audit trigger of the audited tables except the TRUNCATE one, whichever set
is installed (row-level ``audit_row_change`` or the statement-level ``audit_*_rows``).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
django.setup()

from django.db import connection  # noqa: E402

from audit.models import AuditEvent  # noqa: E402
from audit.triggers import AUDITED_TABLES  # noqa: E402
from bench.procstat import cpu_seconds  # noqa: E402
from clinic.models import Clinic  # noqa: E402
from clinic.services import api_client_create  # noqa: E402
from clinic.tenancy import Actor  # noqa: E402
from exams.documents import parse_exam_document  # noqa: E402
from exams.services import exam_create  # noqa: E402
from tests.factories import normal_exam_document  # noqa: E402

CREATES = int(os.environ.get("AUDIT_BENCH_CREATES", "150"))


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def backend_cpu(pid: int) -> float | None:
    return cpu_seconds([pid]).get(pid)


def timed_creates(tag: str, actor: Actor) -> None:
    assert actor.clinic_id is not None
    times = []
    before = AuditEvent.objects.count()
    pid = backend_pid()
    documents = [
        parse_exam_document(normal_exam_document(mrn=f"B-{tag}-{i}-{time.time_ns()}", external_id=None))
        for i in range(CREATES)
    ]
    db_cpu_start, py_cpu_start = backend_cpu(pid), time.process_time()
    for document in documents:
        start = time.perf_counter()
        exam_create(clinic_id=actor.clinic_id, document=document, actor=actor)
        times.append(time.perf_counter() - start)
    db_cpu_end, py_cpu_end = backend_cpu(pid), time.process_time()
    rows = (AuditEvent.objects.count() - before) / CREATES
    median = statistics.median(times) * 1000
    p95 = sorted(times)[int(CREATES * 0.95)] * 1000
    if db_cpu_start is None or db_cpu_end is None:
        db_cpu = "   n/a"
    else:
        db_cpu = f"{(db_cpu_end - db_cpu_start) / CREATES * 1000:6.2f}"
    py_cpu = (py_cpu_end - py_cpu_start) / CREATES * 1000
    print(
        f"{tag:13} median {median:6.2f} ms  p95 {p95:6.2f} ms  db cpu {db_cpu} ms  "
        f"py cpu {py_cpu:6.2f} ms  audit rows/create {rows:.0f}"
    )


def audit_triggers() -> list[tuple[str, str]]:
    """(table, trigger) of every installed audit trigger of an audited table, except TRUNCATE's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND t.tgname LIKE 'audit%%' AND t.tgname <> 'audit_table_truncate' "
            "AND c.relname = ANY(%s) ORDER BY 1, 2",
            [[table.name for table in AUDITED_TABLES]],
        )
        return cursor.fetchall()


def set_triggers(enabled: bool) -> None:
    verb = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        for table, trigger in audit_triggers():
            cursor.execute(f'ALTER TABLE "{table}" {verb} TRIGGER "{trigger}"')


def main() -> None:
    clinic, _ = Clinic.objects.get_or_create(slug="bench-audit", defaults={"name": "bench"})
    client = clinic.api_clients.first() or api_client_create(clinic=clinic, name="bench")[0]
    actor = Actor(clinic_id=clinic.pk, api_client_id=client.pk)
    names = sorted({trigger for _, trigger in audit_triggers()})
    print(f"exam_create with a 58-finding document, {CREATES} creates each; triggers: {', '.join(names)}")
    timed_creates("triggers-on", actor)
    set_triggers(False)
    try:
        timed_creates("triggers-off", actor)
    finally:
        set_triggers(True)
    timed_creates("triggers-on", actor)


if __name__ == "__main__":
    main()

"""What the audit triggers cost: exam_create timed with them on, off, and on again (PostgreSQL).

Run: DEBUG=True DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> uv run python bench/audit_triggers.py
Prints the median and p95 per create and the audit rows each create writes.
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
from clinic.models import Clinic  # noqa: E402
from clinic.services import api_client_create  # noqa: E402
from clinic.tenancy import Actor  # noqa: E402
from exams.documents import parse_exam_document  # noqa: E402
from exams.services import exam_create  # noqa: E402
from tests.factories import normal_exam_document  # noqa: E402

CREATES = 150


def timed_creates(tag: str, actor: Actor) -> None:
    assert actor.clinic_id is not None
    times = []
    before = AuditEvent.objects.count()
    for i in range(CREATES):
        mrn = f"B-{tag}-{i}-{time.time_ns()}"
        document = parse_exam_document(normal_exam_document(mrn=mrn, external_id=None))
        start = time.perf_counter()
        exam_create(clinic_id=actor.clinic_id, document=document, actor=actor)
        times.append(time.perf_counter() - start)
    rows = (AuditEvent.objects.count() - before) / CREATES
    median = statistics.median(times) * 1000
    p95 = sorted(times)[int(CREATES * 0.95)] * 1000
    print(f"{tag:13} median {median:6.2f} ms  p95 {p95:6.2f} ms  audit rows/create {rows:.0f}")


def set_triggers(enabled: bool) -> None:
    verb = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        for table in AUDITED_TABLES:
            cursor.execute(f'ALTER TABLE "{table.name}" {verb} TRIGGER audit_row_change')


def main() -> None:
    clinic, _ = Clinic.objects.get_or_create(slug="bench-audit", defaults={"name": "bench"})
    client = clinic.api_clients.first() or api_client_create(clinic=clinic, name="bench")[0]
    actor = Actor(clinic_id=clinic.pk, api_client_id=client.pk)
    print(f"exam_create with a 58-finding document, {CREATES} creates each")
    timed_creates("triggers-on", actor)
    set_triggers(False)
    try:
        timed_creates("triggers-off", actor)
    finally:
        set_triggers(True)
    timed_creates("triggers-on", actor)


if __name__ == "__main__":
    main()

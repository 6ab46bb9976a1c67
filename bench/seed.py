"""Load the benchmark's data into neuroexam's database: an API client and N stored exams.

Run by ``bench/run.py`` in a subprocess (it needs Django configured for neuroexam, the harness
does not). The exams are the shared clinical cases, given distinct patients (two exams each)
and performed_at spread over about two years, each with the decision the engine computes for
it. They are written with COPY and one INSERT ... SELECT per finding table, not through HTTP
or the ORM: 100,000 exams carry about 5.8 million finding rows, which this writes in a minute.

Triggers are bypassed during the load (``session_replication_role = replica``): the seed is
benchmark scaffolding, not clinical data, so it is neither audited nor FK-checked row by row;
the ids are consistent by construction. Prints one JSON line that the harness reads.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, models, transaction  # noqa: E402

from clinic.models import Clinic  # noqa: E402
from clinic.services import api_client_create  # noqa: E402
from decisions.engine import RULESET, decision_document, evaluate  # noqa: E402
from decisions.models import DecisionRecord  # noqa: E402
from exams.documents import ExamDocument, parse_exam_document  # noqa: E402
from exams.models import FINDING_MODELS, Exam, ExamVersion, Patient  # noqa: E402

CASES = ROOT / "tests" / "cases"
CLINIC_SLUG = "bench"
PATIENT_SYSTEM = "urn:bench:mrn"
EXAMS_PER_PATIENT = 2
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def templates() -> list[tuple[ExamDocument, dict[str, Any]]]:
    """Each shared case's exam and the decision the engine gives it."""
    found = []
    for path in sorted(CASES.glob("*.json")):
        document = parse_exam_document(json.loads(path.read_text())["exam"])
        found.append((document, decision_document(evaluate(document.to_facts()), computed_at=NOW)))
    return found


def patient_value(number: int) -> str:
    return f"BENCH-{number:07d}"


def _next_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return int(cursor.fetchone()[0])


def _copy(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """COPY rows given by attribute name; columns left out take the field's default."""
    fields = model._meta.concrete_fields
    columns = ", ".join(f'"{f.column}"' for f in fields)
    defaults = {f.attname: (f.get_default() if f.has_default() else None) for f in fields}
    for field in fields:
        if isinstance(defaults[field.attname], dict | list):
            defaults[field.attname] = json.dumps(defaults[field.attname])
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([row.get(f.attname, defaults[f.attname]) for f in fields])


def _finding_rows(model: type[models.Model], item: Any) -> dict[str, Any]:
    values = {
        f.attname: getattr(item, f.attname, None)
        for f in model._meta.concrete_fields
        if f.attname not in ("id", "version_id")
    }
    if model._meta.model_name == "reflexfinding" and values.get("grade") == "NT":
        values["grade"] = None
    return values


def _findings_insert(cases: list[tuple[ExamDocument, dict[str, Any]]], first_version: int) -> None:
    """Per finding table: the cases' rows in a temporary table, then one INSERT ... SELECT."""
    count = len(cases)
    for list_name, model in FINDING_MODELS.items():
        fields = [f for f in model._meta.concrete_fields if f.attname not in ("id", "version_id")]
        columns = [f.column for f in fields]
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMP TABLE tmpl_{list_name} AS SELECT * FROM {table} WITH NO DATA")
            cursor.execute(f"ALTER TABLE tmpl_{list_name} ADD COLUMN template integer")
            rows = []
            for index, (document, _) in enumerate(cases):
                for item in getattr(document, list_name):
                    values = _finding_rows(model, item)
                    # id orders the copies like the document's list (the temp table has no serial).
                    rows.append([index, len(rows), *(values[f.attname] for f in fields)])
            if rows:
                placeholders = ", ".join(["%s"] * (len(columns) + 2))
                listed = ", ".join(columns)
                cursor.executemany(
                    f"INSERT INTO tmpl_{list_name} (template, id, {listed}) VALUES ({placeholders})", rows
                )
            selected = ", ".join(f"t.{c}" for c in columns)
            cursor.execute(
                f"INSERT INTO {table} (version_id, {', '.join(columns)}) "
                f"SELECT v.id, {selected} FROM exams_examversion v "
                f"JOIN tmpl_{list_name} t ON t.template = (v.id - %s) %% %s WHERE v.id >= %s "
                "ORDER BY v.id, t.id",
                [first_version, count, first_version],
            )
            cursor.execute(f"DROP TABLE tmpl_{list_name}")


def _reset_sequences(*tables: str) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            )


def load_exams(clinic: Clinic, wanted: int) -> None:
    """Add seeded exams until the clinic has ``wanted`` of them."""
    seeded = Exam.objects.filter(clinic=clinic, patient__identifier_system=PATIENT_SYSTEM).count()
    # Whole patients only, so a later top-up starts with a new patient.
    missing = -(-wanted // EXAMS_PER_PATIENT) * EXAMS_PER_PATIENT - seeded
    if missing <= 0:
        return
    cases = templates()
    patient_id, exam_id = _next_id(Patient), _next_id(Exam)
    version_id, decision_id = _next_id(ExamVersion), _next_id(DecisionRecord)
    patients, exams, versions, decisions = [], [], [], []
    for offset in range(missing):
        number = seeded + offset
        document, decision = cases[offset % len(cases)]
        patient = number // EXAMS_PER_PATIENT
        if number % EXAMS_PER_PATIENT == 0:
            patients.append(
                {
                    "id": patient_id + len(patients),
                    "clinic_id": clinic.pk,
                    "identifier_system": PATIENT_SYSTEM,
                    "identifier_value": patient_value(patient),
                    "birth_date": document.patient.birth_date,
                    "sex": document.patient.sex,
                    "created_at": NOW,
                }
            )
        performed_at = NOW - timedelta(minutes=10 * number)
        exams.append(
            {
                "id": exam_id + offset,
                "clinic_id": clinic.pk,
                "patient_id": patient_id + len(patients) - 1,
                "external_id_system": "urn:bench:ehr",
                "external_id_value": f"seed-{number}",
                "version": 1,
                "performed_at": performed_at,
                "current_decision_id": decision_id + offset,
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
        versions.append(
            {
                "id": version_id + offset,
                "exam_id": exam_id + offset,
                "number": 1,
                "performed_at": performed_at,
                "patient_birth_date": document.patient.birth_date,
                "patient_age_years": document.patient.age_years,
                "patient_sex": document.patient.sex,
                "history": json.dumps(document.history.model_dump(mode="json", exclude_none=True)),
                "sensory_level": document.sensory_level,
                "notes": document.notes,
                "recorded_at": NOW,
            }
        )
        lesion = decision.get("lesion") or {}
        decisions.append(
            {
                "id": decision_id + offset,
                "exam_version_id": version_id + offset,
                "ruleset_name": RULESET.name,
                "ruleset_version": RULESET.version,
                "computed_at": NOW,
                "urgency": decision["urgency"],
                "red_flags": json.dumps([flag["code"] for flag in decision["red_flags"]]),
                "lesion_site": lesion.get("site"),
                "lesion_side": lesion.get("side"),
                "document": json.dumps(decision),
            }
        )
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
        _copy(Patient, patients)
        _copy(Exam, exams)
        _copy(ExamVersion, versions)
        _copy(DecisionRecord, decisions)
        _findings_insert(cases, version_id)
    tables = [
        m._meta.db_table for m in (Patient, Exam, ExamVersion, DecisionRecord, *FINDING_MODELS.values())
    ]
    _reset_sequences(*tables)
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exams", type=int, default=100_000)
    args = parser.parse_args()
    clinic, _ = Clinic.objects.get_or_create(slug=CLINIC_SLUG, defaults={"name": "Benchmark clinic"})
    load_exams(clinic, args.exams)
    _, token = api_client_create(clinic=clinic, name=f"bench-{datetime.now(UTC):%Y%m%d%H%M%S%f}")
    # The seeded exams' ids are contiguous (COPY); exams the benchmark's posts added since share
    # the patient system but not the id range, which an aborted write can leave with gaps.
    seeded = Exam.objects.filter(clinic=clinic, external_id_value__startswith="seed-")
    bounds = seeded.aggregate(low=models.Min("id"), high=models.Max("id"), count=models.Count("id"))
    print(
        json.dumps(
            {
                "token": token,
                "exam_ids": [bounds["low"], bounds["high"]],
                "exams": Exam.objects.filter(clinic=clinic).count(),
                "patients": Patient.objects.filter(clinic=clinic, identifier_system=PATIENT_SYSTEM).count(),
                "patient_prefix": "BENCH-",
            }
        )
    )


if __name__ == "__main__":
    main()

"""Reads of patients and exams. Every read is scoped to one clinic here, nowhere else."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any, Literal

import pydantic_core
from django.db import connection
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTextTransform
from django.http import Http404
from pydantic import TypeAdapter

from audit.services import READ_RECORD_COLUMNS, audit_read_values
from clinic.rows import fetch_all_prepared, fetch_one_prepared
from clinic.tenancy import Actor
from decisions.engine import EarlierExam
from decisions.engine.compare import WINDOW as COMPARISON_WINDOW
from decisions.engine.vocabulary import NOT_TESTED
from exams.documents import parse_exam_document_json
from exams.findings import FINDING_LIST_NAMES, FINDING_LISTS, FindingList
from exams.models import (
    Exam,
    ExamVersion,
    IsncsciWorksheet,
    MotorFinding,
    Patient,
    PlantarFinding,
    ReflexFinding,
    SensoryFinding,
    SpecialTestFinding,
)

_DATETIME = TypeAdapter(datetime)


def json_datetime(value: datetime) -> str:
    """Render a datetime exactly as the document validator renders it, so GET echoes POST."""
    rendered: str = _DATETIME.dump_python(value, mode="json")
    return rendered


def exam_get(*, clinic_id: int, exam_id: int) -> Exam:
    """The exam, if it belongs to this clinic; another clinic's exam is indistinguishable from none."""
    # get(), not first(): first() orders by the primary key, and compiling that ORDER BY was a
    # tenth of a detail request's CPU; the filter names one row anyway.
    try:
        return Exam.objects.select_related("patient", "current_decision").get(clinic_id=clinic_id, pk=exam_id)
    except Exam.DoesNotExist:
        raise Http404("exam not found") from None


def _finding_prefetches() -> list[Prefetch[Any]]:
    return [
        Prefetch("motor", queryset=MotorFinding.objects.order_by("id")),
        Prefetch("reflexes", queryset=ReflexFinding.objects.order_by("id")),
        Prefetch("plantar_responses", queryset=PlantarFinding.objects.order_by("id")),
        Prefetch("sensory", queryset=SensoryFinding.objects.order_by("id")),
        Prefetch("special_tests", queryset=SpecialTestFinding.objects.order_by("id")),
    ]


def exam_version_get(*, exam: Exam, number: int | None = None) -> ExamVersion:
    """One version with its findings (the current one by default)."""
    version = (
        ExamVersion.objects.filter(exam=exam, number=number or exam.version)
        .select_related("isncsci")
        .prefetch_related(*_finding_prefetches())
        .first()
    )
    if version is None:
        raise Http404("version not found")
    return version


def exam_worksheet(*, exam: Exam) -> dict[str, Any] | None:
    """The current version's ISNCSCI worksheet as the document's ``isncsci`` block, or None."""
    worksheet = IsncsciWorksheet.objects.filter(version__exam=exam, version__number=exam.version).first()
    return worksheet.to_json_dict() if worksheet is not None else None


def exam_versions(*, exam: Exam) -> QuerySet[ExamVersion]:
    return (
        ExamVersion.objects.filter(exam=exam)
        .select_related("recorded_by_user", "recorded_by_client", "isncsci")
        .prefetch_related("decisions")
        .order_by("number")
    )


def parse_patient_filter(value: str) -> tuple[str | None, str]:
    """``VALUE`` or ``SYSTEM|VALUE`` (spec section 1)."""
    system, separator, identifier = value.rpartition("|")
    return (system if separator else None), identifier


def patient_search_condition(term: str, *, via: str = "") -> Q:
    """A patient identifier or its beginning, in any case; ``SYSTEM|VALUE`` narrows to one system.

    ``via`` is the path to the patient (``"patient__"`` from an exam), so the worklist and the
    patient list search alike.
    """
    system, value = parse_patient_filter(term)
    condition = Q(**{f"{via}identifier_value__istartswith": value})
    if system is not None:
        condition &= Q(**{f"{via}identifier_system": system})
    return condition


WORKLIST_COLUMNS = (
    "id",
    "version",
    "performed_at",
    "external_id_system",
    "external_id_value",
    "patient__identifier_system",
    "patient__identifier_value",
    "current_decision__urgency",
    "current_decision__red_flags",
    "current_decision__lesion_site",
    "current_decision__lesion_side",
    "current_decision__ruleset_version",
)


@dataclass(frozen=True, slots=True)
class WorklistPosition:
    """A row's place in the worklist's order (newest first): its performed_at, then its id."""

    performed_at: datetime
    exam_id: int


# The worklist read on PostgreSQL: the columns of ``WORKLIST_COLUMNS``, in their order.
_WORKLIST_SELECT = """
SELECT e.id, e.version, (extract(epoch FROM e.performed_at) * 1000000)::bigint,
       e.external_id_system, e.external_id_value,
       p.identifier_system, p.identifier_value,
       d.urgency, d.red_flags, d.lesion_site, d.lesion_side, d.ruleset_version
FROM exams_exam e
JOIN exams_patient p ON p.id = e.patient_id
LEFT JOIN decisions_decisionrecord d ON d.id = e.current_decision_id
WHERE e.clinic_id = %s"""


_Keyset = Literal["", "after", "before"]


@cache
def _worklist_sql(
    patient: bool, system: bool, performed_from: bool, performed_to: bool, keyset: _Keyset
) -> str:
    """The SQL of one filter combination, built once per process.

    The ORM built and compiled the same query on every request, about two thirds of a list
    request's CPU (docs/performance.md). ``keyset``: "" (the first page), "after" (older rows
    than a position) or "before" (newer rows, read oldest first so the nearest come first).
    """
    sql = _WORKLIST_SELECT
    if patient:
        sql += " AND p.clinic_id = %s AND p.identifier_value = %s"
        if system:
            sql += " AND p.identifier_system = %s"
    if performed_from:
        sql += " AND e.performed_at >= %s"
    if performed_to:
        sql += " AND e.performed_at <= %s"
    if keyset == "after":
        sql += " AND (e.performed_at, e.id) < (%s, %s)"
    elif keyset == "before":
        sql += " AND (e.performed_at, e.id) > (%s, %s)"
    order = "ASC" if keyset == "before" else "DESC"
    return f"{sql} ORDER BY e.performed_at {order}, e.id {order} LIMIT %s"


@dataclass(frozen=True, slots=True)
class WorklistPage:
    """One page of the worklist, newest first, and whether older or newer rows lie beyond it."""

    rows: list[dict[str, Any]]
    older: bool
    newer: bool


def worklist_page(
    *,
    clinic_id: int,
    size: int,
    patient: str | None = None,
    performed_from: datetime | None = None,
    performed_to: datetime | None = None,
    after: WorklistPosition | None = None,
    before: WorklistPosition | None = None,
) -> WorklistPage:
    """Up to ``size`` worklist rows (dicts of ``WORKLIST_COLUMNS``), newest first.

    Keyset pages: the rows older than ``after``, or the ``size`` rows just newer than ``before``;
    neither, the newest rows. A position is a row's (performed_at, id), so rows written meanwhile
    neither repeat nor skip a row on the next page. One row more than the page is read, to know
    whether there is a page beyond it; a page reached from a neighbour has that neighbour beyond.
    """
    rows = _worklist_rows(
        clinic_id=clinic_id,
        limit=size + 1,
        patient=patient,
        performed_from=performed_from,
        performed_to=performed_to,
        after=after,
        before=before,
    )
    beyond = len(rows) > size
    if before is not None:  # read backwards: the extra row is the newest one
        page = rows[1:] if beyond else rows
        return WorklistPage(page, older=bool(page), newer=bool(page) and beyond)
    page = rows[:size]
    return WorklistPage(page, older=bool(page) and beyond, newer=bool(page) and after is not None)


def _worklist_rows(
    *,
    clinic_id: int,
    limit: int,
    patient: str | None,
    performed_from: datetime | None,
    performed_to: datetime | None,
    after: WorklistPosition | None,
    before: WorklistPosition | None,
) -> list[dict[str, Any]]:
    # The parameters in the SQL's order: clinic, patient, bounds, position, limit. Bounds are
    # compared in UTC: PostgreSQL refuses the offsets beyond +-15:59 that ISO 8601 (and so the
    # query string) allows.
    params: list[Any] = [clinic_id]
    system = None
    if patient:
        system, value = parse_patient_filter(patient)
        params += [clinic_id, value] + ([system] if system is not None else [])
    params += [bound.astimezone(UTC) for bound in (performed_from, performed_to) if bound is not None]
    position = after or before
    if position is not None:
        params += [position.performed_at, position.exam_id]
    keyset: _Keyset = "after" if after is not None else "before" if before is not None else ""
    sql = _worklist_sql(
        bool(patient), system is not None, performed_from is not None, performed_to is not None, keyset
    )
    rows = [_worklist_row(row) for row in fetch_all_prepared(sql, [*params, limit])]
    return rows[::-1] if before is not None else rows


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _worklist_row(values: tuple[Any, ...]) -> dict[str, Any]:
    row = dict(zip(WORKLIST_COLUMNS, values, strict=True))
    # performed_at comes as microseconds since the epoch: Django's connection parses every
    # timestamptz with psycopg's Python-level parser (its time-zone loader subclasses it), a
    # large share of a page's CPU; this is exact and an order of magnitude cheaper.
    row["performed_at"] = _EPOCH + timedelta(microseconds=row["performed_at"])
    # Django's connection reads jsonb as text (JSONField decodes it); a raw read decodes it here,
    # with pydantic-core, which is much faster than json.loads on the usual "[]".
    if row["current_decision__red_flags"] is not None:
        row["current_decision__red_flags"] = pydantic_core.from_json(row["current_decision__red_flags"])
    return row


def _without_none(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if value is not None}


def _iso_date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def exam_version_document(*, exam: Exam, version: ExamVersion) -> dict[str, Any]:
    """The exam document of one version, rebuilt from its rows in the spec's shape and key order."""
    findings: dict[str, list[dict[str, Any]]] = {
        "motor": [
            _without_none(
                {
                    "muscle": m.muscle,
                    "side": m.side,
                    "grade": m.grade,
                    "pain_limited": m.pain_limited,
                    "nt_reason": m.nt_reason,
                }
            )
            for m in version.motor.all()
        ],
        "reflexes": [
            {"reflex": r.reflex, "side": r.side, "grade": "NT" if r.grade is None else r.grade}
            for r in version.reflexes.all()
        ],
        "plantar_responses": [
            {"side": p.side, "response": p.response} for p in version.plantar_responses.all()
        ],
        "sensory": [{"region": s.region, "side": s.side, "status": s.status} for s in version.sensory.all()],
        "special_tests": [
            _without_none(
                {
                    "test": t.test,
                    "side": t.side,
                    "result": t.result,
                    "angle_degrees": t.angle_degrees,
                    "reproduces_radicular_pain": t.reproduces_radicular_pain,
                }
            )
            for t in version.special_tests.all()
        ],
    }
    worksheet = _worksheet_of(version)
    return _document(
        exam=exam,
        version=version,
        findings=findings,
        isncsci=worksheet.to_json_dict() if worksheet is not None else None,
    )


def _worksheet_of(version: ExamVersion) -> IsncsciWorksheet | None:
    try:
        return version.isncsci
    except IsncsciWorksheet.DoesNotExist:
        return None


def _document(
    *,
    exam: Exam,
    version: ExamVersion,
    findings: dict[str, list[dict[str, Any]]],
    isncsci: dict[str, Any] | None = None,
) -> dict[str, Any]:
    document: dict[str, Any] = {}
    if exam.external_id_value is not None:
        document["external_id"] = {"system": exam.external_id_system, "value": exam.external_id_value}
    document["patient"] = _without_none(
        {
            "identifier": {
                "system": exam.patient.identifier_system,
                "value": exam.patient.identifier_value,
            },
            "birth_date": _iso_date(version.patient_birth_date),
            "age_years": version.patient_age_years,
            "sex": version.patient_sex,
        }
    )
    document["performed_at"] = json_datetime(version.performed_at)
    document["history"] = dict(version.history)
    document.update(findings)
    if version.sensory_level is not None:
        document["sensory_level"] = version.sensory_level
    if version.notes is not None:
        document["notes"] = version.notes
    if isncsci is not None:
        document["isncsci"] = isncsci
    return document


def _finding_json_sql(findings: FindingList, field: str) -> str:
    """A stored column as the document's value: an "NT" stored as NULL (a reflex grade) comes back."""
    column = f"f.{findings.column(field).column}"
    if field == findings.not_tested_as_null:
        return f"COALESCE(to_json({column}), '\"{NOT_TESTED}\"'::json)"
    return column


def _finding_list_sql(findings: FindingList, *, strip_nulls: bool) -> str:
    """A correlated subquery: version ``v``'s findings of one list as a JSON array, in id order.

    Each finding in the document's key order (json keeps it). ``strip_nulls`` drops unrecorded
    fields, as ``exam_version_document`` does; only lists with a nullable column need the walk
    (a reflex's NULL grade is read back as "NT", never null).
    """
    fields = ", ".join(f"'{field}', {_finding_json_sql(findings, field)}" for field in findings.fields)
    item = f"json_build_object({fields})"
    nullable = any(
        findings.column(field).null for field in findings.fields if field != findings.not_tested_as_null
    )
    if strip_nulls and nullable:
        item = f"json_strip_nulls({item})"
    return (
        f"(SELECT COALESCE(json_agg({item} ORDER BY f.id), '[]') "  # noqa: S608 - names from the models
        f"FROM {findings.table} f WHERE f.version_id = v.id)"
    )


# Version ``v``'s ISNCSCI worksheet as the document's ``isncsci`` block, or NULL without one.
_WORKSHEET_JSON = (
    "SELECT json_build_object('right', w.right, 'left', w.left, "
    "'voluntary_anal_contraction', w.voluntary_anal_contraction, "
    "'deep_anal_pressure', w.deep_anal_pressure) "
    "FROM exams_isncsciworksheet w WHERE w.version_id = v.id"
)

# One version's columns and its findings as JSON arrays, in the shape of ``exam_version_document``.
# Version ``v``'s columns and finding lists, in the order ``_document_from_row`` reads them.
_VERSION_COLUMNS = ", ".join(
    [
        "v.number, v.performed_at, v.patient_birth_date, v.patient_age_years, v.patient_sex",
        "v.history::text, v.sensory_level, v.notes",
        *(f"({_finding_list_sql(findings, strip_nulls=True)})::text" for findings in FINDING_LISTS),
        f"({_WORKSHEET_JSON})::text",
    ]
)
_VERSION_WITH_FINDINGS = f"""
SELECT {_VERSION_COLUMNS}
FROM exams_examversion v WHERE v.exam_id = %s AND v.number = %s
"""  # noqa: S608 - names from this module


def exam_document(*, exam: Exam, number: int | None = None) -> dict[str, Any]:
    """``exam_version_document`` of one version (the current one by default) in one query.

    The detail endpoint's hot path: one round trip instead of six, and no model instance per
    finding, which the profile showed to be most of a GET's cost (docs/performance.md).
    """
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_WITH_FINDINGS, [exam.pk, number or exam.version])
        row = cursor.fetchone()
    if row is None:
        raise Http404("version not found")
    return _document_from_row(exam=exam, row=row)


def _document_from_row(*, exam: Exam, row: tuple[Any, ...]) -> dict[str, Any]:
    """The document from the columns ``_VERSION_WITH_FINDINGS`` selects, in its order."""
    version = ExamVersion(
        exam=exam,
        number=row[0],
        performed_at=row[1],
        patient_birth_date=row[2],
        patient_age_years=row[3],
        patient_sex=row[4],
        history=json.loads(row[5]),
        sensory_level=row[6],
        notes=row[7],
    )
    lists = row[8 : 8 + len(FINDING_LIST_NAMES)]
    findings = {name: json.loads(text) for name, text in zip(FINDING_LIST_NAMES, lists, strict=True)}
    worksheet = row[8 + len(FINDING_LIST_NAMES)]
    return _document(
        exam=exam,
        version=version,
        findings=findings,
        isncsci=json.loads(worksheet) if worksheet is not None else None,
    )


# The detail read: the exam, its patient, its current decision (as JSON text) and its current
# version with findings (the columns of ``_VERSION_WITH_FINDINGS``, in its order), with the read
# recorded on the audit trail by the same statement. {read_columns} and their values:
# ``audit.services.audit_read_values``.
_EXAM_DETAIL_READ = """
WITH shown AS (
    SELECT e.id, e.clinic_id, e.version, e.external_id_system, e.external_id_value,
           e.current_decision_id, e.patient_id, p.identifier_system, p.identifier_value,
           d.document::text AS decision
    FROM exams_exam e
    JOIN exams_patient p ON p.id = e.patient_id
    JOIN decisions_decisionrecord d ON d.id = e.current_decision_id
    WHERE e.id = %s AND e.clinic_id = %s
), recorded AS (
    INSERT INTO audit_event ({read_columns}, {record_columns})
    SELECT {read_values}, shown.id::text, shown.version, shown.clinic_id FROM shown
)
SELECT shown.id, shown.clinic_id, shown.version, shown.external_id_system, shown.external_id_value,
       shown.current_decision_id, shown.patient_id, shown.identifier_system, shown.identifier_value,
       shown.decision,
       {version_columns}
FROM shown JOIN exams_examversion v ON v.exam_id = shown.id AND v.number = shown.version
"""


@cache
def _exam_detail_read_sql(read_columns: tuple[str, ...]) -> str:
    return _EXAM_DETAIL_READ.format(
        read_columns=", ".join(read_columns),
        record_columns=", ".join(READ_RECORD_COLUMNS),
        read_values=", ".join(["%s"] * len(read_columns)),
        version_columns=_VERSION_COLUMNS,
    )


@dataclass(frozen=True, slots=True)
class ExamRead:
    """An exam as its detail shows it: its current document, and its current decision as the JSON
    text the database holds (the response carries it without decoding it; docs/performance.md)."""

    exam: Exam
    document: dict[str, Any]
    decision_json: str


def exam_detail_read(*, clinic_id: int, exam_id: int, actor: Actor) -> ExamRead:
    """The exam (with its patient) and its current document and decision, the read audited.

    The detail endpoint's hot path: one prepared statement reads everything and records the read,
    where the ORM read, the document read and the audit insert were three round trips
    (docs/performance.md). An exam of another clinic is indistinguishable from none, and is not
    recorded as read.
    """
    read_columns, read_values = audit_read_values(actor=actor, table_name=Exam._meta.db_table)
    row = fetch_one_prepared(_exam_detail_read_sql(tuple(read_columns)), [exam_id, clinic_id, *read_values])
    if row is None:
        raise Http404("exam not found")
    (pk, clinic, number, system, value, decision_id, patient_id, id_system, id_value, decision) = row[:10]
    exam = Exam(
        pk=pk,
        clinic_id=clinic,
        version=number,
        external_id_system=system,
        external_id_value=value,
        current_decision_id=decision_id,
        patient_id=patient_id,
    )
    exam.patient = Patient(
        pk=patient_id, clinic_id=clinic, identifier_system=id_system, identifier_value=id_value
    )
    return ExamRead(exam=exam, document=_document_from_row(exam=exam, row=row[10:]), decision_json=decision)


# Each exam's current-version document as JSON text, built by PostgreSQL: a correlated subquery on
# the ``exams_exam`` row of the outer (ORM) query. Not byte-identical to ``exam_version_document``:
# an unrecorded value is a JSON null, not a missing key (``ExamDocument`` reads both as None;
# skipping json_strip_nulls spares the database the walk), and timestamps use PostgreSQL's
# ISO spelling. It is meant for ``parse_exam_document_json``, not for clients.
_CURRENT_DOCUMENT_JSON = """
(SELECT json_build_object(
    'external_id', CASE WHEN "exams_exam"."external_id_value" IS NULL THEN NULL ELSE json_build_object(
        'system', "exams_exam"."external_id_system", 'value', "exams_exam"."external_id_value") END,
    'patient', json_build_object(
        'identifier', json_build_object('system', p.identifier_system, 'value', p.identifier_value),
        'birth_date', v.patient_birth_date, 'age_years', v.patient_age_years, 'sex', v.patient_sex),
    'performed_at', v.performed_at,
    'history', v.history,
    {findings},
    'sensory_level', v.sensory_level,
    'notes', v.notes,
    'isncsci', ({worksheet}))::text
 FROM exams_examversion v JOIN exams_patient p ON p.id = "exams_exam"."patient_id"
 WHERE v.exam_id = "exams_exam"."id" AND v.number = "exams_exam"."version")
""".format(  # noqa: S608 - names from this module
    findings=",\n    ".join(
        f"'{findings.name}', {_finding_list_sql(findings, strip_nulls=False)}" for findings in FINDING_LISTS
    ),
    worksheet=_WORKSHEET_JSON,
)


def exam_documents_json(exams: QuerySet[Exam], *columns: str) -> list[tuple[Any, ...]]:
    """Per exam of ``exams`` (a batch, in its order): ``columns``, then its current document as JSON.

    The batch read of re-evaluation: one query for a whole batch, the document assembled in the
    database, so the caller validates it straight from JSON (``parse_exam_document_json``) with
    no finding row or intermediate dict built in Python. The document's unrecorded values may be
    nulls rather than absent keys.
    """
    annotated = exams.annotate(_document_json=RawSQL(_CURRENT_DOCUMENT_JSON, ()))  # noqa: S611
    return list(annotated.values_list(*columns, "_document_json"))


@dataclass(frozen=True, slots=True)
class ExamNeighbours:
    """What a new decision needs of the patient's other exams around its ``performed_at``."""

    earlier: EarlierExam | None  # the exam it is compared with
    # An exam performed after it within the window: an older exam posted late changes that
    # exam's comparison, so the later one is re-evaluated (``exams.services``).
    later_in_window: bool


def exam_neighbours(
    *, clinic_id: int, identifier: tuple[str, str], performed_at: datetime, exclude_exam_id: int | None = None
) -> ExamNeighbours:
    """The patient's exam a new decision is compared with, and whether a later one exists, in one query.

    The earlier exam is the most recent exam of the same patient in the same clinic performed
    before ``performed_at`` (by ``performed_at``, whatever order the exams arrived in) and within
    the comparison window, as its current version: an amended exam is compared as amended.
    ``exclude_exam_id``: the exam being amended, never its own neighbour. Another clinic's exams
    are never looked at. The patient is found by the clinic's unique identifier index.
    """
    at, excluded = performed_at, exclude_exam_id or 0  # ids start at 1
    low, high = at - COMPARISON_WINDOW, at + COMPARISON_WINDOW
    row = fetch_one_prepared(
        _NEIGHBOURS,
        [at, at, high, excluded, at, clinic_id, *identifier, clinic_id, excluded, at, low, at, high],
    )
    if row is None:
        return ExamNeighbours(earlier=None, later_in_window=False)
    exam_id, number, is_later, later_in_window, document_json = row
    if is_later:
        return ExamNeighbours(earlier=None, later_in_window=True)
    document = parse_exam_document_json(document_json)
    found = EarlierExam(str(exam_id), number, document.performed_at, document.to_facts())
    return ExamNeighbours(earlier=found, later_in_window=later_in_window)


# ``exam_neighbours``' one statement, prepared: the nearest earlier exam in the window first, a
# later one only when there is none; the document is assembled for an earlier exam only. Built
# by hand, not by the ORM: compiling the queryset cost more CPU than the rest of the lookup
# (docs/performance.md). Model names only; every value is a parameter.
_NEIGHBOURS = f"""
SELECT "exams_exam"."id", "exams_exam"."version", "exams_exam"."performed_at" > %s AS is_later,
    EXISTS (SELECT 1 FROM {Exam._meta.db_table} after_it WHERE after_it.patient_id = "exams_exam"."patient_id"
        AND after_it.performed_at > %s AND after_it.performed_at <= %s AND after_it.id <> %s),
    CASE WHEN "exams_exam"."performed_at" < %s THEN {_CURRENT_DOCUMENT_JSON} END
FROM {Patient._meta.db_table} patient JOIN {Exam._meta.db_table} "exams_exam"
    ON "exams_exam"."patient_id" = patient.id
WHERE patient.clinic_id = %s AND patient.identifier_system = %s AND patient.identifier_value = %s
    AND "exams_exam"."clinic_id" = %s AND "exams_exam"."id" <> %s
    AND (("exams_exam"."performed_at" < %s AND "exams_exam"."performed_at" >= %s)
        OR ("exams_exam"."performed_at" > %s AND "exams_exam"."performed_at" <= %s))
ORDER BY is_later, "exams_exam"."performed_at" DESC, "exams_exam"."id" DESC
LIMIT 1
"""  # noqa: S608


def earlier_exams(*, exam_ids: list[int]) -> dict[int, EarlierExam]:
    """The earlier exam (as ``exam_neighbours`` finds it) of each of a batch of exams (re-evaluation),
    in two queries for the batch.

    The patient is the same row, so the earlier exam is in the same clinic.
    """
    earlier = Exam.objects.filter(
        patient_id=OuterRef("patient_id"),
        performed_at__lt=OuterRef("performed_at"),
        performed_at__gte=OuterRef("performed_at") - COMPARISON_WINDOW,
    ).order_by("-performed_at", "-id")
    pairs = dict(
        Exam.objects.filter(pk__in=exam_ids)
        .annotate(earlier_id=Subquery(earlier.values("pk")[:1]))
        .filter(earlier_id__isnull=False)
        .values_list("pk", "earlier_id")
    )
    if not pairs:
        return {}
    found = {}
    for exam_id, number, document_json in exam_documents_json(
        Exam.objects.filter(pk__in=set(pairs.values())), "pk", "version"
    ):
        document = parse_exam_document_json(document_json)
        found[exam_id] = EarlierExam(str(exam_id), number, document.performed_at, document.to_facts())
    return {exam_id: found[earlier_id] for exam_id, earlier_id in pairs.items()}


def exams_compared_with(*, exam: Exam) -> list[int]:
    """The patient's exams whose comparison may involve ``exam`` as it stands now: those whose
    current decision was compared with it, and those performed after it within the window."""
    performed_at = exam.performed_at
    return list(
        Exam.objects.filter(patient_id=exam.patient_id)
        .exclude(pk=exam.pk)
        .filter(
            Q(current_decision__document__compared_with__id=str(exam.pk))
            | Q(performed_at__gt=performed_at, performed_at__lte=performed_at + COMPARISON_WINDOW)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@dataclass(frozen=True, slots=True)
class CourseExam:
    """One exam of a patient's course: its current decision's summary and its motor grades."""

    exam: Exam
    strength_fell: bool  # its decision found a whole-grade fall since the earlier exam
    grades: dict[tuple[str, str], str]


def patient_course(*, patient_id: int) -> list[CourseExam]:
    """Every exam of the patient, oldest first, in two queries whatever their number."""
    exams = list(
        Exam.objects.filter(patient_id=patient_id)
        .select_related("current_decision")
        .defer("current_decision__document")
        .annotate(_changes=KeyTextTransform("changes", "current_decision__document"))
        .order_by("performed_at", "id")
    )
    grades: dict[int, dict[tuple[str, str], str]] = {exam.pk: {} for exam in exams}
    current = MotorFinding.objects.filter(
        version__exam__patient_id=patient_id, version__number=F("version__exam__version")
    ).order_by("id")
    for exam_id, muscle, side, grade in current.values_list("version__exam_id", "muscle", "side", "grade"):
        grades[exam_id][(muscle, side)] = grade
    return [
        CourseExam(exam=exam, strength_fell=_strength_fell(exam._changes), grades=grades[exam.pk])
        for exam in exams
    ]


def _strength_fell(changes_json: str | None) -> bool:
    if not changes_json:
        return False
    return any(
        change["direction"] == "worsened" and change["finding"].startswith("motor[")
        for change in json.loads(changes_json)
    )

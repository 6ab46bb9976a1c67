"""Writes of patients and exams: create, amend. Each runs in one transaction with its decision.

An exam and its decision are stored together or not at all, and nothing is updated in place:
an amendment adds a version (see ``exams.models``). The transaction is ``audit.context.audited``,
so the audit triggers credit every row written to the actor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from audit.context import actor_payload, audited
from clinic.domain_errors import Conflict, PreconditionFailed
from clinic.rows import fetch_one_prepared, insert_values, mark_saved
from clinic.tenancy import Actor
from decisions.models import DecisionRecord
from decisions.services import (
    decision_evaluate,
    decision_record_new,
    decision_recorded,
    decision_recorded_pending,
)
from exams.documents import (
    ExamDocument,
    Identifier,
    PatientBlock,
    canonical_json,
    parse_exam_document,
)
from exams.findings import FINDING_LISTS, stored_value
from exams.isncsci import IsncsciBlock
from exams.models import (
    Exam,
    ExamVersion,
    IsncsciWorksheet,
    Patient,
)
from exams.selectors import exam_neighbours, exam_version_document, exam_version_get, exams_compared_with
from exams.tasks import reevaluate_compared_exams


@dataclass(frozen=True, slots=True)
class ExamWrite:
    """What a write did: the exam, its current version and decision, and whether it is new."""

    exam: Exam
    version: ExamVersion
    decision: DecisionRecord
    created: bool


def _new_patient(*, clinic_id: int, block: PatientBlock) -> Patient:
    """The posted patient as a new, unsaved record."""
    return Patient(
        clinic_id=clinic_id,
        identifier_system=block.identifier.system,
        identifier_value=block.identifier.value,
        birth_date=block.birth_date,
        sex=None if block.sex is None else str(block.sex),
        created_at=timezone.now(),
    )


# The SQL the patient insert and the replay check share, on both write paths (the transactional
# ``_patient_inserted`` and the single statement of ``_create_statement``). Model names only.
_EXTERNAL_ID_TAKEN = (
    f"SELECT 1 FROM {Exam._meta.db_table} "  # noqa: S608 - the model's table
    "WHERE clinic_id = %s AND external_id_system = %s AND external_id_value = %s"
)
_PATIENT_INSERT = (
    f"INSERT INTO {Patient._meta.db_table} "
    "(clinic_id, identifier_system, identifier_value, birth_date, sex, created_at) "
)
_PATIENT_CONFLICT = "ON CONFLICT (clinic_id, identifier_system, identifier_value) DO NOTHING"


def _patient_values(patient: Patient) -> list[Any]:
    """A new patient's values in ``_PATIENT_INSERT``'s column order."""
    return [
        patient.clinic_id,
        patient.identifier_system,
        patient.identifier_value,
        patient.birth_date,
        patient.sex,
        patient.created_at,
    ]


def _patient_inserted(
    *, clinic_id: int, block: PatientBlock, external_id: Identifier | None = None
) -> Patient | None:
    """The new patient, or None when the clinic already has one with this identifier.

    ``INSERT ... ON CONFLICT DO NOTHING`` is one round trip where get_or_create costs four
    (SELECT, SAVEPOINT, INSERT, RELEASE) for every new patient, which is most posts; a
    concurrent insert of the same identifier waits for the other and then finds it.

    With ``external_id`` (a new exam's) the same statement first looks for an
    exam already stored under it and, if there is one, inserts nothing and raises
    ``_ExternalIdStored``: the replay check costs no round trip of its own.
    """
    patient = _new_patient(clinic_id=clinic_id, block=block)
    values = _patient_values(patient)
    if external_id is None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"{_PATIENT_INSERT} VALUES (%s, %s, %s, %s, %s, %s) {_PATIENT_CONFLICT} RETURNING id", values
            )
            row = cursor.fetchone()
        patient_id = None if row is None else row[0]
    else:
        checked = fetch_one_prepared(
            f"WITH taken AS ({_EXTERNAL_ID_TAKEN}), "  # noqa: S608 - model names
            f"inserted AS ({_PATIENT_INSERT} SELECT %s, %s, %s, %s::date, %s, %s::timestamptz "
            f"WHERE NOT EXISTS (SELECT 1 FROM taken) {_PATIENT_CONFLICT} RETURNING id) "
            "SELECT EXISTS (SELECT 1 FROM taken), (SELECT id FROM inserted)",
            [clinic_id, external_id.system, external_id.value, *values],
        )
        assert checked is not None  # the statement always returns its one row
        taken, patient_id = checked
        if taken:
            raise _ExternalIdStored()
    if patient_id is None:
        return None
    mark_saved(patient, patient_id)
    return patient


def _patient_reconciled(
    *, clinic_id: int, block: PatientBlock, external_id: Identifier | None = None
) -> Patient:
    """Find or create the patient; fill blanks from the document but never overwrite a value.

    ``external_id``: see ``_patient_inserted``.
    """
    patient = _patient_inserted(clinic_id=clinic_id, block=block, external_id=external_id)
    if patient is not None:
        return patient
    patient = Patient.objects.get(
        clinic_id=clinic_id,
        identifier_system=block.identifier.system,
        identifier_value=block.identifier.value,
    )
    changed = []
    for field in ("birth_date", "sex"):
        posted, recorded = getattr(block, field), getattr(patient, field)
        if posted is None or posted == recorded or (field == "sex" and posted == "unknown"):
            continue
        if recorded is None or (field == "sex" and recorded == "unknown"):
            setattr(patient, field, posted)
            changed.append(field)
            continue
        raise Conflict(
            f"the patient on record has a different {field.replace('_', ' ')}; correct the patient "
            "record before posting this exam",
            field=f"patient.{field}",
            code="patient_mismatch",
        )
    if changed:
        patient.save(update_fields=changed)
    return patient


def _finding_rows(document: ExamDocument) -> list[list[dict[str, Any]]]:
    """Each finding table's rows (``FINDING_LISTS``' order), by column, in the order posted."""
    return [
        [
            {field: stored_value(findings, field, getattr(finding, field)) for field in findings.fields}
            for finding in getattr(document, findings.name)
        ]
        for findings in FINDING_LISTS
    ]


# The decision's id is drawn before the decision row exists, so the exam can point at
# it in the statement that writes the exam; the foreign key is checked at commit (deferred).
_NEXT_DECISION_ID = f"nextval(pg_get_serial_sequence('{DecisionRecord._meta.db_table}', 'id'))"


@cache
def _version_ctes(version_columns: tuple[str, ...], decision_columns: tuple[str, ...]) -> list[str]:
    """The CTEs that write a version, its findings and its decision for the exam in ``written_exam``.

    Each finding table's rows travel as one JSON array that PostgreSQL turns into rows of the
    table's type: psycopg quoting nine arrays element by element was the largest Python cost left
    in a post. ``WITH ORDINALITY ... ORDER BY``: the ids follow the posted order.
    """
    parts = [
        f"written_version AS (INSERT INTO {ExamVersion._meta.db_table} "  # noqa: S608
        f"(exam_id, {', '.join(version_columns)}) "
        f"SELECT written_exam.id, {', '.join(['%s'] * len(version_columns))} FROM written_exam RETURNING id)"
    ]
    for number, findings in enumerate(FINDING_LISTS):
        fields = [findings.column(name) for name in findings.fields]
        columns = ", ".join(str(field.column) for field in fields)
        posted = ", ".join(f"posted.{field.column}" for field in fields)
        table = findings.table
        parts.append(
            f"f{number} AS (INSERT INTO {table} (version_id, {columns}) "  # noqa: S608
            f"SELECT written_version.id, {posted} FROM written_version, "
            f"json_populate_recordset(NULL::{table}, %s::json) WITH ORDINALITY AS posted "
            "ORDER BY posted.ordinality)"
        )
    parts.append(
        f"written_decision AS (INSERT INTO {DecisionRecord._meta.db_table} "  # noqa: S608
        f"(id, exam_version_id, {', '.join(decision_columns)}) "
        f"SELECT written_exam.current_decision_id, written_version.id, "
        f"{', '.join(['%s'] * len(decision_columns))} FROM written_exam, written_version)"
    )
    return parts


def _version_params(
    *, version: ExamVersion, decision: DecisionRecord, document: ExamDocument
) -> tuple[tuple[str, ...], tuple[str, ...], list[Any]]:
    """The columns ``_version_ctes`` is built for, and its parameters in order."""
    version_columns, params = insert_values(version, skip=("exam_id",))
    # json.dumps, not pydantic-core: the values are StrEnum members, which json.dumps writes
    # as strings faster.
    params += [json.dumps(rows) for rows in _finding_rows(document)]
    decision_columns, decision_values = insert_values(decision, skip=("exam_version_id",))
    return tuple(version_columns), tuple(decision_columns), params + decision_values


@cache
def _version_statement(
    exam_columns: tuple[str, ...] | None, version_columns: tuple[str, ...], decision_columns: tuple[str, ...]
) -> str:
    """The version, its findings and its decision as one statement of data-modifying CTEs.

    One round trip instead of eight (exam, version, five finding tables, decision): building and
    sending ORM inserts was much of the ingest profile (docs/performance.md), and on the loaded
    two-core machine every round trip costs both processes a wake-up.

    ``written_exam`` is the new exam, inserted with the id its decision will have
    (``_NEXT_DECISION_ID``) and nothing at all if its external_id is already stored (``ON
    CONFLICT DO NOTHING``: every later insert selects from it, so the statement then writes
    nothing and returns no row); or, for an amendment (``exam_columns`` None), the exam's id and
    drawn decision id as parameters. Constraints and audit triggers apply as to any insert.
    Names come from the models; every value is a parameter.
    """
    if exam_columns is None:
        written_exam = "written_exam AS (SELECT %s::bigint AS id, %s::bigint AS current_decision_id)"
    else:
        written_exam = (
            f"written_exam AS (INSERT INTO {Exam._meta.db_table} "  # noqa: S608
            f"({', '.join(exam_columns)}, current_decision_id) "
            f"VALUES ({', '.join(['%s'] * len(exam_columns))}, {_NEXT_DECISION_ID}) "
            "ON CONFLICT DO NOTHING RETURNING id, current_decision_id)"
        )
    return (
        "WITH "
        + ",\n".join([written_exam, *_version_ctes(version_columns, decision_columns)])
        + "\nSELECT written_exam.id, written_exam.current_decision_id, written_version.id "
        "FROM written_exam, written_version"
    )


def _store_version_in_one_statement(
    *, exam: Exam, version: ExamVersion, decision: DecisionRecord, document: ExamDocument
) -> bool:
    """Write the version (and, for a new exam, the exam); False if the exam's external_id is taken."""
    if exam._state.adding:
        exam_columns, params = insert_values(exam, skip=("current_decision_id",))
        statement_exam_columns: tuple[str, ...] | None = tuple(exam_columns)
    else:
        statement_exam_columns, params = None, [exam.pk, exam.current_decision_id]
    version_columns, decision_columns, version_params = _version_params(
        version=version, decision=decision, document=document
    )
    statement = _version_statement(statement_exam_columns, version_columns, decision_columns)
    row = fetch_one_prepared(statement, params + version_params)
    if row is None:
        return False
    exam_id, decision_id, version_id = row
    if exam._state.adding:
        mark_saved(exam, exam_id)
        exam.current_decision_id = decision_id
    _link_written(
        exam=exam, version=version, version_id=version_id, decision=decision, decision_id=decision_id
    )
    return True


def _link_written(
    *, exam: Exam, version: ExamVersion, version_id: int, decision: DecisionRecord, decision_id: int
) -> None:
    """Mark a version and its decision written by raw SQL, and point each at its parent again: a
    model takes a foreign key's id when the parent is assigned, and the parent had none then."""
    version.exam = exam
    mark_saved(version, version_id)
    decision.exam_version = version
    mark_saved(decision, decision_id)


@dataclass(frozen=True, slots=True)
class _NewVersion:
    """A version and its decision, evaluated and not yet written."""

    version: ExamVersion
    decision: DecisionRecord
    # The patient has an exam performed after this one within the comparison window: that exam
    # was compared with another, so it is re-evaluated once this one is stored.
    precedes_later_exam: bool


def _new_version(*, exam: Exam, number: int, document: ExamDocument, actor: Actor) -> _NewVersion:
    """Version ``number`` of ``exam`` and its decision, evaluated now; neither is written yet."""
    version = ExamVersion(
        exam=exam,
        number=number,
        performed_at=document.performed_at,
        patient_birth_date=document.patient.birth_date,
        patient_age_years=document.patient.age_years,
        patient_sex=document.patient.sex,
        history=document.history.model_dump(mode="json", exclude_none=True),
        sensory_level=document.sensory_level,
        notes=document.notes,
        recorded_by_user_id=actor.user_id,
        recorded_by_client_id=actor.api_client_id,
    )
    identifier = document.patient.identifier
    neighbours = exam_neighbours(
        clinic_id=exam.clinic_id,
        identifier=(identifier.system, identifier.value),
        performed_at=document.performed_at,
        exclude_exam_id=exam.pk,
    )
    computed_at = timezone.now()
    decision = decision_record_new(
        document=decision_evaluate(
            facts=document.to_facts(),
            computed_at=computed_at,
            isncsci=document.isncsci_worksheet(),
            earlier=neighbours.earlier,
            performed_at=document.performed_at,
        ),
        computed_at=computed_at,
    )
    decision.exam_version = version
    return _NewVersion(version, decision, precedes_later_exam=neighbours.later_in_window)


def _store_version(*, exam: Exam, number: int, document: ExamDocument, actor: Actor) -> _NewVersion:
    """A new version of ``exam`` with its findings and decision, which becomes the exam's current one.

    A new (unsaved) ``exam`` is inserted too. The exam points at its decision from the start: a
    new exam is inserted with a drawn decision id, and an amended one got it from the
    compare-and-set UPDATE (``_NEXT_DECISION_ID``), so no UPDATE of the exam (and no audit row
    for it) follows.
    """
    new = _new_version(exam=exam, number=number, document=document, actor=actor)
    version, decision = new.version, new.decision
    if not _store_version_in_one_statement(exam=exam, version=version, decision=decision, document=document):
        raise _ExternalIdStored()
    if document.isncsci is not None:
        _store_worksheet(version=version, worksheet=document.isncsci)
    exam.current_decision = decision
    decision_recorded(decision=decision)
    return new


def _store_worksheet(*, version: ExamVersion, worksheet: IsncsciBlock) -> None:
    """The version's ISNCSCI worksheet, in the version's transaction (audited like its findings)."""
    block = worksheet.to_json_dict()
    IsncsciWorksheet.objects.create(
        version=version,
        right=block["right"],
        left=block["left"],
        voluntary_anal_contraction=block["voluntary_anal_contraction"],
        deep_anal_pressure=block["deep_anal_pressure"],
    )


class _ExternalIdStored(Exception):
    """A concurrent post stored an exam with this external_id first."""


def _external_id_taken(*, clinic_id: int, document: ExamDocument) -> bool:
    # Nearly every post is a new exam: ask the unique index, no queryset to build (building
    # it cost more than the query).
    assert document.external_id is not None
    with connection.cursor() as cursor:
        external = document.external_id
        cursor.execute(_EXTERNAL_ID_TAKEN, [clinic_id, external.system, external.value])
        return cursor.fetchone() is not None


def _existing_by_external_id(*, clinic_id: int, document: ExamDocument) -> Exam | None:
    if not _external_id_taken(clinic_id=clinic_id, document=document):
        return None
    assert document.external_id is not None
    return (
        Exam.objects.filter(
            clinic_id=clinic_id,
            external_id_system=document.external_id.system,
            external_id_value=document.external_id.value,
        )
        .select_related("patient", "current_decision")
        .first()
    )


def _replayed(*, exam: Exam, document: ExamDocument) -> ExamWrite:
    """A repeated post of one ``external_id``: the same document is a no-op, another is a conflict."""
    version = exam_version_get(exam=exam)
    stored = parse_exam_document(exam_version_document(exam=exam, version=version))
    if canonical_json(stored) != canonical_json(document):
        raise Conflict(
            "an exam with this external_id already exists with a different document; "
            "amend it with PUT instead",
            field="external_id",
            code="external_id_conflict",
        )
    assert exam.current_decision is not None
    return ExamWrite(exam=exam, version=version, decision=exam.current_decision, created=False)


@cache
def _create_statement(
    exam_columns: tuple[str, ...],
    version_columns: tuple[str, ...],
    decision_columns: tuple[str, ...],
    with_external_id: bool,
    alert_ctes: str | None,
) -> str:
    """A new exam's whole write as one statement that commits itself: see ``_created_in_one_statement``.

    ``actor`` sets the audit triggers' actor for this statement's transaction (they run at its
    end). ``taken`` is an exam already stored under the posted external_id. The patient is the
    one inserted, or the clinic's patient with this identifier if the post agrees with the record
    and fills in nothing (``_patient_reconciled`` would change nothing); otherwise
    ``written_patient`` is empty, every later insert selects from it, and nothing is written.
    The exam has no ``ON CONFLICT``: a concurrent post of its external_id fails the statement
    whole, so the patient inserted for it goes too.
    """
    patient = Patient._meta.db_table
    taken = _EXTERNAL_ID_TAKEN if with_external_id else "SELECT 1 WHERE false"
    parts = [
        "actor AS (SELECT set_config('neuroexam.actor', %s, true))",
        f"taken AS ({taken})",
        "posted_patient AS (SELECT %s::bigint AS clinic_id, %s::text AS identifier_system, "
        "%s::text AS identifier_value, %s::date AS birth_date, %s::text AS sex, "
        "%s::timestamptz AS created_at FROM actor)",
        f"inserted_patient AS ({_PATIENT_INSERT}"  # noqa: S608 - model names
        f"SELECT * FROM posted_patient WHERE NOT EXISTS (SELECT 1 FROM taken) {_PATIENT_CONFLICT} "
        "RETURNING id, birth_date, sex, created_at)",
        "recorded_patient AS (SELECT p.id, p.birth_date, p.sex, p.created_at "  # noqa: S608
        f"FROM {patient} p, posted_patient n WHERE p.clinic_id = n.clinic_id "
        "AND p.identifier_system = n.identifier_system AND p.identifier_value = n.identifier_value "
        "AND NOT EXISTS (SELECT 1 FROM taken) "
        "AND (n.birth_date IS NULL OR p.birth_date = n.birth_date) "
        "AND (n.sex IS NULL OR n.sex = 'unknown' OR p.sex = n.sex))",
        "written_patient AS (SELECT * FROM inserted_patient UNION ALL SELECT * FROM recorded_patient)",
        f"written_exam AS (INSERT INTO {Exam._meta.db_table} "  # noqa: S608
        f"({', '.join(exam_columns)}, patient_id, current_decision_id) "
        f"SELECT {', '.join(['%s'] * len(exam_columns))}, written_patient.id, {_NEXT_DECISION_ID} "
        "FROM written_patient RETURNING id, current_decision_id)",
        *_version_ctes(version_columns, decision_columns),
    ]
    returned = (
        "written_patient.id, written_patient.birth_date, written_patient.sex, written_patient.created_at, "
        "written_exam.id, written_exam.current_decision_id, written_version.id"
    )
    if alert_ctes is not None:
        parts.append(alert_ctes)
        returned += ", (SELECT id FROM alert_event), ARRAY(SELECT id FROM alert_deliveries ORDER BY id)"
    written = "written_patient, written_exam, written_version"
    return "WITH " + ",\n".join(parts) + f"\nSELECT {returned} FROM {written}"


def _created_in_one_statement(*, clinic_id: int, document: ExamDocument, actor: Actor) -> ExamWrite | None:
    """A new exam, its patient, version, findings, decision, alert and audit rows in one
    statement (its own transaction outside a caller's: ``_created_by_the_statement``); None if
    it wrote nothing.

    A post was six round trips (BEGIN, the audit actor, the patient, the exam, the alert, COMMIT),
    each a wake-up of both processes on the loaded two-core machine. Nothing is written, and the
    caller takes the transactional path, when the external_id is stored already (a replay) or the
    patient on record needs reconciling; a concurrent post of the same external_id fails the
    statement with an IntegrityError, which the caller treats the same way.
    """
    patient = _new_patient(clinic_id=clinic_id, block=document.patient)
    exam = _new_exam(clinic_id=clinic_id, patient=patient, document=document)
    new = _new_version(exam=exam, number=1, document=document, actor=actor)
    version, decision = new.version, new.decision
    alert = decision_recorded_pending(decision=decision)
    params: list[Any] = [json.dumps(actor_payload(actor))]
    if document.external_id is not None:
        params += [clinic_id, document.external_id.system, document.external_id.value]
    params += _patient_values(patient)
    exam_columns, exam_values = insert_values(exam, skip=("patient_id", "current_decision_id"))
    version_columns, decision_columns, version_params = _version_params(
        version=version, decision=decision, document=document
    )
    params += exam_values + version_params
    alert_ctes = None
    if alert is not None:
        alert_ctes, alert_params = alert.ctes(written_exam="written_exam")
        params += alert_params
    statement = _create_statement(
        tuple(exam_columns),
        version_columns,
        decision_columns,
        document.external_id is not None,
        alert_ctes,
    )
    row = fetch_one_prepared(statement, params)
    if row is None:
        return None
    patient_id, patient.birth_date, patient.sex, patient.created_at = row[:4]
    exam_id, decision_id, version_id = row[4:7]
    mark_saved(patient, patient_id)
    exam.patient = patient  # sets patient_id, which the exam took while the patient had no id
    mark_saved(exam, exam_id)
    exam.current_decision_id = decision_id
    _link_written(
        exam=exam, version=version, version_id=version_id, decision=decision, decision_id=decision_id
    )
    exam.current_decision = decision
    if alert is not None:
        event_id, delivery_ids = row[7:]
        alert.written(event_id=event_id, decision_id=decision_id, delivery_ids=list(delivery_ids))
    if new.precedes_later_exam:
        _reevaluate_later_exams(exam)  # after the commit: at once when the statement was its own
    return ExamWrite(exam=exam, version=version, decision=decision, created=True)


def _new_exam(*, clinic_id: int, patient: Patient, document: ExamDocument) -> Exam:
    external = document.external_id
    return Exam(
        clinic_id=clinic_id,
        patient=patient,
        external_id_system=external.system if external else None,
        external_id_value=external.value if external else None,
        version=1,
        performed_at=document.performed_at,
    )


def _created_by_the_statement(*, clinic_id: int, document: ExamDocument, actor: Actor) -> ExamWrite | None:
    """``_created_in_one_statement``, or None when it wrote nothing or lost a race for the external_id.

    Outside a transaction (every API post) the statement commits itself. Inside a caller's
    transaction (the FHIR ingest, the test suite's transactions) it runs in a savepoint credited to
    the actor, so the tests exercise the statement production runs, and a lost race rolls back
    only the savepoint.
    """
    try:
        if connection.get_autocommit():
            return _created_in_one_statement(clinic_id=clinic_id, document=document, actor=actor)
        with audited(actor):
            return _created_in_one_statement(clinic_id=clinic_id, document=document, actor=actor)
    except IntegrityError:
        return None  # a concurrent post of this external_id won: a replay, found by the caller


def exam_create(*, clinic_id: int, document: ExamDocument, actor: Actor) -> ExamWrite:
    """Store a new exam with its decision, or replay the one already stored for its external_id.

    Most posts are one statement (``_created_in_one_statement``); what it leaves (a replay, a
    patient record to reconcile, a lost race, an ISNCSCI worksheet) takes the steps below.
    A stored external_id is found before the patient is touched (a replay with another patient
    block is an external_id conflict, not a patient mismatch): by the statement that inserts the
    patient, inside the write's transaction, which then writes nothing.
    """
    if document.isncsci is None:  # the statement writes the five finding tables, not a worksheet
        written = _created_by_the_statement(clinic_id=clinic_id, document=document, actor=actor)
        if written is not None:
            return written
    try:
        with audited(actor):
            patient = _patient_reconciled(
                clinic_id=clinic_id,
                block=document.patient,
                external_id=document.external_id,
            )
            exam = _new_exam(clinic_id=clinic_id, patient=patient, document=document)
            new = _store_version(exam=exam, number=1, document=document, actor=actor)
            if new.precedes_later_exam:
                _reevaluate_later_exams(exam)
    except (IntegrityError, _ExternalIdStored):
        # The external_id is stored already, or a concurrent post of it won the unique constraint.
        if document.external_id is None:
            raise
        existing = _existing_by_external_id(clinic_id=clinic_id, document=document)
        if existing is None:
            raise
        return _replayed(exam=existing, document=document)
    return ExamWrite(exam=exam, version=new.version, decision=new.decision, created=True)


def _check_same_exam(*, exam: Exam, document: ExamDocument) -> None:
    identifier = document.patient.identifier
    if (identifier.system, identifier.value) != (
        exam.patient.identifier_system,
        exam.patient.identifier_value,
    ):
        raise Conflict(
            "an amendment cannot move the exam to another patient",
            field="patient.identifier",
            code="patient_changed",
        )
    external = document.external_id
    if external is not None and (external.system, external.value) != (
        exam.external_id_system,
        exam.external_id_value,
    ):
        raise Conflict("an amendment cannot change the exam's external_id", field="external_id")


def _claim_next_version(*, exam: Exam, expected_version: int, document: ExamDocument) -> bool:
    """Compare-and-set: move the exam to the next version if it is still at ``expected_version``.

    Concurrent amendments with one If-Match race safely: exactly one of them matches the row, the
    others see a changed version and answer 412. The same UPDATE draws the id of the version's
    decision (see ``_store_version``).
    """
    new_number, now = expected_version + 1, timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Exam._meta.db_table} SET version = %s, performed_at = %s, updated_at = %s, "  # noqa: S608
            f"current_decision_id = {_NEXT_DECISION_ID} WHERE id = %s AND version = %s "
            "RETURNING current_decision_id",
            [new_number, document.performed_at, now, exam.pk, expected_version],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    exam.current_decision_id = row[0]
    return True


def exam_amend(*, exam: Exam, document: ExamDocument, expected_version: int, actor: Actor) -> ExamWrite:
    """Replace the findings with a new version, if nobody amended the exam since ``expected_version``."""
    _check_same_exam(exam=exam, document=document)
    with audited(actor):
        if not _claim_next_version(exam=exam, expected_version=expected_version, document=document):
            raise PreconditionFailed()
        _patient_reconciled(clinic_id=exam.clinic_id, block=document.patient)
        exam.version = expected_version + 1
        exam.performed_at = document.performed_at
        new = _store_version(exam=exam, number=exam.version, document=document, actor=actor)
        _reevaluate_later_exams(exam)
    return ExamWrite(exam=exam, version=new.version, decision=new.decision, created=False)


def _reevaluate_later_exams(exam: Exam) -> None:
    """After the write commits, re-evaluate the exams whose comparison this one may change (an
    amendment, or an older exam posted late), through the re-evaluation path: a new red flag
    alerts, since their comparison reads the current version of the exam before them."""
    later = exams_compared_with(exam=exam)
    if later:
        transaction.on_commit(lambda: reevaluate_compared_exams.delay(later))

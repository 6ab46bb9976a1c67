"""Writes of patients and exams: create, amend. Each runs in one transaction with its decision.

An exam and its decision are stored together or not at all, and nothing is updated in place:
an amendment adds a version (see ``exams.models``). The transaction is ``audit.context.audited``,
so the audit triggers credit every row written to the actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from django.db import IntegrityError, connection
from django.db.models import Field, Model
from django.utils import timezone

from audit.context import audited
from clinic.errors import Conflict, PreconditionFailed
from clinic.tenancy import Actor
from decisions.models import DecisionRecord
from decisions.services import decision_store
from exams.documents import ExamDocument, PatientBlock, canonical_json, parse_exam_document
from exams.models import (
    Exam,
    ExamVersion,
    MotorFinding,
    Patient,
    PlantarFinding,
    ReflexFinding,
    SensoryFinding,
    SpecialTestFinding,
)
from exams.selectors import exam_version_document, exam_version_get


@dataclass(frozen=True, slots=True)
class ExamWrite:
    """What a write did: the exam, its current version and decision, and whether it is new."""

    exam: Exam
    version: ExamVersion
    decision: DecisionRecord
    created: bool


def _patient_inserted(*, clinic_id: int, block: PatientBlock) -> Patient | None:
    """The new patient, or None when the clinic already has one with this identifier.

    ``INSERT ... ON CONFLICT DO NOTHING`` is one round trip where get_or_create costs four
    (SELECT, SAVEPOINT, INSERT, RELEASE) for every new patient, which is most posts; a
    concurrent insert of the same identifier waits for the other and then finds it.
    """
    patient = Patient(
        clinic_id=clinic_id,
        identifier_system=block.identifier.system,
        identifier_value=block.identifier.value,
        birth_date=block.birth_date,
        sex=None if block.sex is None else str(block.sex),
        created_at=timezone.now(),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Patient._meta.db_table} "  # noqa: S608 - the table name comes from the model
            "(clinic_id, identifier_system, identifier_value, birth_date, sex, created_at) "
            "VALUES (%s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (clinic_id, identifier_system, identifier_value) DO NOTHING RETURNING id",
            [
                patient.clinic_id,
                patient.identifier_system,
                patient.identifier_value,
                patient.birth_date,
                patient.sex,
                patient.created_at,
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    patient.pk = row[0]
    patient._state.adding = False
    patient._state.db = "default"
    return patient


def _patient_reconciled(*, clinic_id: int, block: PatientBlock) -> Patient:
    """Find or create the patient; fill blanks from the document but never overwrite a value."""
    patient = _patient_inserted(clinic_id=clinic_id, block=block)
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


def _version_create(*, exam: Exam, number: int, document: ExamDocument, actor: Actor) -> ExamVersion:
    version = ExamVersion.objects.create(
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
    _findings_create(version=version, document=document)
    return version


# The five finding lists of one version, each in the order posted (the ids keep that order,
# and reads sort by id).
_FINDING_COLUMNS: dict[type[Model], tuple[str, ...]] = {
    MotorFinding: ("muscle", "side", "grade", "pain_limited", "nt_reason"),
    ReflexFinding: ("reflex", "side", "grade"),
    PlantarFinding: ("side", "response"),
    SensoryFinding: ("region", "side", "status"),
    SpecialTestFinding: ("test", "side", "result", "angle_degrees", "reproduces_radicular_pain"),
}


@cache
def _findings_insert_sql() -> str:
    """One statement for all five tables: a data-modifying CTE per table, each unnesting arrays."""
    inserts = []
    for number, (model, names) in enumerate(_FINDING_COLUMNS.items()):
        fields = [cast("Field[Any, Any]", model._meta.get_field(name)) for name in names]
        columns = ", ".join(str(field.column) for field in fields)
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
        # Names come from the models; every value is a parameter.
        inserts.append(
            f"f{number} AS (INSERT INTO {model._meta.db_table} (version_id, {columns}) "  # noqa: S608
            f"SELECT %s, {columns} FROM unnest({arrays}) WITH ORDINALITY AS posted({columns}, position) "
            "ORDER BY position)"
        )
    return "WITH " + ", ".join(inserts) + " SELECT 1"


def _findings_create(*, version: ExamVersion, document: ExamDocument) -> None:
    """Insert every finding in one round trip (five bulk_create calls cost five, and the profile
    showed the ingest waiting on them); constraints and audit triggers apply as to any insert."""
    values: dict[type[Model], list[list[Any]]] = {
        MotorFinding: [
            [str(m.muscle) for m in document.motor],
            [str(m.side) for m in document.motor],
            [m.grade for m in document.motor],
            [m.pain_limited for m in document.motor],
            [m.nt_reason for m in document.motor],
        ],
        ReflexFinding: [
            [str(r.reflex) for r in document.reflexes],
            [str(r.side) for r in document.reflexes],
            [None if r.grade == "NT" else r.grade for r in document.reflexes],
        ],
        PlantarFinding: [
            [str(p.side) for p in document.plantar_responses],
            [str(p.response) for p in document.plantar_responses],
        ],
        SensoryFinding: [
            [str(s.region) for s in document.sensory],
            [str(s.side) for s in document.sensory],
            [str(s.status) for s in document.sensory],
        ],
        SpecialTestFinding: [
            [str(t.test) for t in document.special_tests],
            [str(t.side) for t in document.special_tests],
            [str(t.result) for t in document.special_tests],
            [t.angle_degrees for t in document.special_tests],
            [t.reproduces_radicular_pain for t in document.special_tests],
        ],
    }
    if connection.vendor != "postgresql":
        # The embedded default (SQLite) has no unnest(): one bulk INSERT per table instead.
        for model, names in _FINDING_COLUMNS.items():
            rows = [
                model(version=version, **dict(zip(names, row, strict=True)))
                for row in zip(*values[model], strict=True)
            ]
            if rows:
                model._default_manager.bulk_create(rows)
        return
    params: list[Any] = []
    for model in _FINDING_COLUMNS:
        params += [version.pk, *values[model]]
    with connection.cursor() as cursor:
        cursor.execute(_findings_insert_sql(), params)


def _decide(*, exam: Exam, version: ExamVersion, document: ExamDocument) -> DecisionRecord:
    decision = decision_store(version=version, facts=document.to_facts())
    Exam.objects.filter(pk=exam.pk).update(current_decision=decision)
    exam.current_decision = decision
    return decision


def _existing_by_external_id(*, clinic_id: int, document: ExamDocument) -> Exam | None:
    assert document.external_id is not None
    exams = Exam.objects.filter(
        clinic_id=clinic_id,
        external_id_system=document.external_id.system,
        external_id_value=document.external_id.value,
    )
    # Nearly every post is a new exam: ask the unique index first, with no join to build and
    # no decision document to decode, and load the exam only for a replay.
    if not exams.exists():
        return None
    return exams.select_related("patient", "current_decision").first()


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


def exam_create(*, clinic_id: int, document: ExamDocument, actor: Actor) -> ExamWrite:
    """Store a new exam with its decision, or replay the one already stored for its external_id."""
    if document.external_id is not None:
        existing = _existing_by_external_id(clinic_id=clinic_id, document=document)
        if existing is not None:
            return _replayed(exam=existing, document=document)
    try:
        with audited(actor):
            patient = _patient_reconciled(clinic_id=clinic_id, block=document.patient)
            exam = Exam.objects.create(
                clinic_id=clinic_id,
                patient=patient,
                external_id_system=document.external_id.system if document.external_id else None,
                external_id_value=document.external_id.value if document.external_id else None,
                version=1,
                performed_at=document.performed_at,
            )
            version = _version_create(exam=exam, number=1, document=document, actor=actor)
            decision = _decide(exam=exam, version=version, document=document)
    except IntegrityError:
        # A concurrent post of the same external_id won the unique constraint.
        if document.external_id is None:
            raise
        existing = _existing_by_external_id(clinic_id=clinic_id, document=document)
        if existing is None:
            raise
        return _replayed(exam=existing, document=document)
    return ExamWrite(exam=exam, version=version, decision=decision, created=True)


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


def exam_amend(*, exam: Exam, document: ExamDocument, expected_version: int, actor: Actor) -> ExamWrite:
    """Replace the findings with a new version, if nobody amended the exam since ``expected_version``.

    The compare-and-set UPDATE makes concurrent amendments with one If-Match race safely: exactly
    one of them matches the row, the others see a changed version and answer 412.
    """
    _check_same_exam(exam=exam, document=document)
    new_number = expected_version + 1
    with audited(actor):
        claimed = Exam.objects.filter(pk=exam.pk, version=expected_version).update(
            version=new_number, performed_at=document.performed_at, updated_at=timezone.now()
        )
        if not claimed:
            raise PreconditionFailed()
        _patient_reconciled(clinic_id=exam.clinic_id, block=document.patient)
        exam.version = new_number
        exam.performed_at = document.performed_at
        version = _version_create(exam=exam, number=new_number, document=document, actor=actor)
        decision = _decide(exam=exam, version=version, document=document)
    return ExamWrite(exam=exam, version=version, decision=decision, created=False)

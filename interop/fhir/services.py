"""Store a posted FHIR Bundle as an exam, through the same service as the JSON API.

Idempotency rests on ``FhirIngestKey``'s unique constraint: the exam and its keys are written in
one transaction, so a concurrent retry either sees the keys (and replays) or loses the insert
race (its transaction rolls back, exam included, and it replays the winner).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q

from clinic.domain_errors import Conflict
from clinic.tenancy import Actor
from exams.documents import canonical_json, parse_exam_document
from exams.models import Exam, ExamVersion
from exams.selectors import exam_version_document, exam_version_get
from exams.services import exam_create
from interop.fhir.inbound import BundleInvalid, InboundExam, Issue
from interop.fhir.provenance import Provenance
from interop.models import ExamVersionProvenance, FhirIngestKey


@dataclass(frozen=True, slots=True)
class BundleWrite:
    exam: Exam
    created: bool


def _known_exam(*, clinic_id: int, keys: list[tuple[str, str]]) -> Exam | None:
    if not keys:
        return None
    rows = FhirIngestKey.objects.filter(clinic_id=clinic_id).select_related("exam", "exam__patient")
    condition = Q()
    for system, value in keys:
        condition |= Q(system=system, value=value)
    found = list(rows.filter(condition))
    exams = {row.exam_id for row in found}
    if len(exams) > 1:
        raise BundleInvalid(
            [Issue("Bundle.entry", "the Bundle's identifiers belong to different stored exams", "conflict")],
            status=409,
        )
    return found[0].exam if found else None


def _provenance_conflict(*, exam: Exam, version: ExamVersion, inbound: InboundExam) -> None:
    """A retry that changes what the Observations said (preliminary -> final, another performer)
    is not a no-op: it is refused like changed findings, never dropped without a word."""
    row = ExamVersionProvenance.objects.filter(exam_version=version).first()
    stored = row.document if row is not None else Provenance().to_json()
    if stored != inbound.provenance.to_json():
        raise BundleInvalid(
            [
                Issue(
                    "Bundle.entry",
                    f"these identifiers were already ingested as exam {exam.pk} with another status, "
                    "performer, encounter, date precision or finding identifiers; neuroexam keeps those "
                    "per exam version and does not change them on a retry",
                    "conflict",
                )
            ],
            status=409,
        )


def _replay(*, exam: Exam, inbound: InboundExam) -> BundleWrite:
    version = exam_version_get(exam=exam)
    stored = parse_exam_document(exam_version_document(exam=exam, version=version))
    if canonical_json(stored) != canonical_json(inbound.document):
        raise BundleInvalid(
            [
                Issue(
                    "Bundle.entry",
                    f"these identifiers were already ingested as exam {exam.pk} with different findings; "
                    f"amend it with PUT /api/v1/exams/{exam.pk}/ instead",
                    "conflict",
                )
            ],
            status=409,
        )
    _provenance_conflict(exam=exam, version=version, inbound=inbound)
    return BundleWrite(exam=exam, created=False)


def bundle_ingest(*, clinic_id: int, inbound: InboundExam, actor: Actor) -> BundleWrite:
    """Store the mapped exam once; a retried Bundle (same identifiers, same findings) is a no-op."""
    known = _known_exam(clinic_id=clinic_id, keys=inbound.keys)
    if known is not None:
        return _replay(exam=known, inbound=inbound)
    try:
        with transaction.atomic():
            write = exam_create(clinic_id=clinic_id, document=inbound.document, actor=actor)
            if write.created:
                ExamVersionProvenance.objects.create(
                    exam_version=write.version, document=inbound.provenance.to_json()
                )
            else:
                _provenance_conflict(exam=write.exam, version=write.version, inbound=inbound)
            FhirIngestKey.objects.bulk_create(
                FhirIngestKey(clinic_id=clinic_id, system=system, value=value, exam=write.exam)
                for system, value in dict.fromkeys(inbound.keys)
            )
    except IntegrityError:
        known = _known_exam(clinic_id=clinic_id, keys=inbound.keys)
        if known is None:
            raise
        return _replay(exam=known, inbound=inbound)
    except Conflict as exc:
        where = inbound.origin_of(exc.field or "")
        raise BundleInvalid([Issue(where, str(exc.detail), "conflict")], status=409) from None
    return BundleWrite(exam=write.exam, created=write.created)

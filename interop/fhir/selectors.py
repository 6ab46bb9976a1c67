"""Clinic-scoped reads rendered as FHIR: an exam's Bundle, a patient's Observations, the CodeSystem."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.http import Http404

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
from exams.selectors import exam_get, exam_version_document, exam_version_get, parse_patient_filter
from interop.fhir.codes import NEUROEXAM_CODESYSTEM_VERSION, NEUROEXAM_SYSTEM, local_terms
from interop.fhir.outbound import decision_resources, exam_observations, patient_resource

# A bigint has 19 digits; 18 always fit.
_MAX_ID_DIGITS = 18


def database_id(text: str) -> int | None:
    """The row id a FHIR id or reference names, or None: ASCII digits only (``str.isdigit`` is
    true of superscripts, which ``int`` refuses, and of Arabic-Indic digits, which it reads),
    and no more than a bigint holds."""
    if text.isascii() and text.isdigit() and len(text) <= _MAX_ID_DIGITS:
        return int(text)
    return None


def _subject(patient: Patient) -> dict[str, Any]:
    return {
        "reference": f"Patient/{patient.pk}",
        "identifier": {"system": patient.identifier_system, "value": patient.identifier_value},
    }


def exam_resources(*, exam: Exam, version: ExamVersion) -> list[dict[str, Any]]:
    """Patient, exam Observations and (when stored) the decision resources of one exam version."""
    document = exam_version_document(exam=exam, version=version)
    subject = _subject(exam.patient)
    observations = exam_observations(exam_id=exam.pk, document=document, subject=subject)
    resources = [patient_resource(patient_id=exam.patient_id, document=document), *observations]
    if exam.current_decision is not None:
        resources += decision_resources(
            exam_id=exam.pk,
            decision=exam.current_decision.document,
            subject=subject,
            observations=observations,
        )
    return resources


def _bundle(
    bundle_type: str, resources: list[dict[str, Any]], bundle_id: str | None = None
) -> dict[str, Any]:
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": bundle_type}
    if bundle_id:
        bundle["id"] = bundle_id
    if bundle_type == "searchset":
        bundle["total"] = len(resources)
    bundle["entry"] = [
        {
            "fullUrl": f"{resource['resourceType']}/{resource['id']}",
            "resource": resource,
            **({"search": {"mode": "match"}} if bundle_type == "searchset" else {}),
        }
        for resource in resources
    ]
    return bundle


def exam_bundle(*, clinic_id: int, exam_id: int) -> dict[str, Any]:
    """The export of one exam as a ``collection`` Bundle (``Bundle/exam-{id}``)."""
    exam = exam_get(clinic_id=clinic_id, exam_id=exam_id)
    resources = exam_resources(exam=exam, version=exam_version_get(exam=exam))
    return _bundle("collection", resources, bundle_id=f"exam-{exam.pk}")


def observation_get(*, clinic_id: int, resource_id: str) -> dict[str, Any]:
    """One Observation by its derived id ``{exam}-{kind}-{name}-{side}`` (the Bundle response location)."""
    exam_id = database_id(resource_id.partition("-")[0])
    if exam_id is None:
        raise Http404("Observation not found")
    exam = exam_get(clinic_id=clinic_id, exam_id=exam_id)
    document = exam_version_document(exam=exam, version=exam_version_get(exam=exam))
    for observation in exam_observations(exam_id=exam.pk, document=document, subject=_subject(exam.patient)):
        if observation["id"] == resource_id:
            return observation
    raise Http404("Observation not found")


def patient_search(*, clinic_id: int, reference: str | None, identifier: str | None) -> Patient | None:
    """``patient=Patient/12`` (or ``12``) or ``patient.identifier=system|value``; this clinic only."""
    patients = Patient.objects.filter(clinic_id=clinic_id)
    if reference:
        key = database_id(reference.removeprefix("Patient/"))
        return patients.filter(pk=key).first() if key is not None else None
    if identifier:
        system, value = parse_patient_filter(identifier)
        patients = patients.filter(identifier_value=value)
        if system is not None:
            patients = patients.filter(identifier_system=system)
        return patients.order_by("pk").first()
    return None


def _current_versions(exams: QuerySet[Exam]) -> QuerySet[ExamVersion]:
    return (
        ExamVersion.objects.filter(exam__in=exams, number=F("exam__version"))
        .select_related("exam", "exam__patient", "exam__current_decision")
        .prefetch_related(
            Prefetch("motor", queryset=MotorFinding.objects.order_by("id")),
            Prefetch("reflexes", queryset=ReflexFinding.objects.order_by("id")),
            Prefetch("plantar_responses", queryset=PlantarFinding.objects.order_by("id")),
            Prefetch("sensory", queryset=SensoryFinding.objects.order_by("id")),
            Prefetch("special_tests", queryset=SpecialTestFinding.objects.order_by("id")),
        )
        .order_by("-exam__performed_at", "-exam__id")
    )


def patient_observations(*, clinic_id: int, patient: Patient | None) -> dict[str, Any]:
    """A searchset of every Observation of the patient's exams, newest exam first, in 7 queries."""
    if patient is None:
        return _bundle("searchset", [])
    exams = Exam.objects.filter(clinic_id=clinic_id, patient=patient)
    observations: list[dict[str, Any]] = []
    for version in _current_versions(exams):
        exam = version.exam
        document = exam_version_document(exam=exam, version=version)
        observations += exam_observations(exam_id=exam.pk, document=document, subject=_subject(patient))
    return _bundle("searchset", observations)


def latest_exam(*, clinic_id: int, identifiers: list[tuple[str, str]]) -> Exam | None:
    """The newest exam of the patient that any of these identifiers names, in this clinic."""
    if not identifiers:
        return None
    patients = [
        patient.pk
        for patient in Patient.objects.filter(
            clinic_id=clinic_id, identifier_value__in=[v for _, v in identifiers]
        )
        if (patient.identifier_system, patient.identifier_value) in set(identifiers)
    ]
    return (
        Exam.objects.filter(clinic_id=clinic_id, patient_id__in=patients)
        .select_related("patient", "current_decision")
        .order_by("-performed_at", "-id")
        .first()
    )


def code_system() -> dict[str, Any]:
    """Our own codes, published as a FHIR CodeSystem (``GET /fhir/r4/CodeSystem/neuroexam``)."""
    concepts = [{"code": t.code, "display": t.display} for t in local_terms()]
    return {
        "resourceType": "CodeSystem",
        "id": "neuroexam",
        "url": NEUROEXAM_SYSTEM,
        "version": NEUROEXAM_CODESYSTEM_VERSION,
        "name": "NeuroexamCodes",
        "title": "neuroexam lower-limb exam and decision codes",
        "status": "active",
        "experimental": False,
        "publisher": "neuroexam",
        "description": "Codes for exam findings, values and decision vocabulary that have no verified "
        "LOINC or SNOMED CT code. Each code's spec vocabulary value is the part after the first '.'.",
        "caseSensitive": True,
        "content": "complete",
        "count": len(concepts),
        "concept": concepts,
    }


def capability_statement() -> dict[str, Any]:
    """What this FHIR endpoint does (``GET /fhir/r4/metadata``), for integrators' tooling."""
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-11-21",
        "kind": "instance",
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json", "json"],
        "implementation": {"description": "neuroexam: structured lower-limb exams and decision support"},
        "rest": [
            {
                "mode": "server",
                "documentation": "One exam per transaction or batch Bundle; see docs/integration.md.",
                "security": {"description": "Authorization: Bearer <API token of one clinic>"},
                "interaction": [{"code": "transaction"}, {"code": "batch"}],
                "resource": [
                    {
                        "type": "Observation",
                        "interaction": [{"code": "read"}, {"code": "search-type"}],
                        "searchParam": [
                            {"name": "patient", "type": "reference"},
                            {"name": "patient.identifier", "type": "token"},
                        ],
                    },
                    {"type": "Bundle", "interaction": [{"code": "read"}]},
                    {"type": "CodeSystem", "interaction": [{"code": "read"}]},
                ],
            }
        ],
    }

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
from interop.fhir.provenance import Provenance
from interop.models import ExamVersionProvenance, IdentifierSystemEquivalence


def _subject(patient: Patient) -> dict[str, Any]:
    return {
        "reference": f"Patient/{patient.pk}",
        "identifier": {"system": patient.identifier_system, "value": patient.identifier_value},
    }


def provenance_of(versions: list[ExamVersion]) -> dict[int, Provenance]:
    """What the EHR's Observations said about each of these versions (by version id), in one query."""
    rows = ExamVersionProvenance.objects.filter(exam_version__in=versions)
    return {row.exam_version_id: Provenance.from_json(row.document) for row in rows}


def version_observations(*, exam: Exam, version: ExamVersion) -> list[dict[str, Any]]:
    """The Observations of one exam version, with what its EHR sent beyond the findings."""
    document = exam_version_document(exam=exam, version=version)
    return exam_observations(
        exam_id=exam.pk,
        document=document,
        subject=_subject(exam.patient),
        provenance=provenance_of([version]).get(version.pk),
    )


def exam_resources(*, exam: Exam, version: ExamVersion) -> list[dict[str, Any]]:
    """Patient, exam Observations and (when stored) the decision resources of one exam version."""
    document = exam_version_document(exam=exam, version=version)
    subject = _subject(exam.patient)
    observations = exam_observations(
        exam_id=exam.pk,
        document=document,
        subject=subject,
        provenance=provenance_of([version]).get(version.pk),
    )
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
    exam_part, _, _ = resource_id.partition("-")
    if not exam_part.isdigit():
        raise Http404("Observation not found")
    exam = exam_get(clinic_id=clinic_id, exam_id=int(exam_part))
    for observation in version_observations(exam=exam, version=exam_version_get(exam=exam)):
        if observation["id"] == resource_id:
            return observation
    raise Http404("Observation not found")


def equivalent_systems(*, clinic_id: int, systems: set[str]) -> set[str]:
    """These identifier systems and every system the clinic declared equivalent to them (transitively)."""
    pairs = list(
        IdentifierSystemEquivalence.objects.filter(clinic_id=clinic_id).values_list("system", "same_as")
    )
    found = set(systems)
    grew = True
    while grew:
        grew = False
        for a, b in pairs:
            if (a in found) != (b in found):
                found |= {a, b}
                grew = True
    return found


def identifiers_with_equivalents(
    *, clinic_id: int, identifiers: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Each identifier under its own system and under every system the clinic declared equivalent."""
    expanded: list[tuple[str, str]] = []
    for system, value in identifiers:
        for same in sorted(equivalent_systems(clinic_id=clinic_id, systems={system})):
            if (same, value) not in expanded:
                expanded.append((same, value))
    return expanded


def patient_search(*, clinic_id: int, reference: str | None, identifier: str | None) -> Patient | None:
    """``patient=Patient/12`` (or ``12``) or ``patient.identifier=system|value``; this clinic only.

    An identifier system matches the systems the clinic declared equivalent to it."""
    patients = Patient.objects.filter(clinic_id=clinic_id)
    if reference:
        key = reference.removeprefix("Patient/")
        return patients.filter(pk=int(key)).first() if key.isdigit() else None
    if identifier:
        system, value = parse_patient_filter(identifier)
        patients = patients.filter(identifier_value=value)
        if system is not None:
            systems = equivalent_systems(clinic_id=clinic_id, systems={system})
            patients = patients.filter(identifier_system__in=systems)
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
    versions = list(_current_versions(exams))
    provenance = provenance_of(versions)
    for version in versions:
        exam = version.exam
        document = exam_version_document(exam=exam, version=version)
        observations += exam_observations(
            exam_id=exam.pk,
            document=document,
            subject=_subject(patient),
            provenance=provenance.get(version.pk),
        )
    return _bundle("searchset", observations)


def latest_exam(*, clinic_id: int, identifiers: list[tuple[str, str]]) -> Exam | None:
    """The newest exam of the patient that any of these identifiers names, in this clinic."""
    if not identifiers:
        return None
    wanted = set(identifiers_with_equivalents(clinic_id=clinic_id, identifiers=identifiers))
    patients = [
        patient.pk
        for patient in Patient.objects.filter(
            clinic_id=clinic_id, identifier_value__in=[v for _, v in identifiers]
        )
        if (patient.identifier_system, patient.identifier_value) in wanted
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

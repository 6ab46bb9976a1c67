"""Clinic-scoped reads rendered as FHIR: an exam's Bundle, a patient's Observations, the CodeSystem."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
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
from exams.selectors import (
    exam_get,
    exam_version_document,
    exam_version_get,
    json_datetime,
    parse_patient_filter,
)
from interop.fhir.codes import NEUROEXAM_CODESYSTEM_VERSION, NEUROEXAM_SYSTEM, local_terms
from interop.fhir.outbound import decision_resources, exam_observations, patient_resource
from interop.fhir.provenance import Provenance
from interop.fhir.search import ObservationQuery
from interop.models import ExamVersionProvenance, FhirIngestKey, IdentifierSystemEquivalence

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


def provenance_of(versions: list[ExamVersion]) -> dict[int, Provenance]:
    """What the EHR's Observations said about each of these versions (by version id), in one query."""
    rows = ExamVersionProvenance.objects.filter(exam_version__in=versions)
    return {row.exam_version_id: Provenance.from_json(row.document) for row in rows}


def _stamp(resources: list[dict[str, Any]], *, version_id: str, last_updated: str) -> list[dict[str, Any]]:
    """meta.versionId and meta.lastUpdated, what a client's ETag and vread rest on."""
    for resource in resources:
        resource["meta"] = {"versionId": version_id, "lastUpdated": last_updated}
    return resources


def _observations(*, exam: Exam, version: ExamVersion, provenance: Provenance | None) -> list[dict[str, Any]]:
    document = exam_version_document(exam=exam, version=version)
    observations = exam_observations(
        exam_id=exam.pk, document=document, subject=_subject(exam.patient), provenance=provenance
    )
    return _stamp(
        observations, version_id=str(version.number), last_updated=json_datetime(version.recorded_at)
    )


def version_observations(*, exam: Exam, version: ExamVersion) -> list[dict[str, Any]]:
    """The Observations of one exam version, with what its EHR sent beyond the findings."""
    return _observations(exam=exam, version=version, provenance=provenance_of([version]).get(version.pk))


def decision_version_id(exam: Exam) -> str:
    """The decision resources change when the exam is amended and when its decision is recomputed
    (a new ruleset): their version is the exam version and the decision record together."""
    return f"{exam.version}.{exam.current_decision_id}"


def _decision_resources(
    *, exam: Exam, version: ExamVersion, observations: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    if exam.current_decision is None:
        return []
    worksheet = getattr(version, "isncsci", None)
    resources = decision_resources(
        exam_id=exam.pk,
        decision=exam.current_decision.document,
        subject=_subject(exam.patient),
        observations=observations,
        worksheet=worksheet.to_json_dict() if worksheet is not None else None,
    )
    return _stamp(
        resources,
        version_id=decision_version_id(exam),
        last_updated=json_datetime(exam.current_decision.computed_at),
    )


def exam_resources(*, exam: Exam, version: ExamVersion) -> list[dict[str, Any]]:
    """Patient, exam Observations and (when stored) the decision resources of one exam version."""
    document = exam_version_document(exam=exam, version=version)
    observations = version_observations(exam=exam, version=version)
    resources = [patient_resource(patient_id=exam.patient_id, document=document), *observations]
    return resources + _decision_resources(exam=exam, version=version, observations=observations)


def full_url(base: str, resource: dict[str, Any]) -> str:
    return f"{base}{resource['resourceType']}/{resource['id']}"


def _bundle(
    bundle_type: str, resources: list[dict[str, Any]], *, base: str, bundle_id: str | None = None
) -> dict[str, Any]:
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": bundle_type}
    if bundle_id:
        bundle["id"] = bundle_id
    bundle["entry"] = [{"fullUrl": full_url(base, resource), "resource": resource} for resource in resources]
    return bundle


def exam_bundle(*, clinic_id: int, exam_id: int, base: str) -> dict[str, Any]:
    """The export of one exam as a ``collection`` Bundle (``Bundle/exam-{id}``); ``base`` is the
    server's absolute FHIR base URL (``https://host/fhir/r4/``), for absolute fullUrls."""
    exam = exam_get(clinic_id=clinic_id, exam_id=exam_id)
    resources = exam_resources(exam=exam, version=exam_version_get(exam=exam))
    return _bundle("collection", resources, base=base, bundle_id=f"exam-{exam.pk}")


DECISION_TYPES = ("ClinicalImpression", "RiskAssessment", "ServiceRequest")
READ_TYPES = ("Patient", "Observation", *DECISION_TYPES)


def _not_found(resource_type: str) -> Http404:
    return Http404(f"{resource_type} not found")


def resource_read(
    *, clinic_id: int, resource_type: str, resource_id: str, version_id: str | None = None
) -> dict[str, Any]:
    """Any resource this server hands out or points at, by its id (and, for vread, its version).

    Ids start with the exam id (``12-motor-quadriceps-left``, ``12-decision``); Patient ids are
    our patient's id. Another clinic's resources are indistinguishable from none."""
    if resource_type == "Patient":
        patient_id = database_id(resource_id)
        if patient_id is None or version_id is not None:
            raise _not_found(resource_type)
        return patient_read(clinic_id=clinic_id, patient_id=patient_id)
    exam_id = database_id(resource_id.partition("-")[0])
    if exam_id is None:
        raise _not_found(resource_type)
    exam = exam_get(clinic_id=clinic_id, exam_id=exam_id)
    if resource_type == "Observation":
        number = database_id(version_id) if version_id is not None else None
        if version_id is not None and number is None:
            raise _not_found(resource_type)
        candidates = version_observations(exam=exam, version=exam_version_get(exam=exam, number=number))
    else:
        if version_id is not None and version_id != decision_version_id(exam):
            raise Http404(
                f"only the current version of a {resource_type} is kept: {decision_version_id(exam)}"
            )
        current = exam_version_get(exam=exam)
        candidates = _decision_resources(
            exam=exam, version=current, observations=version_observations(exam=exam, version=current)
        )
    for resource in candidates:
        if resource["resourceType"] == resource_type and resource["id"] == resource_id:
            return resource
    raise _not_found(resource_type)


def patient_read(*, clinic_id: int, patient_id: int) -> dict[str, Any]:
    """The Patient as recorded here: its identifier and, when known, birth date and sex."""
    patient = Patient.objects.filter(clinic_id=clinic_id, pk=patient_id).first()
    if patient is None:
        raise _not_found("Patient")
    block: dict[str, Any] = {
        "identifier": {"system": patient.identifier_system, "value": patient.identifier_value}
    }
    if patient.sex:
        block["sex"] = patient.sex
    if patient.birth_date:
        block["birth_date"] = patient.birth_date.isoformat()
    return patient_resource(patient_id=patient.pk, document={"patient": block})


def observation_get(*, clinic_id: int, resource_id: str) -> dict[str, Any]:
    """One Observation by its derived id ``{exam}-{kind}-{name}-{side}`` (the Bundle response location)."""
    return resource_read(clinic_id=clinic_id, resource_type="Observation", resource_id=resource_id)


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
        key = database_id(reference.removeprefix("Patient/"))
        return patients.filter(pk=key).first() if key is not None else None
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
        .select_related("exam", "exam__patient", "exam__current_decision", "isncsci")
        .prefetch_related(
            Prefetch("motor", queryset=MotorFinding.objects.order_by("id")),
            Prefetch("reflexes", queryset=ReflexFinding.objects.order_by("id")),
            Prefetch("plantar_responses", queryset=PlantarFinding.objects.order_by("id")),
            Prefetch("sensory", queryset=SensoryFinding.objects.order_by("id")),
            Prefetch("special_tests", queryset=SpecialTestFinding.objects.order_by("id")),
        )
        .order_by("-exam__performed_at", "-exam__id")
    )


def exams_observations(exams: QuerySet[Exam]) -> list[dict[str, Any]]:
    """Every Observation of these exams' current versions, newest exam first, in a flat number of
    queries (versions, provenance, five finding tables), however many exams."""
    observations: list[dict[str, Any]] = []
    versions = list(_current_versions(exams))
    provenance = provenance_of(versions)
    for version in versions:
        observations += _observations(
            exam=version.exam, version=version, provenance=provenance.get(version.pk)
        )
    return observations


def observation_search(*, clinic_id: int, query: ObservationQuery, base: str) -> dict[str, Any]:
    """A searchset of the Observations matching ``query``, one page of it, with self and next links.

    The candidates are a patient's exams (``patient``, ``patient.identifier``), the exams of the
    ``_id``s, or the exams an ``identifier`` was ingested with; the other parameters filter them."""
    exams = Exam.objects.filter(clinic_id=clinic_id)
    if query.patient is not None or query.patient_identifier is not None:
        patient = patient_search(
            clinic_id=clinic_id, reference=query.patient, identifier=query.patient_identifier
        )
        exams = exams.filter(patient=patient) if patient is not None else exams.none()
    elif query.ids:
        exam_ids = {int(i.partition("-")[0]) for i in query.ids if i.partition("-")[0].isdigit()}
        exams = exams.filter(pk__in=exam_ids)
    else:
        condition = Q()
        for system, value in query.identifiers:
            keys = FhirIngestKey.objects.filter(clinic_id=clinic_id, value=value)
            by_external_id = Q(external_id_value=value)
            if system is not None:
                keys = keys.filter(system=system)
                by_external_id &= Q(external_id_system=system)
            condition |= Q(pk__in=keys.values("exam_id")) | by_external_id
        exams = exams.filter(condition)
    matches = [o for o in exams_observations(exams) if query.matches(o)]
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "searchset", "total": len(matches)}
    links = [{"relation": "self", "url": f"{base}Observation?{query.urlencoded()}"}]
    if not query.summary_count and query.offset + query.count < len(matches):
        links.append(
            {
                "relation": "next",
                "url": f"{base}Observation?{query.urlencoded(offset=query.offset + query.count)}",
            }
        )
    bundle["link"] = links
    if not query.summary_count:
        page = matches[query.offset : query.offset + query.count]
        bundle["entry"] = [
            {"fullUrl": full_url(base, resource), "resource": resource, "search": {"mode": "match"}}
            for resource in page
        ]
    return bundle


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


OBSERVATION_SEARCH_PARAMS: tuple[tuple[str, str, str], ...] = (
    ("patient", "reference", "Patient/{id} as this server gives it"),
    ("patient.identifier", "token", "system|value; systems the clinic declared equivalent match"),
    ("code", "token", "system|code or code; comma for any of"),
    ("date", "date", "effective date with eq, ne, gt, lt, ge or le"),
    ("_id", "token", "the Observation id"),
    ("identifier", "token", "system|value of the Observation (or exam panel) identifier"),
    ("_count", "number", "page size, 0-1000 (default 100); the next link pages on"),
    ("_summary", "token", "count: the total only"),
)


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
                        "versioning": "versioned",
                        "readHistory": True,
                        "interaction": [{"code": "read"}, {"code": "vread"}, {"code": "search-type"}],
                        "searchParam": [
                            {"name": name, "type": kind, "documentation": text}
                            for name, kind, text in OBSERVATION_SEARCH_PARAMS
                        ],
                    },
                    *(
                        {
                            "type": resource_type,
                            "versioning": "versioned",
                            "interaction": [{"code": "read"}, {"code": "vread"}],
                        }
                        for resource_type in DECISION_TYPES
                    ),
                    # A patient record has no version history here: read only, without meta.
                    {"type": "Patient", "versioning": "no-version", "interaction": [{"code": "read"}]},
                    {"type": "Bundle", "interaction": [{"code": "read"}]},
                    {"type": "CodeSystem", "interaction": [{"code": "read"}]},
                ],
            }
        ],
    }

"""FHIR R4 Bundle -> exam document, with every problem located by a FHIRPath expression.

The Bundle is first validated as a whole with the ``fhir.resources.R4B`` models (R4-compatible;
the package's default models are R5 and would reject or silently drop R4 content), then walked as
plain JSON, because the mapping needs only a few elements and their FHIRPath locations. The
resulting dict goes through ``exams.documents.parse_exam_document`` like any JSON API post, so the
FHIR door accepts exactly what the JSON door accepts; that parser's errors are translated back to
the Bundle entry they came from.

Nothing here writes: ``interop.fhir.services`` stores what this module returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from exams.documents import DocumentInvalid, ExamDocument, parse_exam_document
from interop.fhir.codes import (
    OBSERVATION_CATEGORY,
    STRUCTURE_LATERALITY,
    UCUM,
    Kind,
    Term,
    term_for_codings,
)
from interop.fhir.outbound import HISTORY_CODED_KINDS, HISTORY_UNITS

BUNDLE_TYPES = ("transaction", "batch")
MAX_ENTRIES = 400  # an exam has at most ~130 findings and ~32 history keys


@dataclass(frozen=True, slots=True)
class Issue:
    """One OperationOutcome issue: what is wrong and where (a FHIRPath expression)."""

    expression: str
    diagnostics: str
    code: str = "invalid"


class BundleInvalid(Exception):
    def __init__(self, issues: list[Issue], status: int = 400) -> None:
        super().__init__("; ".join(f"{i.expression}: {i.diagnostics}" for i in issues))
        self.issues = issues
        self.status = status


@dataclass(frozen=True, slots=True)
class EntryRole:
    """What one request entry became, so the response can give its location."""

    index: int
    resource_type: str  # "Patient" or "Observation"
    finding: tuple[str, str, str | None] | None = None  # finding_id parts; None for Patient and panel
    is_panel: bool = False


@dataclass
class InboundExam:
    bundle_type: str
    document: ExamDocument
    keys: list[tuple[str, str]]  # idempotency keys: Observation identifiers and ifNoneExist
    roles: list[EntryRole]
    origins: dict[str, str]

    def origin_of(self, document_path: str) -> str:
        """The FHIRPath a document path (as named by an exam service error) came from."""
        return _origin(document_path, self.origins)


@dataclass
class _Walk:
    issues: list[Issue] = field(default_factory=list)
    document: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)  # document path -> FHIRPath
    keys: list[tuple[str, str]] = field(default_factory=list)
    roles: list[EntryRole] = field(default_factory=list)
    effective: dict[str, str] = field(default_factory=dict)  # FHIRPath -> effectiveDateTime

    def fail(self, expression: str, diagnostics: str, code: str = "invalid") -> None:
        self.issues.append(Issue(expression, diagnostics, code))


def _fhirpath(location: tuple[Any, ...]) -> str:
    path = "Bundle"
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def bundle_parse(data: Any) -> InboundExam:
    """Validate and map a posted Bundle; raises ``BundleInvalid`` naming every problem."""
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise BundleInvalid([Issue("Bundle", "the body must be a FHIR Bundle resource", "structure")])
    try:
        Bundle.model_validate(data)
    except ValidationError as exc:
        issues = [
            Issue(_fhirpath(tuple(e["loc"])), e["msg"], "structure") for e in exc.errors(include_url=False)
        ]
        raise BundleInvalid(issues) from None
    bundle_type = data.get("type")
    if bundle_type not in BUNDLE_TYPES:
        raise BundleInvalid([Issue("Bundle.type", "must be 'transaction' or 'batch'", "value")])
    entries = data.get("entry") or []
    if len(entries) > MAX_ENTRIES:
        raise BundleInvalid([Issue("Bundle.entry", f"at most {MAX_ENTRIES} entries per exam", "too-costly")])
    walk = _Walk()
    patient_ref = _patient(entries, walk)
    for index, entry in enumerate(entries):
        resource = entry.get("resource") or {}
        if resource.get("resourceType") == "Observation":
            _observation(index, entry, resource, patient_ref, walk)
        elif resource.get("resourceType") != "Patient":
            walk.fail(
                f"Bundle.entry[{index}].resource",
                f"{resource.get('resourceType')} is not accepted: post a Patient and exam Observations",
                "not-supported",
            )
    _performed_at(walk)
    if walk.issues:
        raise BundleInvalid(walk.issues)
    try:
        document = parse_exam_document(walk.document)
    except DocumentInvalid as exc:
        raise BundleInvalid([Issue(_origin(e.field, walk.origins), e.message) for e in exc.errors]) from None
    return InboundExam(
        bundle_type=bundle_type, document=document, keys=walk.keys, roles=walk.roles, origins=walk.origins
    )


def _origin(document_path: str, origins: dict[str, str]) -> str:
    """The FHIRPath of the entry a document path came from (longest known prefix)."""
    path = document_path
    while path:
        if path in origins:
            return origins[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return "Bundle.entry"


@dataclass(frozen=True, slots=True)
class _PatientRef:
    identifier: tuple[str, str] | None
    references: frozenset[str]  # fullUrl and Patient/id forms that point at the Patient entry
    path: str | None


def _patient(entries: list[dict[str, Any]], walk: _Walk) -> _PatientRef:
    found = [
        (i, e) for i, e in enumerate(entries) if (e.get("resource") or {}).get("resourceType") == "Patient"
    ]
    if len(found) > 1:
        walk.fail(f"Bundle.entry[{found[1][0]}]", "one Patient per exam Bundle")
    if not found:
        return _PatientRef(None, frozenset(), None)
    index, entry = found[0]
    path = f"Bundle.entry[{index}].resource"
    resource = entry["resource"]
    walk.roles.append(EntryRole(index, "Patient"))
    _request(index, entry, walk, methods=("POST", "PUT"))
    identifiers = [i for i in resource.get("identifier") or [] if i.get("system") and i.get("value")]
    block: dict[str, Any] = {}
    if not identifiers:
        walk.fail(f"{path}.identifier", "the Patient needs an identifier with system and value")
    else:
        block["identifier"] = {"system": identifiers[0]["system"], "value": identifiers[0]["value"]}
    if resource.get("birthDate") is not None:
        block["birth_date"] = resource["birthDate"]
    if resource.get("gender") is not None:
        block["sex"] = resource["gender"]
    walk.document["patient"] = block
    walk.origins.update(
        {
            "patient": path,
            "patient.identifier": f"{path}.identifier[0]",
            "patient.birth_date": f"{path}.birthDate",
            "patient.sex": f"{path}.gender",
        }
    )
    references = {entry.get("fullUrl")} | ({f"Patient/{resource['id']}"} if resource.get("id") else set())
    identifier = (block["identifier"]["system"], block["identifier"]["value"]) if identifiers else None
    return _PatientRef(identifier, frozenset(r for r in references if r), path)


def _request(index: int, entry: dict[str, Any], walk: _Walk, methods: tuple[str, ...]) -> None:
    request = entry.get("request")
    if request is None:
        walk.fail(f"Bundle.entry[{index}].request", "transaction and batch entries need a request")
    elif request.get("method") not in methods:
        walk.fail(f"Bundle.entry[{index}].request.method", f"must be {' or '.join(methods)}")


def _subject(path: str, resource: dict[str, Any], patient: _PatientRef, walk: _Walk) -> None:
    subject = resource.get("subject")
    if subject is None:
        walk.fail(f"{path}.subject", "the exam Observation needs a subject (the Patient)")
        return
    identifier = subject.get("identifier") or {}
    pair = (identifier.get("system"), identifier.get("value"))
    if patient.path is not None:
        if subject.get("reference") in patient.references or pair == patient.identifier:
            return
        walk.fail(f"{path}.subject", "must refer to the Bundle's Patient (its fullUrl or identifier)")
        return
    if not (pair[0] and pair[1]):
        walk.fail(f"{path}.subject.identifier", "without a Patient entry the subject needs an identifier")
        return
    block = walk.document.setdefault("patient", {})
    if "identifier" not in block:
        block["identifier"] = {"system": pair[0], "value": pair[1]}
        walk.origins.update(
            {"patient": f"{path}.subject", "patient.identifier": f"{path}.subject.identifier"}
        )
    elif (block["identifier"]["system"], block["identifier"]["value"]) != pair:
        walk.fail(f"{path}.subject.identifier", "every Observation of one exam must have the same subject")


def _is_exam(resource: dict[str, Any]) -> bool:
    return any(
        coding.get("system") == OBSERVATION_CATEGORY and coding.get("code") == "exam"
        for category in resource.get("category") or []
        for coding in category.get("coding") or []
    )


def _if_none_exist_key(index: int, entry: dict[str, Any], walk: _Walk) -> tuple[str, str] | None:
    condition = (entry.get("request") or {}).get("ifNoneExist")
    if not condition:
        return None
    name, _, value = condition.partition("=")
    system, bar, code = value.partition("|")
    if name != "identifier" or not bar or not system or not code:
        walk.fail(
            f"Bundle.entry[{index}].request.ifNoneExist",
            "only 'identifier=system|value' is supported for a conditional create",
            "not-supported",
        )
        return None
    return system, code


def _observation(
    index: int, entry: dict[str, Any], resource: dict[str, Any], patient: _PatientRef, walk: _Walk
) -> None:
    path = f"Bundle.entry[{index}].resource"
    _request(index, entry, walk, methods=("POST",))
    _subject(path, resource, patient, walk)
    if not _is_exam(resource):
        walk.fail(f"{path}.category", f"exam Observations need category {OBSERVATION_CATEGORY}|exam")
    if resource.get("status") not in ("final", "amended", "corrected", "preliminary"):
        walk.fail(f"{path}.status", "must be final, amended, corrected or preliminary")
    concept = resource.get("code") or {}
    found = term_for_codings(
        concept.get("coding") or [],
        kinds=(
            Kind.EXAM_PANEL,
            Kind.HISTORY,
            Kind.MUSCLE,
            Kind.REFLEX,
            Kind.PLANTAR,
            Kind.SENSORY_REGION,
            Kind.SPECIAL_TEST,
            Kind.SENSORY_LEVEL_FINDING,
        ),
    )
    if found is None:
        walk.fail(f"{path}.code", "no coding the service knows: see CodeSystem/neuroexam", "code-invalid")
        return
    for identifier in resource.get("identifier") or []:
        if identifier.get("system") and identifier.get("value"):
            walk.keys.append((identifier["system"], identifier["value"]))
    key = _if_none_exist_key(index, entry, walk)
    if key is not None:
        walk.keys.append(key)
    if resource.get("effectiveDateTime"):
        walk.effective[f"{path}.effective"] = resource["effectiveDateTime"]
    if found.kind == Kind.EXAM_PANEL:
        _panel(index, path, resource, key, walk)
    elif found.kind == Kind.HISTORY:
        _history(index, path, resource, found, walk)
    elif found.kind == Kind.SENSORY_LEVEL_FINDING:
        value = _coded(path, resource, Kind.DERMATOME, walk)
        if value is not None:
            walk.document["sensory_level"] = value
            walk.origins["sensory_level"] = f"{path}.value"
            walk.roles.append(EntryRole(index, "Observation", ("level", "sensory_level", None)))
    else:
        _finding(index, path, resource, found, walk)


def _panel(index: int, path: str, resource: dict[str, Any], key: tuple[str, str] | None, walk: _Walk) -> None:
    if walk.document.get("_panel"):
        walk.fail(path, "one exam panel Observation (LOINC 8705-6) per Bundle")
        return
    walk.document["_panel"] = path
    walk.roles.append(EntryRole(index, "Observation", is_panel=True))
    identifiers = [i for i in resource.get("identifier") or [] if i.get("system") and i.get("value")]
    if identifiers:
        walk.document["external_id"] = {"system": identifiers[0]["system"], "value": identifiers[0]["value"]}
        walk.origins["external_id"] = f"{path}.identifier[0]"
    elif key is not None:
        walk.document["external_id"] = {"system": key[0], "value": key[1]}
        walk.origins["external_id"] = f"Bundle.entry[{index}].request.ifNoneExist"
    notes = [note.get("text") for note in resource.get("note") or [] if note.get("text")]
    if notes:
        walk.document["notes"] = "\n\n".join(notes)
        walk.origins["notes"] = f"{path}.note"
    for position, component in enumerate(resource.get("component") or []):
        found = term_for_codings((component.get("code") or {}).get("coding") or [], kinds=(Kind.AGE,))
        if found is None:
            walk.fail(f"{path}.component[{position}].code", "unknown panel component", "code-invalid")
            continue
        age = _integer(f"{path}.component[{position}]", component, "a", walk)
        if age is not None:
            walk.document.setdefault("patient", {})["age_years"] = age
            walk.origins["patient.age_years"] = f"{path}.component[{position}].value"


def _integer(path: str, holder: dict[str, Any], ucum: str, walk: _Walk) -> int | None:
    """valueInteger, or a valueQuantity in the expected UCUM unit with a whole number."""
    if "valueInteger" in holder:
        return int(holder["valueInteger"])
    quantity = holder.get("valueQuantity")
    if quantity is None:
        walk.fail(f"{path}.value", f"expected valueInteger or valueQuantity in '{ucum}'")
        return None
    value = quantity.get("value")
    if quantity.get("system", UCUM) != UCUM or quantity.get("code") != ucum:
        walk.fail(f"{path}.valueQuantity.code", f"the unit must be UCUM '{ucum}'")
        return None
    if value is None or float(value) != int(float(value)):
        walk.fail(f"{path}.valueQuantity.value", "must be a whole number")
        return None
    return int(float(value))


def _coded(path: str, holder: dict[str, Any], kind: str, walk: _Walk) -> str | None:
    concept = holder.get("valueCodeableConcept")
    if concept is None:
        walk.fail(f"{path}.value", f"expected a valueCodeableConcept with a {kind.replace('_', ' ')} code")
        return None
    found = term_for_codings(concept.get("coding") or [], kinds=(kind,))
    if found is None:
        walk.fail(f"{path}.valueCodeableConcept", f"no {kind.replace('_', ' ')} code the service knows")
        return None
    return found.value


def _history(index: int, path: str, resource: dict[str, Any], found: Term, walk: _Walk) -> None:
    key = found.value
    value: Any
    if key in HISTORY_CODED_KINDS:
        value = _coded(path, resource, HISTORY_CODED_KINDS[key], walk)
    elif key in HISTORY_UNITS:
        value = _integer(path, resource, HISTORY_UNITS[key][0], walk)
    elif "valueBoolean" in resource:
        value = resource["valueBoolean"]
    else:
        walk.fail(f"{path}.value", f"history.{key} needs valueBoolean")
        return
    if value is None:
        return
    history = walk.document.setdefault("history", {})
    if key in history:
        walk.fail(path, f"history.{key} is given twice")
        return
    history[key] = value
    walk.origins[f"history.{key}"] = f"{path}.value"
    walk.roles.append(EntryRole(index, "Observation", ("history", key, None)))


def _side(path: str, resource: dict[str, Any], walk: _Walk) -> str | None:
    """Laterality: the structureLaterality extension on bodySite, or a laterality coding in bodySite."""
    body_site = resource.get("bodySite") or {}
    for extension in body_site.get("extension") or []:
        if extension.get("url") == STRUCTURE_LATERALITY:
            concept = extension.get("valueCodeableConcept") or {}
            found = term_for_codings(concept.get("coding") or [], kinds=(Kind.SIDE,))
            if found is not None:
                return found.value
    found = term_for_codings(body_site.get("coding") or [], kinds=(Kind.SIDE,))
    if found is not None:
        return found.value
    walk.fail(
        f"{path}.bodySite",
        "laterality is required: SNOMED 7771000 (left) or 24028007 (right) in bodySite, "
        "or in its observation-structureLaterality extension",
    )
    return None


_LISTS: dict[str, tuple[str, str, str]] = {
    # kind -> (document list, name key, id prefix)
    Kind.MUSCLE: ("motor", "muscle", "motor"),
    Kind.REFLEX: ("reflexes", "reflex", "reflex"),
    Kind.PLANTAR: ("plantar_responses", "", "plantar"),
    Kind.SENSORY_REGION: ("sensory", "region", "sensation"),
    Kind.SPECIAL_TEST: ("special_tests", "test", "test"),
}


def _absent_reason(resource: dict[str, Any]) -> str | None:
    reason = resource.get("dataAbsentReason") or {}
    text = reason.get("text")
    return text if isinstance(text, str) else None


def _finding(index: int, path: str, resource: dict[str, Any], found: Term, walk: _Walk) -> None:
    side = _side(path, resource, walk)
    list_name, name_key, prefix = _LISTS[found.kind]
    item: dict[str, Any] = {name_key: found.value} if name_key else {}
    item["side"] = side
    absent = "dataAbsentReason" in resource
    if found.kind == Kind.MUSCLE:
        if absent:
            item["grade"] = "NT"
            if _absent_reason(resource):
                item["nt_reason"] = _absent_reason(resource)
        elif "valueInteger" in resource:
            item["grade"] = str(resource["valueInteger"])
        else:
            item["grade"] = _coded(path, resource, Kind.MRC_GRADE, walk)
    elif found.kind == Kind.REFLEX:
        if absent:
            item["grade"] = "NT"
        elif "valueInteger" in resource:
            item["grade"] = resource["valueInteger"]
        else:
            walk.fail(f"{path}.value", "a reflex grade is a valueInteger 0-4 (NINDS), or a dataAbsentReason")
    elif found.kind == Kind.PLANTAR:
        item["response"] = "NT" if absent else _coded(path, resource, Kind.PLANTAR_RESPONSE, walk)
    elif found.kind == Kind.SENSORY_REGION:
        item["status"] = "NT" if absent else _coded(path, resource, Kind.SENSORY_STATUS, walk)
    else:
        item["result"] = "NT" if absent else _coded(path, resource, Kind.TEST_RESULT, walk)
    _components(path, resource, item, walk)
    findings = walk.document.setdefault(list_name, [])
    position = f"{list_name}[{len(findings)}]"
    findings.append(item)
    walk.origins[position] = path
    name = found.value if name_key else "plantar"
    walk.roles.append(EntryRole(index, "Observation", (prefix, name, side)))


_COMPONENTS: dict[str, tuple[str, str]] = {
    Kind.PAIN_LIMITED: ("pain_limited", "valueBoolean"),
    Kind.ANGLE: ("angle_degrees", "valueQuantity"),
    Kind.RADICULAR_PAIN: ("reproduces_radicular_pain", "valueBoolean"),
}


def _components(path: str, resource: dict[str, Any], item: dict[str, Any], walk: _Walk) -> None:
    for position, component in enumerate(resource.get("component") or []):
        where = f"{path}.component[{position}]"
        found = term_for_codings((component.get("code") or {}).get("coding") or [], kinds=tuple(_COMPONENTS))
        if found is None:
            walk.fail(f"{where}.code", "unknown finding component", "code-invalid")
            continue
        key, value_key = _COMPONENTS[found.kind]
        if value_key == "valueQuantity" or "valueInteger" in component:
            item[key] = _integer(where, component, "deg", walk)
        elif value_key in component:
            item[key] = component[value_key]
        else:
            walk.fail(f"{where}.value", f"expected {value_key}")


def _performed_at(walk: _Walk) -> None:
    """performed_at is the panel's effectiveDateTime, else the one all findings share."""
    panel = walk.document.pop("_panel", None)
    if panel is not None and f"{panel}.effective" in walk.effective:
        walk.document["performed_at"] = walk.effective[f"{panel}.effective"]
        walk.origins["performed_at"] = f"{panel}.effective"
        return
    instants = set(walk.effective.values())
    if len(instants) == 1:
        where, instant = next(iter(walk.effective.items()))
        walk.document["performed_at"] = instant
        walk.origins["performed_at"] = where
    elif not instants:
        walk.fail(
            "Bundle.entry.resource.effective", "the exam needs an effectiveDateTime (when it was performed)"
        )
    else:
        walk.fail(
            "Bundle.entry.resource.effective",
            "findings disagree on effectiveDateTime: post one exam per Bundle, or add an exam panel "
            "Observation (LOINC 8705-6) with the exam's time",
        )

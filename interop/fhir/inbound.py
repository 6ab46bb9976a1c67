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

import re
from dataclasses import dataclass, field
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from decisions.engine.vocabulary import MRC_GRADE_VALUES
from exams.documents import DocumentInvalid, ExamDocument, parse_exam_document
from interop.fhir.accounting import Consumption, element_name, modifier_extensions
from interop.fhir.codes import (
    DATA_ABSENT_REASON,
    MRC_SCORE_UNIT,
    OBSERVATION_CATEGORY,
    REFLEX_GRADE_FOR_ORDINAL,
    REFLEX_ORDINALS,
    STRUCTURE_LATERALITY,
    UCUM,
    Kind,
    Term,
    term_for_code,
    term_for_codings,
)
from interop.fhir.outbound import EXAM_PANEL_TEXT, HISTORY_CODED_KINDS, HISTORY_UNITS
from interop.fhir.provenance import Provenance, finding_key

BUNDLE_TYPES = ("transaction", "batch")
MAX_ENTRIES = 400  # an exam has at most ~130 findings and ~32 history keys


@dataclass(frozen=True, slots=True)
class Issue:
    """One OperationOutcome issue: what is wrong and where (a FHIRPath expression)."""

    expression: str
    diagnostics: str
    code: str = "invalid"
    severity: str = "error"


def information(expression: str, diagnostics: str) -> Issue:
    """What the exam could not keep, announced to the sender rather than lost without a word."""
    return Issue(expression, diagnostics, "informational", "information")


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
    skipped: Issue | None = None  # a batch entry answered as not processed, and why


@dataclass
class InboundExam:
    bundle_type: str
    document: ExamDocument
    keys: list[tuple[str, str]]  # idempotency keys: Observation identifiers and ifNoneExist
    roles: list[EntryRole]
    origins: dict[str, str]
    provenance: Provenance = field(default_factory=Provenance)
    information: dict[int, list[Issue]] = field(default_factory=dict)  # entry index -> issues

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
    effective: dict[str, tuple[str, str]] = field(default_factory=dict)  # FHIRPath -> (instant, precision)
    statuses: dict[str, str] = field(default_factory=dict)  # FHIRPath of the status -> status
    performers: list[dict[str, Any]] = field(default_factory=list)
    encounters: dict[str, dict[str, Any]] = field(default_factory=dict)  # FHIRPath -> reference
    identifiers: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    finding_notes: list[str] = field(default_factory=list)
    information: dict[int, list[Issue]] = field(default_factory=dict)
    taken: Consumption = field(default_factory=Consumption)

    def fail(self, expression: str, diagnostics: str, code: str = "invalid") -> None:
        self.issues.append(Issue(expression, diagnostics, code))

    def inform(self, index: int, expression: str, diagnostics: str) -> None:
        self.information.setdefault(index, []).append(information(expression, diagnostics))


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
        unrelated = _unrelated(index, resource)
        if unrelated is not None and bundle_type == "batch":
            # FHIR batch: each entry stands alone, so an entry that is no part of the exam (a heart
            # rate, a Condition) is answered as not processed and the exam still goes through.
            walk.roles.append(EntryRole(index, str(resource.get("resourceType")), skipped=unrelated))
        elif unrelated is not None:
            walk.fail(unrelated.expression, unrelated.diagnostics, unrelated.code)
        elif resource.get("resourceType") == "Observation":
            _observation(index, entry, resource, patient_ref, walk)
    for role in walk.roles:
        if role.skipped is None:
            _account(role.index, entries[role.index], walk)
    _performed_at(walk)
    status = _status(walk)
    encounter = _encounter(walk)
    if walk.finding_notes:
        notes = [walk.document["notes"]] if walk.document.get("notes") else []
        walk.document["notes"] = "\n\n".join([*notes, *walk.finding_notes])
        walk.origins.setdefault("notes", "Bundle.entry.resource.note")
    if walk.issues:
        raise BundleInvalid(walk.issues)
    try:
        document = parse_exam_document(walk.document)
    except DocumentInvalid as exc:
        raise BundleInvalid([Issue(_origin(e.field, walk.origins), e.message) for e in exc.errors]) from None
    precisions = {precision for _, precision in walk.effective.values()}
    provenance = Provenance(
        status=status,
        performers=tuple(walk.performers),
        encounter=encounter,
        effective_precision="date" if precisions == {"date"} else "dateTime",
        identifiers=walk.identifiers,
    )
    return InboundExam(
        bundle_type=bundle_type,
        document=document,
        keys=walk.keys,
        roles=walk.roles,
        origins=walk.origins,
        provenance=provenance,
        information=walk.information,
    )


def _unrelated(index: int, resource: dict[str, Any]) -> Issue | None:
    """Why an entry is no part of a lower-limb exam (None when it is): not an exam Observation."""
    where = f"Bundle.entry[{index}].resource"
    kind = resource.get("resourceType")
    if kind == "Patient":
        return None
    if kind != "Observation":
        return Issue(where, f"{kind} is not accepted: post a Patient and exam Observations", "not-supported")
    if not _is_exam(resource):
        return Issue(
            f"{where}.category",
            f"not an exam Observation: exam findings need category {OBSERVATION_CATEGORY}|exam",
            "not-supported",
        )
    return None


def _status(walk: _Walk) -> str:
    """The exam's one status: its Observations must agree, as it is kept once per exam version."""
    statuses = set(walk.statuses.values())
    if len(statuses) > 1:
        first = next(iter(walk.statuses.values()))
        for where, status in walk.statuses.items():
            if status != first:
                walk.fail(
                    where,
                    f"the exam's Observations disagree on status ({', '.join(sorted(statuses))}): "
                    "an exam has one status, post them with the same one",
                )
                break
    return next(iter(statuses), "final")


def _encounter(walk: _Walk) -> dict[str, Any] | None:
    encounters = list(walk.encounters.items())
    for where, reference in encounters[1:]:
        if reference != encounters[0][1]:
            walk.fail(where, "the exam's Observations name different encounters: an exam has one")
            return None
    return encounters[0][1] if encounters else None


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
    for position in range(1, len(resource.get("identifier") or [])):
        walk.inform(
            index,
            f"{path}.identifier[{position}]",
            "not kept: the patient is filed under its first identifier",
        )
    block: dict[str, Any] = {}
    if not identifiers:
        walk.fail(f"{path}.identifier", "the Patient needs an identifier with system and value")
    else:
        block["identifier"] = {"system": identifiers[0]["system"], "value": identifiers[0]["value"]}
        walk.taken.took(identifiers[0], "system", "value")
    walk.taken.took(resource, "birthDate", "gender")
    # A conditional create of the Patient is what neuroexam does anyway: it files the exam under
    # the patient its identifier names.
    walk.taken.took(entry.get("request") or {}, "ifNoneExist")
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


# What the sender keeps for itself, which a server assigning its own ids and versions replaces.
_BOOKKEEPING_META = ("versionId", "lastUpdated", "source", "profile")
_NOT_KEPT_WHY = {
    "interpretation": "neuroexam computes its own interpretation from the findings",
    "issued": "the exam keeps when it was performed and when it was recorded here",
    "text": "the narrative is regenerated from the structured findings",
    "dataAbsentReason": "the finding is stored as not tested (NT) and reads back as not-performed",
}
_NO_PLACE = "neuroexam has no place for it in the exam record"
_NESTED_NOT_KEPT_WHY = {
    "coding": "another coding of a concept neuroexam maps: it keeps the one it maps and reads that one back",
    "text": "the concept reads back with the display of the code neuroexam keeps, not this text",
    "extension": "neuroexam does not read this extension",
    "display": "the reference reads back without this display",
}


def _account(index: int, entry: dict[str, Any], walk: _Walk) -> None:
    """Every element of the entry the mapper did not take is announced, and a modifier extension
    anywhere in it refused: nothing the sender said is lost without a word."""
    where = f"Bundle.entry[{index}]"
    resource = entry.get("resource") or {}
    # fullUrl, id and meta's bookkeeping are the sender's handles: the response's location replaces them.
    walk.taken.took(entry, "fullUrl")
    walk.taken.took(resource, "resourceType", "id")
    if isinstance(resource.get("meta"), dict):
        walk.taken.took(resource["meta"], *_BOOKKEEPING_META)
    for location in modifier_extensions(entry, where):
        walk.fail(
            location,
            "a modifier extension changes the meaning of the element holding it and neuroexam does not "
            "understand it",
            "not-supported",
        )
    announced = tuple(issue.expression for issue in walk.information.get(index, []))
    for location in walk.taken.leftovers(entry, where):
        if any(location == a or location.startswith((f"{a}.", f"{a}[")) for a in announced):
            continue
        if location.rsplit(".", 1)[0] == f"{where}.resource":
            why = _NOT_KEPT_WHY.get(element_name(location), _NO_PLACE)
        elif ".dataAbsentReason." in location:
            why = _NOT_KEPT_WHY["dataAbsentReason"]
        else:
            why = _NESTED_NOT_KEPT_WHY.get(element_name(location), "neuroexam has no place for it")
        walk.inform(index, location, f"not kept: {why}")


def _took_concept(walk: _Walk, concept: Any, found: Term | None, *texts: str) -> None:
    """The codings of ``concept`` that mean the term mapped are kept (they read back as its coding,
    with its display); its text is kept when it says what reads back (the term's display or one
    of ``texts``). Other codings and texts are left for the account to announce."""
    if not isinstance(concept, dict) or found is None:
        return
    for coding in concept.get("coding") or []:
        if isinstance(coding, dict) and term_for_code(coding.get("system"), coding.get("code")) == found:
            walk.taken.took(coding, "system", "code", "display", "version", "userSelected")
    text = concept.get("text")
    if isinstance(text, str) and text.strip().casefold() in {t.casefold() for t in (found.display, *texts)}:
        walk.taken.took(concept, "text")


def _request(index: int, entry: dict[str, Any], walk: _Walk, methods: tuple[str, ...]) -> None:
    request = entry.get("request")
    if request is None:
        walk.fail(f"Bundle.entry[{index}].request", "transaction and batch entries need a request")
    elif request.get("method") not in methods:
        walk.fail(f"Bundle.entry[{index}].request.method", f"must be {' or '.join(methods)}")
    else:
        walk.taken.took(request, "method", "url")


def _subject(path: str, resource: dict[str, Any], patient: _PatientRef, walk: _Walk) -> None:
    subject = resource.get("subject")
    if subject is None:
        walk.fail(f"{path}.subject", "the exam Observation needs a subject (the Patient)")
        return
    identifier = subject.get("identifier") or {}
    pair = (identifier.get("system"), identifier.get("value"))
    # The subject is kept as the exam's patient: it reads back as that Patient's reference.
    walk.taken.took(subject, "reference", "type")
    walk.taken.took(identifier, "system", "value")
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
    walk.taken.took(entry["request"], "ifNoneExist")
    return system, code


def _took_category(resource: dict[str, Any], walk: _Walk) -> None:
    """The exam category is kept (every exam Observation reads back with it); any other
    category, or another coding beside it, is left for the account to announce."""
    for category in resource.get("category") or []:
        exam_codings = [
            coding
            for coding in category.get("coding") or []
            if coding.get("system") == OBSERVATION_CATEGORY and coding.get("code") == "exam"
        ]
        for coding in exam_codings:
            walk.taken.took(coding, "system", "code", "display", "version", "userSelected")
        if exam_codings and str(category.get("text", "")).strip().casefold() == "exam":
            walk.taken.took(category, "text")


def _observation(
    index: int, entry: dict[str, Any], resource: dict[str, Any], patient: _PatientRef, walk: _Walk
) -> None:
    path = f"Bundle.entry[{index}].resource"
    _request(index, entry, walk, methods=("POST",))
    _subject(path, resource, patient, walk)
    if resource.get("status") not in ("final", "amended", "corrected", "preliminary"):
        walk.fail(f"{path}.status", "must be final, amended, corrected or preliminary")
    else:
        walk.statuses[f"{path}.status"] = resource["status"]
        walk.taken.took(resource, "status")
    _took_category(resource, walk)
    values = [key for key in resource if key.startswith("value")]
    if "dataAbsentReason" in resource and values:
        walk.fail(
            f"{path}.dataAbsentReason",
            f"obs-6: dataAbsentReason SHALL only be present if value[x] is not ({values[0]} is): "
            "send the value or the reason it is absent, not both",
        )
        return
    _provenance(path, resource, walk)
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
    _took_concept(walk, concept, found, *([EXAM_PANEL_TEXT] if found.kind == Kind.EXAM_PANEL else []))
    identifiers = []
    for position, identifier in enumerate(resource.get("identifier") or []):
        if identifier.get("system") and identifier.get("value"):
            walk.keys.append((identifier["system"], identifier["value"]))
            identifiers.append({"system": identifier["system"], "value": identifier["value"]})
            walk.taken.took(identifier, "system", "value")
        else:
            walk.fail(f"{path}.identifier[{position}]", "an identifier needs a system and a value")
    key = _if_none_exist_key(index, entry, walk)
    if key is not None:
        walk.keys.append(key)
    _effective(path, resource, walk, index)
    roles_before = len(walk.roles)
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
    added = walk.roles[roles_before:]
    finding = added[0].finding if added else None
    if finding is not None:
        label = " ".join(part.replace("_", " ") for part in finding[1:] if part)
        if identifiers:
            walk.identifiers[finding_key(*finding)] = identifiers
        for note in resource.get("note") or []:
            if note.get("text"):
                walk.taken.took(note, "text", "authorString")
                walk.taken.took(note.get("authorReference") or {}, "display")
                author = note.get("authorString") or (note.get("authorReference") or {}).get("display")
                by = f", by {author}" if author else ""
                walk.finding_notes.append(f"[FHIR note on the {label} finding{by}] {note['text']}")


def _provenance(path: str, resource: dict[str, Any], walk: _Walk) -> None:
    # Kept whole, as the exam version's provenance: they read back as sent.
    walk.taken.took(resource, "performer", "encounter")
    for performer in resource.get("performer") or []:
        if performer not in walk.performers:
            walk.performers.append(performer)
    if resource.get("encounter"):
        walk.encounters[f"{path}.encounter"] = resource["encounter"]


_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2})?$")


def _effective(path: str, resource: dict[str, Any], walk: _Walk, index: int) -> None:
    """effectiveDateTime (a day becomes noon UTC, its precision kept), effectiveInstant, or
    effectivePeriod's start."""
    where = f"{path}.effectiveDateTime"
    walk.taken.took(resource, "effectiveDateTime", "effectiveInstant")
    value = resource.get("effectiveDateTime") or resource.get("effectiveInstant")
    if "effectiveInstant" in resource:
        where = f"{path}.effectiveInstant"
    period = resource.get("effectivePeriod")
    if value is None and isinstance(period, dict):
        where = f"{path}.effectivePeriod.start"
        value = period.get("start")
        walk.taken.took(period, "start")
        if value is None:
            walk.fail(where, "the exam is dated by the period's start, which is missing")
            return
        if period.get("end"):
            walk.inform(
                index, f"{path}.effectivePeriod.end", "not kept: the exam is dated by the period's start"
            )
    if "effectiveTiming" in resource:
        walk.fail(
            f"{path}.effectiveTiming",
            "an exam is dated by effectiveDateTime or effectivePeriod",
            "not-supported",
        )
        return
    if not isinstance(value, str):
        return
    if _DATE_ONLY.match(value):
        walk.effective[f"{path}.effective"] = (f"{value}T12:00:00Z", "date")
    elif _PARTIAL_DATE.match(value):
        walk.fail(where, "the exam needs at least the day it was performed (YYYY-MM-DD)")
    else:
        walk.effective[f"{path}.effective"] = (value, "dateTime")


def _panel(index: int, path: str, resource: dict[str, Any], key: tuple[str, str] | None, walk: _Walk) -> None:
    if walk.document.get("_panel"):
        walk.fail(path, "one exam panel Observation (LOINC 8705-6) per Bundle")
        return
    walk.document["_panel"] = path
    walk.roles.append(EntryRole(index, "Observation", is_panel=True))
    walk.taken.took(resource, "hasMember")  # the panel's members are the findings it is posted with
    identifiers = [i for i in resource.get("identifier") or [] if i.get("system") and i.get("value")]
    if identifiers:
        walk.document["external_id"] = {"system": identifiers[0]["system"], "value": identifiers[0]["value"]}
        walk.origins["external_id"] = f"{path}.identifier[0]"
        walk.taken.took(identifiers[0], "system", "value")
        for position in range(1, len(identifiers)):
            walk.inform(
                index,
                f"{path}.identifier[{position}]",
                "kept as a retry key only: the exam panel reads back with its first identifier (the exam's "
                "external_id)",
            )
    elif key is not None:
        walk.document["external_id"] = {"system": key[0], "value": key[1]}
        walk.origins["external_id"] = f"Bundle.entry[{index}].request.ifNoneExist"
    notes = [note.get("text") for note in resource.get("note") or [] if note.get("text")]
    for note in resource.get("note") or []:
        walk.taken.took(note, "text")
    if notes:
        walk.document["notes"] = "\n\n".join(notes)
        walk.origins["notes"] = f"{path}.note"
    for position, component in enumerate(resource.get("component") or []):
        found = term_for_codings((component.get("code") or {}).get("coding") or [], kinds=(Kind.AGE,))
        if found is None:
            walk.fail(f"{path}.component[{position}].code", "unknown panel component", "code-invalid")
            continue
        _took_concept(walk, component.get("code"), found)
        age = _integer(f"{path}.component[{position}]", component, "a", walk)
        if age is not None:
            walk.document.setdefault("patient", {})["age_years"] = age
            walk.origins["patient.age_years"] = f"{path}.component[{position}].value"


def _integer(path: str, holder: dict[str, Any], ucum: str, walk: _Walk) -> int | None:
    """valueInteger, or a valueQuantity in the expected UCUM unit with a whole number."""
    if "valueInteger" in holder:
        walk.taken.took(holder, "valueInteger")
        return int(holder["valueInteger"])
    quantity = holder.get("valueQuantity")
    if quantity is None:
        walk.fail(f"{path}.value", f"expected valueInteger or valueQuantity in '{ucum}'")
        return None
    if "comparator" in quantity:
        walk.fail(
            f"{path}.valueQuantity.comparator",
            "a value with a comparator (<, >=, ...) is not an exact value: neuroexam cannot keep it as one",
            "not-supported",
        )
        return None
    walk.taken.took(quantity, "value", "system", "code", "unit")  # the unit is the code's label
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
    _took_concept(walk, concept, found)
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
        walk.taken.took(resource, "valueBoolean")
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


def _side(index: int, path: str, resource: dict[str, Any], walk: _Walk) -> str | None:
    """Laterality: the structureLaterality extension on bodySite, or a laterality coding in bodySite.

    A body site coding that is not a laterality (the finding's code names the structure) is not
    kept, and said so."""
    body_site = resource.get("bodySite") or {}
    for position, coding in enumerate(body_site.get("coding") or []):
        if term_for_codings([coding], kinds=(Kind.SIDE,)) is None:
            walk.inform(
                index,
                f"{path}.bodySite.coding[{position}]",
                "not kept: neuroexam records the finding's side; its code names the structure examined",
            )
    # Every laterality said (in the extension or in the codings) is kept when they agree, and
    # refused when they do not: picking one would change the finding.
    concepts = [body_site]
    for extension in body_site.get("extension") or []:
        if extension.get("url") == STRUCTURE_LATERALITY:
            concepts.append(extension.get("valueCodeableConcept") or {})
            walk.taken.took(extension, "url")
    sides: set[Term] = set()
    for concept in concepts:
        for coding in concept.get("coding") or []:
            found = term_for_codings([coding], kinds=(Kind.SIDE,))
            if found is not None:
                sides.add(found)
                _took_concept(walk, {"coding": [coding]}, found)
    if len(sides) > 1:
        walk.fail(f"{path}.bodySite", "the body site names both sides: a finding has one side")
        return None
    if sides:
        side = next(iter(sides))
        for concept in concepts:  # a text that names the side is what reads back
            _took_concept(walk, concept, side, side.value)
        return side.value
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


def _absent_reason(resource: dict[str, Any], walk: _Walk) -> str | None:
    """The reason a muscle was not tested, kept as its ``nt_reason``."""
    reason = resource.get("dataAbsentReason") or {}
    text = reason.get("text")
    walk.taken.took(reason, "text")
    return text if isinstance(text, str) else None


def _took_not_performed(resource: dict[str, Any], walk: _Walk) -> None:
    """A finding not tested reads back as ``not-performed``: that coding is kept; another reason
    (``asked-declined``, ``unknown``...) is stored as not tested and announced by the account."""
    reason = resource.get("dataAbsentReason") or {}
    for coding in reason.get("coding") or []:
        if coding.get("system") == DATA_ABSENT_REASON and coding.get("code") == "not-performed":
            walk.taken.took(coding, "system", "code", "display", "version", "userSelected")


def _finding(index: int, path: str, resource: dict[str, Any], found: Term, walk: _Walk) -> None:
    side = _side(index, path, resource, walk)
    list_name, name_key, prefix = _LISTS[found.kind]
    item: dict[str, Any] = {name_key: found.value} if name_key else {}
    item["side"] = side
    absent = "dataAbsentReason" in resource
    if absent:
        _took_not_performed(resource, walk)
    if found.kind == Kind.MUSCLE:
        if absent:
            item["grade"] = "NT"
            reason = _absent_reason(resource, walk)
            if reason:
                item["nt_reason"] = reason
        else:
            item["grade"] = _mrc_grade(path, resource, walk)
    elif found.kind == Kind.REFLEX:
        item["grade"] = "NT" if absent else _reflex_grade(path, resource, walk)
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


def _mrc_grade(path: str, resource: dict[str, Any], walk: _Walk) -> str | None:
    """valueInteger, valueQuantity in UCUM {score}, valueString or a coded MRC grade."""
    if "valueInteger" in resource:
        walk.taken.took(resource, "valueInteger")
        return str(resource["valueInteger"])
    if "valueQuantity" in resource:
        score = _integer(path, resource, MRC_SCORE_UNIT, walk)
        return None if score is None else str(score)
    if "valueString" in resource:
        if resource["valueString"] in MRC_GRADE_VALUES:
            walk.taken.took(resource, "valueString")
            return str(resource["valueString"])
        walk.fail(f"{path}.valueString", f"an MRC grade is one of {', '.join(MRC_GRADE_VALUES)}")
        return None
    return _coded(path, resource, Kind.MRC_GRADE, walk)


def _reflex_grade(path: str, resource: dict[str, Any], walk: _Walk) -> int | None:
    """valueInteger 0-4 (NINDS), the ordinal string clinicians write ("0", "1+" ... "4+"), or a
    coded reflex grade (table ``REFLEX_ORDINALS`` in interop.fhir.codes)."""
    if "valueInteger" in resource:
        walk.taken.took(resource, "valueInteger")
        return int(resource["valueInteger"])
    if "valueString" in resource:
        walk.taken.took(resource, "valueString")
        grade = REFLEX_GRADE_FOR_ORDINAL.get(str(resource["valueString"]).strip())
        if grade is None:
            walk.fail(
                f"{path}.valueString",
                f"a reflex grade is one of {', '.join(REFLEX_ORDINALS.values())} (NINDS)",
            )
        return grade
    if "valueCodeableConcept" in resource:
        code = _coded(path, resource, Kind.REFLEX_GRADE, walk)
        return None if code is None else int(code)
    walk.fail(
        f"{path}.value",
        "a reflex grade is a valueInteger 0-4, a valueString '0', '1+', '2+', '3+' or '4+' (NINDS), "
        "a coded reflex grade, or a dataAbsentReason",
    )
    return None


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
        _took_concept(walk, component.get("code"), found)
        key, value_key = _COMPONENTS[found.kind]
        if value_key == "valueQuantity" or "valueInteger" in component:
            item[key] = _integer(where, component, "deg", walk)
        elif value_key in component:
            item[key] = component[value_key]
            walk.taken.took(component, value_key)
        else:
            walk.fail(f"{where}.value", f"expected {value_key}")


def _performed_at(walk: _Walk) -> None:
    """performed_at is the panel's effectiveDateTime, else the one all findings share."""
    panel = walk.document.pop("_panel", None)
    if panel is not None and f"{panel}.effective" in walk.effective:
        walk.document["performed_at"] = walk.effective[f"{panel}.effective"][0]
        walk.origins["performed_at"] = f"{panel}.effective"
        return
    instants = {instant for instant, _ in walk.effective.values()}
    if len(instants) == 1:
        where, (instant, _) = next(iter(walk.effective.items()))
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

"""The exam document of the wire contract (spec section 2): validation and conversion.

Everything that arrives as an exam document (REST API, FHIR mapping, admin form, tests) goes
through ``parse_exam_document`` once. It rejects unknown keys and out-of-vocabulary values with
errors that name the field path the way the spec does (``motor[3].grade``), and it yields a
typed ``ExamDocument`` that converts to the engine's ``ExamFacts`` and back to JSON.

This module uses no Django model or database, so that the engine's tests can use it without a
database; its errors are the framework-free ``clinic.domain_errors``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

# Re-exported: what ``parse_exam_document`` raises, and what its errors are made of.
from clinic.domain_errors import DocumentInvalid as DocumentInvalid
from clinic.domain_errors import FieldError as FieldError
from clinic.strict_json import JsonInputError
from clinic.strict_json import check as check_strict_json
from decisions.engine.facts import (
    ExamFacts,
    History,
    MotorFact,
    PlantarFact,
    ReflexFact,
    SensoryFact,
    SpecialTestFact,
)
from decisions.engine.isncsci import classify
from decisions.engine.isncsci.summary import cord_injury_of
from decisions.engine.vocabulary import (
    MRC_GRADES,
    NOT_TESTED,
    SENSORY_LEVELS,
    Muscle,
    Onset,
    PlantarResponse,
    Progression,
    Reflex,
    SensoryRegion,
    SensoryStatus,
    Sex,
    Side,
    SpecialTest,
    TestResult,
    Trauma,
)
from exams.findings import FINDING_LISTS
from exams.isncsci import IsncsciBlock

_F = TypeVar("_F")

MAX_NOTES_LENGTH = 10_000
MAX_AGE_YEARS = 130

# Dates are ISO 8601 strings and nothing else: pydantic would read 1790000000, "1790000000" and
# "20261120" as Unix times (the last as 1970-08-23), silently changing the exam's date.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})", re.ASCII
)


def _iso_date_text(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("must be an ISO 8601 date string (YYYY-MM-DD)")
    return value


def _iso_datetime_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATETIME.fullmatch(value):
        raise ValueError("must be an ISO 8601 date-time string with a time zone, e.g. 2026-11-20T09:30:00Z")
    return value


def _in_utc(value: datetime) -> datetime:
    """One instant, one spelling: stored and echoed in UTC whatever offset was posted."""
    try:
        return value.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is in year 0 in UTC
        raise ValueError("is outside the range of representable times once converted to UTC") from None


IsoDate = Annotated[date, BeforeValidator(_iso_date_text)]
IsoDatetime = Annotated[AwareDatetime, BeforeValidator(_iso_datetime_text), AfterValidator(_in_utc)]

# Characters that make two identifiers look the same or print differently than they compare:
# controls (Cc), format characters (Cf: zero-width spaces and joiners, bidirectional overrides),
# line and paragraph separators, and unassigned code points.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _visible_text(value: str) -> str:
    if not value.isascii() or not value.isprintable():
        for character in value:
            if unicodedata.category(character) in _INVISIBLE_CATEGORIES:
                raise ValueError(
                    f"contains the invisible or control character U+{ord(character):04X}, "
                    "which would make two identifiers look alike"
                )
    return value


def _no_nul_or_controls(value: str) -> str:
    """Free text keeps line breaks and tabs; NUL and the other C0/C1 controls are refused."""
    if not value.isprintable():
        for character in value:
            if character not in "\n\r\t" and unicodedata.category(character) == "Cc":
                raise ValueError(f"contains the control character U+{ord(character):04X}")
    return value


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255), AfterValidator(_visible_text)
]
ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128), AfterValidator(_visible_text)
]
FreeText = Annotated[str, AfterValidator(_no_nul_or_controls)]
VisibleText = Annotated[str, AfterValidator(_visible_text)]
MrcGrade = Literal[MRC_GRADES]  # type: ignore[valid-type]
SensoryLevel = Literal[SENSORY_LEVELS]  # type: ignore[valid-type]
ReflexGrade = Literal[0, 1, 2, 3, 4, "NT"]
NonNegativeInt = Annotated[StrictInt, Field(ge=0, le=36_500)]


class _Strict(BaseModel):
    """Unknown keys are an error, never silently dropped (spec conventions)."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Identifier(_Strict):
    system: Text
    value: ShortText


class PatientBlock(_Strict):
    identifier: Identifier
    birth_date: IsoDate | None = None
    age_years: Annotated[StrictInt, Field(ge=0, le=MAX_AGE_YEARS)] | None = None
    sex: Sex | None = None


class HistoryBlock(_Strict):
    onset: Onset | None = None
    symptom_duration_days: NonNegativeInt | None = None
    progression: Progression | None = None
    conservative_care_weeks: Annotated[StrictInt, Field(ge=0, le=5_200)] | None = None
    trauma: Trauma | None = None
    surgery_candidate: StrictBool | None = None
    bladder_dysfunction: StrictBool | None = None
    bowel_dysfunction: StrictBool | None = None
    sexual_dysfunction: StrictBool | None = None
    saddle_numbness: StrictBool | None = None
    bilateral_leg_symptoms: StrictBool | None = None
    back_pain: StrictBool | None = None
    groin_pain: StrictBool | None = None
    night_pain: StrictBool | None = None
    fever: StrictBool | None = None
    unexplained_weight_loss: StrictBool | None = None
    cancer_history: StrictBool | None = None
    immunosuppression: StrictBool | None = None
    iv_drug_use: StrictBool | None = None
    osteoporosis: StrictBool | None = None
    chronic_steroid_use: StrictBool | None = None
    anticoagulant_use: StrictBool | None = None
    diabetes: StrictBool | None = None
    statin_use: StrictBool | None = None
    hypothyroidism: StrictBool | None = None
    facial_droop: StrictBool | None = None
    speech_difficulty: StrictBool | None = None
    confusion: StrictBool | None = None
    severe_headache: StrictBool | None = None
    arm_weakness: StrictBool | None = None
    visual_loss: StrictBool | None = None
    balance_loss: StrictBool | None = None


class MotorItem(_Strict):
    muscle: Muscle
    side: Side
    grade: MrcGrade
    pain_limited: StrictBool | None = None
    nt_reason: Annotated[FreeText, StringConstraints(max_length=500)] | None = None

    @model_validator(mode="after")
    def _nt_reason_only_when_not_testable(self) -> MotorItem:
        if self.nt_reason is not None and self.grade != NOT_TESTED:
            raise ValueError("nt_reason is only allowed when grade is 'NT'")
        return self


class ReflexItem(_Strict):
    reflex: Reflex
    side: Side
    grade: ReflexGrade

    @field_validator("grade", mode="before")
    @classmethod
    def _integer_or_nt(cls, value: Any) -> Any:
        # The lax Literal check would take True or 2.0 for a grade; the spec says integer.
        if isinstance(value, bool | float):
            raise ValueError("grade must be an integer 0-4 or 'NT'")
        return value


class PlantarItem(_Strict):
    side: Side
    response: PlantarResponse


class SensoryItem(_Strict):
    region: SensoryRegion
    side: Side
    status: SensoryStatus


class SpecialTestItem(_Strict):
    test: SpecialTest
    side: Side
    result: TestResult
    angle_degrees: Annotated[StrictInt, Field(ge=0, le=90)] | None = None
    reproduces_radicular_pain: StrictBool | None = None


def _bounded(item: type[Any], max_items: int) -> Any:
    # Each list can hold each (name, side) at most once, so its vocabulary bounds its length;
    # the bound also stops a hostile body from making us validate a million items.
    return Annotated[list[item], Field(max_length=max_items)]  # type: ignore[valid-type]


# Findings are frozen values drawn from a small vocabulary (a muscle, a side, a grade), so each
# distinct one is built once per process and shared by every exam that records it: building the
# 58 frozen dataclasses of an exam was most of ``to_facts`` (docs/performance.md). The validated
# items carry exactly the constructor's types (strict ints and bools, enum members), so equal
# keys mean equal findings. The vocabulary bounds the cache; the cap only guards against surprises.
_FINDINGS: dict[tuple[Any, ...], Any] = {}
_FINDINGS_MAX = 100_000


def _finding(kind: type[_F], *values: Any) -> _F:
    key = (kind, *values)
    found = _FINDINGS.get(key)
    if found is None:
        if len(_FINDINGS) >= _FINDINGS_MAX:
            _FINDINGS.clear()
        found = _FINDINGS[key] = kind(*values)
    return found


class ExamDocument(_Strict):
    external_id: Identifier | None = None
    patient: PatientBlock
    performed_at: IsoDatetime
    history: HistoryBlock = Field(default_factory=HistoryBlock)
    motor: _bounded(MotorItem, 2 * len(Muscle)) = Field(default_factory=list)  # type: ignore[valid-type]
    reflexes: _bounded(ReflexItem, 2 * len(Reflex)) = Field(default_factory=list)  # type: ignore[valid-type]
    plantar_responses: _bounded(PlantarItem, 2) = Field(default_factory=list)  # type: ignore[valid-type]
    sensory: _bounded(SensoryItem, 2 * len(SensoryRegion)) = Field(default_factory=list)  # type: ignore[valid-type]
    special_tests: _bounded(SpecialTestItem, 2 * len(SpecialTest)) = Field(default_factory=list)  # type: ignore[valid-type]
    sensory_level: SensoryLevel | None = None
    notes: Annotated[FreeText, StringConstraints(max_length=MAX_NOTES_LENGTH)] | None = None
    isncsci: IsncsciBlock | None = None

    @field_validator("performed_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        # One instant, one spelling: stored and echoed in UTC whatever offset was posted.
        return value.astimezone(UTC)

    def finding_count(self) -> int:
        return (
            len(self.motor)
            + len(self.reflexes)
            + len(self.plantar_responses)
            + len(self.sensory)
            + len(self.special_tests)
        )

    def age_years(self) -> int | None:
        """Age on the day of the exam: from the birth date when given, else the stated age."""
        birth = self.patient.birth_date
        if birth is None:
            return self.patient.age_years
        day = self.performed_at.date()
        return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))

    def to_facts(self) -> ExamFacts:
        history = History(**self.history.model_dump(exclude_none=True))
        return ExamFacts(
            history=history,
            motor=tuple(
                [_finding(MotorFact, m.muscle, m.side, m.grade, bool(m.pain_limited)) for m in self.motor]
            ),
            reflexes=tuple(
                [
                    _finding(ReflexFact, r.reflex, r.side, None if r.grade == NOT_TESTED else int(r.grade))
                    for r in self.reflexes
                ]
            ),
            plantar_responses=tuple(
                [_finding(PlantarFact, p.side, p.response) for p in self.plantar_responses]
            ),
            sensory=tuple([_finding(SensoryFact, s.region, s.side, s.status) for s in self.sensory]),
            special_tests=tuple(
                [
                    _finding(
                        SpecialTestFact,
                        t.test,
                        t.side,
                        t.result,
                        t.angle_degrees,
                        t.reproduces_radicular_pain,
                    )
                    for t in self.special_tests
                ]
            ),
            sensory_level=self.sensory_level,
            age_years=self.age_years(),
            sex=self.patient.sex,
            cord_injury=None
            if self.isncsci is None
            else cord_injury_of(classify(self.isncsci.to_json_dict())),
        )

    def isncsci_worksheet(self) -> dict[str, Any] | None:
        """The ISNCSCI worksheet as the classifier takes it, or None when the exam has none."""
        return None if self.isncsci is None else self.isncsci.to_json_dict()

    def to_json_dict(self) -> dict[str, Any]:
        """The document as JSON, with unrecorded (None) keys left out: absent means not recorded."""
        return self.model_dump(mode="json", exclude_none=True)


def field_path(location: Iterable[str | int]) -> str:
    """``("motor", 3, "grade")`` -> ``"motor[3].grade"``."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def _pydantic_errors(exc: ValidationError) -> list[FieldError]:
    errors = []
    for error in exc.errors(include_url=False):
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "unknown field"
        elif message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        errors.append(FieldError(field=field_path(error["loc"]), message=message, code=error["type"]))
    return errors


def _duplicate_errors(document: ExamDocument) -> list[FieldError]:
    errors = []
    for findings in FINDING_LISTS:
        list_name, named_by = findings.name, findings.named_by
        items = getattr(document, list_name)
        keys = [(getattr(item, named_by) if named_by else "plantar", item.side) for item in items]
        if len(set(keys)) == len(keys):
            continue  # the usual case: no duplicates, so no messages to build
        seen: dict[tuple[str, str], int] = {}
        for index, (name, side) in enumerate(keys):
            key = (str(name), str(side))
            if key in seen:
                errors.append(
                    FieldError(
                        field=f"{list_name}[{index}]",
                        message=f"duplicate finding: {key[1]} {key[0]} is already given at "
                        f"{list_name}[{seen[key]}]",
                        code="duplicate_finding",
                    )
                )
            else:
                seen[key] = index
    return errors


def _consistency_errors(document: ExamDocument) -> list[FieldError]:
    errors = []
    if document.finding_count() == 0 and document.isncsci is None:
        errors.append(
            FieldError(
                field="motor",
                message="at least one finding is required in motor, reflexes, plantar_responses, "
                "sensory or special_tests, or an isncsci worksheet",
                code="no_findings",
            )
        )
    birth = document.patient.birth_date
    if birth is not None and birth > document.performed_at.date():
        errors.append(
            FieldError(
                field="patient.birth_date",
                message="birth date is after the exam's performed_at",
                code="birth_after_exam",
            )
        )
    return errors


def _validated(document: ExamDocument) -> ExamDocument:
    errors = _duplicate_errors(document) + _consistency_errors(document)
    if errors:
        raise DocumentInvalid(errors)
    return document


def parse_exam_document(data: Any) -> ExamDocument:
    """Validate a decoded JSON value (a dict) as an exam document."""
    if not isinstance(data, dict):
        raise DocumentInvalid([FieldError("", "the body must be a JSON object", "not_an_object")])
    try:
        document = ExamDocument.model_validate(data)
    except ValidationError as exc:
        raise DocumentInvalid(_pydantic_errors(exc)) from None
    return _validated(document)


def parse_exam_document_json(body: bytes | str) -> ExamDocument:
    """Validate raw JSON in one pass (the API's hot path: no intermediate dict walk).

    pydantic's parser keeps the last of two equal keys, so the body is first checked for
    duplicate keys and NUL characters (``clinic.strict_json``).
    """
    try:
        check_strict_json(body)
    except JsonInputError as error:
        raise DocumentInvalid([FieldError(error.path, error.message, error.code)]) from None
    try:
        document = ExamDocument.model_validate_json(body)
    except ValidationError as exc:
        errors = _pydantic_errors(exc)
        if any(error.code == "model_type" for error in errors):
            errors = [FieldError("", "the body must be a JSON object", "not_an_object")]
        raise DocumentInvalid(errors) from None
    return _validated(document)


def canonical_json(document: ExamDocument) -> str:
    """A stable text of the document, for comparing two posts of one ``external_id``."""
    return json.dumps(document.to_json_dict(), sort_keys=True, separators=(",", ":"))


def parse_isncsci_json(body: bytes | str) -> IsncsciBlock:
    """Validate a bare ISNCSCI worksheet (the body of ``POST /api/v1/isncsci/classify/``); error
    paths are relative to it (``left.pin_prick.T7``)."""
    try:
        return IsncsciBlock.model_validate_json(body)
    except ValidationError as exc:
        errors = _pydantic_errors(exc)
        if any(error.code == "model_type" and error.field == "" for error in errors):
            errors = [FieldError("", "the body must be a JSON object", "not_an_object")]
        raise DocumentInvalid(errors) from None

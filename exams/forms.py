"""The one-page exam form of the admin: the whole exam laid out as clinicians examine.

The form only turns what the clinician entered into an exam document (spec section 2); the
document then goes through ``exams.documents.parse_exam_document`` and ``exams.services``, the
same validation and the same write path as the REST API. The form never writes a row itself.

An empty cell is "not recorded" and is left out of the document; a history question left on
"not asked" is absent from the document, never ``false``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS

from decisions.engine.vocabulary import (
    MRC_GRADES,
    NOT_TESTED,
    SENSORY_LEVELS,
    UPPER_LIMB_MUSCLES,
    UPPER_LIMB_REFLEXES,
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
from exams.documents import FieldError

SIDES: tuple[Side, ...] = (Side.LEFT, Side.RIGHT)
YES, NO = "yes", "no"
TRI_STATE = [("", "not asked"), (YES, "yes"), (NO, "no")]
# The admin's own idempotency key: a double-clicked "Save" replays instead of storing twice.
ENTRY_ID_SYSTEM = "urn:neuroexam:admin-entry"

MUSCLE_WORDS: dict[Muscle, tuple[str, str]] = {
    Muscle.ILIOPSOAS: ("Iliopsoas", "hip flexion"),
    Muscle.HIP_ADDUCTORS: ("Hip adductors", "hip adduction"),
    Muscle.GLUTEUS_MEDIUS: ("Gluteus medius", "hip abduction"),
    Muscle.GLUTEUS_MAXIMUS: ("Gluteus maximus", "hip extension"),
    Muscle.QUADRICEPS: ("Quadriceps", "knee extension"),
    Muscle.HAMSTRINGS: ("Hamstrings", "knee flexion"),
    Muscle.TIBIALIS_ANTERIOR: ("Tibialis anterior", "ankle dorsiflexion"),
    Muscle.EXTENSOR_HALLUCIS_LONGUS: ("Extensor hallucis longus", "great toe extension"),
    Muscle.FIBULARIS: ("Fibularis", "ankle eversion"),
    Muscle.TIBIALIS_POSTERIOR: ("Tibialis posterior", "ankle inversion"),
    Muscle.GASTROCNEMIUS_SOLEUS: ("Gastrocnemius-soleus", "ankle plantarflexion"),
    Muscle.FLEXOR_HALLUCIS_LONGUS: ("Flexor hallucis longus", "great toe flexion"),
    Muscle.ELBOW_FLEXORS: ("Elbow flexors", "C5"),
    Muscle.WRIST_EXTENSORS: ("Wrist extensors", "C6"),
    Muscle.ELBOW_EXTENSORS: ("Elbow extensors", "C7"),
    Muscle.FINGER_FLEXORS: ("Finger flexors", "C8"),
    Muscle.FINGER_ABDUCTORS: ("Finger abductors", "T1"),
}
REFLEX_WORDS: dict[Reflex, str] = {
    Reflex.PATELLAR: "Patellar (knee jerk)",
    Reflex.MEDIAL_HAMSTRING: "Medial hamstring",
    Reflex.ACHILLES: "Achilles (ankle jerk)",
    Reflex.BICEPS: "Biceps",
    Reflex.BRACHIORADIALIS: "Brachioradialis",
    Reflex.TRICEPS: "Triceps",
}
REFLEX_CHOICES = [("", "—"), ("0", "0 absent"), ("1", "1 reduced"), ("2", "2 normal")]
REFLEX_CHOICES += [("3", "3 brisk"), ("4", "4 clonus"), (NOT_TESTED, "NT")]
REGION_WORDS: dict[SensoryRegion, str] = {
    SensoryRegion.GROIN: "Groin",
    SensoryRegion.ANTERIOR_THIGH: "Anterior thigh",
    SensoryRegion.LATERAL_THIGH: "Lateral thigh",
    SensoryRegion.MEDIAL_THIGH: "Medial thigh",
    SensoryRegion.MEDIAL_KNEE: "Medial knee",
    SensoryRegion.MEDIAL_LEG: "Medial leg",
    SensoryRegion.LATERAL_LEG: "Lateral leg",
    SensoryRegion.DORSUM_FOOT: "Dorsum of foot",
    SensoryRegion.FIRST_WEB_SPACE: "First web space",
    SensoryRegion.LATERAL_FOOT: "Lateral foot",
    SensoryRegion.SOLE: "Sole",
    SensoryRegion.POSTERIOR_THIGH: "Posterior thigh",
    SensoryRegion.PERIANAL: "Perianal (saddle)",
}
TEST_WORDS: dict[SpecialTest, str] = {
    SpecialTest.STRAIGHT_LEG_RAISE: "Straight-leg raise",
    SpecialTest.CROSSED_STRAIGHT_LEG_RAISE: "Crossed straight-leg raise",
    SpecialTest.FEMORAL_NERVE_STRETCH: "Femoral nerve stretch",
    SpecialTest.SLUMP: "Slump",
    SpecialTest.FABER: "FABER",
    SpecialTest.FADIR: "FADIR",
    SpecialTest.LOG_ROLL: "Log roll",
    SpecialTest.THOMAS: "Thomas",
    SpecialTest.RESISTED_HIP_FLEXION_PAIN: "Resisted hip flexion pain",
}
_ACRONYM_TESTS = frozenset({SpecialTest.FABER, SpecialTest.FADIR})

# History questions in the order they are asked, grouped; red flags first.
HISTORY_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Red flags: ask every patient",
        (
            ("bladder_dysfunction", "New bladder dysfunction (retention, incontinence)"),
            ("bowel_dysfunction", "New bowel dysfunction"),
            ("saddle_numbness", "Saddle numbness"),
            ("sexual_dysfunction", "New sexual dysfunction"),
            ("bilateral_leg_symptoms", "Symptoms in both legs"),
            ("fever", "Fever"),
            ("unexplained_weight_loss", "Unexplained weight loss"),
            ("cancer_history", "History of cancer"),
            ("immunosuppression", "Immunosuppression"),
            ("iv_drug_use", "Intravenous drug use"),
            ("night_pain", "Pain at night"),
            ("anticoagulant_use", "Anticoagulants"),
            ("osteoporosis", "Osteoporosis"),
            ("chronic_steroid_use", "Long-term steroids"),
        ),
    ),
    (
        "Stroke signs (BE-FAST)",
        (
            ("balance_loss", "Sudden loss of balance"),
            ("visual_loss", "Sudden visual loss"),
            ("facial_droop", "Facial droop"),
            ("arm_weakness", "Arm weakness"),
            ("speech_difficulty", "Speech difficulty"),
            ("confusion", "Confusion"),
            ("severe_headache", "Severe headache"),
        ),
    ),
    (
        "Pain and other history",
        (
            ("back_pain", "Back pain"),
            ("groin_pain", "Groin pain"),
            ("surgery_candidate", "Would consider surgery or an intervention"),
            ("diabetes", "Diabetes"),
            ("statin_use", "Statins"),
            ("hypothyroidism", "Hypothyroidism"),
        ),
    ),
)
HISTORY_WORDS: dict[str, str] = {key: words for _, items in HISTORY_GROUPS for key, words in items}
HISTORY_WORDS |= {
    "onset": "Onset",
    "symptom_duration_days": "Days since onset",
    "progression": "Progression",
    "conservative_care_weeks": "Weeks of conservative care",
    "trauma": "Trauma",
}
HISTORY_CHOICE_KEYS: dict[str, list[str]] = {
    "onset": [str(v) for v in Onset],
    "progression": [str(v) for v in Progression],
    "trauma": [str(v) for v in Trauma],
}
HISTORY_INTEGER_KEYS = ("symptom_duration_days", "conservative_care_weeks")

LOWER_MUSCLES = [m for m in Muscle if m not in UPPER_LIMB_MUSCLES]
UPPER_MUSCLES = [m for m in Muscle if m in UPPER_LIMB_MUSCLES]
LOWER_REFLEXES = [r for r in Reflex if r not in UPPER_LIMB_REFLEXES]
UPPER_REFLEXES = [r for r in Reflex if r in UPPER_LIMB_REFLEXES]


def _words(value: str) -> str:
    return value.replace("_", " ")


def _one_of(name: str, values: Iterable[str]) -> dict[str, str]:
    return {"invalid_choice": f"{name} must be one of {', '.join(values)}"}


def _choice(label: str, name: str, choices: list[tuple[str, str]], **attrs: str) -> forms.ChoiceField:
    allowed = [value for value, _ in choices if value]
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=False,
        error_messages=_one_of(name, allowed),
        widget=forms.Select(attrs=attrs),
    )


def _side_label(side: Side, name: str) -> str:
    return f"{side.value.capitalize()} {name}"


def motor_name(muscle: str, side: str, part: str = "grade") -> str:
    return f"motor-{muscle}-{side}-{part}"


def reflex_name(reflex: str, side: str) -> str:
    return f"reflex-{reflex}-{side}"


def sensory_name(region: str, side: str) -> str:
    return f"sensory-{region}-{side}"


def special_test_name(test: str, side: str, part: str) -> str:
    return f"test-{test}-{side}-{part}"


def plantar_name(side: str) -> str:
    return f"plantar-{side}"


def history_name(key: str) -> str:
    return f"history-{key}"


@dataclass(frozen=True, slots=True)
class GridCell:
    side: Side
    fields: tuple[forms.BoundField, ...]


@dataclass(frozen=True, slots=True)
class GridRow:
    """One row of a findings grid: the thing examined and its left and right cells."""

    key: str
    label: str
    hint: str
    cells: tuple[GridCell, ...]
    quick_fill: bool


class ExamEntryForm(forms.Form):
    """Every finding of the exam document as a field; ``exam_document`` assembles the document."""

    entry_id = forms.CharField(widget=forms.HiddenInput, required=False)
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    patient_system = forms.CharField(label="Identifier system", max_length=255, initial="urn:neuroexam:mrn")
    patient_value = forms.CharField(label="Patient identifier", max_length=128)
    birth_date = forms.DateField(
        label="Birth date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    age_years = forms.IntegerField(label="Age (years)", required=False, min_value=0, max_value=130)
    sex = forms.ChoiceField(
        label="Sex", required=False, choices=[("", "—"), *((str(s), str(s)) for s in Sex)]
    )
    performed_at = forms.DateTimeField(
        label="Examined at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"),
    )
    sensory_level = forms.ChoiceField(
        label="Sensory level (both sides, at and below)",
        required=False,
        choices=[("", "none"), *((level, level) for level in SENSORY_LEVELS)],
        error_messages=_one_of("sensory level", SENSORY_LEVELS),
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, *args: Any, amending: bool = False, time_zone: str | None = None, **kwargs: Any
    ) -> None:
        """``time_zone`` names the clinic's zone the exam time is read in and shown in.

        The view activates that zone (``timezone.override``) while the form is cleaned and
        rendered, so Django reads the typed local time in it; the document gets UTC.
        """
        super().__init__(*args, **kwargs)
        self.amending = amending
        zone = time_zone or str(settings.CLINIC_DEFAULT_TIME_ZONE)
        self.fields["performed_at"].label = f"Examined at ({zone} time)"
        # field name -> the words a clinician uses for the finding ("Left quadriceps").
        self.finding_words: dict[str, str] = {
            "patient_system": "Patient identifier system",
            "patient_value": "Patient identifier",
            "birth_date": "Birth date",
            "age_years": "Age",
            "sex": "Sex",
            "performed_at": "Examined at",
            "sensory_level": "Sensory level",
            "notes": "Notes",
        }
        self._add_history_fields()
        self._add_motor_fields()
        self._add_reflex_fields()
        self._add_sensory_fields()
        self._add_special_test_fields()
        if not amending:
            # A new exam starts with the patient: typing starts there without a click.
            self.fields["patient_value"].widget.attrs["autofocus"] = True
        if amending:
            # An amendment cannot move the exam to another patient (exams.services).
            self.fields["patient_system"].disabled = True
            self.fields["patient_value"].disabled = True
        if not self.is_bound and not self.initial.get("entry_id"):
            self.initial["entry_id"] = uuid.uuid4().hex

    # ---- fields ----

    def _add(self, name: str, field: forms.Field, words: str) -> None:
        self.fields[name] = field
        self.finding_words[name] = words

    def _add_history_fields(self) -> None:
        for key, choices in HISTORY_CHOICE_KEYS.items():
            options = [("", "not recorded"), *((value, _words(value)) for value in choices)]
            self._add(history_name(key), _choice(HISTORY_WORDS[key], key, options), HISTORY_WORDS[key])
        for key in HISTORY_INTEGER_KEYS:
            number = forms.IntegerField(
                label=HISTORY_WORDS[key], required=False, min_value=0, max_value=36_500
            )
            self._add(history_name(key), number, HISTORY_WORDS[key])
        for key, words in HISTORY_WORDS.items():
            if key in HISTORY_CHOICE_KEYS or key in HISTORY_INTEGER_KEYS:
                continue
            field = forms.ChoiceField(
                label=words,
                choices=TRI_STATE,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "answer must be yes, no or not asked"},
            )
            self._add(history_name(key), field, words)

    def _add_motor_fields(self) -> None:
        grades = [("", "—"), *((grade, grade) for grade in MRC_GRADES)]
        for muscle in Muscle:
            for side in SIDES:
                words = _side_label(side, MUSCLE_WORDS[muscle][0].lower())
                grade = _choice(f"{words} grade", "grade", grades, **{"class": "grade"})
                self._add(motor_name(muscle, side), grade, words)
                pain = forms.BooleanField(label=f"{words} pain-limited", required=False)
                self._add(motor_name(muscle, side, "pain"), pain, words)
                reason = forms.CharField(
                    label=f"{words} reason not testable",
                    required=False,
                    max_length=500,
                    widget=forms.TextInput(attrs={"class": "nt-reason", "placeholder": "why not testable"}),
                )
                self._add(motor_name(muscle, side, "nt_reason"), reason, words)

    def _add_reflex_fields(self) -> None:
        for reflex in Reflex:
            for side in SIDES:
                words = _side_label(side, f"{REFLEX_WORDS[reflex].split(' (')[0].lower()} reflex")
                field = _choice(f"{words} grade", "grade", REFLEX_CHOICES, **{"class": "reflex"})
                self._add(reflex_name(reflex, side), field, words)
        responses = [("", "—"), *((str(r), str(r)) for r in PlantarResponse)]
        for side in SIDES:
            words = _side_label(side, "plantar response")
            field = _choice(words, "response", responses, **{"class": "plantar"})
            self._add(plantar_name(side), field, words)

    def _add_sensory_fields(self) -> None:
        statuses = [("", "—"), *((str(s), str(s)) for s in SensoryStatus)]
        for region in SensoryRegion:
            for side in SIDES:
                words = _side_label(side, f"{REGION_WORDS[region].lower()} sensation")
                field = _choice(words, "sensation", statuses, **{"class": "sensation"})
                self._add(sensory_name(region, side), field, words)

    def _add_special_test_fields(self) -> None:
        results = [("", "—"), *((str(r), str(r)) for r in TestResult)]
        for test in SpecialTest:
            for side in SIDES:
                name = TEST_WORDS[test] if test in _ACRONYM_TESTS else TEST_WORDS[test].lower()
                words = _side_label(side, name)
                result = _choice(f"{words} result", "result", results)
                self._add(special_test_name(test, side, "result"), result, words)
                angle = forms.IntegerField(
                    label=f"{words} angle (degrees)",
                    required=False,
                    min_value=0,
                    max_value=90,
                    error_messages={
                        "min_value": "angle must be between 0 and 90 degrees",
                        "max_value": "angle must be between 0 and 90 degrees",
                        "invalid": "angle must be a whole number of degrees",
                    },
                    widget=forms.NumberInput(attrs={"class": "angle"}),
                )
                self._add(special_test_name(test, side, "angle"), angle, words)
                radicular = _choice(
                    f"{words} reproduces radicular pain",
                    "radicular pain",
                    [("", "not recorded"), (YES, "yes"), (NO, "no")],
                )
                self._add(special_test_name(test, side, "radicular"), radicular, words)

    # ---- layout for the template ----

    def _cells(self, names: Iterable[tuple[Side, Iterable[str]]]) -> tuple[GridCell, ...]:
        return tuple(GridCell(side, tuple(self[name] for name in group)) for side, group in names)

    def motor_rows(self, upper: bool = False) -> list[GridRow]:
        muscles = UPPER_MUSCLES if upper else LOWER_MUSCLES
        return [
            GridRow(
                key=muscle,
                label=MUSCLE_WORDS[muscle][0],
                hint=MUSCLE_WORDS[muscle][1],
                cells=self._cells(
                    (side, [motor_name(muscle, side, part) for part in ("grade", "pain", "nt_reason")])
                    for side in SIDES
                ),
                quick_fill=not upper,
            )
            for muscle in muscles
        ]

    def upper_motor_rows(self) -> list[GridRow]:
        return self.motor_rows(upper=True)

    def reflex_rows(self, upper: bool = False) -> list[GridRow]:
        reflexes = UPPER_REFLEXES if upper else LOWER_REFLEXES
        rows = [
            GridRow(
                key=reflex,
                label=REFLEX_WORDS[reflex],
                hint="",
                cells=self._cells((side, [reflex_name(reflex, side)]) for side in SIDES),
                quick_fill=not upper,
            )
            for reflex in reflexes
        ]
        if not upper:
            cells = self._cells((side, [plantar_name(side)]) for side in SIDES)
            rows.append(GridRow("plantar", "Plantar response", "Babinski", cells, quick_fill=True))
        return rows

    def upper_reflex_rows(self) -> list[GridRow]:
        return self.reflex_rows(upper=True)

    def sensory_rows(self) -> list[GridRow]:
        return [
            GridRow(
                key=region,
                label=REGION_WORDS[region],
                hint="",
                cells=self._cells((side, [sensory_name(region, side)]) for side in SIDES),
                quick_fill=True,
            )
            for region in SensoryRegion
        ]

    def special_test_rows(self) -> list[GridRow]:
        return [
            GridRow(
                key=test,
                label=TEST_WORDS[test],
                hint="",
                cells=self._cells(
                    (side, [special_test_name(test, side, part) for part in ("result", "angle", "radicular")])
                    for side in SIDES
                ),
                quick_fill=False,
            )
            for test in SpecialTest
        ]

    @staticmethod
    def special_test_parts() -> tuple[str, ...]:
        """The visible column labels of each side of the special tests grid."""
        return ("Result", "Angle (°)", "Radicular pain")

    def history_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[history_name(key)] for key, _ in items]) for title, items in HISTORY_GROUPS]

    def patient_fields(self) -> list[forms.BoundField]:
        names = ("patient_system", "patient_value", "birth_date", "age_years", "sex", "performed_at")
        return [self[name] for name in names]

    def upper_has_values(self) -> bool:
        """Open the upper-limb section when it holds findings, so nothing recorded is hidden."""
        names = [motor_name(m, s) for m in UPPER_MUSCLES for s in SIDES]
        names += [reflex_name(r, s) for r in UPPER_REFLEXES for s in SIDES]
        return any(self[name].value() for name in names)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def history_course_fields(self) -> list[forms.BoundField]:
        keys = ("onset", "symptom_duration_days", "progression", "conservative_care_weeks", "trauma")
        return [self[history_name(key)] for key in keys]

    def error_summary(self) -> list[str]:
        """Every error in the clinician's words: "Left quadriceps: grade must be one of ..."."""
        lines = []
        for name, errors in self.errors.items():
            for message in errors:
                if name == NON_FIELD_ERRORS:
                    lines.append(str(message))
                else:
                    lines.append(f"{self.finding_words.get(name, name)}: {message}")
        return lines

    # ---- the document ----

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for muscle in Muscle:
            for side in SIDES:
                grade = cleaned.get(motor_name(muscle, side))
                if cleaned.get(motor_name(muscle, side, "nt_reason")) and grade != NOT_TESTED:
                    self.add_error(
                        motor_name(muscle, side, "nt_reason"),
                        "a reason is only recorded when the grade is NT (not testable)",
                    )
                if cleaned.get(motor_name(muscle, side, "pain")) and not grade:
                    self.add_error(
                        motor_name(muscle, side, "pain"), "pain-limited needs a grade in the same cell"
                    )
        for test in SpecialTest:
            for side in SIDES:
                has_detail = cleaned.get(special_test_name(test, side, "angle")) is not None or cleaned.get(
                    special_test_name(test, side, "radicular")
                )
                if has_detail and not cleaned.get(special_test_name(test, side, "result")):
                    self.add_error(
                        special_test_name(test, side, "result"),
                        "result is needed when an angle or radicular pain is given",
                    )
        return cleaned

    def exam_document(self, *, patient_identifier: tuple[str, str] | None = None) -> dict[str, Any]:
        """The exam document of what was entered; ``self.paths`` maps its paths back to fields."""
        data = self.cleaned_data
        self.paths: dict[str, str] = {}
        system, value = patient_identifier or (data["patient_system"], data["patient_value"])
        patient: dict[str, Any] = {"identifier": {"system": system, "value": value}}
        for key in ("birth_date", "age_years", "sex"):
            if data.get(key) not in (None, ""):
                patient[key] = data[key].isoformat() if key == "birth_date" else data[key]
                self.paths[f"patient.{key}"] = key
        performed_at: datetime = data["performed_at"]
        in_utc = performed_at.astimezone(UTC).isoformat().replace("+00:00", "Z")  # stored in UTC
        document: dict[str, Any] = {"patient": patient, "performed_at": in_utc}
        self.paths.update({"patient.identifier": "patient_value", "performed_at": "performed_at"})
        if not self.amending and data.get("entry_id"):
            document["external_id"] = {"system": ENTRY_ID_SYSTEM, "value": data["entry_id"]}
        document["history"] = self._history(data)
        document["motor"] = list(self._motor(data))
        document["reflexes"] = list(self._reflexes(data))
        document["plantar_responses"] = list(self._plantar(data))
        document["sensory"] = list(self._sensory(data))
        document["special_tests"] = list(self._special_tests(data))
        if data.get("sensory_level"):
            document["sensory_level"] = data["sensory_level"]
        if data.get("notes"):
            document["notes"] = data["notes"]
        return document

    def _history(self, data: dict[str, Any]) -> dict[str, Any]:
        history: dict[str, Any] = {}
        for key in HISTORY_WORDS:
            answer = data.get(history_name(key))
            if answer in (None, ""):
                continue  # not asked: absent, never false
            if key in HISTORY_CHOICE_KEYS or key in HISTORY_INTEGER_KEYS:
                history[key] = answer
            else:
                history[key] = answer == YES
            self.paths[f"history.{key}"] = history_name(key)
        return history

    def _item(self, list_name: str, index: int, field: str) -> None:
        self.paths[f"{list_name}[{index}]"] = field

    def _motor(self, data: dict[str, Any]) -> Iterator[dict[str, Any]]:
        index = 0
        for muscle in Muscle:
            for side in SIDES:
                grade = data.get(motor_name(muscle, side))
                if not grade:
                    continue
                item: dict[str, Any] = {"muscle": str(muscle), "side": str(side), "grade": grade}
                if data.get(motor_name(muscle, side, "pain")):
                    item["pain_limited"] = True
                if data.get(motor_name(muscle, side, "nt_reason")):
                    item["nt_reason"] = data[motor_name(muscle, side, "nt_reason")]
                self._item("motor", index, motor_name(muscle, side))
                index += 1
                yield item

    def _reflexes(self, data: dict[str, Any]) -> Iterator[dict[str, Any]]:
        index = 0
        for reflex in Reflex:
            for side in SIDES:
                grade = data.get(reflex_name(reflex, side))
                if not grade:
                    continue
                value: int | str = grade if grade == NOT_TESTED else int(grade)
                self._item("reflexes", index, reflex_name(reflex, side))
                index += 1
                yield {"reflex": str(reflex), "side": str(side), "grade": value}

    def _plantar(self, data: dict[str, Any]) -> Iterator[dict[str, Any]]:
        index = 0
        for side in SIDES:
            response = data.get(plantar_name(side))
            if response:
                self._item("plantar_responses", index, plantar_name(side))
                index += 1
                yield {"side": str(side), "response": response}

    def _sensory(self, data: dict[str, Any]) -> Iterator[dict[str, Any]]:
        index = 0
        for region in SensoryRegion:
            for side in SIDES:
                status = data.get(sensory_name(region, side))
                if status:
                    self._item("sensory", index, sensory_name(region, side))
                    index += 1
                    yield {"region": str(region), "side": str(side), "status": status}

    def _special_tests(self, data: dict[str, Any]) -> Iterator[dict[str, Any]]:
        index = 0
        for test in SpecialTest:
            for side in SIDES:
                result = data.get(special_test_name(test, side, "result"))
                if not result:
                    continue
                item: dict[str, Any] = {"test": str(test), "side": str(side), "result": result}
                angle = data.get(special_test_name(test, side, "angle"))
                if angle is not None:
                    item["angle_degrees"] = angle
                radicular = data.get(special_test_name(test, side, "radicular"))
                if radicular:
                    item["reproduces_radicular_pain"] = radicular == YES
                self._item("special_tests", index, special_test_name(test, side, "result"))
                index += 1
                yield item

    def add_document_errors(self, errors: Iterable[FieldError]) -> None:
        """Attach the validator's errors (spec paths) to the fields they name, in clinical words."""
        for error in errors:
            field = self._field_for_path(error.field)
            message = error.message.replace("the exam's performed_at", "the exam date")
            if error.code == "no_findings":
                message = "record at least one finding: a motor grade, reflex, plantar response, "
                message += "sensation or special test"
            if field is None or field not in self.fields:
                self.add_error(None, message)
            else:
                leaf = _leaf(error.field)
                if message.startswith(leaf):
                    leaf = ""  # the message already names it
                self.add_error(field, f"{leaf} {message}".strip())

    def _field_for_path(self, path: str) -> str | None:
        probe = path
        while probe:
            if probe in self.paths:
                return self.paths[probe]
            probe = probe.rpartition(".")[0]
        return None

    # ---- initial values from a stored document ----

    @classmethod
    def initial_from_document(cls, document: dict[str, Any], *, loaded_version: int) -> dict[str, Any]:
        """Form values that show a stored exam document exactly (for reading and amending)."""
        patient = document["patient"]
        initial: dict[str, Any] = {
            "loaded_version": loaded_version,
            "patient_system": patient["identifier"]["system"],
            "patient_value": patient["identifier"]["value"],
            "birth_date": patient.get("birth_date"),
            "age_years": patient.get("age_years"),
            "sex": patient.get("sex", ""),
            "performed_at": datetime.fromisoformat(document["performed_at"].replace("Z", "+00:00")),
            "sensory_level": document.get("sensory_level") or "",
            "notes": document.get("notes", ""),
        }
        for key, value in document.get("history", {}).items():
            if isinstance(value, bool):
                initial[history_name(key)] = YES if value else NO
            else:
                initial[history_name(key)] = value
        for m in document.get("motor", []):
            initial[motor_name(m["muscle"], m["side"])] = m["grade"]
            initial[motor_name(m["muscle"], m["side"], "pain")] = bool(m.get("pain_limited"))
            initial[motor_name(m["muscle"], m["side"], "nt_reason")] = m.get("nt_reason", "")
        for r in document.get("reflexes", []):
            initial[reflex_name(r["reflex"], r["side"])] = str(r["grade"])
        for p in document.get("plantar_responses", []):
            initial[plantar_name(p["side"])] = p["response"]
        for s in document.get("sensory", []):
            initial[sensory_name(s["region"], s["side"])] = s["status"]
        for t in document.get("special_tests", []):
            initial[special_test_name(t["test"], t["side"], "result")] = t["result"]
            initial[special_test_name(t["test"], t["side"], "angle")] = t.get("angle_degrees")
            radicular = t.get("reproduces_radicular_pain")
            initial[special_test_name(t["test"], t["side"], "radicular")] = (
                "" if radicular is None else (YES if radicular else NO)
            )
        return initial


def _leaf(path: str) -> str:
    """``motor[3].grade`` -> ``grade``; a whole item (``motor[3]``) -> ``""``."""
    tail = path.rpartition(".")[2]
    return "" if "[" in tail else tail.replace("_", " ")

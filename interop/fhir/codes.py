"""The one table that maps FHIR codes to the spec vocabulary, both ways.

Real codes are used only where the reference verified them (``shared/reference`` section 2.2 and
2.3): LOINC 32392-3 for the patellar reflex, LOINC 8705-6 for the nervous-system exam panel, the
LOINC radiology playbook codes for the imaging orders, and the SNOMED CT laterality qualifiers.
Everything else lives in our own code system (``NEUROEXAM_SYSTEM``), published as a FHIR
``CodeSystem`` at ``/fhir/r4/CodeSystem/neuroexam``: a code copied from an unverified web page
would be worse than an honest local one (the reference documents a public project that mislabels
a LOINC code).

``aliases`` are codes we *recognise* in orders drafted by an EHR (CPT for lumbar MRI and EMG/NCS,
sibling LOINC codes) but never emit. Tests check the table is complete in both directions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from decisions.engine.isncsci.segments import KEY_MUSCLE_NAMES, KEY_MUSCLES, SENSORY_POINTS
from decisions.engine.vocabulary import (
    MRC_GRADE_VALUES,
    SENSORY_LEVELS,
    SITES,
    LesionSide,
    Muscle,
    Onset,
    Pattern,
    PlantarResponse,
    Progression,
    RedFlagCode,
    Reflex,
    SensoryRegion,
    SensoryStatus,
    Side,
    SpecialTest,
    Study,
    TestResult,
    Trauma,
    Urgency,
)
from exams.documents import HistoryBlock

NEUROEXAM_SYSTEM = "https://fhir.neuroexam.example/CodeSystem/neuroexam"
NEUROEXAM_CODESYSTEM_VERSION = "1.0.0"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
CPT = "http://www.ama-assn.org/go/cpt"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
UCUM = "http://unitsofmeasure.org"
STRUCTURE_LATERALITY = "http://hl7.org/fhir/StructureDefinition/observation-structureLaterality"
# Extensions of our own on ClinicalImpression (decision urgency and pattern) and on ServiceRequest.
EXTENSION_BASE = "https://fhir.neuroexam.example/StructureDefinition"
URGENCY_EXTENSION = f"{EXTENSION_BASE}/decision-urgency"
PATTERN_EXTENSION = f"{EXTENSION_BASE}/decision-pattern"
SOURCES_EXTENSION = f"{EXTENSION_BASE}/guideline-source"


class Kind:
    """What a term stands for; each kind is one spec vocabulary (or one interop-only list)."""

    EXAM_PANEL = "exam_panel"
    AGE = "age"
    HISTORY = "history"
    MUSCLE = "muscle"
    REFLEX = "reflex"
    PLANTAR = "plantar"
    SENSORY_REGION = "sensory_region"
    SPECIAL_TEST = "special_test"
    SENSORY_LEVEL_FINDING = "sensory_level_finding"
    # component codes on findings
    PAIN_LIMITED = "pain_limited"
    ANGLE = "angle_degrees"
    RADICULAR_PAIN = "reproduces_radicular_pain"
    # coded values
    SIDE = "side"
    MRC_GRADE = "mrc_grade"
    REFLEX_GRADE = "reflex_grade"
    PLANTAR_RESPONSE = "plantar_response"
    SENSORY_STATUS = "sensory_status"
    TEST_RESULT = "test_result"
    ONSET = "onset"
    PROGRESSION = "progression"
    TRAUMA = "trauma"
    DERMATOME = "dermatome"
    # decision document
    SITE = "site"
    RED_FLAG = "red_flag"
    STUDY = "study"
    URGENCY = "urgency"
    PATTERN = "pattern"
    # CDS Hooks
    OVERRIDE_REASON = "override_reason"
    # ISNCSCI worksheet (spec section 4) and its classification (section 5)
    ISNCSCI_PANEL = "isncsci_panel"
    ISNCSCI_SCORES = "isncsci_scores"
    ISNCSCI_KEY_MUSCLE = "isncsci_key_muscle"
    ISNCSCI_SENSORY_POINT = "isncsci_sensory_point"
    ISNCSCI_ITEM = "isncsci_item"
    ISNCSCI_RESULT = "isncsci_result"


@dataclass(frozen=True, slots=True)
class Term:
    kind: str
    value: str  # the spec vocabulary value (or key) this code stands for
    system: str
    code: str
    display: str
    aliases: tuple[tuple[str, str], ...] = field(default=())

    def coding(self) -> dict[str, str]:
        return {"system": self.system, "code": self.code, "display": self.display}

    def concept(self, text: str | None = None) -> dict[str, Any]:
        return {"coding": [self.coding()], "text": text or self.display}


# Reflex grades (NINDS scale) and the ordinal strings clinicians and EHRs write for them: the one
# mapping table, read both ways (docs/integration.md). The grade is the spec value.
REFLEX_ORDINALS: dict[int, str] = {0: "0", 1: "1+", 2: "2+", 3: "3+", 4: "4+"}
REFLEX_GRADE_FOR_ORDINAL: dict[str, int] = {ordinal: grade for grade, ordinal in REFLEX_ORDINALS.items()}
_REFLEX_MEANINGS: dict[int, str] = {0: "absent", 1: "reduced", 2: "normal", 3: "brisk", 4: "clonus"}
# MRC grades sent as a number: valueQuantity in this UCUM unit (whole grades 0-5 only).
MRC_SCORE_UNIT = "{score}"

# Override reasons offered on every card (CDS Hooks `overrideReasons`); interop-only vocabulary.
OVERRIDE_REASONS: dict[str, str] = {
    "clinical-judgement": "Clinical judgement: the findings do not capture the whole picture",
    "exam-outdated": "The recorded exam is out of date",
    "already-done": "The study was already done or is already booked elsewhere",
    "patient-preference": "Patient preference after discussion",
}

_MOVEMENTS: dict[Muscle, str] = {
    Muscle.ILIOPSOAS: "hip flexion",
    Muscle.HIP_ADDUCTORS: "hip adduction",
    Muscle.GLUTEUS_MEDIUS: "hip abduction",
    Muscle.GLUTEUS_MAXIMUS: "hip extension",
    Muscle.QUADRICEPS: "knee extension",
    Muscle.HAMSTRINGS: "knee flexion",
    Muscle.TIBIALIS_ANTERIOR: "ankle dorsiflexion",
    Muscle.EXTENSOR_HALLUCIS_LONGUS: "great toe extension",
    Muscle.FIBULARIS: "ankle eversion",
    Muscle.TIBIALIS_POSTERIOR: "ankle inversion",
    Muscle.GASTROCNEMIUS_SOLEUS: "ankle plantarflexion",
    Muscle.FLEXOR_HALLUCIS_LONGUS: "great toe flexion",
    Muscle.ELBOW_FLEXORS: "elbow flexion",
    Muscle.WRIST_EXTENSORS: "wrist extension",
    Muscle.ELBOW_EXTENSORS: "elbow extension",
    Muscle.FINGER_FLEXORS: "finger flexion",
    Muscle.FINGER_ABDUCTORS: "finger abduction",
}

# LOINC radiology playbook codes (reference 2.3); aliases are recognised in drafted orders only.
_STUDY_LOINC: dict[Study, tuple[str, str, tuple[tuple[str, str], ...]]] = {
    Study.MRI_LUMBAR_SPINE: ("24968-0", "MR Lumbar spine", ((LOINC, "30679-5"), (CPT, "72148"))),
    # Our study is "without and with" contrast (ACR variant 7); 30678-7 is "W contrast IV" only, a
    # different protocol, so it is not read as this study.
    Study.MRI_LUMBAR_SPINE_WITH_CONTRAST: ("24967-2", "MR Lumbar spine WO and W contrast IV", ()),
    Study.MRI_THORACIC_SPINE: ("24980-5", "MR Thoracic spine", ()),
    Study.MRI_BRAIN: ("24590-2", "MR Brain", ()),
    Study.CT_HEAD: ("24725-4", "CT Head", ()),
    Study.CT_LUMBAR_SPINE: ("24963-1", "CT Lumbar spine", ()),
    Study.XRAY_LUMBAR_SPINE: ("24972-2", "XR Lumbar spine Views", ((LOINC, "24970-6"), (LOINC, "24971-4"))),
    Study.XRAY_HIP_PELVIS: ("24762-7", "XR Hip Views", ((LOINC, "24761-9"),)),
}
_STUDY_DISPLAY: dict[Study, str] = {
    Study.MRI_CERVICAL_SPINE: "MR Cervical spine",
    Study.MRI_WHOLE_SPINE: "MR Whole spine",
    Study.MRI_HIP: "MR Hip",
    Study.MRI_PELVIS: "MR Pelvis",
    Study.CT_ABDOMEN_PELVIS: "CT Abdomen and Pelvis",
    Study.BLOOD_TESTS: "Blood tests",
}
# Nerve conduction (95907-95913) and needle EMG (95885, 95886): CPT, recognised, never emitted.
_EMG_CPT = tuple((CPT, code) for code in (*(str(n) for n in range(95907, 95914)), "95885", "95886"))


def _local(kind: str, value: str, prefix: str, display: str, **extra: Any) -> Term:
    return Term(kind, value, NEUROEXAM_SYSTEM, f"{prefix}.{value}", display, **extra)


def _humane(value: str) -> str:
    return value.replace("_", " ")


def _build() -> tuple[Term, ...]:
    terms: list[Term] = [
        Term(Kind.EXAM_PANEL, "exam", LOINC, "8705-6", "Physical findings of Nervous system"),
        Term(Kind.AGE, "age_years", NEUROEXAM_SYSTEM, "age-at-exam", "Age in years on the day of the exam"),
        Term(Kind.SENSORY_LEVEL_FINDING, "sensory_level", NEUROEXAM_SYSTEM, "sensory-level", "Sensory level"),
        Term(Kind.PAIN_LIMITED, "pain_limited", NEUROEXAM_SYSTEM, "pain-limited", "Effort limited by pain"),
        Term(
            Kind.ANGLE,
            "angle_degrees",
            NEUROEXAM_SYSTEM,
            "angle-degrees",
            "Angle at which the test was positive",
        ),
        Term(
            Kind.RADICULAR_PAIN,
            "reproduces_radicular_pain",
            NEUROEXAM_SYSTEM,
            "reproduces-radicular-pain",
            "Reproduces radicular pain",
        ),
        Term(Kind.PLANTAR, "plantar", NEUROEXAM_SYSTEM, "plantar-response", "Plantar response"),
        # SNOMED CT laterality qualifiers, listed in the reference (2.1).
        Term(Kind.SIDE, Side.LEFT, SNOMED, "7771000", "Left"),
        Term(Kind.SIDE, Side.RIGHT, SNOMED, "24028007", "Right"),
    ]
    terms += [
        _local(Kind.HISTORY, key, "history", _humane(key).capitalize()) for key in HistoryBlock.model_fields
    ]
    terms += [
        _local(Kind.MUSCLE, m.value, "motor", f"MRC grade of {_MOVEMENTS[m]} ({_humane(m.value)})")
        for m in Muscle
    ]
    for reflex in Reflex:
        if reflex is Reflex.PATELLAR:
            terms.append(Term(Kind.REFLEX, reflex.value, LOINC, "32392-3", "Deep tendon reflex of Patella"))
        else:
            terms.append(
                _local(Kind.REFLEX, reflex.value, "reflex", f"{_humane(reflex.value).capitalize()} reflex")
            )
    terms += [
        _local(Kind.SENSORY_REGION, r.value, "sensation", f"Sensation of the {_humane(r.value)}")
        for r in SensoryRegion
    ]
    terms += [_local(Kind.SPECIAL_TEST, t.value, "test", _humane(t.value).capitalize()) for t in SpecialTest]
    terms += [_local(Kind.MRC_GRADE, g, "mrc", f"MRC grade {g}") for g in MRC_GRADE_VALUES]
    terms += [
        _local(Kind.REFLEX_GRADE, str(g), "reflex-grade", f"Reflex {o} ({_REFLEX_MEANINGS[g]})")
        for g, o in REFLEX_ORDINALS.items()
    ]
    terms += [
        _local(Kind.PLANTAR_RESPONSE, p.value, "plantar", p.value.capitalize())
        for p in PlantarResponse
        if p is not PlantarResponse.NOT_TESTED
    ]
    terms += [
        _local(Kind.SENSORY_STATUS, s.value, "sensory-status", s.value.capitalize())
        for s in SensoryStatus
        if s is not SensoryStatus.NOT_TESTED
    ]
    terms += [
        _local(Kind.TEST_RESULT, r.value, "result", r.value.capitalize())
        for r in TestResult
        if r is not TestResult.NOT_TESTED
    ]
    terms += [_local(Kind.ONSET, o.value, "onset", o.value.capitalize()) for o in Onset]
    terms += [
        _local(Kind.PROGRESSION, p.value, "progression", _humane(p.value).capitalize()) for p in Progression
    ]
    terms += [_local(Kind.TRAUMA, t.value, "trauma", t.value.capitalize()) for t in Trauma]
    terms += [_local(Kind.DERMATOME, d, "dermatome", f"Dermatome {d}") for d in SENSORY_LEVELS]
    terms += [_local(Kind.SITE, s, "site", _humane(s).replace(":", " ")) for s in SITES]
    terms += [_local(Kind.RED_FLAG, f.value, "red-flag", _humane(f.value).capitalize()) for f in RedFlagCode]
    for study in Study:
        if study in _STUDY_LOINC:
            code, display, aliases = _STUDY_LOINC[study]
            terms.append(Term(Kind.STUDY, study.value, LOINC, code, display, aliases))
        elif study is Study.EMG_NCS:
            terms.append(
                _local(Kind.STUDY, study.value, "study", "EMG and nerve conduction studies", aliases=_EMG_CPT)
            )
        else:
            terms.append(
                _local(Kind.STUDY, study.value, "study", _STUDY_DISPLAY.get(study, _humane(study.value)))
            )
    terms += [_local(Kind.URGENCY, u.value, "urgency", u.value.capitalize()) for u in Urgency]
    terms += [_local(Kind.PATTERN, p.value, "pattern", _humane(p.value).capitalize()) for p in Pattern]
    terms += [_local(Kind.OVERRIDE_REASON, key, "override", text) for key, text in OVERRIDE_REASONS.items()]
    terms += _isncsci_terms()
    return tuple(terms)


# No LOINC panel for the ISNCSCI worksheet was found (reference section 2.2 lists none; a search of
# LOINC mirrors found only the AIS item): the worksheet is coded in our own system. LOINC 97843-7
# "ASIA impairment scale" (Nom, ^Patient, ACTIVE; the same mirror that verified 32392-3) is used for
# the AIS result.
ISNCSCI_SCORE_LISTS: dict[str, str] = {
    "motor": "ISNCSCI motor scores of the key muscles",
    "light_touch": "ISNCSCI light touch scores of the key sensory points",
    "pin_prick": "ISNCSCI pin prick scores of the key sensory points",
}
ISNCSCI_ITEMS: dict[str, str] = {
    "voluntary_anal_contraction": "Voluntary anal contraction",
    "deep_anal_pressure": "Deep anal pressure",
    "lowest_non_key_muscle": "Lowest non-key muscle with motor function",
}
ISNCSCI_RESULTS: dict[str, str] = {
    "sensory_level": "ISNCSCI sensory level",
    "motor_level": "ISNCSCI motor level",
    "neurological_level_of_injury": "ISNCSCI neurological level of injury",
    "injury_complete": "ISNCSCI complete or incomplete injury",
    "zone_of_partial_preservation": "ISNCSCI zone of partial preservation",
    "totals": "ISNCSCI totals",
}


def _isncsci_terms() -> list[Term]:
    terms = [
        Term(
            Kind.ISNCSCI_PANEL,
            "isncsci",
            NEUROEXAM_SYSTEM,
            "isncsci-worksheet",
            "ISNCSCI worksheet (International Standards for Neurological Classification of SCI, 2019)",
        ),
        Term(Kind.ISNCSCI_RESULT, "asia_impairment_scale", LOINC, "97843-7", "ASIA impairment scale"),
    ]
    terms += [_local(Kind.ISNCSCI_SCORES, key, "isncsci", text) for key, text in ISNCSCI_SCORE_LISTS.items()]
    terms += [
        _local(Kind.ISNCSCI_KEY_MUSCLE, m, "isncsci-key-muscle", f"{m} key muscle ({KEY_MUSCLE_NAMES[m]})")
        for m in KEY_MUSCLES
    ]
    terms += [
        _local(
            Kind.ISNCSCI_SENSORY_POINT, p, "isncsci-sensory-point", f"{p.replace('_', '-')} key sensory point"
        )
        for p in SENSORY_POINTS
    ]
    terms += [_local(Kind.ISNCSCI_ITEM, key, "isncsci", text) for key, text in ISNCSCI_ITEMS.items()]
    terms += [
        _local(Kind.ISNCSCI_RESULT, key, "isncsci-result", text) for key, text in ISNCSCI_RESULTS.items()
    ]
    return terms


TERMS: tuple[Term, ...] = _build()

_BY_VALUE: dict[tuple[str, str], Term] = {(t.kind, t.value): t for t in TERMS}
_BY_CODE: dict[tuple[str, str], Term] = {}
for _term in TERMS:
    for _key in ((_term.system, _term.code), *_term.aliases):
        _BY_CODE[_key] = _term

# Every kind the table covers, with the vocabulary it must cover (checked by the tests).
VOCABULARIES: dict[str, tuple[str, ...]] = {
    Kind.HISTORY: tuple(HistoryBlock.model_fields),
    Kind.MUSCLE: tuple(m.value for m in Muscle),
    Kind.REFLEX: tuple(r.value for r in Reflex),
    Kind.SENSORY_REGION: tuple(r.value for r in SensoryRegion),
    Kind.SPECIAL_TEST: tuple(t.value for t in SpecialTest),
    Kind.SIDE: tuple(s.value for s in Side),
    Kind.MRC_GRADE: tuple(MRC_GRADE_VALUES),
    Kind.REFLEX_GRADE: tuple(str(grade) for grade in REFLEX_ORDINALS),
    Kind.PLANTAR_RESPONSE: tuple(p.value for p in PlantarResponse if p is not PlantarResponse.NOT_TESTED),
    Kind.SENSORY_STATUS: tuple(s.value for s in SensoryStatus if s is not SensoryStatus.NOT_TESTED),
    Kind.TEST_RESULT: tuple(r.value for r in TestResult if r is not TestResult.NOT_TESTED),
    Kind.ONSET: tuple(o.value for o in Onset),
    Kind.PROGRESSION: tuple(p.value for p in Progression),
    Kind.TRAUMA: tuple(t.value for t in Trauma),
    Kind.DERMATOME: SENSORY_LEVELS,
    Kind.SITE: SITES,
    Kind.RED_FLAG: tuple(f.value for f in RedFlagCode),
    Kind.STUDY: tuple(s.value for s in Study),
    Kind.URGENCY: tuple(u.value for u in Urgency),
    Kind.PATTERN: tuple(p.value for p in Pattern),
    Kind.OVERRIDE_REASON: tuple(OVERRIDE_REASONS),
    Kind.EXAM_PANEL: ("exam",),
    Kind.AGE: ("age_years",),
    Kind.SENSORY_LEVEL_FINDING: ("sensory_level",),
    Kind.PLANTAR: ("plantar",),
    Kind.PAIN_LIMITED: ("pain_limited",),
    Kind.ANGLE: ("angle_degrees",),
    Kind.RADICULAR_PAIN: ("reproduces_radicular_pain",),
    Kind.ISNCSCI_PANEL: ("isncsci",),
    Kind.ISNCSCI_SCORES: tuple(ISNCSCI_SCORE_LISTS),
    Kind.ISNCSCI_KEY_MUSCLE: KEY_MUSCLES,
    Kind.ISNCSCI_SENSORY_POINT: SENSORY_POINTS,
    Kind.ISNCSCI_ITEM: tuple(ISNCSCI_ITEMS),
    Kind.ISNCSCI_RESULT: ("asia_impairment_scale", *ISNCSCI_RESULTS),
}

# The lesion side vocabulary has `bilateral`, which has no finding laterality: it is rendered as text.
LESION_SIDES: tuple[str, ...] = tuple(s.value for s in LesionSide)


def term(kind: str, value: str) -> Term:
    """The term for a spec value; a KeyError here is a bug (the table is tested complete)."""
    return _BY_VALUE[(kind, str(value))]


def term_for_code(system: str | None, code: str | None) -> Term | None:
    if system is None or code is None:
        return None
    return _BY_CODE.get((system, code))


def term_for_codings(codings: Iterable[dict[str, Any]], kinds: Iterable[str] | None = None) -> Term | None:
    """The first coding we know (of one of ``kinds``, when given) in a CodeableConcept's codings."""
    wanted = set(kinds) if kinds is not None else None
    for coding in codings:
        found = term_for_code(coding.get("system"), coding.get("code"))
        if found is not None and (wanted is None or found.kind in wanted):
            return found
    return None


def local_terms() -> Iterator[Term]:
    """The terms of our own code system, in table order (what the CodeSystem resource publishes)."""
    return (t for t in TERMS if t.system == NEUROEXAM_SYSTEM)

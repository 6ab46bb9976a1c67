"""The closed vocabularies of the exam and decision documents (spec sections 2 and 3).

One place for every allowed value: the API validation, the database check constraints, the
admin pickers and the engine's tables all read them from here, so a value cannot be valid in
one layer and unknown in another.
"""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class Onset(StrEnum):
    SUDDEN = "sudden"
    ACUTE = "acute"
    GRADUAL = "gradual"


class Progression(StrEnum):
    IMPROVING = "improving"
    STABLE = "stable"
    WORSENING = "worsening"
    RAPIDLY_WORSENING = "rapidly_worsening"


class Trauma(StrEnum):
    NONE = "none"
    MINOR = "minor"
    MAJOR = "major"


# History keys that take true/false; absent means "not asked", never false.
HISTORY_BOOLEAN_KEYS: tuple[str, ...] = (
    "surgery_candidate",
    "bladder_dysfunction",
    "bowel_dysfunction",
    "sexual_dysfunction",
    "saddle_numbness",
    "bilateral_leg_symptoms",
    "back_pain",
    "groin_pain",
    "night_pain",
    "fever",
    "unexplained_weight_loss",
    "cancer_history",
    "immunosuppression",
    "iv_drug_use",
    "osteoporosis",
    "chronic_steroid_use",
    "anticoagulant_use",
    "diabetes",
    "statin_use",
    "hypothyroidism",
    "facial_droop",
    "speech_difficulty",
    "confusion",
    "severe_headache",
    "arm_weakness",
    "visual_loss",
    "balance_loss",
)


class Muscle(StrEnum):
    ILIOPSOAS = "iliopsoas"
    HIP_ADDUCTORS = "hip_adductors"
    GLUTEUS_MEDIUS = "gluteus_medius"
    GLUTEUS_MAXIMUS = "gluteus_maximus"
    QUADRICEPS = "quadriceps"
    HAMSTRINGS = "hamstrings"
    TIBIALIS_ANTERIOR = "tibialis_anterior"
    EXTENSOR_HALLUCIS_LONGUS = "extensor_hallucis_longus"
    FIBULARIS = "fibularis"
    TIBIALIS_POSTERIOR = "tibialis_posterior"
    GASTROCNEMIUS_SOLEUS = "gastrocnemius_soleus"
    FLEXOR_HALLUCIS_LONGUS = "flexor_hallucis_longus"
    ELBOW_FLEXORS = "elbow_flexors"
    WRIST_EXTENSORS = "wrist_extensors"
    ELBOW_EXTENSORS = "elbow_extensors"
    FINGER_FLEXORS = "finger_flexors"
    FINGER_ABDUCTORS = "finger_abductors"


UPPER_LIMB_MUSCLES: frozenset[Muscle] = frozenset(
    {
        Muscle.ELBOW_FLEXORS,
        Muscle.WRIST_EXTENSORS,
        Muscle.ELBOW_EXTENSORS,
        Muscle.FINGER_FLEXORS,
        Muscle.FINGER_ABDUCTORS,
    }
)

# MRC grades with their ordinal value (clinical-knowledge.md section 2.3, a [design] mapping).
# "NT" (not testable) is a valid grade with no value: it is unknown, never normal.
NOT_TESTED = "NT"
MRC_GRADE_VALUES: dict[str, float] = {
    "0": 0.0,
    "1": 1.0,
    "1+": 1.33,
    "2-": 1.67,
    "2": 2.0,
    "2+": 2.33,
    "3-": 2.67,
    "3": 3.0,
    "3+": 3.33,
    "4-": 3.67,
    "4": 4.0,
    "4+": 4.33,
    "5-": 4.67,
    "5": 5.0,
}
MRC_GRADES: tuple[str, ...] = (*MRC_GRADE_VALUES, NOT_TESTED)


class Reflex(StrEnum):
    PATELLAR = "patellar"
    MEDIAL_HAMSTRING = "medial_hamstring"
    ACHILLES = "achilles"
    BICEPS = "biceps"
    BRACHIORADIALIS = "brachioradialis"
    TRICEPS = "triceps"


UPPER_LIMB_REFLEXES: frozenset[Reflex] = frozenset({Reflex.BICEPS, Reflex.BRACHIORADIALIS, Reflex.TRICEPS})

# NINDS myotatic reflex scale: 0 absent, 1 reduced, 2 normal, 3 brisk, 4 clonus; or "NT".
REFLEX_GRADES: tuple[int, ...] = (0, 1, 2, 3, 4)


class PlantarResponse(StrEnum):
    FLEXOR = "flexor"
    EXTENSOR = "extensor"
    EQUIVOCAL = "equivocal"
    NOT_TESTED = "NT"


class SensoryRegion(StrEnum):
    GROIN = "groin"
    ANTERIOR_THIGH = "anterior_thigh"
    LATERAL_THIGH = "lateral_thigh"
    MEDIAL_THIGH = "medial_thigh"
    MEDIAL_KNEE = "medial_knee"
    MEDIAL_LEG = "medial_leg"
    LATERAL_LEG = "lateral_leg"
    DORSUM_FOOT = "dorsum_foot"
    FIRST_WEB_SPACE = "first_web_space"
    LATERAL_FOOT = "lateral_foot"
    SOLE = "sole"
    POSTERIOR_THIGH = "posterior_thigh"
    PERIANAL = "perianal"


class SensoryStatus(StrEnum):
    NORMAL = "normal"
    REDUCED = "reduced"
    ABSENT = "absent"
    INCREASED = "increased"
    NOT_TESTED = "NT"


# The dermatomes a sensory level may name, C2 to S1 (spec 2.4).
SENSORY_LEVELS: tuple[str, ...] = (
    *(f"C{n}" for n in range(2, 9)),
    *(f"T{n}" for n in range(1, 13)),
    *(f"L{n}" for n in range(1, 6)),
    "S1",
)


class SpecialTest(StrEnum):
    STRAIGHT_LEG_RAISE = "straight_leg_raise"
    CROSSED_STRAIGHT_LEG_RAISE = "crossed_straight_leg_raise"
    FEMORAL_NERVE_STRETCH = "femoral_nerve_stretch"
    SLUMP = "slump"
    FABER = "faber"
    FADIR = "fadir"
    LOG_ROLL = "log_roll"
    THOMAS = "thomas"
    RESISTED_HIP_FLEXION_PAIN = "resisted_hip_flexion_pain"


class TestResult(StrEnum):
    __test__ = False  # not a pytest test class

    POSITIVE = "positive"
    NEGATIVE = "negative"
    NOT_TESTED = "NT"


# ---- decision document vocabulary (spec section 3) ----


class Urgency(StrEnum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    ROUTINE = "routine"
    NONE = "none"


URGENCY_RANK: dict[Urgency, int] = {
    Urgency.NONE: 0,
    Urgency.ROUTINE: 1,
    Urgency.URGENT: 2,
    Urgency.EMERGENCY: 3,
}


def urgency_rank(word: str) -> int:
    """The rank (``URGENCY_RANK``) of an urgency as a decision document spells it."""
    return URGENCY_RANK[Urgency(word)]


class Pattern(StrEnum):
    LOWER_MOTOR_NEURON = "lower_motor_neuron"
    UPPER_MOTOR_NEURON = "upper_motor_neuron"
    PAIN_LIMITED = "pain_limited"
    MYOPATHIC = "myopathic"
    MIXED = "mixed"
    NORMAL = "normal"


class RedFlagCode(StrEnum):
    CAUDA_EQUINA = "cauda_equina"
    STROKE = "stroke"
    SPINAL_CORD_COMPRESSION = "spinal_cord_compression"
    INFECTION_OR_MALIGNANCY = "infection_or_malignancy"
    FRACTURE = "fracture"
    PROGRESSIVE_MOTOR_DEFICIT = "progressive_motor_deficit"
    SEVERE_MOTOR_DEFICIT = "severe_motor_deficit"
    RETROPERITONEAL_HAEMATOMA = "retroperitoneal_haematoma"


class Study(StrEnum):
    MRI_LUMBAR_SPINE = "mri_lumbar_spine"
    MRI_LUMBAR_SPINE_WITH_CONTRAST = "mri_lumbar_spine_with_contrast"
    MRI_THORACIC_SPINE = "mri_thoracic_spine"
    MRI_CERVICAL_SPINE = "mri_cervical_spine"
    MRI_WHOLE_SPINE = "mri_whole_spine"
    MRI_BRAIN = "mri_brain"
    CT_HEAD = "ct_head"
    XRAY_LUMBAR_SPINE = "xray_lumbar_spine"
    CT_LUMBAR_SPINE = "ct_lumbar_spine"
    XRAY_HIP_PELVIS = "xray_hip_pelvis"
    MRI_HIP = "mri_hip"
    MRI_PELVIS = "mri_pelvis"
    CT_ABDOMEN_PELVIS = "ct_abdomen_pelvis"
    EMG_NCS = "emg_ncs"
    BLOOD_TESTS = "blood_tests"


ROOTS: tuple[str, ...] = ("L1", "L2", "L3", "L4", "L5", "S1")

# Every lesion site the engine considers (spec section 3, `site` vocabulary).
SITES: tuple[str, ...] = (
    *(f"root:{root}" for root in ROOTS),
    "cauda_equina",
    "conus_medullaris",
    "spinal_cord",
    "brain",
    "plexus:lumbar",
    "plexus:lumbosacral",
    "nerve:femoral",
    "nerve:obturator",
    "nerve:common_fibular",
    "nerve:tibial",
    "nerve:sciatic",
    "nerve:lateral_femoral_cutaneous",
    "nerve:superior_gluteal",
    "polyneuropathy",
    "polyradiculoneuropathy",
    "myopathy",
    *(f"muscle:{muscle.value}" for muscle in Muscle),
    "joint:hip",
)


class LesionSide(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"

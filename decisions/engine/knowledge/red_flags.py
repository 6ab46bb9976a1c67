"""Red-flag rules (clinical-knowledge.md section 6) as rows: trigger, exception, urgency.

Rows are evaluated in order, so a later row may ask about an earlier flag (``flag.<code>``);
the stroke row comes first.
Triggers read the history and the signs only, never the leading lesion site: adding a normal
finding can re-rank the sites but can never raise a flag (a property test holds the engine to
it). The site may only change a raised flag's urgency: ``urgency_when`` lists (condition,
urgency) pairs, the first that holds wins, else ``urgency`` (e.g. infection with a deficit is an
emergency; a severe deficit confined to one peripheral nerve needs EMG/NCS, not emergency
spinal imaging, so it stays routine).
"""

from __future__ import annotations

from dataclasses import dataclass

from decisions.engine.knowledge.presentations import ANTICOAGULATED_FEMORAL, SUDDEN_CENTRAL
from decisions.engine.rules import Condition, all_of, any_of, not_true
from decisions.engine.vocabulary import RedFlagCode, Urgency


@dataclass(frozen=True, slots=True)
class RedFlagRule:
    code: RedFlagCode
    label: str
    trigger: Condition
    urgency: Urgency
    sources: tuple[str, ...]
    unless: Condition | None = None
    urgency_when: tuple[tuple[Condition, Urgency], ...] = ()


_RECENT_OR_WORSENING = any_of("duration.lt_14d", "progression.worsening")
_BEFAST = any_of(
    "history.facial_droop",
    "history.speech_difficulty",
    "history.arm_weakness",
    "history.visual_loss",
    "history.balance_loss",
    "history.confusion",
    "history.severe_headache",
)
_INFECTION_OR_CANCER_RISK = any_of(
    "history.fever",
    "history.iv_drug_use",
    "history.immunosuppression",
    "history.cancer_history",
    "history.unexplained_weight_loss",
    "history.night_pain",
)
_HIP_PICTURE = any_of("exam.painful_hip_weakness", "exam.hip_provocation")

# Acute or unrecorded onset (a deficit found on waking: time runs from when the patient was last
# well) with a face, speech, arm or visual item or one-sided upper motor neuron signs, in
# one-sided weakness: a wake-up stroke is as urgent as a witnessed one. An unrecorded onset is
# not a gradual one.
_WAKE_UP_ITEMS = any_of(
    "history.facial_droop",
    "history.speech_difficulty",
    "history.arm_weakness",
    "history.visual_loss",
    "exam.umn_unilateral",
)
# Bilateral leg symptoms or sexual dysfunction count towards cauda equina only in a picture that
# could be the cauda equina: not with upper motor neuron signs (cord), arm involvement or a
# painless generalized girdle pattern (muscle or polyradiculoneuropathy), nor after months of
# symptoms. Back pain keeps a girdle pattern open to compression (a high lumbar or conus lesion).
_NOT_ANOTHER_BILATERAL_PICTURE = all_of(
    not_true("exam.umn_signs"),
    not_true("exam.arm_involvement"),
    not_true(all_of("exam.generalized_weakness", not_true("history.back_pain"))),
    not_true("duration.chronic"),
)

RED_FLAG_RULES: tuple[RedFlagRule, ...] = (
    RedFlagRule(
        code=RedFlagCode.STROKE,
        label="Suspected stroke",
        trigger=any_of(
            all_of("onset.sudden", _BEFAST),
            all_of("onset.sudden", "exam.umn_unilateral"),
            SUDDEN_CENTRAL,
            all_of(not_true("onset.gradual"), not_true("exam.bilateral_weakness"), _WAKE_UP_ITEMS),
        ),
        # A sensory level is a spinal cord sign: a brain lesion never produces one.
        unless=all_of("exam.sensory_level"),
        urgency=Urgency.EMERGENCY,
        sources=("NICE-NG128", "ROSIER-2005", "Aroor2017-BEFAST"),
    ),
    RedFlagRule(
        code=RedFlagCode.CAUDA_EQUINA,
        label="Suspected cauda equina syndrome",
        trigger=any_of(
            "history.bladder_dysfunction",
            "history.bowel_dysfunction",
            "history.saddle_numbness",
            "exam.perianal_loss",
            all_of(
                any_of("history.sexual_dysfunction", "history.bilateral_leg_symptoms"),
                _RECENT_OR_WORSENING,
                _NOT_ANOTHER_BILATERAL_PICTURE,
            ),
            # An objective bilateral lower motor neuron deficit, whatever the checklist says;
            # timing that was not recorded counts as recent.
            all_of("exam.bilateral_weakness", "exam.bilateral_reflex_loss", _NOT_ANOTHER_BILATERAL_PICTURE),
        ),
        urgency=Urgency.EMERGENCY,
        sources=("GIRFT-CES-2023", "Lavy2022-CES"),
    ),
    RedFlagRule(
        code=RedFlagCode.SPINAL_CORD_COMPRESSION,
        label="Suspected spinal cord compression",
        trigger=any_of(
            "exam.umn_bilateral",
            "exam.sensory_level",
            # New weakness of both legs in a patient with cancer, before any reflex change (NG234).
            all_of("history.cancer_history", "exam.bilateral_weakness", not_true("duration.chronic")),
        ),
        urgency=Urgency.URGENT,
        urgency_when=(
            (
                any_of(
                    "onset.sudden",
                    "onset.acute",
                    "progression.rapid",
                    "history.cancer_history",
                    "trauma.major",
                    "history.fever",
                ),
                Urgency.EMERGENCY,
            ),
        ),
        sources=("ACR-myelopathy-2020", "NICE-NG234", "Fuller-reflexes"),
    ),
    RedFlagRule(
        code=RedFlagCode.INFECTION_OR_MALIGNANCY,
        label="Possible spinal infection or malignancy",
        trigger=all_of(_INFECTION_OR_CANCER_RISK, any_of("history.back_pain", "exam.neuro_deficit")),
        urgency=Urgency.URGENT,
        urgency_when=(
            (all_of("history.fever", "exam.neuro_deficit"), Urgency.EMERGENCY),
            (
                all_of("history.cancer_history", any_of("flag.spinal_cord_compression", "flag.cauda_equina")),
                Urgency.EMERGENCY,
            ),
        ),
        sources=("ACR-LBP-2021", "Chou2011-ACP", "Davis2004-SEA"),
    ),
    RedFlagRule(
        code=RedFlagCode.FRACTURE,
        label="Possible fracture",
        trigger=any_of(
            "trauma.major",
            all_of(
                "trauma.minor",
                any_of("history.osteoporosis", "history.chronic_steroid_use", "age.elderly"),
                any_of("history.back_pain", _HIP_PICTURE),
            ),
        ),
        urgency=Urgency.URGENT,
        urgency_when=(
            (any_of("trauma.major", _HIP_PICTURE), Urgency.EMERGENCY),
            (all_of("history.back_pain", "exam.neuro_deficit"), Urgency.EMERGENCY),
        ),
        sources=("ACR-LBP-2021", "NICE-NG41", "NICE-CG124", "ACR-acute-hip-fracture"),
    ),
    RedFlagRule(
        code=RedFlagCode.RETROPERITONEAL_HAEMATOMA,
        label="Possible retroperitoneal (iliacus/psoas) haematoma",
        # Back or flank pain is the classic psoas haematoma, not a reason to doubt it.
        trigger=ANTICOAGULATED_FEMORAL,
        urgency=Urgency.EMERGENCY,
        sources=("AnnVascSurg2006-femoral", "ACC-ECDP-2020"),
    ),
    RedFlagRule(
        code=RedFlagCode.SEVERE_MOTOR_DEFICIT,
        label="Severe motor deficit (MRC 3 or less, not pain-limited)",
        trigger=all_of("exam.severe_weakness", "lesion.present"),
        urgency=Urgency.URGENT,
        urgency_when=(
            # A tendon torn in a sudden injury: repair is time-critical (days, not weeks).
            (all_of("lesion.kind.muscle", "onset.sudden"), Urgency.URGENT),
            (any_of("lesion.kind.nerve", "lesion.kind.muscle", "lesion.kind.joint"), Urgency.ROUTINE),
        ),
        sources=("ACR-LBP-2021", "Chou2011-ACP", "AAFP-CW-backpain", "design-severe-weakness"),
    ),
    RedFlagRule(
        code=RedFlagCode.PROGRESSIVE_MOTOR_DEFICIT,
        label="Progressive motor deficit",
        trigger=all_of("progression.worsening", "exam.objective_weakness"),
        urgency=Urgency.URGENT,
        urgency_when=((all_of("progression.rapid", "exam.bilateral_weakness"), Urgency.EMERGENCY),),
        sources=("ACR-LBP-2021", "Chou2011-ACP", "AAFP-CW-backpain"),
    ),
)

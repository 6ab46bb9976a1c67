"""The admin's clinical words for the engine's codes: sites, red flags and studies.

Lists in the admin show what a clinician reads in a letter ("L5 radiculopathy (left)", "Suspected
cauda equina syndrome", "MRI lumbar spine"), never the wire codes (``root:L5``, ``cauda_equina``).
The words come from the engine's own tables, so the admin and the decision document agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from decisions.engine.knowledge.red_flags import RED_FLAG_RULES
from decisions.engine.knowledge.sites import SITE_TABLE
from decisions.engine.vocabulary import Urgency

RED_FLAG_LABELS: dict[str, str] = {str(rule.code): rule.label for rule in RED_FLAG_RULES}
STUDY_WORDS: dict[str, str] = {
    "mri_lumbar_spine": "MRI lumbar spine",
    "mri_lumbar_spine_with_contrast": "MRI lumbar spine with contrast",
    "mri_thoracic_spine": "MRI thoracic spine",
    "mri_cervical_spine": "MRI cervical spine",
    "mri_whole_spine": "MRI whole spine",
    "mri_brain": "MRI brain",
    "ct_head": "CT head",
    "xray_lumbar_spine": "X-ray lumbar spine",
    "ct_lumbar_spine": "CT lumbar spine",
    "xray_hip_pelvis": "X-ray hip and pelvis",
    "mri_hip": "MRI hip",
    "mri_pelvis": "MRI pelvis",
    "ct_abdomen_pelvis": "CT abdomen and pelvis",
    "emg_ncs": "EMG and nerve conduction studies",
    "blood_tests": "Blood tests",
}


def _words(code: str) -> str:
    return code.replace("_", " ").replace(":", " ")


def site_words(site: str | None, side: str | None = None) -> str:
    """``root:L5``, ``left`` -> "L5 radiculopathy (left)"; unknown codes still read as words."""
    if not site:
        return "—"
    row = SITE_TABLE.get(site)
    label = row.label if row is not None else _words(site)
    label = label[0].upper() + label[1:]
    return f"{label} ({side})" if side else label


def red_flag_words(code: str) -> str:
    """``cauda_equina`` -> "Suspected cauda equina syndrome"."""
    return RED_FLAG_LABELS.get(code, _words(code).capitalize())


# The worklist's chips: short clinical words (the full label is the chip's tooltip).
RED_FLAG_SHORT: dict[str, str] = {
    "spinal_cord_compression": "cord compression",
    "progressive_motor_deficit": "progressive weakness",
    "severe_motor_deficit": "severe weakness",
}


def red_flag_short(code: str) -> str:
    """The worklist's chip: ``cauda_equina`` -> "cauda equina"."""
    return RED_FLAG_SHORT.get(code, _words(code))


def red_flag_list(codes: Iterable[str]) -> str:
    return "; ".join(red_flag_words(code) for code in codes) or "—"


# What each urgency asks of a clinician, in the words the exam page and its banners use.
URGENCY_WORDS: dict[str, str] = {
    Urgency.EMERGENCY.value: "Emergency: act now (emergency department or same-day assessment)",
    Urgency.URGENT.value: "Urgent: arrange assessment within days",
    Urgency.ROUTINE.value: "Routine",
    Urgency.NONE.value: "No further investigation indicated by this exam",
}

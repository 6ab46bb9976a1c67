"""The segments and score vocabularies of the ISNCSCI worksheet (2019 revision, spec section 4).

One place for the orderings every rule walks: the 29 sensory levels from C1 (always normal, not
examined) to S4-5, the ten key muscles, and which scores mean what. The tuples are ordered
rostral to caudal, the order every comma-separated result of section 5 uses.
"""

from __future__ import annotations

from typing import Final

SENSORY_LEVELS: Final = (
    "C1",
    "C2",
    "C3",
    "C4",
    "C5",
    "C6",
    "C7",
    "C8",
    "T1",
    "T2",
    "T3",
    "T4",
    "T5",
    "T6",
    "T7",
    "T8",
    "T9",
    "T10",
    "T11",
    "T12",
    "L1",
    "L2",
    "L3",
    "L4",
    "L5",
    "S1",
    "S2",
    "S3",
    "S4_5",
)
"""The sensory levels; C1 is implied normal, the worksheet records C2 ... S4_5."""

SENSORY_POINTS: Final = SENSORY_LEVELS[1:]
"""The 28 key sensory points per side recorded on the worksheet."""

KEY_MUSCLES: Final = ("C5", "C6", "C7", "C8", "T1", "L2", "L3", "L4", "L5", "S1")
"""The ten key muscles per side, by segment (elbow flexors ... ankle plantar flexors)."""

UPPER_EXTREMITY_MUSCLES: Final = KEY_MUSCLES[:5]
LOWER_EXTREMITY_MUSCLES: Final = KEY_MUSCLES[5:]

KEY_MUSCLE_NAMES: Final = {
    "C5": "elbow flexors",
    "C6": "wrist extensors",
    "C7": "elbow extensors",
    "C8": "finger flexors",
    "T1": "finger abductors",
    "L2": "hip flexors",
    "L3": "knee extensors",
    "L4": "ankle dorsiflexors",
    "L5": "long toe extensors",
    "S1": "ankle plantar flexors",
}

MOTOR_SCORES: Final = frozenset(
    ["0", "1", "2", "3", "4", "5", "NT"]
    + [f"{grade}*" for grade in ("0", "1", "2", "3", "4", "NT")]
    + [f"{grade}**" for grade in ("0", "1", "2", "3", "4", "NT")]
)
"""Motor grades: 0-5 or NT; a star for a grade affected by another condition, two stars when the
examiner considers it normal for classification (a grade of 5 is normal and carries no star)."""

SENSORY_SCORES: Final = frozenset(["0", "1", "2", "NT", "0*", "1*", "NT*", "0**", "1**", "NT**"])
"""Sensory scores: 0 absent, 1 altered, 2 normal, NT; stars as for motor grades."""

ANAL_OBSERVATIONS: Final = ("yes", "no", "NT")
"""Voluntary anal contraction and deep anal pressure."""

NOT_DETERMINABLE: Final = "ND"

"""A builder for hand-written clinical scenarios: a normal exam plus the findings that matter."""

from __future__ import annotations

from typing import Any

LEG_MUSCLES = (
    "iliopsoas",
    "hip_adductors",
    "gluteus_medius",
    "gluteus_maximus",
    "quadriceps",
    "hamstrings",
    "tibialis_anterior",
    "extensor_hallucis_longus",
    "fibularis",
    "tibialis_posterior",
    "gastrocnemius_soleus",
    "flexor_hallucis_longus",
)
ARM_MUSCLES = ("elbow_flexors", "wrist_extensors", "elbow_extensors", "finger_flexors", "finger_abductors")
REFLEXES = ("patellar", "medial_hamstring", "achilles")
REGIONS = (
    "groin",
    "anterior_thigh",
    "lateral_thigh",
    "medial_thigh",
    "medial_knee",
    "medial_leg",
    "lateral_leg",
    "dorsum_foot",
    "first_web_space",
    "lateral_foot",
    "sole",
    "posterior_thigh",
    "perianal",
)


def scenario(
    *,
    history: dict[str, Any] | None = None,
    motor: dict[tuple[str, str], str] | None = None,
    pain_limited: set[tuple[str, str]] | None = None,
    reflexes: dict[tuple[str, str], int] | None = None,
    plantars: dict[str, str] | None = None,
    sensory: dict[tuple[str, str], str] | None = None,
    special_tests: list[dict[str, Any]] | None = None,
    arms: bool = False,
    age: int = 50,
    sensory_level: str | None = None,
) -> dict[str, Any]:
    """A complete bilateral exam, normal except for the given (name, side) overrides."""
    motor = motor or {}
    pain_limited = pain_limited or set()
    muscles = LEG_MUSCLES + (ARM_MUSCLES if arms else ())
    exam: dict[str, Any] = {
        "patient": {"identifier": {"system": "urn:test", "value": "scenario"}, "age_years": age},
        "performed_at": "2026-11-20T10:00:00Z",
        "history": history or {},
        "motor": [
            {"muscle": m, "side": s, "grade": motor.get((m, s), "5")}
            | ({"pain_limited": True} if (m, s) in pain_limited else {})
            for m in muscles
            for s in ("left", "right")
        ],
        "reflexes": [
            {"reflex": r, "side": s, "grade": (reflexes or {}).get((r, s), 2)}
            for r in REFLEXES
            for s in ("left", "right")
        ],
        "plantar_responses": [
            {"side": s, "response": (plantars or {}).get(s, "flexor")} for s in ("left", "right")
        ],
        "sensory": [
            {"region": g, "side": s, "status": (sensory or {}).get((g, s), "normal")}
            for g in REGIONS
            for s in ("left", "right")
        ],
        "special_tests": special_tests or [],
    }
    if sensory_level is not None:
        exam["sensory_level"] = sensory_level
    return exam

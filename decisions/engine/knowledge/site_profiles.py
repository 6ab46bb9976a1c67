"""What each kind of lesion does to the limb, as named numbers: the site profiles.

``sites.limb_predictions`` derives every site's predictions from the anatomy tables and these
profiles. A ``Prediction`` is ``(explain, expect)`` (see ``sites.py``): how fully the kind of
lesion accounts for an abnormal item, and how reliably it makes the item abnormal. The numbers are
neuroexam's modelling choices (``design``), anchored on the teaching each profile cites; none was
tuned to a case.
"""

from __future__ import annotations

from dataclasses import dataclass

Prediction = tuple[float, float]  # (explain, expect)


@dataclass(frozen=True, slots=True)
class UpperMotorProfile:
    """A corticospinal lesion (brain or cord): pyramidal weakness, brisk reflexes, clonus,
    extensor plantar and sensory loss below it. The brain weakens the arm with the leg
    (hemiparesis); a cord lesion below the neck spares the arm."""

    brain_arm: Prediction
    cord_arm: Prediction
    leg: Prediction
    brain_arm_reflex_expect: float
    cord_arm_reflex_expect: float
    leg_reflex_expect: float
    babinski_expect: float
    brain_sensory: Prediction
    cord_sensory: Prediction
    cord_spinal_shock: Prediction  # areflexia below an acute cord lesion
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LengthDependentProfile:
    """A length-dependent polyneuropathy: the longest axons first, so findings follow distality."""

    muscle_from: float  # distality at which muscles start to weaken
    muscle_span: float  # distality over which they go from spared to fully explained
    arm_muscle_expect: float
    leg_muscle_expect: float
    reflex_span: float
    arm_reflex_expect: float
    leg_reflex_expect: float
    region_from: float
    region_span: float
    region_expect: float
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProximalProfile:
    """A myopathy: proximal muscles of both girdles, sensation and reflexes spared."""

    muscle_to: float  # distality up to which muscles are involved
    muscle_span: float
    arm_muscle_expect: float
    leg_muscle_expect: float
    reflex: Prediction  # reflexes fade only with marked weakness
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PolyradicularProfile:
    """A polyradiculoneuropathy (Guillain-Barre syndrome, CIDP): roots and nerves at once."""

    arm_muscle: Prediction
    leg_muscle: Prediction
    arm_reflex: Prediction
    leg_reflex: Prediction  # global areflexia
    region: Prediction  # patchy sensory loss
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MusculoskeletalProfile:
    """A muscle, tendon or joint: pain limits effort; true weakness, full power or a lost tendon
    reflex tell a tear from a strain."""

    muscle_painful: Prediction
    muscle_weak: Prediction  # a strain rarely weakens alone; full power speaks against it
    torn_tendon_reflex: Prediction
    joint_painful: Prediction
    joint_weak: Prediction  # full power at the hip speaks against a hip joint
    joint_painful_quadriceps: Prediction
    painful_share_of_neural: float  # how much of a pain-limited grade a nerve or root explains
    sources: tuple[str, ...]


UPPER_MOTOR = UpperMotorProfile(
    brain_arm=(1.0, 0.5),
    cord_arm=(0.7, 0.05),
    leg=(0.9, 0.45),
    brain_arm_reflex_expect=0.4,
    cord_arm_reflex_expect=0.05,
    leg_reflex_expect=0.6,
    babinski_expect=0.7,
    brain_sensory=(0.6, 0.1),
    cord_sensory=(1.0, 0.4),
    cord_spinal_shock=(0.2, 0.0),
    sources=("Fuller-motor", "Fuller-reflexes", "design"),
)
LENGTH_DEPENDENT = LengthDependentProfile(
    muscle_from=0.4,
    muscle_span=0.5,
    arm_muscle_expect=0.05,
    leg_muscle_expect=0.3,
    reflex_span=0.8,
    arm_reflex_expect=0.1,
    leg_reflex_expect=0.9,
    region_from=0.3,
    region_span=0.5,
    region_expect=0.9,
    sources=("England2005-DSP", "ADA-DN-2017", "design"),
)
PROXIMAL = ProximalProfile(
    muscle_to=0.75,
    muscle_span=0.5,
    arm_muscle_expect=0.4,
    leg_muscle_expect=0.7,
    reflex=(0.3, 0.0),
    sources=("PGMJ2013-myopathy", "Preston-myopathy", "design"),
)
POLYRADICULAR = PolyradicularProfile(
    arm_muscle=(0.8, 0.2),
    leg_muscle=(0.8, 0.4),
    arm_reflex=(1.0, 0.8),
    leg_reflex=(1.0, 1.0),
    region=(0.3, 0.1),
    sources=("EAN-PNS-GBS-2023", "Asbury-Cornblath-1990", "design"),
)
MUSCULOSKELETAL = MusculoskeletalProfile(
    muscle_painful=(1.0, 0.0),
    muscle_weak=(0.2, 0.8),
    torn_tendon_reflex=(1.0, 0.0),
    joint_painful=(1.0, 0.0),
    joint_weak=(0.0, 0.4),
    joint_painful_quadriceps=(0.7, 0.0),
    painful_share_of_neural=0.4,
    sources=("Henriksen2011", "Fuller-reflexes", "design"),
)

PROFILE_SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("upper motor neuron", UPPER_MOTOR.sources),
    ("length-dependent", LENGTH_DEPENDENT.sources),
    ("proximal", PROXIMAL.sources),
    ("polyradicular", POLYRADICULAR.sources),
    ("musculoskeletal", MUSCULOSKELETAL.sources),
)

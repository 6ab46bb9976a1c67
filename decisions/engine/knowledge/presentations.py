"""Presentations: the pattern a neurologist reads from the signs before localizing within it.

A clinician first decides what kind of problem the signs describe (a sudden central deficit,
generalized peripheral weakness, effort-limited weakness, a cancer patient's new paraparesis)
and only then asks where exactly the lesion is. Each row is such a pattern: a condition over the
history and the signs (never the lesion, which is what it shapes), the site kinds that can
explain it, and the sentence that tells the clinician why the differential was narrowed. The
first row whose condition holds applies; sites of other kinds stay in the differential, ranked
below the ones the pattern allows, so nothing disappears from view.
"""

from __future__ import annotations

from dataclasses import dataclass

from decisions.engine.knowledge.sites import SiteKind
from decisions.engine.rules import Condition, all_of, any_of, not_true


@dataclass(frozen=True, slots=True)
class Presentation:
    name: str
    when: Condition
    kinds: frozenset[SiteKind]
    note: str
    sources: tuple[str, ...]


# Sudden, one-sided, painless weakness with no lower motor neuron or mechanical sign (ROSIER:
# asymmetric limb weakness alone scores; reflexes and plantars are often normal in the first
# hours). Shared with the stroke red flag, so the flag and the localization read the same signs.
SUDDEN_CENTRAL = all_of(
    "onset.sudden",
    "exam.unilateral_weakness",
    not_true("exam.lmn_evidence"),
    not_true("history.back_pain"),
    not_true("history.groin_pain"),
    not_true("trauma.major"),
)

# Weakness of both legs reaching the arms or both hip girdles, without upper motor neuron signs
# or a sensory level: muscle, neuromuscular junction or polyradiculoneuropathy, not the cord.
GENERALIZED_PERIPHERAL = all_of(
    "exam.generalized_weakness",
    not_true("exam.umn_signs"),
    not_true("exam.sensory_level"),
)

# Weakness recorded only as giving way (pain-limited) with every objective neurological sign
# normal: effort-limited (musculoskeletal pain or functional), not a lesion of the nervous system.
EFFORT_LIMITED = all_of(
    "exam.painful_weakness",
    not_true("exam.objective_weakness"),
    not_true("exam.objective_neuro_sign"),
)

# On an anticoagulant, a femoral deficit with groin, back or flank pain or an acute onset: a bleed
# into iliacus or psoas compressing the femoral nerve or lumbar plexus. Shared with the
# retroperitoneal haematoma red flag.
ANTICOAGULATED_FEMORAL = all_of(
    "history.anticoagulant_use",
    "exam.femoral_deficit",
    any_of("history.groin_pain", "history.back_pain", "onset.sudden", "onset.acute"),
)

# Give-way weakness that spans the whole limb (hip and foot alike), with no joint sign and no
# groin pain: no single muscle or joint explains it; functional weakness is a positive diagnosis.
FUNCTIONAL = all_of(
    EFFORT_LIMITED,
    "exam.give_way_whole_limb",
    not_true("exam.hip_provocation"),
    not_true("history.groin_pain"),
)

# Guillain-Barre picture: weakness of both legs reaching the arms or both girdles, with areflexia of
# both sides and no upper motor neuron sign, within the eight weeks GBS takes to reach its nadir.
GBS_PICTURE = all_of(
    "exam.generalized_weakness",
    "exam.bilateral_reflex_loss",
    not_true("exam.umn_signs"),
    not_true("exam.sensory_level"),  # a sensory level is a cord lesion (spinal shock), not GBS
    not_true("duration.ge_56d"),
)
# A movement lost suddenly in an injury, one muscle only, sensation intact and no upper motor
# neuron sign: a muscle or tendon tear (a torn tendon also abolishes its reflex), not a nerve.
SUDDEN_SINGLE_MUSCLE = all_of(
    "onset.sudden",
    "exam.single_muscle_marked_weakness",
    not_true("exam.sensory_loss"),
    not_true("exam.umn_signs"),
)

PRESENTATIONS: tuple[Presentation, ...] = (
    Presentation(
        "sudden-central",
        SUDDEN_CENTRAL,
        frozenset({SiteKind.BRAIN, SiteKind.CORD}),
        "Sudden, painless weakness of one side without reflex loss, root-tension or mechanical signs"
        " is a central (vascular) lesion until imaging shows otherwise: upper motor neuron signs are"
        " often absent in the first hours, so peripheral sites are ranked below the brain and cord.",
        ("ROSIER-2005", "NICE-NG128"),
    ),
    Presentation(
        "sudden-single-muscle",
        SUDDEN_SINGLE_MUSCLE,
        frozenset({SiteKind.MUSCLE, SiteKind.JOINT}),
        "One movement lost suddenly, with its neighbours and sensation normal: a muscle or tendon"
        " tear or avulsion (a torn tendon also abolishes its reflex), not a root or nerve lesion;"
        " image the tendon and refer to orthopaedics within days.",
        ("design-sudden-single-muscle", "Fuller-reflexes"),
    ),
    Presentation(
        "anticoagulated-femoral",
        ANTICOAGULATED_FEMORAL,
        frozenset({SiteKind.NERVE, SiteKind.PLEXUS}),
        "A femoral deficit on an anticoagulant, with pain or an acute onset, is an iliacus or psoas"
        " haematoma compressing the femoral nerve or lumbar plexus until CT shows otherwise, even"
        " when back pain suggests a root.",
        ("AnnVascSurg2006-femoral", "ACC-ECDP-2020"),
    ),
    Presentation(
        "cancer-paraparesis",
        all_of("history.cancer_history", "exam.bilateral_weakness", not_true("duration.chronic")),
        frozenset({SiteKind.CORD, SiteKind.CONUS, SiteKind.CAUDA_EQUINA}),
        "New weakness of both legs in a patient with cancer is metastatic spinal cord or cauda"
        " equina compression until whole-spine MRI shows otherwise, even before reflex changes.",
        ("NICE-NG234",),
    ),
    Presentation(
        "generalized-areflexic",
        all_of(GENERALIZED_PERIPHERAL, "exam.bilateral_reflex_loss"),
        frozenset({SiteKind.MYOPATHY, SiteKind.POLYRADICULONEUROPATHY, SiteKind.POLYNEUROPATHY}),
        "Weakness of both legs reaching the arms or both hip girdles, with reflexes lost on both"
        " sides and no upper motor neuron sign or sensory level, is generalized and peripheral"
        " (polyradiculoneuropathy, or muscle or metabolic paralysis), not a single root or the cord.",
        ("EAN-PNS-GBS-2023", "PGMJ2013-myopathy", "Asbury-Cornblath-1990"),
    ),
    Presentation(
        "generalized-peripheral",
        GENERALIZED_PERIPHERAL,
        frozenset({SiteKind.MYOPATHY, SiteKind.POLYNEUROPATHY}),
        "Weakness of both legs reaching the arms or both hip girdles, with reflexes kept and no"
        " upper motor neuron sign or sensory level, is a muscle disease (or deconditioning), not a"
        " single root, the cord or a polyradiculoneuropathy (which takes the reflexes).",
        ("PGMJ2013-myopathy", "Preston-myopathy"),
    ),
    Presentation(
        "functional",
        FUNCTIONAL,
        frozenset(),
        "Every muscle of the limb gives way, from the hip to the foot, with normal reflexes, plantar"
        " responses and sensation and no joint sign: no lesion explains this; it is functional"
        " (give-way) weakness, a positive diagnosis for a neurologist to confirm (Hoover's sign).",
        ("design-functional-weakness", "Fuller-motor"),
    ),
    Presentation(
        "effort-limited",
        EFFORT_LIMITED,
        frozenset({SiteKind.MUSCLE, SiteKind.JOINT}),
        "The weakness gives way (recorded as pain-limited) and every objective neurological sign is"
        " normal: it is effort-limited, from pain or functional, not a lesion of the nervous system;"
        " re-examine when pain allows before ordering neurological tests.",
        ("Henriksen2011", "design-effort-limited"),
    ),
)

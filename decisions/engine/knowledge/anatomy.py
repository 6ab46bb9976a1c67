"""Anatomy as tables: muscles, reflexes, skin regions and peripheral nerves.

Every localization the engine makes is derived from these rows, never from per-diagnosis code:
a site's predictions (which muscles, reflexes and regions it affects, and so which it spares) are
computed from the roots and nerves it involves (see ``sites.py``). Each row cites its sources by
key (``sources.py``). Root weights follow clinical-knowledge.md 1.2; ``distality`` (0 proximal,
1 most distal) encodes the length dependence used for polyneuropathy and, inverted, myopathy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from decisions.engine.vocabulary import Muscle, Reflex, SensoryRegion, SpecialTest


def _frozen(mapping: dict[str, float]) -> Mapping[str, float]:
    return MappingProxyType(mapping)


@dataclass(frozen=True, slots=True)
class MuscleRow:
    """One muscle group: its root weights (summing to 1), nerve and position on the limb."""

    muscle: Muscle
    movement: str
    roots: Mapping[str, float]
    nerve: str
    distality: float
    acts_on_hip: bool
    upper_limb: bool
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReflexRow:
    """One tendon reflex: the roots of its arc and the nerve that carries it."""

    reflex: Reflex
    roots: Mapping[str, float]
    nerve: str
    distality: float
    upper_limb: bool
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RegionRow:
    """One skin region: its dermatome share per root and the cutaneous nerve(s) supplying it."""

    region: SensoryRegion
    dermatomes: Mapping[str, float]
    nerves: Mapping[str, float]
    distality: float
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NerveRow:
    """A peripheral nerve: the muscles and regions it supplies directly, and its branches.

    ``muscles`` values below 1 mark a partial share (e.g. the iliacus part of ``iliopsoas``).
    """

    nerve: str
    label: str
    muscles: Mapping[str, float]
    regions: Mapping[str, float]
    branches: tuple[str, ...]
    sources: tuple[str, ...]


_MYOTOME = ("MRC-Mem45", "Fuller-motor", "PMC8965294-table")
_ISNCSCI = ("ISNCSCI-2021",)

MUSCLES: Mapping[Muscle, MuscleRow] = MappingProxyType(
    {
        row.muscle: row
        for row in (
            MuscleRow(
                Muscle.ILIOPSOAS,
                "hip flexion",
                _frozen({"L1": 0.15, "L2": 0.50, "L3": 0.30, "L4": 0.05}),
                "lumbar_plexus_direct",
                0.0,
                True,
                False,
                (*_MYOTOME, *_ISNCSCI, "Preston-femoral", "design"),
            ),
            MuscleRow(
                Muscle.HIP_ADDUCTORS,
                "hip adduction",
                _frozen({"L2": 0.35, "L3": 0.45, "L4": 0.20}),
                "obturator",
                0.1,
                True,
                False,
                (*_MYOTOME, "Preston-femoral", "design"),
            ),
            MuscleRow(
                Muscle.GLUTEUS_MEDIUS,
                "hip abduction",
                _frozen({"L4": 0.15, "L5": 0.65, "S1": 0.20}),
                "superior_gluteal",
                0.1,
                True,
                False,
                (*_MYOTOME, "Baima2008-peroneal", "Suri2011", "design"),
            ),
            MuscleRow(
                Muscle.GLUTEUS_MAXIMUS,
                "hip extension",
                _frozen({"L5": 0.35, "S1": 0.50, "S2": 0.15}),
                "inferior_gluteal",
                0.1,
                True,
                False,
                (*_MYOTOME, "design"),
            ),
            MuscleRow(
                Muscle.QUADRICEPS,
                "knee extension",
                _frozen({"L2": 0.15, "L3": 0.40, "L4": 0.45}),
                "femoral",
                0.3,
                False,
                False,
                (*_MYOTOME, *_ISNCSCI, "Preston-femoral", "design"),
            ),
            MuscleRow(
                Muscle.HAMSTRINGS,
                "knee flexion",
                _frozen({"L5": 0.40, "S1": 0.45, "S2": 0.15}),
                "sciatic_trunk",
                0.3,
                False,
                False,
                (*_MYOTOME, "Distad2013-sciatic", "design"),
            ),
            MuscleRow(
                Muscle.TIBIALIS_ANTERIOR,
                "ankle dorsiflexion",
                _frozen({"L4": 0.55, "L5": 0.45}),
                "deep_fibular",
                0.7,
                False,
                False,
                (*_MYOTOME, *_ISNCSCI, "Preston-peroneal", "design"),
            ),
            MuscleRow(
                Muscle.EXTENSOR_HALLUCIS_LONGUS,
                "great-toe extension",
                _frozen({"L4": 0.10, "L5": 0.80, "S1": 0.10}),
                "deep_fibular",
                0.9,
                False,
                False,
                (*_MYOTOME, *_ISNCSCI, "design"),
            ),
            MuscleRow(
                Muscle.FIBULARIS,
                "ankle eversion",
                _frozen({"L5": 0.50, "S1": 0.50}),
                "superficial_fibular",
                0.7,
                False,
                False,
                (*_MYOTOME, "Preston-peroneal", "design"),
            ),
            MuscleRow(
                Muscle.TIBIALIS_POSTERIOR,
                "ankle inversion",
                _frozen({"L4": 0.25, "L5": 0.75}),
                "tibial",
                0.7,
                False,
                False,
                (*_MYOTOME, "Baima2008-peroneal", "Preston-peroneal", "design"),
            ),
            MuscleRow(
                Muscle.GASTROCNEMIUS_SOLEUS,
                "ankle plantarflexion",
                _frozen({"L5": 0.05, "S1": 0.75, "S2": 0.20}),
                "tibial",
                0.7,
                False,
                False,
                (*_MYOTOME, *_ISNCSCI, "design"),
            ),
            MuscleRow(
                Muscle.FLEXOR_HALLUCIS_LONGUS,
                "great-toe flexion",
                _frozen({"L5": 0.15, "S1": 0.50, "S2": 0.35}),
                "tibial",
                0.9,
                False,
                False,
                (*_MYOTOME, "design"),
            ),
            MuscleRow(
                Muscle.ELBOW_FLEXORS,
                "elbow flexion",
                _frozen({"C5": 0.7, "C6": 0.3}),
                "musculocutaneous",
                0.2,
                False,
                True,
                _ISNCSCI,
            ),
            MuscleRow(
                Muscle.WRIST_EXTENSORS,
                "wrist extension",
                _frozen({"C6": 0.7, "C7": 0.3}),
                "radial",
                0.6,
                False,
                True,
                _ISNCSCI,
            ),
            MuscleRow(
                Muscle.ELBOW_EXTENSORS,
                "elbow extension",
                _frozen({"C7": 0.7, "C8": 0.3}),
                "radial",
                0.3,
                False,
                True,
                _ISNCSCI,
            ),
            MuscleRow(
                Muscle.FINGER_FLEXORS,
                "finger flexion",
                _frozen({"C8": 0.7, "T1": 0.3}),
                "median_ulnar",
                0.8,
                False,
                True,
                _ISNCSCI,
            ),
            MuscleRow(
                Muscle.FINGER_ABDUCTORS,
                "finger abduction",
                _frozen({"C8": 0.3, "T1": 0.7}),
                "ulnar",
                0.9,
                False,
                True,
                _ISNCSCI,
            ),
        )
    }
)

_REFLEX_SOURCES = ("Suri2011", "Esene2012", "Fuller-reflexes", "Litvan1996")

REFLEXES: Mapping[Reflex, ReflexRow] = MappingProxyType(
    {
        row.reflex: row
        for row in (
            ReflexRow(
                Reflex.PATELLAR,
                _frozen({"L2": 0.1, "L3": 0.35, "L4": 0.55}),
                "femoral",
                0.3,
                False,
                _REFLEX_SOURCES,
            ),
            ReflexRow(
                Reflex.MEDIAL_HAMSTRING,
                _frozen({"L5": 0.8, "S1": 0.2}),
                "sciatic_trunk",
                0.3,
                False,
                ("Esene2012", "Hamstring1982"),
            ),
            ReflexRow(
                Reflex.ACHILLES,
                _frozen({"S1": 0.8, "S2": 0.2}),
                "tibial",
                0.8,
                False,
                (*_REFLEX_SOURCES, "ADA-DN-2017"),
            ),
            ReflexRow(
                Reflex.BICEPS,
                _frozen({"C5": 0.6, "C6": 0.4}),
                "musculocutaneous",
                0.2,
                True,
                ("Fuller-reflexes",),
            ),
            ReflexRow(
                Reflex.BRACHIORADIALIS, _frozen({"C6": 1.0}), "radial", 0.5, True, ("Fuller-reflexes",)
            ),
            ReflexRow(Reflex.TRICEPS, _frozen({"C7": 1.0}), "radial", 0.3, True, ("Fuller-reflexes",)),
        )
    }
)

_DERMATOME_SOURCES = ("ISNCSCI-2021", "Fuller-sensation")
_CUTANEOUS_SOURCES = ("MRC-Mem45",)

REGIONS: Mapping[SensoryRegion, RegionRow] = MappingProxyType(
    {
        row.region: row
        for row in (
            RegionRow(
                SensoryRegion.GROIN,
                _frozen({"L1": 1.0}),
                _frozen({"ilioinguinal_genitofemoral": 1.0}),
                0.0,
                (*_DERMATOME_SOURCES, *_CUTANEOUS_SOURCES),
            ),
            RegionRow(
                SensoryRegion.ANTERIOR_THIGH,
                _frozen({"L2": 1.0, "L3": 0.5}),
                _frozen({"femoral": 1.0}),
                0.1,
                (*_DERMATOME_SOURCES, "MRC-Mem45", "Preston-femoral", "Suri2011"),
            ),
            RegionRow(
                SensoryRegion.LATERAL_THIGH,
                _frozen({"L2": 0.5, "L3": 0.3}),
                _frozen({"lateral_femoral_cutaneous": 1.0}),
                0.1,
                (*_DERMATOME_SOURCES, "MRC-Mem45", "Preston-LFCN", "Preston-femoral"),
            ),
            RegionRow(
                SensoryRegion.MEDIAL_THIGH,
                _frozen({"L2": 0.5, "L3": 0.6}),
                _frozen({"obturator": 1.0, "femoral": 0.4}),
                0.1,
                (*_DERMATOME_SOURCES, *_CUTANEOUS_SOURCES),
            ),
            RegionRow(
                SensoryRegion.MEDIAL_KNEE,
                _frozen({"L3": 1.0, "L4": 0.3}),
                _frozen({"femoral": 0.8}),
                0.3,
                (*_DERMATOME_SOURCES, *_CUTANEOUS_SOURCES),
            ),
            RegionRow(
                SensoryRegion.MEDIAL_LEG,
                _frozen({"L4": 1.0}),
                _frozen({"femoral": 1.0}),
                0.5,
                (*_DERMATOME_SOURCES, "MRC-Mem45", "Preston-femoral", "Nature2016-malleolus"),
            ),
            RegionRow(
                SensoryRegion.LATERAL_LEG,
                _frozen({"L5": 1.0}),
                _frozen({"common_fibular": 0.4, "superficial_fibular": 1.0}),
                0.5,
                (*_DERMATOME_SOURCES, *_CUTANEOUS_SOURCES, "Baima2008-peroneal"),
            ),
            RegionRow(
                SensoryRegion.DORSUM_FOOT,
                _frozen({"L5": 1.0, "S1": 0.2}),
                _frozen({"superficial_fibular": 1.0}),
                0.8,
                (*_DERMATOME_SOURCES, *_CUTANEOUS_SOURCES),
            ),
            RegionRow(
                SensoryRegion.FIRST_WEB_SPACE,
                _frozen({"L5": 1.0}),
                _frozen({"deep_fibular": 1.0}),
                0.9,
                (*_DERMATOME_SOURCES, *_CUTANEOUS_SOURCES, "Preston-peroneal"),
            ),
            RegionRow(
                SensoryRegion.LATERAL_FOOT,
                _frozen({"S1": 1.0}),
                _frozen({"sural": 1.0}),
                0.9,
                (*_DERMATOME_SOURCES, *_CUTANEOUS_SOURCES),
            ),
            RegionRow(
                SensoryRegion.SOLE,
                _frozen({"S1": 1.0, "L5": 0.3}),
                _frozen({"plantar": 1.0}),
                1.0,
                (*_DERMATOME_SOURCES, *_CUTANEOUS_SOURCES, "ADA-DN-2017"),
            ),
            RegionRow(
                SensoryRegion.POSTERIOR_THIGH,
                _frozen({"S2": 1.0, "S1": 0.3}),
                _frozen({"posterior_femoral_cutaneous": 1.0}),
                0.2,
                (*_DERMATOME_SOURCES, *_CUTANEOUS_SOURCES),
            ),
            RegionRow(
                SensoryRegion.PERIANAL,
                _frozen({"S3": 1.0, "S4": 1.0, "S5": 1.0, "S2": 0.3}),
                _frozen({"pudendal": 1.0}),
                0.0,
                (*_DERMATOME_SOURCES, "MRC-Mem45", "Lavy2022-CES"),
            ),
        )
    }
)

_NERVE_SOURCES = ("MRC-Mem45", "Preston-femoral", "Distad2013-sciatic")

NERVES: Mapping[str, NerveRow] = MappingProxyType(
    {
        row.nerve: row
        for row in (
            NerveRow(
                "femoral",
                "femoral nerve",
                _frozen({"quadriceps": 1.0, "iliopsoas": 0.4}),
                _frozen({}),
                (),
                ("Preston-femoral", "MRC-Mem45"),
            ),
            NerveRow(
                "lumbar_plexus_direct",
                "direct lumbar plexus branches",
                _frozen({"iliopsoas": 1.0}),
                _frozen({}),
                (),
                ("Preston-femoral", "MRC-Mem45"),
            ),
            NerveRow(
                "obturator",
                "obturator nerve",
                _frozen({"hip_adductors": 1.0}),
                _frozen({}),
                (),
                _NERVE_SOURCES,
            ),
            NerveRow(
                "lateral_femoral_cutaneous",
                "lateral femoral cutaneous nerve",
                {},
                {},
                (),
                ("Preston-LFCN", "MRC-Mem45"),
            ),
            NerveRow(
                "ilioinguinal_genitofemoral",
                "ilioinguinal/genitofemoral nerves",
                {},
                {},
                (),
                ("MRC-Mem45",),
            ),
            NerveRow(
                "superior_gluteal",
                "superior gluteal nerve",
                _frozen({"gluteus_medius": 1.0}),
                {},
                (),
                ("Preston-plexopathy", "MRC-Mem45"),
            ),
            NerveRow(
                "inferior_gluteal",
                "inferior gluteal nerve",
                _frozen({"gluteus_maximus": 1.0}),
                {},
                (),
                ("Preston-plexopathy", "MRC-Mem45"),
            ),
            NerveRow(
                "posterior_femoral_cutaneous",
                "posterior femoral cutaneous nerve",
                {},
                {},
                (),
                ("MRC-Mem45",),
            ),
            NerveRow("deep_fibular", "deep fibular nerve", {}, {}, (), ("Preston-peroneal", "MRC-Mem45")),
            NerveRow(
                "superficial_fibular",
                "superficial fibular nerve",
                {},
                {},
                (),
                ("Preston-peroneal", "MRC-Mem45"),
            ),
            NerveRow(
                "common_fibular",
                "common fibular nerve",
                {},
                {},
                ("deep_fibular", "superficial_fibular"),
                ("Preston-peroneal", "Baima2008-peroneal", "MRC-Mem45"),
            ),
            NerveRow("sural", "sural nerve", {}, {}, (), ("MRC-Mem45",)),
            NerveRow("plantar", "plantar nerves", {}, {}, (), ("MRC-Mem45",)),
            NerveRow(
                "tibial", "tibial nerve", {}, {}, ("plantar", "sural"), ("MRC-Mem45", "Preston-sciatic")
            ),
            NerveRow(
                "sciatic_trunk", "sciatic trunk (hamstring branches)", {}, {}, (), ("Distad2013-sciatic",)
            ),
            NerveRow(
                "sciatic",
                "sciatic nerve",
                {},
                {},
                ("sciatic_trunk", "common_fibular", "tibial"),
                ("Distad2013-sciatic",),
            ),
            NerveRow("pudendal", "pudendal nerve", {}, {}, (), ("ISNCSCI-2021", "MRC-Mem45")),
            NerveRow("musculocutaneous", "musculocutaneous nerve", {}, {}, (), ("MRC-Mem45",)),
            NerveRow("radial", "radial nerve", {}, {}, (), ("MRC-Mem45",)),
            NerveRow("median_ulnar", "median and ulnar nerves", {}, {}, (), ("MRC-Mem45",)),
            NerveRow("ulnar", "ulnar nerve", {}, {}, (), ("MRC-Mem45",)),
        )
    }
)


def nerve_family(nerve: str) -> frozenset[str]:
    """The nerve with all its branches: what a lesion of the trunk takes out."""
    row = NERVES[nerve]
    names = {nerve}
    for branch in row.branches:
        names |= nerve_family(branch)
    return frozenset(names)


def muscle_share(nerve: str, muscle: Muscle) -> float:
    """How much of ``muscle`` a lesion of ``nerve`` (trunk and branches) takes out, 0..1."""
    family = nerve_family(nerve)
    row = MUSCLES[muscle]
    share = 1.0 if row.nerve in family else 0.0
    for name in family:
        share = max(share, NERVES[name].muscles.get(muscle.value, 0.0))
    return share


def region_share(nerve: str, region: SensoryRegion) -> float:
    """How much of ``region`` a lesion of ``nerve`` (trunk and branches) makes numb, 0..1."""
    family = nerve_family(nerve)
    return max((REGIONS[region].nerves.get(name, 0.0) for name in family), default=0.0)


def reflex_share(nerve: str, reflex: Reflex) -> float:
    """1 when ``reflex`` runs through ``nerve`` or one of its branches."""
    return 1.0 if REFLEXES[reflex].nerve in nerve_family(nerve) else 0.0


# Special tests: which lesion sites a positive result points to (weight 0..1), whether it
# needs radicular pain to count fully, and how much a negative result argues against them.
@dataclass(frozen=True, slots=True)
class SpecialTestRow:
    """A provocation test: the sites a positive result supports and the weight of a negative one."""

    test: SpecialTest
    points_to: Mapping[str, float]
    radicular: bool
    negative_weight: float
    sources: tuple[str, ...]


SPECIAL_TESTS: Mapping[SpecialTest, SpecialTestRow] = MappingProxyType(
    {
        row.test: row
        for row in (
            SpecialTestRow(
                SpecialTest.STRAIGHT_LEG_RAISE,
                _frozen(
                    {
                        "root:L5": 1.0,
                        "root:S1": 1.0,
                        "root:L4": 0.5,
                        "cauda_equina": 0.8,
                        "nerve:sciatic": 0.5,
                    }
                ),
                True,
                0.6,
                ("Devillé2000", "Cochrane2010", "SLR-SR2012", "Suri2010-bias"),
            ),
            SpecialTestRow(
                SpecialTest.CROSSED_STRAIGHT_LEG_RAISE,
                _frozen({"root:L5": 1.0, "root:S1": 1.0, "root:L4": 0.5, "cauda_equina": 1.0}),
                False,
                0.1,
                ("Devillé2000", "Cochrane2010"),
            ),
            SpecialTestRow(
                SpecialTest.FEMORAL_NERVE_STRETCH,
                # It stretches the femoral nerve itself, not only the L2-L4 roots.
                _frozen(
                    {
                        "root:L2": 1.0,
                        "root:L3": 1.0,
                        "root:L4": 1.0,
                        "nerve:femoral": 0.8,
                        "plexus:lumbar": 0.6,
                    }
                ),
                False,
                0.3,
                ("Suri2011", "Suri2010-bias"),
            ),
            SpecialTestRow(
                SpecialTest.SLUMP,
                _frozen({"root:L4": 0.8, "root:L5": 1.0, "root:S1": 1.0}),
                True,
                0.3,
                ("Cochrane2010",),
            ),
            SpecialTestRow(
                SpecialTest.FADIR,
                _frozen({"joint:hip": 1.0}),
                False,
                0.6,
                ("BJSM-hip-tests-meta", "Reiman2015-FAI", "JOSPT-hip-CPG"),
            ),
            SpecialTestRow(
                SpecialTest.FABER,
                _frozen({"joint:hip": 1.0}),
                False,
                0.3,
                ("Reiman2015-FAI", "JOSPT-hip-CPG"),
            ),
            SpecialTestRow(
                SpecialTest.LOG_ROLL,
                _frozen({"joint:hip": 1.0}),
                False,
                0.3,
                ("design-hip-provocation-tests",),
            ),
            SpecialTestRow(
                SpecialTest.THOMAS,
                _frozen({"muscle:iliopsoas": 1.0, "joint:hip": 0.5}),
                False,
                0.2,
                ("design-hip-provocation-tests",),
            ),
            SpecialTestRow(
                SpecialTest.RESISTED_HIP_FLEXION_PAIN,
                _frozen({"muscle:iliopsoas": 1.0, "joint:hip": 0.3}),
                False,
                0.3,
                ("design-hip-provocation-tests",),
            ),
        )
    }
)


# The tendon reflex each muscle's tendon carries: a torn tendon abolishes its reflex as surely as
# a root or nerve lesion does, so a muscle or tendon injury explains the lost reflex too.
TENDON_REFLEXES: Mapping[Muscle, Reflex] = MappingProxyType(
    {
        Muscle.QUADRICEPS: Reflex.PATELLAR,
        Muscle.HAMSTRINGS: Reflex.MEDIAL_HAMSTRING,
        Muscle.GASTROCNEMIUS_SOLEUS: Reflex.ACHILLES,
        Muscle.ELBOW_FLEXORS: Reflex.BICEPS,
        Muscle.ELBOW_EXTENSORS: Reflex.TRICEPS,
    }
)
TENDON_REFLEX_SOURCES = ("Fuller-reflexes",)

# Muscles whose proximal tendons attach to the pelvis (iliopsoas at the lesser trochanter,
# adductors, glutei, hamstrings at the ischial tuberosity): a suspected avulsion is imaged with
# pelvic MRI and radiographs.
PELVIC_TENDON_MUSCLES = frozenset(
    {
        Muscle.ILIOPSOAS,
        Muscle.HIP_ADDUCTORS,
        Muscle.GLUTEUS_MEDIUS,
        Muscle.GLUTEUS_MAXIMUS,
        Muscle.HAMSTRINGS,
    }
)

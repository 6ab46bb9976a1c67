"""Candidate lesion sites as table rows, and what each predicts.

A row names the roots and nerves a site involves, its kind of motor neuron sign and a few
scale factors; ``predictions`` turns the row into, for every observable item of one limb (or of
the whole patient, for history items), a pair ``(explain, expect)``:

* ``explain`` (0..1): how fully the site accounts for that item when it is abnormal;
* ``expect`` (0..1): how strongly the site predicts that item abnormal, so a normal result counts
  against it (what it should have affected but spared).

Nothing here is specific to a diagnosis: a femoral lesion spares the adductors because the
adductors belong to the obturator nerve in ``anatomy.MUSCLES``, and L5 weakens tibialis
posterior because of its L5 root weight. Adding a site is adding a row (docs/decision-module.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from decisions.engine.knowledge.anatomy import (
    MUSCLES,
    REFLEXES,
    REGIONS,
    SPECIAL_TESTS,
    TENDON_REFLEXES,
    muscle_share,
    reflex_share,
    region_share,
)
from decisions.engine.knowledge.site_profiles import (
    LENGTH_DEPENDENT,
    MUSCULOSKELETAL,
    POLYRADICULAR,
    PROXIMAL,
    UPPER_MOTOR,
)
from decisions.engine.vocabulary import ROOTS, SITES, LesionSide, Muscle, SensoryRegion

Prediction = tuple[float, float]  # (explain, expect)


class SiteKind(StrEnum):
    ROOT = "root"
    CAUDA_EQUINA = "cauda_equina"
    CONUS = "conus"
    CORD = "cord"
    BRAIN = "brain"
    PLEXUS = "plexus"
    NERVE = "nerve"
    POLYNEUROPATHY = "polyneuropathy"
    POLYRADICULONEUROPATHY = "polyradiculoneuropathy"
    MYOPATHY = "myopathy"
    MUSCLE = "muscle"
    JOINT = "joint"


SPINAL_KINDS = frozenset({SiteKind.ROOT, SiteKind.CAUDA_EQUINA, SiteKind.CONUS, SiteKind.CORD})
PERIPHERAL_NERVE_KINDS = frozenset({SiteKind.NERVE})
MUSCULOSKELETAL_KINDS = frozenset({SiteKind.MUSCLE, SiteKind.JOINT})

LR = (LesionSide.LEFT, LesionSide.RIGHT)
LRB = (LesionSide.LEFT, LesionSide.RIGHT, LesionSide.BILATERAL)
B = (LesionSide.BILATERAL,)


@dataclass(frozen=True, slots=True)
class SiteRow:
    """One candidate site of the spec vocabulary and the anatomy it involves.

    ``motor_expect`` / ``sensory_expect`` / ``reflex_expect`` scale how reliably an involved
    muscle, region or reflex is abnormal (a single root rarely paralyses a muscle; a plexopathy
    is patchy). ``axial`` holds side-less history items: name -> (explain, expect).
    ``contralateral`` marks the brain, whose side is the hemisphere opposite the weak limbs;
    ``crossed_sensory`` the cord, whose one-sided lesion numbs the opposite leg (Brown-Sequard).
    ``prior`` is a small base-rate / parsimony term, ``bilateral_prior`` applies to its
    bilateral variant only.
    """

    site: str
    kind: SiteKind
    label: str
    sides: tuple[LesionSide, ...]
    sources: tuple[str, ...]
    roots: Mapping[str, float] = field(default_factory=dict)
    nerves: Mapping[str, float] = field(default_factory=dict)
    motor_expect: float = 0.0
    sensory_expect: float = 0.0
    reflex_expect: float = 0.0
    upper_motor: float = 0.0
    axial: Mapping[str, Prediction] = field(default_factory=dict)
    contralateral: bool = False
    crossed_sensory: bool = False
    prior: float = 0.0
    bilateral_prior: float = -0.4


# Side-less history items every site may predict (keys of observations.HISTORY_ITEMS).
_SPHINCTER_CAUDA = {
    "hx:bladder": (1.0, 0.8),
    "hx:bowel": (1.0, 0.4),
    "hx:sexual": (1.0, 0.2),
    "hx:saddle": (1.0, 0.8),
}
_ROOT_AXIAL = {"hx:back_pain": (1.0, 0.5), "hx:bilateral": (0.0, 0.0)}
_PERIPHERAL_AXIAL = {"hx:back_pain": (0.0, 0.0)}

_CORE_SOURCES = ("design",)


def _root_row(root: str) -> SiteRow:
    return SiteRow(
        site=f"root:{root}",
        kind=SiteKind.ROOT,
        label=f"{root} radiculopathy",
        sides=LRB,
        sources=("MRC-Mem45", "Preston-radiculopathy", "Suri2011", "Tawa2017", "design"),
        roots={root: 1.0},
        motor_expect=1.0,
        sensory_expect=0.5,
        reflex_expect=0.7,
        axial={**_ROOT_AXIAL, "hx:bilateral": (1.0, 0.5)},
    )


SITE_ROWS: tuple[SiteRow, ...] = (
    *(_root_row(root) for root in ROOTS),
    SiteRow(
        site="cauda_equina",
        kind=SiteKind.CAUDA_EQUINA,
        label="cauda equina syndrome",
        sides=B,
        sources=("Lavy2022-CES", "GIRFT-CES-2023", "Preston-radiculopathy"),
        roots={"L3": 0.3, "L4": 0.5, "L5": 0.8, "S1": 1.0, "S2": 1.0, "S3": 1.0, "S4": 1.0, "S5": 1.0},
        motor_expect=0.3,
        sensory_expect=0.5,
        reflex_expect=0.7,
        axial={
            **_SPHINCTER_CAUDA,
            "hx:bilateral": (1.0, 0.5),
            "hx:back_pain": (1.0, 0.4),
            "level:lumbar": (0.5, 0.0),
        },
        bilateral_prior=0.0,
    ),
    SiteRow(
        site="conus_medullaris",
        kind=SiteKind.CONUS,
        label="conus medullaris syndrome",
        sides=B,
        sources=("Lavy2022-CES", "Preston-radiculopathy"),
        roots={"L5": 0.3, "S1": 0.7, "S2": 1.0, "S3": 1.0, "S4": 1.0, "S5": 1.0},
        motor_expect=0.3,
        sensory_expect=0.5,
        reflex_expect=0.6,
        upper_motor=0.5,
        axial={
            "hx:bladder": (1.0, 0.8),
            "hx:bowel": (1.0, 0.6),
            "hx:sexual": (1.0, 0.5),
            "hx:saddle": (1.0, 0.6),
            "hx:bilateral": (1.0, 0.5),
            "hx:back_pain": (1.0, 0.4),
            "level:lumbar": (0.8, 0.0),
        },
        prior=-0.3,
        bilateral_prior=0.0,
    ),
    SiteRow(
        site="spinal_cord",
        kind=SiteKind.CORD,
        label="spinal cord lesion (myelopathy)",
        sides=LRB,
        sources=("ACR-myelopathy-2020", "Fuller-motor", "Fuller-reflexes"),
        upper_motor=1.0,
        axial={
            "hx:bladder": (1.0, 0.3),
            "hx:bowel": (1.0, 0.2),
            "hx:sexual": (1.0, 0.1),
            "hx:bilateral": (1.0, 0.4),
            "hx:back_pain": (0.6, 0.0),
            "hx:balance": (0.6, 0.0),
            "level:thoracic": (1.0, 0.0),
            "level:lumbar": (0.6, 0.0),
            "hx:arm": (0.5, 0.0),
            "hx:visual": (0.5, 0.0),  # optic neuritis beside myelitis: demyelinating disease
        },
        crossed_sensory=True,
        bilateral_prior=0.2,
    ),
    SiteRow(
        site="brain",
        kind=SiteKind.BRAIN,
        label="cerebral hemisphere lesion",
        sides=LR,
        sources=("NICE-NG128", "Aroor2017-BEFAST", "Adams1990", "Fuller-motor"),
        upper_motor=1.0,
        axial={
            "hx:face": (1.0, 0.3),
            "hx:speech": (1.0, 0.3),
            "hx:arm": (1.0, 0.3),
            "hx:visual": (1.0, 0.1),
            "hx:balance": (1.0, 0.1),
            "hx:confusion": (1.0, 0.1),
            "hx:headache": (1.0, 0.1),
            "hx:sudden": (1.0, 0.4),
            "hx:back_pain": (0.0, 0.0),
        },
        contralateral=True,
    ),
    SiteRow(
        site="plexus:lumbar",
        kind=SiteKind.PLEXUS,
        label="lumbar plexopathy",
        sides=LRB,
        sources=("Dyck2001-LSRPN", "Pinto2021-LRPN", "Preston-plexopathy", "Preston-femoral"),
        nerves={
            "femoral": 1.0,
            "lumbar_plexus_direct": 1.0,
            "obturator": 1.0,
            "lateral_femoral_cutaneous": 1.0,
            "ilioinguinal_genitofemoral": 1.0,
        },
        motor_expect=0.55,
        sensory_expect=0.35,
        reflex_expect=0.7,
        axial={**_PERIPHERAL_AXIAL},
        prior=-0.2,
    ),
    SiteRow(
        site="plexus:lumbosacral",
        kind=SiteKind.PLEXUS,
        label="lumbosacral plexopathy",
        sides=LRB,
        sources=("Plexopathy-EDX2013", "Preston-plexopathy", "Distad2013-sciatic"),
        nerves={
            "superior_gluteal": 1.0,
            "inferior_gluteal": 1.0,
            "sciatic": 1.0,
            "posterior_femoral_cutaneous": 1.0,
            "femoral": 0.4,
            "obturator": 0.4,
        },
        motor_expect=0.55,
        sensory_expect=0.35,
        reflex_expect=0.7,
        axial={**_PERIPHERAL_AXIAL},
        prior=-0.2,
    ),
    *(
        SiteRow(
            site=f"nerve:{nerve}",
            kind=SiteKind.NERVE,
            label=label,
            sides=LR,
            sources=sources,
            nerves={nerve: 1.0},
            motor_expect=0.9,
            sensory_expect=0.7,
            reflex_expect=0.8,
            axial={**_PERIPHERAL_AXIAL},
        )
        for nerve, label, sources in (
            ("femoral", "femoral neuropathy", ("Preston-femoral",)),
            ("obturator", "obturator neuropathy", ("Preston-femoral", "MRC-Mem45")),
            (
                "common_fibular",
                "common fibular neuropathy",
                ("Preston-peroneal", "Baima2008-peroneal"),
            ),
            ("tibial", "tibial neuropathy", ("MRC-Mem45", "Preston-sciatic")),
            ("sciatic", "sciatic neuropathy", ("Distad2013-sciatic", "Preston-sciatic")),
            (
                "lateral_femoral_cutaneous",
                "lateral femoral cutaneous neuropathy (meralgia paresthetica)",
                ("Preston-LFCN",),
            ),
            ("superior_gluteal", "superior gluteal neuropathy", ("Preston-plexopathy", "MRC-Mem45")),
        )
    ),
    SiteRow(
        site="polyneuropathy",
        kind=SiteKind.POLYNEUROPATHY,
        label="length-dependent polyneuropathy",
        sides=B,
        sources=("ADA-DN-2017", "England2005-DSP"),
        axial={"hx:bilateral": (1.0, 0.6), "hx:back_pain": (0.0, 0.0)},
        bilateral_prior=0.0,
    ),
    SiteRow(
        site="polyradiculoneuropathy",
        kind=SiteKind.POLYRADICULONEUROPATHY,
        label="polyradiculoneuropathy (Guillain-Barre syndrome or CIDP)",
        sides=B,
        sources=("EAN-PNS-GBS-2023", "Asbury-Cornblath-1990"),
        axial={"hx:bilateral": (1.0, 0.6), "hx:back_pain": (0.5, 0.0), "hx:arm": (1.0, 0.2)},
        bilateral_prior=-0.5,
    ),
    SiteRow(
        site="myopathy",
        kind=SiteKind.MYOPATHY,
        label="myopathy",
        sides=B,
        sources=("PGMJ2013-myopathy", "Preston-myopathy", "Fuller-reflexes"),
        axial={"hx:bilateral": (1.0, 0.5), "hx:back_pain": (0.0, 0.0)},
        bilateral_prior=0.0,
    ),
    *(
        SiteRow(
            site=f"muscle:{muscle.value}",
            kind=SiteKind.MUSCLE,
            label=f"{muscle.value.replace('_', ' ')} strain or tear",
            sides=LR,
            sources=("Henriksen2011", "PalmieriSmith2013", "design-muscle-site"),
            axial={
                "hx:sudden": (0.5, 0.0),
                "hx:groin_pain": (0.7 if MUSCLES[muscle].acts_on_hip else 0.0, 0.0),
                "hx:back_pain": (0.0, 0.0),
            },
            prior=-0.1,
        )
        for muscle in Muscle
    ),
    SiteRow(
        site="joint:hip",
        kind=SiteKind.JOINT,
        label="hip joint disease",
        sides=LR,
        sources=("Altman1991", "JOSPT-hip-CPG", "Dibra2017-hip-knee"),
        axial={"hx:groin_pain": (1.0, 0.5), "hx:sudden": (0.3, 0.0), "hx:back_pain": (0.0, 0.0)},
    ),
)

SITE_TABLE: Mapping[str, SiteRow] = MappingProxyType({row.site: row for row in SITE_ROWS})

# How a root contributes to a muscle / reflex: a weight >= ROOT_FULL explains the finding fully.
ROOT_FULL = 0.35
# A nerve's share of a muscle at or above this explains the muscle's weakness fully (anatomy.py
# gives the femoral nerve 0.4 of iliopsoas: the iliacus).
NERVE_PART_FULL = 0.4


def _clip(value: float) -> float:
    return 0.0 if value < 0.0 else 1.0 if value > 1.0 else value


def _root_involvement(row: SiteRow, weights: Mapping[str, float]) -> float:
    return sum(row.roots.get(root, 0.0) * weight for root, weight in weights.items())


def _lmn_muscles(row: SiteRow, out: dict[str, Prediction]) -> None:
    for muscle, mrow in MUSCLES.items():
        by_root = _root_involvement(row, mrow.roots)
        by_nerve = max(
            (share * muscle_share(nerve, muscle) for nerve, share in row.nerves.items()), default=0.0
        )
        involvement = max(by_root, by_nerve)
        if involvement <= 0.0:
            continue
        if by_root >= by_nerve:
            # Root overlap: a single root rarely paralyses a muscle, so only its predominant
            # muscles are reliably weak (expectation falls with the square of the weight).
            explain, expect = _clip(by_root / ROOT_FULL), by_root * by_root
        else:
            # A nerve that supplies part of a muscle (the femoral nerve's iliacus, in iliopsoas)
            # fully accounts for its weakness; how often that part is hit sets the expectation.
            explain, expect = _clip(by_nerve / NERVE_PART_FULL), by_nerve
        out[f"weak:{muscle.value}"] = (explain, _clip(expect * row.motor_expect))
        out[f"painful:{muscle.value}"] = (MUSCULOSKELETAL.painful_share_of_neural * explain, 0.0)


def _lmn_reflexes(row: SiteRow, out: dict[str, Prediction]) -> None:
    for reflex, rrow in REFLEXES.items():
        by_root = _root_involvement(row, rrow.roots)
        by_nerve = max(
            (share * reflex_share(nerve, reflex) for nerve, share in row.nerves.items()), default=0.0
        )
        involvement = max(_clip(by_root / ROOT_FULL), by_nerve)
        if involvement > 0.0:
            expect = max(by_root, by_nerve) * row.reflex_expect
            out[f"hypo:{reflex.value}"] = (involvement, _clip(expect))


def region_involvement(row: SiteRow, region: SensoryRegion) -> float:
    """How much of a skin region the site's roots (dermatomes) and nerves supply, 0..1."""
    by_root = _clip(_root_involvement(row, REGIONS[region].dermatomes))
    by_nerve = max((share * region_share(nerve, region) for nerve, share in row.nerves.items()), default=0.0)
    return max(by_root, by_nerve)


def site_territory(site: str, threshold: float) -> frozenset[SensoryRegion]:
    """The skin regions a site supplies at least ``threshold`` of (the body chart outlines them)."""
    row = SITE_TABLE.get(site)
    if row is None:
        return frozenset()
    return frozenset(region for region in REGIONS if region_involvement(row, region) >= threshold)


def _lmn_regions(row: SiteRow, out: dict[str, Prediction]) -> None:
    for region in REGIONS:
        involvement = region_involvement(row, region)
        if involvement > 0.0:
            out[f"sens:{region.value}"] = (involvement, _clip(involvement * row.sensory_expect))


def _upper_motor(row: SiteRow, out: dict[str, Prediction]) -> None:
    """Corticospinal signs: brisk reflexes, clonus, extensor plantar, pyramidal weakness."""
    p = UPPER_MOTOR
    weight = row.upper_motor
    brain = row.kind is SiteKind.BRAIN
    for muscle, mrow in MUSCLES.items():
        if mrow.upper_limb:
            explain, expect = p.brain_arm if brain else p.cord_arm
        else:
            explain, expect = p.leg
        key = f"weak:{muscle.value}"
        old = out.get(key, (0.0, 0.0))
        out[key] = (max(old[0], explain * weight), max(old[1], expect * weight))
    for reflex, rrow in REFLEXES.items():
        key = f"hyper:{reflex.value}"
        arm_expect = p.brain_arm_reflex_expect if brain else p.cord_arm_reflex_expect
        expect = arm_expect if rrow.upper_limb else p.leg_reflex_expect
        out[key] = (weight, expect * weight)
        if row.kind is SiteKind.CORD:
            out.setdefault(f"hypo:{reflex.value}", p.cord_spinal_shock)
    out["babinski"] = (weight, p.babinski_expect * weight)
    explain, expect = p.brain_sensory if brain else p.cord_sensory
    for region in REGIONS:
        if region.value == "perianal" and brain:
            continue
        key = f"sens:{region.value}"
        old = out.get(key, (0.0, 0.0))
        out[key] = (max(old[0], explain * weight), max(old[1], expect * weight))


def _length_dependent(out: dict[str, Prediction]) -> None:
    """Polyneuropathy: the longest axons first, so findings follow ``distality``."""
    p = LENGTH_DEPENDENT
    for muscle, mrow in MUSCLES.items():
        explain = _clip((mrow.distality - p.muscle_from) / p.muscle_span)
        if explain > 0.0:
            expect = p.arm_muscle_expect if mrow.upper_limb else p.leg_muscle_expect
            out[f"weak:{muscle.value}"] = (explain, explain * expect)
    for reflex, rrow in REFLEXES.items():
        explain = _clip(rrow.distality / p.reflex_span)
        expect = p.arm_reflex_expect if rrow.upper_limb else p.leg_reflex_expect
        out[f"hypo:{reflex.value}"] = (explain, explain * expect * explain)
    for region, grow in REGIONS.items():
        explain = _clip((grow.distality - p.region_from) / p.region_span)
        if explain > 0.0:
            out[f"sens:{region.value}"] = (explain, p.region_expect * explain * explain)


def _proximal(out: dict[str, Prediction]) -> None:
    """Myopathy: proximal muscles of both girdles, sensation and reflexes spared."""
    p = PROXIMAL
    for muscle, mrow in MUSCLES.items():
        explain = _clip((p.muscle_to - mrow.distality) / p.muscle_span)
        if explain > 0.0:
            expect = p.arm_muscle_expect if mrow.upper_limb else p.leg_muscle_expect
            out[f"weak:{muscle.value}"] = (explain, explain * expect)
    for reflex in REFLEXES:
        out[f"hypo:{reflex.value}"] = p.reflex


def _roots_and_nerves(out: dict[str, Prediction]) -> None:
    """Polyradiculoneuropathy: roots and nerves at once, so proximal and distal muscles weaken
    together, every reflex is lost (global areflexia) and sensation is patchy (EAN/PNS 2023)."""
    p = POLYRADICULAR
    for muscle, mrow in MUSCLES.items():
        out[f"weak:{muscle.value}"] = p.arm_muscle if mrow.upper_limb else p.leg_muscle
    for reflex, rrow in REFLEXES.items():
        out[f"hypo:{reflex.value}"] = p.arm_reflex if rrow.upper_limb else p.leg_reflex
    for region in REGIONS:
        if region.value != "perianal":
            out[f"sens:{region.value}"] = p.region


def _musculoskeletal(row: SiteRow, out: dict[str, Prediction]) -> None:
    """Pain-limited effort: the painful muscle(s) and the provocation tests of the structure."""
    p = MUSCULOSKELETAL
    if row.kind is SiteKind.MUSCLE:
        muscle = row.site.removeprefix("muscle:")
        out[f"painful:{muscle}"] = p.muscle_painful
        out[f"weak:{muscle}"] = p.muscle_weak
        reflex = TENDON_REFLEXES.get(Muscle(muscle))
        if reflex is not None:
            out[f"hypo:{reflex.value}"] = p.torn_tendon_reflex
    else:
        for muscle, mrow in MUSCLES.items():
            if mrow.acts_on_hip:
                out[f"painful:{muscle.value}"] = p.joint_painful
                out[f"weak:{muscle.value}"] = p.joint_weak
        out["painful:quadriceps"] = p.joint_painful_quadriceps


def _special_tests(row: SiteRow, out: dict[str, Prediction]) -> None:
    for test, trow in SPECIAL_TESTS.items():
        weight = trow.points_to.get(row.site, 0.0)
        if weight > 0.0:
            out[f"test:{test.value}"] = (weight, weight * trow.negative_weight)


def limb_predictions(row: SiteRow) -> dict[str, Prediction]:
    """Everything one affected limb of ``row`` explains or predicts, keyed by item."""
    out: dict[str, Prediction] = {}
    if row.roots or row.nerves:
        _lmn_muscles(row, out)
        _lmn_reflexes(row, out)
        _lmn_regions(row, out)
    if row.upper_motor:
        _upper_motor(row, out)
    if row.kind is SiteKind.POLYNEUROPATHY:
        _length_dependent(out)
    elif row.kind is SiteKind.POLYRADICULONEUROPATHY:
        _roots_and_nerves(out)
    elif row.kind is SiteKind.MYOPATHY:
        _proximal(out)
    elif row.kind in MUSCULOSKELETAL_KINDS:
        _musculoskeletal(row, out)
    _special_tests(row, out)
    return out


def axial_predictions(row: SiteRow) -> dict[str, Prediction]:
    """Side-less (history, sensory level) items the site explains or predicts."""
    return dict(row.axial)


def check_site_table() -> list[str]:
    """Names that do not line up with the vocabulary (used by the table-integrity test)."""
    problems = [f"site {site} has no row" for site in SITES if site not in SITE_TABLE]
    problems += [f"row {row.site} is not a vocabulary site" for row in SITE_ROWS if row.site not in SITES]
    known_roots = {*ROOTS, "S2", "S3", "S4", "S5"}
    for row in SITE_ROWS:
        problems += [f"{row.site}: unknown root {root}" for root in row.roots if root not in known_roots]
    return problems

"""Rules as data: composable conditions with three-valued logic, and their interpreter.

A condition is ``Fact(name)`` or ``All``/``Any``/``Not`` over conditions. Evaluating one gives
``True``, ``False`` or ``None`` (unknown: the data was not recorded), together with the findings
it rested on. Missing data is never read as ``False``: ``All`` is ``False`` only when some part is
``False``, ``Any`` is ``True`` as soon as one part is. Rules fire on ``True`` only, and their
``unless`` exceptions block only on ``True``, so an unrecorded exception cannot hide a red flag.

Every condition is turned into two closures when its table is loaded: ``evaluate`` (truth and
evidence) and ``truth`` (the truth alone). Most conditions of an exam are asked only whether they
hold (study rules, caveats, exceptions, and every red-flag trigger that does not fire), and the
truth alone can stop at the first ``True`` part of an ``Any`` and builds no evidence tuples; the
evidence is gathered only for the triggers that hold.

Named facts (``history.fever``, ``duration.lt_14d``, ``lesion.kind.root``, ``flag.stroke``...)
are defined once in ``DIRECT_FACTS`` and ``FACTS`` below; ``check_condition_names`` lets the
table-integrity test prove that every rule only names facts that exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from decisions.engine.decision import RedFlag
from decisions.engine.describe import Citer
from decisions.engine.facts import ExamFacts
from decisions.engine.knowledge.anatomy import MUSCLES, PELVIC_TENDON_MUSCLES, SPECIAL_TESTS
from decisions.engine.knowledge.sites import SiteKind
from decisions.engine.knowledge.thresholds import (
    CHRONIC_DAYS,
    CLEARLY_ABNORMAL,
    ELDERLY_AGE,
    EMG_DAYS,
    GBS_NADIR_DAYS,
    PROXIMAL_DISTALITY,
    RECENT_DAYS,
    RUPTURE_GRADE,
    SIX_WEEKS,
    SIX_WEEKS_DAYS,
    SPARSE_EXAM_ITEMS,
)
from decisions.engine.knowledge.weights import OBJECTIVE_WEAKNESS_GRADE
from decisions.engine.localize import Hypothesis, Localization
from decisions.engine.observations import Findings
from decisions.engine.vocabulary import (
    HISTORY_BOOLEAN_KEYS,
    MRC_GRADE_VALUES,
    SITES,
    Muscle,
    Onset,
    Progression,
    RedFlagCode,
    SensoryRegion,
    SensoryStatus,
    Side,
    SpecialTest,
    TestResult,
    Trauma,
)

Truth = bool | None
Result = tuple[Truth, tuple[str, ...]]  # the finding references it rested on

# The cut-offs live, named and sourced, in knowledge/thresholds.py; read once here.
FEMORAL_STRENGTH = CLEARLY_ABNORMAL.value
REFLEX_LOSS = CLEARLY_ABNORMAL.value


@dataclass(slots=True)
class Context:
    """One exam under evaluation: what the facts functions read, with a memo per exam."""

    facts: ExamFacts
    findings: Findings
    localization: Localization
    lesion: Hypothesis | None
    cite: Citer
    flags: dict[RedFlagCode, RedFlag] = field(default_factory=dict)
    memo: dict[str, Result] = field(default_factory=dict)

    def evidence(self, *refs: str) -> tuple[str, ...]:
        """Finding references; texts are only built for the rules that fire (``cite``)."""
        return refs


Evaluator = Callable[[Context], Result]
Check = Callable[[Context], Truth]  # the truth alone, for conditions whose evidence nobody reads


def _fact_functions(name: str) -> tuple[Evaluator, Check]:
    direct = DIRECT_FACTS.get(name)
    if direct is not None:
        return direct.evaluate, direct.truth
    compute = FACTS[name]

    def memoized(ctx: Context) -> Result:
        cached = ctx.memo.get(name)
        if cached is None:
            cached = compute(ctx)
            ctx.memo[name] = cached
        return cached

    def truth(ctx: Context) -> Truth:
        return memoized(ctx)[0]

    return memoized, truth


def _all_evaluator(parts: tuple[Evaluator, ...]) -> Evaluator:
    def evaluate(ctx: Context) -> Result:
        truth: Truth = True
        evidence: tuple[str, ...] = ()
        for part in parts:
            value, found = part(ctx)
            if value is False:
                return False, found
            if value is None:
                truth = None
            evidence += found
        return truth, evidence

    return evaluate


def _any_evaluator(parts: tuple[Evaluator, ...]) -> Evaluator:
    def evaluate(ctx: Context) -> Result:
        truth: Truth = False
        evidence: tuple[str, ...] = ()
        for part in parts:
            value, found = part(ctx)
            if value is True:
                truth = True
                evidence += found
            elif value is None and truth is False:
                truth = None
        return truth, evidence

    return evaluate


def _all_truth(parts: tuple[Check, ...]) -> Check:
    if len(parts) == 1:
        return parts[0]  # ``All`` of one part is that part

    def truth(ctx: Context) -> Truth:
        result: Truth = True
        for part in parts:
            value = part(ctx)
            if value is False:
                return False
            if value is None:
                result = None
        return result

    return truth


def _any_truth(parts: tuple[Check, ...]) -> Check:
    if len(parts) == 1:
        return parts[0]  # ``Any`` of one part has that part's truth (not its evidence)

    def truth(ctx: Context) -> Truth:
        result: Truth = False
        for part in parts:
            value = part(ctx)
            if value is True:
                return True  # without evidence to collect, the other parts need not be asked
            if value is None:
                result = None
        return result

    return truth


def _not_truth(part: Check) -> Check:
    def truth(ctx: Context) -> Truth:
        value = part(ctx)
        return None if value is None else not value

    return truth


def _not_true_truth(part: Check) -> Check:
    def truth(ctx: Context) -> Truth:
        return part(ctx) is not True

    return truth


@dataclass(frozen=True, slots=True)
class Fact:
    """A named fact (see ``FACTS``); the evaluator is resolved once, when the rule is built."""

    name: str
    evaluate: Evaluator = field(init=False, repr=False, compare=False)
    truth: Check = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        evaluate, truth = _fact_functions(self.name)
        object.__setattr__(self, "evaluate", evaluate)
        object.__setattr__(self, "truth", truth)

    def names(self) -> Iterator[str]:
        yield self.name


@dataclass(frozen=True, slots=True)
class All:
    """True when every part is; False as soon as one is False; otherwise unknown."""

    parts: tuple[Condition, ...]
    evaluate: Evaluator = field(init=False, repr=False, compare=False)
    truth: Check = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "evaluate", _all_evaluator(tuple(p.evaluate for p in self.parts)))
        object.__setattr__(self, "truth", _all_truth(tuple(p.truth for p in self.parts)))

    def names(self) -> Iterator[str]:
        for part in self.parts:
            yield from part.names()


@dataclass(frozen=True, slots=True)
class Any_:
    """True as soon as one part is; False when every part is; otherwise unknown."""

    parts: tuple[Condition, ...]
    evaluate: Evaluator = field(init=False, repr=False, compare=False)
    truth: Check = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "evaluate", _any_evaluator(tuple(p.evaluate for p in self.parts)))
        object.__setattr__(self, "truth", _any_truth(tuple(p.truth for p in self.parts)))

    def names(self) -> Iterator[str]:
        for part in self.parts:
            yield from part.names()


@dataclass(frozen=True, slots=True)
class Not:
    """Negation; unknown stays unknown."""

    part: Condition
    truth: Check = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "truth", _not_truth(self.part.truth))

    def evaluate(self, ctx: Context) -> Result:
        value, found = self.part.evaluate(ctx)
        return (None if value is None else not value), found

    def names(self) -> Iterator[str]:
        yield from self.part.names()


@dataclass(frozen=True, slots=True)
class NotTrue:
    """True unless the part is known to be true: absence of positive evidence.

    Used where an unrecorded item must not block a safety rule (e.g. "bilateral symptoms count
    towards cauda equina unless upper motor neuron signs were found").
    """

    part: Condition
    truth: Check = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "truth", _not_true_truth(self.part.truth))

    def evaluate(self, ctx: Context) -> Result:
        value, found = self.part.evaluate(ctx)
        return value is not True, found if value is True else ()

    def names(self) -> Iterator[str]:
        yield from self.part.names()


Condition = Fact | All | Any_ | Not | NotTrue


def all_of(*parts: Condition | str) -> All:
    """``All`` over conditions; a bare string is a ``Fact`` name."""
    return All(tuple(Fact(p) if isinstance(p, str) else p for p in parts))


def any_of(*parts: Condition | str) -> Any_:
    """``Any`` over conditions; a bare string is a ``Fact`` name."""
    return Any_(tuple(Fact(p) if isinstance(p, str) else p for p in parts))


def not_(part: Condition | str) -> Not:
    return Not(Fact(part) if isinstance(part, str) else part)


def not_true(part: Condition | str) -> NotTrue:
    return NotTrue(Fact(part) if isinstance(part, str) else part)


def unknown(part: Condition | str) -> All:
    """True exactly when ``part`` is unknown (neither known true nor known false)."""
    condition = Fact(part) if isinstance(part, str) else part
    return All((NotTrue(condition), NotTrue(Not(condition))))


def fires(trigger: Condition, unless: Condition | None, ctx: Context) -> tuple[bool, tuple[str, ...]]:
    """A rule fires when its trigger is ``True`` and its exception is not ``True``.

    The trigger's evidence is gathered only once it is known to hold: most triggers do not.
    """
    if trigger.truth(ctx) is not True:
        return False, ()
    evidence = trigger.evaluate(ctx)[1]
    if unless is not None and unless.truth(ctx) is True:
        return False, evidence
    return True, evidence


# ---- named facts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DirectFact:
    """A fact read straight from the exam, the lesion or the flags: its truth, and with evidence.

    Both forms are kept because most conditions only ask for the truth (see the module doc).
    """

    truth: Check
    evaluate: Evaluator


def _cited_when_known(truth: Check, evidence: tuple[str, ...]) -> DirectFact:
    """A fact that cites one fixed reference whenever it is known (the tuple is built once)."""

    def evaluate(ctx: Context) -> Result:
        value = truth(ctx)
        return value, evidence if value is not None else ()

    return DirectFact(truth, evaluate)


def _uncited(truth: Check) -> DirectFact:
    """A fact about the engine's own conclusions (lesion, flags raised): nothing to cite."""

    def evaluate(ctx: Context) -> Result:
        return truth(ctx), ()

    return DirectFact(truth, evaluate)


def _history_fact(attribute: str) -> DirectFact:
    read = attrgetter(attribute)

    def truth(ctx: Context) -> Truth:
        value: Truth = read(ctx.facts.history)
        return value

    return _cited_when_known(truth, (f"history.{attribute}",))


_ONSET_EVIDENCE = ("history.onset",)
_PROGRESSION_EVIDENCE = ("history.progression",)
_TRAUMA_EVIDENCE = ("history.trauma",)
_AGE_EVIDENCE = ("age",)


def _onset(onset: Onset) -> DirectFact:
    def truth(ctx: Context) -> Truth:
        value = ctx.facts.history.onset
        return None if value is None else value is onset

    return _cited_when_known(truth, _ONSET_EVIDENCE)


def _progression(*allowed: Progression) -> DirectFact:
    def truth(ctx: Context) -> Truth:
        value = ctx.facts.history.progression
        return None if value is None else value in allowed

    return _cited_when_known(truth, _PROGRESSION_EVIDENCE)


def _trauma(level: Trauma) -> DirectFact:
    def truth(ctx: Context) -> Truth:
        value = ctx.facts.history.trauma
        return None if value is None else value is level

    return _cited_when_known(truth, _TRAUMA_EVIDENCE)


def _number(attribute: str, test: Callable[[int], bool]) -> DirectFact:
    read = attrgetter(attribute)

    def truth(ctx: Context) -> Truth:
        value = read(ctx.facts.history)
        return None if value is None else test(value)

    return _cited_when_known(truth, (f"history.{attribute}",))


def _age_at_least(years: int) -> DirectFact:
    def truth(ctx: Context) -> Truth:
        age = ctx.facts.age_years
        return None if age is None else age >= years

    return _cited_when_known(truth, _AGE_EVIDENCE)


@lru_cache(maxsize=4096)  # a few hundred references recur across exams; parsing each costs more
def _document_order(ref: str) -> tuple[str, int]:
    name, _, rest = ref.partition("[")
    return name, int(rest.rstrip("]")) if rest else -1


def _refs(ctx: Context, refs: list[str], examined: bool) -> Result:
    """Evidence in document order (never side order, so a mirrored exam cites the same items)."""
    if refs:
        return True, ctx.evidence(*sorted(refs, key=_document_order)[:6])
    return (False, ()) if examined else (None, ())


def _objective_weakness(ctx: Context) -> Result:
    return _refs(ctx, ctx.findings.objective_weakness(), bool(ctx.facts.motor))


def _severe_weakness(ctx: Context) -> Result:
    return _refs(ctx, ctx.findings.severe_weakness(), bool(ctx.facts.motor))


def _bilateral_weakness(ctx: Context) -> Result:
    if not ctx.facts.motor:
        return None, ()
    sides = ctx.findings.weak_sides()
    if len(sides) == 2:
        return _refs(ctx, ctx.findings.objective_weakness(), True)
    return False, ()


def _umn_signs(ctx: Context) -> Result:
    left, right = ctx.findings.umn.values()
    refs = left + right
    return _refs(ctx, refs, bool(ctx.facts.reflexes or ctx.facts.plantar_responses))


def _umn_bilateral(ctx: Context) -> Result:
    left, right = ctx.findings.umn.values()
    if left and right:
        return _refs(ctx, left + right, True)
    return (False, ()) if ctx.facts.reflexes or ctx.facts.plantar_responses else (None, ())


def _umn_unilateral(ctx: Context) -> Result:
    left, right = ctx.findings.umn.values()
    if bool(left) != bool(right):
        return _refs(ctx, left or right, True)
    return (False, ()) if ctx.facts.reflexes or ctx.facts.plantar_responses else (None, ())


_PERIANAL = SensoryRegion.PERIANAL
_POSITIVE = TestResult.POSITIVE
_HIP_TESTS = frozenset((SpecialTest.FADIR, SpecialTest.FABER, SpecialTest.LOG_ROLL))


def _perianal_loss(ctx: Context) -> Result:
    examined = any(s.region is _PERIANAL for s in ctx.facts.sensory)
    return _refs(ctx, ctx.findings.perianal_loss, examined)


def _neuro_deficit(ctx: Context) -> Result:
    refs = [
        ref
        for key, strength, _w, ref in ctx.findings.observations
        if strength > 0.0 and key.startswith(("weak:", "hypo:", "hyper:", "babinski", "sens:", "level:"))
    ]
    examined = bool(ctx.facts.motor or ctx.facts.reflexes or ctx.facts.sensory or ctx.facts.plantar_responses)
    return _refs(ctx, refs, examined)


def _hip_provocation(ctx: Context) -> Result:
    tests = ctx.facts.special_tests
    refs = [
        f"special_tests[{i}]" for i, t in enumerate(tests) if t.test in _HIP_TESTS and t.result is _POSITIVE
    ]
    return _refs(ctx, refs, any(t.test in _HIP_TESTS for t in tests))


_HIP_MUSCLES = frozenset(
    (Muscle.ILIOPSOAS, Muscle.HIP_ADDUCTORS, Muscle.GLUTEUS_MEDIUS, Muscle.GLUTEUS_MAXIMUS)
)
_FEMORAL_KEYS = frozenset(("weak:quadriceps", "hypo:patellar", "sens:anterior_thigh"))


def _painful_hip_weakness(ctx: Context) -> Result:
    motor = ctx.facts.motor
    refs = [ref for ref in ctx.findings.painful if motor[int(ref[6:-1])].muscle in _HIP_MUSCLES]
    return _refs(ctx, refs, bool(motor))


def _femoral_deficit(ctx: Context) -> Result:
    """Quadriceps weakness, a reduced knee jerk or anterior thigh numbness (femoral territory)."""
    refs = [
        ref
        for key, strength, _w, ref in ctx.findings.observations
        if strength >= FEMORAL_STRENGTH and key.split("@")[0] in _FEMORAL_KEYS
    ]
    return _refs(ctx, refs, bool(ctx.facts.motor or ctx.facts.reflexes))


def _arm_involvement(ctx: Context) -> Result:
    """Weak arm muscles, upper motor neuron arm reflexes, or reported arm weakness.

    False only when the arms were examined and found normal and arm weakness is not reported.
    """
    arm = [
        (strength, ref)
        for key, strength, _w, ref in ctx.findings.observations
        if key.split("@")[0] in _ARM_KEYS
    ]
    refs = [ref for strength, ref in arm if strength > 0.0]
    if refs:
        return _refs(ctx, refs, True)
    reported, evidence = _arm_weakness_reported.evaluate(ctx)
    if reported is True:
        return True, evidence
    return (False, ()) if arm else (None, ())


_arm_weakness_reported = _history_fact("arm_weakness")
_ARM_KEYS = frozenset(
    [
        f"weak:{m}"
        for m in ("elbow_flexors", "wrist_extensors", "elbow_extensors", "finger_flexors", "finger_abductors")
    ]
    + [f"hyper:{r}" for r in ("biceps", "brachioradialis", "triceps")]
)


def _bilateral_reflex_loss(ctx: Context) -> Result:
    """A clearly reduced or absent reflex on both sides (areflexia rather than one root)."""
    sides: dict[str, list[str]] = {"left": [], "right": []}
    for key, strength, _w, ref in ctx.findings.observations:
        if strength >= REFLEX_LOSS and key.startswith("hypo:"):
            sides[key.rsplit("@", 1)[1]].append(ref)
    if sides["left"] and sides["right"]:
        return _refs(ctx, sides["left"] + sides["right"], True)
    return (False, ()) if ctx.facts.reflexes else (None, ())


def _no_reflexes(ctx: Context) -> Result:
    return not any(r.grade is not None for r in ctx.facts.reflexes), ()


def _unilateral_weakness(ctx: Context) -> Result:
    """Objective (not pain-limited) weakness on one side only."""
    if not ctx.facts.motor:
        return None, ()
    if len(ctx.findings.weak_sides()) == 1:
        return _refs(ctx, ctx.findings.objective_weakness(), True)
    return False, ()


_RADICULAR_TESTS = frozenset(test for test, row in SPECIAL_TESTS.items() if row.radicular)
_PROVOCATION_TESTS = frozenset(test for test, row in SPECIAL_TESTS.items() if not row.radicular)


def _lmn_evidence(ctx: Context) -> Result:
    """Lower motor neuron or mechanical evidence: reflex loss, a root-tension test that reproduces
    radicular pain, a positive joint or muscle provocation test, or pain-limited weakness."""
    refs = list(ctx.findings.lmn_reflex) + list(ctx.findings.painful)
    for index, test in enumerate(ctx.facts.special_tests):
        if test.result is not _POSITIVE:
            continue
        if test.test in _PROVOCATION_TESTS or test.reproduces_radicular_pain is not False:
            refs.append(f"special_tests[{index}]")
    examined = bool(ctx.facts.reflexes or ctx.facts.special_tests or ctx.facts.motor)
    return _refs(ctx, refs, examined)


def _painful_weakness(ctx: Context) -> Result:
    return _refs(ctx, list(ctx.findings.painful), bool(ctx.facts.motor))


_OBJECTIVE_SIGN_PREFIXES = ("hypo:", "hyper:", "babinski", "sens:", "level:")


def _objective_neuro_sign(ctx: Context) -> Result:
    """An examiner-independent neurological sign: a reflex change, an extensor plantar, sensory
    change or level, or a root-tension test that reproduces radicular pain."""
    refs = [
        ref
        for key, strength, _w, ref in ctx.findings.observations
        if strength > 0.0 and key.startswith(_OBJECTIVE_SIGN_PREFIXES)
    ]
    refs += [
        f"special_tests[{index}]"
        for index, test in enumerate(ctx.facts.special_tests)
        if test.result is _POSITIVE and test.test in _RADICULAR_TESTS and test.reproduces_radicular_pain
    ]
    facts = ctx.facts
    examined = bool(facts.reflexes or facts.sensory or facts.plantar_responses or facts.special_tests)
    return _refs(ctx, refs, examined)


def _generalized_weakness(ctx: Context) -> Result:
    """Weakness of both sides that reaches the arms, or both hip girdles (hip flexion and another
    proximal muscle on each side): the pattern of muscle, neuromuscular or polyradicular disease,
    wider than any one root (a bilateral L5 root weakens gluteus medius, never hip flexion)."""
    if not ctx.facts.motor:
        return None, ()
    if len(ctx.findings.weak_sides()) < 2:
        return False, ()
    arms: list[str] = []
    girdle: dict[Side, list[tuple[Muscle, str]]] = {Side.LEFT: [], Side.RIGHT: []}
    truly_weak: set[Side] = set()
    for ref in [*ctx.findings.objective_weakness(), *ctx.findings.painful]:
        finding = ctx.facts.motor[int(ref[6:-1])]
        row = MUSCLES[finding.muscle]
        if row.upper_limb and ref not in ctx.findings.painful:
            arms.append(ref)
        elif not row.upper_limb and row.distality <= PROXIMAL_DISTALITY.value:
            girdle[finding.side].append((finding.muscle, ref))
            if ref not in ctx.findings.painful:
                truly_weak.add(finding.side)
    # Pain-limited girdle muscles count (myalgia with weakness: myositis, rhabdomyolysis) once a
    # girdle muscle on that side is truly weak, so two painful hips alone never make it generalized.
    both_girdles = all(
        side in truly_weak and len(found) >= 2 and any(muscle is Muscle.ILIOPSOAS for muscle, _ref in found)
        for side, found in girdle.items()
    )
    if arms or both_girdles:
        proximal = [ref for found in girdle.values() for _muscle, ref in found] if both_girdles else []
        return _refs(ctx, arms + proximal, True)
    return False, ()


def _marked_weakness(ctx: Context) -> Result:
    """A leg muscle at or below the rupture grade (MRC 3), pain-limited or not."""
    refs = [
        f"motor[{index}]"
        for index, finding in enumerate(ctx.facts.motor)
        if MRC_GRADE_VALUES.get(finding.grade, 5.0) <= RUPTURE_GRADE.value
        and not MUSCLES[finding.muscle].upper_limb
    ]
    return _refs(ctx, refs, bool(ctx.facts.motor))


def _proximal_femoral_deficit(ctx: Context) -> Result:
    """Hip flexion weak (true or pain-limited) on the side of a femoral deficit: the lesion lies
    above the inguinal ligament, where the femoral nerve still supplies iliacus."""
    femoral: set[str] = set()
    for key, strength, _w, _ref in ctx.findings.observations:
        item, _, side = key.partition("@")
        if strength >= FEMORAL_STRENGTH and item in _FEMORAL_KEYS:
            femoral.add(side)
    refs = [
        f"motor[{index}]"
        for index, finding in enumerate(ctx.facts.motor)
        if finding.muscle is Muscle.ILIOPSOAS
        and finding.side.value in femoral
        and MRC_GRADE_VALUES.get(finding.grade, 5.0) < 5.0
    ]
    return _refs(ctx, refs, bool(ctx.facts.motor))


def _give_way_whole_limb(ctx: Context) -> Result:
    """Pain-limited (give-way) weakness of both proximal and distal muscles of one leg."""
    regions: dict[Side, set[bool]] = {Side.LEFT: set(), Side.RIGHT: set()}
    refs: list[str] = []
    for ref in ctx.findings.painful:
        finding = ctx.facts.motor[int(ref[6:-1])]
        row = MUSCLES[finding.muscle]
        if not row.upper_limb:
            regions[finding.side].add(row.distality <= PROXIMAL_DISTALITY.value)
            refs.append(ref)
    if any(len(found) == 2 for found in regions.values()):
        return _refs(ctx, refs, True)
    return False, ()


def _single_muscle_marked_weakness(ctx: Context) -> Result:
    """Exactly one leg muscle weak (true or pain-limited) and it at the rupture grade or below."""
    weak = [
        (index, finding)
        for index, finding in enumerate(ctx.facts.motor)
        if MRC_GRADE_VALUES.get(finding.grade, 5.0) <= OBJECTIVE_WEAKNESS_GRADE
        and not MUSCLES[finding.muscle].upper_limb
    ]
    if not ctx.facts.motor:
        return None, ()
    if len(weak) == 1 and MRC_GRADE_VALUES[weak[0][1].grade] <= RUPTURE_GRADE.value:
        return True, ctx.evidence(f"motor[{weak[0][0]}]")
    return False, ()


def _sensory_loss(ctx: Context) -> Result:
    refs = [
        ref
        for key, strength, _w, ref in ctx.findings.observations
        if strength > 0.0 and key.startswith(("sens:", "level:"))
    ]
    return _refs(ctx, refs, bool(ctx.facts.sensory or ctx.facts.spinal_level))


def _examined_limb_items(facts: ExamFacts) -> int:
    motor = sum(1 for m in facts.motor if m.grade in MRC_GRADE_VALUES)
    reflexes = sum(1 for r in facts.reflexes if r.grade is not None)
    sensory = sum(1 for s in facts.sensory if s.status is not SensoryStatus.NOT_TESTED)
    return motor + reflexes + sensory + len(facts.plantar_responses)


def _sparse_exam(ctx: Context) -> Result:
    if ctx.facts.cord_injury is not None:
        return False, ()  # an ISNCSCI worksheet is a complete segmental examination
    return _examined_limb_items(ctx.facts) < SPARSE_EXAM_ITEMS.value, ()


def _level_ref(facts: ExamFacts) -> str:
    return "sensory_level" if facts.sensory_level is not None else "isncsci"


def _sensory_level_at(prefix: str) -> Callable[[Context], Result]:
    """The cord level (a sensory level, else an ISNCSCI neurological level) at this segment group."""

    def compute(ctx: Context) -> Result:
        level = ctx.facts.spinal_level
        if level is None:
            return None, ()
        return level.startswith(prefix), ctx.evidence(_level_ref(ctx.facts))

    return compute


def _sensory_level(ctx: Context) -> Result:
    if ctx.facts.spinal_level is None:
        return None, ()
    return True, ctx.evidence(_level_ref(ctx.facts))


def _lesion_present(ctx: Context) -> Truth:
    return ctx.lesion is not None


def _lesion_uncertain(ctx: Context) -> Result:
    return ctx.lesion is not None and ctx.localization.close_call, ()


def _any_flag(ctx: Context) -> Truth:
    return bool(ctx.flags)


def _lesion_kind(kind: SiteKind) -> DirectFact:
    def truth(ctx: Context) -> Truth:
        return ctx.lesion is not None and ctx.lesion.row.kind is kind

    return _uncited(truth)


def _lesion_pelvic_tendon_muscle(ctx: Context) -> Truth:
    """The lesion is a muscle whose proximal tendon attaches to the pelvis (pelvic MRI images it)."""
    if ctx.lesion is None or ctx.lesion.row.kind is not SiteKind.MUSCLE:
        return False
    return Muscle(ctx.lesion.row.site.removeprefix("muscle:")) in PELVIC_TENDON_MUSCLES


def _lesion_site(site: str) -> DirectFact:
    def truth(ctx: Context) -> Truth:
        return ctx.lesion is not None and ctx.lesion.row.site == site

    return _uncited(truth)


def _flag(code: RedFlagCode) -> DirectFact:
    """A raised flag; it cites the findings the flag rests on."""

    def truth(ctx: Context) -> Truth:
        return code in ctx.flags

    def evaluate(ctx: Context) -> Result:
        flag = ctx.flags.get(code)
        return (False, ()) if flag is None else (True, tuple(item.finding for item in flag.evidence))

    return DirectFact(truth, evaluate)


# Facts read straight from the exam or the flags, never memoized: history and age facts are one
# attribute read (a memo lookup would cost as much), and flags change while an exam is evaluated
# (they are raised one by one).
DIRECT_FACTS: dict[str, DirectFact] = {
    **{f"lesion.kind.{kind.value}": _lesion_kind(kind) for kind in SiteKind},
    **{f"lesion.site.{site}": _lesion_site(site) for site in SITES},
    **{f"flag.{code.value}": _flag(code) for code in RedFlagCode},
    "flag.any": _uncited(_any_flag),
    "lesion.present": _uncited(_lesion_present),
    "lesion.pelvic_tendon_muscle": _uncited(_lesion_pelvic_tendon_muscle),
    **{f"history.{key}": _history_fact(key) for key in HISTORY_BOOLEAN_KEYS},
    "onset.sudden": _onset(Onset.SUDDEN),
    "onset.acute": _onset(Onset.ACUTE),
    "onset.gradual": _onset(Onset.GRADUAL),
    "progression.worsening": _progression(Progression.WORSENING, Progression.RAPIDLY_WORSENING),
    "progression.rapid": _progression(Progression.RAPIDLY_WORSENING),
    "progression.stable_or_improving": _progression(Progression.STABLE, Progression.IMPROVING),
    "trauma.major": _trauma(Trauma.MAJOR),
    "trauma.minor": _trauma(Trauma.MINOR),
    "duration.lt_14d": _number("symptom_duration_days", lambda d: d < RECENT_DAYS.value),
    "duration.ge_21d": _number("symptom_duration_days", lambda d: d >= EMG_DAYS.value),
    "duration.ge_42d": _number("symptom_duration_days", lambda d: d >= SIX_WEEKS_DAYS.value),
    "duration.ge_56d": _number("symptom_duration_days", lambda d: d >= GBS_NADIR_DAYS.value),
    "duration.chronic": _number("symptom_duration_days", lambda d: d >= CHRONIC_DAYS.value),
    "care.ge_6wk": _number("conservative_care_weeks", lambda w: w >= SIX_WEEKS.value),
    "age.elderly": _age_at_least(int(ELDERLY_AGE.value)),
}


# Facts that scan the findings: computed once per exam (``Context.memo``).
FACTS: dict[str, Callable[[Context], Result]] = {
    "exam.objective_weakness": _objective_weakness,
    "exam.severe_weakness": _severe_weakness,
    "exam.bilateral_weakness": _bilateral_weakness,
    "exam.umn_signs": _umn_signs,
    "exam.umn_bilateral": _umn_bilateral,
    "exam.umn_unilateral": _umn_unilateral,
    "exam.perianal_loss": _perianal_loss,
    "exam.neuro_deficit": _neuro_deficit,
    "exam.hip_provocation": _hip_provocation,
    "exam.painful_hip_weakness": _painful_hip_weakness,
    "exam.femoral_deficit": _femoral_deficit,
    "exam.arm_involvement": _arm_involvement,
    "exam.sensory_level": _sensory_level,
    "exam.bilateral_reflex_loss": _bilateral_reflex_loss,
    "exam.no_reflexes": _no_reflexes,
    "exam.unilateral_weakness": _unilateral_weakness,
    "exam.lmn_evidence": _lmn_evidence,
    "exam.generalized_weakness": _generalized_weakness,
    "exam.marked_weakness": _marked_weakness,
    "exam.painful_weakness": _painful_weakness,
    "exam.give_way_whole_limb": _give_way_whole_limb,
    "exam.single_muscle_marked_weakness": _single_muscle_marked_weakness,
    "exam.sensory_loss": _sensory_loss,
    "exam.objective_neuro_sign": _objective_neuro_sign,
    "exam.proximal_femoral_deficit": _proximal_femoral_deficit,
    "exam.sparse": _sparse_exam,
    "exam.sensory_level_thoracic": _sensory_level_at("T"),
    "exam.sensory_level_cervical": _sensory_level_at("C"),
    "lesion.uncertain": _lesion_uncertain,
}


def check_condition_names(condition: Condition) -> list[str]:
    """Fact names in ``condition`` that are not defined (for the table-integrity test)."""
    return [name for name in condition.names() if name not in FACTS and name not in DIRECT_FACTS]

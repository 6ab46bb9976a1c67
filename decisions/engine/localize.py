"""Localization: score every candidate site (each side) by how well it explains the findings.

For a hypothesis H (a site on one side, both sides, or for the brain a hemisphere) and the
observations of one exam:

    explained  E = sum over abnormal items of  weight * strength * explain_H(item)
    unexplained U = sum over abnormal items of weight * strength * (1 - explain_H(item))
    spared     S = sum over normal items of    weight * expect_H(item)
    raw(H)     = E - UNEXPLAINED * U - SPARED * S + prior(H)

``explain``/``expect`` come from the site table (``knowledge/sites.py``), so discriminations such
as L4 root vs femoral nerve follow from anatomy, not from code. Everything is precomputed at
import time into inverted indexes (item -> hypotheses that explain / expect it), so one exam
costs one pass over its observations.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from operator import itemgetter
from types import MappingProxyType

from decisions.engine.decision import Evidence, SiteAssessment
from decisions.engine.describe import Citer
from decisions.engine.knowledge.anatomy import MUSCLES, REFLEXES, REGIONS
from decisions.engine.knowledge.sites import (
    SITE_ROWS,
    Prediction,
    SiteKind,
    SiteRow,
    axial_predictions,
    limb_predictions,
)
from decisions.engine.knowledge.weights import (
    CHANNELS,
    CLOSE_MARGIN,
    SOFTMAX_SHARPNESS,
    SPARED,
    UNEXPLAINED,
)
from decisions.engine.observations import HISTORY_ITEMS, Findings
from decisions.engine.vocabulary import LesionSide, Side

BILATERAL_ITEM = "hx:bilateral"
EVIDENCE_DEPTH = 3  # differential entries that get supporting/conflicting lists
EVIDENCE_ITEMS = 6  # strongest items per list; the rest add little for a reader
TIE = 1e-9
_NO_ENTRIES: tuple[tuple[int, float], ...] = ()
SUPPORT_THRESHOLD = 0.5
CONFLICT_EXPLAIN_BELOW = 0.25
CONFLICT_EXPECT_FROM = 0.3

_LIMBS: dict[LesionSide, tuple[Side, ...]] = {
    LesionSide.LEFT: (Side.LEFT,),
    LesionSide.RIGHT: (Side.RIGHT,),
    LesionSide.BILATERAL: (Side.LEFT, Side.RIGHT),
}
_OPPOSITE = {LesionSide.LEFT: LesionSide.RIGHT, LesionSide.RIGHT: LesionSide.LEFT}
_LESION_LEFT, _LESION_RIGHT, _ROOT = LesionSide.LEFT, LesionSide.RIGHT, SiteKind.ROOT


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """A site on a given side, with its predictions keyed by sided item (``weak:quadriceps@left``)."""

    index: int
    row: SiteRow
    site: str  # row.site, read for every differential entry
    side: LesionSide | None  # None only for a one-sided site read from mirror-image findings
    prior: float
    predictions: Mapping[str, Prediction]
    label: str
    strong_expectations: tuple[tuple[str, float], ...]
    explains: Mapping[str, float]  # item -> explain, for the items it explains at all


def _label(row: SiteRow, side: LesionSide) -> str:
    if len(row.sides) == 1:
        return row.label[0].upper() + row.label[1:]
    return f"{side.value.capitalize()} {row.label}"


def _expand(index: int, row: SiteRow, side: LesionSide) -> Hypothesis:
    limb = limb_predictions(row)
    affected = _LIMBS[_OPPOSITE[side]] if row.contralateral else _LIMBS[side]
    predictions: dict[str, Prediction] = dict(axial_predictions(row))
    if len(affected) == 1:
        predictions.pop(BILATERAL_ITEM, None)  # one limb cannot explain symptoms in both legs
    for limb_side in affected:
        for key, value in limb.items():
            predictions[f"{key}@{limb_side.value}"] = value
    if row.crossed_sensory and side in _OPPOSITE:
        # Brown-Sequard: a hemicord lesion takes pain and temperature from the opposite leg.
        opposite = _OPPOSITE[side].value
        for key in limb:
            if key.startswith("sens:") and key != "sens:perianal":
                predictions.setdefault(f"{key}@{opposite}", (1.0, 0.0))
    prior = row.prior + (row.bilateral_prior if side is LesionSide.BILATERAL and len(row.sides) > 1 else 0.0)
    strong = tuple((key, value[1]) for key, value in predictions.items() if value[1] >= CONFLICT_EXPECT_FROM)
    label = _label(row, side)
    explains = MappingProxyType({key: value[0] for key, value in predictions.items() if value[0] > 0.0})
    return Hypothesis(
        index, row, row.site, side, prior, MappingProxyType(predictions), label, strong, explains
    )


def _build() -> tuple[Hypothesis, ...]:
    rows = [(row, side) for row in SITE_ROWS for side in row.sides]
    return tuple(_expand(index, row, side) for index, (row, side) in enumerate(rows))


HYPOTHESES: tuple[Hypothesis, ...] = _build()


def _index(position: int) -> Mapping[str, tuple[tuple[int, float], ...]]:
    table: dict[str, list[tuple[int, float]]] = {}
    for hypothesis in HYPOTHESES:
        for key, prediction in hypothesis.predictions.items():
            if prediction[position] > 0.0:
                table.setdefault(key, []).append((hypothesis.index, prediction[position]))
    return MappingProxyType({key: tuple(entries) for key, entries in table.items()})


EXPLAIN_INDEX = _index(0)
EXPECT_INDEX = _index(1)
PRIORS: tuple[float, ...] = tuple(h.prior for h in HYPOTHESES)
MIRROR_INDEX: tuple[int, ...] = tuple(
    next(
        (
            m.index
            for m in HYPOTHESES
            if m.row is h.row and h.side is not None and m.side is _OPPOSITE.get(h.side, h.side)
        ),
        h.index,
    )
    for h in HYPOTHESES
)
SITE_GROUPS: tuple[tuple[Hypothesis, ...], ...] = tuple(
    tuple(h for h in HYPOTHESES if h.row is row) for row in SITE_ROWS
)


@dataclass(frozen=True, slots=True)
class Localization:
    """Ranked sites (best side of each), with the total abnormal weight they were measured on."""

    ranked: tuple[tuple[Hypothesis, float], ...]
    total: float
    assessments: tuple[SiteAssessment, ...]
    uncertainty: tuple[str, ...]
    close_call: bool = False  # the runner-up explains the findings almost as well as the leader


def _standard_keys() -> tuple[str, ...]:
    """The items of a complete lower-limb exam and history, left before right for each item."""
    items = [f"weak:{m.value}" for m, row in MUSCLES.items() if not row.upper_limb]
    items += [
        f"{channel}:{r.value}"
        for r, row in REFLEXES.items()
        if not row.upper_limb
        for channel in ("hypo", "hyper")
    ]
    items += ["babinski"] + [f"sens:{g.value}" for g in REGIONS]
    sided = tuple(f"{item}@{side.value}" for item in items for side in (Side.LEFT, Side.RIGHT))
    return sided + tuple(key for key, _attribute in HISTORY_ITEMS) + ("hx:sudden",)


def _channel_weight(key: str) -> float:
    item = key.split("@")[0]
    return CHANNELS[item].weight if item in CHANNELS else CHANNELS[item.split(":")[0]].weight


STANDARD_KEYS = _standard_keys()
_STANDARD_SET = frozenset(STANDARD_KEYS)


def _penalties() -> Mapping[str, tuple[tuple[int, float], ...]]:
    """Per item: what a normal result costs each hypothesis, ``SPARED * weight * expect``."""
    return MappingProxyType(
        {
            key: tuple((index, SPARED * _channel_weight(key) * expect) for index, expect in entries)
            for key, entries in EXPECT_INDEX.items()
        }
    )


PENALTY_INDEX = _penalties()


def _standard_spared() -> tuple[float, ...]:
    """What each hypothesis loses when every standard item is recorded normal.

    Most exams record nearly the whole standard set, so ``raw_scores`` starts from this and
    corrects only for the standard items that are abnormal or missing: far fewer steps.
    """
    spared = [0.0] * len(HYPOTHESES)
    for key in STANDARD_KEYS:
        for index, penalty in PENALTY_INDEX.get(key, _NO_ENTRIES):
            spared[index] += penalty
    return tuple(spared)


STANDARD_SPARED = _standard_spared()
_STANDARD_SPARED_LESS_PRIOR = tuple(s - p for s, p in zip(STANDARD_SPARED, PRIORS, strict=True))
_STANDARD_ORDER = {key: position for position, key in enumerate(STANDARD_KEYS)}


def raw_scores(findings: Findings) -> tuple[list[float], float]:
    """``raw(H)`` for every hypothesis, and the total weight of abnormal findings."""
    raw, total, _split = _score(findings)
    return raw, total


@dataclass(frozen=True, slots=True)
class _Split:
    """One exam's observations split once: abnormal ones, and normal ones by item key."""

    abnormal: tuple[tuple[int, str, float, str], ...]
    normal: Mapping[str, tuple[int, float, str]]
    heavier: LesionSide  # the side with more abnormal weight (breaks exact left/right ties)
    symmetric: bool  # the abnormal findings of one side mirror the other's exactly
    unsided: bool  # no abnormal finding has a side (a history-only picture): no side to name


def _mirror_symmetric(abnormal: list[tuple[int, str, float, str]]) -> bool:
    """True when there are sided abnormal findings and each side's are the other's mirror image."""
    sides: dict[str, list[tuple[str, float]]] = {"left": [], "right": []}
    for _position, key, amount, _ref in abnormal:
        item, _, side = key.partition("@")
        if side in sides:
            sides[side].append((item, round(amount, 9)))
    return bool(sides["left"]) and sorted(sides["left"]) == sorted(sides["right"])


def _score(findings: Findings) -> tuple[list[float], float, _Split]:
    """``raw(H)`` for every hypothesis, the total abnormal weight, and the split observations.

    One pass over the observations serves both the scores and the evidence lists (abnormal
    items in document order, normal items by key), so an exam is walked once, not twice.
    """
    explained = [0.0] * len(HYPOTHESES)
    spared = list(_STANDARD_SPARED_LESS_PRIOR)  # the prior rides along: raw = gain * E - floor - spared
    total = left = right = 0.0
    abnormal: list[tuple[int, str, float, str]] = []
    normal: dict[str, tuple[int, float, str]] = {}
    explain_index, penalty_index, standard = EXPLAIN_INDEX.get, PENALTY_INDEX.get, _STANDARD_SET
    for position, (key, strength, weight, ref) in enumerate(findings.observations):
        if strength > 0.0:
            amount = weight * strength
            total += amount
            abnormal.append((position, key, amount, ref))
            if key.endswith("@left"):
                left += amount
            elif key.endswith("@right"):
                right += amount
            for index, explain in explain_index(key, _NO_ENTRIES):
                explained[index] += amount * explain
        else:
            if key not in standard:
                for index, penalty in penalty_index(key, _NO_ENTRIES):
                    spared[index] += penalty
            normal[key] = (position, weight, ref)
    # STANDARD_SPARED counted every standard item as normal: take back those that were not (abnormal
    # or not recorded, usually a handful), found by one set difference and taken in STANDARD_KEYS
    # order, so each hypothesis subtracts its penalties in the same order and its float is the same.
    for key in sorted(standard.difference(normal), key=_STANDARD_ORDER.__getitem__):
        for index, penalty in penalty_index(key, _NO_ENTRIES):
            spared[index] -= penalty
    if findings.near_normal:
        total, left, right = _discount_near_normal(findings, explained, total, left, right)
    gain = 1.0 + UNEXPLAINED
    floor = UNEXPLAINED * total
    raw = [gain * e - floor - s for e, s in zip(explained, spared, strict=True)]
    heavier = _LESION_RIGHT if right > left else _LESION_LEFT
    # Equal side weights first (cheap); only then compare the findings item by item.
    symmetric = left > 0.0 and math.isclose(left, right) and _mirror_symmetric(abnormal)
    split = _Split(tuple(abnormal), normal, heavier, symmetric, left == right == 0.0)
    return raw, total, split


def _discount_near_normal(
    findings: Findings, explained: list[float], total: float, left: float, right: float
) -> tuple[float, float, float]:
    """MRC 5-, the least reproducible grade, beside clear weakness of the same leg: it supports
    the sites that explain it but never counts against the others, so it cannot overturn the
    pattern the clear weakness draws. Taken back after the main pass (5- grades are rare)."""
    clear = {side.value for side in findings.weak_sides()}
    share = UNEXPLAINED / (1.0 + UNEXPLAINED)
    for key, amount in findings.near_normal:
        side = key.rpartition("@")[2]
        if side not in clear:
            continue
        total -= amount
        if side == "left":
            left -= amount
        else:
            right -= amount
        for index, explain in EXPLAIN_INDEX.get(key, _NO_ENTRIES):
            explained[index] -= amount * explain * share
    return total, left, right


def _best_per_site(raw: list[float], heavier: LesionSide, symmetric: bool) -> list[tuple[Hypothesis, float]]:
    """The best side of every site, best site first.

    An exact left/right tie goes to the side with more abnormal findings, so a mirrored exam
    gets the mirrored answer. When the findings are the same on both sides, a site that can be
    bilateral is taken bilaterally: a symmetric exam has no side to name.
    """
    if symmetric:
        best = [(h, raw[h.index]) for h in _SYMMETRIC_CHOICE]
        best.sort(key=_SECOND, reverse=True)
        return best
    best = []
    for top, others in _GROUP_HEADS:
        top_value = raw[top.index]
        for hypothesis in others:
            value = raw[hypothesis.index]
            if value > top_value + TIE or (
                value > top_value - TIE and hypothesis.side is heavier and top.side is not heavier
            ):
                top, top_value = hypothesis, value
        best.append((top, top_value))
    best.sort(key=_SECOND, reverse=True)  # stable: equal scores keep the table's site order
    return best


_GROUP_HEADS = tuple((group[0], group[1:]) for group in SITE_GROUPS)


_SIDELESS_LABELS: tuple[str | None, ...] = tuple(
    f"{h.row.label[0].upper()}{h.row.label[1:]} (side not determined)" if h.side in _OPPOSITE else None
    for h in HYPOTHESES
)
# For findings that mirror each other: each site's bilateral hypothesis where it has one, else
# its first with no side named (the same predictions; only the side and label differ).
_SYMMETRIC_CHOICE = tuple(
    next(
        (h for h in group if h.side is LesionSide.BILATERAL),
        replace(group[0], side=None, label=_SIDELESS_LABELS[group[0].index] or group[0].label),
    )
    for group in SITE_GROUPS
)
_SECOND = itemgetter(1)


def _narrow(
    ranked: list[tuple[Hypothesis, float]], allowed: frozenset[SiteKind] | None, symmetric: bool, total: float
) -> list[tuple[Hypothesis, float]]:
    """Rank the sites the presentation allows (and, for a symmetric exam, the two-sided ones) first.

    The others stay in the differential, scored below the weakest allowed site, so a clinician
    still sees them; nothing is dropped.
    """

    if allowed is None and not symmetric:
        return ranked
    inside: list[tuple[Hypothesis, float]] = []
    outside: list[tuple[Hypothesis, float]] = []
    for pair in ranked:
        hypothesis = pair[0]
        fits = (allowed is None or hypothesis.row.kind in allowed) and not (
            symmetric and hypothesis.side is not LesionSide.BILATERAL
        )
        (inside if fits else outside).append(pair)
    if not inside or not outside:
        return ranked
    floor = inside[-1][1] - max(total, 1.0)
    return inside + [(h, value if value < floor else floor) for h, value in outside]


def _evidence(
    hypothesis: Hypothesis, split: _Split, cite: Citer
) -> tuple[tuple[Evidence, ...], tuple[Evidence, ...]]:
    """What supports and what contradicts one hypothesis, strongest first."""
    supporting: list[tuple[float, int, str, str]] = []
    conflicting: list[tuple[float, int, str, str]] = []
    explains, normal_items = hypothesis.explains.get, split.normal.get
    for position, key, amount, ref in split.abnormal:
        explain = explains(key, 0.0)
        if explain >= SUPPORT_THRESHOLD:
            supporting.append((-amount * explain, position, ref, ""))
        elif explain < CONFLICT_EXPLAIN_BELOW:
            conflicting.append((-amount, position, ref, ": not explained"))
    for key, expect in hypothesis.strong_expectations:
        normal = normal_items(key)
        if normal is not None:
            conflicting.append((-normal[1] * expect, normal[0], normal[2], ": expected abnormal"))
    # Strongest first, then document order: never side order, so mirrored exams read the same.
    supporting.sort()
    conflicting.sort()
    return (
        tuple([cite(ref, suffix) for _w, _p, ref, suffix in supporting[:EVIDENCE_ITEMS]]),
        tuple([cite(ref, suffix) for _w, _p, ref, suffix in conflicting[:EVIDENCE_ITEMS]]),
    )


def _shares(ranked: list[tuple[Hypothesis, float]], total: float) -> list[float]:
    scale = SOFTMAX_SHARPNESS / max(total, 1.0)
    top = ranked[0][1]
    weights = [math.exp(scale * (value - top)) for _h, value in ranked]
    norm = sum(weights)
    return [w / norm for w in weights]


def _named(hypothesis: Hypothesis, raw: list[float]) -> str:
    """The label, without a side when the other side scores exactly the same (no side to name)."""
    if (
        abs(raw[hypothesis.index] - raw[MIRROR_INDEX[hypothesis.index]]) < TIE
        and hypothesis.side in _OPPOSITE
    ):
        return f"{hypothesis.row.label[0].upper()}{hypothesis.row.label[1:]} (either side)"
    return hypothesis.label


def _close_call(ranked: list[tuple[Hypothesis, float]], total: float) -> bool:
    return ranked[0][1] - ranked[1][1] < CLOSE_MARGIN * max(total, 1.0)


def _uncertainty(ranked: list[tuple[Hypothesis, float]], total: float, raw: list[float]) -> list[str]:
    notes: list[str] = []
    (first, top), (second, _runner_up) = ranked[0], ranked[1]
    if _close_call(ranked, total):
        notes.append(
            f"{_named(first, raw)} and {_named(second, raw)} explain the findings almost equally well;"
            " the examination alone cannot separate them."
        )
    if top < 0.5 * total:
        notes.append(f"{_named(first, raw)} leaves a substantial part of the findings unexplained.")
    if first.row.kind is _ROOT:
        notes.append("Adjacent roots overlap (L3/L4, L4/L5, L5/S1); a neighbouring level remains possible.")
    return notes


def _fit(value: float, scale: float) -> float:
    """How much of the abnormal weight a site explains, net of contradictions, clamped to 0..1."""
    fit = value * scale
    return 0.0 if fit < 0.0 else 1.0 if fit > 1.0 else fit


# SiteAssessment(...) runs the named tuple's Python-level __new__; ~40 are built per exam, so
# they are built straight from their field tuple (same type, same fields, same order).
_new_assessment = tuple.__new__


def _sideless(hypothesis: Hypothesis, assessment: SiteAssessment) -> SiteAssessment:
    """The findings name no side (none is sided, or both sides mirror each other): a site that is
    only ever one-sided gets no side rather than an arbitrary one."""
    label = _SIDELESS_LABELS[hypothesis.index]
    return assessment if label is None else assessment._replace(side=None, label=label)


def localize(findings: Findings, cite: Citer, allowed: frozenset[SiteKind] | None = None) -> Localization:
    """Rank all sites, those of the allowed kinds first (the presentation); attach evidence."""
    raw, total, split = _score(findings)
    ranked = _narrow(_best_per_site(raw, split.heavier, split.symmetric), allowed, split.symmetric, total)
    shares = _shares(ranked, total)
    scale = 1.0 / total if total > 0.0 else 0.0
    assessments = [
        _new_assessment(
            SiteAssessment,
            (h.site, h.side, h.label, share, _fit(value, scale), *_evidence(h, split, cite)),
        )
        for (h, value), share in zip(ranked[:EVIDENCE_DEPTH], shares, strict=False)
    ]
    assessments += [
        _new_assessment(SiteAssessment, (h.site, h.side, h.label, share, _fit(value, scale), (), ()))
        for (h, value), share in zip(ranked[EVIDENCE_DEPTH:], shares[EVIDENCE_DEPTH:], strict=True)
    ]
    if split.unsided:  # no finding is sided: one-sided sites name none (mirror images: see above)
        assessments = [
            _sideless(h, assessment) for (h, _value), assessment in zip(ranked, assessments, strict=True)
        ]
    return Localization(
        tuple(ranked),
        total,
        tuple(assessments),
        tuple(_uncertainty(ranked, total, raw)),
        _close_call(ranked, total),
    )

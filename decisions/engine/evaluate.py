"""The entry point: exam facts in, decision out.

Order of reasoning (clinical-knowledge.md 5.0): observe the findings, localize, classify the
pattern, screen for red flags (independently of how sure the localization is), then choose
studies and set the urgency. Pure functions over frozen data; no I/O, no framework.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from decisions.engine.compare import Change, ComparedWith, EarlierExam, compare, within_window
from decisions.engine.decision import Decision, Evidence, NotRecommended, Recommendation, RedFlag
from decisions.engine.describe import Citer
from decisions.engine.facts import ExamFacts
from decisions.engine.knowledge.caveats import CAVEATS
from decisions.engine.knowledge.presentations import PRESENTATIONS, Presentation
from decisions.engine.knowledge.recommendations import ADVISE_AGAINST, STUDY_RULES, StudyRule
from decisions.engine.knowledge.red_flags import RED_FLAG_RULES
from decisions.engine.localize import Hypothesis, Localization, localize
from decisions.engine.observations import observe
from decisions.engine.pattern import classify
from decisions.engine.rules import Check, Condition, Context, fires
from decisions.engine.vocabulary import URGENCY_RANK, RedFlagCode, Study, Urgency

_SEVERE = RedFlagCode.SEVERE_MOTOR_DEFICIT
_PROGRESSIVE = RedFlagCode.PROGRESSIVE_MOTOR_DEFICIT
_PROGRESSIVE_RULE = next(rule for rule in RED_FLAG_RULES if rule.code is _PROGRESSIVE)
_COMPARISON_SOURCE = "design-serial-comparison"
_ROUTINE, _NONE = Urgency.ROUTINE, Urgency.NONE


def _max_urgency(values: list[Urgency], default: Urgency) -> Urgency:
    return max(values, key=URGENCY_RANK.__getitem__, default=default)


def _red_flags(ctx: Context) -> None:
    for rule in RED_FLAG_RULES:
        fired, evidence = fires(rule.trigger, rule.unless, ctx)
        if not fired:
            continue
        urgency = rule.urgency
        for condition, level in rule.urgency_when:
            if condition.truth(ctx) is True:
                urgency = level
                evidence += condition.evaluate(ctx)[1]
                break
        cited = tuple(ctx.cite(ref) for ref in dict.fromkeys(evidence))
        ctx.flags[rule.code] = RedFlag(rule.code, rule.label, urgency, cited, rule.sources)


def _progression_found(ctx: Context, changes: tuple[Change, ...]) -> None:
    """An objective fall in strength since the earlier exam is a progressive motor deficit.

    The flag takes the urgency its rule gives it for today's findings; when today's history
    already raised it, the comparison only adds its evidence (it never changes the urgency).
    """
    evidence = tuple(
        Evidence(change.finding, change.text) for change in changes if change.is_fall_in_strength
    )
    if not evidence:
        return
    raised = ctx.flags.get(_PROGRESSIVE)
    if raised is not None:
        ctx.flags[_PROGRESSIVE] = replace(raised, evidence=raised.evidence + evidence)
        return
    rule = _PROGRESSIVE_RULE
    urgency = rule.urgency
    for condition, level in rule.urgency_when:
        if condition.truth(ctx) is True:
            urgency = level
            evidence += tuple(ctx.cite(ref) for ref in dict.fromkeys(condition.evaluate(ctx)[1]))
            break
    ctx.flags[_PROGRESSIVE] = RedFlag(
        _PROGRESSIVE, rule.label, urgency, evidence, (*rule.sources, _COMPARISON_SOURCE)
    )


def _flag_notes(ctx: Context) -> list[str]:
    """Say why a raised flag does not drive spinal imaging, so a lowered urgency is never silent."""
    flag = ctx.flags.get(_SEVERE)
    if flag is not None and flag.urgency is _ROUTINE:
        return [
            "The severe deficit lies in a peripheral nerve, muscle or joint pattern: it calls for"
            " EMG/NCS or a targeted work-up, not emergency spinal imaging."
        ]
    return []


# An advice row says the same against each of its studies for every exam: each ``NotRecommended``
# (frozen) is built once here and shared, instead of six or so new ones per exam.
_ADVICE: tuple[tuple[Condition, tuple[NotRecommended, ...]], ...] = tuple(
    (
        advice.when,
        tuple(
            NotRecommended(study, advice.reason, advice.reconsider_when, advice.sources)
            for study in advice.studies
        ),
    )
    for advice in ADVISE_AGAINST
)


# A study rule says the same for every exam at a given urgency: each ``Recommendation`` (frozen)
# is built once, at import, for every urgency its rule can take, and shared.
_RECOMMENDATIONS: tuple[tuple[Check, StudyRule, dict[Urgency, tuple[Recommendation, ...]]], ...] = tuple(
    (
        rule.when.truth,
        rule,
        {
            urgency: tuple(
                Recommendation(study, urgency, rule.rationale, rule.sources) for study in rule.studies
            )
            for urgency in Urgency
        },
    )
    for rule in STUDY_RULES
)


def _recommendations(ctx: Context) -> tuple[tuple[Recommendation, ...], tuple[NotRecommended, ...]]:
    chosen: dict[Study, Recommendation] = {}
    flags = ctx.flags
    for holds, rule, by_urgency in _RECOMMENDATIONS:
        if holds(ctx) is not True:
            continue
        urgency = rule.urgency
        if rule.urgency_from:
            flagged = [flags[code].urgency for code in rule.urgency_from if code in flags]
            urgency = _max_urgency(flagged, urgency)
        for recommendation in by_urgency[urgency]:
            current = chosen.get(recommendation.study)
            if current is None or URGENCY_RANK[urgency] > URGENCY_RANK[current.urgency]:
                chosen[recommendation.study] = recommendation
    against: dict[Study, NotRecommended] = {}
    for when, advised in _ADVICE:
        if when.truth(ctx) is not True:
            continue
        for item in advised:
            if item.study not in chosen and item.study not in against:
                against[item.study] = item
    return tuple(chosen.values()), tuple(against.values())


def _overall_urgency(
    flags: list[RedFlag], recommendations: tuple[Recommendation, ...], abnormal: bool
) -> Urgency:
    values = [flag.urgency for flag in flags] + [rec.urgency for rec in recommendations]
    return _max_urgency(values, _ROUTINE if abnormal else _NONE)


_NOT_LOCALIZED = Localization((), 0.0, (), ())


def _presentation(ctx: Context) -> Presentation | None:
    """The first presentation whose signs hold (read before, and independently of, localization)."""
    return next((row for row in PRESENTATIONS if row.when.truth(ctx) is True), None)


def evaluate(
    facts: ExamFacts, earlier: EarlierExam | None = None, *, performed_at: datetime | None = None
) -> Decision:
    """Read the presentation, localize within it, raise red flags and choose studies.

    With the patient's ``earlier`` exam (and today's ``performed_at``, needed to place it), the
    changes since are reported and a fall in strength raises the progressive motor deficit flag;
    an earlier exam outside the window (or not earlier at all) is not compared.
    """
    compared = earlier
    if earlier is not None:
        if performed_at is None:
            raise ValueError("performed_at is needed to compare with an earlier exam")
        if not within_window(performed_at, earlier.performed_at):
            compared = None
    findings = observe(facts)
    cite = Citer(facts)
    before = Context(facts, findings, _NOT_LOCALIZED, None, cite)
    presentation = _presentation(before)
    localization = localize(findings, cite, presentation.kinds if presentation else None)
    localizes = findings.localizing and (presentation is None or bool(presentation.kinds))
    lesion: Hypothesis | None = localization.ranked[0][0] if localizes else None
    notes = list(localization.uncertainty) if lesion is not None else []
    if presentation is not None and (lesion is not None or not presentation.kinds):
        notes.insert(0, presentation.note)
    # The facts read so far do not depend on the lesion, so their memo carries over.
    ctx = Context(facts, findings, localization, lesion, cite, memo=before.memo)
    _red_flags(ctx)
    changes = compare(facts, compared.facts, compared.performed_at) if compared is not None else ()
    _progression_found(ctx, changes)
    notes += _flag_notes(ctx)
    recommendations, not_recommended = _recommendations(ctx)
    notes += [caveat.text for caveat in CAVEATS if caveat.when.truth(ctx) is True]
    flags = list(ctx.flags.values())
    return Decision(
        urgency=_overall_urgency(flags, recommendations, findings.localizing),
        pattern=classify(findings, lesion),
        red_flags=tuple(flags),
        lesion=localization.assessments[0] if lesion is not None else None,
        differential=localization.assessments if lesion is not None else (),
        recommendations=recommendations,
        not_recommended=not_recommended,
        uncertainty=tuple(notes),
        compared_with=None
        if compared is None
        else ComparedWith(compared.exam_id, compared.version, compared.performed_at),
        changes=changes,
    )

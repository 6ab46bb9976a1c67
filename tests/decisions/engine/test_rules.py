"""The rule interpreter's three-valued logic: missing data is unknown, never false."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from decisions.engine import evaluate
from decisions.engine.describe import Citer
from decisions.engine.facts import ExamFacts, History
from decisions.engine.knowledge.caveats import CAVEATS
from decisions.engine.knowledge.recommendations import ADVISE_AGAINST, STUDY_RULES
from decisions.engine.knowledge.red_flags import RED_FLAG_RULES
from decisions.engine.localize import localize
from decisions.engine.observations import observe
from decisions.engine.rules import Condition, Context, all_of, any_of, fires, not_, not_true
from tests.decisions.engine.conftest import load_cases, to_facts
from tests.decisions.engine.mirror import mirror_exam
from tests.decisions.engine.strategies import exam_documents


def _ctx(history: History) -> Context:
    facts = ExamFacts(history=history)
    findings = observe(facts)
    return Context(facts, findings, localize(findings, Citer(facts)), None, Citer(facts))


def test_unrecorded_history_is_unknown() -> None:
    ctx = _ctx(History())
    assert all_of("history.fever").evaluate(ctx)[0] is None
    assert not_("history.fever").evaluate(ctx)[0] is None


def test_all_is_false_when_one_part_is_false_even_if_another_is_unknown() -> None:
    ctx = _ctx(History(fever=False))
    assert all_of("history.fever", "history.cancer_history").evaluate(ctx)[0] is False


def test_any_is_true_when_one_part_is_true_and_cites_it() -> None:
    ctx = _ctx(History(cancer_history=True))
    value, evidence = any_of("history.fever", "history.cancer_history").evaluate(ctx)
    assert value is True
    assert list(evidence) == ["history.cancer_history"]


def test_any_is_unknown_when_nothing_is_true_and_something_is_unknown() -> None:
    ctx = _ctx(History(fever=False))
    assert any_of("history.fever", "history.cancer_history").evaluate(ctx)[0] is None


def test_not_true_treats_unknown_as_absence_of_evidence() -> None:
    ctx = _ctx(History())
    assert not_true("history.fever").evaluate(ctx)[0] is True
    assert not_true("history.fever").evaluate(_ctx(History(fever=True)))[0] is False


def test_rules_fire_on_true_only_and_exceptions_block_on_true_only() -> None:
    ctx = _ctx(History(fever=True))
    assert fires(all_of("history.fever"), all_of("history.cancer_history"), ctx)[0] is True
    assert fires(all_of("history.cancer_history"), None, ctx)[0] is False
    blocked = _ctx(History(fever=True, cancer_history=True))
    assert fires(all_of("history.fever"), all_of("history.cancer_history"), blocked)[0] is False


def test_durations_compare_against_the_recorded_number() -> None:
    ctx = _ctx(History(symptom_duration_days=13, conservative_care_weeks=6))
    assert all_of("duration.lt_14d", "care.ge_6wk").evaluate(ctx)[0] is True
    assert all_of("duration.ge_42d").evaluate(ctx)[0] is False


def _table_conditions() -> list[Condition]:
    conditions: list[Condition] = []
    for rule in RED_FLAG_RULES:
        conditions += [rule.trigger, *(condition for condition, _urgency in rule.urgency_when)]
        conditions += [rule.unless] if rule.unless is not None else []
    conditions += [rule.when for rule in STUDY_RULES]
    conditions += [advice.when for advice in ADVISE_AGAINST]
    conditions += [caveat.when for caveat in CAVEATS]
    return conditions


def _exam_context(facts: ExamFacts) -> Context:
    """The context the study rules see: the lesion set and every red flag raised."""
    findings = observe(facts)
    cite = Citer(facts)
    localization = localize(findings, cite)
    lesion = localization.ranked[0][0] if findings.localizing else None
    ctx = Context(facts, findings, localization, lesion, cite)
    ctx.flags.update((flag.code, flag) for flag in evaluate(facts).red_flags)
    return ctx


def _assert_truth_matches(facts: ExamFacts) -> None:
    ctx = _exam_context(facts)
    for condition in _table_conditions():
        assert condition.truth(ctx) is condition.evaluate(ctx)[0], condition


def test_the_truth_alone_agrees_with_the_full_evaluation_on_every_shared_case() -> None:
    """``truth`` (asked by study rules, caveats, exceptions) must never differ from ``evaluate``."""
    for case in load_cases():
        _assert_truth_matches(to_facts(case["exam"]))
        _assert_truth_matches(to_facts(mirror_exam(case["exam"])))


@settings(max_examples=150, deadline=None)
@given(exam_documents())
def test_the_truth_alone_agrees_with_the_full_evaluation_on_generated_exams(exam: dict[str, Any]) -> None:
    _assert_truth_matches(to_facts(exam))

"""The rule interpreter's three-valued logic: missing data is unknown, never false."""

from __future__ import annotations

from decisions.engine.describe import Citer
from decisions.engine.facts import ExamFacts, History
from decisions.engine.localize import localize
from decisions.engine.observations import observe
from decisions.engine.rules import Context, all_of, any_of, fires, not_, not_true


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

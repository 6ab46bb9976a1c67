"""The exam document validator: out-of-vocabulary values never reach the engine."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from decisions.engine.vocabulary import MRC_GRADES, Muscle, Reflex, SensoryRegion
from exams.documents import DocumentInvalid, field_path, parse_exam_document
from tests.factories import normal_exam_document

BASE = normal_exam_document()


def not_in(values: set[Any]) -> st.SearchStrategy[Any]:
    floats = st.floats(allow_nan=False, allow_infinity=False)  # JSON has neither
    return (st.text(max_size=12) | st.integers() | floats | st.booleans() | st.none()).filter(
        lambda v: v not in values or isinstance(v, (bool, float))
    )


def rejected_at(document: dict[str, Any]) -> list[str]:
    with pytest.raises(DocumentInvalid) as caught:
        parse_exam_document(document)
    return [error.field for error in caught.value.errors]


@given(grade=not_in(set(MRC_GRADES)), index=st.integers(0, len(BASE["motor"]) - 1))
def test_a_grade_outside_the_mrc_scale_is_rejected_at_its_path(grade: Any, index: int) -> None:
    document = copy.deepcopy(BASE)
    document["motor"][index]["grade"] = grade

    assert f"motor[{index}].grade" in rejected_at(document)


@given(grade=not_in({0, 1, 2, 3, 4, "NT"}), index=st.integers(0, len(BASE["reflexes"]) - 1))
def test_a_reflex_grade_outside_the_ninds_scale_is_rejected(grade: Any, index: int) -> None:
    document = copy.deepcopy(BASE)
    document["reflexes"][index]["grade"] = grade

    assert f"reflexes[{index}].grade" in rejected_at(document)


@given(
    name=st.text(min_size=1, max_size=20).filter(
        lambda v: (
            v not in {m.value for m in Muscle} | {r.value for r in Reflex} | {s.value for s in SensoryRegion}
        )
    ),
    list_key=st.sampled_from([("motor", "muscle"), ("reflexes", "reflex"), ("sensory", "region")]),
)
def test_an_unknown_muscle_reflex_or_region_is_rejected(name: str, list_key: tuple[str, str]) -> None:
    list_name, key = list_key
    document = copy.deepcopy(BASE)
    document[list_name][0][key] = name

    assert f"{list_name}[0].{key}" in rejected_at(document)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grade=not_in(set(MRC_GRADES)))
def test_the_api_rejects_bad_values_before_the_engine_runs(
    ehr_a: APIClient, monkeypatch: pytest.MonkeyPatch, grade: Any
) -> None:
    def engine_must_not_run(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the engine saw an invalid document")

    monkeypatch.setattr("decisions.services.evaluate", engine_must_not_run)
    document = copy.deepcopy(BASE)
    document["motor"][0]["grade"] = grade

    response = ehr_a.post("/api/v1/decisions/evaluate/", document, format="json")

    assert response.status_code == 400


def test_field_paths_use_the_spec_form() -> None:
    assert field_path(("motor", 3, "grade")) == "motor[3].grade"
    assert field_path(("patient", "identifier", "value")) == "patient.identifier.value"
    assert field_path(()) == ""


def test_an_unrecorded_history_key_stays_unknown_not_false() -> None:
    facts = parse_exam_document(normal_exam_document(history={"back_pain": True})).to_facts()

    assert facts.history.back_pain is True
    assert facts.history.fever is None


def test_age_comes_from_the_birth_date_on_the_exam_day() -> None:
    document = normal_exam_document(performed_at="2026-03-13T12:00:00Z")
    document["patient"]["birth_date"] = "1968-03-14"

    assert parse_exam_document(document).to_facts().age_years == 57


def test_a_stated_age_is_used_without_a_birth_date() -> None:
    document = normal_exam_document()
    del document["patient"]["birth_date"]
    document["patient"]["age_years"] = 71

    assert parse_exam_document(document).to_facts().age_years == 71


def test_a_finding_given_twice_is_named_with_where_it_first_appeared() -> None:
    document = copy.deepcopy(BASE)
    document["plantar_responses"][1] = {"side": "left", "response": "extensor"}
    document["sensory"][9] = dict(document["sensory"][3])

    with pytest.raises(DocumentInvalid) as caught:
        parse_exam_document(document)

    messages = {error.field: error.message for error in caught.value.errors}
    assert messages == {
        "plantar_responses[1]": "duplicate finding: left plantar is already given at plantar_responses[0]",
        "sensory[9]": (
            f"duplicate finding: {BASE['sensory'][3]['side']} {BASE['sensory'][3]['region']}"
            " is already given at sensory[3]"
        ),
    }


def test_the_same_finding_in_two_exams_gives_equal_facts_and_a_different_grade_does_not() -> None:
    weak = copy.deepcopy(BASE)
    weak["motor"][0]["grade"] = "3"
    weak["motor"][1]["pain_limited"] = True

    normal_facts = parse_exam_document(BASE).to_facts()
    weak_facts = parse_exam_document(weak).to_facts()

    assert parse_exam_document(copy.deepcopy(BASE)).to_facts() == normal_facts
    assert weak_facts.motor[0].grade == "3"
    assert normal_facts.motor[0].grade == "5"
    assert weak_facts.motor[1].pain_limited is True
    assert normal_facts.motor[1].pain_limited is False
    assert weak_facts.motor[2:] == normal_facts.motor[2:]
    assert weak_facts.reflexes == normal_facts.reflexes

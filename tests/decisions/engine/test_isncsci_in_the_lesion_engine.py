"""The lesion engine reads an ISNCSCI worksheet's classification (issue 25): the cord's level sets
the site and the imaging segment, and the level and AIS grade are cited as evidence."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from decisions.engine import decision_document, evaluate
from decisions.engine.facts import CordInjury
from decisions.engine.isncsci import classify
from decisions.engine.isncsci.summary import cord_injury_of
from tests.decisions.engine.conftest import to_facts
from tests.isncsci.factories import side, worksheet

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _only_the_worksheet(sheet: dict[str, Any], history: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "patient": {"identifier": {"system": "urn:test", "value": "sci"}, "age_years": 40},
        "performed_at": "2026-11-20T10:00:00Z",
        "history": history or {},
        "isncsci": sheet,
    }


def _decide(sheet: dict[str, Any], history: dict[str, Any] | None = None) -> dict[str, Any]:
    return decision_document(evaluate(to_facts(_only_the_worksheet(sheet, history))), computed_at=NOW)


def test_a_complete_t6_injury_is_a_thoracic_cord_lesion_imaged_at_the_thoracic_spine() -> None:
    doc = _decide(worksheet(side("T6")))

    assert (doc["lesion"]["site"], doc["lesion"]["side"]) == ("spinal_cord", "bilateral")
    assert "ISNCSCI worksheet: neurological level of injury T6, AIS A" in [
        item["text"] for item in doc["lesion"]["supporting"]
    ]
    studies = {item["study"] for item in doc["recommendations"]}
    assert "mri_thoracic_spine" in studies
    assert not studies & {"mri_lumbar_spine", "mri_lumbar_spine_with_contrast"}


def test_an_acute_traumatic_injury_is_imaged_at_once() -> None:
    doc = _decide(worksheet(side("T6")), {"onset": "sudden", "trauma": "major"})
    urgencies = {item["study"]: item["urgency"] for item in doc["recommendations"]}
    assert urgencies["mri_thoracic_spine"] == "emergency"


def test_a_normal_worksheet_describes_no_cord_injury() -> None:
    assert cord_injury_of(classify(worksheet(side()))) is None
    assert _decide(worksheet(side()))["lesion"] is None


def test_of_several_possible_levels_the_most_rostral_is_imaged() -> None:
    classification = {"neurological_level_of_injury": "T5,T6*", "asia_impairment_scale": "B,C"}
    assert cord_injury_of(classification) == CordInjury(level="T5", ais="B,C")


def test_an_intact_or_undeterminable_level_names_no_segment() -> None:
    assert cord_injury_of({"neurological_level_of_injury": "INT", "asia_impairment_scale": "D"}) is None

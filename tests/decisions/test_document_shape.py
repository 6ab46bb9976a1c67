"""The decision document is declared twice on purpose: ``decisions.engine.document`` types it for
the code that builds and stores it (a TypedDict, checked by mypy), ``decisions.schemas`` publishes
it to integrators (pydantic, open to extra fields). This keeps the two from drifting apart: every
published field is a key the engine's type declares."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from decisions import schemas
from decisions.engine import document

PAIRS: list[tuple[type[BaseModel], type]] = [
    (schemas.DecisionDocument, document.DecisionDocument),
    (schemas.Ruleset, document.RulesetName),
    (schemas.RedFlag, document.RedFlagEntry),
    (schemas.Evidence, document.EvidenceItem),
    (schemas.Lesion, document.LesionEntry),
    (schemas.DifferentialEntry, document.DifferentialEntry),
    (schemas.Recommendation, document.RecommendationEntry),
    (schemas.NotRecommended, document.AdviceAgainstEntry),
]


@pytest.mark.parametrize(("published", "typed"), PAIRS, ids=lambda c: c.__name__)
def test_every_published_field_is_a_key_of_the_engines_type(published: type[BaseModel], typed: type) -> None:
    keys = typed.__required_keys__ | typed.__optional_keys__  # type: ignore[attr-defined]

    assert set(published.model_fields) <= keys

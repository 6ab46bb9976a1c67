"""The decision engine: exam facts in, decision out; plain Python, no framework.

Public API::

    from decisions.engine import evaluate, decision_document, RULESET
    decision = evaluate(facts)                      # ExamFacts -> Decision
    doc = decision_document(decision, computed_at)  # Decision -> spec section 3 dict
"""

from __future__ import annotations

from decisions.engine.compare import Change, ComparedWith, Direction, EarlierExam
from decisions.engine.decision import (
    RULESET,
    Decision,
    Evidence,
    NotRecommended,
    Recommendation,
    RedFlag,
    Ruleset,
    SiteAssessment,
)
from decisions.engine.document import decision_document
from decisions.engine.evaluate import evaluate

__all__ = [
    "RULESET",
    "Change",
    "ComparedWith",
    "Decision",
    "Direction",
    "EarlierExam",
    "Evidence",
    "NotRecommended",
    "Recommendation",
    "RedFlag",
    "Ruleset",
    "SiteAssessment",
    "decision_document",
    "evaluate",
]

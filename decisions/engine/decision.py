"""The engine's output: a typed, frozen decision (spec section 3), and its ruleset identity.

Every conclusion carries the evidence it rests on as ``Evidence(finding, text)``, where
``finding`` points into the exam document (``motor[3]``, ``history.bladder_dysfunction``) so a
clinician can check it against what was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from decisions.engine.compare import Change, ComparedWith
from decisions.engine.vocabulary import LesionSide, Pattern, RedFlagCode, Study, Urgency


@dataclass(frozen=True, slots=True)
class Ruleset:
    """Name and version stamped on every decision, so a stored decision says what made it."""

    name: str
    version: str


RULESET = Ruleset(name="lower-limb-weakness", version="2.1.0")


class Evidence(NamedTuple):
    """A finding reference (``motor[3]``, ``history.fever``) and its clinician-readable text.

    A named tuple rather than a dataclass: dozens are built per exam and tuples are cheaper;
    it is just as immutable and typed.
    """

    finding: str
    text: str


@dataclass(frozen=True, slots=True)
class RedFlag:
    code: RedFlagCode
    label: str
    urgency: Urgency
    evidence: tuple[Evidence, ...]
    sources: tuple[str, ...]


class SiteAssessment(NamedTuple):
    """One site of the differential: how well it explains the findings, and why.

    ``score`` is its share of the plausibility among all sites (0..1, summing to 1 over the
    differential), ``fit`` how much of the recorded abnormality it explains net of
    contradictions (0..1). A named tuple (immutable, typed) because every exam builds one per
    site of the vocabulary.
    """

    site: str
    side: LesionSide | None
    label: str
    score: float
    fit: float
    supporting: tuple[Evidence, ...]
    conflicting: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Recommendation:
    study: Study
    urgency: Urgency
    rationale: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NotRecommended:
    study: Study
    reason: str
    reconsider_when: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    """The whole answer for one exam. ``lesion`` is ``differential[0]``, or ``None`` when normal.

    ``compared_with`` names the patient's earlier exam it was compared with (``None`` when there
    was none within the window), ``changes`` what changed since.
    """

    urgency: Urgency
    pattern: Pattern
    red_flags: tuple[RedFlag, ...]
    lesion: SiteAssessment | None
    differential: tuple[SiteAssessment, ...]
    recommendations: tuple[Recommendation, ...]
    not_recommended: tuple[NotRecommended, ...]
    uncertainty: tuple[str, ...]
    compared_with: ComparedWith | None = None
    changes: tuple[Change, ...] = ()
    ruleset_name: str = RULESET.name
    ruleset_version: str = RULESET.version

    @property
    def confidence(self) -> float | None:
        """The lesion's score, or ``None`` when there is no lesion."""
        return None if self.lesion is None else self.lesion.score

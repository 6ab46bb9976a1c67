"""The decision document's published shape (spec section 3), for the OpenAPI schema.

The engine builds the document; this model describes it to integrators and a test checks every
engine answer against it, so the two cannot drift apart. Extra fields are allowed: the spec
welcomes them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from decisions.engine.vocabulary import LesionSide, Pattern, RedFlagCode, Study, Urgency


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Ruleset(_Open):
    name: str
    version: str


class Evidence(_Open):
    finding: str = Field(description="Where in the exam document: 'motor[3]', 'history.fever', ...")
    text: str


class RedFlag(_Open):
    code: RedFlagCode
    label: str
    evidence: list[Evidence]


class Lesion(_Open):
    site: str
    side: LesionSide | None
    label: str
    confidence: float = Field(ge=0, le=1)
    supporting: list[Evidence]
    conflicting: list[Evidence]


class DifferentialEntry(_Open):
    site: str
    side: LesionSide | None
    score: float = Field(ge=0, le=1)
    label: str


class Recommendation(_Open):
    study: Study
    urgency: Urgency
    rationale: str
    sources: list[str] = Field(min_length=1)


class NotRecommended(_Open):
    study: Study
    reason: str
    reconsider_when: str


class Reference(_Open):
    key: str = Field(description="The source key that red flags, recommendations and advice cite.")
    citation: str = Field(
        description="Vancouver-style citation; for a design choice, 'neuroexam design choice: ...'."
    )
    url: str | None = Field(
        description="Canonical address (PubMed, doi.org or the issuing body's page); null for a textbook"
        " chapter or a design choice."
    )
    kind: Literal["guideline", "article", "standard", "textbook", "design"]


class SideLevels(_Open):
    right: str
    left: str


class ZonesOfPartialPreservation(_Open):
    sensory_right: str
    sensory_left: str
    motor_right: str
    motor_left: str


class SideTotals(_Open):
    upper_extremity_motor: str
    lower_extremity_motor: str
    motor: str
    light_touch: str
    pin_prick: str


class IsncsciTotals(_Open):
    right: SideTotals
    left: SideTotals
    upper_extremity_motor: str
    lower_extremity_motor: str
    light_touch: str
    pin_prick: str


class IsncsciClassification(_Open):
    """Spec section 5. Every value is a string in the reference algorithm's notation: a segment
    (``T10``), ``INT``, ``NA``, a comma-separated list of the values NT scores leave possible
    (``L3,L4,INT``, ``B,C,D``), a trailing ``*`` where a starred score influenced it, ``C`` or ``I``,
    AIS ``A``-``E``, totals as whole numbers or ``ND``."""

    sensory_level: SideLevels
    motor_level: SideLevels
    neurological_level_of_injury: str = Field(examples=["T6"])
    injury_complete: str = Field(examples=["C", "I", "C,I"])
    asia_impairment_scale: str = Field(examples=["A", "B,C,D", "E*"])
    zone_of_partial_preservation: ZonesOfPartialPreservation
    totals: IsncsciTotals


class DecisionDocument(_Open):
    ruleset: Ruleset
    computed_at: datetime
    urgency: Urgency
    pattern: Pattern
    red_flags: list[RedFlag]
    lesion: Lesion | None
    differential: list[DifferentialEntry]
    recommendations: list[Recommendation]
    not_recommended: list[NotRecommended]
    references: list[Reference] = Field(
        default_factory=list, description="One entry per source key cited anywhere in the document."
    )
    isncsci: IsncsciClassification | None = Field(
        default=None, description="The ISNCSCI classification, when the exam has the worksheet."
    )


class BibliographyEntry(Reference):
    evidence: Literal["P", "M", "C"] | None = Field(
        description="How the linked identifier was checked: P on the authoritative page, M through a"
        " mirror of the record, C corroborated only (to be clicked once before release)."
    )
    edition: str | None = Field(description="Textbooks only.")
    chapter: str | None = Field(description="Textbooks only.")


class ReferenceList(BaseModel):
    ruleset: Ruleset
    references: list[BibliographyEntry]

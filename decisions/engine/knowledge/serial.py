"""What a comparison with the patient's earlier exam looks at, besides power, reflexes and sensation.

Power, reflexes and sensation are compared finding by finding (``compare.py``, with the cut-offs
of ``thresholds.py``); of the history, only the items whose appearance changes management are
compared: new sphincter or saddle symptoms are the cauda equina's warning, whatever the rest of
the exam shows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ComparedHistoryItem:
    attribute: str  # an ``ExamFacts.history`` field
    label: str
    sources: tuple[str, ...]


COMPARED_HISTORY: tuple[ComparedHistoryItem, ...] = (
    ComparedHistoryItem(
        "bladder_dysfunction", "Bladder dysfunction", ("GIRFT-CES-2023", "design-serial-comparison")
    ),
    ComparedHistoryItem(
        "bowel_dysfunction", "Bowel dysfunction", ("GIRFT-CES-2023", "design-serial-comparison")
    ),
    ComparedHistoryItem("saddle_numbness", "Saddle numbness", ("GIRFT-CES-2023", "design-serial-comparison")),
)

"""Reads of the decision module that need no database: the bibliography the rules cite."""

from __future__ import annotations

from typing import Any

from decisions.engine import RULESET
from decisions.engine.knowledge.sources import SOURCES


def reference_list() -> dict[str, Any]:
    """Every source of the ruleset, stamped with the ruleset it belongs to.

    An EHR that stored a decision's source keys can resolve them here, and a clinician can read
    each citation and open its canonical page (FDA CDS guidance, criterion 4).
    """
    return {
        "ruleset": {"name": RULESET.name, "version": RULESET.version},
        "references": [
            {
                **source.reference(),
                "evidence": source.evidence or None,
                "edition": source.edition or None,
                "chapter": source.chapter or None,
            }
            for source in SOURCES.values()
        ],
    }

"""Mirror an exam (left <-> right) and a decision document, for the symmetry tests."""

from __future__ import annotations

import copy
import re
from typing import Any

from decisions.engine.localize import HYPOTHESES, raw_scores
from decisions.engine.observations import observe
from tests.decisions.engine.conftest import to_facts

SWAP = {"left": "right", "right": "left", "Left": "Right", "Right": "Left"}
_WORD = re.compile(r"\b(left|right|Left|Right)\b")
FINDING_LISTS = ("motor", "reflexes", "plantar_responses", "sensory", "special_tests")


def mirror_exam(exam: dict[str, Any]) -> dict[str, Any]:
    """The same exam with every finding moved to the other side, in the same order."""
    mirrored = copy.deepcopy(exam)
    for name in FINDING_LISTS:
        for finding in mirrored.get(name, []):
            finding["side"] = SWAP[finding["side"]]
    return mirrored


def mirror_text(value: Any) -> Any:
    """Swap left/right in every string (sides, labels, evidence texts) of a document.

    The bibliography is not about a side ("Getting It Right First Time" stays as it is), so a
    document's ``references`` are kept unchanged.
    """
    if isinstance(value, dict) and "references" in value:
        return {key: item if key == "references" else mirror_text(item) for key, item in value.items()}
    if isinstance(value, str):
        return _WORD.sub(lambda m: SWAP[m.group(0)], value)
    if isinstance(value, list):
        return [mirror_text(item) for item in value]
    if isinstance(value, dict):
        return {key: mirror_text(item) for key, item in value.items()}
    return value


def tied_sites(exam: dict[str, Any]) -> set[str]:
    """Sites whose left and right hypotheses score exactly the same: their side is arbitrary."""
    raw, _total = raw_scores(observe(to_facts(exam)))
    by_site: dict[str, dict[str, float]] = {}
    for hypothesis in HYPOTHESES:
        by_site.setdefault(hypothesis.row.site, {})[hypothesis.side.value] = raw[hypothesis.index]
    return {
        site
        for site, sides in by_site.items()
        if "left" in sides and "right" in sides and abs(sides["left"] - sides["right"]) < 1e-9
    }


def comparable(doc: dict[str, Any], skip_sides: set[str]) -> dict[str, Any]:
    """The document without its timestamp, and without the side of entries whose side is a tie."""
    body = {key: value for key, value in doc.items() if key != "computed_at"}
    body["differential"] = [
        _without_side(entry) if entry["site"] in skip_sides else entry for entry in doc["differential"]
    ]
    if body["lesion"] is not None and body["lesion"]["site"] in skip_sides:
        body["lesion"] = _without_side(body["lesion"])
    return body


def _without_side(entry: dict[str, Any]) -> dict[str, Any]:
    stripped = {
        key: value
        for key, value in entry.items()
        if key not in ("side", "label", "supporting", "conflicting")
    }
    return mirror_text(stripped)

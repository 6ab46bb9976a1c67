"""What the lesion engine reads from an ISNCSCI classification: the cord's level and AIS grade."""

from __future__ import annotations

from collections.abc import Mapping

from decisions.engine.facts import CordInjury

_NOT_A_SEGMENT = frozenset({"INT", "NA", "ND", "UNK"})


def _values(notation: str) -> list[str]:
    """``"T5,T6*"`` -> ``["T5", "T6"]``: the values NT scores leave possible, stars dropped."""
    return [value.strip().rstrip("*") for value in notation.split(",") if value.strip()]


def cord_injury_of(classification: Mapping[str, object]) -> CordInjury | None:
    """The cord injury a classification describes, or None when it describes none.

    AIS E on every reading is a normal exam; a neurological level that is intact or not
    determinable names no segment. Of several possible levels the most rostral is taken: imaging
    must include it.
    """
    ais = _values(str(classification.get("asia_impairment_scale", "")))
    if not ais or all(grade == "E" for grade in ais):
        return None
    level = str(classification.get("neurological_level_of_injury", ""))
    segments = [value for value in _values(level) if value not in _NOT_A_SEGMENT]
    if not segments:
        return None
    return CordInjury(level=segments[0], ais=",".join(dict.fromkeys(ais)))

"""Why each result of a classification is what it is, in the words a clinician checks a worksheet
with: "motor level L3 (right): L4 key muscle 2, L3 key muscle 4 with L2 normal".

The classification itself (``classify``) is the reference algorithm's; these sentences only quote
the worksheet's scores at the segments that decided each result, so a clinician can check the
result against the sheet in front of them. Where NT scores leave several possible values, the
sentence quotes the scores at the most rostral one and says the others are possible.
"""

from __future__ import annotations

from typing import Any

from decisions.engine.isncsci.classification import Classification, Worksheet
from decisions.engine.isncsci.segments import KEY_MUSCLES, SENSORY_LEVELS

SIDES = ("right", "left")
_AIS_MEANING = {
    "A": "complete: no sensory or motor function preserved in S4-5",
    "B": "sensory incomplete: sensation but no motor function preserved in S4-5, and no motor "
    "function more than three levels below the motor level on either side",
    "C": "motor incomplete: motor function preserved below the neurological level, fewer than half "
    "of the key muscles below it graded 3 or more",
    "D": "motor incomplete: at least half of the key muscles below the neurological level graded 3 or more",
    "E": "normal: every key muscle and key sensory point scored normal",
}


def _shown(segment: str) -> str:
    return segment.replace("_", "-")


def _first(value: str) -> str:
    """The most rostral of the possible values, without its star."""
    return value.split(",")[0].rstrip("*")


def _possibilities(value: str) -> str:
    options = value.split(",")
    return f" ({len(options)} values possible with the NT scores: {value})" if len(options) > 1 else ""


def _sensory_basis(side: dict[str, Any], level: str) -> str:
    first = _first(level)
    if first == "INT":
        return "light touch and pin prick normal (2) at every key point from C2 to S4-5"
    index = SENSORY_LEVELS.index(first)
    below = SENSORY_LEVELS[index + 1]
    scores = f"{_shown(below)} light touch {side['light_touch'][below]}, pin prick {side['pin_prick'][below]}"
    if index == 0:
        return scores
    return f"{scores}, with light touch and pin prick normal from C2 to {_shown(first)}"


def _motor_basis(side: dict[str, Any], level: str, sensory_level: str) -> str:
    first = _first(level)
    motor = side["motor"]
    if first == "INT":
        return "every key muscle 5 and sensation normal to S4-5"
    below = {"C4": "C5", "L1": "L2"}.get(first)
    if below is not None and motor[below] != "5":
        return (
            f"{below} key muscle {motor[below]} (may be below 3), with normal function above it: "
            f"the motor level is the segment above ({_shown(first)})"
        )
    if first not in KEY_MUSCLES:
        return (
            f"no key muscle tests {_shown(first)}: the motor level follows the sensory level "
            f"({sensory_level}), the key muscles above it being normal"
        )
    index = KEY_MUSCLES.index(first)
    parts = []
    if index + 1 < len(KEY_MUSCLES) and KEY_MUSCLES[index + 1] != "L2":
        below = KEY_MUSCLES[index + 1]
        parts.append(f"{below} key muscle {motor[below]}")
    at_level = f"{first} key muscle {motor[first]}"
    if first == "C5":
        at_level += " with sensation normal above it"
    elif first == "L2":
        at_level += " with T1 normal and sensation normal from T2 to L1"
    else:
        at_level += f" with {KEY_MUSCLES[index - 1]} normal"
    parts.append(at_level)
    return ", ".join(parts)


def _antigravity_below(worksheet: Worksheet, nli: str) -> tuple[int, int]:
    """How many key muscles below the NLI (both sides) are graded 3 or more, out of how many."""
    nli_index = SENSORY_LEVELS.index(nli) if nli in SENSORY_LEVELS else len(SENSORY_LEVELS)
    below = [m for m in KEY_MUSCLES if SENSORY_LEVELS.index(m) > nli_index]
    grades = [worksheet[s]["motor"][m].rstrip("*") for s in SIDES for m in below]
    strong = sum(1 for grade in grades if grade in {"3", "4", "5"})
    return strong, len(grades)


def _sacral(worksheet: Worksheet) -> str:
    lt = ", ".join(f"{s} {worksheet[s]['light_touch']['S4_5']}" for s in SIDES)
    pp = ", ".join(f"{s} {worksheet[s]['pin_prick']['S4_5']}" for s in SIDES)
    return (
        f"S4-5 light touch {lt}; pin prick {pp}; deep anal pressure {worksheet['deep_anal_pressure']}; "
        f"voluntary anal contraction {worksheet['voluntary_anal_contraction']}"
    )


def _zpp_basis(kind: str, side: str, value: str) -> str:
    if value == "NA":
        if kind == "motor":
            return "not applicable: voluntary anal contraction present"
        return (
            "not applicable: sacral sensation preserved (deep anal pressure or S4-5 light touch or pin prick)"
        )
    absent = "voluntary anal contraction" if kind == "motor" else "sacral sensation"
    return (
        f"{absent} absent or not testable: the most caudal segment with some {kind} function on the "
        f"{side}" + _possibilities(value)
    )


def explain(worksheet: Worksheet, classification: Classification) -> list[tuple[str, str, str]]:
    """Every result as ``(name, value, basis)``, in the order the standard derives them."""
    rows: list[tuple[str, str, str]] = []
    for name in SIDES:
        level = classification["sensory_level"][name]
        basis = _sensory_basis(worksheet[name], level) + _possibilities(level)
        rows.append((f"sensory level ({name})", level, basis))
    for name in SIDES:
        level = classification["motor_level"][name]
        sensory = classification["sensory_level"][name]
        basis = _motor_basis(worksheet[name], level, sensory) + _possibilities(level)
        rows.append((f"motor level ({name})", level, basis))
    nli = classification["neurological_level_of_injury"]
    levels = ", ".join(
        f"{kind} {side} {classification[key][side]}"  # type: ignore[literal-required]
        for kind, key in (("sensory", "sensory_level"), ("motor", "motor_level"))
        for side in SIDES
    )
    rows.append(
        (
            "neurological level of injury",
            nli,
            f"the most rostral of the four levels: {levels}" + _possibilities(nli),
        )
    )
    complete = classification["injury_complete"]
    rows.append(("complete or incomplete", complete, _sacral(worksheet) + _possibilities(complete)))
    ais = classification["asia_impairment_scale"]
    meaning = _AIS_MEANING.get(_first(ais), "")
    if _first(ais) in {"C", "D"} and _first(nli) in SENSORY_LEVELS:
        strong, total = _antigravity_below(worksheet, _first(nli))
        meaning += f" ({strong} of {total} key muscles below {_shown(_first(nli))} graded 3 or more)"
    rows.append(("ASIA Impairment Scale", ais, meaning + _possibilities(ais)))
    zpp = classification["zone_of_partial_preservation"]
    for kind in ("sensory", "motor"):
        for side in SIDES:
            value = zpp[f"{kind}_{side}"]
            rows.append(
                (f"{kind} zone of partial preservation ({side})", value, _zpp_basis(kind, side, value))
            )
    totals = classification["totals"]
    for key, label in (
        ("upper_extremity_motor", "upper extremity motor"),
        ("lower_extremity_motor", "lower extremity motor"),
        ("light_touch", "light touch"),
        ("pin_prick", "pin prick"),
    ):
        parts = " + ".join(f"{side} {totals[side][key]}" for side in SIDES)  # type: ignore[index]
        rows.append((f"{label} total", str(totals[key]), parts))
    return rows

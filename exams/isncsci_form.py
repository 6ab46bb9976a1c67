"""The ISNCSCI worksheet on the admin exam page: the two-sided sheet clinicians know (right light
touch, pin prick and motor, the segment, then left motor, light touch and pin prick), read from
the posted form into the exam document's ``isncsci`` block and back.

The posted worksheet goes through the same validation and services as the API's (exams.documents,
exams.services): a blank cell is a missing score, and the validator names it
(``isncsci.right.pin_prick.T7``), shown here in the clinician's words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from clinic.domain_errors import FieldError
from decisions.engine.isncsci.basis import explain
from decisions.engine.isncsci.segments import KEY_MUSCLE_NAMES, KEY_MUSCLES, SENSORY_POINTS

SIDES = ("right", "left")
SENSORY = ("light_touch", "pin_prick")
ANAL_ITEMS = (
    ("voluntary_anal_contraction", "Voluntary anal contraction (VAC)"),
    ("deep_anal_pressure", "Deep anal pressure (DAP)"),
)
ANAL_ANSWERS = ("", "yes", "no", "NT")
PRESENT = "isncsci-present"
_WORDS = {"motor": "motor", "light_touch": "light touch", "pin_prick": "pin prick"}


class Keep:
    """The form did not carry the worksheet section (a read-only page, an older form): the stored
    worksheet stays as it is."""


KEEP = Keep()


def field_name(side: str, column: str, segment: str = "") -> str:
    return f"isncsci-{side}-{column}" + (f"-{segment}" if segment else "")


def anal_name(item: str) -> str:
    return f"isncsci-{item}"


def _score(value: str) -> str:
    return value.strip().upper()


def posted_worksheet(data: Mapping[str, Any]) -> dict[str, Any] | Keep | None:
    """The worksheet the form posted: KEEP without the section, None when every cell is blank
    (no worksheet recorded), else the ``isncsci`` block with blank cells left out (the validator
    then names each one)."""
    if PRESENT not in data:
        return KEEP
    worksheet: dict[str, Any] = {}
    seen = False
    for side in SIDES:
        block: dict[str, Any] = {"motor": {}, "light_touch": {}, "pin_prick": {}}
        for column, segments in (
            ("motor", KEY_MUSCLES),
            ("light_touch", SENSORY_POINTS),
            ("pin_prick", SENSORY_POINTS),
        ):
            for segment in segments:
                value = _score(str(data.get(field_name(side, column, segment), "")))
                if value:
                    block[column][segment] = value
                    seen = True
        lowest = str(data.get(field_name(side, "lowest_non_key_muscle"), "")).strip()
        if lowest:
            block["lowest_non_key_muscle"] = lowest
            seen = True
        worksheet[side] = block
    for item, _ in ANAL_ITEMS:
        answer = str(data.get(anal_name(item), "")).strip()
        if answer:
            worksheet[item] = answer
            seen = True
    return worksheet if seen else None


def error_words(error: FieldError) -> str:
    """``isncsci.right.pin_prick.T7`` -> "ISNCSCI right pin prick T7: <message>"."""
    parts = error.field.split(".")[1:]
    words = " ".join(_WORDS.get(part, part.replace("_", " ")).replace("S4 5", "S4-5") for part in parts)
    return f"ISNCSCI {words}: {error.message}".replace("  ", " ")


def invalid_cells(errors: Iterable[FieldError]) -> set[str]:
    """The form names of the cells the validator's errors point at."""
    cells = set()
    for error in errors:
        parts = error.field.split(".")
        if len(parts) == 4 and parts[1] in SIDES:
            cells.add(field_name(parts[1], parts[2], parts[3]))
        elif len(parts) == 3 and parts[1] in SIDES:
            cells.add(field_name(parts[1], parts[2]))
        elif len(parts) == 2:
            cells.add(anal_name(parts[1]))
    return cells


@dataclass(frozen=True, slots=True)
class Cell:
    name: str
    value: str
    label: str
    column: str
    group: str  # "right-motor": the column a keystroke moves down
    invalid: bool


@dataclass(frozen=True, slots=True)
class Row:
    segment: str
    key_muscle: str
    right: tuple[Cell | None, ...]  # light touch, pin prick, motor
    left: tuple[Cell | None, ...]  # motor, light touch, pin prick


def _values(worksheet: Mapping[str, Any] | None, data: Mapping[str, Any] | None) -> dict[str, str]:
    """Cell values by form name: the posted ones when the form came back, else the stored sheet."""
    if data is not None and PRESENT in data:
        return {key: str(value) for key, value in data.items() if key.startswith("isncsci-")}
    values: dict[str, str] = {}
    for side in SIDES:
        block = (worksheet or {}).get(side) or {}
        for column in ("motor", *SENSORY):
            for segment, score in (block.get(column) or {}).items():
                values[field_name(side, column, segment)] = score
        if block.get("lowest_non_key_muscle"):
            values[field_name(side, "lowest_non_key_muscle")] = block["lowest_non_key_muscle"]
    for item, _ in ANAL_ITEMS:
        if worksheet and worksheet.get(item):
            values[anal_name(item)] = worksheet[item]
    return values


def sheet(
    worksheet: Mapping[str, Any] | None,
    data: Mapping[str, Any] | None = None,
    invalid: set[str] | None = None,
) -> dict[str, Any]:
    """What the template draws: 28 rows (C2 ... S4-5), the anal items, the lowest non-key muscles."""
    values = _values(worksheet, data)
    bad = invalid or set()

    def cell(side: str, column: str, segment: str) -> Cell | None:
        if column == "motor" and segment not in KEY_MUSCLES:
            return None
        name = field_name(side, column, segment)
        shown = segment.replace("_", "-")
        label = f"{side.capitalize()} {_WORDS[column]} {shown}"
        return Cell(name, values.get(name, ""), label, column, f"{side}-{column}", name in bad)

    rows = [
        Row(
            segment=point.replace("_", "-"),
            key_muscle=KEY_MUSCLE_NAMES.get(point, ""),
            right=tuple(cell("right", column, point) for column in ("light_touch", "pin_prick", "motor")),
            left=tuple(cell("left", column, point) for column in ("motor", "light_touch", "pin_prick")),
        )
        for point in SENSORY_POINTS
    ]
    anal = [
        {
            "name": anal_name(item),
            "label": label,
            "value": values.get(anal_name(item), ""),
            "invalid": anal_name(item) in bad,
        }
        for item, label in ANAL_ITEMS
    ]
    lowest = [
        {
            "name": field_name(side, "lowest_non_key_muscle"),
            "label": f"{side.capitalize()} lowest non-key muscle with motor function",
            "value": values.get(field_name(side, "lowest_non_key_muscle"), ""),
        }
        for side in SIDES
    ]
    return {
        "rows": rows,
        "anal": anal,
        "anal_answers": ANAL_ANSWERS,
        "lowest": lowest,
        "lowest_choices": ("", *KEY_MUSCLES),
        "present": PRESENT,
    }


def classification_rows(worksheet: Mapping[str, Any] | None, classification: Any) -> list[dict[str, str]]:
    """The stored classification, each result with the scores it rests on."""
    if worksheet is None or classification is None:
        return []
    return [
        {"name": name, "value": value, "basis": basis}
        for name, value, basis in explain(dict(worksheet), classification)
    ]

"""Each result's basis quotes the scores that decided it, the way a clinician checks a worksheet."""

from __future__ import annotations

from decisions.engine.isncsci import classify
from decisions.engine.isncsci.basis import explain
from tests.isncsci.factories import side, worksheet


def _basis(sheet: dict[str, object]) -> dict[str, tuple[str, str]]:
    return {name: (value, basis) for name, value, basis in explain(sheet, classify(sheet))}


def test_a_motor_level_at_l3_quotes_l4_l3_and_the_normal_muscle_above() -> None:
    right = side(motor={"L3": "4", "L4": "2", "L5": "0", "S1": "0"})
    bases = _basis(worksheet(right, side(), anal_contraction="yes", anal_pressure="yes"))

    assert bases["motor level (right)"] == ("L3", "L4 key muscle 2, L3 key muscle 4 with L2 normal")
    assert bases["motor level (left)"] == ("INT", "every key muscle 5 and sensation normal to S4-5")


def test_a_thoracic_motor_level_follows_the_sensory_level() -> None:
    bases = _basis(worksheet(side("T6")))

    assert bases["motor level (right)"][1].startswith("no key muscle tests T6: the motor level follows")
    assert bases["sensory level (right)"] == (
        "T6",
        "T7 light touch 0, pin prick 0, with light touch and pin prick normal from C2 to T6",
    )
    assert bases["ASIA Impairment Scale"][0] == "A"
    assert bases["lower extremity motor total"] == ("0", "right 0 + left 0")


def test_a_motor_incomplete_grade_counts_the_strong_key_muscles_below_the_nli() -> None:
    below_t10 = {"L2": "3", "L3": "3", "L4": "3", "L5": "2", "S1": "1"}
    sheet = worksheet(side("T10", below="1", motor=below_t10), anal_contraction="yes", anal_pressure="yes")

    value, basis = _basis(sheet)["ASIA Impairment Scale"]

    assert value == "D"
    assert basis.endswith("(6 of 10 key muscles below T10 graded 3 or more)")


def test_nt_scores_name_the_possible_values() -> None:
    sheet = worksheet(side("T6", light_touch={"T7": "NT"}, pin_prick={"T7": "NT"}))

    value, basis = _basis(sheet)["sensory level (right)"]

    assert "," in value
    assert f"values possible with the NT scores: {value}" in basis

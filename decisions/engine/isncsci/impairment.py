"""Completeness and the ASIA Impairment Scale (AIS), as the standard (ISNCSCI 2019) defines them.

- Complete (``C``) when there is no sacral sparing: no voluntary anal contraction, no deep anal
  pressure and no light touch or pin prick at S4-5 on either side; else incomplete (``I``).
- A: complete. B: sensory incomplete, with no motor function more than three levels below the
  motor level on either side (a non-key muscle with function counts). C: motor incomplete, with
  fewer than half of the key muscles below the NLI graded 3 or more. D: motor incomplete, with at
  least half graded 3 or more. E: normal sensation and motor function everywhere, in a patient
  with a prior deficit (the worksheet cannot tell, so an intact exam reads E).
- Motor incomplete means voluntary anal contraction, or sensory sparing plus motor function more
  than three levels below the motor level on either side.

Every possible grade is listed when NT scores leave several (``"B,C,D"``), and a grade a starred
score influenced carries ``*``, exactly as the reference algorithm (npm ``isncsci`` 2.0.6) does.
"""

from __future__ import annotations

from decisions.engine.isncsci.levels import neurological_level_of_injury
from decisions.engine.isncsci.segments import KEY_MUSCLES, SENSORY_LEVELS
from decisions.engine.isncsci.side import Side

_INDEX = {level: index for index, level in enumerate(SENSORY_LEVELS)}
_S4_5 = _INDEX["S4_5"]
_CAN_BE_ABSENT_SENSORY = frozenset(["0", "NT", "0*", "NT*"])
_MAY_HAVE_NO_MOTOR = frozenset(["0", "NT", "NT*", "0*"])
_BELOW_ANTIGRAVITY = frozenset(["0", "1", "2"])
_MAY_BE_BELOW_ANTIGRAVITY = frozenset(["0", "1", "2", "NT", "NT*"])
_STARRED_BELOW_ANTIGRAVITY = frozenset(["0*", "1*", "2*"])
_STARRED_MAY_BE_ANTIGRAVITY = frozenset(["0*", "1*", "2*", "0**", "1**", "2**"])

Finding = tuple[bool, bool]
"""(whether it can be so, whether a starred score decided it)."""


def _sacral_sensation(left: Side, right: Side) -> list[str]:
    return [
        right.light_touch["S4_5"],
        right.pin_prick["S4_5"],
        left.light_touch["S4_5"],
        left.pin_prick["S4_5"],
    ]


def injury_complete(left: Side, right: Side, anal_contraction: str, anal_pressure: str) -> str:
    """``C``, ``I``, or the possibilities (``C,I``) with stars where starred S4-5 scores decide."""
    sacral = _sacral_sensation(left, right)
    if anal_contraction == "no" and anal_pressure == "no":
        if all(value == "0" for value in sacral):
            return "C"
        if all(value in ("0", "0*") for value in sacral):
            return "C*,I*"
        if all(value in ("0", "0**") for value in sacral):
            return "I*"
    if (
        anal_contraction != "yes"
        and anal_pressure != "yes"
        and all(v in _CAN_BE_ABSENT_SENSORY for v in sacral)
    ):
        return "C,I"
    return "I"


def _first_key_muscle_below(index: int) -> int:
    """Index in KEY_MUSCLES of the first key muscle at or below sensory level ``index``."""
    if 1 <= index <= 3:
        return 0
    if 4 <= index <= 8:
        return index - 4
    if 9 <= index <= 20:
        return 5
    if 21 <= index <= 25:
        return index - 16
    return len(KEY_MUSCLES)


def _more_than_three_below(level: str) -> int:
    """First key muscle more than three levels below a motor level."""
    index = _S4_5 if level in ("INT", "INT*") else _INDEX[level.replace("*", "", 1)] + 4
    return _first_key_muscle_below(index)


def _sensory_preserved(left: Side, right: Side, anal_pressure: str) -> Finding:
    sacral = _sacral_sensation(left, right)
    return (
        anal_pressure != "no" or any(value != "0" for value in sacral),
        anal_pressure == "no"
        and not all(value == "0" for value in sacral)
        and all(value in ("0", "0*", "0**") for value in sacral),
    )


def _may_lack_motor_far_below(side: Side, motor_level: str) -> Finding:
    variable = False
    for level in motor_level.split(","):
        no_function = True
        for muscle in KEY_MUSCLES[_more_than_three_below(level) :]:
            grade = side.motor[muscle]
            if grade in ("0*", "0**"):
                variable = True
            if grade not in _MAY_HAVE_NO_MOTOR or muscle == side.lowest_non_key_muscle:
                no_function = False
                break
        if no_function:
            return True, variable
    return False, False


def _may_have_motor_far_below(side: Side, motor_level: str) -> Finding:
    variable = False
    for level in motor_level.split(","):
        for muscle in KEY_MUSCLES[_more_than_three_below(level) :]:
            grade = side.motor[muscle]
            if grade == "0**":
                variable = True
            if grade != "0" or muscle == side.lowest_non_key_muscle:
                return True, variable
    return variable, variable


def _can_be_b(
    left: Side, right: Side, motor_left: str, motor_right: str, contraction: str, pressure: str
) -> Finding:
    preserved, preserved_variable = _sensory_preserved(left, right, pressure)
    no_left, no_left_variable = _may_lack_motor_far_below(left, motor_left)
    no_right, no_right_variable = _may_lack_motor_far_below(right, motor_right)
    no_motor = contraction != "yes" and no_right and no_left
    no_motor_variable = contraction == "no" and (no_left_variable or no_right_variable)
    return preserved and no_motor, preserved_variable or no_motor_variable


def _can_be_motor_incomplete(
    left: Side, right: Side, motor_left: str, motor_right: str, contraction: str, pressure: str
) -> Finding:
    if contraction != "no":
        return True, False
    if _sensory_preserved(left, right, pressure)[0]:
        right_result, right_variable = _may_have_motor_far_below(right, motor_right)
        left_result, left_variable = _may_have_motor_far_below(left, motor_left)
        if right_result or left_result:
            return True, right_variable or left_variable
    return False, False


def _nli_indexes(nli: str) -> list[str]:
    return nli.replace("*", "").split(",")


def _fewer_than_half_antigravity(left: Side, right: Side, nli: str) -> Finding:
    """AIS C's motor rule: fewer than half the key muscles below the NLI can grade 3 or more."""
    for level in _nli_indexes(nli):
        index = _S4_5 if level == "INT" else _INDEX[level]
        start = _first_key_muscle_below(index + 1)
        half = len(KEY_MUSCLES) - start
        count = variable_count = 0
        for muscle in KEY_MUSCLES[start:]:
            for side in (left, right):
                grade = side.motor[muscle]
                if grade in _MAY_BE_BELOW_ANTIGRAVITY:
                    count += 1
                elif grade in _STARRED_BELOW_ANTIGRAVITY:
                    count += 1
                    variable_count += 1
            if count - variable_count > half:
                return True, False
        if count > half and count - variable_count <= half:
            return True, True
    return False, False


def _at_least_half_antigravity(left: Side, right: Side, nli: str) -> Finding:
    """AIS D's motor rule: at least half the key muscles below the NLI can grade 3 or more."""
    result, variable = False, False
    for level in _nli_indexes(nli):
        if level == "INT":
            break
        start = _first_key_muscle_below(_INDEX[level] + 1)
        half = len(KEY_MUSCLES) - start
        if half == 0:
            return True, False
        count = variable_count = 0
        for muscle in KEY_MUSCLES[start:]:
            for side in (left, right):
                grade = side.motor[muscle]
                count += grade not in _BELOW_ANTIGRAVITY
                variable_count += grade in _STARRED_MAY_BE_ANTIGRAVITY
            if count - variable_count >= half:
                return True, False
        if count >= half:
            result = True
            variable = variable or count - variable_count < half
    return result, variable


def _c_without_stars(left: Side, right: Side) -> bool:
    """Would the C motor rule still hold if no score carried a star? (Without any star in the
    worksheet it is the same question, already answered yes.)"""
    if not (left.has_stars() or right.has_stars()):
        return True
    plain_left, plain_right = left.without_stars(), right.without_stars()
    plain_nli = neurological_level_of_injury(plain_left, plain_right)
    return _fewer_than_half_antigravity(plain_left, plain_right, plain_nli)[0]


def asia_impairment_scale(
    left: Side,
    right: Side,
    contraction: str,
    pressure: str,
    completeness: str,
    motor_levels: tuple[str, str],
    nli: str,
) -> str:
    """The AIS grade, or every grade still possible, rostral (A) to caudal (E)."""
    if contraction == "yes" and nli in ("INT", "INT*"):
        return "E" if nli == "INT" else "E*"
    motor_left, motor_right = motor_levels
    grades: list[str] = []
    if "C" in completeness:
        grades.append("A*" if "*" in completeness else "A")
    can_be_b, b_variable = _can_be_b(left, right, motor_left, motor_right, contraction, pressure)
    if can_be_b:
        grades.append("B*" if b_variable else "B")
    incomplete, incomplete_variable = _can_be_motor_incomplete(
        left, right, motor_left, motor_right, contraction, pressure
    )
    if incomplete:
        c_result, c_variable = _fewer_than_half_antigravity(left, right, nli)
        if c_result:
            starred = c_variable or incomplete_variable or not _c_without_stars(left, right)
            grades.append("C*" if starred else "C")
        d_result, d_variable = _at_least_half_antigravity(left, right, nli)
        if d_result:
            grades.append("D*" if d_variable or incomplete_variable else "D")
    if contraction != "no":
        if "INT*" in nli:
            grades.append("E*")
        elif "INT" in nli:
            grades.append("E")
    return ",".join(grades)

"""Sensory and motor levels per side, and the neurological level of injury (NLI).

The rules are the standard's (ISNCSCI 2019): the sensory level is the most caudal segment with
normal light touch and pin prick, every segment above it normal too; the motor level is the most
caudal key muscle graded at least 3 whose rostral key muscles are all normal (5), and where no key
muscle tests a segment (C1-C4, T2-L1, S2-S5) the motor level follows the sensory level; the NLI is
the most caudal segment with normal sensation on both sides and antigravity (3+) strength with
normal function rostrally on both sides.

A worksheet with NT scores may allow several answers: each function then returns every possible
level, comma-separated, rostral to caudal. A level that a starred score (a score impaired by
something other than the spinal cord injury) influenced carries a trailing ``*``. The way the
possibilities and stars propagate is the reference algorithm's (Praxis, npm ``isncsci`` 2.0.6),
followed step by step because the contract is to agree with it on every worksheet; the
differential tests in tests/isncsci compare the two on random worksheets.

Each check returns ``(continue, level, variable)``: whether the walk goes on caudally, the level to
add to the list of possibilities (or None), and whether a starred score has been met, which stars
every level found after it.
"""

from __future__ import annotations

from decisions.engine.isncsci.segments import KEY_MUSCLES, SENSORY_LEVELS
from decisions.engine.isncsci.side import Side

Check = tuple[bool, str | None, bool]

_ABNORMAL_SENSORY = frozenset(["0", "1", "0*", "1*"])
_NT_VARIABLE_SENSORY = frozenset(["0**", "1**"])
_NT_NOT_VARIABLE_SENSORY = frozenset(["2", "NT", "NT**"])
_BELOW_ANTIGRAVITY = frozenset(["0", "1", "2"])
_STARRED_WEAK = frozenset(["0*", "1*", "2*", "NT*"])
_DOUBLE_STARRED_WEAK = frozenset(["0**", "1**", "2**"])
_NORMAL_OR_DOUBLE_STARRED = frozenset(["5", "0**", "1**", "2**", "3**", "4**", "NT**"])
_DOUBLE_STARRED = frozenset(["0**", "1**", "2**", "3**", "4**", "NT**"])
_MAY_BE_WEAK = frozenset(["0", "1", "2", "0*", "1*", "2*", "NT", "NT*"])
_STOPS_MOTOR_WALK = frozenset(["0*", "1*", "2*", "NT*", "3", "4", "3*", "4*"])
_NOT_VARIABLE_MOTOR = frozenset(["5", "3", "4", "3*", "4*", "NT"])
_AT_END_STOPS = frozenset(["3", "4", "0*", "1*", "2*", "3*", "4*", "NT*"])
_AT_END_VARIABLE = frozenset(["0*", "1*", "2*", "NT*", "0**", "1**", "2**"])
_STARRED_STRONG_OR_NT = frozenset(["3**", "4**", "NT**"])
_NORMAL_OR_NT = frozenset(["5", "NT"])

_INDEX = {level: index for index, level in enumerate(SENSORY_LEVELS)}
_C4, _T1, _L1, _S1 = _INDEX["C4"], _INDEX["T1"], _INDEX["L1"], _INDEX["S1"]


def _star(level: str, variable: bool) -> str:
    return level + "*" if variable else level


def check_sensory_level(side: Side, level: str, next_level: str, variable: bool) -> Check:
    """Is ``level`` the sensory level, judging by the next segment's light touch and pin prick?"""
    light_touch = side.light_touch[next_level]
    pin_prick = side.pin_prick[next_level]
    if light_touch == "2" and pin_prick == "2":
        return True, None, variable
    if light_touch in _ABNORMAL_SENSORY or pin_prick in _ABNORMAL_SENSORY:
        return False, _star(level, variable), variable
    if light_touch == "NT*" or pin_prick == "NT*":
        return False, level + "*", True
    if light_touch == "NT" or pin_prick == "NT":
        if light_touch in _NT_VARIABLE_SENSORY or pin_prick in _NT_VARIABLE_SENSORY:
            return True, _star(level, variable), True
        if light_touch in _NT_NOT_VARIABLE_SENSORY or pin_prick in _NT_NOT_VARIABLE_SENSORY:
            return True, _star(level, variable), variable
        raise ValueError(f"unexpected sensory scores at {next_level}")
    return True, None, True


def sensory_level(side: Side) -> str:
    """The side's sensory level (or levels, when NT scores leave several possible)."""
    levels: list[str] = []
    variable = False
    last = len(SENSORY_LEVELS) - 1
    light_touch, pin_prick = side.light_touch, side.pin_prick
    for index, level in enumerate(SENSORY_LEVELS):
        if index == last:
            levels.append(_star("INT", variable))
            break
        next_level = SENSORY_LEVELS[index + 1]
        if light_touch[next_level] == "2" and pin_prick[next_level] == "2":
            continue  # the common case, as check_sensory_level answers it
        go_on, found, level_variable = check_sensory_level(side, level, next_level, variable)
        variable = variable or level_variable
        if found:
            levels.append(found)
        if not go_on:
            break
    return ",".join(levels)


def check_motor_level(side: Side, level: str, next_level: str, variable: bool) -> Check:
    """Is key muscle ``level`` the motor level, judging by it and the next key muscle?"""
    grade = side.motor[level]
    if grade in _BELOW_ANTIGRAVITY:
        raise ValueError(f"the motor walk reached {level} graded below 3")
    next_grade = side.motor[next_level]
    go_on = grade not in _STOPS_MOTOR_WALK and next_grade not in _BELOW_ANTIGRAVITY
    found: str | None = None
    if not (grade in _NORMAL_OR_DOUBLE_STARRED and next_grade not in _MAY_BE_WEAK):
        if grade in _STARRED_WEAK or (
            grade in _DOUBLE_STARRED_WEAK and next_grade in ("0*", "1*", "2*", "NT", "NT*")
        ):
            found = level + "*"
        else:
            found = _star(level, variable)
    result_variable = variable
    if grade not in _NOT_VARIABLE_MOTOR:
        if grade in _DOUBLE_STARRED:
            if next_grade not in _BELOW_ANTIGRAVITY:
                result_variable = True
        else:
            result_variable = True
    elif grade == "5" and next_grade in _DOUBLE_STARRED_WEAK:
        result_variable = True
    return go_on, found, result_variable


def check_before_key_muscles(side: Side, level: str, next_level: str, variable: bool) -> Check:
    """C4 and L1: the segment just above a block of key muscles, judged by the block's first."""
    next_grade = side.motor[next_level]
    return (
        next_grade not in _BELOW_ANTIGRAVITY,
        _star(level, variable) if next_grade in _MAY_BE_WEAK else None,
        variable or next_grade in _DOUBLE_STARRED_WEAK,
    )


def _check_block_sensation(side: Side, first_key_muscle: str) -> Check:
    """Sensation from the segment above a block of key muscles to the one below it (T1: C4-T2)."""
    start = _INDEX[first_key_muscle] - 1
    go_on, found, variable = True, None, False
    for index in range(start, start + 6):
        level_go_on, level_found, level_variable = check_sensory_level(
            side, SENSORY_LEVELS[index], SENSORY_LEVELS[index + 1], False
        )
        if not level_go_on:
            go_on = False
        if level_found:
            found = level_found
        if level_variable:
            variable = True
    return go_on, found, variable


def check_at_end_of_key_muscles(side: Side, level: str, variable: bool) -> Check:
    """T1 and S1, the last key muscle of a block: the segment below has no key muscle, so
    whether T1 (S1) is the motor level depends on the block's sensation."""
    grade = side.motor[level]
    if grade in _BELOW_ANTIGRAVITY:
        raise ValueError(f"the motor walk reached {level} graded below 3")
    sensation = _check_block_sensation(side, "C5" if level == "T1" else "L2")
    sensation_go_on, sensation_found, sensation_variable = sensation
    go_on = not (grade in _AT_END_STOPS or not sensation_go_on)
    found: str | None = None
    if grade == "NT" or not (grade in _NORMAL_OR_DOUBLE_STARRED and sensation_go_on and not sensation_found):
        if grade in _STARRED_WEAK or (
            grade in _DOUBLE_STARRED_WEAK and (sensation_found or not sensation_go_on)
        ):
            found = level + "*"
        else:
            found = _star(level, variable)
    result_variable = variable
    if (
        grade in _AT_END_VARIABLE
        or (grade in _STARRED_STRONG_OR_NT and sensation_go_on)
        or (grade in _NORMAL_OR_NT and sensation_go_on and sensation_variable and not sensation_found)
    ):
        result_variable = True
    return go_on, found, result_variable


_SENSORY_ONLY = frozenset(SENSORY_LEVELS[0:3] + SENSORY_LEVELS[9:20] + SENSORY_LEVELS[26:28])
_KEY_MUSCLE_WALK = {
    level: KEY_MUSCLES[KEY_MUSCLES.index(level) + 1] for level in KEY_MUSCLES if level not in ("T1", "S1")
}


def motor_level(side: Side, voluntary_anal_contraction: str) -> str:
    """The side's motor level (or levels). Where no key muscle tests a segment the sensory
    scores decide; below S3 voluntary anal contraction decides whether motor function is intact."""
    levels: list[str] = []
    variable = False
    light_touch, pin_prick, motor = side.light_touch, side.pin_prick, side.motor
    for index, level in enumerate(SENSORY_LEVELS):
        if level in _SENSORY_ONLY:
            next_level = SENSORY_LEVELS[index + 1]
            if light_touch[next_level] == "2" and pin_prick[next_level] == "2":
                continue  # the common case, as check_sensory_level answers it
            result = check_sensory_level(side, level, next_level, variable)
        elif level == "C4" or level == "L1":
            result = check_before_key_muscles(side, level, "C5" if level == "C4" else "L2", variable)
        elif level in _KEY_MUSCLE_WALK:
            next_muscle = _KEY_MUSCLE_WALK[level]
            if motor[level] == "5" and motor[next_muscle] == "5":
                continue  # the common case, as check_motor_level answers it
            result = check_motor_level(side, level, next_muscle, variable)
        elif level == "T1" or level == "S1":
            result = check_at_end_of_key_muscles(side, level, variable)
        elif voluntary_anal_contraction == "no":
            if "S3" in levels or "S3*" in levels:
                break
            result = (False, _star("S3", variable), variable)
        elif voluntary_anal_contraction == "NT":
            if "S3" not in levels and "S3*" not in levels:
                levels.append(_star("S3", variable))
            result = (False, _star("INT", variable), variable)
        else:
            result = (False, _star("INT", variable), variable)
        go_on, found, level_variable = result
        variable = variable or level_variable
        if found:
            levels.append(found)
        if not go_on:
            break
    return ",".join(levels)


def _both_sides_sensory(level: str, left: Check, right: Check, variable: bool) -> Check:
    found: str | None = None
    if left[1] or right[1]:
        if left[1] and right[1] and "*" in left[1] and "*" in right[1]:
            found = level + "*"
        else:
            found = _star(level, variable)
    return left[0] and right[0], found, variable or left[2] or right[2]


def _both_sides_motor(left_side: Side, right_side: Side, index: int, sensory: Check, variable: bool) -> Check:
    level = SENSORY_LEVELS[index]
    if level == "C4" or level == "L1":
        first = "C5" if level == "C4" else "L2"
        left = check_before_key_muscles(left_side, level, first, variable)
        right = check_before_key_muscles(right_side, level, first, variable)
    elif level == "T1" or level == "S1":
        # The reference judges T1 and S1 here by the muscle alone (no sensory look-ahead).
        left = check_motor_level(left_side, level, level, variable)
        right = check_motor_level(right_side, level, level, variable)
    else:
        left = check_motor_level(left_side, level, _KEY_MUSCLE_WALK[level], variable)
        right = check_motor_level(right_side, level, _KEY_MUSCLE_WALK[level], variable)
    found: str | None = None
    if left[1] or right[1] or sensory[1]:
        if left[1] and right[1] and ("*" in left[1] or "*" in right[1]):
            found = level + "*"
        else:
            found = _star(level, variable)
    if not sensory[0]:
        return sensory[0], found, sensory[2]
    return left[0] and right[0], found, variable or sensory[2] or left[2] or right[2]


_NLI_MUSCLES: tuple[tuple[str, str] | None, ...] = tuple(
    ("C5", "C5")
    if level == "C4"
    else ("L2", "L2")
    if level == "L1"
    else (level, level)
    if level in ("T1", "S1")
    else (level, _KEY_MUSCLE_WALK[level])
    if level in _KEY_MUSCLE_WALK
    else None
    for level in SENSORY_LEVELS
)
"""Per sensory level, the key muscles the NLI walk reads there (None: sensation alone)."""


def _both_normal(left: Side, right: Side, muscles: tuple[str, str] | None) -> bool:
    """Whether the key muscles the NLI walk reads at this level are all 5 (or there are none)."""
    if muscles is None:
        return True
    muscle, next_muscle = muscles
    return (
        left.motor[muscle] == "5"
        and left.motor[next_muscle] == "5"
        and right.motor[muscle] == "5"
        and right.motor[next_muscle] == "5"
    )


def neurological_level_of_injury(left: Side, right: Side) -> str:
    """The NLI: the most rostral of the four levels, walked on both sides at once."""
    levels: list[str] = []
    variable = False
    last = len(SENSORY_LEVELS) - 1
    for index, level in enumerate(SENSORY_LEVELS):
        if index == last:
            levels.append(_star("INT", variable))
            break
        next_level = SENSORY_LEVELS[index + 1]
        if (
            left.light_touch[next_level] == "2"
            and left.pin_prick[next_level] == "2"
            and right.light_touch[next_level] == "2"
            and right.pin_prick[next_level] == "2"
            and _both_normal(left, right, _NLI_MUSCLES[index])
        ):
            continue  # the common case, as _both_sides_sensory and _both_sides_motor answer it
        left_sensory = check_sensory_level(left, level, next_level, variable)
        right_sensory = check_sensory_level(right, level, next_level, variable)
        result = _both_sides_sensory(level, left_sensory, right_sensory, variable)
        if _C4 <= index <= _T1 or _L1 <= index <= _S1:
            result = _both_sides_motor(left, right, index, result, variable)
        go_on, found, level_variable = result
        variable = variable or level_variable
        if found:
            levels.append(found)
        if not go_on:
            break
    return ",".join(levels)

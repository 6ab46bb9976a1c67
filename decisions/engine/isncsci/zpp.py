"""Zones of partial preservation (ZPP), per side, sensory and motor.

Since the 2019 revision the ZPP applies whenever the sacral segments lack the function in question
(not only in complete injuries): the sensory ZPP when deep anal pressure is absent (or not tested)
and S4-5 sensation may be absent on that side, the motor ZPP when voluntary anal contraction is
absent (or not tested). It is the most caudal segment with some preserved function below the level
(the sensory level for sensation; the motor level for motor function, where segments without key
muscles follow sensation). ``NA`` stands first when the ZPP may not apply; a motor ZPP in an AIS C
injury names the lowest non-key muscle when it lies more than three levels below the motor level.

The walk is the reference algorithm's (npm ``isncsci`` 2.0.6), step by step, stars included.
"""

from __future__ import annotations

import re

from decisions.engine.isncsci.segments import KEY_MUSCLES, SENSORY_LEVELS
from decisions.engine.isncsci.side import Side

_INDEX = {level: index for index, level in enumerate(SENSORY_LEVELS)}
_CAN_BE_ABSENT = frozenset(["0", "NT", "0*", "NT*"])
_KEY_MUSCLE_SET = frozenset(KEY_MUSCLES)
_BELOW_S1 = re.compile(r"(S2|S3|INT)\*?(,|$)")
_SOME_MOTOR_FUNCTION = frozenset(
    ["1", "2", "3", "4", "5", "1*", "2*", "3*", "4*", "0**", "1**", "2**", "3**", "4**", "NT**"]
)
r"""Grades with definite motor function, or counted as normal (the reference: /^[1-5]|^(NT|[0-4])\*\*$/)."""
_MAYBE_MOTOR_FUNCTION = frozenset(["NT", "NT*", "0*"])
_STARRED_ZERO = frozenset(["0*", "0**"])
_STARRED_DIGIT = frozenset(["0*", "1*", "0**", "1**"])
_NORMAL_SENSORY = frozenset(["2", "0**", "1**", "NT**"])
_NORMAL_MOTOR = frozenset(["5", "0**", "1**", "2**", "3**", "4**", "NT**"])


def _check_sensory_zpp_level(side: Side, level: str, variable: bool) -> tuple[bool, str | None, bool]:
    pin_prick, light_touch = side.pin_prick[level], side.light_touch[level]
    if pin_prick == "0" and light_touch == "0":
        return True, None, variable
    if pin_prick not in _CAN_BE_ABSENT or light_touch not in _CAN_BE_ABSENT:
        return False, level + "*" if variable else level, variable
    if pin_prick in ("NT", "NT*") or light_touch in ("NT", "NT*"):
        return True, level + "*" if variable else level, variable
    return True, level + "*", True


def sensory_zpp(side: Side, anal_pressure: str) -> str:
    """The side's sensory ZPP: from S3 up, the segments that may have preserved sensation."""
    if anal_pressure not in ("no", "NT") or not (
        side.light_touch["S4_5"] in _CAN_BE_ABSENT and side.pin_prick["S4_5"] in _CAN_BE_ABSENT
    ):
        return "NA"
    zpp: list[str] = []
    sacral_go_on, sacral_found, _ = _check_sensory_zpp_level(side, "S4_5", False)
    if anal_pressure == "NT" or (not sacral_go_on or sacral_found is not None):
        zpp.append("NA")
    levels: list[str] = []
    variable = False
    light_touch, pin_prick = side.light_touch, side.pin_prick
    for index in range(_INDEX["S3"], -1, -1):
        level = SENSORY_LEVELS[index]
        if index == 0:
            levels.insert(0, level)
            break
        if light_touch[level] == "0" and pin_prick[level] == "0":
            continue  # the common case, as _check_sensory_zpp_level answers it
        go_on, found, level_variable = _check_sensory_zpp_level(side, level, variable)
        variable = variable or level_variable
        if found:
            levels.insert(0, found)
        if not go_on:
            break
    return ",".join(zpp + levels)


def _normal(side: Side, name: str) -> bool:
    """Normal, or counted as normal, in every score at this level; a segment without a key muscle
    never is (the reference's reading, which ends the normal run at the first such segment)."""
    return (
        name in _KEY_MUSCLE_SET
        and side.motor[name] in _NORMAL_MOTOR
        and side.light_touch[name] in _NORMAL_SENSORY
        and side.pin_prick[name] in _NORMAL_SENSORY
    )


class _Range:
    """The levels from the most rostral motor level down to the bottom of the motor ZPP search,
    with the first starred level and the last level of an unbroken normal run below the top."""

    __slots__ = ("bottom", "first_star", "last_normal", "non_key_muscle", "top")

    def __init__(self, side: Side, top: str, bottom: str) -> None:
        top_index, bottom_index = _INDEX.get(top), _INDEX.get(bottom)
        if top_index is None or bottom_index is None or top_index > bottom_index:
            raise ValueError("cannot determine the range of the motor zone of partial preservation")
        self.top: int = top_index
        self.bottom: int = bottom_index
        lowest = side.lowest_non_key_muscle
        self.non_key_muscle: int | None = (
            _INDEX[lowest] if lowest in _KEY_MUSCLE_SET and _INDEX[lowest] <= bottom_index else None
        )
        self.last_normal: int = bottom_index
        for index in range(top_index + 1, bottom_index + 1):
            if not _normal(side, SENSORY_LEVELS[index]):
                self.last_normal = index - 1
                break
        self.first_star: int | None = None
        for index in range(1, bottom_index + 1):
            name = SENSORY_LEVELS[index]
            motor = side.motor[name] if name in _KEY_MUSCLE_SET else ""
            if "*" in side.light_touch[name] or "*" in side.pin_prick[name] or "*" in motor:
                self.first_star = index
                break

    def starred(self, side: Side, index: int) -> bool:
        """Whether a starred score at or above this level makes its ZPP value starred."""
        if self.first_star is None:
            return False
        name = SENSORY_LEVELS[index]
        if name in _KEY_MUSCLE_SET:
            return side.motor[name] in _STARRED_ZERO
        if index > 0 and (side.light_touch[name] in _STARRED_DIGIT or side.pin_prick[name] in _STARRED_DIGIT):
            return True  # C1 (index 0) is implied normal
        return self.first_star <= index <= self.last_normal


def motor_zpp(side: Side, anal_contraction: str, ais: str, motor_level: str) -> str:
    """The side's motor ZPP: from the bottom of the range up, the levels with some motor
    function (or sensation, where no key muscle tests the segment), stopping at the first
    with definite function."""
    if anal_contraction == "yes":
        return "NA"
    zpp: list[str] = ["NA"] if anal_contraction == "NT" else []
    test_non_key_muscle = "C" in ais
    levels = motor_level.replace("*", "")
    listed = levels.split(",")
    bottom = ("S3" if listed[-1] == "INT" else listed[-1]) if _BELOW_S1.search(levels) else "S1"
    walk = _Range(side, listed[0], bottom)
    non_key = walk.non_key_muscle
    add_non_key_muscle = False
    non_key_muscle_added = False
    current = walk.bottom
    while True:
        name = SENSORY_LEVELS[current]
        at_top = current == walk.top
        overridden = test_non_key_muscle and non_key is not None and non_key - current > 3
        if name in _KEY_MUSCLE_SET:
            grade = side.motor[name]
            if grade in _SOME_MOTOR_FUNCTION:
                if overridden:
                    add_non_key_muscle = True
                else:
                    zpp.insert(0, name + ("*" if walk.starred(side, current) else ""))
                    non_key_muscle_added = non_key_muscle_added or current == non_key
                break
            if grade in _MAYBE_MOTOR_FUNCTION:
                if overridden:
                    add_non_key_muscle = True
                else:
                    zpp.insert(0, name + ("*" if walk.starred(side, current) else ""))
                    non_key_muscle_added = non_key_muscle_added or current == non_key
        elif name in levels:
            if overridden:
                add_non_key_muscle = True
            else:
                zpp.insert(0, name + ("*" if walk.starred(side, current) else ""))
        if at_top:
            break
        current -= 1
    if add_non_key_muscle and not non_key_muscle_added and non_key is not None:
        zpp.append(SENSORY_LEVELS[non_key])
    zpp.sort(key=lambda value: -1 if value == "NA" else _INDEX[value.replace("*", "", 1)])
    return ",".join(zpp)

"""Random ISNCSCI worksheets for the differential tests and the benchmark.

Shaped like real injuries rather than uniform noise, so the rules that matter get exercised:
each worksheet has a lesion level (mostly thoracolumbar and lumbosacral, some cervical, some
sacral or none), normal scores above it, a transition zone, and below it a complete, sensory
incomplete, motor incomplete or near-normal pattern, sides a level or two apart. Then NT and
starred scores are sprinkled in (``0*``, ``3**``, ``NT*``, ...), the anal observations follow the
pattern with some NT, and a lowest non-key muscle with function is sometimes named. One worksheet
in twenty is uniform noise, to reach the corners the shaped ones miss.
"""

from __future__ import annotations

import random
from typing import Any

from decisions.engine.isncsci.segments import KEY_MUSCLES, SENSORY_LEVELS, SENSORY_POINTS

_MOTOR_STARS = ["0*", "1*", "2*", "3*", "4*", "NT*", "0**", "1**", "2**", "3**", "4**", "NT**"]
_SENSORY_STARS = ["0*", "1*", "NT*", "0**", "1**", "NT**"]
_MOTOR_ANY = ["0", "1", "2", "3", "4", "5", "NT", *_MOTOR_STARS]
_SENSORY_ANY = ["0", "1", "2", "NT", *_SENSORY_STARS]
_OBSERVATIONS = ["yes", "no", "NT"]
_PATTERNS = ["complete", "sensory_incomplete", "motor_incomplete", "near_normal"]

# Where lesions sit: index into SENSORY_LEVELS (1 = C2 ... 28 = S4_5, 29 = none).
_LEVEL_WEIGHTS = (
    [(index, 1.0) for index in range(1, 9)]  # C2-T1
    + [(index, 2.5) for index in range(9, 21)]  # T2-L1: thoracolumbar
    + [(index, 3.0) for index in range(21, 26)]  # L2-S1: lower limb
    + [(index, 1.5) for index in range(26, 29)]  # S2-S4_5
    + [(29, 1.5)]  # intact
)
_LEVELS, _WEIGHTS = zip(*_LEVEL_WEIGHTS, strict=True)


def _side(rng: random.Random, level: int, pattern: str) -> dict[str, Any]:
    motor: dict[str, str] = {}
    light_touch: dict[str, str] = {}
    pin_prick: dict[str, str] = {}
    for point in SENSORY_POINTS:
        distance = SENSORY_LEVELS.index(point) - level
        for scores in (light_touch, pin_prick):
            if distance <= 0:
                scores[point] = "2"
            elif distance <= 2 and rng.random() < 0.3:
                scores[point] = rng.choice("12")
            elif pattern == "complete":
                scores[point] = "0"
            elif pattern == "near_normal":
                scores[point] = rng.choice("1222")
            else:
                scores[point] = rng.choice("0012")
    for muscle in KEY_MUSCLES:
        distance = SENSORY_LEVELS.index(muscle) - level
        if distance <= 0:
            motor[muscle] = "5"
        elif distance <= 2 and rng.random() < 0.5:
            motor[muscle] = rng.choice("1234")
        elif pattern in ("complete", "sensory_incomplete"):
            motor[muscle] = "0" if rng.random() < 0.9 else rng.choice("12")
        elif pattern == "near_normal":
            motor[muscle] = rng.choice("345")
        else:
            motor[muscle] = rng.choice("0123345")
    side: dict[str, Any] = {"motor": motor, "light_touch": light_touch, "pin_prick": pin_prick}
    if rng.random() < 0.3:
        side["lowest_non_key_muscle"] = rng.choice(KEY_MUSCLES)
    return side


def _near(rng: random.Random, segments: tuple[str, ...], level: int) -> str:
    """A segment, four times in five at or below three segments above the lesion."""
    near = [segment for segment in segments if SENSORY_LEVELS.index(segment) >= level - 3]
    return rng.choice(near if near and rng.random() < 0.8 else segments)


def _perturb(rng: random.Random, side: dict[str, Any], level: int) -> None:
    """NT and starred scores, mostly around and below the lesion: none in a third of the
    sides, a few in most, many in some."""
    count = rng.choice([0, 0, 1, 1, 2, 3, 4, 8])
    for _ in range(count):
        kind = rng.random()
        if kind < 0.4:
            muscle = _near(rng, KEY_MUSCLES, level)
            grade = side["motor"][muscle]
            if rng.random() < 0.4:
                side["motor"][muscle] = "NT"
            elif grade in ("5", "NT") or "*" in grade or rng.random() < 0.3:
                side["motor"][muscle] = rng.choice(_MOTOR_STARS)
            else:
                side["motor"][muscle] = grade + rng.choice(["*", "**"])
        else:
            scores = side[rng.choice(["light_touch", "pin_prick"])]
            point = _near(rng, SENSORY_POINTS, level)
            if rng.random() < 0.4:
                scores[point] = "NT"
            elif scores[point] in ("2", "NT") or "*" in scores[point] or rng.random() < 0.3:
                scores[point] = rng.choice(_SENSORY_STARS)
            else:
                scores[point] = scores[point] + rng.choice(["*", "**"])


def _noise_side(rng: random.Random) -> dict[str, Any]:
    side: dict[str, Any] = {
        "motor": {muscle: rng.choice(_MOTOR_ANY) for muscle in KEY_MUSCLES},
        "light_touch": {point: rng.choice(_SENSORY_ANY) for point in SENSORY_POINTS},
        "pin_prick": {point: rng.choice(_SENSORY_ANY) for point in SENSORY_POINTS},
    }
    if rng.random() < 0.3:
        side["lowest_non_key_muscle"] = rng.choice(KEY_MUSCLES)
    return side


def random_worksheet(rng: random.Random) -> dict[str, Any]:
    """One worksheet in the shape of spec section 4."""
    if rng.random() < 0.05:
        return {
            "right": _noise_side(rng),
            "left": _noise_side(rng),
            "voluntary_anal_contraction": rng.choice(_OBSERVATIONS),
            "deep_anal_pressure": rng.choice(_OBSERVATIONS),
        }
    level = rng.choices(_LEVELS, _WEIGHTS)[0]
    pattern = rng.choice(_PATTERNS)
    sides = {}
    for name in ("right", "left"):
        side_level = min(29, max(1, level + rng.choice([0, 0, 0, -1, 1, -2, 2])))
        sides[name] = _side(rng, side_level, pattern)
        _perturb(rng, sides[name], side_level)
    if pattern == "complete":
        contraction, pressure = "no", rng.choice(["no", "no", "no", "NT"])
        if rng.random() < 0.7:
            for side in sides.values():
                side["light_touch"]["S4_5"] = side["pin_prick"]["S4_5"] = "0"
    elif pattern == "sensory_incomplete":
        contraction, pressure = "no", rng.choice(["yes", "no", "NT"])
    else:
        contraction, pressure = rng.choice(["yes", "yes", "no", "NT"]), rng.choice(["yes", "no", "NT"])
    if rng.random() < 0.1:
        contraction = "NT"
    return {**sides, "voluntary_anal_contraction": contraction, "deep_anal_pressure": pressure}


def random_worksheets(seed: int, count: int) -> list[dict[str, Any]]:
    """``count`` worksheets, the same ones for the same seed."""
    rng = random.Random(seed)
    return [random_worksheet(rng) for _ in range(count)]

"""One side of the worksheet, as the classification rules read it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Side:
    """The scores of one side, keyed by segment (spec section 4); C1 is implied normal."""

    motor: Mapping[str, str]
    light_touch: Mapping[str, str]
    pin_prick: Mapping[str, str]
    lowest_non_key_muscle: str | None = None

    @classmethod
    def from_document(cls, side: Mapping[str, Any]) -> Side:
        """Build from the validated ``isncsci.left`` or ``isncsci.right`` object."""
        lowest = side.get("lowest_non_key_muscle")
        return cls(
            motor=dict(side["motor"]),
            light_touch={"C1": "2", **side["light_touch"]},
            pin_prick={"C1": "2", **side["pin_prick"]},
            lowest_non_key_muscle=lowest if isinstance(lowest, str) else None,
        )

    def without_stars(self) -> Side:
        """The same scores read as if no other condition affected them."""
        return Side(
            motor={key: value.replace("*", "") for key, value in self.motor.items()},
            light_touch={key: value.replace("*", "") for key, value in self.light_touch.items()},
            pin_prick={key: value.replace("*", "") for key, value in self.pin_prick.items()},
            lowest_non_key_muscle=self.lowest_non_key_muscle,
        )

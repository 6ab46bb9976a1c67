"""One side of the worksheet, as the classification rules read it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Side:
    """The scores of one side, keyed by segment (spec section 4); C1 is implied normal and has
    no key. The mappings are the document's own, read but never changed."""

    motor: Mapping[str, str]
    light_touch: Mapping[str, str]
    pin_prick: Mapping[str, str]
    lowest_non_key_muscle: str | None = None

    @classmethod
    def from_document(cls, side: Mapping[str, Any]) -> Side:
        """Build from the validated ``isncsci.left`` or ``isncsci.right`` object."""
        lowest = side.get("lowest_non_key_muscle")
        return cls(
            motor=side["motor"],
            light_touch=side["light_touch"],
            pin_prick=side["pin_prick"],
            lowest_non_key_muscle=lowest if isinstance(lowest, str) else None,
        )

    def has_stars(self) -> bool:
        """Whether any score on this side carries a star."""
        return any(
            "*" in score
            for scores in (self.motor, self.light_touch, self.pin_prick)
            for score in scores.values()
        )

    def without_stars(self) -> Side:
        """The same scores read as if no other condition affected them."""
        return Side(
            motor={key: value.replace("*", "") for key, value in self.motor.items()},
            light_touch={key: value.replace("*", "") for key, value in self.light_touch.items()},
            pin_prick={key: value.replace("*", "") for key, value in self.pin_prick.items()},
            lowest_non_key_muscle=self.lowest_non_key_muscle,
        )

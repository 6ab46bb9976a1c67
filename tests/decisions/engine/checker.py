"""The case checker lives with the decision module (``decisions.validation``); the tests share it."""

from __future__ import annotations

from decisions.validation import check_expected

__all__ = ["check_expected"]

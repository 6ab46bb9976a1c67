"""What changed between two versions of an exam, in the words a clinician reads.

Both versions are exam documents (``exams.selectors.exam_version_document``); findings are
matched by (name, side), history and patient keys by name, so the diff says "Left quadriceps
grade 5 -> 3" rather than "motor[4] changed".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

_FINDING_NAME = {
    "motor": "muscle",
    "reflexes": "reflex",
    "plantar_responses": None,
    "sensory": "region",
    "special_tests": "test",
}
_FINDING_WORDS = {
    "motor": "",
    "reflexes": " reflex",
    "plantar_responses": "plantar response",
    "sensory": " sensation",
    "special_tests": "",
}


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: what it is about, and its value before and after ("" when absent)."""

    subject: str
    before: str
    after: str

    @property
    def kind(self) -> str:
        if not self.before:
            return "added"
        if not self.after:
            return "removed"
        return "changed"


def _words(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("_", " ")


def _item_key(list_name: str, item: Mapping[str, Any]) -> str:
    name_key = _FINDING_NAME[list_name]
    name = _words(item[name_key]) if name_key else ""
    return f"{item['side'].capitalize()} {name}{_FINDING_WORDS[list_name]}".replace("  ", " ").strip()


def _item_value(list_name: str, item: Mapping[str, Any]) -> str:
    name_key = _FINDING_NAME[list_name]
    skip = {"side", name_key}
    bare = ("grade", "status", "response", "result")
    return ", ".join(
        _words(value) if key in bare else f"{_words(key)} {_words(value)}"
        for key, value in item.items()
        if key not in skip
    )


def _findings(document: Mapping[str, Any], list_name: str) -> dict[str, str]:
    return {_item_key(list_name, item): _item_value(list_name, item) for item in document.get(list_name, [])}


def _keyed(before: Mapping[str, Any], after: Mapping[str, Any], prefix: str) -> Iterator[Change]:
    for key in sorted(set(before) | set(after), key=lambda k: (k not in before, k)):
        old, new = _words(before.get(key)), _words(after.get(key))
        if old != new:
            yield Change(f"{prefix}{_words(key)}", old, new)


def version_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """Every difference from ``before`` to ``after``: patient, time, history, findings, notes."""
    changes: list[Change] = []
    changes += _keyed(
        {k: v for k, v in before.get("patient", {}).items() if k != "identifier"},
        {k: v for k, v in after.get("patient", {}).items() if k != "identifier"},
        "Patient ",
    )
    changes += _keyed(
        {"examined at": before.get("performed_at")}, {"examined at": after.get("performed_at")}, ""
    )
    changes += _keyed(before.get("history", {}), after.get("history", {}), "History: ")
    for list_name in _FINDING_NAME:
        changes += _keyed(_findings(before, list_name), _findings(after, list_name), "")
    changes += _keyed(
        {"sensory level": before.get("sensory_level"), "notes": before.get("notes")},
        {"sensory level": after.get("sensory_level"), "notes": after.get("notes")},
        "",
    )
    return changes

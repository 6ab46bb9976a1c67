"""Accounting for every element of a received resource: what the mapper read, and what it did not.

The inbound mapper marks what it reads (``took`` for elements of one JSON object, ``took_all`` for
a whole object) as it maps; afterwards ``leftovers`` walks the received JSON and names, by
FHIRPath, every element the mapper never read. Marks are kept by object identity, so the mapper
needs no location bookkeeping: it marks the dict it is reading from (JSON parsed from a request
shares no object between two locations, so a mark names one place). An element left over is
then announced to the sender (or refused, for a ``modifierExtension``) instead of being lost
without a word, whatever element it is and however deep it sits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MODIFIER_EXTENSION = "modifierExtension"


class Consumption:
    """The elements of one received Bundle that the mapper has read (kept, or used to map)."""

    def __init__(self) -> None:
        self._elements: set[tuple[int, str]] = set()
        self._objects: set[int] = set()

    def took(self, holder: dict[str, Any], *elements: str) -> None:
        """These elements of ``holder`` (each with everything inside it) are accounted for."""
        for element in elements:
            if element in holder:
                self._elements.add((id(holder), element))

    def took_all(self, *nodes: Any) -> None:
        """These whole objects are accounted for."""
        for node in nodes:
            self._objects.add(id(node))

    def leftovers(self, node: Any, where: str) -> list[str]:
        """The FHIRPath of every element under ``node`` that nothing took, at its highest level:
        an element none of whose content was read is named once, not leaf by leaf."""
        _, left = self._walk(node, where)
        return left

    def _walk(self, node: Any, where: str) -> tuple[bool, list[str]]:
        if id(node) in self._objects:
            return True, []
        children: list[tuple[str, Any, bool]]
        if isinstance(node, dict):
            children = [(f"{where}.{k}", v, (id(node), k) in self._elements) for k, v in node.items()]
        elif isinstance(node, list):
            children = [(f"{where}[{i}]", v, False) for i, v in enumerate(node)]
        else:
            return False, [where]
        any_taken = False
        left: list[str] = []
        for child_where, value, taken in children:
            if taken:
                any_taken = True
                continue
            child_taken, child_left = self._walk(value, child_where)
            any_taken = any_taken or child_taken
            left.extend(child_left)
        return (True, left) if any_taken else (False, [where])


def modifier_extensions(node: Any, where: str) -> Iterator[str]:
    """Every ``modifierExtension`` under ``node``, at any depth: each changes the meaning of the
    element that holds it, so an element holding one that neuroexam does not understand cannot be
    kept as if it were not there."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == MODIFIER_EXTENSION:
                yield f"{where}.{key}"
            else:
                yield from modifier_extensions(value, f"{where}.{key}")
    elif isinstance(node, list):
        for position, value in enumerate(node):
            yield from modifier_extensions(value, f"{where}[{position}]")


def element_name(where: str) -> str:
    """The last element named in a FHIRPath location, without its index: ``coding`` for
    ``Bundle.entry[0].resource.code.coding[1]``."""
    return where.rsplit(".", 1)[-1].split("[", 1)[0]

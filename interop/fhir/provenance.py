"""What an exam version keeps from the FHIR Observations it came from, beyond the findings.

Written by ``interop.fhir.services`` (``ExamVersionProvenance``), rendered by
``interop.fhir.outbound`` on every Observation of that version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def finding_key(kind: str, name: str, side: str | None = None) -> str:
    """A finding's Observation id without the exam id: how its identifiers are filed."""
    return "-".join(
        part.replace("_", "-").replace(":", ".") for part in (kind, name, *([side] if side else []))
    )


@dataclass(frozen=True, slots=True)
class Provenance:
    """What the Observations said about the exam version beyond its findings, kept with it.

    ``status`` is the one status all of the exam's Observations share; ``performers`` and
    ``encounter`` are the references they carried; ``effective_precision`` is ``date`` when the
    exam was sent as a day (stored as noon UTC, rendered back as the day); ``identifiers`` are the
    Observation identifiers by finding id (without the exam id), rendered back on each finding.
    """

    status: str = "final"
    performers: tuple[dict[str, Any], ...] = ()
    encounter: dict[str, Any] | None = None
    effective_precision: str = "dateTime"
    identifiers: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "performers": list(self.performers),
            "encounter": self.encounter,
            "effective_precision": self.effective_precision,
            "identifiers": self.identifiers,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Provenance:
        return cls(
            status=data.get("status", "final"),
            performers=tuple(data.get("performers") or ()),
            encounter=data.get("encounter"),
            effective_precision=data.get("effective_precision", "dateTime"),
            identifiers=data.get("identifiers") or {},
        )

"""Observation search parameters, as the CapabilityStatement lists them, and their matching.

Pure: the query is parsed from the request's parameters here and applied to rendered
Observations; ``interop.fhir.selectors.observation_search`` picks the candidate exams. Unknown
parameters answer 400 under ``Prefer: handling=strict``; otherwise they are ignored and, as FHIR
asks, left out of the ``self`` link so the client can see what was applied.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from interop.fhir.inbound import BundleInvalid, Issue

DEFAULT_COUNT = 100
MAX_COUNT = 1000
PATIENT_PARAMS = ("patient", "subject", "subject:Patient")
PATIENT_IDENTIFIER_PARAMS = ("patient.identifier", "subject:Patient.identifier", "subject.identifier")
# Parameters we apply (and echo in the self link) and those we accept without echoing.
SEARCH_PARAMS = (*PATIENT_PARAMS, *PATIENT_IDENTIFIER_PARAMS, "code", "date", "_id", "identifier")
CONTROL_PARAMS = ("_count", "_offset", "_summary", "_format")
_DATE = re.compile(r"^(eq|ne|gt|lt|ge|le)?(\d{4}(-\d{2}(-\d{2}(T.+)?)?)?)$")
_ONE_MICROSECOND = timedelta(microseconds=1)


def _token(value: str) -> tuple[str | None, str]:
    system, bar, code = value.rpartition("|")
    return (system or None) if bar else None, code


def _range(value: str) -> tuple[datetime, datetime]:
    """The half-open instant range a FHIR date or dateTime stands for, at its precision."""
    if len(value) == 4:
        start = datetime(int(value), 1, 1, tzinfo=UTC)
        return start, start.replace(year=start.year + 1)
    if len(value) == 7:
        start = datetime(int(value[:4]), int(value[5:7]), 1, tzinfo=UTC)
        month = start.month % 12 + 1
        return start, start.replace(year=start.year + (start.month == 12), month=month)
    if len(value) == 10:
        start = datetime.fromisoformat(value).replace(tzinfo=UTC)
        return start, start + timedelta(days=1)
    instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant, instant + timedelta(seconds=1)


@dataclass(frozen=True, slots=True)
class DateFilter:
    prefix: str
    start: datetime
    end: datetime

    def matches(self, effective: str) -> bool:
        if len(effective) == 10:
            t_start, t_end = _range(effective)
        else:
            t_start = _range(effective)[0]
            t_end = t_start + _ONE_MICROSECOND
        equal = self.start <= t_start and t_end <= self.end
        return {
            "eq": equal,
            "ne": not equal,
            "gt": t_end > self.end,
            "lt": t_start < self.start,
            "ge": t_end > self.start,
            "le": t_start < self.end,
        }[self.prefix]


@dataclass(frozen=True)
class ObservationQuery:
    patient: str | None = None
    patient_identifier: str | None = None
    codes: tuple[tuple[tuple[str | None, str], ...], ...] = ()  # AND of ORs
    dates: tuple[DateFilter, ...] = ()
    ids: tuple[str, ...] = ()
    identifiers: tuple[tuple[str | None, str], ...] = ()
    count: int = DEFAULT_COUNT
    offset: int = 0
    summary_count: bool = False
    applied: tuple[tuple[str, str], ...] = field(default=())  # what the self link echoes

    def urlencoded(self, offset: int | None = None) -> str:
        pairs = [*self.applied]
        if self.summary_count:
            pairs.append(("_summary", "count"))
        pairs.append(("_count", str(self.count)))
        if offset if offset is not None else self.offset:
            pairs.append(("_offset", str(offset if offset is not None else self.offset)))
        return urlencode(pairs, safe="|:/,")

    def matches(self, observation: dict[str, Any]) -> bool:
        if self.ids and observation["id"] not in self.ids:
            return False
        codings = [(c.get("system"), c.get("code")) for c in observation["code"].get("coding", [])]
        for alternatives in self.codes:
            if not any(
                code == c and system in (None, s) for system, code in alternatives for s, c in codings
            ):
                return False
        if not all(d.matches(observation["effectiveDateTime"]) for d in self.dates):
            return False
        if self.identifiers:
            held = [(i.get("system"), i.get("value")) for i in observation.get("identifier", [])]
            if not any(
                value == v and system in (None, s) for system, value in self.identifiers for s, v in held
            ):
                return False
        return True


def _integer(name: str, value: str, low: int, high: int) -> int:
    if not value.isdigit() or not low <= int(value) <= high:
        raise BundleInvalid([Issue(name, f"must be a whole number from {low} to {high}", "value")])
    return int(value)


def observation_query(params: Iterable[tuple[str, str]], *, strict: bool) -> ObservationQuery:
    """The query the parameters ask for; 400 (naming the parameter) for a value we cannot apply."""
    found: dict[str, Any] = {"codes": [], "dates": [], "ids": [], "identifiers": []}
    applied: list[tuple[str, str]] = []
    unknown: list[str] = []
    for name, value in params:
        if name in PATIENT_PARAMS:
            found["patient"] = value
        elif name in PATIENT_IDENTIFIER_PARAMS:
            found["patient_identifier"] = value
        elif name == "code":
            found["codes"].append(tuple(_token(v) for v in value.split(",")))
        elif name == "date":
            match = _DATE.match(value)
            try:
                start, end = _range(match.group(2)) if match else (None, None)
            except ValueError:
                start = end = None
            if match is None or start is None or end is None:
                raise BundleInvalid(
                    [Issue("date", "a date is [eq|ne|gt|lt|ge|le]YYYY[-MM[-DD[Thh:mm:ss+zz:zz]]]", "value")]
                )
            found["dates"].append(DateFilter(match.group(1) or "eq", start, end))
        elif name == "_id":
            found["ids"] += value.split(",")
        elif name == "identifier":
            found["identifiers"] += [_token(v) for v in value.split(",")]
        elif name == "_count":
            found["count"] = _integer("_count", value, 0, MAX_COUNT)
            continue
        elif name == "_offset":
            found["offset"] = _integer("_offset", value, 0, 10**9)
            continue
        elif name == "_summary":
            if value not in ("count", "false"):
                raise BundleInvalid(
                    [Issue("_summary", "only _summary=count (or false) is supported", "not-supported")]
                )
            found["summary_count"] = value == "count"
            continue
        elif name == "_format":
            continue
        else:
            unknown.append(name)
            continue
        applied.append((name, value))
    if unknown and strict:
        raise BundleInvalid(
            [
                Issue(name, "unknown search parameter (Prefer: handling=strict)", "not-supported")
                for name in unknown
            ]
        )
    if not any(found.get(key) for key in ("patient", "patient_identifier", "ids", "identifiers")):
        raise BundleInvalid(
            [
                Issue(
                    "patient",
                    "search by patient=Patient/{id}, patient.identifier=system|value, _id or identifier",
                )
            ]
        )
    return ObservationQuery(
        patient=found.get("patient"),
        patient_identifier=found.get("patient_identifier"),
        codes=tuple(found["codes"]),
        dates=tuple(found["dates"]),
        ids=tuple(found["ids"]),
        identifiers=tuple(found["identifiers"]),
        count=found.get("count", DEFAULT_COUNT),
        offset=found.get("offset", 0),
        summary_count=found.get("summary_count", False),
        applied=tuple(applied),
    )

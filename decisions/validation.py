"""Clinical validation: one checker for the ``expected`` block of a clinical case, and the report.

The shared cases (``tests/cases/*.json``, identical to ``../shared/cases/``) each carry the
answer a consultant expects. ``check_expected`` says every way a decision document falls short of
it; the engine tests and the API tests run every case through it, and ``validation_report``
renders ``docs/clinical-validation.md`` (``manage.py clinical_validation``). Pure functions over
dicts: no Django, no database.

Semantics of ``expected``:

* ``site`` / ``acceptable_sites``: the lesion's site is one of them (``site: null`` = no lesion, or
  one of ``acceptable_sites`` on a side its ``alternative_sides`` entry lists).
* ``side``: the lesion's side; ``acceptable_sides`` lists further sides accepted for any expected
  site, ``alternative_sides[site]`` further sides accepted when the lesion is that site.
* ``pattern`` / ``acceptable_patterns``, ``urgency`` / ``acceptable_urgency``: one of them; a case
  without ``pattern`` accepts any pattern (a hyperacute picture has none yet).
* ``red_flags``: every code raised; ``forbidden_red_flags``: none of them raised.
* ``must_recommend``: each entry (``study`` or ``any_of``) recommended at ``min_urgency`` or higher.
* ``must_not_recommend``: never recommended; ``must_not_recommend_at``: not at that urgency or higher.
* ``min_recommendation_urgency`` / ``max_recommendation_urgency``: bounds on every recommendation.
* ``must_rank_below``: those sites rank below the lesion's site in the differential.
* ``optional``: allowed, not required (only checked not to clash with a ban).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from decisions.engine.document import DecisionDocument
from decisions.engine.vocabulary import URGENCY_RANK

RANK = {urgency.value: rank for urgency, rank in URGENCY_RANK.items()}


def check_expected(expected: dict[str, Any], doc: DecisionDocument) -> list[str]:
    """Every way ``doc`` (a decision document) fails ``expected``; empty when it passes."""
    problems: list[str] = []
    problems += _check_site(expected, doc)
    problems += _check_one_of(expected, doc, "pattern", "acceptable_patterns")
    problems += _check_one_of(expected, doc, "urgency", "acceptable_urgency")
    problems += _check_flags(expected, doc)
    problems += _check_recommendations(expected, doc)
    return problems


def _check_site(expected: dict[str, Any], doc: DecisionDocument) -> list[str]:
    lesion = doc["lesion"]
    if expected["site"] is None and lesion is not None:
        # No lesion expected, but a named acceptable site (and side) is allowed too.
        sides = expected.get("alternative_sides", {}).get(lesion["site"], [])
        if lesion["site"] in expected.get("acceptable_sites", []) and lesion["side"] in sides:
            return []
        return [f"expected no lesion, got {lesion['site']} {lesion['side']}"]
    if expected["site"] is None:
        return []
    if lesion is None:
        return [f"expected {expected['site']}, got no lesion"]
    problems = []
    sites = [expected["site"], *expected.get("acceptable_sites", [])]
    if lesion["site"] not in sites:
        problems.append(f"site {lesion['site']} not in {sites}")
    sides = [
        expected["side"],
        *expected.get("acceptable_sides", []),
        *expected.get("alternative_sides", {}).get(lesion["site"], []),
    ]
    if lesion["side"] not in sides:
        problems.append(f"side {lesion['side']} not in {sides}")
    order = [entry["site"] for entry in doc["differential"]]
    if order and order[0] != lesion["site"]:
        problems.append("lesion is not the first differential entry")
    for below in expected.get("must_rank_below", []):
        if below in order and order.index(below) < order.index(lesion["site"]):
            problems.append(f"{below} ranks above {lesion['site']}")
    return problems


def _check_one_of(
    expected: dict[str, Any], doc: DecisionDocument, key: Literal["pattern", "urgency"], alternatives: str
) -> list[str]:
    if key not in expected:
        return []
    allowed = [expected[key], *expected.get(alternatives, [])]
    return [] if doc[key] in allowed else [f"{key} {doc[key]} not in {allowed}"]


def _check_flags(expected: dict[str, Any], doc: DecisionDocument) -> list[str]:
    raised = {flag["code"] for flag in doc["red_flags"]}
    problems = [f"red flag {code} missing" for code in expected.get("red_flags", []) if code not in raised]
    problems += [
        f"red flag {code} forbidden" for code in expected.get("forbidden_red_flags", []) if code in raised
    ]
    return problems


def _check_recommendations(expected: dict[str, Any], doc: DecisionDocument) -> list[str]:
    recs = {rec["study"]: RANK[rec["urgency"]] for rec in doc["recommendations"]}
    problems = []
    for entry in expected.get("must_recommend", []):
        studies = entry["any_of"] if "any_of" in entry else [entry["study"]]
        floor = RANK[entry.get("min_urgency", "routine")]
        if not any(recs.get(study, -1) >= floor for study in studies):
            problems.append(f"none of {studies} recommended at >= {entry.get('min_urgency')}")
    problems += [
        f"{study} must not be recommended"
        for study in expected.get("must_not_recommend", [])
        if study in recs
    ]
    for entry in expected.get("must_not_recommend_at", []):
        if recs.get(entry["study"], -1) >= RANK[entry["urgency"]]:
            problems.append(f"{entry['study']} must not be recommended at >= {entry['urgency']}")
    if "min_recommendation_urgency" in expected:
        floor = RANK[expected["min_recommendation_urgency"]]
        problems += [f"{study} below the minimum urgency" for study, rank in recs.items() if rank < floor]
    if "max_recommendation_urgency" in expected:
        ceiling = RANK[expected["max_recommendation_urgency"]]
        problems += [f"{study} above the maximum urgency" for study, rank in recs.items() if rank > ceiling]
    banned = set(expected.get("must_not_recommend", []))
    problems += [
        f"optional {study} is also banned" for study in expected.get("optional", []) if study in banned
    ]
    return problems


# ---- the report (docs/clinical-validation.md) --------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseResult:
    """One case's expectation, the engine's answer and how they compare."""

    case: dict[str, Any]
    doc: DecisionDocument
    problems: list[str]


def _required_studies(expected: dict[str, Any]) -> list[list[str]]:
    return [
        entry["any_of"] if "any_of" in entry else [entry["study"]]
        for entry in expected.get("must_recommend", [])
    ]


def _advised_against_required(result: CaseResult) -> int:
    against = {item["study"] for item in result.doc["not_recommended"]}
    return sum(1 for studies in _required_studies(result.case["expected"]) if set(studies) <= against)


def summary(results: list[CaseResult]) -> dict[str, tuple[int, int]]:
    """The headline figures as (numerator, denominator)."""
    expected_flags = raised_flags = emergencies = caught = 0
    for result in results:
        raised = {flag["code"] for flag in result.doc["red_flags"]}
        wanted = result.case["expected"].get("red_flags", [])
        expected_flags += len(wanted)
        raised_flags += sum(1 for code in wanted if code in raised)
        if result.case["expected"]["urgency"] == "emergency":
            emergencies += 1
            caught += result.doc["urgency"] == "emergency"
    required = sum(len(_required_studies(result.case["expected"])) for result in results)
    return {
        "fully correct": (sum(1 for result in results if not result.problems), len(results)),
        "site and side": (
            sum(1 for result in results if not _check_site(result.case["expected"], result.doc)),
            len(results),
        ),
        "red-flag recall": (raised_flags, expected_flags),
        "emergency recall": (caught, emergencies),
        "required studies advised against": (sum(_advised_against_required(r) for r in results), required),
    }


def _site_text(site: str | None, side: str | None) -> str:
    if site is None:
        return "none"
    return f"{site} ({side})" if side else site


def _row(result: CaseResult) -> str:
    expected, doc = result.case["expected"], result.doc
    lesion = doc["lesion"]
    got_site = _site_text(lesion["site"], lesion["side"]) if lesion else "none"
    flags = ", ".join(flag["code"] for flag in doc["red_flags"]) or "-"
    wanted = ", ".join(expected.get("red_flags", [])) or "-"
    verdict = "yes" if not result.problems else "no: " + "; ".join(result.problems)
    cells = [
        result.case["id"],
        result.case["title"],
        f"{_site_text(expected['site'], expected['side'])}, {expected['urgency']}, flags {wanted}",
        f"{got_site}, {doc['urgency']}, flags {flags}",
        verdict,
    ]
    return "| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |"


def validation_report(results: list[CaseResult], ruleset: str) -> str:
    """``docs/clinical-validation.md``: the figures, then one row per case."""
    lines = [
        "# Clinical validation",
        "",
        f"Every shared clinical case run through the engine (ruleset {ruleset}). Written by"
        " `manage.py clinical_validation`; CI fails when this page is not current.",
        "",
        "| figure | value |",
        "| --- | --- |",
    ]
    for name, (hits, total) in summary(results).items():
        lines.append(f"| {name} | {hits} / {total} |")
    lines += [
        "",
        "| case | title | expected (site, urgency, red flags) | engine | fully correct |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [_row(result) for result in results]
    return "\n".join(lines) + "\n"

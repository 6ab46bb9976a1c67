"""One checker for the ``expected`` block of a clinical case (tests/cases/*.json).

Semantics, read from the 26 shared cases:

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

from typing import Any

RANK = {"none": 0, "routine": 1, "urgent": 2, "emergency": 3}


def check_expected(expected: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    """Every way ``doc`` (a decision document) fails ``expected``; empty when it passes."""
    problems: list[str] = []
    problems += _check_site(expected, doc)
    problems += _check_one_of(expected, doc, "pattern", "acceptable_patterns")
    problems += _check_one_of(expected, doc, "urgency", "acceptable_urgency")
    problems += _check_flags(expected, doc)
    problems += _check_recommendations(expected, doc)
    return problems


def _check_site(expected: dict[str, Any], doc: dict[str, Any]) -> list[str]:
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


def _check_one_of(expected: dict[str, Any], doc: dict[str, Any], key: str, alternatives: str) -> list[str]:
    if key not in expected:
        return []
    allowed = [expected[key], *expected.get(alternatives, [])]
    return [] if doc[key] in allowed else [f"{key} {doc[key]} not in {allowed}"]


def _check_flags(expected: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    raised = {flag["code"] for flag in doc["red_flags"]}
    problems = [f"red flag {code} missing" for code in expected.get("red_flags", []) if code not in raised]
    problems += [
        f"red flag {code} forbidden" for code in expected.get("forbidden_red_flags", []) if code in raised
    ]
    return problems


def _check_recommendations(expected: dict[str, Any], doc: dict[str, Any]) -> list[str]:
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

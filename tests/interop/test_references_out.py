"""CDS cards and FHIR resources cite the bibliography: the same citation and canonical URL.

Pure functions over decision documents built by the engine from the shared cases, no database.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from decisions.engine import decision_document, evaluate
from decisions.engine.knowledge.sources import SOURCES, Source
from interop.cds_hooks.cards import plan_card, red_flag_cards
from interop.fhir.outbound import decision_resources
from tests.decisions.engine.conftest import load_cases, to_facts
from tests.decisions.engine.test_bibliography import url_problem

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
CASES = {case["id"]: case for case in load_cases()}


def _decision(case_id: str) -> dict[str, Any]:
    return decision_document(evaluate(to_facts(CASES[case_id]["exam"])), computed_at=NOW)


def test_a_stroke_card_cites_stroke_guidance_with_its_link() -> None:
    decision = _decision("V31")
    cards = red_flag_cards(decision_id=1, decision=decision, exam_note="", patient_reference=None)
    (card,) = [c for c in cards if c.summary == "Red flag: Suspected stroke"]

    stroke = SOURCES["NICE-NG128"]
    assert card.body["source"] == {
        "label": stroke.citation,
        "url": "https://www.nice.org.uk/guidance/ng128/chapter/Recommendations",
    }
    links = card.body["links"]
    assert {link["url"] for link in links} >= {stroke.url, SOURCES["ROSIER-2005"].url}
    assert all(link["type"] == "absolute" for link in links)
    assert "Low Back Pain" not in str(card.body)


def test_every_card_link_is_a_primary_url_from_the_bibliography() -> None:
    by_url: dict[str, list[Source]] = {}
    for source in SOURCES.values():
        by_url.setdefault(source.url, []).append(source)
    for case_id in CASES:
        decision = _decision(case_id)
        cards = [*red_flag_cards(decision_id=1, decision=decision, exam_note="", patient_reference=None)]
        cards.append(plan_card(decision_id=1, decision=decision, exam_note=""))
        for card in cards:
            for link in card.body.get("links", []):
                sources = by_url[link["url"]]
                assert all(url_problem(link["url"], source.kind) is None for source in sources), case_id
                label = link["label"].removesuffix("…")
                assert any(source.citation.startswith(label) for source in sources), case_id


def test_service_requests_and_the_impression_carry_the_citations_and_urls() -> None:
    decision = _decision("V31")
    observations = [{"effectiveDateTime": "2026-11-20T09:00:00Z"}]
    resources = decision_resources(
        exam_id=7, decision=decision, subject={"reference": "Patient/1"}, observations=observations
    )

    (impression,) = [r for r in resources if r["resourceType"] == "ClinicalImpression"]
    linked = [ref["url"] for ref in decision["references"] if ref["url"]]
    assert impression["protocol"][1:] == linked
    for ref in decision["references"]:
        assert ref["citation"] in impression["note"][0]["text"]
    ct_head = next(r for r in resources if r["id"] == "7-study-ct-head")
    recommendation = next(rec for rec in decision["recommendations"] if rec["study"] == "ct_head")
    assert ct_head["instantiatesUri"] == [
        SOURCES[key].url for key in recommendation["sources"] if SOURCES[key].url
    ]
    assert SOURCES["NICE-NG128"].citation in ct_head["note"][0]["text"]

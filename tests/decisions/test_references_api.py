"""GET /api/v1/references/: an EHR resolves the source keys of a decision it received."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from decisions.engine import RULESET
from decisions.engine.knowledge.sources import SOURCES
from decisions.schemas import DecisionDocument, ReferenceList
from tests.factories import set_finding

URL = "/api/v1/references/"


def test_the_bibliography_lists_every_source_with_the_ruleset_version(ehr_a: APIClient) -> None:
    response = ehr_a.get(URL)

    assert response.status_code == 200
    body = ReferenceList.model_validate(response.json())
    assert (body.ruleset.name, body.ruleset.version) == (RULESET.name, RULESET.version)
    assert [entry.key for entry in body.references] == list(SOURCES)
    gbs = next(entry for entry in body.references if entry.key == "EAN-PNS-GBS-2023")
    assert gbs.kind == "guideline"
    assert gbs.url == "https://pubmed.ncbi.nlm.nih.gov/37814552/"
    chapter = next(entry for entry in body.references if entry.key == "Preston-femoral")
    assert (chapter.kind, chapter.url, chapter.chapter) == ("textbook", None, "Femoral neuropathy")


def test_a_decision_cites_only_keys_the_bibliography_resolves(
    ehr_a: APIClient, exam_document: dict[str, Any]
) -> None:
    set_finding(exam_document, "motor", "muscle", "tibialis_anterior", "left", grade="3")
    exam_document["history"]["bladder_dysfunction"] = True

    decision = DecisionDocument.model_validate(
        ehr_a.post("/api/v1/decisions/evaluate/", exam_document, format="json").json()
    )
    bibliography = {entry["key"]: entry for entry in ehr_a.get(URL).json()["references"]}

    cited = {key for flag in decision.red_flags for key in flag.model_extra["sources"]}
    cited |= {key for rec in decision.recommendations for key in rec.sources}
    cited |= {key for item in decision.not_recommended for key in item.model_extra["sources"]}
    assert "GIRFT-CES-2023" in cited
    assert cited == {ref.key for ref in decision.references}
    for ref in decision.references:
        entry = bibliography[ref.key]
        assert (ref.citation, ref.url, ref.kind) == (entry["citation"], entry["url"], entry["kind"])


def test_the_bibliography_needs_a_token() -> None:
    assert APIClient().get(URL).status_code == 401

"""The bibliography: every source primary, resolvable and cited; every decision's keys resolved.

A clinician must be able to open the basis of each recommendation (FDA CDS guidance, criterion
4), so a URL outside the primary domains below fails here, as does a source without a citation,
a kind or an address, a source no row cites, and a row whose only support is an unexplained
design choice. What counts as primary is set out in docs/decision-module.md.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import pytest

from decisions.engine import decision_document, evaluate
from decisions.engine.knowledge.caveats import CAVEATS
from decisions.engine.knowledge.recommendations import ADVISE_AGAINST, STUDY_RULES
from decisions.engine.knowledge.red_flags import RED_FLAG_RULES
from decisions.engine.knowledge.sources import SOURCES, SourceKind, references
from tests.decisions.engine.conftest import load_cases, to_facts
from tests.decisions.engine.test_tables import _all_source_lists

PUBMED = re.compile(r"https://pubmed\.ncbi\.nlm\.nih\.gov/\d+/")
PMC = re.compile(r"https://pmc\.ncbi\.nlm\.nih\.gov/articles/PMC\d+/")
DOI = re.compile(r"https://doi\.org/10\.\d{4,9}/[^\s?#<>\"]+")
ACR_APPENDIX = re.compile(r"https://acsearch\.acr\.org/list/GetAppendix\?PanelName=[A-Za-z]+&TopicId=\d+")
# The issuing bodies' and standards bodies' own sites (guidelines, standards, Choosing Wisely lists).
BODY_HOSTS = frozenset(
    {
        "www.nice.org.uk",
        "cks.nice.org.uk",
        "acsearch.acr.org",
        "www.acr.org",
        "gettingitrightfirsttime.co.uk",
        "www.rcr.ac.uk",
        "www.ukri.org",
        "asia-spinalinjury.org",
        "www.aan.com",
        "www.aanem.org",
        "www.ean.org",
        "www.acc.org",
        "www.choosingwisely.org",
        "choosingwiselycanada.org",
        "www.aafp.org",
        "hssib.org.uk",
        "www.rheumatology.org",
        "www.cns.org",
    }
)
# A journal's own article page, only for an article that has neither a PMID nor a DOI to link.
PUBLISHER_HOSTS = frozenset({"www.ccjm.org"})
NOT_PRIMARY_HOST_WORDS = ("staging", "qa", "test", "dev", "preview", "proxy", "webvpn", "weglot", "cache")

RULE_ROWS = (
    [(f"red flag {r.code}", r.sources) for r in RED_FLAG_RULES]
    + [(f"study rule {r.name}", r.sources) for r in STUDY_RULES]
    + [(f"advice {r.name}", r.sources) for r in ADVISE_AGAINST]
    + [(f"caveat {r.name}", r.sources) for r in CAVEATS]
)


def url_problem(url: str, kind: SourceKind) -> str | None:
    """Why ``url`` is not a primary, canonical address for a source of ``kind`` (None if it is)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme != "https":
        return "not https"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return "an IP address"
    if any(word in label for label in host.split(".") for word in NOT_PRIMARY_HOST_WORDS):
        return f"a staging, cache or proxy host: {host}"
    if parts.fragment:
        return "has a fragment"
    if PUBMED.fullmatch(url) or PMC.fullmatch(url) or DOI.fullmatch(url) or ACR_APPENDIX.fullmatch(url):
        return None
    if parts.query:
        return "has a query string"
    if host in BODY_HOSTS:
        return None
    if host in PUBLISHER_HOSTS and kind is SourceKind.ARTICLE:
        return None
    return f"{host} is not a primary domain"


@pytest.mark.parametrize("key", sorted(SOURCES))
def test_every_source_is_complete_and_primary(key: str) -> None:
    source = SOURCES[key]
    assert source.key == key
    assert isinstance(source.kind, SourceKind), key
    assert source.citation.strip(), f"{key} has no citation"
    if source.kind is SourceKind.TEXTBOOK:
        assert source.edition, f"{key}: a textbook names its edition"
        assert source.chapter, f"{key}: a textbook names its chapter"
        assert source.url == "", f"{key}: a textbook links to no copy of the book"
    elif source.kind is SourceKind.DESIGN:
        assert source.url == "", f"{key}: a design choice is not a reference"
        assert source.display.startswith("neuroexam design choice: "), key
    else:
        assert source.url, f"{key} has no URL"
        assert url_problem(source.url, source.kind) is None, f"{key}: {url_problem(source.url, source.kind)}"


def test_every_source_is_cited_by_some_row() -> None:
    cited = {key for _row, sources in _all_source_lists() for key in sources}
    assert sorted(set(SOURCES) - cited) == []


@pytest.mark.parametrize(("row", "sources"), _all_source_lists(), ids=lambda v: str(v)[:40])
def test_no_row_cites_a_source_twice(row: str, sources: tuple[str, ...]) -> None:
    assert len(set(sources)) == len(sources), row


@pytest.mark.parametrize(("row", "sources"), _all_source_lists(), ids=lambda v: str(v)[:40])
def test_a_row_resting_on_design_alone_says_which_choice(row: str, sources: tuple[str, ...]) -> None:
    """The generic ``design`` key covers the numbers beside real sources, never a whole row."""
    if all(SOURCES[key].kind is SourceKind.DESIGN for key in sources):
        assert "design" not in sources, f"{row} rests on design alone without stating the choice"


@pytest.mark.parametrize(("row", "sources"), RULE_ROWS, ids=lambda v: str(v)[:40])
def test_a_rule_names_the_design_choice_it_rests_on(row: str, sources: tuple[str, ...]) -> None:
    """Rules have no weights: a design choice in a rule is stated by its own key, never generic."""
    assert "design" not in sources, row


def test_the_url_check_rejects_what_the_issue_names() -> None:
    rejected = [
        "http://pubmed.ncbi.nlm.nih.gov/1/",
        "https://www.seekhealthz.com/health/how-is-muscle-weakness-graded/",
        "https://mdedge-cache.qa01.mdedge.com/x",
        "http://47.251.13.51:8081/2245306",
        "https://bestpractice-bmj-com.bibliotheek.ehb.be/topics/en-gb/3000164",
        "https://docslib.org/doc/1/x",
        "http://enmgblog.blogspot.com/2012/09/x.html",
        "https://pubmed.ncbi.nlm.nih.gov/34862914/?term=x",
        "https://emedicine.staging.medscape.com/article/1",
        "https://www.ccjm.org/content/87/11/671",  # a publisher page for a guideline
    ]
    for url in rejected:
        assert url_problem(url, SourceKind.GUIDELINE) is not None, url
    assert url_problem("https://www.ccjm.org/content/87/11/671", SourceKind.ARTICLE) is None


CASES = load_cases()
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _cited_keys(document: dict[str, Any]) -> set[str]:
    keys = {key for flag in document["red_flags"] for key in flag["sources"]}
    keys |= {key for rec in document["recommendations"] for key in rec["sources"]}
    keys |= {key for item in document["not_recommended"] for key in item["sources"]}
    return keys


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_every_key_in_a_decision_resolves_in_its_references(case: dict[str, Any]) -> None:
    document = decision_document(evaluate(to_facts(case["exam"])), computed_at=NOW)
    references = document["references"]

    assert [ref["key"] for ref in references if ref["key"] not in _cited_keys(document)] == []
    assert sorted(ref["key"] for ref in references) == sorted(_cited_keys(document))
    for ref in references:
        kind = SourceKind(ref["kind"])
        assert ref["citation"], ref
        if kind in (SourceKind.TEXTBOOK, SourceKind.DESIGN):
            assert ref["url"] is None, ref
        else:
            assert url_problem(ref["url"], kind) is None, ref


def test_a_documents_references_are_the_bibliographys_entries_once_each_in_citing_order() -> None:
    assert references(["NICE-NG128", "design", "NICE-NG128", "Preston-femoral"]) == [
        SOURCES["NICE-NG128"].reference(),
        SOURCES["design"].reference(),
        SOURCES["Preston-femoral"].reference(),
    ]
    assert SOURCES["design"].reference()["citation"].startswith("neuroexam design choice: ")
    assert SOURCES["Preston-femoral"].reference()["url"] is None

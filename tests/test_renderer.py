"""The API's JSON renderer writes what DRF's would, only faster (clinic.renderers)."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer as DrfJSONRenderer

from clinic.renderers import JSONRenderer, StoredJSON
from decisions.engine import decision_document, evaluate
from exams.documents import parse_exam_document
from tests.factories import normal_exam_document

BODIES: list[Any] = [
    {"id": 1, "notes": "naïve café", "scores": [0.25, 1.0, -3], "flags": [], "lesion": None, "ok": True},
    {"error": ErrorDetail("invalid, revoked or expired token", code="authentication_failed")},
    {"label": gettext_lazy("Django's lazy strings go through DRF's encoder")},
    {"text": "a line\u2028and a paragraph\u2029separator"},
    {"notes": "the words NaN and Infinity inside a string"},
]


@pytest.mark.parametrize("body", BODIES)
def test_the_body_means_what_drf_would_render(body: Any) -> None:
    ours, drf = JSONRenderer().render(body), DrfJSONRenderer().render(body)

    assert json.loads(ours) == json.loads(drf)
    assert b"\xe2\x80\xa8" not in ours  # escaped, as DRF does
    assert b"\xe2\x80\xa9" not in ours


def test_a_decision_document_is_rendered_compact_and_identical() -> None:
    facts = parse_exam_document(normal_exam_document()).to_facts()
    document = decision_document(evaluate(facts), timezone.now())

    assert JSONRenderer().render(document) == DrfJSONRenderer().render(document)


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_a_non_finite_number_is_refused_as_drf_refuses_it(value: float) -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        JSONRenderer().render({"score": value})


def test_an_indented_rendering_asked_for_in_accept_is_drfs() -> None:
    body = {"a": [1, 2]}

    assert JSONRenderer().render(body, "application/json; indent=2") == DrfJSONRenderer().render(
        body, "application/json; indent=2"
    )


def test_stored_json_is_written_as_stored_and_means_the_same() -> None:
    facts = parse_exam_document(normal_exam_document()).to_facts()
    document = decision_document(evaluate(facts), timezone.now())
    as_postgres_spells_it = json.dumps(document)  # ", " and ": ", as jsonb::text

    body = JSONRenderer().render({"id": 7, "decision": StoredJSON(as_postgres_spells_it), "version": 2})

    assert body == b'{"id":7,"decision":' + as_postgres_spells_it.encode() + b',"version":2}'
    assert json.loads(body) == {"id": 7, "version": 2, "decision": document}


def test_stored_json_keeps_its_place_at_any_depth() -> None:
    motor = StoredJSON('[{"muscle": "iliopsoas"}]')
    body = {"motor": motor, "lists": [StoredJSON("[]"), {"x": StoredJSON("1")}]}

    rendered = JSONRenderer().render(body)

    assert rendered == b'{"motor":[{"muscle": "iliopsoas"}],"lists":[[],{"x":1}]}'


def test_stored_json_alone_and_indented_and_with_what_drf_must_decide() -> None:
    assert JSONRenderer().render({"decision": StoredJSON('{"a": 1}')}) == b'{"decision":{"a": 1}}'
    assert JSONRenderer().render(
        {"d": StoredJSON('{"a": [1, 2]}')}, "application/json; indent=2"
    ) == DrfJSONRenderer().render({"d": {"a": [1, 2]}}, "application/json; indent=2")
    separators = JSONRenderer().render({"d": StoredJSON('{"t": "line\u2028paragraph\u2029"}')})
    assert b"\xe2\x80\xa8" not in separators
    assert b"\xe2\x80\xa9" not in separators
    assert json.loads(separators) == {"d": {"t": "line\u2028paragraph\u2029"}}
    words = {"d": {"notes": "NaN and Infinity as words"}}
    assert JSONRenderer().render({"d": StoredJSON(json.dumps(words["d"]))}) == DrfJSONRenderer().render(words)

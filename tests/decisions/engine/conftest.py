"""Helpers for the engine tests: the shared clinical cases and their conversion to facts.

The engine tests run without Django (``-p no:django``); documents go through the same
validation as the API (``exams.documents``, pydantic only).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from decisions.engine.facts import ExamFacts
from exams.documents import parse_exam_document

CASES_DIR = Path(__file__).resolve().parents[2] / "cases"


def load_cases() -> list[dict[str, Any]]:
    return [json.loads(path.read_text()) for path in sorted(CASES_DIR.glob("*.json"))]


def to_facts(exam: dict[str, Any]) -> ExamFacts:
    return parse_exam_document(exam).to_facts()

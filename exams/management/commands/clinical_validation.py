"""Write (or check) docs/clinical-validation.md: every shared clinical case through the engine.

The command lives in ``exams`` because it needs both the exam document parser and the decision
module; ``decisions.validation`` does the comparing and the rendering.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from decisions.engine import RULESET, decision_document, evaluate
from decisions.validation import CaseResult, check_expected, validation_report
from exams.documents import parse_exam_document

CASES = Path(settings.BASE_DIR) / "tests" / "cases"
REPORT = Path(settings.BASE_DIR) / "docs" / "clinical-validation.md"
# A fixed time, so the page changes only when a decision does.
COMPUTED_AT = datetime(2026, 1, 1, tzinfo=UTC)


def run_cases(folder: Path) -> list[CaseResult]:
    results = []
    for path in sorted(folder.glob("*.json")):
        case: dict[str, Any] = json.loads(path.read_text())
        facts = parse_exam_document(case["exam"]).to_facts()
        doc = decision_document(evaluate(facts), computed_at=COMPUTED_AT)
        results.append(CaseResult(case, doc, check_expected(case["expected"], doc)))
    return results


class Command(BaseCommand):
    help = "Write docs/clinical-validation.md from the shared cases, or --check that it is current."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="fail if the page is not current")

    def handle(self, *args: Any, **options: Any) -> None:
        report = validation_report(run_cases(CASES), RULESET.version)
        if options["check"]:
            if not REPORT.exists() or REPORT.read_text() != report:
                raise CommandError(
                    "docs/clinical-validation.md is not current: run `manage.py clinical_validation`"
                )
            self.stdout.write("docs/clinical-validation.md is current")
            return
        REPORT.write_text(report)
        self.stdout.write(f"wrote {REPORT.relative_to(settings.BASE_DIR)}")

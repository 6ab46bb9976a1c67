"""Evaluations per second of the decision engine over the shared cases, on one core.

Not a test: a figure to record in docs/performance.md. The documents are parsed into
``ExamFacts`` once, outside the timed loop, so the figure is the engine alone (no Django, no
validation, no JSON). Run:

    uv run python bench/engine_bench.py [--rounds 5] [--seconds 1] [--document]

It reports the best of several rounds (as ``timeit`` does: other processes only ever slow a
round down) and the median. ``--document`` also times ``decision_document`` (the dict the API
serialises).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from decisions.engine import decision_document, evaluate  # noqa: E402
from decisions.engine.facts import ExamFacts  # noqa: E402
from exams.documents import parse_exam_document  # noqa: E402

CASES_DIR = ROOT / "tests" / "cases"


def load_facts() -> list[ExamFacts]:
    """Every shared case's exam, validated and converted once."""
    paths = sorted(CASES_DIR.glob("*.json"))
    return [parse_exam_document(json.loads(path.read_text())["exam"]).to_facts() for path in paths]


def run(facts: list[ExamFacts], seconds: float, with_document: bool) -> tuple[int, float]:
    """Evaluate the cases round-robin for about ``seconds`` of CPU; return (evaluations, CPU s).

    CPU time of this process (``process_time``), not wall time: on a shared machine other
    processes only delay us, they do not make an evaluation cost more CPU.
    """
    now = datetime.now(UTC)
    count = 0
    start = time.process_time()
    deadline = start + seconds
    while time.process_time() < deadline:
        for item in facts:
            decision = evaluate(item)
            if with_document:
                decision_document(decision, computed_at=now)
        count += len(facts)
    return count, time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one round")
    parser.add_argument("--document", action="store_true", help="also build the decision document")
    args = parser.parse_args()
    facts = load_facts()
    run(facts, 0.3, args.document)  # warm-up
    rates = []
    for _ in range(args.rounds):
        count, elapsed = run(facts, args.seconds, args.document)
        rates.append(count / elapsed)
    best, median = max(rates), statistics.median(rates)
    what = "evaluate + decision_document" if args.document else "evaluate"
    print(f"{what} over {len(facts)} shared cases, one core, Python {sys.version.split()[0]}")
    print(f"best {best:,.0f} evaluations/s ({1e6 / best:.0f} us CPU per exam); median {median:,.0f}/s")


if __name__ == "__main__":
    main()

"""ISNCSCI worksheets classified per second on one core: ours against the npm reference.

Not a test: figures for docs/performance.md (issue 25 asks for at least the reference's rate per
core, measured in the same run). Both sides classify the same random worksheets
(tests/isncsci/worksheets.py, fixed seed) in a loop in their own process, timed in CPU seconds
of that process (user plus system: a busy machine counts against neither side, and Node's helper
threads count against Node). Python calls
``decisions.engine.isncsci.classify`` on the spec-shaped dicts; Node constructs the reference's
``ISNCSCI`` object on exams converted beforehand, so neither side pays for JSON or process start.
Each side runs several rounds, alternating, and reports the best and the median. Run:

    (cd tests/isncsci_oracle && npm ci)   # once
    uv run python bench/isncsci_bench.py [--worksheets 5000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from decisions.engine.isncsci import classify  # noqa: E402
from tests.isncsci.oracle import oracle_problem, reference_rate  # noqa: E402
from tests.isncsci.worksheets import random_worksheets  # noqa: E402


def python_rate(worksheets: list[dict[str, object]]) -> float:
    started = time.process_time()
    for worksheet in worksheets:
        classify(worksheet)
    return len(worksheets) / (time.process_time() - started)


def node_rate(worksheets: list[dict[str, object]], passes: int) -> float:
    count, seconds = reference_rate(worksheets, passes)
    return count / seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--worksheets", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--node-passes", type=int, default=3, help="passes over the worksheets per Node round"
    )
    args = parser.parse_args()
    problem = oracle_problem()
    if problem:
        sys.exit(f"isncsci_bench: {problem}")
    worksheets = random_worksheets(20190401, args.worksheets)
    python_rate(worksheets[:500])  # warm-up
    ours: list[float] = []
    reference: list[float] = []
    for _ in range(args.rounds):
        ours.append(python_rate(worksheets))
        reference.append(node_rate(worksheets, args.node_passes))
    print(f"ISNCSCI classification, {args.worksheets} worksheets x {args.rounds} rounds, one core each")
    print(
        f"  ours (Python {sys.version.split()[0]}): best {max(ours):,.0f}/s, "
        f"median {statistics.median(ours):,.0f}/s"
    )
    print(
        f"  npm isncsci 2.0.6 (Node):  best {max(reference):,.0f}/s, "
        f"median {statistics.median(reference):,.0f}/s"
    )
    print(f"  ratio ours / reference (medians): {statistics.median(ours) / statistics.median(reference):.2f}")


if __name__ == "__main__":
    main()

"""The engine is plain Python: importing and running it loads no web or task framework."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FORBIDDEN = ("django", "rest_framework", "celery", "pydantic")

PROBE = """
import json, sys
from decisions.engine import RULESET, evaluate
from decisions.engine.facts import ExamFacts, MotorFact
from decisions.engine.vocabulary import Muscle, Side
evaluate(ExamFacts(motor=(MotorFact(Muscle.QUADRICEPS, Side.LEFT, "4"),)))
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_engine_imports_and_runs_without_frameworks() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert loaded.isdisjoint(FORBIDDEN), loaded & set(FORBIDDEN)


def test_ruleset_identity() -> None:
    from decisions.engine import RULESET

    assert (RULESET.name, RULESET.version) == ("lower-limb-weakness", "2.1.0")

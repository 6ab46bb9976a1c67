"""Run the reference algorithm (npm ``isncsci``, tests/isncsci_oracle) over many worksheets.

A test oracle only: neither the service nor the engine ever calls Node.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

ORACLE_DIR = Path(__file__).resolve().parents[1] / "isncsci_oracle"
ORACLE_SCRIPT = ORACLE_DIR / "oracle.js"


def oracle_problem() -> str | None:
    """Why the oracle cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (ORACLE_DIR / "node_modules" / "isncsci" / "package.json").exists():
        return f"the reference is not installed: run `npm ci` in {ORACLE_DIR}"
    return None


def reference_classifications(worksheets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One reference classification per worksheet (``{"error": ...}`` where the reference throws)."""
    stdin = "".join(json.dumps(worksheet) + "\n" for worksheet in worksheets)
    completed = subprocess.run(
        ["node", str(ORACLE_SCRIPT)], input=stdin, capture_output=True, text=True, check=True, timeout=600
    )
    answers = [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]
    if len(answers) != len(worksheets):
        raise RuntimeError(f"the oracle answered {len(answers)} of {len(worksheets)} worksheets")
    return answers


def reference_rate(worksheets: list[dict[str, Any]], rounds: int) -> tuple[int, float]:
    """(worksheets classified, seconds) for the reference's classification loop alone, in Node."""
    stdin = "".join(json.dumps(worksheet) + "\n" for worksheet in worksheets)
    completed = subprocess.run(
        ["node", str(ORACLE_SCRIPT), "--bench", str(rounds)],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    result = json.loads(completed.stdout)
    return int(result["worksheets"]), float(result["seconds"])

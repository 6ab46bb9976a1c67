"""The benchmark harness works end to end: both apps start, every scenario is driven, the table prints.

This is the smoke version the issue asks CI to run (``bench/run --quick``: 400 stored exams,
one run of one second per scenario, in throw-away databases). It checks that the harness
measures, never what it measures: no figure is asserted.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import procstat  # noqa: E402
import run as harness  # noqa: E402

SCENARIO_ROWS = [
    "baseline: POST exams (DRF)",
    "POST /api/v1/exams/",
    "POST /api/v1/decisions/evaluate/",
    "GET /api/v1/exams/{id}/",
    "GET /api/v1/exams/?patient=",
    "GET /api/v1/exams/ (page of 50)",
    "floor: POST to an empty DRF view",
]


def test_cpu_time_of_this_process_grows_while_it_works() -> None:
    before = procstat.cpu_seconds([os.getpid()])
    deadline = sum(range(3_000_000))  # about a tenth of a second of CPU
    after = procstat.cpu_seconds([os.getpid()])
    assert deadline > 0
    assert procstat.cpu_delta(before, after) > 0


def test_a_process_that_appears_between_samples_counts_from_zero() -> None:
    assert procstat.cpu_delta({1: 2.0}, {1: 2.5, 7: 0.25}) == pytest.approx(0.75)


def _measured(rps: float, p99_ms: float) -> list[harness.Measure]:
    return [harness.Measure(rps, p99_ms / 2, p99_ms, 1.0, 0.5, 0, int(rps * 10))]


def test_each_target_is_read_as_written_and_at_the_speed_of_the_issues_machine() -> None:
    # A machine half as fast as the issue's: its baseline ingest runs at 99 req/s, not 198.
    results = harness.Results(
        {
            "baseline_ingest": _measured(99, 300),
            "ingest": _measured(220, 120),
            "evaluate": _measured(900, 30),
            "detail": _measured(400, 80),
            "list_page": _measured(500, 120),
        }
    )

    lines = harness.target_readout(results).splitlines()

    def line(label: str) -> str:
        return next(text for text in lines if label in text)

    assert "2.22 x  as written: met " in line("ingest at least 2.0 x")
    assert "as written: NOT met  scaled (under 200 ms): met" in line("ingest p99")
    assert "as written: NOT met  scaled (at least 750 req/s): met" in line("evaluate")
    assert "as written: NOT met  scaled (under 100 ms): met" in line("detail p99")
    assert "as written: NOT met  scaled (under 100 ms): NOT met" in line("page of 50")
    assert not any("list by patient" in text for text in lines)  # not run, not read


def test_quick_run_prints_a_row_per_scenario_without_errors() -> None:
    database = f"nx_bench_smoke_{os.getpid()}"
    done = subprocess.run(
        [str(ROOT / "bench" / "run"), "--quick", "--database", database,
         "--baseline-database", f"{database}_base", "--drop-after"],
        capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    for label in SCENARIO_ROWS:
        row = next((line for line in output.splitlines() if line.startswith(f"| {label} |")), None)
        assert row is not None, f"no row for {label}:\n{output}"
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert float(cells[1].replace(",", "")) > 0, row  # requests per second
        assert re.fullmatch(r"0 / [1-9]\d*", cells[-1]), row  # no errors, some requests
    assert re.search(r"engine: [\d,]+ evaluations/s per core", output), output
    assert len(re.findall(r"as written: (?:met|NOT met) +scaled", output)) == len(harness.TARGETS), output
    assert re.search(r"largest gunicorn worker after the ingest runs \(neuroexam\): \d+ MB", output), output


def test_a_run_against_another_commit_alternates_its_scenarios_and_compares_the_ratios() -> None:
    """``--against REF``: the other commit runs from its own worktree and database, each of its
    scenarios right after this checkout's, and the run ends with the two ratios side by side."""
    database = f"nx_bench_against_{os.getpid()}"
    done = subprocess.run(
        [str(ROOT / "bench" / "run"), "--quick", "--only", "ingest", "--against", "HEAD",
         "--database", database, "--baseline-database", f"{database}_base", "--drop-after"],
        capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    runs = re.findall(r"^  run 1/1 (\S+)", output, re.MULTILINE)
    assert runs == ["baseline_ingest", "ingest", "ingest@HEAD"], output
    assert any(line.startswith("| POST /api/v1/exams/ (HEAD) |") for line in output.splitlines()), output
    assert re.search(r"^  ingest +\d+\.\d\d x  against +\d+\.\d\d x  \([+-]\d", output, re.MULTILINE), output
    assert "largest gunicorn worker after the ingest runs (neuroexam@HEAD)" in output

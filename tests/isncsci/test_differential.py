"""Differential test: our classifier against the reference algorithm on random worksheets.

The reference is Praxis's ISNCSCI algorithm (npm ``isncsci`` 2.0.6, tests/isncsci_oracle), the
code behind the public calculator. Every run compares 10,000 worksheets: 5,000 from a fixed seed
(the same every run, so a regression is reproducible) and 5,000 from a seed that changes every run
and is printed (set ``ISNCSCI_SEED`` to replay one). Every output field is compared as an exact
string; a disagreement fails with the worksheet and both answers.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import pytest

from decisions.engine.isncsci import classify
from tests.isncsci.oracle import reference_classifications
from tests.isncsci.worksheets import random_worksheets

FIXED_SEED = 20190401
PER_SEED = 5_000


def _fields(document: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten a classification into ``path -> value``, e.g. ``totals.right.motor``."""
    fields: dict[str, Any] = {}
    for key, value in document.items():
        if isinstance(value, dict):
            fields.update(_fields(value, f"{prefix}{key}."))
        else:
            fields[prefix + key] = value
    return fields


def _ours(worksheet: dict[str, Any]) -> dict[str, Any]:
    try:
        return dict(classify(worksheet))
    except ValueError as error:
        return {"error": str(error)}


def test_every_field_agrees_with_the_reference_algorithm(
    oracle: None, capsys: pytest.CaptureFixture[str]
) -> None:
    changing_seed = int(os.environ.get("ISNCSCI_SEED") or time.time_ns() % 2**31)
    worksheets = random_worksheets(FIXED_SEED, PER_SEED) + random_worksheets(changing_seed, PER_SEED)
    references = reference_classifications(worksheets)
    fields_compared = 0
    disagreements: list[str] = []
    for number, (worksheet, reference) in enumerate(zip(worksheets, references, strict=True)):
        expected, actual = _fields(reference), _fields(_ours(worksheet))
        assert "error" not in expected, f"the reference failed on worksheet {number}: {json.dumps(worksheet)}"
        fields_compared += len(expected)
        differing = sorted(
            path for path in expected.keys() | actual.keys() if expected.get(path) != actual.get(path)
        )
        if differing:
            seed = FIXED_SEED if number < PER_SEED else changing_seed
            disagreements.append(
                f"worksheet {number % PER_SEED} of seed {seed}: {json.dumps(worksheet)}\n"
                + "\n".join(
                    f"  {path}: reference {expected.get(path)!r}, ours {actual.get(path)!r}"
                    for path in differing
                )
            )
    with capsys.disabled():
        print(
            f"\nISNCSCI differential (seeds {FIXED_SEED} fixed, {changing_seed} changing): "
            f"worksheets compared: {len(worksheets)}, fields compared: {fields_compared}, "
            f"disagreements: {len(disagreements)}"
        )
    assert not disagreements, "\n\n".join(disagreements[:5])
    assert fields_compared == len(worksheets) * 25

"""The reference oracle (tests/isncsci_oracle) for the tests that compare with it.

Without Node or the installed package those tests skip on a developer's machine and fail under
CI=true, where .ci/run has installed it with ``npm ci``.
"""

from __future__ import annotations

import pytest

from tests.conftest import IN_CI
from tests.isncsci.oracle import oracle_problem


@pytest.fixture(scope="session")
def oracle() -> None:
    problem = oracle_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"the ISNCSCI reference oracle cannot run: {problem}")
        pytest.skip(problem)

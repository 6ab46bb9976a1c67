"""The Celery app's process set-up: what a pool process does before its first task."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from celery.signals import worker_process_init

import clinic.celery  # noqa: F401 - connects the app's signal handlers


@pytest.fixture
def unfrozen_afterwards() -> Iterator[None]:
    yield
    gc.unfreeze()


def test_a_new_pool_process_freezes_the_heap_it_inherited(unfrozen_afterwards: None) -> None:
    """Full collections in a re-evaluation process then skip Django, the tasks and the engine."""
    gc.unfreeze()

    worker_process_init.send(sender=None)

    assert gc.get_freeze_count() > 10_000

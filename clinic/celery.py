"""The Celery app. Without ``CELERY_BROKER_URL`` tasks run in-process (see settings)."""

import gc
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

app = Celery("neuroexam")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def freeze_inherited_heap(**_: object) -> None:
    """A pool process starts with the worker's loaded heap (Django, the tasks, the engine's tables):
    moved to the collector's permanent generation, full collections skip it, as in the web workers
    (clinic/wsgi.py): walking that heap made each full collection of a re-evaluation process
    costly (docs/performance.md)."""
    gc.freeze()


worker_process_init.connect(freeze_inherited_heap)  # Celery's decorator form is untyped

"""Celery task of re-evaluation: one batch of exam ids per message (idempotent, see reevaluation)."""

from __future__ import annotations

from celery import shared_task

from exams.reevaluation import reevaluate_exams


# The name it had when re-evaluation lived in the decisions app: messages queued before a deploy
# still find it.
@shared_task(name="decisions.tasks.reevaluate_exam_batch", ignore_result=True)  # type: ignore[untyped-decorator]
def reevaluate_exam_batch(exam_ids: list[int]) -> dict[str, int]:
    outcome = reevaluate_exams(exam_ids)
    return {"unchanged": outcome.unchanged, "changed": outcome.changed, "skipped": outcome.skipped}


@shared_task(name="exams.tasks.reevaluate_compared_exams", ignore_result=True)  # type: ignore[untyped-decorator]
def reevaluate_compared_exams(exam_ids: list[int]) -> dict[str, int]:
    """Re-evaluate the exams compared with an amended exam (``exams.services.exam_amend``)."""
    outcome = reevaluate_exams(exam_ids, stale_only=False)
    return {"unchanged": outcome.unchanged, "changed": outcome.changed, "skipped": outcome.skipped}

"""Stored decisions: what the engine answered for one exam version under one ruleset version."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from decisions.engine.vocabulary import Urgency


class DecisionRecord(models.Model):
    """One decision document, never edited.

    A new record is added when an exam is created or amended, or when a new ruleset changes the
    answer; older records stay, so what a clinician saw at any time can be shown again.
    ``urgency``, ``red_flags`` and the lesion are copied out of ``document`` only so that the
    worklist can filter and sort on them.
    """

    exam_version = models.ForeignKey("exams.ExamVersion", on_delete=models.PROTECT, related_name="decisions")
    ruleset_name = models.CharField(max_length=64)
    ruleset_version = models.CharField(max_length=32)
    computed_at = models.DateTimeField()
    urgency = models.CharField(max_length=10, choices=[(u.value, u.value) for u in Urgency])
    red_flags = models.JSONField(default=list, blank=True, help_text="The red-flag codes, in order.")
    lesion_site = models.CharField(max_length=48, null=True, blank=True)
    lesion_side = models.CharField(max_length=9, null=True, blank=True)
    document = models.JSONField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(urgency__in=[u.value for u in Urgency]), name="decision_urgency_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["urgency"], name="decision_urgency_idx"),
            models.Index(fields=["ruleset_version"], name="decision_ruleset_idx"),
        ]

    def __str__(self) -> str:
        return f"Decision {self.pk} ({self.ruleset_name} {self.ruleset_version})"

"""Stored decisions: what the engine answered for one exam version under one ruleset version."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.db import models, transaction
from django.db.models import Q

from decisions.engine.vocabulary import Urgency

# Keys of a decision document that say when and under which rules, not what was decided.
CIRCUMSTANTIAL_KEYS = frozenset({"computed_at", "ruleset"})


def decision_substance(document: Mapping[str, Any]) -> dict[str, Any]:
    """What a decision document decided: all of it but when and under which ruleset."""
    return {key: value for key, value in document.items() if key not in CIRCUMSTANTIAL_KEYS}


def substance_digest(document: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of ``decision_substance(document)``.

    The one definition of the digest: ``decision_store`` writes it and re-evaluation compares a
    fresh answer's digest with the stored one, so the stored document need not be read and
    decoded (that was half of re-evaluation's read cost). Canonical: sorted keys, no spaces;
    JSON round trips (jsonb) keep the text, as the engine's documents hold only strings, ints,
    bools, null, lists and objects. Changing this function makes every stored digest differ:
    re-fill them (``fill_substance_digests`` after setting them NULL) in the same release.
    """
    # A decision document is a tree, so the circular-reference walk is skipped.
    substance = decision_substance(document)
    text = json.dumps(substance, sort_keys=True, separators=(",", ":"), check_circular=False)
    return hashlib.sha256(text.encode()).hexdigest()


def fill_substance_digests(record_model: Any, *, batch_size: int = 1000) -> int:
    """Write the digest of every record that has none, ``batch_size`` rows per transaction.

    For the data migration (pass the historical model) and for data loaded around the ORM.
    Keyset batches keep memory flat and each commit short; re-runnable, it resumes where it
    stopped. Returns how many records it filled.
    """
    filled, last = 0, 0
    while True:
        with transaction.atomic():
            batch = list(
                record_model.objects.filter(pk__gt=last, substance_digest__isnull=True)
                .order_by("pk")
                .only("pk", "document")[:batch_size]
            )
            if not batch:
                return filled
            for record in batch:
                record.substance_digest = substance_digest(record.document)
            record_model.objects.bulk_update(batch, ["substance_digest"])
        filled += len(batch)
        last = batch[-1].pk


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
    substance_digest = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        editable=False,
        help_text="substance_digest(document); NULL only on rows not yet filled (compared by document).",
    )

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

"""Interop state: who may call the CDS Hooks service, which JWTs were used, which cards we issued
and what clinicians did with them, and which FHIR identifiers were already ingested.

Tenancy is explicit: a ``CdsClient`` row belongs to one clinic, and everything a CDS call reads
or writes is scoped to that clinic.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class CdsClient(models.Model):
    """An EHR allowed to call our CDS Hooks services, identified by the ``iss`` of its JWTs.

    One issuer may serve several clinics (a hosted EHR): each clinic then gets a row with the
    ``tenant`` value the EHR puts in its JWT's ``tenant`` claim. A row with an empty ``tenant``
    matches tokens that carry no ``tenant`` claim.
    """

    clinic = models.ForeignKey("clinic.Clinic", on_delete=models.PROTECT, related_name="cds_clients")
    name = models.CharField(max_length=100)
    issuer = models.CharField(max_length=255, help_text="The JWT 'iss' the EHR signs with.")
    tenant = models.CharField(
        max_length=255, blank=True, default="", help_text="The JWT 'tenant' claim; empty: no claim."
    )
    jwks = models.JSONField(
        help_text='The EHR\'s public keys as a JWK Set: {"keys": [{"kty": ..., "kid": ..., ...}]}.'
    )
    jku = models.URLField(
        blank=True,
        default="",
        help_text="The EHR's JWK Set URL, if it names one in its JWT header; a token with another jku "
        "is refused. Keys are taken from 'jwks' above (copied out of band), never fetched.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "tenant"], name="cds_client_issuer_tenant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.issuer})"


class UsedJwtId(models.Model):
    """A JWT ``jti`` already accepted: a second use of the same token is a replay and is refused."""

    client = models.ForeignKey(CdsClient, on_delete=models.CASCADE, related_name="used_jwt_ids")
    jti = models.CharField(max_length=255)
    expires_at = models.DateTimeField(help_text="The token's exp; the row may be purged after it.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "jti"], name="used_jwt_id_unique")]
        indexes = [models.Index(fields=["expires_at"], name="used_jwt_id_expiry_idx")]

    def __str__(self) -> str:
        return self.jti


class IssuedCard(models.Model):
    """A card we answered with, so that feedback names an intervention we can trace to its basis."""

    uuid = models.UUIDField(unique=True)
    clinic = models.ForeignKey("clinic.Clinic", on_delete=models.PROTECT, related_name="cds_cards")
    service_id = models.CharField(max_length=64)
    indicator = models.CharField(max_length=8)
    summary = models.CharField(max_length=140)
    exam = models.ForeignKey("exams.Exam", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decision = models.ForeignKey(
        "decisions.DecisionRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.indicator}: {self.summary}"


class CardFeedback(models.Model):
    """What the clinician did with a card (CDS Hooks feedback); the same report twice is stored once."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted"
        OVERRIDDEN = "overridden"

    card = models.ForeignKey(IssuedCard, on_delete=models.PROTECT, related_name="feedback")
    client = models.ForeignKey(CdsClient, on_delete=models.PROTECT, related_name="feedback")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    outcome_timestamp = models.DateTimeField()
    accepted_suggestions = models.JSONField(default=list, blank=True)
    override_reason_system = models.CharField(max_length=255, blank=True, default="")
    override_reason_code = models.CharField(max_length=100, blank=True, default="")
    override_reason_display = models.CharField(max_length=255, blank=True, default="")
    user_comment = models.TextField(blank=True, default="")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["card", "outcome", "outcome_timestamp"], name="card_feedback_once"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["accepted", "overridden"]), name="card_feedback_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} {self.card.uuid}"


class FhirIngestKey(models.Model):
    """An identifier (Observation.identifier or an ifNoneExist condition) already ingested.

    The unique constraint, not a search before insert, is what makes a retried Bundle a no-op:
    two concurrent posts of the same Bundle cannot both insert their keys.
    """

    clinic = models.ForeignKey("clinic.Clinic", on_delete=models.PROTECT, related_name="+")
    system = models.CharField(max_length=255)
    value = models.CharField(max_length=255)
    exam = models.ForeignKey("exams.Exam", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "system", "value"], name="fhir_ingest_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.system}|{self.value}"


class ExamVersionProvenance(models.Model):
    """What an EHR's Observations said about one exam version beyond its findings.

    Kept so that nothing the exam can hold is lost or changed on the way in: the status the
    Observations carried (``preliminary`` reads back as ``preliminary``), the performer and
    encounter references, whether the exam was dated to the day, and each finding's identifiers.
    A version recorded another way (admin, JSON API) has none: its Observations read as ``final``.
    """

    exam_version = models.OneToOneField("exams.ExamVersion", on_delete=models.PROTECT, related_name="+")
    document = models.JSONField(help_text="interop.fhir.inbound.Provenance.to_json()")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"provenance of exam version {self.exam_version_id}"


class IdentifierSystemEquivalence(models.Model):
    """Two identifier systems a clinic's EHRs use for the same identifiers (an MRN sent as an OID
    by one system and as a URI by another), so patient look-ups match either.

    Equivalence is symmetric and transitive within a clinic. It applies to finding patients (FHIR
    searches, CDS Hooks prefetch); a stored patient keeps the system it was recorded with.
    """

    clinic = models.ForeignKey("clinic.Clinic", on_delete=models.CASCADE, related_name="+")
    system = models.CharField(max_length=255, help_text="For example urn:oid:1.2.36.146.595.217.0.1")
    same_as = models.CharField(max_length=255, help_text="For example https://hospital.example/mrn")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "system", "same_as"], name="identifier_equivalence_unique"
            ),
            models.CheckConstraint(
                condition=~Q(system=models.F("same_as")), name="identifier_equivalence_distinct"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.system} = {self.same_as}"

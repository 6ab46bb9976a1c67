"""Patients, exams and their findings.

An exam is never edited in place. Each amendment adds an ``ExamVersion`` with its own finding
rows; ``Exam.version`` names the current one. So every earlier version stays retrievable, and
each stored decision points at the exact version it was computed from.

Allowed values are enforced by check constraints built from the shared vocabulary, so a bad
value cannot reach the tables even by a path that skips the API validation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from decisions.engine.vocabulary import (
    MRC_GRADES,
    SENSORY_LEVELS,
    Muscle,
    PlantarResponse,
    Reflex,
    SensoryRegion,
    SensoryStatus,
    Sex,
    Side,
    SpecialTest,
    TestResult,
)


def _choices(values: object) -> list[tuple[str, str]]:
    return [(str(v), str(v).replace("_", " ")) for v in values]  # type: ignore[attr-defined]


def _one_of(field: str, values: object, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": [str(v) for v in values]}),  # type: ignore[attr-defined]
        name=name,
    )


SIDE_CHOICES = _choices(Side)


class Patient(models.Model):
    # No index of its own: patient_identifier_per_clinic and patient_value_idx lead with it.
    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, related_name="patients", db_index=False
    )
    identifier_system = models.CharField(max_length=255)
    identifier_value = models.CharField(max_length=128)
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=8, choices=_choices(Sex), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "identifier_system", "identifier_value"],
                name="patient_identifier_per_clinic",
            ),
            models.CheckConstraint(
                condition=Q(sex__isnull=True) | Q(sex__in=[str(s) for s in Sex]), name="patient_sex_valid"
            ),
        ]
        indexes = [models.Index(fields=["clinic", "identifier_value"], name="patient_value_idx")]

    def __str__(self) -> str:
        return f"{self.identifier_system}|{self.identifier_value}"


class Exam(models.Model):
    """One encounter's exam; its findings live in versions."""

    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, related_name="exams", db_index=False
    )
    # No index of their own: exam_worklist_idx and exam_patient_idx lead with them.
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="exams", db_index=False)
    external_id_system = models.CharField(max_length=255, null=True, blank=True)
    external_id_value = models.CharField(max_length=128, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # The current version's performed_at, kept here so the worklist sorts and filters on one table.
    performed_at = models.DateTimeField()
    current_decision = models.ForeignKey(
        "decisions.DecisionRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "external_id_system", "external_id_value"],
                condition=Q(external_id_value__isnull=False),
                name="exam_external_id_per_clinic",
            ),
            models.CheckConstraint(
                condition=Q(external_id_value__isnull=True, external_id_system__isnull=True)
                | Q(external_id_value__isnull=False, external_id_system__isnull=False),
                name="exam_external_id_complete",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="exam_version_positive"),
        ]
        indexes = [
            models.Index(fields=["clinic", "-performed_at", "-id"], name="exam_worklist_idx"),
            models.Index(fields=["patient", "-performed_at", "-id"], name="exam_patient_idx"),
        ]

    def __str__(self) -> str:
        return f"Exam {self.pk} v{self.version}"


class ExamVersion(models.Model):
    """The exam document as recorded at one point: history, notes and the finding rows."""

    # No index of its own: exam_version_number_unique (exam, number) leads with it.
    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="versions", db_index=False)
    number = models.PositiveIntegerField()
    performed_at = models.DateTimeField()
    # The patient block as posted with this version (the Patient row holds the record of truth).
    patient_birth_date = models.DateField(null=True, blank=True)
    patient_age_years = models.PositiveSmallIntegerField(null=True, blank=True)
    patient_sex = models.CharField(max_length=8, choices=_choices(Sex), null=True, blank=True)
    history = models.JSONField(default=dict, blank=True)
    sensory_level = models.CharField(max_length=3, null=True, blank=True, choices=_choices(SENSORY_LEVELS))
    notes = models.TextField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_client = models.ForeignKey(
        "clinic.ApiClient", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exam", "number"], name="exam_version_number_unique"),
            models.CheckConstraint(
                condition=Q(sensory_level__isnull=True) | Q(sensory_level__in=list(SENSORY_LEVELS)),
                name="exam_version_sensory_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Exam {self.exam_id} v{self.number}"


class Finding(models.Model):
    """Fields every finding shares: the version it belongs to and the side examined.

    Each finding table's ``version`` has no index of its own (``db_index=False``): its
    once-per-side unique constraint leads with the version and serves every lookup by version, and
    a second index cost an index insert per finding on every exam post.
    """

    side = models.CharField(max_length=5, choices=SIDE_CHOICES)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        skip = ("id", "version")
        values = (getattr(self, f.name) for f in self._meta.concrete_fields if f.name not in skip)
        return " ".join(str(v) for v in values if v is not None)


class MotorFinding(Finding):
    version = models.ForeignKey(ExamVersion, on_delete=models.PROTECT, related_name="motor", db_index=False)
    muscle = models.CharField(max_length=32, choices=_choices(Muscle))
    grade = models.CharField(max_length=2, choices=_choices(MRC_GRADES))
    pain_limited = models.BooleanField(null=True, blank=True)
    nt_reason = models.CharField(max_length=500, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "muscle", "side"], name="motor_once_per_side"),
            _one_of("muscle", Muscle, "motor_muscle_valid"),
            _one_of("side", Side, "motor_side_valid"),
            _one_of("grade", MRC_GRADES, "motor_grade_valid"),
        ]


class ReflexFinding(Finding):
    version = models.ForeignKey(
        ExamVersion, on_delete=models.PROTECT, related_name="reflexes", db_index=False
    )
    reflex = models.CharField(max_length=24, choices=_choices(Reflex))
    grade = models.PositiveSmallIntegerField(null=True, blank=True, help_text="NINDS 0-4; empty = NT")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "reflex", "side"], name="reflex_once_per_side"),
            _one_of("reflex", Reflex, "reflex_name_valid"),
            _one_of("side", Side, "reflex_side_valid"),
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=0, grade__lte=4), name="reflex_grade_valid"
            ),
        ]


class PlantarFinding(Finding):
    version = models.ForeignKey(
        ExamVersion, on_delete=models.PROTECT, related_name="plantar_responses", db_index=False
    )
    response = models.CharField(max_length=10, choices=_choices(PlantarResponse))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "side"], name="plantar_once_per_side"),
            _one_of("side", Side, "plantar_side_valid"),
            _one_of("response", PlantarResponse, "plantar_response_valid"),
        ]


class SensoryFinding(Finding):
    version = models.ForeignKey(ExamVersion, on_delete=models.PROTECT, related_name="sensory", db_index=False)
    region = models.CharField(max_length=24, choices=_choices(SensoryRegion))
    status = models.CharField(max_length=10, choices=_choices(SensoryStatus))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "region", "side"], name="sensory_once_per_side"),
            _one_of("region", SensoryRegion, "sensory_region_valid"),
            _one_of("side", Side, "sensory_side_valid"),
            _one_of("status", SensoryStatus, "sensory_status_valid"),
        ]


class SpecialTestFinding(Finding):
    version = models.ForeignKey(
        ExamVersion, on_delete=models.PROTECT, related_name="special_tests", db_index=False
    )
    test = models.CharField(max_length=32, choices=_choices(SpecialTest))
    result = models.CharField(max_length=8, choices=_choices(TestResult))
    angle_degrees = models.PositiveSmallIntegerField(null=True, blank=True)
    reproduces_radicular_pain = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "test", "side"], name="special_test_once_per_side"),
            _one_of("test", SpecialTest, "special_test_name_valid"),
            _one_of("side", Side, "special_test_side_valid"),
            _one_of("result", TestResult, "special_test_result_valid"),
            models.CheckConstraint(
                condition=Q(angle_degrees__isnull=True) | Q(angle_degrees__lte=90),
                name="special_test_angle_valid",
            ),
        ]


FINDING_MODELS: dict[str, type[Finding]] = {
    "motor": MotorFinding,
    "reflexes": ReflexFinding,
    "plantar_responses": PlantarFinding,
    "sensory": SensoryFinding,
    "special_tests": SpecialTestFinding,
}


ANAL_OBSERVATIONS = ("yes", "no", "NT")


class IsncsciWorksheet(models.Model):
    """A version's ISNCSCI worksheet (spec section 4), at most one per version.

    Each side's 48 scores (ten key muscles, 28 light touch and 28 pin prick points, the lowest
    non-key muscle) are kept as the validated JSON object of the document: they are read and
    written whole, always together, and classified from that shape. Like every finding it belongs
    to one version and is never changed: an amendment writes the next version's worksheet.
    """

    version = models.OneToOneField(ExamVersion, on_delete=models.PROTECT, related_name="isncsci")
    right = models.JSONField()
    left = models.JSONField()
    voluntary_anal_contraction = models.CharField(max_length=3, choices=_choices(ANAL_OBSERVATIONS))
    deep_anal_pressure = models.CharField(max_length=3, choices=_choices(ANAL_OBSERVATIONS))

    class Meta:
        constraints = [
            _one_of("voluntary_anal_contraction", ANAL_OBSERVATIONS, "isncsci_vac_valid"),
            _one_of("deep_anal_pressure", ANAL_OBSERVATIONS, "isncsci_dap_valid"),
        ]

    def __str__(self) -> str:
        return f"ISNCSCI worksheet of {self.version}"

    def to_json_dict(self) -> dict[str, object]:
        """The worksheet as the exam document's ``isncsci`` block."""
        return {
            "right": self.right,
            "left": self.left,
            "voluntary_anal_contraction": self.voluntary_anal_contraction,
            "deep_anal_pressure": self.deep_anal_pressure,
        }


class RulesetCheck(models.Model):
    """An exam re-evaluated under a ruleset version whose answer equalled its current decision.

    Re-evaluation stores a new ``DecisionRecord`` only when the decision changed, and never edits
    the old one; this row is how a re-run knows the exam was already checked (it is skipped while
    ``decision`` is still the exam's current decision and ``ruleset_version`` the deployed one).
    One row per exam, overwritten by the next ruleset's check. It lives beside re-evaluation
    (``exams.reevaluation``), which alone reads and writes it.
    """

    exam = models.OneToOneField(Exam, on_delete=models.CASCADE, primary_key=True, related_name="+")
    decision = models.ForeignKey("decisions.DecisionRecord", on_delete=models.CASCADE, related_name="+")
    ruleset_version = models.CharField(max_length=32)
    checked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Exam {self.exam_id} checked under {self.ruleset_version}"

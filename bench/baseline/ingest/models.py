"""The exam tables of the baseline: a patient, an exam, and one table per kind of finding."""

from __future__ import annotations

from django.db import models

from decisions.engine.vocabulary import (
    MRC_GRADES,
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
    return [(str(v), str(v)) for v in values]  # type: ignore[attr-defined]


class Patient(models.Model):
    identifier_system = models.CharField(max_length=255)
    identifier_value = models.CharField(max_length=128)
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=8, choices=_choices(Sex), null=True, blank=True)

    class Meta:
        unique_together = [("identifier_system", "identifier_value")]

    def __str__(self) -> str:
        return self.identifier_value


class Exam(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="exams")
    external_id_system = models.CharField(max_length=255, null=True, blank=True)
    external_id_value = models.CharField(max_length=128, null=True, blank=True)
    performed_at = models.DateTimeField()
    history = models.JSONField(default=dict, blank=True)
    sensory_level = models.CharField(max_length=3, null=True, blank=True)
    notes = models.TextField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Exam {self.pk}"


class MotorFinding(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="motor")
    muscle = models.CharField(max_length=32, choices=_choices(Muscle))
    side = models.CharField(max_length=5, choices=_choices(Side))
    grade = models.CharField(max_length=2, choices=_choices(MRC_GRADES))
    pain_limited = models.BooleanField(null=True, blank=True)
    nt_reason = models.CharField(max_length=500, null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.side} {self.muscle} {self.grade}"


class ReflexFinding(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="reflexes")
    reflex = models.CharField(max_length=24, choices=_choices(Reflex))
    side = models.CharField(max_length=5, choices=_choices(Side))
    grade = models.CharField(max_length=2)

    def __str__(self) -> str:
        return f"{self.side} {self.reflex} {self.grade}"


class PlantarFinding(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="plantar_responses")
    side = models.CharField(max_length=5, choices=_choices(Side))
    response = models.CharField(max_length=10, choices=_choices(PlantarResponse))

    def __str__(self) -> str:
        return f"{self.side} {self.response}"


class SensoryFinding(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="sensory")
    region = models.CharField(max_length=24, choices=_choices(SensoryRegion))
    side = models.CharField(max_length=5, choices=_choices(Side))
    status = models.CharField(max_length=10, choices=_choices(SensoryStatus))

    def __str__(self) -> str:
        return f"{self.side} {self.region} {self.status}"


class SpecialTestFinding(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="special_tests")
    test = models.CharField(max_length=32, choices=_choices(SpecialTest))
    side = models.CharField(max_length=5, choices=_choices(Side))
    result = models.CharField(max_length=8, choices=_choices(TestResult))
    angle_degrees = models.PositiveSmallIntegerField(null=True, blank=True)
    reproduces_radicular_pain = models.BooleanField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.side} {self.test} {self.result}"

"""Nested ModelSerializers: the way the DRF tutorial would validate and echo the exam document."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework import serializers

from ingest.models import (
    Exam,
    MotorFinding,
    Patient,
    PlantarFinding,
    ReflexFinding,
    SensoryFinding,
    SpecialTestFinding,
)


class MotorSerializer(serializers.ModelSerializer):
    class Meta:
        model = MotorFinding
        fields = ["muscle", "side", "grade", "pain_limited", "nt_reason"]


class ReflexSerializer(serializers.ModelSerializer):
    grade = serializers.CharField(max_length=2)

    class Meta:
        model = ReflexFinding
        fields = ["reflex", "side", "grade"]


class PlantarSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlantarFinding
        fields = ["side", "response"]


class SensorySerializer(serializers.ModelSerializer):
    class Meta:
        model = SensoryFinding
        fields = ["region", "side", "status"]


class SpecialTestSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpecialTestFinding
        fields = ["test", "side", "result", "angle_degrees", "reproduces_radicular_pain"]


class IdentifierSerializer(serializers.Serializer):
    system = serializers.CharField(max_length=255)
    value = serializers.CharField(max_length=128)


class PatientSerializer(serializers.ModelSerializer):
    identifier = IdentifierSerializer()

    class Meta:
        model = Patient
        fields = ["identifier", "birth_date", "sex"]

    def to_representation(self, instance: Patient) -> dict[str, Any]:
        return {
            "identifier": {"system": instance.identifier_system, "value": instance.identifier_value},
            "birth_date": instance.birth_date.isoformat() if instance.birth_date else None,
            "sex": instance.sex,
        }


FINDINGS = {
    "motor": MotorFinding,
    "reflexes": ReflexFinding,
    "plantar_responses": PlantarFinding,
    "sensory": SensoryFinding,
    "special_tests": SpecialTestFinding,
}


class ExamSerializer(serializers.ModelSerializer):
    external_id = IdentifierSerializer(required=False, write_only=True)
    patient = PatientSerializer()
    motor = MotorSerializer(many=True, required=False)
    reflexes = ReflexSerializer(many=True, required=False)
    plantar_responses = PlantarSerializer(many=True, required=False)
    sensory = SensorySerializer(many=True, required=False)
    special_tests = SpecialTestSerializer(many=True, required=False)

    class Meta:
        model = Exam
        fields = [
            "id",
            "external_id",
            "patient",
            "performed_at",
            "history",
            "motor",
            "reflexes",
            "plantar_responses",
            "sensory",
            "special_tests",
            "sensory_level",
            "notes",
        ]

    @transaction.atomic
    def create(self, validated_data: dict[str, Any]) -> Exam:
        patient_data = validated_data.pop("patient")
        identifier = patient_data.pop("identifier")
        patient, _ = Patient.objects.get_or_create(
            identifier_system=identifier["system"],
            identifier_value=identifier["value"],
            defaults=patient_data,
        )
        findings = {name: validated_data.pop(name, []) for name in FINDINGS}
        external_id = validated_data.pop("external_id", None)
        exam = Exam.objects.create(
            patient=patient,
            external_id_system=external_id["system"] if external_id else None,
            external_id_value=external_id["value"] if external_id else None,
            **validated_data,
        )
        for name, model in FINDINGS.items():
            model.objects.bulk_create([model(exam=exam, **item) for item in findings[name]])
        return exam

"""factory_boy factories and exam-document builders for scenario tests."""

from __future__ import annotations

import copy
from typing import Any

import factory

from clinic.models import ApiClient, Clinic, User
from clinic.services import api_client_create
from decisions.engine.vocabulary import Muscle, Reflex, SensoryRegion


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"clinic-{n}")
    name = factory.LazyAttribute(lambda o: f"Clinic {o.slug}")


class ApiClientFactory:
    """API clients are made by the service, which is the only place that knows the token."""

    _count = 0

    @classmethod
    def create_with_token(cls, *, clinic: Clinic, name: str | None = None) -> tuple[ApiClient, str]:
        cls._count += 1
        return api_client_create(clinic=clinic, name=name or f"ehr-{cls._count}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    role = User.Role.CLINICIAN
    password = factory.django.Password("correct horse battery staple")


LOWER_LIMB = [
    m
    for m in Muscle
    if m.value
    not in {"elbow_flexors", "wrist_extensors", "elbow_extensors", "finger_flexors", "finger_abductors"}
]
LOWER_REFLEXES = [Reflex.PATELLAR, Reflex.MEDIAL_HAMSTRING, Reflex.ACHILLES]


def normal_exam_document(
    *, mrn: str = "MRN-000123", external_id: str | None = "encounter-8841", **overrides: Any
) -> dict[str, Any]:
    """A complete, normal lower-limb exam: every muscle 5, reflexes 2, sensation normal (58 findings)."""
    document: dict[str, Any] = {
        "patient": {
            "identifier": {"system": "urn:example:mrn", "value": mrn},
            "birth_date": "1968-03-14",
            "sex": "female",
        },
        "performed_at": "2026-11-20T09:30:00Z",
        "history": {"onset": "gradual", "symptom_duration_days": 21, "back_pain": True, "fever": False},
        "motor": [
            {"muscle": m.value, "side": s, "grade": "5"} for m in LOWER_LIMB for s in ("left", "right")
        ],
        "reflexes": [
            {"reflex": r.value, "side": s, "grade": 2} for r in LOWER_REFLEXES for s in ("left", "right")
        ],
        "plantar_responses": [
            {"side": "left", "response": "flexor"},
            {"side": "right", "response": "flexor"},
        ],
        "sensory": [
            {"region": r.value, "side": s, "status": "normal"}
            for r in SensoryRegion
            for s in ("left", "right")
        ],
        "special_tests": [
            {"test": "straight_leg_raise", "side": "left", "result": "negative"},
            {"test": "straight_leg_raise", "side": "right", "result": "negative"},
        ],
        "notes": "free text",
    }
    if external_id is not None:
        document["external_id"] = {"system": "urn:example:ehr", "value": external_id}
    document.update(copy.deepcopy(overrides))
    return document


def set_finding(
    document: dict[str, Any], list_name: str, name_key: str, name: str, side: str, **values: Any
) -> dict[str, Any]:
    """Change one finding of a document in place (e.g. make the left quadriceps 3)."""
    for item in document[list_name]:
        if item.get(name_key) == name and item["side"] == side:
            item.update(values)
            return document
    raise KeyError(f"{list_name}: no {side} {name}")

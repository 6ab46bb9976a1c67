"""Admin scenario fixtures: clinicians and viewers of clinics A and B, logged in to the admin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from clinic.models import Clinic, User
from clinic.roles import user_role_sync
from exams.forms import ExamEntryForm
from tests.factories import UserFactory

CASES_DIR = Path(__file__).parent.parent / "cases"
PASSWORD = "correct horse battery staple"


def case_exam(prefix: str) -> dict[str, Any]:
    """The exam document of a shared clinical case, e.g. ``case_exam("v22")``."""
    path = next(CASES_DIR.glob(f"{prefix}-*.json"))
    exam: dict[str, Any] = json.loads(path.read_text())["exam"]
    return exam


def form_data(document: dict[str, Any], *, loaded_version: int | None = None) -> dict[str, str]:
    """What the exam page posts when a clinician has entered ``document`` (unticked boxes omitted)."""
    initial = ExamEntryForm.initial_from_document(document, loaded_version=loaded_version or 1)
    data: dict[str, str] = {}
    for name, value in initial.items():
        if value is None or value == "" or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif name == "performed_at":
            data[name] = value.strftime("%Y-%m-%dT%H:%M:%S")
        else:
            data[name] = str(value)
    if loaded_version is None:
        data.pop("loaded_version")
    data["entry_id"] = "test-entry-" + document["patient"]["identifier"]["value"]
    return data


def member(clinic: Clinic, username: str, role: str = User.Role.CLINICIAN) -> User:
    user: User = UserFactory(username=username, clinic=clinic, role=role)
    user_role_sync(user)
    return user


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clinician_a(clinic_a: Clinic) -> User:
    return member(clinic_a, "dr-alpha")


@pytest.fixture
def viewer_a(clinic_a: Clinic) -> User:
    return member(clinic_a, "viewer-alpha", User.Role.VIEWER)


@pytest.fixture
def clinician_b(clinic_b: Clinic) -> User:
    return member(clinic_b, "dr-bravo")


@pytest.fixture
def admin_a(clinician_a: User) -> Client:
    """Clinic A's clinician, logged in to the admin."""
    return logged_in(clinician_a)


@pytest.fixture
def admin_b(clinician_b: User) -> Client:
    return logged_in(clinician_b)


@pytest.fixture
def viewer_client(viewer_a: User) -> Client:
    return logged_in(viewer_a)

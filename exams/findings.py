"""The five finding lists of an exam document, declared once.

Each list's name in the document, the model its findings are stored in, the field that names a
finding (with its side, what may appear only once per exam) and the fields stored as columns, in
the document's key order. The validator's duplicate check (``exams.documents``), the write
(``exams.services``), the SQL that rebuilds the document (``exams.selectors``) and the admin's
version history derive from this table; the pydantic models in ``exams.documents`` say what each
field may hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.apps import apps
from django.db.models import Field, Model

from decisions.engine.vocabulary import NOT_TESTED


@dataclass(frozen=True, slots=True)
class FindingList:
    name: str  # the document's list, e.g. "motor"
    # Its model in this app, by name: the validator reads this table without Django set up
    # (bench/engine_bench.py), so the model is looked up only when storage asks for it.
    model_name: str
    named_by: str | None  # the field naming a finding, once per side; None: the side alone (plantar)
    fields: tuple[str, ...]  # the document's fields, stored as the model's columns of the same names
    # A field whose "NT" (not tested) is stored as NULL: a reflex grade column holds numbers only.
    not_tested_as_null: str | None = None

    @property
    def model(self) -> type[Model]:
        return apps.get_model("exams", self.model_name)

    @property
    def table(self) -> str:
        return str(self.model._meta.db_table)

    def column(self, field: str) -> Field[Any, Any]:
        """The model field that stores the document's ``field``."""
        return cast("Field[Any, Any]", self.model._meta.get_field(field))


FINDING_LISTS: tuple[FindingList, ...] = (
    FindingList("motor", "MotorFinding", "muscle", ("muscle", "side", "grade", "pain_limited", "nt_reason")),
    FindingList(
        "reflexes", "ReflexFinding", "reflex", ("reflex", "side", "grade"), not_tested_as_null="grade"
    ),
    FindingList("plantar_responses", "PlantarFinding", None, ("side", "response")),
    FindingList("sensory", "SensoryFinding", "region", ("region", "side", "status")),
    FindingList(
        "special_tests",
        "SpecialTestFinding",
        "test",
        ("test", "side", "result", "angle_degrees", "reproduces_radicular_pain"),
    ),
)
FINDING_LIST_NAMES: tuple[str, ...] = tuple(findings.name for findings in FINDING_LISTS)


def stored_value(findings: FindingList, field: str, value: object) -> object:
    """A document value as its column stores it (see ``FindingList.not_tested_as_null``)."""
    if field == findings.not_tested_as_null and value == NOT_TESTED:
        return None
    return value

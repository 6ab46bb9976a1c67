"""The audit trail: every change is recorded below the ORM, every exam read too, and no row can
be changed or removed afterwards."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import Case, F, Value, When
from rest_framework.test import APIClient

from audit.context import audited
from audit.models import AuditEvent
from clinic.models import ApiClient, Clinic
from clinic.tenancy import SYSTEM, Actor
from exams.models import Exam, MotorFinding, Patient


def events(**filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(**filters).order_by("id"))


def inserted_rows(table_name: str) -> list[dict[str, Any]]:
    """Every row the trail records as inserted into the table, in order.

    A statement that inserts several rows is one event listing them.
    """
    rows: list[dict[str, Any]] = []
    for event in events(table_name=table_name, action="insert"):
        rows.extend(event.after if isinstance(event.after, list) else [event.after])
    return rows


@pytest.fixture
def posted(ehr_a: APIClient, exam_document: dict[str, Any]) -> dict[str, Any]:
    response = ehr_a.post("/api/v1/exams/", exam_document, format="json", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 201
    return response.json()


def test_an_api_post_is_audited_row_by_row_with_its_actor_and_address(
    posted: dict[str, Any], exam_document: dict[str, Any]
) -> None:
    client = ApiClient.objects.get()
    exam_rows = events(table_name="exams_exam", object_id=str(posted["id"]))
    finding_rows = inserted_rows("exams_motorfinding")

    # The exam is inserted already pointing at its decision: no update follows.
    assert [e.action for e in exam_rows] == ["insert"]
    assert exam_rows[0].after is not None
    assert exam_rows[0].after["version"] == 1
    assert exam_rows[-1].after is not None
    assert exam_rows[-1].after["current_decision_id"] == Exam.objects.get().current_decision_id
    assert len(finding_rows) == len(exam_document["motor"])  # bulk inserts are not missed
    written = events(action="insert", table_name__startswith="exams_")
    assert {e.actor_label for e in written} == {f"api_client:{client.pk}"}
    assert {e.client_address for e in written} == {"10.1.2.3"}
    assert {e.clinic_id for e in written} == {client.clinic_id}
    assert len({e.request_id for e in written}) == 1


def test_an_amendment_records_the_exam_before_and_after(
    ehr_a: APIClient, posted: dict[str, Any], exam_document: dict[str, Any]
) -> None:
    exam_document["notes"] = "re-examined"
    response = ehr_a.put(f"/api/v1/exams/{posted['id']}/", exam_document, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200

    updates = events(table_name="exams_exam", object_id=str(posted["id"]), action="update")
    version_change = next(e for e in updates if e.after and e.after["version"] == 2)
    assert version_change.before is not None
    assert version_change.before["version"] == 1
    assert events(table_name="exams_examversion", action="insert")[-1].after["notes"] == "re-examined"


def test_bulk_updates_and_raw_sql_cannot_bypass_the_trail(posted: dict[str, Any]) -> None:
    before = AuditEvent.objects.count()
    left_motor = MotorFinding.objects.filter(side="left").count()
    MotorFinding.objects.filter(side="left").update(grade="4")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM exams_plantarfinding WHERE side = %s", ["left"])

    updates = events(table_name="exams_motorfinding", action="update")
    deletes = events(table_name="exams_plantarfinding", action="delete")
    assert len(updates) == left_motor
    assert all(e.after and e.after["grade"] == "4" for e in updates)
    assert len(deletes) == 1
    assert deletes[0].before
    assert deletes[0].before["side"] == "left"
    assert AuditEvent.objects.count() == before + left_motor + 1
    # Outside the application, the writer is the database role, not a guess.
    assert deletes[0].actor_label.startswith("db:")


def test_audited_names_the_actor_even_inside_an_outer_transaction(clinic_a: Clinic) -> None:
    clinician = Actor(clinic_id=clinic_a.pk, user_id=7, address="192.0.2.9")
    with transaction.atomic():
        Clinic.objects.create(slug="outer", name="written before")
        with audited(clinician):
            Clinic.objects.filter(pk=clinic_a.pk).update(name="Alpha Neurology Centre")
        Clinic.objects.create(slug="after", name="written after")

    rename = events(table_name="clinic_clinic", action="update")[0]
    assert (rename.actor_label, rename.actor_user_id, rename.client_address) == ("user:7", 7, "192.0.2.9")
    later = events(
        table_name="clinic_clinic", action="insert", object_id=str(Clinic.objects.get(slug="after").pk)
    )
    assert later[0].actor_label != "user:7"  # the outer block's writes are not credited to the clinician


def test_secrets_and_bookkeeping_stay_out_of_the_trail(clinic_a: Clinic) -> None:
    from clinic.services import api_client_create

    client, _ = api_client_create(clinic=clinic_a, name="lab")
    ApiClient.objects.filter(pk=client.pk).update(last_used_at="2026-11-21T10:00:00Z")

    rows = events(table_name="clinic_apiclient", object_id=str(client.pk))
    assert [e.action for e in rows] == ["insert"]  # a last-use stamp alone is not an event
    assert rows[0].after is not None
    assert "token_hash" not in rows[0].after


def test_a_password_change_is_an_event_without_the_password(clinic_a: Clinic) -> None:
    from tests.factories import UserFactory

    user = UserFactory(clinic=clinic_a)
    before = AuditEvent.objects.count()

    user.set_password("another correct horse battery staple")
    user.save(update_fields=["password"])

    changes = events(table_name="clinic_user", object_id=str(user.pk), action="update")
    assert AuditEvent.objects.count() == before + 1
    assert len(changes) == 1
    assert changes[0].before is not None
    assert changes[0].after is not None
    assert "password" not in changes[0].before
    assert "password" not in changes[0].after


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(
            lambda e: AuditEvent.objects.filter(pk=e.pk).update(actor_label="nobody"), id="bulk-update"
        ),
        pytest.param(lambda e: AuditEvent.objects.filter(pk=e.pk).delete(), id="bulk-delete"),
        pytest.param(lambda e: e.delete(), id="orm-delete"),
        pytest.param(lambda e: e.save(), id="orm-save"),
        pytest.param(
            lambda e: connection.cursor().execute(
                "UPDATE audit_event SET after = NULL WHERE id = %s", [e.pk]
            ),
            id="raw-update",
        ),
        pytest.param(lambda e: connection.cursor().execute("DELETE FROM audit_event"), id="raw-delete"),
    ],
)
def test_audit_rows_cannot_be_changed_or_deleted(posted: dict[str, Any], tamper: Any) -> None:
    event = events()[0]
    snapshot = (AuditEvent.objects.count(), event.actor_label, event.after)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        tamper(event)

    event.refresh_from_db()
    assert (AuditEvent.objects.count(), event.actor_label, event.after) == snapshot


def test_the_audit_table_cannot_be_truncated(posted: dict[str, Any]) -> None:
    count = AuditEvent.objects.count()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute("TRUNCATE audit_event")
    assert AuditEvent.objects.count() == count


@pytest.mark.parametrize(
    ("path", "version"),
    [
        ("/api/v1/exams/{id}/", 1),
        ("/api/v1/exams/{id}/decision/", 1),
        ("/api/v1/exams/{id}/versions/", None),
        ("/api/v1/exams/{id}/versions/1/", 1),
    ],
)
def test_every_api_read_of_an_exam_is_audited(
    ehr_a: APIClient, posted: dict[str, Any], path: str, version: int | None
) -> None:
    response = ehr_a.get(
        path.format(id=posted["id"]), REMOTE_ADDR="10.9.8.7", HTTP_X_REQUEST_ID="req-0000-abcd"
    )

    assert response.status_code == 200
    assert response["X-Request-ID"] == "req-0000-abcd"
    (read,) = events(action="read")
    client = ApiClient.objects.get()
    assert (read.table_name, read.object_id, read.object_version) == (
        "exams_exam",
        str(posted["id"]),
        version,
    )
    assert (read.actor_label, read.client_address, read.request_id) == (
        f"api_client:{client.pk}",
        "10.9.8.7",
        "req-0000-abcd",
    )


def test_a_failed_read_is_not_recorded_as_a_read(ehr_b: APIClient, posted: dict[str, Any]) -> None:
    assert ehr_b.get(f"/api/v1/exams/{posted['id']}/").status_code == 404
    assert events(action="read") == []


def test_the_trail_exports_as_json_lines_for_a_siem(posted: dict[str, Any], ehr_a: APIClient) -> None:
    ehr_a.get(f"/api/v1/exams/{posted['id']}/")
    first_id = events()[0].pk
    out, err = io.StringIO(), io.StringIO()

    call_command("audit_export", "--clinic", "alpha", "--after-id", str(first_id), stdout=out, stderr=err)

    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines
    assert all(line["id"] > first_id for line in lines)
    assert [line["id"] for line in lines] == sorted(line["id"] for line in lines)
    assert lines[-1]["action"] == "read"
    assert lines[-1]["object_id"] == str(posted["id"])
    assert f"{len(lines)} audit events written" in err.getvalue()


def test_system_writes_are_attributed_to_the_system(clinic_a: Clinic) -> None:
    with audited(SYSTEM):
        Exam.objects.filter(clinic=clinic_a).update(version=1)
        Clinic.objects.filter(pk=clinic_a.pk).update(name="Renamed by a job")
    assert events(table_name="clinic_clinic", action="update")[0].actor_label == "system"


def test_a_multi_row_statement_records_every_row_in_id_order(posted: dict[str, Any]) -> None:
    # The ~58 findings of a post are inserted by one statement per table, recorded as one event
    # listing every row, whole.
    motor = list(MotorFinding.objects.filter(version__exam_id=posted["id"]).order_by("id"))
    inserts = events(table_name="exams_motorfinding", action="insert")
    assert len(inserts) == 1
    assert inserts[0].object_id is None
    assert inserted_rows("exams_motorfinding") == [
        {
            "id": f.pk,
            "version_id": f.version_id,
            "side": f.side,
            "muscle": f.muscle,
            "grade": f.grade,
            "pain_limited": f.pain_limited,
            "nt_reason": f.nt_reason,
        }
        for f in motor
    ]
    assert [e.before for e in inserts] == [None] * len(inserts)

    # One UPDATE giving rows different new values; rows it leaves as they were are not events.
    MotorFinding.objects.filter(pk__in=[f.pk for f in motor]).update(
        grade=Case(When(side="left", then=Value("3")), default=F("grade"))
    )
    left = [f for f in motor if f.side == "left"]
    updates = events(table_name="exams_motorfinding", action="update")
    assert left
    assert [e.object_id for e in updates] == [str(f.pk) for f in left]
    assert all(e.before and e.after for e in updates)
    assert [(e.before["grade"], e.after["grade"]) for e in updates if e.before and e.after] == [
        ("5", "3")
    ] * len(left)
    assert all(
        e.before and e.after and e.before["id"] == e.after["id"] == int(e.object_id or 0) for e in updates
    )
    assert all(e.before and e.after and e.before["muscle"] == e.after["muscle"] for e in updates)
    assert len({e.transaction_id for e in updates}) == 1

    # A multi-row DELETE: one row each, with the row as it was.
    MotorFinding.objects.filter(pk__in=[f.pk for f in left]).delete()
    deletes = events(table_name="exams_motorfinding", action="delete")
    assert [e.object_id for e in deletes] == [str(f.pk) for f in left]
    assert [(e.before or {}).get("grade") for e in deletes] == ["3"] * len(left)
    assert [e.after for e in deletes] == [None] * len(left)


def test_an_update_of_a_rows_id_still_leaves_both_versions_in_the_trail(posted: dict[str, Any]) -> None:
    finding = MotorFinding.objects.filter(version__exam_id=posted["id"]).order_by("id").first()
    assert finding is not None
    old_id, new_id = finding.pk, finding.pk + 100_000
    with connection.cursor() as cursor:
        cursor.execute("UPDATE exams_motorfinding SET id = %s, grade = '2' WHERE id = %s", [new_id, old_id])

    updates = events(table_name="exams_motorfinding", action="update")
    assert updates  # the statement trigger pairs rows on id: two rows
    assert next(e.before for e in updates if e.before and e.before["id"] == old_id)["grade"] == "5"
    assert next(e.after for e in updates if e.after and e.after["id"] == new_id)["grade"] == "2"


def test_a_bookkeeping_only_update_of_several_rows_is_not_an_event(clinic_a: Clinic) -> None:
    from clinic.services import api_client_create

    clients = [api_client_create(clinic=clinic_a, name=name)[0] for name in ("lab", "ward")]
    ids = [c.pk for c in clients]
    before = AuditEvent.objects.count()

    ApiClient.objects.filter(pk__in=ids).update(last_used_at="2026-11-21T10:00:00Z")
    assert AuditEvent.objects.count() == before

    ApiClient.objects.filter(pk__in=ids).update(
        last_used_at="2026-11-21T11:00:00Z", revoked_at="2026-11-21T11:00:00Z"
    )
    updates = events(table_name="clinic_apiclient", action="update")
    assert [e.object_id for e in updates] == [str(pk) for pk in sorted(ids)]
    assert all(e.after and e.after["revoked_at"] and "token_hash" not in e.after for e in updates)
    assert all(e.before and "token_hash" not in e.before for e in updates)


def test_postgres_audits_by_statement_and_the_row_triggers_can_be_restored(clinic_a: Clinic) -> None:
    """Migration audit.0002 and its reverse: exactly one set of change triggers at a time."""
    from audit import triggers

    def change_triggers() -> set[tuple[str, str, bool]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, t.tgname, (t.tgtype & 1) = 1 FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgname LIKE 'audit%%' AND t.tgname <> 'audit_table_truncate' "
                "AND c.relname <> 'audit_event'"
            )
            return set(cursor.fetchall())

    def audit_rows_of_an_insert_and_two_updates(slug: str) -> int:
        before = AuditEvent.objects.count()
        Clinic.objects.filter(pk=clinic_a.pk).update(name=slug)
        other = Clinic.objects.create(slug=slug, name="x")
        Clinic.objects.filter(pk__in=[clinic_a.pk, other.pk]).update(name="y")
        return AuditEvent.objects.count() - before

    names = {table.name for table in triggers.AUDITED_TABLES}
    # (table, trigger, is row-level)
    statement_level = {(n, t, False) for n in names for t in triggers.STATEMENT_TRIGGERS}
    assert change_triggers() == statement_level
    assert audit_rows_of_an_insert_and_two_updates("first") == 1 + 1 + 2

    triggers.use_row_triggers(connection)  # DDL: rolled back with the test's transaction
    assert change_triggers() == {(n, "audit_row_change", True) for n in names}
    assert triggers.ensure_triggers(connection) == 0  # post_migrate keeps what the migrations left
    assert audit_rows_of_an_insert_and_two_updates("second") == 1 + 1 + 2

    triggers.use_statement_triggers(connection)
    assert change_triggers() == statement_level
    assert triggers.ensure_triggers(connection) == 0


def test_postgres_records_a_multi_row_insert_as_one_event_and_can_go_back_to_row_by_row(
    clinic_a: Clinic,
) -> None:
    """Migration audit.0004 and its reverse."""
    from audit import triggers

    def insert_two(prefix: str) -> list[AuditEvent]:
        before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        with audited(SYSTEM):
            Clinic.objects.bulk_create(
                [Clinic(slug=f"{prefix}-1", name="One"), Clinic(slug=f"{prefix}-2", name="Two")]
            )
        return list(AuditEvent.objects.filter(id__gt=before, table_name="clinic_clinic").order_by("id"))

    grouped = insert_two("grouped")
    assert len(grouped) == 1
    assert grouped[0].object_id is None
    assert isinstance(grouped[0].after, list)
    assert [row["slug"] for row in grouped[0].after] == ["grouped-1", "grouped-2"]
    assert grouped[0].actor_label == "system"

    triggers.audit_inserts_row_by_row(connection)  # DDL: rolled back with the test's transaction
    row_by_row = insert_two("rows")
    assert [e.after["slug"] for e in row_by_row if isinstance(e.after, dict)] == ["rows-1", "rows-2"]
    assert [e.object_id for e in row_by_row] == [
        str(e.after["id"]) for e in row_by_row if isinstance(e.after, dict)
    ]

    triggers.replace_statement_functions(connection)
    assert len(insert_two("again")) == 1


def test_an_insert_event_names_the_clinic_its_rows_belong_to(clinic_a: Clinic) -> None:
    """One clinic's rows name it; rows of two clinics, or rows without a clinic, name the actor's."""
    clinic_b = Clinic.objects.create(slug="beta", name="Beta")
    clinician = Actor(clinic_id=clinic_a.pk, user_id=7, address="192.0.2.9")

    def insert_event(*clinics: Clinic) -> AuditEvent:
        before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        with audited(clinician):
            Patient.objects.bulk_create(
                [Patient(clinic=c, identifier_system="urn:mrn", identifier_value=f"{before}-{i}")
                 for i, c in enumerate(clinics)]
            )  # fmt: skip
        return AuditEvent.objects.get(id__gt=before, table_name="exams_patient")

    assert insert_event(clinic_b).clinic_id == clinic_b.pk
    assert insert_event(clinic_b, clinic_b).clinic_id == clinic_b.pk
    assert insert_event(clinic_a, clinic_b).clinic_id == clinic_a.pk  # mixed: the actor's clinic
    with audited(clinician):
        new_clinic = Clinic.objects.create(slug="gamma", name="Gamma")
    assert events(table_name="clinic_clinic", object_id=str(new_clinic.pk))[0].clinic_id == new_clinic.pk

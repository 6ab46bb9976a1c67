"""Hostile input at every door: a 4xx in the door's own error shape naming what to fix, never a 5xx,
and nothing stored or audited by a refused request.

Doors: the JSON API (problem JSON), FHIR and CDS Hooks (OperationOutcome), the webhook API, and
the admin (Django's pages). Classes of bad input: NUL and invisible characters, deep nesting,
datetimes out of range, odd If-Match values, Unicode digits in ids, a deleted client's cached
token, chunked bodies, upper-case media types, unknown URLs and methods, and a crash.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from audit.models import AuditEvent
from clinic.models import ApiClient, Clinic, User
from clinic.security import read_chunked_bodies
from exams.models import Exam
from tests.factories import ApiClientFactory, UserFactory, normal_exam_document
from tests.interop.bundles import transaction_bundle
from tests.interop.cds import TestEhr, fhir_patient, patient_view_request

pytestmark = pytest.mark.django_db

CDS_SERVICE = "neuroexam-patient-view"
# Every table whose rows are clinical data, the audit trail, or what a request can store.
COUNTED_APPS = ("exams", "decisions", "alerts", "interop")
# A CDS Hooks JWT's id is spent when the token is checked, before the body is read: that is replay
# protection working, not something the request stored.
NOT_COUNTED = {"interop_usedjwtid"}


def row_counts() -> dict[str, int]:
    counts = {
        model._meta.db_table: model.objects.count()
        for app in COUNTED_APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.db_table not in NOT_COUNTED
    }
    counts["audit_event"] = AuditEvent.objects.count()
    return counts


@pytest.fixture
def stored_exam(ehr_a: APIClient) -> dict[str, Any]:
    response = ehr_a.post("/api/v1/exams/", normal_exam_document(), format="json")
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def cds_ehr(clinic_a: Clinic) -> TestEhr:
    return TestEhr(clinic_a)


@pytest.fixture
def unchanged(stored_exam: dict[str, Any]) -> Iterator[None]:
    """The database holds one exam before each hostile request, and exactly the same rows after."""
    before = row_counts()
    yield
    assert row_counts() == before


def assert_problem(response: Any, status: int | tuple[int, ...], field: str | None = None) -> dict[str, Any]:
    statuses = (status,) if isinstance(status, int) else status
    assert response.status_code in statuses, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"status", "code", "detail", "errors"}
    assert body["status"] == response.status_code
    if field is not None:
        assert field in [e["field"] for e in body["errors"]], body
    return body


def assert_outcome(
    response: Any, status: int | tuple[int, ...], expression: str | None = None
) -> dict[str, Any]:
    statuses = (status,) if isinstance(status, int) else status
    assert response.status_code in statuses, response.content[:500]
    body: dict[str, Any] = response.json()
    assert body["resourceType"] == "OperationOutcome"
    if expression is not None:
        expressions = [e for issue in body["issue"] for e in issue.get("expression", [])]
        assert any(expression in e for e in expressions), body
    return body


def raw(
    client: Any, method: str, url: str, text: str, content_type: str = "application/json", **extra: Any
) -> Any:
    return getattr(client, method)(url, data=text, content_type=content_type, **extra)


# --- NUL, control and invisible characters ---------------------------------------------------


@pytest.mark.parametrize(
    ("where", "value", "field"),
    [
        (("patient", "identifier", "value"), "MRN\u0000123", "patient.identifier.value"),
        (("patient", "identifier", "system"), "urn:\u0000x", "patient.identifier.system"),
        (("notes",), "fine\u0000then not", "notes"),
        (("notes",), "a bell \u0007", "notes"),
        (("patient", "identifier", "value"), "MRN\u200b123", "patient.identifier.value"),
        (("patient", "identifier", "value"), "MRN\u202e321", "patient.identifier.value"),
        (("patient", "identifier", "value"), "MRN\u2066123", "patient.identifier.value"),
        (("patient", "identifier", "value"), "MRN\u0085123", "patient.identifier.value"),
        (("external_id", "value"), "enc\ufeff1", "external_id.value"),
        (("motor", 0, "nt_reason"), "cast\u0000", "motor[0].nt_reason"),
    ],
)
@pytest.mark.usefixtures("unchanged")
def test_nul_control_and_invisible_characters_in_an_exam_are_refused_naming_the_field(
    ehr_a: APIClient, where: tuple[str | int, ...], value: str, field: str
) -> None:
    document = normal_exam_document(mrn="MRN-HOSTILE", external_id="enc-hostile")
    if where[0] == "motor":
        document["motor"][0] |= {"grade": "NT", "nt_reason": value}
    else:
        target: Any = document
        for part in where[:-1]:
            target = target[part]
        target[where[-1]] = value

    for url in ("/api/v1/exams/", "/api/v1/decisions/evaluate/"):
        assert_problem(ehr_a.post(url, document, format="json"), 400, field)


def test_notes_keep_line_breaks_and_tabs(ehr_a: APIClient) -> None:
    document = normal_exam_document(notes="Line one\r\nline two\n\tindented")

    response = ehr_a.post("/api/v1/exams/", document, format="json")

    assert response.status_code == 201
    assert response.json()["notes"] == "Line one\r\nline two\n\tindented"


@pytest.mark.usefixtures("unchanged")
def test_an_amendment_with_an_invisible_character_in_an_identifier_changes_nothing(
    ehr_a: APIClient, stored_exam: dict[str, Any]
) -> None:
    document = normal_exam_document()
    document["patient"]["identifier"]["value"] = "MRN-000123\u200d"

    response = ehr_a.put(f"/api/v1/exams/{stored_exam['id']}/", document, format="json", HTTP_IF_MATCH='"1"')

    assert_problem(response, 400, "patient.identifier.value")


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/exams/?patient=MRN%00", "patient"),
        ("/api/v1/exams/?patient=urn:x%7CMRN%00", "patient"),
        ("/api/v1/exams/?performed_from=2026%00", "performed_from"),
        ("/api/v1/exams/?cursor=%00", "cursor"),
        ("/api/v1/exams/?what%00ever=1", "what\\0ever"),
        ("/api/v1/webhooks/?x=%00", "x"),
        ("/api/v1/exams/?patient=MRN%E2%80%8B1", "patient"),
    ],
)
@pytest.mark.usefixtures("unchanged")
def test_nul_in_an_api_filter_is_a_400_naming_it(ehr_a: APIClient, url: str, parameter: str) -> None:
    assert_problem(ehr_a.get(url), 400, parameter)


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/fhir/r4/Observation?patient.identifier=urn:example:mrn%7CMRN%00", "patient.identifier"),
        ("/fhir/r4/Observation?patient=Patient/1%00", "patient"),
        ("/fhir/r4/Observation?subject:Patient.identifier=%00", "subject:Patient.identifier"),
    ],
)
@pytest.mark.usefixtures("unchanged")
def test_nul_in_a_fhir_search_is_an_operation_outcome_naming_it(
    ehr_a: APIClient, url: str, parameter: str
) -> None:
    assert_outcome(ehr_a.get(url), 400, parameter)


@pytest.fixture
def staff_a(clinic_a: Clinic) -> Client:
    from clinic.roles import user_role_sync

    user: User = UserFactory(username="hostile-clinician", clinic=clinic_a, role=User.Role.CLINICIAN)
    user_role_sync(user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def superuser() -> Client:
    user = UserFactory(username="hostile-root", is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/exams/exam/?q=MRN%00",
        "/admin/exams/patient/?q=%00",
        "/admin/audit/auditevent/?q=%00",
        "/admin/audit/auditevent/?table_name=%00",
        "/admin/exams/exam/?urgency=%00",
    ],
)
@pytest.mark.usefixtures("superuser", "unchanged")
def test_nul_in_an_admin_search_or_filter_is_a_400_naming_it(superuser: Client, url: str) -> None:
    response = superuser.get(url)

    assert response.status_code == 400
    assert b"NUL" in response.content


@pytest.mark.parametrize("query", ["not-an-address", "12345", "::1", "abc"])
@pytest.mark.usefixtures("superuser", "unchanged")
def test_any_text_in_the_audit_search_box_answers_without_error(superuser: Client, query: str) -> None:
    assert superuser.get("/admin/audit/auditevent/", {"q": query}).status_code == 200


@pytest.fixture
def webhook(clinic_a: Clinic) -> Any:
    from tests.alerts.helpers import subscribe

    return subscribe(clinic_a)


@pytest.mark.usefixtures("webhook", "unchanged")
def test_nul_in_a_webhook_field_is_a_400_naming_it(ehr_a: APIClient, webhook: Any) -> None:
    created = ehr_a.post(
        "/api/v1/webhooks/", {"url": "https://pager.example/x", "description": "on\u0000call"}, format="json"
    )
    changed = ehr_a.patch(f"/api/v1/webhooks/{webhook.pk}/", {"description": "on\u0000call"}, format="json")
    nested = raw(ehr_a, "patch", f"/api/v1/webhooks/{webhook.pk}/", DEEP)
    duplicated = raw(
        ehr_a, "patch", f"/api/v1/webhooks/{webhook.pk}/", '{"is_active": true, "is_active": false}'
    )

    assert_problem(created, 400, "description")
    assert_problem(changed, 400, "description")
    assert_problem(nested, 400)
    assert_problem(duplicated, 400, "is_active")
    webhook.refresh_from_db()
    assert webhook.is_active


@pytest.mark.usefixtures("unchanged")
def test_nul_in_a_fhir_bundle_is_an_operation_outcome_naming_it(ehr_a: APIClient) -> None:
    bundle = transaction_bundle(normal_exam_document(mrn="MRN\u0000X"))

    response = raw(ehr_a, "post", "/fhir/r4/", json.dumps(bundle), "application/fhir+json")

    assert_outcome(response, 400, "identifier")


@pytest.mark.usefixtures("cds_ehr", "unchanged")
def test_nul_in_a_cds_hooks_request_is_an_operation_outcome_naming_it(cds_ehr: TestEhr) -> None:
    ehr = cds_ehr
    request = patient_view_request(fhir_patient({"system": "urn:example:mrn", "value": "MRN-000123\u0000"}))

    response = raw(
        APIClient(), "post", f"/cds-services/{CDS_SERVICE}", json.dumps(request), **ehr.headers(CDS_SERVICE)
    )

    assert_outcome(response, 400, "prefetch.patient.identifier[1].value")


# --- deep nesting ------------------------------------------------------------------------------

DEEP = '{"a": ' * 5000 + "1" + "}" * 5000
FAIRLY_DEEP = '{"context": ' + "[" * 100 + "]" * 100 + "}"


@pytest.mark.parametrize("body", [DEEP, FAIRLY_DEEP])
@pytest.mark.usefixtures("cds_ehr", "unchanged")
def test_deeply_nested_json_is_a_400_at_every_door(ehr_a: APIClient, cds_ehr: TestEhr, body: str) -> None:
    ehr = cds_ehr

    assert_problem(raw(ehr_a, "post", "/api/v1/exams/", body), 400)
    assert_problem(raw(ehr_a, "post", "/api/v1/decisions/evaluate/", body), 400)
    assert_problem(raw(ehr_a, "post", "/api/v1/webhooks/", body), 400)
    assert_outcome(raw(ehr_a, "post", "/fhir/r4/", body, "application/fhir+json"), 400)
    cds = raw(APIClient(), "post", f"/cds-services/{CDS_SERVICE}", body, **ehr.headers(CDS_SERVICE))
    assert_outcome(cds, 400)
    feedback = raw(
        APIClient(),
        "post",
        f"/cds-services/{CDS_SERVICE}/feedback",
        body,
        **ehr.headers(f"{CDS_SERVICE}/feedback"),
    )
    assert_outcome(feedback, 400)


# --- If-Match ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "if_match",
    ['"\u00b2"', "\u00b2", '"' + "9" * 5000 + '"', "99999999999", '"2147483648"', "-1", '"1.0"', "W/"],
)
@pytest.mark.usefixtures("unchanged")
def test_an_odd_if_match_is_refused_never_a_500(
    ehr_a: APIClient, stored_exam: dict[str, Any], if_match: str
) -> None:
    response = ehr_a.put(
        f"/api/v1/exams/{stored_exam['id']}/", normal_exam_document(), format="json", HTTP_IF_MATCH=if_match
    )

    assert_problem(response, (400, 412, 428), "If-Match")


# --- Unicode digits and oversized ids ------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/fhir/r4/Observation/\u00b2-motor-hip_flexors-left",
        "/fhir/r4/Observation/\u0661-motor-hip_flexors-left",
        "/fhir/r4/Observation/99999999999999999999999999-motor-hip_flexors-left",
        "/fhir/r4/Bundle/exam-99999999999999999999999999",
        "/fhir/r4/Bundle/exam-\u0661",
        "/fhir/r4/Patient/1",
    ],
)
@pytest.mark.usefixtures("unchanged")
def test_unicode_digits_and_huge_ids_in_fhir_urls_are_404_operation_outcomes(
    ehr_a: APIClient, url: str
) -> None:
    assert_outcome(ehr_a.get(url), 404)


@pytest.mark.parametrize(
    "reference", ["Patient/\u00b2", "Patient/\u0661", "\u0661", "Patient/99999999999999999999999"]
)
@pytest.mark.usefixtures("unchanged")
def test_unicode_digits_in_a_patient_reference_find_no_one(ehr_a: APIClient, reference: str) -> None:
    response = ehr_a.get("/fhir/r4/Observation", {"patient": reference})

    assert response.status_code == 200
    assert response.json()["total"] == 0


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/exams/\u00b2/",
        "/api/v1/exams/\u0661/",
        "/api/v1/exams/99999999999999999999999999/",
        "/api/v1/exams/99999999999999999999999999/versions/1/",
        "/api/v1/webhooks/99999999999999999999999999/",
    ],
)
@pytest.mark.usefixtures("unchanged")
def test_unicode_digits_and_huge_ids_in_api_urls_are_404_problems(ehr_a: APIClient, url: str) -> None:
    assert_problem(ehr_a.get(url), 404)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/exams/exam/\u00b2/change/",
        "/admin/exams/exam/\u0661/change/",
        "/admin/exams/exam/99999999999999999999999999/change/",
        "/admin/exams/patient/\u00b2/change/",
        "/admin/audit/auditevent/\u00b2/change/",
    ],
)
@pytest.mark.usefixtures("superuser", "unchanged")
def test_unicode_digits_in_admin_urls_never_fail(superuser: Client, url: str) -> None:
    response = superuser.get(url)

    assert response.status_code in (302, 404)


# --- tokens ------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_deleted_clients_cached_token_is_a_401_not_an_integrity_error(clinic_a: Clinic) -> None:
    client, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert http.get("/api/v1/exams/").status_code == 200  # the worker now trusts the token a while
    with connection.cursor() as cursor:  # deleted elsewhere: this process hears no signal
        cursor.execute("DELETE FROM clinic_apiclient WHERE id = %s", [client.pk])

    posted = http.post("/api/v1/exams/", normal_exam_document(), format="json")

    assert_problem(posted, 401, "Authorization")
    assert not Exam.objects.exists()
    assert_problem(http.get("/api/v1/exams/"), 401)
    assert not ApiClient.objects.exists()


# --- bodies and media types ----------------------------------------------------------------------


def wsgi_post(path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """A request through the WSGI entry point's chunked-body wrapper, as gunicorn hands it over:
    ``Transfer-Encoding: chunked``, no Content-Length, the decoded body on ``wsgi.input``."""
    application = read_chunked_bodies(get_wsgi_application())
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "HTTP_TRANSFER_ENCODING": "chunked",
        **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()},
    }
    environ["CONTENT_TYPE"] = environ.pop("HTTP_CONTENT_TYPE")
    answer: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(response_headers)

    chunks = application(environ, start_response)
    content = b"".join(chunks)
    getattr(chunks, "close", lambda: None)()
    return answer["status"], answer["headers"], content


@pytest.fixture
def wsgi_connection() -> Iterator[None]:
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("wsgi_connection")
def test_a_chunked_body_is_read(clinic_a: Clinic) -> None:
    _, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    body = json.dumps(normal_exam_document()).encode()

    status, _, content = wsgi_post(
        "/api/v1/exams/", body, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    )

    assert status == 201, content[:300]
    assert Exam.objects.count() == 1


@pytest.mark.usefixtures("wsgi_connection")
def test_an_oversized_chunked_body_is_a_413(clinic_a: Clinic, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    _, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    body = json.dumps(normal_exam_document()).encode()

    status, _, content = wsgi_post(
        "/api/v1/exams/", body, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    )

    assert status == 413
    assert json.loads(content)["code"] == "body_too_large"
    assert not Exam.objects.exists()


@pytest.mark.parametrize("content_type", ["Application/JSON", "APPLICATION/JSON; charset=UTF-8"])
def test_the_media_type_is_matched_case_insensitively(ehr_a: APIClient, content_type: str) -> None:
    exams = raw(ehr_a, "post", "/api/v1/exams/", json.dumps(normal_exam_document()), content_type)
    webhooks = raw(
        ehr_a, "post", "/api/v1/webhooks/", json.dumps({"url": "https://pager.example/x"}), content_type
    )
    evaluate = raw(
        ehr_a, "post", "/api/v1/decisions/evaluate/", json.dumps(normal_exam_document()), content_type
    )
    fhir = raw(
        ehr_a,
        "post",
        "/fhir/r4/",
        json.dumps(transaction_bundle(normal_exam_document(mrn="MRN-FHIR", external_id=None))),
        content_type.replace("JSON", "FHIR+JSON"),
    )

    assert [exams.status_code, webhooks.status_code, evaluate.status_code, fhir.status_code] == [
        201,
        201,
        200,
        200,
    ]


# --- every error in the area's shape --------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/v1/nothing-here/", 404),
        ("get", "/api/v2/exams/", 404),
        ("get", "/api/v1/exams/1/nothing/", 404),
        ("delete", "/api/v1/exams/", 405),
        ("post", "/api/v1/exams/1/decision/", 405),
    ],
)
@pytest.mark.usefixtures("unchanged")
def test_every_api_error_is_a_problem(ehr_a: APIClient, method: str, url: str, status: int) -> None:
    assert_problem(getattr(ehr_a, method)(url), status)


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/fhir/r4/Nothing", 404),
        ("get", "/fhir/r4/Observation/", 404),
        ("delete", "/fhir/r4/metadata", 405),
        ("put", "/fhir/r4/Observation", 405),
        ("get", "/cds-services/nothing/here", 404),
        ("delete", "/cds-services", 405),
    ],
)
@pytest.mark.usefixtures("unchanged")
def test_every_fhir_error_is_an_operation_outcome(
    ehr_a: APIClient, method: str, url: str, status: int
) -> None:
    response = getattr(ehr_a, method)(url)

    assert_outcome(response, status)
    assert response["Content-Type"].startswith(("application/fhir+json", "application/json"))


@pytest.fixture
def crashing(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    def crash(target: str) -> None:
        def fail(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("secret internal detail")

        monkeypatch.setattr(target, fail)

    return crash


@pytest.mark.usefixtures("unchanged")
def test_a_crash_is_a_500_in_the_areas_shape_without_a_traceback(
    ehr_a: APIClient, stored_exam: dict[str, Any], crashing: Callable[[str], None]
) -> None:
    crashing("exams.apis.exam_detail_read")
    crashing("interop.fhir.views.exam_bundle")
    ehr_a.raise_request_exception = False

    api = ehr_a.get(f"/api/v1/exams/{stored_exam['id']}/")
    fhir = ehr_a.get(f"/fhir/r4/Bundle/exam-{stored_exam['id']}")

    assert_problem(api, 500)
    assert_outcome(fhir, 500)
    for response in (api, fhir):
        assert b"secret internal detail" not in response.content
        assert b"Traceback" not in response.content
        assert "Content-Security-Policy" in response


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/exams/",
        "/api/v1/nothing/",
        "/api/v1/schema/",
        "/fhir/r4/metadata",
        "/fhir/r4/Nothing",
        "/cds-services",
        "/admin/login/",
        "/nothing-at-all/",
    ],
)
def test_every_response_carries_a_content_security_policy(ehr_a: APIClient, url: str) -> None:
    response = ehr_a.get(url)

    assert "default-src" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("patient_value", "MRN\u0000X"),
        ("patient_value", "MRN\u200bX"),
        ("patient_value", "MRN\u202eX"),
        ("notes", "fine\u0000not"),
        ("performed_at", "1790000000"),
    ],
)
def test_the_admin_exam_page_refuses_hostile_values_and_saves_nothing(field: str, value: str) -> None:
    """The clinician's door: a form error on the page, never a 500, nothing stored or audited."""
    from tests.admin.conftest import case_exam, form_data, logged_in, member

    clinic = Clinic.objects.create(slug="hostile-admin", name="Hostile admin")
    page = logged_in(member(clinic, "hostile-admin-clinician"))
    data = form_data(case_exam("v01"))
    data[field] = value
    before = row_counts()

    response = page.post("/admin/exams/exam/add/", data)

    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert row_counts() == before


@pytest.mark.usefixtures("cds_ehr", "unchanged")
def test_an_oversized_body_is_a_413_in_each_doors_shape(
    ehr_a: APIClient, cds_ehr: TestEhr, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    body = json.dumps(normal_exam_document(notes="x" * 3000))
    service = CDS_SERVICE

    assert_problem(raw(ehr_a, "post", "/api/v1/exams/", body), 413, "body")
    assert_outcome(raw(ehr_a, "post", "/fhir/r4/", body, "application/fhir+json"), 413, "body")
    assert_outcome(
        raw(APIClient(), "post", f"/cds-services/{service}", body, **cds_ehr.headers(service)), 413
    )


@pytest.mark.parametrize(
    "cursor",
    [
        "WyJuZXh0IiwgIjAwMDEtMDEtMDFUMDA6MDA6MDArMDE6MDAiLCAxXQ",  # ["next", "0001-01-01T00:00:00+01:00", 1]
        "WyJuZXh0IiwgIjk5OTktMTItMzFUMjM6NTk6NTktMDU6MDAiLCAxXQ",  # ["next", "9999-12-31T23:59:59-05:00", 1]
        # ["next", "2026-01-01T00:00:00+00:00", 10**30]
        "WyJuZXh0IiwgIjIwMjYtMDEtMDFUMDA6MDA6MDArMDA6MDAiLCAxMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwXQ",
        "%C2%B2",
    ],
)
@pytest.mark.usefixtures("unchanged")
def test_a_forged_list_cursor_is_a_400_naming_it(ehr_a: APIClient, cursor: str) -> None:
    assert_problem(ehr_a.get(f"/api/v1/exams/?cursor={cursor}"), 400, "cursor")

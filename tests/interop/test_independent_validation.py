"""Everything the FHIR door and the CDS Hooks services emit, for every shared case, judged by
validators written by others (tests/validators: FHIR.js, fhirpath.js over the R4 invariants, the
CDS Hooks 2.0 response rules), never by our own models. Zero errors is the bar."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from rest_framework.test import APIClient

from clinic.models import Clinic
from interop.fhir.codes import CPT, LOINC
from tests.conftest import IN_CI, load_cases
from tests.interop.bundles import transaction_bundle
from tests.interop.cds import (
    TestEhr,
    draft_service_request,
    fhir_patient,
    order_select_request,
    patient_view_request,
)
from tests.isncsci.factories import side, worksheet

VALIDATORS = Path(__file__).parent.parent / "validators"
CASES = load_cases()
PATIENT_VIEW = "neuroexam-patient-view"
ORDER_SELECT = "neuroexam-order-select"
ORDERS = [
    draft_service_request("draft-mri", {"system": LOINC, "code": "24968-0"}),
    draft_service_request("draft-emg", {"system": CPT, "code": "95910"}),
    draft_service_request("draft-xr", {"system": LOINC, "code": "24972-2"}),
]


def _validators() -> str:
    node = shutil.which("node")
    ready = node is not None and (VALIDATORS / "node_modules" / "fhir").is_dir()
    if not ready:
        message = "the validators need node and `npm ci` in tests/validators (.ci/run does it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    assert node is not None
    return node


class Collector:
    """Every body the server answers with, labelled by the request that produced it."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def fhir(self, name: str, response: Any, status: int = 200) -> dict[str, Any]:
        assert response.status_code == status, (name, response.status_code, response.content[:500])
        body: dict[str, Any] = response.json()
        self.items.append({"name": name, "kind": "fhir", "body": body})
        return body

    def cds(self, name: str, response: Any) -> dict[str, Any]:
        assert response.status_code == 200, (name, response.content[:500])
        body: dict[str, Any] = response.json()
        self.items.append({"name": name, "kind": "cds", "body": body})
        return body


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _fhir_door(seen: Collector, ehr_a: APIClient) -> None:
    """Per case: the transaction-response, the export, a paged searchset, every read and vread."""
    for case in CASES:
        name = case["id"]
        document = copy.deepcopy(case["exam"])
        answer = seen.fhir(
            f"{name} transaction-response",
            ehr_a.post("/fhir/r4/", transaction_bundle(document), format="json"),
        )
        panel = answer["entry"][1]["response"]["location"]
        exam_id = panel.split("/")[1].split("-")[0]
        export = seen.fhir(f"{name} export", ehr_a.get(f"/fhir/r4/Bundle/exam-{exam_id}"))
        identifier = document["patient"]["identifier"]
        page = seen.fhir(
            f"{name} searchset",
            ehr_a.get(
                "/fhir/r4/Observation",
                {"patient.identifier": f"{identifier['system']}|{identifier['value']}", "_count": 40},
            ),
        )
        next_links = [link["url"] for link in page["link"] if link["relation"] == "next"]
        if next_links:
            seen.fhir(f"{name} searchset page 2", ehr_a.get(_path(next_links[0])))
        # A read answers exactly the export's entry (test_fhir_reads_and_search pins it), so one read
        # per resource type and the vread of three locations keep this test's thousands of requests
        # to hundreds without judging less.
        first_of_type = {e["resource"]["resourceType"]: e["fullUrl"] for e in reversed(export["entry"])}
        for url in first_of_type.values():
            seen.fhir(f"{name} read {url}", ehr_a.get(_path(url)))
        for entry in answer["entry"][:3]:
            seen.fhir(
                f"{name} vread {entry['response']['location']}",
                ehr_a.get(f"/fhir/r4/{entry['response']['location']}"),
            )
    # A later exam of the first case's patient, weaker: its impression names the earlier one as
    # ``previous`` and the fall in strength as a finding (issue 24).
    later = copy.deepcopy(CASES[0]["exam"])
    later["performed_at"] = "2026-11-30T10:00:00Z"
    weak = next(item for item in later["motor"] if item["grade"] not in ("5", "NT"))
    weak["grade"] = str(int(weak["grade"][0]) - 1)
    answer = seen.fhir(
        "serial transaction-response", ehr_a.post("/fhir/r4/", transaction_bundle(later), format="json")
    )
    exam_id = answer["entry"][1]["response"]["location"].split("/")[1].split("-")[0]
    export = seen.fhir("serial export", ehr_a.get(f"/fhir/r4/Bundle/exam-{exam_id}"))
    (impression,) = [
        e["resource"] for e in export["entry"] if e["resource"]["resourceType"] == "ClinicalImpression"
    ]
    assert "previous" in impression


def _isncsci_exam(seen: Collector, ehr_a: APIClient) -> None:
    """An exam with an ISNCSCI worksheet (NT, starred and double-starred scores, an NT anal
    item): its export, its searchset, and a read of the worksheet panel, a side and the decision."""
    right = side("T10", below="1", motor={"L2": "NT", "L3": "2*"}, light_touch={"L1": "NT**"})
    sheet = worksheet(right, side("T11", lowest_non_key_muscle="L3"), anal_pressure="NT")
    document = {
        "patient": {"identifier": {"system": "urn:example:mrn", "value": "MRN-ISNCSCI"}},
        "performed_at": "2026-11-20T09:30:00Z",
        "motor": [{"muscle": "quadriceps", "side": "left", "grade": "4"}],
        "isncsci": sheet,
    }
    created = ehr_a.post("/api/v1/exams/", document, format="json")
    assert created.status_code == 201, created.json()
    exam_id = created.json()["id"]
    seen.fhir("isncsci export", ehr_a.get(f"/fhir/r4/Bundle/exam-{exam_id}"))
    seen.fhir(
        "isncsci searchset",
        ehr_a.get(
            "/fhir/r4/Observation", {"patient.identifier": "urn:example:mrn|MRN-ISNCSCI", "_count": 40}
        ),
    )
    for path in (
        f"Observation/{exam_id}-isncsci-worksheet",
        f"Observation/{exam_id}-isncsci-pin-prick-right",
        f"ClinicalImpression/{exam_id}-decision",
    ):
        seen.fhir(f"isncsci read {path}", ehr_a.get(f"/fhir/r4/{path}"))


def _cds_services(seen: Collector, client: APIClient, ehr: TestEhr) -> None:
    """Per case: patient-view, and order-select over drafted MRI, EMG and X-ray orders."""
    for case in CASES:
        patient = fhir_patient(case["exam"]["patient"]["identifier"])
        for service, body in (
            (PATIENT_VIEW, patient_view_request(patient)),
            *((ORDER_SELECT, order_select_request(patient, [order, *ORDERS])) for order in ORDERS),
        ):
            response = client.post(f"/cds-services/{service}", body, format="json", **ehr.headers(service))
            seen.cds(f"{case['id']} {service}", response)


def _the_rest(seen: Collector, client: APIClient, ehr: TestEhr, ehr_a: APIClient) -> None:
    """Conformance resources, OperationOutcomes, the batch answers, and the no-advice cards."""
    seen.fhir("CapabilityStatement", client.get("/fhir/r4/metadata"))
    seen.fhir("CodeSystem", client.get("/fhir/r4/CodeSystem/neuroexam"))
    seen.fhir(
        "OperationOutcome not a Bundle",
        ehr_a.post("/fhir/r4/", {"resourceType": "Patient"}, format="json"),
        400,
    )
    seen.fhir(
        "OperationOutcome bad bundle type",
        ehr_a.post("/fhir/r4/", {"resourceType": "Bundle", "type": "collection"}, format="json"),
        400,
    )
    seen.fhir("OperationOutcome unknown read", ehr_a.get("/fhir/r4/Observation/999999-exam"), 404)
    seen.fhir(
        "OperationOutcome strict search",
        ehr_a.get(
            "/fhir/r4/Observation", {"patient": "Patient/1", "foo": "1"}, HTTP_PREFER="handling=strict"
        ),
        400,
    )
    seen.fhir(
        "OperationOutcome no credentials", client.get("/fhir/r4/Observation", {"patient": "Patient/1"}), 401
    )
    seen.fhir(
        "OperationOutcome CDS no token", client.post(f"/cds-services/{PATIENT_VIEW}", {}, format="json"), 401
    )
    feedback = f"{PATIENT_VIEW}/feedback"
    seen.fhir(
        "OperationOutcome feedback",
        client.post(f"/cds-services/{feedback}", {"feedback": []}, format="json", **ehr.headers(feedback)),
        400,
    )
    batch = transaction_bundle(copy.deepcopy(CASES[0]["exam"]), bundle_type="batch")
    batch["entry"][2]["resource"]["interpretation"] = [{"text": "low"}]
    batch["entry"].append(
        {
            "request": {"method": "POST", "url": "Condition"},
            "resource": {"resourceType": "Condition", "subject": {"reference": "Patient/x"}},
        }
    )
    batch["entry"][0]["request"]["ifNoneExist"] = "identifier=urn:x|replayed-batch"
    for entry in batch["entry"][1:]:
        entry["resource"].pop("identifier", None)
    seen.fhir("batch-response with a not-processed entry", ehr_a.post("/fhir/r4/", batch, format="json"))
    seen.fhir("searchset by _id", ehr_a.get("/fhir/r4/Observation", {"_id": "1-exam"}))
    seen.fhir(
        "searchset _summary=count",
        ehr_a.get("/fhir/r4/Observation", {"patient": "Patient/1", "_summary": "count"}),
    )
    for name, body in (
        ("no prefetch", patient_view_request(None)),
        ("no exam", patient_view_request(fhir_patient({"system": "urn:x", "value": "nobody"}))),
    ):
        seen.cds(
            f"card {name}",
            client.post(f"/cds-services/{PATIENT_VIEW}", body, format="json", **ehr.headers(PATIENT_VIEW)),
        )


def test_every_fhir_resource_and_cds_hooks_response_passes_independent_validators(
    ehr_a: APIClient, clinic_a: Clinic, tmp_path: Path, settings: Any
) -> None:
    node = _validators()
    settings.API_CLIENT_RATE = None  # thousands of reads in a minute: this is not a throttling test
    client = APIClient()
    ehr = TestEhr(clinic_a)
    seen = Collector()

    _fhir_door(seen, ehr_a)
    _isncsci_exam(seen, ehr_a)
    _cds_services(seen, client, ehr)
    _the_rest(seen, client, ehr, ehr_a)

    items = tmp_path / "items.json"
    items.write_text(json.dumps(seen.items))
    run = subprocess.run(
        [node, str(VALIDATORS / "validate.js"), str(items)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = json.loads(run.stdout)
    assert report["checked"] == len(seen.items) > 26 * 10
    distinct: dict[str, list[str]] = {}
    for error in report["errors"]:
        distinct.setdefault(f"{error['location']}: {error['message']}", []).append(error["name"])
    assert report["errors"] == [], json.dumps({k: [len(v), v[0]] for k, v in distinct.items()}, indent=1)
    assert run.returncode == 0, run.stderr


def test_the_validators_catch_what_they_are_here_to_catch(tmp_path: Path) -> None:
    """The bar above is only worth something if these tools fail bad output: an obs-6 breach, an
    element R4 does not have, a delete action with an array resourceId, two recommended
    suggestions on an at-most-one card."""
    node = _validators()
    observation = {"resourceType": "Observation", "status": "final", "code": {"text": "reflex"}}
    card = {
        "summary": "s",
        "indicator": "info",
        "source": {"label": "neuroexam"},
        "selectionBehavior": "at-most-one",
        "suggestions": [
            {
                "label": "a",
                "isRecommended": True,
                "actions": [{"type": "delete", "description": "d", "resourceId": ["x"]}],
            },
            {"label": "b", "isRecommended": True},
        ],
    }
    items = [
        {
            "name": "obs-6",
            "kind": "fhir",
            "body": {**observation, "valueInteger": 1, "dataAbsentReason": {"text": "x"}},
        },
        {"name": "r5 element", "kind": "fhir", "body": {**observation, "triggeredBy": [{"type": "reflex"}]}},
        {"name": "cards", "kind": "cds", "body": {"cards": [card]}},
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(items))

    run = subprocess.run(
        [node, str(VALIDATORS / "validate.js"), str(path)], capture_output=True, text=True, check=False
    )

    errors = json.loads(run.stdout)["errors"]
    assert run.returncode == 1
    assert {e["name"] for e in errors} == {"obs-6", "r5 element", "cards"}
    assert {e["location"] for e in errors if e["name"] == "cards"} == {
        "cards[0].suggestions",
        "cards[0].suggestions[0].actions[0].resourceId",
    }

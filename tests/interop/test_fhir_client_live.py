"""A real FHIR client (fhirpy, pinned) against a live server: it reads, searches, follows every
reference it is handed and pages through results, as an EHR integration would."""

from __future__ import annotations

import copy
from typing import Any

from fhirpy import SyncFHIRClient
from fhirpy.base.searchset import Raw
from rest_framework.test import APIClient

from clinic.models import Clinic
from tests.conftest import load_cases
from tests.factories import ApiClientFactory
from tests.interop.bundles import transaction_bundle

CASE = next(case for case in load_cases() if case["id"].startswith("V22"))


def _references(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return found + [r for v in value.values() for r in _references(v)]
    if isinstance(value, list):
        return [r for v in value for r in _references(v)]
    return []


def test_fhirpy_reads_searches_follows_every_reference_and_pages(live_server: Any, clinic_a: Clinic) -> None:
    _, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    poster = APIClient()
    poster.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    answer = poster.post("/fhir/r4/", transaction_bundle(copy.deepcopy(CASE["exam"])), format="json").json()
    identifier = CASE["exam"]["patient"]["identifier"]
    client = SyncFHIRClient(f"{live_server.url}/fhir/r4", authorization=f"Bearer {token}")

    search = client.resources("Observation").search(
        Raw(**{"patient.identifier": f"{identifier['system']}|{identifier['value']}"})
    )
    paged = search.limit(7).fetch_all()  # follows the next links, seven at a time
    assert search.count() == len(paged) == len({o["id"] for o in paged}) > 14

    panel_location = answer["entry"][1]["response"]["location"]
    panel = client.reference(reference=panel_location.rsplit("/_history", 1)[0]).to_resource()
    assert panel["meta"]["versionId"] == "1"
    assert {m["reference"] for m in panel["hasMember"]} <= {f"Observation/{o['id']}" for o in paged}

    exam_id = panel["id"].split("-")[0]
    impression = client.reference("ClinicalImpression", f"{exam_id}-decision").to_resource()
    seen: dict[str, dict[str, Any]] = {}
    pending = [f"Observation/{o['id']}" for o in paged] + [f"ClinicalImpression/{impression['id']}"]
    while pending:
        reference = pending.pop()
        if reference in seen:
            continue
        resource = client.reference(reference=reference).to_resource()
        assert f"{resource['resourceType']}/{resource['id']}" == reference
        seen[reference] = resource
        pending += _references(resource.serialize())
    assert {"Patient", "Observation", "ClinicalImpression"} <= {r.split("/")[0] for r in seen}

    by_code = client.resources("Observation").search(Raw(_id=panel["id"])).fetch_all()
    assert [o["id"] for o in by_code] == [panel["id"]]

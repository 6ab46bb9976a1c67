"""Latency of the FHIR and CDS Hooks doors, end to end through Django (no network), on a throwaway
test database. Not a test: figures for the issue note. Run against PostgreSQL:

    LOG_LEVEL=WARNING DATABASE_URL=postgres://postgres@127.0.0.1:5432/nx_interop SECRET_KEY=bench \
        ALLOWED_HOSTS=testserver uv run python bench/interop_bench.py [--rounds 3]

Figures (milliseconds, median and best over the 26 shared cases and rounds):
- ``parse``: R4B validation and mapping of one case's transaction Bundle (CPU only);
- ``post``: ``POST /fhir/r4/`` storing a new exam with its decision;
- ``replay``: the same Bundle posted again (an idempotent no-op);
- ``export``: ``GET /fhir/r4/Bundle/exam-{id}``;
- ``patient-view`` and ``order-select``: one signed CDS Hooks call each (the spec asks ~500 ms).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from clinic.models import Clinic  # noqa: E402
from clinic.services import api_client_create  # noqa: E402
from interop.fhir.inbound import bundle_parse  # noqa: E402
from tests.interop.bundles import transaction_bundle  # noqa: E402
from tests.interop.cds import (  # noqa: E402
    TestEhr,
    draft_service_request,
    fhir_patient,
    order_select_request,
    patient_view_request,
)

MRI = {"system": "http://loinc.org", "code": "24968-0"}


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    cases = [json.loads(p.read_text())["exam"] for p in sorted((ROOT / "tests" / "cases").glob("*.json"))]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        clinic = Clinic.objects.create(slug="bench", name="Bench")
        _, token = api_client_create(clinic=clinic, name="bench-ehr")
        ehr = TestEhr(clinic)
        http = APIClient()
        http.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        cds = APIClient()
        figures: dict[str, list[float]] = {
            k: [] for k in ("parse", "post", "replay", "export", "patient-view", "order-select")
        }
        for round_number in range(rounds):
            for case in cases:
                document = copy.deepcopy(case)
                document["patient"]["identifier"]["value"] += f"-{round_number}"
                bundle = transaction_bundle(document)
                bundle["entry"][1]["request"]["ifNoneExist"] = f"identifier=urn:bench|{uuid.uuid4()}"
                figures["parse"].append(_timed(lambda b=bundle: bundle_parse(b))[0])
                took, response = _timed(lambda b=bundle: http.post("/fhir/r4/", b, format="json"))
                assert response.status_code == 200, response.content
                figures["post"].append(took)
                location = response.json()["entry"][1]["response"]["location"]
                exam_id = location.split("/")[1].split("-")[0]
                figures["replay"].append(_timed(lambda b=bundle: http.post("/fhir/r4/", b, format="json"))[0])
                figures["export"].append(_timed(lambda e=exam_id: http.get(f"/fhir/r4/Bundle/exam-{e}"))[0])
                patient = fhir_patient(document["patient"]["identifier"])
                view = patient_view_request(patient)
                select = order_select_request(patient, [draft_service_request("d-1", MRI)])
                for name, body in (("patient-view", view), ("order-select", select)):
                    service = f"neuroexam-{name}"
                    took, response = _timed(
                        lambda s=service, b=body: cds.post(
                            f"/cds-services/{s}", b, format="json", **ehr.headers(s)
                        )
                    )
                    assert response.status_code == 200, response.content
                    figures[name].append(took)
        print(f"{len(cases)} cases x {rounds} rounds, database {connection.vendor}")
        for name, values in figures.items():
            print(f"  {name:13s} median {statistics.median(values):7.1f} ms   best {min(values):7.1f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

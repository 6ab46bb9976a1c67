"""Builders for FHIR transaction Bundles and CDS Hooks requests used by the interop scenarios."""

from __future__ import annotations

import uuid
from typing import Any

from interop.fhir.outbound import exam_observations, patient_resource

PATIENT_URL = "urn:uuid:0b7c8f0e-8a55-4d0e-9a8f-5f1f0f3c0001"


def transaction_bundle(document: dict[str, Any], *, bundle_type: str = "transaction") -> dict[str, Any]:
    """An exam document as the transaction an EHR would post: a Patient and its exam Observations."""
    subject = {"reference": PATIENT_URL}
    observations = exam_observations(exam_id=0, document=document, subject=subject)
    patient = patient_resource(patient_id=0, document=document)
    patient.pop("id")
    entries = [
        {
            "fullUrl": PATIENT_URL,
            "resource": patient,
            "request": {
                "method": "POST",
                "url": "Patient",
                "ifNoneExist": "identifier={system}|{value}".format(**document["patient"]["identifier"]),
            },
        }
    ]
    for observation in observations:
        observation.pop("id")
        observation.pop("hasMember", None)
        entries.append(
            {
                "fullUrl": f"urn:uuid:{uuid.uuid4()}",
                "resource": observation,
                "request": {"method": "POST", "url": "Observation"},
            }
        )
    return {"resourceType": "Bundle", "type": bundle_type, "entry": entries}


def entries_of(bundle: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type]

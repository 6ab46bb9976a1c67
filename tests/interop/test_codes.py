"""One table maps FHIR codes to the spec vocabulary: complete both ways, real codes where verified."""

from __future__ import annotations

from collections import Counter

from rest_framework.test import APIClient

from interop.fhir.codes import (
    LOINC,
    NEUROEXAM_SYSTEM,
    SNOMED,
    TERMS,
    VOCABULARIES,
    Kind,
    term,
    term_for_code,
)


def test_every_spec_vocabulary_value_has_exactly_one_code() -> None:
    counts = Counter((t.kind, t.value) for t in TERMS)
    for kind, values in VOCABULARIES.items():
        for value in values:
            assert counts[(kind, value)] == 1, f"{kind} {value!r} has {counts[(kind, value)]} codes"


def test_every_code_and_alias_maps_back_to_a_spec_value() -> None:
    for t in TERMS:
        assert t.value in VOCABULARIES[t.kind], f"{t.system}|{t.code} maps to unknown {t.kind} {t.value!r}"
        for system, code in ((t.system, t.code), *t.aliases):
            assert term_for_code(system, code) is t


def test_no_code_is_used_twice() -> None:
    keys = [(system, code) for t in TERMS for system, code in ((t.system, t.code), *t.aliases)]
    assert len(keys) == len(set(keys))


def test_real_codes_are_the_verified_ones() -> None:
    assert term(Kind.REFLEX, "patellar").coding() == {
        "system": LOINC,
        "code": "32392-3",
        "display": "Deep tendon reflex of Patella",
    }
    assert (term(Kind.STUDY, "mri_lumbar_spine").system, term(Kind.STUDY, "mri_lumbar_spine").code) == (
        LOINC,
        "24968-0",
    )
    assert term(Kind.STUDY, "xray_hip_pelvis").code == "24762-7"
    assert {term(Kind.SIDE, "left").code, term(Kind.SIDE, "right").code} == {"7771000", "24028007"}
    assert term(Kind.SIDE, "left").system == SNOMED
    # Unverified SNOMED codes (straight-leg raise) stay in our own system.
    assert term(Kind.SPECIAL_TEST, "straight_leg_raise").system == NEUROEXAM_SYSTEM
    # The mislabelled code from the reference's warning is not used anywhere.
    assert term_for_code(LOINC, "24531-6") is None


def test_the_code_system_is_published_with_every_local_code(client: APIClient) -> None:
    response = client.get("/fhir/r4/CodeSystem/neuroexam")

    assert response.status_code == 200
    body = response.json()
    assert body["resourceType"] == "CodeSystem"
    assert body["url"] == NEUROEXAM_SYSTEM
    published = {concept["code"] for concept in body["concept"]}
    assert published == {t.code for t in TERMS if t.system == NEUROEXAM_SYSTEM}
    assert body["count"] == len(published)
    from fhir.resources.R4B.codesystem import CodeSystem

    CodeSystem.model_validate(body)


def test_the_capability_statement_is_valid_r4(client: APIClient) -> None:
    from fhir.resources.R4B.capabilitystatement import CapabilityStatement

    body = client.get("/fhir/r4/metadata").json()

    CapabilityStatement.model_validate(body)
    assert body["rest"][0]["interaction"] == [{"code": "transaction"}, {"code": "batch"}]

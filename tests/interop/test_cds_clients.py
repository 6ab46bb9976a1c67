"""Registering an EHR's issuer: public keys only, one clinic per row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.management import CommandError, call_command
from jwt.algorithms import RSAAlgorithm

from clinic.models import Clinic
from interop.admin import CdsClientForm
from interop.models import CdsClient


def _rsa_jwk(private: bool = False) -> dict[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = RSAAlgorithm.to_jwk(key if private else key.public_key(), as_dict=True)
    return {**jwk, "kid": "rs-1"}


def test_the_command_registers_an_rs384_issuer_for_a_clinic(clinic_a: Clinic, tmp_path: Path) -> None:
    jwks_file = tmp_path / "jwks.json"
    jwks_file.write_text(json.dumps({"keys": [_rsa_jwk()]}))

    call_command(
        "create_cds_client",
        "Epic test",
        "--clinic",
        "alpha",
        "--issuer",
        "https://epic.example",
        "--jwks",
        str(jwks_file),
    )

    client = CdsClient.objects.get()
    assert (client.clinic, client.issuer, client.tenant) == (clinic_a, "https://epic.example", "")


def test_a_private_key_is_refused(clinic_a: Clinic) -> None:
    with pytest.raises(CommandError, match="private part"):
        call_command(
            "create_cds_client",
            "Leaky",
            "--clinic",
            "alpha",
            "--issuer",
            "https://x.example",
            "--jwks",
            json.dumps({"keys": [_rsa_jwk(private=True)]}),
        )
    assert not CdsClient.objects.exists()


def test_the_admin_form_refuses_a_shared_secret_key(clinic_a: Clinic) -> None:
    form = CdsClientForm(
        data={
            "clinic": clinic_a.pk,
            "name": "HMAC EHR",
            "issuer": "https://hmac.example",
            "tenant": "",
            "jwks": json.dumps({"keys": [{"kty": "oct", "kid": "s", "k": "c2VjcmV0"}]}),
            "jku": "",
            "is_active": True,
        }
    )

    assert not form.is_valid()
    assert "no shared secrets" in str(form.errors["jwks"])

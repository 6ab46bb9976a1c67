"""Production settings (DEBUG off) pass Django's deployment checks with no warning."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_reports_no_warning() -> None:
    # A clean production environment: nothing a test run put there (e.g. DJANGO_ALLOW_ASYNC_UNSAFE).
    inherited = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "DATABASE_URL", "LANG")}
    env = dict(
        inherited,
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_admin_and_the_api_answer_with_a_content_security_policy(client: Any, ehr_a: Any) -> None:
    admin_page = client.get("/admin/login/")
    api_answer = ehr_a.get("/api/v1/exams/")

    assert "script-src 'self'" in admin_page["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in admin_page["Content-Security-Policy"]
    assert api_answer["Content-Security-Policy"].startswith("default-src 'none'")
    assert admin_page["Referrer-Policy"] == "same-origin"

"""The API's documentation page runs under its content security policy without a violation.

Swagger UI's start-up script is served from the page's URL instead of inline, so the page's
policy allows no inline script (clinic.security.DOCS_POLICY); this proves the page still works.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clinic.models import User
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_every_operation_without_a_csp_violation_or_console_error(
    page: Any, live_server: Any, clinician_a: User, screenshot_dir: Path
) -> None:
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{message.text} {message.location}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    log_in(page, live_server.url, clinician_a)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => console.error('CSP: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )

    response = page.goto(f"{live_server.url}/api/v1/docs/")
    page.locator(".opblock").first.wait_for()

    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.locator(".opblock").count() >= 10
    page.screenshot(path=str(screenshot_dir / "api-docs.png"), full_page=False)
    # The browser's own probe of /favicon.ico (the page names its icon elsewhere) is not the page's.
    assert [p for p in problems if "/favicon.ico" not in p] == []

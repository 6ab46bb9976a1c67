"""Headless Chromium (Debian's ``chromium``) driven by Playwright against pytest-django's live server.

Under CI=true a missing Chromium fails the browser tests instead of skipping them. Screenshots
go to ``test-artifacts/`` (git-ignored; CI keeps the folder).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clinic.models import Clinic, User
from tests.admin.conftest import PASSWORD, member
from tests.conftest import IN_CI

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module; Django's async-safety check is relaxed only meanwhile.

    Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    between page actions are still synchronous and safe. The relaxation must not outlive the
    browser: ``check --deploy`` in other tests rightly warns about it.
    """
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def log_in(page: Any, base_url: str, user: User) -> None:
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # A clinic member lands on the worklist, a superuser on the admin index.
    page.wait_for_url(lambda url: url.startswith(f"{base_url}/admin/") and "/login/" not in url)


@pytest.fixture
def clinician_a(clinic_a: Clinic) -> User:
    return member(clinic_a, "dr-alpha")


@pytest.fixture
def clinician_b(clinic_b: Clinic) -> User:
    return member(clinic_b, "dr-bravo")


# Every CSP violation is collected in the page itself too (the console message alone names
# only the directive), so a test can say which element broke the policy.
_CSP_LISTENER = """
window.__nxViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__nxViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' +
    (e.sample || '') + ' at ' + (e.sourceFile || '') + ':' + (e.lineNumber || ''));
});
"""


class PageProblems:
    """What a clinician would never see but a broken page shows: console errors, uncaught
    exceptions, CSP violations, failed requests and error answers to the page's own requests."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.problems: list[str] = []
        self.expected_status: dict[str, int] = {}
        page.add_init_script(_CSP_LISTENER)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed request: {r.url} {r.failure}"))
        page.on("response", self._response)

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning") and not self._expected(message.text):
            self.problems.append(f"console {message.type}: {message.text}")

    def _expected(self, text: str) -> bool:
        # The browser logs an expected error answer (a 404 the test asked for) as a console error.
        return any(str(status) in text for status in self.expected_status.values())

    def _response(self, response: Any) -> None:
        if response.status >= 400 and self.expected_status.get(response.url) != response.status:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def check(self) -> None:
        """Fail with every problem seen so far on this page, including CSP violations."""
        violations = self.page.evaluate("() => window.__nxViolations || []")
        problems = self.problems + [f"CSP violation: {v}" for v in violations]
        self.problems = []
        assert problems == [], f"{self.page.url}:\n" + "\n".join(problems)


@pytest.fixture
def watched(page: Any, live_server: Any) -> PageProblems:
    return PageProblems(page, live_server.url)

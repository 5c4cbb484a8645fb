"""A real headless Chromium for the browser tests (Debian's chromium, driven by Playwright)."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (CI installs it and never skips)",
)


@pytest.fixture
def chromium(monkeypatch) -> Iterator:
    """A launched browser; each test opens its own pages (and contexts) on it."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
        yield browser
        browser.close()


def console_errors_of(page) -> list[str]:
    """The console errors the page will log (a CSP violation is one), gathered as it runs."""
    errors: list[str] = []

    def record(message) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", record)
    return errors

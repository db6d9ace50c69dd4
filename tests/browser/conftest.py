"""Chromium, driven by Playwright, for the browser tests: how it is launched, the window sizes,
and where the screenshots go."""

import os
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.conftest import ROOT

# dev.py test sets CHROMIUM to the one it found or installed.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Headless as root, and quiet: without the networking flags Chromium keeps calling Google's
# services, which the closed network answers slowly or not at all.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
OUTPUT = ROOT / "test-output"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Playwright's default is 30 s; a page of the sample that takes more than this is a failure.
TIMEOUT_MS = 10_000


@pytest.fixture
def launch_chromium(monkeypatch):
    """Launch Chromium from the test itself, so that a missing one FAILS the test (not a setup error)."""
    # Playwright's sync API keeps an event loop in this thread; database code that runs after it
    # started (the transactional teardown) must not be refused by Django's async-unsafe check.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    stack = ExitStack()

    def launch():
        if not Path(CHROMIUM).is_file():
            pytest.fail(
                f"Chromium not found at {CHROMIUM}: run the tests with `python3 dev.py test`, which "
                "finds or installs one (Debian's chromium, or `playwright install chromium`), or set "
                "CHROMIUM to a Chromium executable."
            )
        from playwright.sync_api import sync_playwright

        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        return browser

    with stack:
        yield launch


def watch(page, errors: list[str]) -> None:
    """Collect script errors, console errors and failed requests of a page.

    Chromium reports some failed loads (the favicon) on the console only, without their URL.
    """
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    page.on("console", lambda message: message.type == "error" and errors.append(f"console: {message.text}"))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url} {request.failure}"))
    page.on(
        "response",
        lambda response: response.status >= 400 and errors.append(f"{response.status}: {response.url}"),
    )

"""Playwright fixtures for browser tests (real Debian Chromium, headless).

Registered as a pytest plugin in the root conftest. Never `playwright install`:
it downloads a browser, and the machine's /usr/bin/chromium is the one we test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in this thread; Django's ORM (used by
# fixtures and live_server setup in the same thread) would refuse to run next to it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A page in a fresh context: no cookies or storage shared between tests."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def htmx_settled(page) -> None:
    """Wait until htmx has settled what it swapped in. It wires new content (a card's
    "Move to…" form posting on change) in its settle step, ~20 ms after the content shows:
    a person never acts inside that window, Playwright may, and the action is then lost."""
    from playwright.sync_api import expect

    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)

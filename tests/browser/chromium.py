"""Debian's Chromium for the browser tests: where it is, how it starts, and a skip when it cannot."""
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The network is closed: without these Chromium keeps trying to reach Google.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

VIEWPORT = {"width": 1280, "height": 1000}


def sync_playwright_or_skip():
    """Playwright's sync_playwright, or a skip that says what is missing (Chromium or Playwright)."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium is not installed at {CHROMIUM}: the browser tests need Debian's "
            "chromium package (bash .ci/browser-deps.sh installs it)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed: pip install playwright")
    return sync_playwright


def persistent_context(playwright, profile):
    """Headless Chromium with a new, empty profile in the folder `profile`; 30 s timeouts."""
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, viewport=VIEWPORT,
    )
    context.set_default_timeout(30_000)
    return context

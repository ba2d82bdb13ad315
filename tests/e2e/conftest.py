"""Browser journeys: one Chromium (Debian's, never a downloaded one) per test session.

Every page a test visits goes through `Tour.check()`, which runs axe-core (WCAG 2.1 A/AA),
and records what the page did meanwhile: console errors (Content-Security-Policy violations
among them) and every request, which must go to the live server and nowhere else.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, sync_playwright

from .browsing import CHROMIUM, CHROMIUM_ARGS, SMALL_SCREEN, TIMEOUT_MS, Tour


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; a missing browser is a failure, never a skip."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); "
            "it is missing or not executable. Browsers are never downloaded for these tests.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def demo_world(transactional_db, settings) -> Iterator[dict[str, int]]:
    """The world of the Stammtisch minutes, committed so the live server's thread sees it.

    The browser sees the platform as visitors do, with the anonymous page cache on."""
    from django.core.cache import cache

    from wandelnetz.demo.world import load_demo_world

    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield load_demo_world()
    cache.clear()


def _tour(browser: Browser, live_server, axe: Axe, **context_options) -> Iterator[Tour]:
    small_screen = context_options.pop("small_screen", False)
    if small_screen:
        context_options["viewport"] = SMALL_SCREEN
    context = browser.new_context(locale="de-DE", **context_options)
    try:
        yield Tour(context.new_page(), live_server.url, axe, small_screen=small_screen)
    finally:
        context.close()


@pytest.fixture
def tour(browser, live_server, axe, demo_world) -> Iterator[Tour]:
    """A desktop-sized visitor with JavaScript, on the demo world."""
    yield from _tour(browser, live_server, axe)


@pytest.fixture
def small_tour(browser, live_server, axe, demo_world) -> Iterator[Tour]:
    """A 360 px wide phone screen: no page may scroll sideways."""
    yield from _tour(browser, live_server, axe, small_screen=True)


@pytest.fixture
def no_js_tour(browser, live_server, axe, demo_world) -> Iterator[Tour]:
    """A visitor whose browser runs no JavaScript of the site (axe runs in a twin page)."""
    axe_context = browser.new_context(locale="de-DE")
    try:
        for tour in _tour(browser, live_server, axe, java_script_enabled=False):
            tour.axe_page = axe_context.new_page()
            tour.axe_page.set_default_timeout(TIMEOUT_MS)
            yield tour
    finally:
        axe_context.close()

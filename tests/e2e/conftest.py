"""Browser journeys: one Chromium (Debian's, never a downloaded one) per test session.

Every page a test visits goes through `Tour.check()`, which runs axe-core (WCAG 2.1 A/AA),
and records what the page did meanwhile: console errors (Content-Security-Policy violations
among them) and every request, which must go to the live server and nowhere else.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Anything that tries to leave the loopback interface through the browser dies here.
    "--proxy-server=http://127.0.0.1:9",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
SMALL_SCREEN = {"width": 360, "height": 740}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's Chromium, headless; a missing browser is a failure, never a skip."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); "
            "it is missing or not executable. Browsers are never downloaded for these tests.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def demo_world(transactional_db) -> dict[str, int]:
    """The world of the Stammtisch minutes, committed so the live server's thread sees it."""
    from wandelnetz.demo.world import load_demo_world

    return load_demo_world()


@dataclass
class Tour:
    """A browser page walking the live site, checking every page it reaches."""

    page: object
    base_url: str
    axe: object
    small_screen: bool = False
    run_axe: bool = True
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.host = urlsplit(self.base_url).netloc
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.on("console", self._on_console)
        self.page.on("request", self._on_request)
        self.page.on("pageerror", lambda error: self.page_errors.append(f"{self.page.url}: {error}"))

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{self.page.url}: {message.text}")

    def _on_request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme == "data":
            return  # inline, no network
        if parts.scheme not in ("http", "https") or parts.netloc != self.host:
            self.foreign_requests.append(f"{self.page.url} → {request.url}")

    # --- navigation -------------------------------------------------------------------

    def goto(self, path: str, *, expect_status: int = 200) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None, f"no response for {path}"
        assert response.status == expect_status, f"{path}: HTTP {response.status}, expected {expect_status}"
        self.check()

    def click_and_check(self, locator) -> None:
        """Follow a link or submit a form by clicking, then check the page that loaded."""
        with self.page.expect_navigation():
            locator.click()
        self.check()

    # --- checks on every page -----------------------------------------------------------

    def check(self) -> None:
        page = self.page
        page.wait_for_load_state("load")
        self.visited.append(page.url)
        assert page.locator("html").get_attribute("lang"), f"{page.url}: <html> has no lang"
        if self.small_screen:
            widths = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert widths[0] <= SMALL_SCREEN["width"], (
                f"{page.url}: scrolls horizontally at {SMALL_SCREEN['width']} px "
                f"(scrollWidth {widths[0]}, clientWidth {widths[1]}); widest elements: "
                f"{self.widest_elements()}"
            )
        if self.run_axe:
            self.assert_accessible()

    def widest_elements(self) -> list[str]:
        return self.page.evaluate(
            """() => {
                const limit = document.documentElement.clientWidth;
                return [...document.querySelectorAll('body *')]
                  .filter(el => el.getBoundingClientRect().right > limit + 0.5)
                  .slice(0, 8)
                  .map(el => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
                    + `${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : ''}`
                    + ` right=${Math.round(el.getBoundingClientRect().right)}`);
            }"""
        )

    def assert_accessible(self) -> None:
        results = self.axe.run(self.page, options=AXE_OPTIONS)
        if results.violations_count:
            pytest.fail(
                f"axe-core (WCAG 2.1 A/AA) found violations on {self.page.url}:\n"
                + results.generate_report(),
                pytrace=False,
            )

    def assert_clean(self) -> None:
        """No console error, CSP violation, script error or request to another host so far."""
        problems = []
        if self.console_errors:
            problems.append("console errors:\n  " + "\n  ".join(self.console_errors))
        if self.page_errors:
            problems.append("uncaught script errors:\n  " + "\n  ".join(self.page_errors))
        if self.foreign_requests:
            problems.append(
                f"requests to hosts other than {self.host}:\n  " + "\n  ".join(self.foreign_requests)
            )
        assert not problems, "\n".join(problems)

    # --- reading pages ----------------------------------------------------------------

    def json_ld(self) -> list[dict]:
        blocks = self.page.locator('script[type="application/ld+json"]').all_text_contents()
        parsed = []
        for text in blocks:
            try:
                parsed.append(json.loads(text))
            except json.JSONDecodeError as error:  # pragma: no cover - the failure message
                pytest.fail(f"{self.page.url}: invalid JSON-LD ({error}):\n{text}", pytrace=False)
        return parsed

    def lang(self) -> str | None:
        return self.page.locator("html").get_attribute("lang")


def _tour(browser, live_server, axe, **context_options) -> Iterator[Tour]:
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
    """A visitor whose browser runs no JavaScript of the site."""
    yield from _tour(browser, live_server, axe, java_script_enabled=False)

"""What the browser tests share: the browser's settings, the checking visitor, page helpers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, Request, Response, ViewportSize

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
SMALL_SCREEN: ViewportSize = {"width": 360, "height": 740}
TIMEOUT_MS = 10_000

AKSLL = "Aktionskreis Strukturwandel Leipziger Land"
ALLIANCE_PREFIX = "StrukturWandeln – "
PLACE = "Ökokirche Deutzen"


@dataclass
class Tour:
    """A browser page walking the live site, checking every page it reaches."""

    page: Page
    base_url: str
    axe: Axe
    small_screen: bool = False
    run_axe: bool = True
    # With JavaScript off axe cannot run in the page itself (its promises never settle), so
    # a twin page with JavaScript opens the same address for axe; the site has no scripts
    # that would change the document, so both see the same page.
    axe_page: Page | None = None
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    expected_error_urls: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.host = urlsplit(self.base_url).netloc
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.on("console", self._on_console)
        self.page.on("request", self._on_request)
        self.page.on("pageerror", lambda error: self.page_errors.append(f"{self.page.url}: {error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if (
            message.text.startswith("Failed to load resource")
            and message.location.get("url") in self.expected_error_urls
        ):
            return  # a page the test asked for knowing it answers with an error status
        self.console_errors.append(f"{self.page.url}: {message.text}")

    def _on_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme == "data":
            return  # inline, no network
        if parts.scheme not in ("http", "https") or parts.netloc != self.host:
            self.foreign_requests.append(f"{self.page.url} → {request.url}")

    # --- navigation -------------------------------------------------------------------

    def goto(self, path: str, *, expect_status: int = 200) -> None:
        if expect_status >= 400:
            self.expected_error_urls.add(self.base_url + path)
        response = self.page.goto(self.base_url + path)
        assert response is not None, f"no response for {path}"
        assert response.status == expect_status, f"{path}: HTTP {response.status}, expected {expect_status}"
        self.check()

    def click_and_check(self, locator: Locator) -> Response | None:
        """Follow a link or submit a form by clicking, check the page; returns its response."""
        with self.page.expect_navigation() as navigation:
            locator.click()
        self.check()
        return navigation.value

    # --- checks on every page -----------------------------------------------------------

    def check(self) -> None:
        page = self.page
        page.wait_for_load_state("load")
        self.visited.append(page.url)
        assert page.locator("html").get_attribute("lang"), f"{page.url}: <html> has no lang"
        if self.small_screen:
            widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert widths[0] <= SMALL_SCREEN["width"], (
                f"{page.url}: scrolls horizontally at {SMALL_SCREEN['width']} px "
                f"(scrollWidth {widths[0]}, clientWidth {widths[1]}); widest elements: "
                f"{self.widest_elements()}"
            )
        if self.run_axe:
            self.assert_accessible()

    def widest_elements(self) -> list[str]:
        """Elements reaching past the right edge, or whose content (text) overflows them."""
        return self.page.evaluate(
            """() => {
                const limit = document.documentElement.clientWidth;
                const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                  + (typeof el.className === 'string' && el.className
                     ? '.' + el.className.trim().replace(/\\s+/g, '.') : '');
                return [...document.querySelectorAll('body *')]
                  .filter(el => el.getBoundingClientRect().right > limit + 0.5
                    || el.scrollWidth > el.clientWidth + 1
                       && getComputedStyle(el).overflowX === 'visible')
                  .slice(0, 8)
                  .map(el => `${name(el)} (right ${Math.round(el.getBoundingClientRect().right)},`
                    + ` content ${el.scrollWidth} in ${el.clientWidth}):`
                    + ` ${(el.textContent || '').trim().slice(0, 60)}`);
            }"""
        )

    def assert_accessible(self) -> None:
        target = self.page
        if self.axe_page is not None:
            target = self.axe_page
            target.goto(self.page.url)
        results = self.axe.run(target, options=AXE_OPTIONS)
        if results.violations_count:
            pytest.fail(
                f"axe-core (WCAG 2.1 A/AA) found violations on {self.page.url}:\n" + results.generate_report(),
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
            problems.append(f"requests to hosts other than {self.host}:\n  " + "\n  ".join(self.foreign_requests))
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


def journey_paths() -> list[tuple[str, str]]:
    """(label, path) of every page journey 1 passes through, plus the pages the header links."""
    from django.urls import reverse

    actor_list = reverse("actors:actor_list")
    return [
        ("home", reverse("home")),
        ("actor list", actor_list),
        ("filtered actor list", f"{actor_list}?topic=mobilitaet&region=landkreis-leipzig&kind="),
        ("actor", reverse("actors:actor_detail", args=["aksll"])),
        ("alliance", reverse("actors:actor_detail", args=["strukturwandeln"])),
        ("topic list", reverse("topics:topic_list")),
        ("topic", reverse("topics:topic_detail", args=["mobilitaet"])),
        ("region list", reverse("topics:region_list")),
        ("region", reverse("topics:region_detail", args=["landkreis-leipzig"])),
        ("place list", reverse("places:place_list")),
        ("place", reverse("places:place_detail", args=["oekokirche-deutzen"])),
        ("search", reverse("search") + "?q=Vereine"),
        ("about", reverse("about")),
    ]


def select_by_text(select: Locator, text: str) -> str:
    """Choose the option showing `text` (tree options carry a "— " indent); returns its value."""
    options = select.locator("option")
    for i in range(options.count()):
        option = options.nth(i)
        if option.inner_text().strip().lstrip("—").strip() == text:
            value = option.get_attribute("value") or ""
            select.select_option(value=value)
            return value
    raise AssertionError(f"no option {text!r} in {select}: {options.all_inner_texts()}")


def filter_form(page: Page) -> Locator:
    return page.locator("form").filter(has=page.locator("#id_topic"))


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def result_names(page: Page) -> list[str]:
    return [name.strip() for name in page.locator("ul.cards > li.card h3 a").all_inner_texts()]


# --- Helpers of the transparency journeys (bodies, follow-ups, minutes) ---------------------------


@contextmanager
def open_tour(browser: Browser, base_url: str, axe: Axe, **context_options: Any) -> Iterator[Tour]:
    """Another visitor in a browser context of their own (no cookies shared with anyone else);
    `small_screen=True` gives a 360 px phone screen."""
    small_screen = context_options.pop("small_screen", False)
    if small_screen:
        context_options["viewport"] = SMALL_SCREEN
    context = browser.new_context(locale="de-DE", **context_options)
    try:
        yield Tour(context.new_page(), base_url, axe, small_screen=small_screen)
    finally:
        context.close()


def sign_in_with(tour: Tour, email: str, password: str) -> None:
    """Sign in through the login form; the page then offers to sign out."""
    from django.urls import reverse

    tour.goto(reverse("account_login"))
    page = tour.page
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    tour.click_and_check(page.locator('main button[type="submit"]'))
    assert page.locator(f'a[href="{reverse("account_logout")}"]').count() == 1, page.url


def option_values(select: Locator) -> list[str]:
    """The values of a <select>'s options, in order."""
    return [value or "" for value in select.locator("option").evaluate_all("els => els.map(el => el.value)")]

"""What every page of journey 1 must be: usable on a phone, working without JavaScript,
kept to its Content-Security-Policy, and served from the platform alone (no CDN)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from .browsing import (
    AKSLL,
    AXE_OPTIONS,
    SMALL_SCREEN,
    filter_form,
    journey_paths,
    result_names,
    select_by_text,
)

pytestmark = pytest.mark.e2e


def test_no_page_scrolls_sideways_on_a_small_screen(small_tour):
    """At 360 px every page fits the width (WCAG 1.4.10 Reflow), and passes axe there too."""
    assert small_tour.page.viewport_size["width"] == SMALL_SCREEN["width"]
    for _label, path in journey_paths():
        small_tour.goto(path)  # checks scrollWidth <= 360 and runs axe
    # The phone layout keeps the filters usable: filter by the form at this width too.
    small_tour.goto(reverse("actors:actor_list"))
    page = small_tour.page
    form = filter_form(page)
    select_by_text(form.locator("#id_topic"), "Mobilität")
    small_tour.click_and_check(form.locator('button[type="submit"]'))
    assert AKSLL in result_names(page)
    small_tour.assert_clean()


def test_filter_form_works_without_javascript(no_js_tour):
    tour, page = no_js_tour, no_js_tour.page
    tour.goto(reverse("actors:actor_list"))
    form = filter_form(page)
    topic = select_by_text(form.locator("#id_topic"), "Mobilität")
    region = select_by_text(form.locator("#id_region"), "Landkreis Leipzig")
    tour.click_and_check(form.locator('button[type="submit"]'))
    query = parse_qs(urlsplit(page.url).query)
    assert query.get("topic") == [topic] and query.get("region") == [region], page.url
    names = result_names(page)
    assert AKSLL in names and "Bürgerregion Lausitz" not in names, names

    # The actor page and the header search need no script either.
    tour.click_and_check(page.locator("ul.cards").get_by_role("link", name=AKSLL, exact=True))
    assert "jeden 2. Montag im Monat" in page.locator("main").inner_text()
    search = page.locator("header form[role=search]")
    search.locator('input[name="q"]').fill("Vereine")
    tour.click_and_check(search.locator('button[type="submit"]'))
    assert page.locator("main ol.hits mark").count() >= 1
    tour.assert_clean()


def assert_strict_policy(label: str, header: str | None) -> None:
    assert header, f"{label}: no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts, f"{label}: the policy does not restrict scripts: {header!r}"
    for source in scripts:
        # 'self' and a per-response nonce (sent only when the page uses one), nothing else.
        assert source == "'self'" or source.startswith("'nonce-"), f"{label}: {header!r}"
    for name, values in directives.items():
        for weak in ("'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"):
            assert weak not in values, f"{label}: {name} allows {weak}: {header!r}"
    assert directives.get("object-src") == ["'none'"], f"{label}: {header!r}"


def test_pages_keep_to_their_csp_and_load_nothing_from_elsewhere(tour):
    """No CSP violation in the console, a strict policy on every page, no request off-site.

    axe is not run here, so nothing injected by the test can cause or hide a violation.
    """
    tour.run_axe = False
    page = tour.page
    for label, path in journey_paths():
        response = page.goto(tour.base_url + path)
        assert response is not None and response.status == 200, f"{label}: {response and response.status}"
        tour.check()
        assert_strict_policy(label, response.header_value("content-security-policy"))
    # The language switch is a link to the other language, and comes back.
    tour.click_and_check(page.locator('header a[hreflang="en"]'))
    assert tour.lang() == "en"

    csp_reports = [e for e in tour.console_errors if "Content Security Policy" in e]
    assert not csp_reports, "CSP violations:\n" + "\n".join(csp_reports)
    tour.assert_clean()
    assert len(tour.visited) == len(journey_paths()) + 1


def test_the_checks_themselves_see_problems(tour):
    """Controls: the CSP listener, the request watch and axe do report what they should."""
    page = tour.page
    tour.goto(reverse("home"))

    # An inline script is refused by the policy, and the refusal reaches the console.
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            """() => { const s = document.createElement('script');
                       s.textContent = 'window.__inline_ran = true;';
                       document.body.appendChild(s); }"""
        )
    assert page.evaluate("() => window.__inline_ran === true") is False
    assert any("Content Security Policy" in e for e in tour.console_errors), tour.console_errors

    # axe runs the colour-contrast rule on real pages (it is among the WCAG AA rules).
    results = tour.axe.run(page, options={**AXE_OPTIONS, "resultTypes": ["passes", "violations"]})
    checked = {r["id"] for r in results.response["passes"] + results.response["violations"]}
    assert {"color-contrast", "html-has-lang", "document-title"} <= checked, sorted(checked)

    # On a page without policy: a foreign request is noticed, axe finds a missing alt text.
    with page.expect_request(lambda r: "192.0.2.1" in r.url):
        page.set_content(
            "<!DOCTYPE html><html><head><title>x</title></head><body><main>"
            '<img src="http://192.0.2.1/pixel.png"></main></body></html>'
        )
    assert any("192.0.2.1" in r for r in tour.foreign_requests), tour.foreign_requests
    results = tour.axe.run(page, options=AXE_OPTIONS)
    assert {v["id"] for v in results.response["violations"]} >= {"image-alt", "html-has-lang"}

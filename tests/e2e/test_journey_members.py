"""Signed-in journeys in a real browser: sign in, propose an actor (fixing a form error first),
a moderator approves it, its editor edits it and reads its history; axe-core on every page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wandelnetz.demo.world import DEMO_EDITOR_EMAIL, DEMO_MODERATOR_EMAIL, DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def sign_in(tour, email: str) -> None:
    tour.goto(reverse("account_login"))
    page = tour.page
    page.fill("#id_login", email)
    page.fill("#id_password", DEMO_PASSWORD)
    tour.click_and_check(page.locator('main button[type="submit"]'))
    assert page.locator(f'a[href="{reverse("account_logout")}"]').count() == 1, page.url


def sign_out(tour) -> None:
    tour.goto(reverse("account_logout"))
    tour.click_and_check(tour.page.locator('main button[type="submit"]'))


def test_propose_approve_edit(tour):
    page = tour.page
    sign_in(tour, DEMO_EDITOR_EMAIL)

    # Propose, first with a broken website: the error summary names the field and links to it.
    tour.goto(reverse("actors:actor_create"))
    page.fill("#id_name", "Jugendforum Zeitz")
    page.select_option("#id_kind", "initiative")
    page.fill("#id_website", "keine adresse")
    tour.expected_error_urls.add(tour.base_url + reverse("actors:actor_create"))  # the form answers 400
    tour.click_and_check(page.locator('main button[type="submit"]'))
    summary = page.locator(".error-summary")
    assert summary.count() == 1
    assert summary.locator('a[href="#id_website"]').count() == 1
    # Focus starts on the summary (autofocus, no script), so a screen reader reads it out first.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#id_name").input_value() == "Jugendforum Zeitz"  # nothing typed is lost
    page.fill("#id_website", "https://jugendforum-zeitz.example.org")
    page.get_by_label("Jugendbeteiligung").check()
    tour.click_and_check(page.locator('main button[type="submit"]'))
    assert page.locator("h1").inner_text().startswith("Jugendforum Zeitz")
    assert page.locator(".notice").count() == 1  # waiting for moderation
    actor_path = reverse("actors:actor_detail", args=["jugendforum-zeitz"])

    # The editor's own pages.
    tour.goto(reverse("actors:my_actors"))
    assert page.get_by_role("link", name="Jugendforum Zeitz").count() == 1
    sign_out(tour)

    # Not public yet.
    tour.goto(actor_path, expect_status=404)

    # A moderator approves it.
    sign_in(tour, DEMO_MODERATOR_EMAIL)
    tour.goto(reverse("actors:moderation_queue"))
    card = page.locator(".card", has_text="Jugendforum Zeitz")
    tour.click_and_check(card.locator('button[value="approve"]'))
    assert page.locator(".card", has_text="Jugendforum Zeitz").count() == 0
    sign_out(tour)

    # Public now; its editor edits it and reads the history.
    tour.goto(actor_path)
    sign_in(tour, DEMO_EDITOR_EMAIL)
    tour.goto(reverse("actors:actor_edit", args=["jugendforum-zeitz"]))
    page.fill("#id_meeting_rhythm", "jeden 1. Mittwoch im Monat")
    tour.click_and_check(page.locator('main button[type="submit"]'))
    assert "jeden 1. Mittwoch im Monat" in page.locator("main").inner_text()
    tour.goto(reverse("actors:actor_history", args=["jugendforum-zeitz"]))
    assert "Treffrhythmus" in page.locator("main").inner_text()
    tour.goto(reverse("actors:actor_editors", args=["jugendforum-zeitz"]))
    assert "Demo-Redaktion AkSLL (Sie)" in page.locator("main").inner_text()
    tour.assert_clean()


def test_sign_up_and_password_reset_pages_are_accessible(tour):
    page = tour.page
    tour.goto(reverse("account_signup"))
    page.fill("#id_email", "neu@example.org")
    page.fill("#id_password1", "kurz")
    page.fill("#id_password2", "anders")
    tour.expected_error_urls.add(tour.base_url + reverse("account_signup"))  # a refused form answers 400
    response = tour.click_and_check(page.locator('main button[type="submit"]'))
    assert response is not None and response.status == 400
    assert page.locator(".error-summary").count() == 1
    # The summary comes before allauth's autofocused email field, so the summary wins.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    tour.goto(reverse("account_reset_password"))
    tour.assert_clean()


def test_own_data_page_and_deleting_the_account(tour):
    """From the header to "Meine Daten"; a wrong password is named in the error summary; the right
    one deletes the account and signs out."""
    page = tour.page
    sign_in(tour, DEMO_EDITOR_EMAIL)
    tour.click_and_check(page.get_by_role("link", name="Meine Daten"))
    assert page.locator("h1").inner_text() == "Ihr Konto und Ihre Daten"
    assert page.get_by_role("button", name="Meine Daten herunterladen").count() == 1

    erase = reverse("accounts:account_erase")
    tour.expected_error_urls.add(tour.base_url + erase)  # the form answers 400
    page.get_by_label("Ihr aktuelles Passwort").fill("falsch-geraten")
    tour.click_and_check(page.get_by_role("button", name="Mein Konto endgültig löschen"))
    summary = page.locator(".error-summary")
    assert summary.locator('a[href="#id_password"]').inner_text().endswith("Das ist nicht Ihr aktuelles Passwort.")

    page.get_by_label("Ihr aktuelles Passwort").fill(DEMO_PASSWORD)
    tour.click_and_check(page.get_by_role("button", name="Mein Konto endgültig löschen"))
    assert page.url == tour.base_url + reverse("home")
    assert "Ihr Konto wurde gelöscht." in page.locator(".messages").inner_text()
    assert page.locator(f'a[href="{reverse("account_login")}"]').count() == 1
    tour.assert_clean()


def test_ending_and_deleting_a_relation_in_the_browser(tour):
    """An editor opens "Beziehung beenden" under a relation of their actor; a date the form refuses
    comes back on its own page with an error summary; the relation ends and stays as former. A
    moderator's "Löschen" asks first. axe-core on every page."""
    from wandelnetz.actors.models import Relation

    page = tour.page
    aksll = reverse("actors:actor_detail", args=["aksll"])
    sign_in(tour, DEMO_EDITOR_EMAIL)
    tour.goto(aksll)
    end = page.locator("main details.relation-end").first
    end.locator("summary").click()
    tour.check()  # axe with the form open
    form = end.locator("form")
    relation = Relation.objects.get(pk=form.get_attribute("action").split("/")[-3])
    # Past the browser's own check (an old phone may not have one): no date is a 400 with a message.
    form.locator('input[name="end_date"]').evaluate("el => { el.required = false; el.value = ''; }")
    tour.expected_error_urls.add(tour.base_url + reverse("actors:relation_end", args=[relation.pk]))
    response = tour.click_and_check(form.locator('button[type="submit"]'))
    assert response is not None and response.status == 400
    assert page.locator("main .error-summary").count() == 1
    relation.refresh_from_db()
    assert relation.end_date is None
    from django.utils import timezone

    page.locator('main input[name="end_date"]').fill(timezone.localdate().isoformat())
    tour.click_and_check(page.locator('main form button[type="submit"]'))
    relation.refresh_from_db()
    assert relation.end_date is not None and relation.has_ended
    assert "ehemals" in page.locator("main").inner_text()
    sign_out(tour)

    sign_in(tour, DEMO_MODERATOR_EMAIL)
    tour.goto(aksll)
    before = Relation.objects.count()
    tour.click_and_check(page.locator("main form.inline button.secondary").first)  # "Löschen" asks first
    assert urlsplit_path(page.url).startswith("/akteure/beziehungen/")
    assert Relation.objects.count() == before
    tour.click_and_check(page.locator('main form button[type="submit"]'))
    assert Relation.objects.count() == before - 1
    tour.assert_clean()


def urlsplit_path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path

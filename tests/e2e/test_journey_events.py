"""Events in a real browser: journey 3's calendar and registration half, the calendar part of
journey 1; axe-core (WCAG 2.1 A/AA) on every page.

A visitor without JavaScript finds the AkSLL's monthly meeting ("Uhrzeit folgt") in the list,
filters, opens the month, week, date and event pages, the archive, a series; the .ics answers
as a calendar. The AkSLL's editor creates a monthly meeting with registration (one place, a
question), cancels a later date; two people register without an account (double opt-in by
mail), the first cancels by the link in the mail, the second moves up from the waitlist; the
editor downloads the participants' list.

Navigation goes by link targets, form field names and data, not by interface words. The words
the design names ("Uhrzeit folgt", "jeden 2. Montag im Monat, 19:00–21:00 Uhr") are checked as
written; other interface sentences are read from the German catalogue the live server uses
(`german()`), so rewording a message does not break the journey. A third test walks the event
pages on a phone-sized screen.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from wandelnetz.demo.world import DEMO_EDITOR_EMAIL, DEMO_PASSWORD

from .browsing import PLACE, Tour, query_of, select_by_text

pytestmark = pytest.mark.e2e

MONTHLY_MEETING = "Monatliches Treffen des AkSLL"
MONTHLY_MEETING_SLUG = "aksll-monatstreffen"
STAMMTISCH_2021 = "Strukturwandel-Stammtisch: Zivilgesellschaftliche Netzwerke"
STAMMTISCH_SERIES = "Strukturwandel-Stammtisch"
QUESTION = "Brauchst du einen barrierefreien Zugang?"
NEW_MEETING = "Offenes Treffen in Deutzen"
GERMAN_WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]


def german(text: str, **params: object) -> str:
    """An interface text as the German pages show it (the English msgid where untranslated)."""
    with translation.override("de"):
        translated = gettext(text)
    return translated % params if params else translated


def dates_in_list(page) -> list[str]:
    """The event titles of a list of dates, in order."""
    return [title.strip() for title in page.locator("main ol.event-dates > li h3 a").all_inner_texts()]


def sign_in(tour: Tour, email: str) -> None:
    tour.goto(reverse("account_login"))
    page = tour.page
    page.fill("#id_login", email)
    page.fill("#id_password", DEMO_PASSWORD)
    tour.click_and_check(page.locator('main button[type="submit"]'))
    assert page.locator(f'a[href="{reverse("account_logout")}"]').count() == 1, page.url


@contextmanager
def another_visitor(browser, live_server, axe) -> Iterator[Tour]:
    """A visitor in a browser of their own (no cookies shared with anyone else)."""
    context = browser.new_context(locale="de-DE")
    try:
        yield Tour(context.new_page(), live_server.url, axe)
    finally:
        context.close()


def mails_to(address: str, count: int = 1) -> list[mail.EmailMessage]:
    """The mails sent to `address` so far, waiting briefly for `count` of them (the tasks run
    in the live server's thread once its transaction commits)."""
    deadline = time.monotonic() + 5
    while True:
        found = [message for message in mail.outbox if address in message.to]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def link_in(message: mail.EmailMessage, base_url: str, pattern: str) -> str:
    """The path of the link in a mail's text whose path matches `pattern`."""
    for url in re.findall(r"https?://\S+", message.body):
        path = urlsplit(url).path
        if re.fullmatch(pattern, path):
            assert url.startswith(base_url), f"{url} does not point to the platform ({base_url})"
            return path
    raise AssertionError(f"no link matching {pattern} in the mail {message.subject!r}:\n{message.body}")


CONFIRM_PATH = r"/veranstaltungen/anmeldung/[^/]+/bestaetigen/"
CANCEL_PATH = r"/veranstaltungen/anmeldung/[^/]+/absagen/"


def calendar_parts(message: mail.EmailMessage) -> list[str]:
    """The text/calendar parts of a mail, decoded."""
    return [
        part.get_payload(decode=True).decode()
        for part in message.message().walk()
        if part.get_content_type() == "text/calendar"
    ]


# --- 1. A visitor without JavaScript ------------------------------------------------------------


def test_visitor_finds_meetings_without_javascript(no_js_tour):
    tour, page = no_js_tour, no_js_tour.page
    to_be_announced = "Uhrzeit folgt"

    # Upcoming events: the AkSLL's monthly meeting, whose time the minutes do not give.
    tour.goto(reverse("events:event_list"))
    assert tour.lang() == "de"
    assert page.locator("h1").count() == 1
    assert MONTHLY_MEETING in dates_in_list(page)
    meeting_date = page.locator("main ol.event-dates > li", has=page.get_by_role("link", name=MONTHLY_MEETING)).first
    assert to_be_announced in meeting_date.locator(".when").inner_text()
    assert "wechselnde Begegnungsorte im Landkreis Leipzig" in meeting_date.inner_text()

    # Filter by topic and region with the form (a plain GET, no script): the filters go into the address.
    form = page.locator("form.event-filters")
    topic = select_by_text(form.locator("#id_topic"), "Beteiligung")
    region = select_by_text(form.locator("#id_region"), "Landkreis Leipzig")
    tour.click_and_check(form.locator('button[type="submit"]'))
    query = query_of(page.url)
    assert query.get("topic") == [topic] and query.get("region") == [region], page.url
    assert page.locator("#id_topic").input_value() == topic
    titles = dates_in_list(page)
    assert titles and set(titles) == {MONTHLY_MEETING}, titles

    # The month view keeps the filters, and so does its link to the next month.
    today = timezone.localdate()
    month_path = reverse("events:month", args=[today.year, today.month])
    tour.click_and_check(page.locator(f'main nav.event-views a[href^="{month_path}"]'))
    assert urlsplit(page.url).path == month_path
    assert query_of(page.url).get("topic") == [topic], page.url
    next_month = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    tour.click_and_check(page.locator("main nav.calendar-nav a[rel=next]"))
    assert urlsplit(page.url).path == reverse("events:month", args=[next_month.year, next_month.month])
    assert query_of(page.url).get("region") == [region], page.url
    grid = page.locator("main table.calendar-month")
    assert grid.locator("caption").count() == 1
    assert grid.get_by_role("link", name=MONTHLY_MEETING).count() == 1  # once a month
    # Its week, from the row's week number: the meeting on the Monday.
    week_row = grid.locator("tbody tr", has=page.get_by_role("link", name=MONTHLY_MEETING))
    tour.click_and_check(week_row.locator("th a"))
    assert urlsplit(page.url).path.startswith("/veranstaltungen/woche/")
    assert query_of(page.url).get("topic") == [topic], page.url
    monday = page.locator("main section.calendar-day").first
    assert monday.get_by_role("link", name=MONTHLY_MEETING).count() == 1
    assert to_be_announced in monday.inner_text()

    # The date's page, then the event's: the rule in words, no invented time or place.
    tour.click_and_check(monday.get_by_role("link", name=MONTHLY_MEETING))
    assert re.fullmatch(rf"/veranstaltungen/{MONTHLY_MEETING_SLUG}/termin/\d+/", urlsplit(page.url).path)
    tour.click_and_check(page.locator(f'main p.meta a[href="/veranstaltungen/{MONTHLY_MEETING_SLUG}/"]'))
    assert page.locator("h1").inner_text().strip() == MONTHLY_MEETING
    rule = page.locator("main p.event-rule").inner_text()
    assert re.search(r"\b[Jj]eden 2\. Montag im Monat, Uhrzeit folgt", rule), rule  # capitalised on its own line
    assert "wechselnde Begegnungsorte im Landkreis Leipzig" in page.locator("main dl.facts").inner_text()
    assert page.locator("main ul.event-date-links > li").count() > 1  # the next dates
    (data,) = tour.json_ld()
    assert data["@type"] == "Event" and data["name"] == MONTHLY_MEETING

    # Its calendar file: the rule as an RRULE.
    ics_path = reverse("events:event_ics", args=[MONTHLY_MEETING_SLUG])
    ics_link = page.locator(f'main a[href="{ics_path}"]')
    assert ics_link.count() == 1
    response = page.request.get(tour.base_url + ics_path)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar"), response.headers
    body = response.text()
    assert body.startswith("BEGIN:VCALENDAR") and "RRULE:FREQ=MONTHLY;BYDAY=2MO" in body, body[:500]

    # A topic without upcoming events: the empty list leads to the archive, with the same filter.
    tour.goto(reverse("events:event_list") + "?topic=zivilgesellschaftliche-netzwerke")
    assert dates_in_list(page) == []
    archive_path = reverse("events:event_archive")
    tour.click_and_check(page.locator(f'main .empty-result a[href^="{archive_path}"]'))
    assert urlsplit(page.url).path == archive_path
    assert query_of(page.url).get("topic") == ["zivilgesellschaftliche-netzwerke"]
    assert STAMMTISCH_2021 in dates_in_list(page)

    # The Stammtisch of 06.12.2021 with its two contributions.
    tour.click_and_check(page.locator("main ol.event-dates").get_by_role("link", name=STAMMTISCH_2021))
    main = page.locator("main")
    assert page.locator("main time").first.get_attribute("datetime").startswith("2021-12-06T17:00")
    contributions = main.locator("ul.contributions > li")
    assert contributions.count() == 2
    texts = contributions.all_inner_texts()
    assert any("Straßencafé-Format in Zeitz" in text for text in texts), texts
    assert any("Aktionskreis Strukturwandel Leipziger Land stellt sich vor" in text for text in texts), texts
    assert main.locator("ul.contributions").get_by_role("link", name="Gesellschaftsdenken e.V.").count() == 1

    # Its series: the four dates of the minutes, all past now.
    series_path = reverse("events:series_detail", args=["strukturwandel-stammtisch"])
    tour.click_and_check(main.locator(f'dl.facts a[href="{series_path}"]'))
    assert page.locator("h1").inner_text().strip() == STAMMTISCH_SERIES
    past = page.locator("main section[aria-labelledby='past-title'] ol.event-dates > li")
    assert past.count() == 4
    assert any(STAMMTISCH_2021 in text for text in past.all_inner_texts())

    # All series: "klimafit" has no dates yet, and says so.
    tour.click_and_check(page.locator(f'main .breadcrumb a[href="{reverse("events:series_list")}"]'))
    klimafit = page.locator("main ul.cards > li", has=page.get_by_role("link", name=re.compile("^klimafit")))
    assert klimafit.count() == 1
    assert german("No upcoming dates") in klimafit.inner_text()
    tour.assert_clean()


# --- 2.–4. A coordinator runs a monthly meeting with registration ------------------------------


def first_date_about_ten_days_ahead() -> date:
    """A day about ten days ahead that is the 1st–4th such weekday of its month (so "monthly on
    the same weekday" is offered for it)."""
    today = timezone.localdate()
    for offset in range(10, 17):
        day = today + timedelta(days=offset)
        if day.day <= 28:
            return day
    raise AssertionError("unreachable: a week has a day before the 29th")


def test_coordinator_runs_a_monthly_meeting_with_registration(tour, browser, live_server, axe, settings):
    from wandelnetz.events.models import Event, Registration

    settings.SITE_URL = live_server.url  # links in mails lead to the live server
    page = tour.page
    sign_in(tour, DEMO_EDITOR_EMAIL)

    # From the actor's page to a new event for it.
    tour.goto(reverse("actors:actor_detail", args=["aksll"]))
    create_path = reverse("events:event_create") + "?veranstalter=aksll"
    tour.click_and_check(page.locator(f'main a[href="{create_path}"]'))
    form = page.locator("main form[method=post]")
    assert form.locator('input[name="organisers"]:checked').count() == 1  # the AkSLL, preselected
    first_day = first_date_about_ten_days_ahead()
    form.locator('[name="title"]').fill(NEW_MEETING)
    form.locator('[name="summary"]').fill("Offenes Treffen des Aktionskreises, jeden Monat.")
    form.locator('[name="kind"]').select_option("meeting")
    form.locator('[name="date"]').fill(first_day.isoformat())
    form.locator('[name="start_time"]').fill("19:00")
    form.locator('[name="end_time"]').fill("21:00")
    form.locator('input[name="repeat"][value="monthly_nth"]').check()
    form.locator('input[name="attendance"][value="in_person"]').check()
    form.locator('[name="place"]').select_option("oekokirche-deutzen")
    form.locator('[name="registration_enabled"]').check()
    form.locator('[name="capacity"]').fill("1")
    form.locator('[name="registration_questions"]').fill(QUESTION)
    tour.click_and_check(form.locator('button[type="submit"]'))

    # The event's page: the rule in words, the place, its dates.
    event = Event.objects.get(title=NEW_MEETING)
    assert urlsplit(page.url).path == event.get_absolute_url()
    assert event.rrule.startswith("FREQ=MONTHLY;BYDAY=") and event.capacity == 1
    assert list(event.organisers.values_list("slug", flat=True)) == ["aksll"]
    rule = page.locator("main p.event-rule").inner_text()
    nth, weekday = (first_day.day - 1) // 7 + 1, GERMAN_WEEKDAYS[first_day.weekday()]
    assert re.fullmatch(rf"[Jj]eden {nth}\. {weekday} im Monat, 19:00–21:00 Uhr", rule), rule  # "Jeden 1. Freitag …"
    assert PLACE in page.locator("main dl.facts").inner_text()
    occurrences = list(event.occurrences.order_by("starts_at"))
    first, later = occurrences[0], occurrences[2]
    assert timezone.localtime(first.starts_at).date() == first_day

    # Cancel a later date on the dates page; the event page marks it.
    tour.click_and_check(page.locator(f'main a[href="{reverse("events:event_dates", args=[event.slug])}"]'))
    cancel_form = page.locator("main form", has=page.locator(f'input[name="occurrence"][value="{later.pk}"]')).filter(
        has=page.locator('input[name="action"][value="cancel"]')
    )
    tour.click_and_check(cancel_form.locator('button[type="submit"]'))
    later.refresh_from_db()
    assert later.cancelled
    tour.click_and_check(page.locator(f'main a[href="{event.get_absolute_url()}"]').first)
    cancelled = page.locator("main ul.event-date-links > li.is-cancelled")
    assert cancelled.count() == 1
    assert cancelled.locator(f'a[href="{later.get_absolute_url()}"]').count() == 1
    assert cancelled.locator(".badge-cancelled").count() == 1
    tour.click_and_check(cancelled.locator(f'a[href="{later.get_absolute_url()}"]'))
    assert page.locator("main .status-note.is-cancelled").count() == 1
    assert page.locator(f'main a[href="{reverse("events:register", args=[event.slug, later.pk])}"]').count() == 0

    # Two people register for the first date without an account; one place.
    people = [
        ("Jana Beispiel", "jana@example.org", "Ja, ich nutze einen Rollstuhl."),
        ("Ole Muster", "ole@example.org", "Nein, danke."),
    ]
    cancel_links = {}
    for name, email, answer in people:
        with another_visitor(browser, live_server, axe) as visitor:
            vpage = visitor.page
            visitor.goto(event.get_absolute_url())
            visitor.click_and_check(vpage.locator(f'main ul.event-date-links a[href="{first.get_absolute_url()}"]'))
            register_path = reverse("events:register", args=[event.slug, first.pk])
            visitor.click_and_check(vpage.locator(f'main a.button[href="{register_path}"]'))
            registration_form = vpage.locator("main form[method=post]")
            assert vpage.get_by_label(QUESTION).count() == 1  # the organiser's question
            registration_form.locator('[name="name"]').fill(name)
            registration_form.locator('[name="email"]').fill(email)
            vpage.get_by_label(QUESTION).fill(answer)
            registration_form.locator('[name="consent"]').check()
            visitor.click_and_check(registration_form.locator('button[type="submit"]'))
            # Back on the date's page: confirm by mail first.
            assert urlsplit(vpage.url).path == first.get_absolute_url()
            confirm_by_mail = german(
                "Thank you! We have sent you an email. Please confirm your registration with the link in "
                "the email; until then, no place is kept for you."
            )
            assert confirm_by_mail in vpage.locator(".messages").inner_text()
            registration = Registration.objects.get(occurrence=first, email=email)
            assert registration.status == Registration.Status.UNCONFIRMED
            assert registration.answers == {QUESTION: answer}

            # The mail's link shows a button; pressing it confirms.
            (request_mail,) = mails_to(email)
            visitor.goto(link_in(request_mail, live_server.url, CONFIRM_PATH))
            visitor.click_and_check(vpage.locator('main form[method=post] button[type="submit"]'))
            registration.refresh_from_db()
            outcome = vpage.locator("main .notice[role=status]").inner_text()
            if email == people[0][1]:
                assert registration.status == Registration.Status.CONFIRMED
                assert german("Your registration is confirmed: you have a place.") in outcome
                # The confirmation: a calendar entry and a link to cancel.
                confirmed_mail = mails_to(email, 2)[1]
                (ics,) = calendar_parts(confirmed_mail)
                assert "BEGIN:VEVENT" in ics and NEW_MEETING in ics
                assert f"DTSTART;TZID=Europe/Berlin:{first_day:%Y%m%d}T190000" in ics, ics
                cancel_links[email] = link_in(confirmed_mail, live_server.url, CANCEL_PATH)
            else:
                assert registration.status == Registration.Status.WAITLISTED
                waitlisted = german(
                    "Your email address is confirmed. All places are taken: you are on the waitlist, "
                    "place %(position)s.",
                    position=1,
                )
                assert waitlisted in outcome, outcome
                waitlisted_mail = mails_to(email, 2)[1]
                cancel_links[email] = link_in(waitlisted_mail, live_server.url, CANCEL_PATH)
            visitor.assert_clean()

    # The first cannot come: the link shows a button, pressing it cancels; the second moves up.
    jana, ole = people[0][1], people[1][1]
    with another_visitor(browser, live_server, axe) as visitor:
        visitor.goto(cancel_links[jana])
        assert Registration.objects.get(email=jana).status == Registration.Status.CONFIRMED  # GET changes nothing
        visitor.click_and_check(visitor.page.locator('main form[method=post] button[type="submit"]'))
        assert german("Your registration is cancelled.") in visitor.page.locator("main").inner_text()
        visitor.assert_clean()
    assert Registration.objects.get(email=jana).status == Registration.Status.CANCELLED
    assert Registration.objects.get(email=ole).status == Registration.Status.CONFIRMED
    promotion = mails_to(ole, 3)[2]
    assert german("You have got a place: %(title)s", title=NEW_MEETING) in promotion.subject
    assert calendar_parts(promotion), promotion.subject  # with the calendar entry

    # The coordinator's list of participants, and its CSV.
    tour.goto(first.get_absolute_url())
    participants_path = reverse("events:participants", args=[event.slug, first.pk])
    tour.click_and_check(page.locator(f'main a[href="{participants_path}"]'))
    with_place = page.locator("main section[aria-labelledby='group-confirmed']")
    assert with_place.get_by_role("rowheader", name="Ole Muster").count() == 1
    assert "Jana Beispiel" not in page.locator("main").inner_text()
    assert with_place.get_by_role("columnheader", name=QUESTION).count() == 1
    assert with_place.get_by_role("cell", name="Nein, danke.").count() == 1
    csv_path = reverse("events:participants_csv", args=[event.slug, first.pk])
    with page.expect_download() as download_info:
        page.locator(f'main a[href="{csv_path}"]').click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = download.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 2, rows  # the header and the one person with a place
    header, row = rows
    assert header == [german("Name"), german("Email"), german("Status"), german("Registered at"), QUESTION]
    assert row[:3] == ["Ole Muster", ole, german("Registered")] and row[4:] == ["Nein, danke."], row
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", row[3]), row
    tour.assert_clean()


# --- On a phone ---------------------------------------------------------------------------------


def test_event_pages_fit_a_small_screen(small_tour):
    """At 360 px no event page scrolls sideways (wide tables scroll in their own box), axe passes."""
    from wandelnetz.events.models import Event

    meeting = Event.objects.get(slug=MONTHLY_MEETING_SLUG)
    next_date = meeting.occurrences.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    day = timezone.localtime(next_date.starts_at).date()
    for path in [
        reverse("events:event_list"),
        reverse("events:month", args=[day.year, day.month]),
        reverse("events:week", args=day.isocalendar()[:2]),
        meeting.get_absolute_url(),
        next_date.get_absolute_url(),
        reverse("events:series_detail", args=["strukturwandel-stammtisch"]),
        reverse("events:series_list"),
        reverse("events:event_archive"),
    ]:
        small_tour.goto(path)  # checks the width and runs axe
    # The editor's pages: the form and the table of dates.
    sign_in(small_tour, DEMO_EDITOR_EMAIL)
    small_tour.goto(reverse("events:event_create") + "?veranstalter=aksll")
    small_tour.goto(reverse("events:event_dates", args=[MONTHLY_MEETING_SLUG]))
    small_tour.goto(reverse("events:event_edit", args=[MONTHLY_MEETING_SLUG]))
    small_tour.goto(reverse("events:series_create"))
    small_tour.goto(reverse("events:calendar_feeds", args=["aksll"]))
    small_tour.assert_clean()

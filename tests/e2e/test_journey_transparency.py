"""Transparency in a real browser: journeys 2 ("Where is my topic decided?") and 5 ("What became of
it?") of the design, and the new pages on a phone; axe-core (WCAG 2.1 A/AA) on every page.

Journey 2: a visitor without JavaScript opens a topic hub, reads the bodies by level with their
power and civil-society line, follows a body to its page (its civil-society sentence, its power
ladder, its sources, "unverified"), goes on to the atlas "Wo wird entschieden?" and filters it by
level, power and "seats not recorded yet" (the demo records no seats, so it has no gaps, only
unknowns). The moderator then gives the body a voting civil-society seat held by the AkSLL and marks
it verified: its page says so, and the atlas no longer counts it among the unknowns.

Journey 5: a visitor filters the follow-ups by status and reads the timeline of "Jugendbeteiligung
vertiefen" with its link to the Stammtisch of 07.03.2022; a member follows "Stammtisch zu Kunst und
Kultur"; the moderator moves it from "proposed" to "in progress" with a comment (a jump that is not
allowed is not even offered); the member is told in the platform and by mail.

The minutes half of journey 3 is in test_journey_minutes.py. Navigation goes by link targets,
form field names and data, not by interface words: the German catalogue of these pages is being
written while these tests are; where a sentence matters it is read through `german()`.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from wandelnetz.demo.world import DEMO_MODERATOR_EMAIL, DEMO_PASSWORD

from .browsing import open_tour, option_values, query_of, sign_in_with
from .test_journey_events import mails_to

pytestmark = pytest.mark.e2e

KREISTAG = "Kreistag Landkreis Leipzig"
KREISTAG_SLUG = "kreistag-landkreis-leipzig"
HUB_TOPIC = "nachhaltige-transformation"
YOUTH = "Jugendbeteiligung vertiefen"
ARTS = "Stammtisch zu Kunst und Kultur"
STAMMTISCH_SERIES = "strukturwandel-stammtisch"


def german(text: str, **params: object) -> str:
    """An interface text as the German pages show it (the English msgid where untranslated)."""
    with translation.override("de"):
        translated = gettext(text)
    return translated % params if params else translated


def german_plural(singular: str, plural: str, count: int, **params: object) -> str:
    with translation.override("de"):
        translated = ngettext(singular, plural, count)
    return translated % {"count": count, **params}


def gap_links(page) -> list[str]:
    """The addresses the atlas's gaps section links to."""
    return page.locator("main section.gaps ul.gap-list a").evaluate_all("els => els.map(el => el.pathname)")


# --- Journey 2: Where is my topic decided? ------------------------------------------------------


def test_where_is_my_topic_decided(no_js_tour, browser, live_server, axe):
    from wandelnetz.bodies.models import Body, Seat

    tour, page = no_js_tour, no_js_tour.page
    body_path = reverse("bodies:body_detail", args=[KREISTAG_SLUG])
    atlas_path = reverse("bodies:body_list")

    # The topic hub: bodies by level, each with its kind, power and civil-society line.
    tour.goto(reverse("topics:topic_detail", args=[HUB_TOPIC]))
    assert tour.lang() == "de"
    hub = page.locator("main section[aria-labelledby='bodies-title']")
    levels = [text.strip() for text in hub.locator("h3").all_inner_texts()]
    with translation.override("de"):
        district, regional = (f"Ebene: {Body.Level.DISTRICT.label}", f"Ebene: {Body.Level.REGIONAL.label}")
        decides = str(Body.Power.DECIDE.label)
    assert district in levels and regional in levels, levels
    assert levels.index(district) < levels.index(regional), levels  # nearest level first
    entry = hub.locator("ul.hub-bodies > li", has=page.locator(f'a[href="{body_path}"]'))
    assert entry.count() == 1
    facts = [part.strip() for part in entry.locator(".meta").first.inner_text().split("·")]
    assert decides in facts, facts  # kind · power · openness
    assert entry.locator(".civil-line").inner_text().strip() == german("Seats unknown")
    assert entry.locator(".badge-unverified").count() == 1
    # The hub's link to the atlas carries the topic.
    assert hub.locator(f'a[href="{atlas_path}?topic={HUB_TOPIC}"]').count() >= 1

    # The body's page: the sentence about civil society, the power ladder, the sources, "unverified".
    tour.click_and_check(entry.locator(f'a[href="{body_path}"]'))
    assert urlsplit(page.url).path == body_path
    assert page.locator("h1").inner_text().strip() == KREISTAG
    main = page.locator("main")
    assert main.locator(".civil-society-sentence").inner_text().strip() == german("Nothing is known about the seats.")
    ladder = main.locator("ol.power-ladder > li")
    assert ladder.count() == 4
    current = main.locator('ol.power-ladder > li[aria-current="true"]')
    assert current.count() == 1 and current.locator("strong").inner_text().strip() == decides
    assert main.locator("ul.sources a[href='https://www.landkreisleipzig.de/']").count() == 1
    assert main.locator(".verification .badge-unverified").count() == 1
    assert main.locator(f'a[href="{reverse("bodies:body_edit", args=[KREISTAG_SLUG])}"]').count() == 0
    (data,) = tour.json_ld()
    assert data["name"] == KREISTAG, data

    # The atlas, through the breadcrumb: all bodies, and the gaps.
    tour.click_and_check(main.locator(f'.breadcrumb a[href="{atlas_path}"]'))
    assert urlsplit(page.url).path == atlas_path
    all_names = [name.strip() for name in page.locator("main ul.body-cards > li h3 a").all_inner_texts()]
    assert len(all_names) == Body.objects.count() and KREISTAG in all_names, all_names
    assert gap_links(page) == []  # no seat is recorded: unknown, not a gap

    # Filter by level: only the district's bodies.
    form = page.locator("main form.filters")
    form.locator('[name="level"]').select_option(Body.Level.DISTRICT.value)
    tour.click_and_check(form.locator('button[type="submit"]'))
    assert query_of(page.url).get("level") == [Body.Level.DISTRICT.value], page.url
    names = [name.strip() for name in page.locator("main ul.body-cards > li h3 a").all_inner_texts()]
    assert names == [KREISTAG], names

    # Seats not recorded and co-deciding at least, on every level.
    form = page.locator("main form.filters")
    assert form.locator('[name="level"]').input_value() == Body.Level.DISTRICT.value  # the form keeps its filters
    form.locator('[name="level"]').select_option("")
    form.locator('[name="civil"]').select_option("unbekannt")
    form.locator('[name="power"]').select_option(str(Body.Power.CODECIDE.value))
    tour.click_and_check(form.locator('button[type="submit"]'))
    query = query_of(page.url)
    assert query.get("civil") == ["unbekannt"] and query.get("power") == [str(Body.Power.CODECIDE.value)], page.url
    expected = set(Body.objects.filter(power__gte=Body.Power.CODECIDE).values_list("name", flat=True))
    names = [name.strip() for name in page.locator("main ul.body-cards > li h3 a").all_inner_texts()]
    assert set(names) == expected and KREISTAG in names, names
    assert "Strukturwandel-Stammtisch" not in names  # it only consults
    assert gap_links(page) == []
    unknown = page.locator("main section.gaps p.muted")
    assert unknown.get_by_role("link").count() == 1, unknown.inner_text()
    for card in page.locator("main ul.body-cards > li").all():
        assert card.locator(".civil-society-line").inner_text().strip() == german("Seats unknown")
    tour.assert_clean()

    # The moderator gives the body a voting civil-society seat held by the AkSLL, and verifies it.
    with open_tour(browser, live_server.url, axe) as moderator:
        mpage = moderator.page
        sign_in_with(moderator, DEMO_MODERATOR_EMAIL, DEMO_PASSWORD)
        moderator.goto(body_path)
        edit_path = reverse("bodies:body_edit", args=[KREISTAG_SLUG])
        moderator.click_and_check(mpage.locator(f'main a[href="{edit_path}"]'))
        form = mpage.locator("main form[method=post]")
        assert form.locator('[name="name"]').input_value() == KREISTAG
        form.locator('[name="seats-0-actor"]').fill("aksll")
        form.locator('[name="seats-0-is_civil_society"]').check()
        form.locator(f'[name="seats-0-rights"][value="{Seat.Rights.VOTING.value}"]').check()
        form.locator('[name="seats-0-count"]').fill("1")
        form.locator('[name="seats-0-note"]').fill("Beispielsitz für den Test")
        moderator.click_and_check(form.locator('button[type="submit"]'))
        assert urlsplit(mpage.url).path == body_path
        (seat,) = Seat.objects.filter(body__slug=KREISTAG_SLUG)
        assert seat.actor.slug == "aksll" and seat.is_civil_society and seat.rights == Seat.Rights.VOTING
        verify_path = reverse("bodies:body_verify", args=[KREISTAG_SLUG])
        moderator.click_and_check(mpage.locator(f'main form[action="{verify_path}"] button[type="submit"]'))
        body = Body.objects.get(slug=KREISTAG_SLUG)
        assert body.is_verified and body.verified_by.email == DEMO_MODERATOR_EMAIL

        # Its page says it in plain words; "unverified" is gone, the seat is in the table.
        main = mpage.locator("main")
        sentence = german_plural(
            "Civil society sits here with %(count)d seat with voting rights: %(holders)s.",
            "Civil society sits here with %(count)d seats with voting rights: %(holders)s.",
            1,
            holders="AkSLL",
        )
        assert main.locator(".civil-society-sentence").inner_text().strip() == sentence
        assert main.locator(".badge-unverified").count() == 0
        assert main.locator("table.seats tbody").get_by_role("link", name=seat.actor.name).count() == 1

        # The atlas no longer counts it among the bodies whose seats are unknown, nor among the gaps.
        moderator.goto(f"{atlas_path}?power={Body.Power.CODECIDE.value}&civil=unbekannt")
        names = [name.strip() for name in mpage.locator("main ul.body-cards > li h3 a").all_inner_texts()]
        assert KREISTAG not in names, names
        assert body_path not in gap_links(mpage)
        moderator.goto(f"{atlas_path}?civil=ja")
        card = mpage.locator("main ul.body-cards > li", has=mpage.locator(f'a[href="{body_path}"]'))
        assert card.count() == 1
        line = german_plural(
            "%(counter)s civil-society seat, with voting rights",
            "%(counter)s civil-society seats, with voting rights",
            1,
            counter=1,
        )
        assert card.locator(".civil-society-line").inner_text().strip() == line
        moderator.assert_clean()


# --- Journey 5: What became of it? ---------------------------------------------------------------


def test_what_became_of_it(tour, browser, live_server, axe, settings):
    from django.core import mail

    from wandelnetz.accounts.models import Notification
    from wandelnetz.accounts.tests.factories import PASSWORD, UserFactory
    from wandelnetz.followups.models import FollowUp

    settings.SITE_URL = live_server.url  # links in mails lead to the live server
    page = tour.page
    youth = FollowUp.objects.get(title=YOUTH)
    arts = FollowUp.objects.get(title=ARTS)
    list_path = reverse("followups:followup_list")

    # The list, filtered by status: what is in progress.
    tour.goto(list_path)
    assert tour.lang() == "de"
    titles = [t.strip() for t in page.locator("main ul.followup-rows h3 a").all_inner_texts()]
    assert {YOUTH, ARTS} <= set(titles), titles
    form = page.locator("main form.followup-filters")
    form.locator('[name="status"]').select_option(FollowUp.Status.IN_PROGRESS.value)
    tour.click_and_check(form.locator('button[type="submit"]'))
    assert query_of(page.url).get("status") == [FollowUp.Status.IN_PROGRESS.value], page.url
    titles = [t.strip() for t in page.locator("main ul.followup-rows h3 a").all_inner_texts()]
    expected = set(FollowUp.objects.filter(status=FollowUp.Status.IN_PROGRESS).values_list("title", flat=True))
    assert set(titles) == expected and YOUTH in titles and ARTS not in titles, titles
    badges = page.locator("main ul.followup-rows .followup-status")
    assert badges.count() == len(titles)
    assert all(
        "followup-status-in_progress" in (cls or "") for cls in badges.evaluate_all("els => els.map(e => e.className)")
    )

    # "Jugendbeteiligung vertiefen": its timeline, and where it goes on.
    tour.click_and_check(page.locator(f'main ul.followup-rows a[href="{youth.get_absolute_url()}"]'))
    assert page.locator("h1").inner_text().strip() == YOUTH
    steps = page.locator("main ol.followup-timeline > li")
    assert steps.count() == 2  # noted as proposed, then in progress
    assert steps.nth(0).locator(".followup-status-proposed").count() == 1
    assert steps.nth(1).locator(".followup-status-in_progress").count() == 1
    assert "07.03.2022" in steps.nth(1).locator(".followup-comment").inner_text()
    next_meeting = reverse("events:event_detail", args=["stammtisch-2022-03-07"])
    assert page.locator(f'main ul.followup-links a[href="{next_meeting}"]').count() == 1
    # No forms for a visitor: the status cannot be changed, following needs an account.
    assert page.locator(f'main form[action="{reverse("followups:followup_status", args=[youth.slug])}"]').count() == 0
    assert page.locator(f'main a[href^="{reverse("account_login")}?next="]').count() == 1
    tour.click_and_check(page.locator(f'main ul.followup-links a[href="{next_meeting}"]'))
    assert urlsplit(page.url).path == next_meeting
    tour.assert_clean()

    # A member follows "Stammtisch zu Kunst und Kultur", found on the series' board.
    member = UserFactory(email="mitglied@example.org", display_name="Mia Mitglied")
    with open_tour(browser, live_server.url, axe) as reader:
        rpage = reader.page
        sign_in_with(reader, member.email, PASSWORD)
        reader.goto(reverse("followups:series_board", args=[STAMMTISCH_SERIES]))
        proposed = rpage.locator("main section.board-column", has=rpage.locator("#board-proposed"))
        reader.click_and_check(proposed.locator(f'a[href="{arts.get_absolute_url()}"]'))
        follow_path = reverse("followups:followup_follow", args=[arts.slug])
        follow_form = rpage.locator(f'main form[action="{follow_path}"]')
        assert follow_form.locator('input[name="action"]').input_value() == "follow"
        reader.click_and_check(follow_form.locator('button[type="submit"]'))
        assert arts.followers.filter(user=member).exists()
        assert rpage.locator(f'main form[action="{follow_path}"] input[name="action"]').input_value() == "unfollow"
        # Not an editor: no status form for the member.
        status_path = reverse("followups:followup_status", args=[arts.slug])
        assert rpage.locator(f'main form[action="{status_path}"]').count() == 0
        reader.goto(reverse("notifications:notification_list"))
        assert rpage.locator("main ul.notifications > li").count() == 0
        reader.assert_clean()

        # The moderator moves it on; a jump that is not allowed is not offered at all.
        with open_tour(browser, live_server.url, axe) as moderator:
            mpage = moderator.page
            sign_in_with(moderator, DEMO_MODERATOR_EMAIL, DEMO_PASSWORD)
            moderator.goto(arts.get_absolute_url())
            form = mpage.locator(f'main form[action="{status_path}"]')
            offered = option_values(form.locator('select[name="to_status"]'))
            S = FollowUp.Status
            assert set(offered) == {S.UNDER_REVIEW, S.IN_PROGRESS, S.REJECTED, S.STALLED}, offered
            assert S.DONE not in offered and S.PROPOSED not in offered  # proposed → done is no step
            # Posted anyway (by hand, past the form), the jump is refused with a message; nothing changes.
            token = form.locator('input[name="csrfmiddlewaretoken"]').input_value()
            refused = mpage.request.post(
                live_server.url + status_path,
                form={"csrfmiddlewaretoken": token, "to_status": S.DONE.value, "comment": "Sofort erledigt."},
                headers={"Referer": live_server.url + arts.get_absolute_url()},
            )
            assert refused.status == 400, refused.status
            assert "error-summary" in refused.text()
            arts.refresh_from_db()
            assert arts.status == S.PROPOSED and arts.status_changes.count() == 1
            comment = "Die Reihe plant einen Termin zu Kunst und Kultur im Herbst."
            form.locator('select[name="to_status"]').select_option(S.IN_PROGRESS.value)
            form.locator('[name="comment"]').fill(comment)
            moderator.click_and_check(form.locator('button[type="submit"]'))
            assert urlsplit(mpage.url).path == arts.get_absolute_url()
            arts.refresh_from_db()
            assert arts.status == S.IN_PROGRESS
            last = mpage.locator("main ol.followup-timeline > li").last
            assert last.locator(".followup-status-in_progress").count() == 1
            assert comment in last.locator(".followup-comment").inner_text()
            # From "in progress", going back to "proposed" is not offered either.
            offered = option_values(mpage.locator(f'main form[action="{status_path}"] select[name="to_status"]'))
            assert set(offered) == {S.DONE, S.STALLED, S.REJECTED}, offered
            moderator.assert_clean()

        # The member is told: a notification in the platform, and a mail.
        reader.goto(reverse("notifications:notification_list"))
        (notification,) = Notification.objects.filter(user=member)
        item = rpage.locator("main ul.notifications > li.is-unread")
        assert item.count() == 1
        assert item.locator(f'a[href="{arts.get_absolute_url()}"]').count() == 1
        assert ARTS in item.inner_text()
        header_count = rpage.locator("header .notification-count")
        assert header_count.count() == 1
        reader.click_and_check(item.locator('button[type="submit"]'))
        notification.refresh_from_db()
        assert notification.read_at is not None
        assert rpage.locator("main ul.notifications > li.is-unread").count() == 0
        reader.assert_clean()

    (message,) = mails_to(member.email)
    assert ARTS in message.subject
    assert live_server.url + arts.get_absolute_url() in message.body, message.body
    assert comment in message.body
    assert not [m for m in mail.outbox if DEMO_MODERATOR_EMAIL in m.to]  # who changed it is not mailed


# --- On a phone ----------------------------------------------------------------------------------


MINUTES_FOR_THE_PHONE = """Strukturwandel-Stammtisch am 24.01.2022

Thema: Lebendige Orte

1 Impuls Erika Beispiel (AkSLL)

- Erika Beispiel zeigt, wie aus leeren Läden **Begegnungsorte** werden.

2 Aus der Diskussion

- Ein gemeinsames Leerstandskataster für den Landkreis wird vorgeschlagen.
- Ein Dorfladen als Treffpunkt wird vorgeschlagen. Für die Umsetzung fehlen noch Mittel.
- Pinnwand mit Fotos: <https://padlet.com/beispiel/eine-sehr-lange-adresse-die-auf-dem-telefon-umbrechen-muss-0123456789>

3 Nächster Stammtisch

- **Mo, 14.03.2022, 17:00-18:30 Uhr, Thema: Kultur im Revier**
"""


def test_transparency_pages_fit_a_small_screen(small_tour):
    """At 360 px no new page scrolls sideways (wide tables scroll in their own box), axe passes."""
    from wandelnetz.bodies.models import Body, Seat
    from wandelnetz.followups.models import FollowUp
    from wandelnetz.minutes.models import Minutes

    tour, page = small_tour, small_tour.page
    youth = FollowUp.objects.get(title=YOUTH)
    # The demo records no seats; a body with a seats table (wider than the phone) must still fit.
    Seat.objects.create(
        body=Body.objects.get(slug="begleitausschuss-mitteldeutsches-revier-sachsen"),
        role="Vertretung der Wirtschafts- und Sozialpartner",
        is_civil_society=True,
        rights=Seat.Rights.ADVISORY,
        count=2,
        since=datetime.date(2021, 1, 1),
    )
    for path in [
        reverse("bodies:body_list"),
        reverse("bodies:body_list") + "?power=3&civil=unbekannt",
        reverse("bodies:body_detail", args=["begleitausschuss-mitteldeutsches-revier-sachsen"]),
        reverse("topics:topic_detail", args=["beteiligung"]),
        reverse("followups:followup_list"),
        youth.get_absolute_url(),
        reverse("followups:series_board", args=[STAMMTISCH_SERIES]),
        reverse("followups:topic_board", args=["beteiligung"]),
        reverse("minutes:minutes_detail", args=["stammtisch-2021-12-06"]),
    ]:
        tour.goto(path)  # checks the width and runs axe
    # Filters the pages do not know: a message, a 400, and still a page that fits.
    for path in [reverse("bodies:body_list") + "?level=mond&power=9", reverse("followups:followup_list") + "?status=x"]:
        tour.goto(path, expect_status=400)
        assert page.locator("main .error-summary").count() == 1

    # The moderator's pages: a body's form, a follow-up with its forms, the import and its preview.
    sign_in_with(tour, DEMO_MODERATOR_EMAIL, DEMO_PASSWORD)
    tour.goto(reverse("bodies:body_detail", args=[KREISTAG_SLUG]))
    tour.goto(reverse("bodies:body_edit", args=[KREISTAG_SLUG]))
    tour.goto(youth.get_absolute_url())
    assert page.locator(f'main form[action="{reverse("followups:followup_status", args=[youth.slug])}"]').count() == 1
    tour.goto(reverse("events:event_detail", args=["stammtisch-2022-01-24"]))
    tour.goto(reverse("minutes:minutes_upload", args=["stammtisch-2022-01-24"]))
    page.locator('main textarea[name="text"]').fill(MINUTES_FOR_THE_PHONE)
    before = Minutes.objects.count()
    tour.click_and_check(page.locator('main form[enctype="multipart/form-data"] button[type="submit"]'))
    assert page.locator('main form[action$="/uebernehmen/"]').count() == 1  # the preview
    assert Minutes.objects.count() == before
    tour.goto(reverse("notifications:notification_list"))
    # The remaining forms and pages only editors see.
    for path in [
        reverse("bodies:body_create"),
        reverse("bodies:body_history", args=[KREISTAG_SLUG]),
        reverse("bodies:body_editors", args=[KREISTAG_SLUG]),
        reverse("followups:followup_create") + "?veranstaltung=stammtisch-2021-12-06",
        reverse("followups:followup_edit", args=[youth.slug]),
        reverse("minutes:minutes_edit", args=["stammtisch-2021-12-06"]),
        reverse("minutes:minutes_delete", args=["stammtisch-2021-12-06"]),
    ]:
        tour.goto(path)
    tour.assert_clean()

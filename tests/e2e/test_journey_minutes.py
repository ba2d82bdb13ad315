"""Journey 3, the minutes half, in a real browser; axe-core (WCAG 2.1 A/AA) on every page.

The moderator opens a Stammtisch that has no minutes yet, goes from the event's page to "add
minutes", pastes minutes written here (fictional people), reads the preview — nothing is saved
yet — unticks one follow-up, corrects another's title and confirms. The minutes page then shows
the text, the pinboard and the follow-ups; the next date named in the minutes is a new event of
the series, the unticked follow-up does not exist.

Navigation goes by link targets, form field names and data, not by interface words.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from wandelnetz.demo.world import DEMO_MODERATOR_EMAIL, DEMO_PASSWORD

from .browsing import sign_in_with

pytestmark = pytest.mark.e2e

EVENT_SLUG = "stammtisch-2022-01-24"
PINBOARD = "https://padlet.com/beispiel/lebendige-orte-fotos"
MINUTES = f"""Strukturwandel-Stammtisch am 24.01.2022

Thema: Lebendige Orte

1 Impuls Erika Beispiel (AkSLL)

- Erika Beispiel zeigt, wie leerstehende Läden in Deutzen zu **Begegnungsorten** werden.

2 Aus der Diskussion

- **Lebendige Orte** brauchen Menschen, die sie tragen und pflegen.
- Ein gemeinsames Leerstandskataster für den Landkreis wird vorgeschlagen.
- Ein **Dorfladen** als Treffpunkt in Deutzen wird vorgeschlagen. Für die Umsetzung fehlen noch Mittel.
- Fotos der Orte sammeln wir auf einer Pinnwand: <{PINBOARD}>

3 Nächster Stammtisch

- **Mo, 14.03.2022, 17:00-18:30 Uhr, Thema: Kultur im Revier**
"""
DROPPED = "Leerstandskataster"
CORRECTED_TITLE = "Dorfladen als Treffpunkt in Deutzen"
BERLIN = ZoneInfo("Europe/Berlin")


def preview_item(page, quoted: str):
    """The preview's entry for the follow-up whose quoted sentence contains `quoted`."""
    return page.locator("main li.preview-item", has=page.locator("blockquote.preview-quote", has_text=quoted))


def test_coordinator_imports_minutes(tour):
    from wandelnetz.events.models import Contribution, Event
    from wandelnetz.followups.models import FollowUp
    from wandelnetz.minutes.models import Minutes, MinutesLink

    page = tour.page
    event = Event.objects.get(slug=EVENT_SLUG)
    assert not Minutes.objects.filter(event=event).exists()
    counts = {
        "minutes": Minutes.objects.count,
        "events": Event.objects.count,
        "follow-ups": FollowUp.objects.count,
        "contributions": Contribution.objects.count,
        "links": MinutesLink.objects.count,
    }
    before = {name: count() for name, count in counts.items()}

    # From the event's page to "add minutes".
    sign_in_with(tour, DEMO_MODERATOR_EMAIL, DEMO_PASSWORD)
    tour.goto(event.get_absolute_url())
    upload_path = reverse("minutes:minutes_upload", args=[EVENT_SLUG])
    tour.click_and_check(page.locator(f'main #protokoll a[href="{upload_path}"]'))
    assert urlsplit(page.url).path == upload_path

    # Paste the minutes and ask for the preview.
    form = page.locator(f'main form[action="{upload_path}"]')
    form.locator('textarea[name="text"]').fill(MINUTES)
    tour.click_and_check(form.locator('button[type="submit"]'))
    confirm_path = reverse("minutes:minutes_confirm", args=[EVENT_SLUG])
    preview = page.locator(f'main form[action="{confirm_path}"]')
    assert preview.count() == 1

    # Nothing is saved yet: the event still has no minutes.
    assert {name: count() for name, count in counts.items()} == before
    minutes_path = reverse("minutes:minutes_detail", args=[EVENT_SLUG])
    assert page.request.get(tour.base_url + minutes_path).status == 404

    # What it found: the contribution with its actor, the next date, the pinboard, the follow-ups.
    assert preview.locator('textarea[name="text"]').input_value().strip() == MINUTES.strip()  # kept whole
    contribution = preview.locator("li.preview-item", has_text="Erika Beispiel")
    assert contribution.locator(f'a[href="{reverse("actors:actor_detail", args=["aksll"])}"]').count() == 1
    date = preview.locator("li.preview-item", has=page.locator('time[datetime^="2022-03-14T17:00"]'))
    assert date.count() == 1 and "Kultur im Revier" in date.inner_text()
    assert preview.locator("li.preview-item", has_text=PINBOARD).count() == 1
    dropped, corrected = preview_item(page, DROPPED), preview_item(page, "Dorfladen")
    assert dropped.count() == 1 and corrected.count() == 1
    drop_box = dropped.locator('input[type="checkbox"][name^="select-"]')
    keep_box = corrected.locator('input[type="checkbox"][name^="select-"]')
    assert drop_box.is_checked() and keep_box.is_checked()  # everything ticked to begin with
    # The open point is proposed as stalled, with its reason.
    key = keep_box.get_attribute("name").removeprefix("select-")
    assert corrected.locator(f'select[name="{key}-status"]').input_value() == FollowUp.Status.STALLED
    assert corrected.locator(f'input[name="{key}-status_reason"]').input_value().strip()

    # Untick one, correct the other's title, confirm.
    drop_box.uncheck()
    corrected.locator(f'input[name="{key}-title"]').fill(CORRECTED_TITLE)
    response = tour.click_and_check(preview.locator('.preview-actions button[type="submit"]'))
    assert response is not None and response.status == 200
    assert urlsplit(page.url).path == minutes_path

    # The minutes page: the text, the pinboard, the follow-ups.
    main = page.locator("main")
    text = main.locator("section.minutes-text")
    assert "Erika Beispiel" in text.inner_text() and DROPPED in text.inner_text()  # the text is whole
    assert text.locator("strong", has_text="Dorfladen").count() == 1  # Markdown rendered
    assert main.locator(f'ul.minutes-links a[href="{PINBOARD}"]').count() == 1
    follow_ups = [t.strip() for t in main.locator("ul.minutes-follow-ups > li > a").all_inner_texts()]
    assert follow_ups == [CORRECTED_TITLE], follow_ups
    assert main.locator("ul.minutes-follow-ups .followup-status-stalled").count() == 1
    assert main.locator("ul.contributions").get_by_text("Erika Beispiel").count() >= 1

    # Saved: the minutes whole, one follow-up (stalled, with its reason), no trace of the unticked one.
    minutes = Minutes.objects.get(event=event)
    assert minutes.text.strip() == MINUTES.strip()
    (saved,) = FollowUp.objects.filter(source_event=event)
    assert saved.title == CORRECTED_TITLE and saved.status == FollowUp.Status.STALLED and saved.status_reason
    assert not FollowUp.objects.filter(title__icontains=DROPPED).exists()
    assert not FollowUp.objects.filter(text__icontains=DROPPED).exists()
    assert Contribution.objects.filter(event=event, speaker_name="Erika Beispiel", actor__slug="aksll").count() == 1

    # The next date is a new event of the same series.
    starts = datetime(2022, 3, 14, 17, 0, tzinfo=BERLIN)
    (new_date,) = Event.objects.filter(series=event.series, starts_at=starts)
    assert "Kultur im Revier" in new_date.title
    assert new_date.ends_at == datetime(2022, 3, 14, 18, 30, tzinfo=BERLIN)
    assert Event.objects.count() == before["events"] + 1

    # The follow-up's page leads back to the meeting; the event page links the minutes.
    tour.click_and_check(main.locator(f'ul.minutes-follow-ups a[href="{saved.get_absolute_url()}"]'))
    assert page.locator(f'main a[href="{event.get_absolute_url()}"]').count() >= 1
    assert page.locator("main .followup-status-stalled").count() >= 1
    tour.click_and_check(page.locator(f'main dl.facts a[href="{event.get_absolute_url()}"]'))
    assert page.locator(f'main #protokoll a[href="{minutes_path}"]').count() == 1
    tour.assert_clean()

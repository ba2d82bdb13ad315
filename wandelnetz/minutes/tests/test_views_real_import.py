"""Journey 3, the minutes half, through the real importer: paste, preview, untick and correct, confirm.

The form is posted as a browser would post the preview (every field read from its HTML), so
the hidden original text makes the round trip too.
"""

import html
from datetime import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from wandelnetz.events.models import Contribution, Event
from wandelnetz.events.recurrence import BERLIN
from wandelnetz.events.tests.factories import event, series
from wandelnetz.followups.models import FollowUp
from wandelnetz.minutes.models import Minutes, MinutesLink
from wandelnetz.minutes.tests.factories_views import MINUTES_TEXT
from wandelnetz.minutes.tests.test_views_reading import assert_harmless
from wandelnetz.search.selectors import find_hits
from wandelnetz.topics.models import Topic

pytestmark = pytest.mark.django_db

TEXT = MINUTES_TEXT + "\nMehr unter https://www.aktionskreis-beispiel.de und kontakt@beispiel.de.\n"


class _FormFields(HTMLParser):
    """The values a browser would post from the page's form (checked boxes, inputs, selects, text areas)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.checkboxes: set[str] = set()
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            if a.get("type") == "checkbox":
                self.checkboxes.add(name)
                if "checked" in a:
                    self.values[name] = "on"
            elif a.get("type") not in ("submit", "file"):
                self.values[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            # The HTML parser drops one newline right after <textarea>; so do browsers.
            self.values[self._textarea] = text[1:] if text.startswith("\n") else text
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)


def form_fields(page: str) -> _FormFields:
    parser = _FormFields()
    parser.convert_charrefs = True
    parser.feed(page)
    return parser


@pytest.fixture
def meeting(owned_actor):
    stammtisch = series("Strukturwandel-Stammtisch", organisers=[owned_actor])
    return event(
        "Strukturwandel-Stammtisch Dezember",
        starts_at=datetime(2021, 12, 6, 17, 0, tzinfo=BERLIN),
        organisers=[owned_actor],
        series=stammtisch,
    )


def _preview(client, meeting, text: str = TEXT):
    response = client.post(reverse("minutes:minutes_upload", args=[meeting.slug]), {"text": text})
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.content.decode()


def test_paste_preview_untick_correct_confirm(client, owner, owned_actor, meeting):
    client.force_login(owner)
    before = (Minutes.objects.count(), Event.objects.count(), FollowUp.objects.count(), Contribution.objects.count())
    page = _preview(client, meeting)
    assert (
        Minutes.objects.count(),
        Event.objects.count(),
        FollowUp.objects.count(),
        Contribution.objects.count(),
    ) == before
    assert owned_actor.get_absolute_url() in page  # recognised
    assert "Erika Musterfrau" in page and "Lebendige Orte" in page and "padlet.com/beispiel/fazit" in page
    fields = form_fields(page)
    data = dict(fields.values)
    assert data["text"] == TEXT  # the original text comes back whole
    data["text"] = TEXT.replace("\n", "\r\n")  # as browsers send the lines of a text area
    follow_up_key = next(k[len("select-") :] for k in fields.checkboxes if k.startswith("select-follow-up"))
    topics = {data[k]: k[: -len("-name")] for k in data if k.startswith("topic-") and k.endswith("-name")}
    links = [k for k in fields.checkboxes if k.startswith("select-link")]
    website = next(
        k[len("select-") :]
        for k in links
        if "aktionskreis-beispiel.de" in html.unescape(page.split(f'id="id_{k}"')[1][:300])
    )
    # Untick a topic and a link, correct the follow-up and the date's theme.
    del data[f"select-{topics['Zivilgesellschaftliche Netzwerke']}"]
    del data[f"select-{website}"]
    data[f"{follow_up_key}-title"] = "Stammtisch zu Kunst und Kultur"
    data[f"{follow_up_key}-status"] = "stalled"
    data[f"{follow_up_key}-status_reason"] = "Mittel fehlen"
    data["date-1-title"] = "Lebendige Orte im Revier"

    response = client.post(reverse("minutes:minutes_confirm", args=[meeting.slug]), data)
    assert response.status_code == 303, response.content.decode()[:3000]
    minutes = Minutes.objects.get(event=meeting)
    assert minutes.text == TEXT and minutes.imported_by == owner
    follow_up = FollowUp.objects.get(source_event=meeting)
    assert (follow_up.title, follow_up.status, follow_up.status_reason) == (
        "Stammtisch zu Kunst und Kultur",
        "stalled",
        "Mittel fehlen",
    )
    assert not Topic.objects.filter(name="Zivilgesellschaftliche Netzwerke").exists()
    assert Topic.objects.filter(name="Mobilitätswende").exists()
    contribution = Contribution.objects.get(event=meeting)
    assert contribution.speaker_name == "Erika Musterfrau" and contribution.actor == owned_actor
    next_date = Event.objects.get(series=meeting.series, starts_at=datetime(2022, 1, 24, 17, 0, tzinfo=BERLIN))
    assert "Lebendige Orte im Revier" in next_date.title
    assert "aktionskreis-beispiel.de" not in " ".join(MinutesLink.objects.values_list("url", flat=True))
    assert MinutesLink.objects.filter(minutes=minutes, kind="pinboard").count() == 1

    page = client.get(response["Location"])
    assert page.status_code == 200
    shown = page.content.decode()
    assert "Stammtisch zu Kunst und Kultur" in shown and "Mittel fehlen" in shown
    assert "https://padlet.com/beispiel/fazit" in shown
    assert len([str(m) for m in page.context["messages"]]) == 1
    assert [h.url for h in find_hits("Begegnungsorte", kinds=["minutes.minutes"])] == [response["Location"]]


def test_a_second_import_keeps_what_the_first_saved(client, owner, meeting):
    client.force_login(owner)
    data = form_fields(_preview(client, meeting)).values
    assert client.post(reverse("minutes:minutes_confirm", args=[meeting.slug]), data).status_code == 303
    assert Contribution.objects.filter(event=meeting).count() == 1
    upload_page = client.get(reverse("minutes:minutes_upload", args=[meeting.slug])).content.decode()
    assert 'class="notice"' in upload_page
    again = _preview(client, meeting, TEXT + "\nNachtrag: alles gut.\n")
    fields = form_fields(again)
    assert "select-contribution-1" not in fields.checkboxes  # already recorded, nothing to choose
    response = client.post(reverse("minutes:minutes_confirm", args=[meeting.slug]), fields.values)
    assert response.status_code == 303
    assert Contribution.objects.filter(event=meeting).count() == 1
    assert FollowUp.objects.filter(source_event=meeting).count() == 1
    assert Minutes.objects.get().text.endswith("Nachtrag: alles gut.\n")


def test_stalled_without_a_reason_is_400_and_saves_nothing(client, owner, meeting):
    client.force_login(owner)
    fields = form_fields(_preview(client, meeting))
    data = dict(fields.values)
    key = next(k[len("select-") :] for k in fields.checkboxes if k.startswith("select-follow-up"))
    data[f"{key}-status"] = "stalled"
    data[f"{key}-status_reason"] = ""
    events_before = Event.objects.count()
    response = client.post(reverse("minutes:minutes_confirm", args=[meeting.slug]), data)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not Minutes.objects.exists() and not FollowUp.objects.exists() and Event.objects.count() == events_before


def test_html_and_script_in_imported_minutes_stay_text(client, owner, meeting):
    client.force_login(owner)
    text = TEXT + '\n<script>alert("x")</script>\n\n<img src=x onerror=alert(1)> [klick](javascript:alert(2))\n'
    page = _preview(client, meeting, text)
    assert_harmless(page)
    data = form_fields(page).values
    assert data["text"] == text
    response = client.post(reverse("minutes:minutes_confirm", args=[meeting.slug]), data)
    assert response.status_code == 303
    assert Minutes.objects.get().text == text  # kept whole
    assert_harmless(client.get(response["Location"]).content.decode())
    assert_harmless(client.get(meeting.get_absolute_url()).content.decode())

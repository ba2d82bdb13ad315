"""Importing minutes: upload or paste, a preview that saves nothing, confirming with choices and corrections.

Only editors of an organising actor and moderators import; anonymous visitors are sent to
sign in, everyone else gets 403. Bad input is a 400 with a message, and nothing is saved.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wandelnetz.events.models import Contribution, Event
from wandelnetz.events.tests.factories import event
from wandelnetz.followups.models import FollowUp
from wandelnetz.minutes import importer
from wandelnetz.minutes.models import MAX_MINUTES_CHARS, Minutes
from wandelnetz.minutes.proposal import ProposedFollowUp
from wandelnetz.minutes.tests.factories_views import MINUTES_TEXT, minutes_for, proposal

pytestmark = pytest.mark.django_db


def urls(ev: Event) -> dict[str, str]:
    return {
        name: reverse(f"minutes:minutes_{name}", args=[ev.slug]) for name in ("upload", "confirm", "edit", "delete")
    }


def counts() -> tuple[int, ...]:
    return (Minutes.objects.count(), Event.objects.count(), FollowUp.objects.count(), Contribution.objects.count())


@pytest.fixture
def meeting(owned_actor):
    return event("Stammtisch Dezember", organisers=[owned_actor])


@pytest.fixture
def handmade(monkeypatch, owned_actor):
    """The importer's proposal replaced by a hand-made one; apply_proposal records what it was given."""
    applied: dict = {}

    def build(text: str, *, event=None):
        return proposal(owned_actor)

    def apply(made, *, event, text, user):
        applied.update(proposal=made, text=text, user=user)
        return Minutes.objects.create(event=event, text=text)

    monkeypatch.setattr(importer, "build_proposal", build)
    monkeypatch.setattr(importer, "apply_proposal", apply)
    return applied


# --- Permissions --------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, meeting):
    minutes_for(meeting)
    before = counts()
    for url in urls(meeting).values():
        for method in (client.get, client.post):
            response = method(url, {"text": MINUTES_TEXT})
            assert response.status_code == 302 and "/konto/login/" in response["Location"], url
    assert counts() == before


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_others_get_403_and_nothing_changes(client, meeting, persona, request):
    minutes_for(meeting)
    client.force_login(request.getfixturevalue(persona))
    before = counts()
    for url in urls(meeting).values():
        assert client.get(url).status_code in (403, 405), url
        assert client.post(url, {"text": "Gekapert"}).status_code == 403, url
    assert Minutes.objects.get().text.startswith("# Strukturwandel")
    assert counts() == before


def test_moderator_may_import(client, meeting, moderator, handmade):
    client.force_login(moderator)
    assert client.get(urls(meeting)["upload"]).status_code == 200
    assert client.post(urls(meeting)["upload"], {"text": MINUTES_TEXT}).status_code == 200


def test_confirm_only_takes_posts(client, owner, meeting):
    client.force_login(owner)
    assert client.get(urls(meeting)["confirm"]).status_code == 405


# --- Upload and preview ---------------------------------------------------------------------------


def test_upload_page_says_when_minutes_exist(client, owner, meeting):
    client.force_login(owner)
    page = client.get(urls(meeting)["upload"]).content.decode()
    assert 'name="text"' in page and 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert 'class="notice"' not in page
    minutes_for(meeting)
    assert 'class="notice"' in client.get(urls(meeting)["upload"]).content.decode()


def test_preview_of_pasted_text_shows_every_section_and_saves_nothing(client, owner, meeting, handmade):
    client.force_login(owner)
    before = counts()
    response = client.post(urls(meeting)["upload"], {"text": MINUTES_TEXT})
    assert response.status_code == 200
    assert counts() == before and not handmade
    assert [t.name for t in response.templates][0] == "minutes/preview.html"
    html = response.content.decode()
    for key in ("actor-1", "actor-2", "contribution-1", "topic-1", "followup-1", "date-1", "link-1"):
        assert f'name="select-{key}"' in html, key
        assert f'id="id_select-{key}"' in html and f'for="id_select-{key}"' in html  # labelled
    assert 'name="select-contribution-2"' not in html  # already recorded: nothing to choose
    assert '<time datetime="2021-12-06">6. Dezember 2021</time>' in html  # the meeting's day, as a date
    assert 'name="actor-2-name"' in html and 'name="actor-1-name"' not in html  # only new actors are named anew
    assert 'name="followup-1-title"' in html and 'name="followup-1-status"' in html
    assert 'name="followup-1-status_reason"' in html
    for status in FollowUp.Status:
        assert f'value="{status.value}"' in html
    assert html.count("<fieldset") >= 6 and html.count("<legend>") >= 6
    assert "Eine Zeile konnte nicht gelesen werden." in html  # warnings
    assert "## 2 Diskussion" in html  # the unassigned rest
    assert "<details" in html and 'name="text" hidden' in html
    assert reverse("minutes:minutes_confirm", args=[meeting.slug]) in html
    assert "checked" in html


def test_preview_of_an_uploaded_file(client, owner, meeting, handmade):
    client.force_login(owner)
    upload = SimpleUploadedFile("protokoll.md", MINUTES_TEXT.encode("utf-8"), content_type="text/markdown")
    response = client.post(urls(meeting)["upload"], {"file": upload})
    assert response.status_code == 200
    assert "Lebendige Orte" in response.content.decode()
    windows = SimpleUploadedFile("protokoll.txt", "Größe und Übergänge".encode("cp1252"), content_type="text/plain")
    response = client.post(urls(meeting)["upload"], {"file": windows})
    assert response.status_code == 200
    assert "Größe und Übergänge" in response.content.decode()  # the original text, decoded
    assert not Minutes.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"text": ""},
        {"text": "   \n\n  "},
        {"text": "x" * (MAX_MINUTES_CHARS + 1)},
        {"file": ("protokoll.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")},
        {"file": ("bild.png", b"Text in a picture's clothes")},
        {"file": ("riesig.txt", b"a" * (MAX_MINUTES_CHARS * 4 + 1))},
        {"file": ("leer.txt", b"")},
        {"text": "Beides", "file": ("protokoll.md", b"Text")},
    ],
    ids=["empty", "blank", "too-long", "binary", "not-text-suffix", "too-large-file", "empty-file", "both"],
)
def test_bad_input_is_400_with_a_message_and_saves_nothing(client, owner, meeting, data, monkeypatch):
    called = []
    monkeypatch.setattr(importer, "build_proposal", lambda *a, **k: called.append(1))
    client.force_login(owner)
    if "file" in data:
        name, content = data["file"]
        data = {**data, "file": SimpleUploadedFile(name, content)}
    before = counts()
    response = client.post(urls(meeting)["upload"], data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and "<li>" in html.split('class="error-summary"')[1]
    assert counts() == before and not called


# --- Confirming -------------------------------------------------------------------------------------


def _choices(**overrides: str) -> dict[str, str]:
    """What the preview posts when nothing is changed: every box ticked, every value as proposed."""
    data = {
        "text": MINUTES_TEXT,
        "select-actor-1": "on",
        "select-actor-2": "on",
        "actor-2-name": "Neuer Verein e.V.",
        "select-contribution-1": "on",
        "contribution-1-title": "Impuls",
        "select-topic-1": "on",
        "topic-1-name": "Mobilitätswende",
        "select-followup-1": "on",
        "followup-1-title": "Stammtisch zu Kunst und Kultur",
        "followup-1-status": "proposed",
        "followup-1-status_reason": "",
        "select-date-1": "on",
        "date-1-title": "Lebendige Orte",
        "select-link-1": "on",
        "link-1-label": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_confirm_applies_deselection_and_corrections_and_redirects(client, owner, meeting, handmade):
    client.force_login(owner)
    data = _choices(
        **{
            "select-actor-2": None,  # unticked: the browser sends nothing
            "followup-1-title": "  Stammtisch Kunst & Kultur  ",
            "followup-1-status": "stalled",
            "followup-1-status_reason": "Mittel fehlen",
            "topic-1-name": "Mobilität",
            "link-1-label": "Pinnwand Fazit",
            "select-unknown-9": "on",  # not in the text: ignored
            "unknown-9-title": "Eingeschmuggelt",
        }
    )
    response = client.post(urls(meeting)["confirm"], data)
    assert response.status_code == 303
    assert response["Location"] == reverse("minutes:minutes_detail", args=[meeting.slug])
    applied = handmade["proposal"]
    assert handmade["text"] == MINUTES_TEXT and handmade["user"] == owner
    assert applied.item("actor-2").selected is False and applied.item("actor-1").selected is True
    follow_up = applied.item("followup-1")
    assert (follow_up.title, follow_up.status, follow_up.status_reason) == (
        "Stammtisch Kunst & Kultur",
        "stalled",
        "Mittel fehlen",
    )
    assert applied.item("topic-1").name == "Mobilität"
    assert applied.item("link-1").label == "Pinnwand Fazit"
    assert applied.item("contribution-2").selected is True  # already recorded: left as proposed
    assert applied.item("unknown-9") is None
    page = client.get(response["Location"])
    assert page.status_code == 200
    messages = [str(m) for m in page.context["messages"]]
    assert len(messages) == 1 and "1" in messages[0]


@pytest.mark.parametrize(
    "overrides",
    [
        {"followup-1-title": "x" * 201},
        {"followup-1-title": "   "},
        {"followup-1-status": "vergessen"},
        {"followup-1-status": "stalled", "followup-1-status_reason": ""},
        {"followup-1-status_reason": "r" * 301},
        {"actor-2-name": "n" * 201},
        {"actor-2-name": ""},
        {"topic-1-name": "t" * 121},
        {"contribution-1-title": "c" * 301},
    ],
)
def test_invalid_corrections_rerender_the_preview_with_400(client, owner, meeting, handmade, overrides):
    client.force_login(owner)
    before = counts()
    response = client.post(urls(meeting)["confirm"], _choices(**overrides))
    assert response.status_code == 400
    assert [t.name for t in response.templates][0] == "minutes/preview.html"
    assert 'class="error-summary"' in response.content.decode()
    assert counts() == before and not handmade


def test_an_empty_title_of_an_unticked_item_is_no_error(client, owner, meeting, handmade):
    client.force_login(owner)
    response = client.post(urls(meeting)["confirm"], _choices(**{"select-followup-1": None, "followup-1-title": ""}))
    assert response.status_code == 303
    assert handmade["proposal"].item("followup-1").selected is False


def test_confirm_with_a_refused_text_is_400_and_saves_nothing(client, owner, meeting, handmade):
    client.force_login(owner)
    for text in ("", "x" * (MAX_MINUTES_CHARS + 1)):
        response = client.post(urls(meeting)["confirm"], _choices(text=text))
        assert response.status_code == 400
        assert 'class="error-summary"' in response.content.decode()
    assert not Minutes.objects.exists() and not handmade


def test_a_refusal_while_saving_rerenders_the_preview(client, owner, owned_actor, meeting, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuse(*args, **kwargs):
        raise ValidationError("Dieser Termin passt nicht.")

    monkeypatch.setattr(importer, "build_proposal", lambda text, event=None: proposal(owned_actor))
    monkeypatch.setattr(importer, "apply_proposal", refuse)
    client.force_login(owner)
    response = client.post(urls(meeting)["confirm"], _choices())
    assert response.status_code == 400
    assert "Dieser Termin passt nicht." in response.content.decode()
    assert not Minutes.objects.exists()


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_minutes_of_several_megabytes_get_the_form_with_a_message(client, owner, meeting, encoding, settings):
    """Beyond DATA_UPLOAD_MAX_MEMORY_SIZE the posting is never parsed; the page still says why."""
    from urllib.parse import urlencode

    client.force_login(owner)
    text = "Sehr langes Protokoll. " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 20)
    before = counts()
    if encoding == "multipart":
        response = client.post(urls(meeting)["upload"], {"text": text})
    else:
        response = client.post(
            urls(meeting)["upload"], urlencode({"text": text}), content_type="application/x-www-form-urlencoded"
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'name="text"' in html
    assert counts() == before


def test_a_file_larger_than_minutes_can_be_is_dropped_while_it_arrives(client, owner, meeting, monkeypatch):
    called = []
    monkeypatch.setattr(importer, "decode_upload", lambda data: called.append(len(data)))
    client.force_login(owner)
    big = SimpleUploadedFile("protokoll.md", b"Wort " * (MAX_MINUTES_CHARS + 10))
    response = client.post(urls(meeting)["upload"], {"file": big})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not called and not Minutes.objects.exists()


def test_the_upload_is_still_protected_against_cross_site_posts(owner, meeting):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    assert browser.post(urls(meeting)["upload"], {"text": MINUTES_TEXT}).status_code == 403
    page = browser.get(urls(meeting)["upload"])
    token = page.cookies["csrftoken"].value
    response = browser.post(urls(meeting)["upload"], {"text": MINUTES_TEXT, "csrfmiddlewaretoken": token})
    assert response.status_code == 200


def test_too_much_text_from_strangers_is_refused_before_anything(client, outsider, meeting, settings):
    text = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    assert client.post(urls(meeting)["upload"], {"text": text}).status_code == 302  # to sign in
    client.force_login(outsider)
    assert client.post(urls(meeting)["upload"], {"text": text}).status_code == 403


def _unchanged(preview) -> dict[str, str]:
    """What the preview page posts when nothing is changed (its form's current values)."""
    data = {"text": preview.context["text"]}
    for field in preview.context["form"]:
        value = field.value()
        if value is True:
            data[field.html_name] = "on"
        elif value not in (None, False, ""):
            data[field.html_name] = str(value)
    return data


def test_importing_the_same_minutes_again_recognises_the_follow_ups(client, owner, meeting):
    """The real importer: a coordinator corrects a follow-up's title, later imports the same text again;
    the follow-up is shown as already recorded (nothing to tick) and is not made twice."""
    client.force_login(owner)
    preview = client.post(urls(meeting)["upload"], {"text": MINUTES_TEXT})
    data = _unchanged(preview)
    title_field = next(name for name in data if name.endswith("-title") and "follow" in name)
    data[title_field] = "Kunst und Kultur am Stammtisch"
    assert client.post(urls(meeting)["confirm"], data).status_code == 303
    made = FollowUp.objects.get(source_event=meeting)
    assert made.title == "Kunst und Kultur am Stammtisch"
    again = client.post(urls(meeting)["upload"], {"text": MINUTES_TEXT})
    html = again.content.decode()
    assert again.status_code == 200
    # the preview shows what the minutes say; the corrected title only in the list of what is recorded …
    assert html.count("Kunst und Kultur am Stammtisch") == 1
    assert f'Schon erfasst: <a href="{made.get_absolute_url()}">Kunst und Kultur am Stammtisch</a></p>' in html
    assert "schon erfasst" in html and f'name="{title_field}"' not in html  # … as already recorded
    before = counts()
    assert client.post(urls(meeting)["confirm"], _unchanged(again)).status_code == 303
    assert counts() == before and FollowUp.objects.filter(source_event=meeting).count() == 1


def test_the_warnings_come_before_the_items(client, owner, meeting, handmade):
    """What to check (e.g. minutes dated on another day than the event) is read first, not after
    every item of a long preview: a headed list right after the facts, before the first fieldset."""
    client.force_login(owner)
    html = client.post(urls(meeting)["upload"], {"text": MINUTES_TEXT}).content.decode()
    warnings = html.index('<section class="preview-section" aria-labelledby="warnings-title">')
    assert html.index('<dl class="facts preview-facts">') < warnings < html.index("<fieldset")
    assert warnings < html.index("Eine Zeile konnte nicht gelesen werden.") < html.index("<fieldset")
    assert '<h2 id="warnings-title">Bitte prüfen</h2>' in html
    assert '<ul class="preview-warnings"><li>Eine Zeile konnte nicht gelesen werden.</li></ul>' in html


def test_a_recognised_owner_is_named_as_the_actor_not_as_written(client, owner, owned_actor, meeting, monkeypatch):
    """The minutes name the owner in the genitive ('des Aktionskreis Beispiels'): the preview names the
    actor recognised (linked); only an actor offered for creation is shown as written."""
    made = proposal(owned_actor)
    made.actors[0].name = "Aktionskreis Beispiels"
    made.follow_ups[0].owner_actor_key = "actor-1"
    made.follow_ups.append(
        ProposedFollowUp(
            key="followup-2", title="Neues", text="Der Neue Verein e.V. kümmert sich.", owner_actor_key="actor-2"
        )
    )
    monkeypatch.setattr(importer, "build_proposal", lambda text, *, event=None: made)
    client.force_login(owner)
    html = client.post(urls(meeting)["upload"], {"text": MINUTES_TEXT}).content.decode()
    assert f'Zuständig: <a href="{owned_actor.get_absolute_url()}">Aktionskreis Beispiel</a>' in html
    assert "Zuständig: Aktionskreis Beispiels" not in html
    assert "Zuständig: Neuer Verein e.V." in html


def test_the_follow_up_text_is_rendered_as_safe_markdown(client, owner, owned_actor, meeting, monkeypatch):
    """As on the follow-up's page: **bold** is bold, not asterisks; markup in the minutes stays text."""
    made = proposal(owned_actor)
    made.follow_ups[0].text = "Die **Mobilitätswende** braucht Orte.\nZweite Zeile <script>alert(1)</script>"
    monkeypatch.setattr(importer, "build_proposal", lambda text, *, event=None: made)
    client.force_login(owner)
    html = client.post(urls(meeting)["upload"], {"text": MINUTES_TEXT}).content.decode()
    assert "Die <strong>Mobilitätswende</strong> braucht Orte." in html
    quote = html.split('<blockquote class="preview-quote">')[1].split("</blockquote>")[0]
    assert "**" not in quote
    assert "<script>alert(1)</script>" not in html


def _checkbox(html: str, name: str) -> str:
    found = re.search(rf'<input type="checkbox" name="{name}"[^>]*>', html)
    assert found is not None, name
    return found.group(0)


def test_follow_ups_already_recorded_are_listed_and_new_ones_offered_unticked(client, owner, meeting):
    """The real importer: the event already has follow-ups (here recorded by hand, so nothing matches them).
    The preview lists them, linked, and offers the recognised follow-ups unticked, saying why; the confirm
    step saves exactly what stays ticked, and tampered input is still a 400."""
    client.force_login(owner)
    fresh = client.post(urls(meeting)["upload"], {"text": MINUTES_TEXT}).content.decode()
    assert "checked" in _checkbox(fresh, "select-follow-up-1")  # nothing recorded yet: ticked
    assert "Schon erfasst:" not in fresh and "nicht angehakt" not in fresh
    minutes_for(meeting, follow_ups=2)
    recorded = list(FollowUp.objects.filter(source_event=meeting).order_by("title"))
    preview = client.post(urls(meeting)["upload"], {"text": MINUTES_TEXT})
    html = preview.content.decode()
    assert preview.status_code == 200
    links = ", ".join(f'<a href="{f.get_absolute_url()}">{f.title}</a>' for f in recorded)
    assert f"Schon erfasst: {links}</p>" in html
    assert "die hier erkannten Folgeschritte nicht angehakt" in html
    assert "checked" not in _checkbox(html, "select-follow-up-1")
    assert "checked" in _checkbox(html, "select-topic-1")  # other items are ticked as before
    tampered = {**_unchanged(preview), "select-follow-up-1": "on", "follow-up-1-status": "erledigt!"}
    before = counts()
    assert client.post(urls(meeting)["confirm"], tampered).status_code == 400
    assert counts() == before
    assert client.post(urls(meeting)["confirm"], _unchanged(preview)).status_code == 303
    assert FollowUp.objects.filter(source_event=meeting).count() == len(recorded)  # unticked: no near-duplicate
    ticked = {**_unchanged(preview), "select-follow-up-1": "on"}
    assert client.post(urls(meeting)["confirm"], ticked).status_code == 303
    assert FollowUp.objects.filter(source_event=meeting).count() == len(recorded) + 1


def test_the_upload_says_replace_when_the_event_has_minutes(client, owner, meeting, handmade):
    """'Protokoll hinzufügen' over a form that replaces the minutes: the heading and the preview's
    breadcrumb say 'Protokoll ersetzen' then."""
    client.force_login(owner)
    page = client.get(urls(meeting)["upload"]).content.decode()
    assert "<h1>Protokoll hinzufügen: Stammtisch Dezember</h1>" in page and "ersetzen" not in page
    minutes_for(meeting)
    page = client.get(urls(meeting)["upload"]).content.decode()
    assert "<h1>Protokoll ersetzen: Stammtisch Dezember</h1>" in page and "<title>Protokoll ersetzen" in page
    assert "Protokoll hinzufügen" not in page
    preview = client.post(urls(meeting)["upload"], {"text": MINUTES_TEXT}).content.decode()
    assert f'<a href="{urls(meeting)["upload"]}">Protokoll ersetzen</a></p>' in preview
    assert "Protokoll hinzufügen" not in preview


def test_the_upload_names_both_limits_before_and_after(client, owner, meeting):
    """A 4 MB file was told 'höchstens 781 KB', and a 770 KB file then 'höchstens 200.000 Zeichen':
    the form's help names both limits beforehand, and a file too large is told both too."""
    client.force_login(owner)
    limits = "Ein Protokoll darf höchstens 200.000 Zeichen haben, eine Datei höchstens 781 KB."
    page = client.get(urls(meeting)["upload"]).content.decode()
    assert limits in page
    big = SimpleUploadedFile("protokoll.md", b"x" * (4 * 1024 * 1024))
    response = client.post(urls(meeting)["upload"], {"file": big})
    assert response.status_code == 400
    assert f"Die Datei ist zu groß: {limits}" in response.content.decode()
    long = SimpleUploadedFile("protokoll.md", ("Wort " * 154_000).encode())  # 770 KB, 770.000 characters
    response = client.post(urls(meeting)["upload"], {"file": long})
    assert response.status_code == 400
    assert "höchstens 200.000 Zeichen, dieses hat 770.000" in response.content.decode()
    assert not Minutes.objects.exists()

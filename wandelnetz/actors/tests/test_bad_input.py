"""Bad input gets a clear message and a 4xx, never a 500, and saves nothing."""

import pytest
from django.urls import reverse

from wandelnetz.actors.models import Actor, Relation
from wandelnetz.actors.tests.factories import actor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"topic": "gibt-es-nicht"}, "Es gibt kein Thema „gibt-es-nicht“"),
        ({"region": "atlantis"}, "Es gibt keine Region „atlantis“"),
        ({"kind": "raumschiff"}, "Bitte eine gültige Auswahl treffen"),
        ({"page": "abc"}, "Die Seitenzahl muss eine ganze Zahl sein"),
        ({"page": "-3"}, "Die Seitenzahl muss zwischen 1 und 100000 liegen"),
        ({"page": "1e9"}, "Die Seitenzahl muss eine ganze Zahl sein"),
        ({"q": "x" * 500}, "aus höchstens 200 Zeichen"),
        ({"topic": "x" * 500}, "aus höchstens 200 Zeichen"),
    ],
)
def test_unknown_filter_values_are_a_400_with_a_message(client, params, message):
    actor("Ein Verein")
    response = client.get(reverse("actors:actor_list"), params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_page_past_the_end_is_a_404(client):
    actor("Ein Verein")
    assert client.get(reverse("actors:actor_list"), {"page": "7"}).status_code == 404


def test_search_with_only_punctuation_or_quotes_does_not_fail(client):
    actor("Ein Verein")
    for q in ['"', "'", "*", "AND OR NOT", "NEAR(", "-", "^", "(", ")", ":"]:
        response = client.get(reverse("actors:actor_list"), {"q": q})
        assert response.status_code == 200, q


def test_proposal_with_invalid_fields_saves_nothing(client, member):
    client.force_login(member)
    response = client.post(
        reverse("actors:actor_create"),
        {
            "name": "x" * 201,
            "kind": "association",
            "website": "javascript:alert(1)",
            "email": "keine-adresse",
            "founded_year": "1492",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "Bitte eine gültige Adresse eingeben" in html
    assert "Bitte gültige E-Mail-Adresse eingeben" in html
    assert "aus höchstens 200 Zeichen" in html
    assert Actor.objects.count() == 0


def test_edit_with_invalid_data_keeps_the_saved_profile(client, owner, owned_actor):
    client.force_login(owner)
    response = client.post(
        reverse("actors:actor_edit", args=[owned_actor.slug]),
        {"name": "", "kind": "association", "website": "not a url"},
    )
    assert response.status_code == 400
    owned_actor.refresh_from_db()
    assert owned_actor.name == "Aktionskreis Beispiel"
    assert owned_actor.history.count() == 1


@pytest.mark.parametrize("field", ["topics", "regions", "places"])
@pytest.mark.parametrize("value", ["9" * 24, "²", "-1"])
def test_tampered_checkbox_ids_are_a_400(client, owner, owned_actor, field, value):
    """An id no column holds (SQLite raised OverflowError in the IN list) is a form error."""
    client.force_login(owner)
    response = client.post(
        reverse("actors:actor_edit", args=[owned_actor.slug]),
        {"name": "Neu", "kind": "association", field: [value]},
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    owned_actor.refresh_from_db()
    assert owned_actor.name == "Aktionskreis Beispiel"


def elements_with_event_handlers(html: str) -> list[str]:
    from html.parser import HTMLParser

    found: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(f"{tag}[{name}]" for name, _ in attrs if name.startswith("on"))

    Parser().feed(html)
    return found


def test_hostile_markdown_is_rendered_harmless(client, owner, owned_actor):
    client.force_login(owner)
    hostile = (
        "<script>alert('x')</script>\n\n[klick](javascript:alert(1))\n\n<img src=x onerror=\"alert(1)\">\n\n**fett**"
    )
    response = client.post(
        reverse("actors:actor_edit", args=[owned_actor.slug]),
        {"name": owned_actor.name, "kind": owned_actor.kind, "description": hostile},
    )
    assert response.status_code == 302
    html = client.get(owned_actor.get_absolute_url()).content.decode()
    # Raw HTML is shown as text, the javascript: link is not made a link.
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert 'href="javascript' not in html
    assert "<img src=x" not in html
    assert not elements_with_event_handlers(html)
    assert "<strong>fett</strong>" in html


def test_over_long_description_is_refused(client, owner, owned_actor):
    client.force_login(owner)
    response = client.post(
        reverse("actors:actor_edit", args=[owned_actor.slug]),
        {"name": owned_actor.name, "kind": owned_actor.kind, "description": "a" * 20_001},
    )
    assert response.status_code == 400
    owned_actor.refresh_from_db()
    assert owned_actor.description == ""


def test_relation_to_unknown_or_same_actor_is_refused(client, owner, owned_actor):
    client.force_login(owner)
    url = reverse("actors:relation_propose", args=[owned_actor.slug])
    response = client.post(url, {"kind": "part_of", "other": "Niemand", "direction": "out"})
    assert response.status_code == 400
    assert "Kein veröffentlichter Akteur" in response.content.decode()
    response = client.post(url, {"kind": "part_of", "other": owned_actor.slug, "direction": "out"})
    assert response.status_code == 400
    assert Relation.objects.count() == 0


def test_relation_with_end_before_start_is_refused(client, owner, owned_actor):
    other = actor("Bündnis")
    client.force_login(owner)
    response = client.post(
        reverse("actors:relation_propose", args=[owned_actor.slug]),
        {
            "kind": "part_of",
            "other": other.slug,
            "direction": "out",
            "start_date": "2022-01-01",
            "end_date": "2021-01-01",
        },
    )
    assert response.status_code == 400
    assert Relation.objects.count() == 0


def test_unknown_moderation_decision_is_a_400(client, moderator):
    pending = actor("Wartet", status=Actor.Status.PENDING)
    client.force_login(moderator)
    response = client.post(reverse("actors:actor_moderate", args=[pending.slug]), {"decision": "explode"})
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == Actor.Status.PENDING


def test_rejection_needs_a_reason(client, moderator):
    pending = actor("Wartet", status=Actor.Status.PENDING)
    client.force_login(moderator)
    response = client.post(reverse("actors:actor_moderate", args=[pending.slug]), {"decision": "reject", "note": ""})
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == Actor.Status.PENDING


def test_logo_that_is_not_an_image_is_refused(client, owner, owned_actor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(owner)
    response = client.post(
        reverse("actors:actor_edit", args=[owned_actor.slug]),
        {
            "name": owned_actor.name,
            "kind": owned_actor.kind,
            "logo": SimpleUploadedFile("logo.png", b"<?php echo 1; ?>", content_type="image/png"),
        },
    )
    assert response.status_code == 400
    owned_actor.refresh_from_db()
    assert not owned_actor.logo


def test_the_logo_limit_is_said_before_the_upload(client, member):
    client.force_login(member)
    html = client.get(reverse("actors:actor_create")).content.decode()
    assert "Ein Bild (PNG, JPEG, WebP oder GIF) von höchstens 1 MB." in html
    assert 'accept="image/png,image/jpeg,image/webp,image/gif"' in html


def test_region_and_topic_checkboxes_show_the_tree(client, member):
    # They were a flat list in creation order: "Deutzen" next to "Landkreis Nordsachsen", subtopics among topics.
    from wandelnetz.topics.models import Region
    from wandelnetz.topics.tests.factories import region, topic

    revier = region("Mitteldeutsches Revier", kind=Region.Kind.REVIER)
    region("Stadt Leipzig", parent=revier)
    district = region("Landkreis Leipzig", parent=revier)
    region("Neukieritzsch", parent=district, kind=Region.Kind.MUNICIPALITY)
    region("Burgenlandkreis", parent=revier)
    transformation = topic("Nachhaltige Transformation")
    topic("Mobilität", parent=transformation)
    topic("Arbeitsplätze", parent=transformation)
    topic("Beteiligung")
    client.force_login(member)
    form = client.get(reverse("actors:actor_create")).context["form"]
    regions = [label for _, label in form.fields["regions"].choices]
    assert regions == [
        "Mitteldeutsches Revier",
        "— Burgenlandkreis",
        "— Landkreis Leipzig",
        "— — Neukieritzsch",
        "— Stadt Leipzig",
    ]
    topics = [label for _, label in form.fields["topics"].choices]
    assert topics == ["Beteiligung", "Nachhaltige Transformation", "— Arbeitsplätze", "— Mobilität"]


@pytest.mark.parametrize("phone", ["Ruf an: keine Nummer", "+", "12", "0341²123", "0341 123 ext. 5", "javascript:1"])
def test_a_phone_that_is_no_number_is_refused(client, owner, owned_actor, phone):
    """The page links the number (tel:): words there would dial nothing."""
    client.force_login(owner)
    response = client.post(
        reverse("actors:actor_edit", args=[owned_actor.slug]),
        {"name": owned_actor.name, "kind": owned_actor.kind, "phone": phone},
    )
    assert response.status_code == 400
    assert "Bitte eine Telefonnummer aus Ziffern angeben" in response.content.decode()
    owned_actor.refresh_from_db()
    assert owned_actor.phone == ""


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("+49 341 1234567", "+49 341 1234567"),
        ("0341 / 123 45-67", "0341 / 123 45-67"),
        (" (034 1)  12.34 ", "(034 1) 12.34"),
    ],
)
def test_usual_phone_numbers_are_kept(client, owner, owned_actor, phone, stored):
    client.force_login(owner)
    response = client.post(
        reverse("actors:actor_edit", args=[owned_actor.slug]),
        {"name": owned_actor.name, "kind": owned_actor.kind, "phone": phone},
    )
    assert response.status_code == 302
    owned_actor.refresh_from_db()
    assert owned_actor.phone == stored

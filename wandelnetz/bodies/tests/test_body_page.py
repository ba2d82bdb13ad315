"""A body's page: civil society's seats in plain words, the power ladder, seats, sources, the
verification state, upcoming meetings and JSON-LD."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from wandelnetz.actors.tests.factories import actor
from wandelnetz.bodies import services
from wandelnetz.bodies.models import Body, Seat
from wandelnetz.bodies.sentences import civil_society_sentence
from wandelnetz.bodies.tests.factories import body, civil_seat, other_seat
from wandelnetz.events.tests.factories import event, next_week_at, series
from wandelnetz.topics.tests.factories import region

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def sentence_of(made: Body) -> str:
    seats = list(made.seats.select_related("actor"))
    with override("en"):
        return civil_society_sentence(seats, [s for s in seats if s.is_current()])


@pytest.fixture
def aksll():
    return actor("Aktionskreis Strukturwandel Leipziger Land", short_name="AkSLL")


def test_sentence_voting_seats_with_holders(aksll):
    made = body(seats=[civil_seat(aksll, count=2), civil_seat(role="Jugendvertretung"), other_seat()])
    assert sentence_of(made) == "Civil society sits here with 3 seats with voting rights: AkSLL, Jugendvertretung."


def test_sentence_one_voting_seat_and_advisory_ones(aksll):
    made = body(seats=[civil_seat(aksll), civil_seat(role="Umweltverbände", rights="advisory", count=2)])
    assert sentence_of(made) == (
        "Civil society sits here with 1 seat with voting rights: AkSLL. "
        "In addition, it has 2 advisory seats: Umweltverbände."
    )


def test_sentence_advisory_only(aksll):
    made = body(seats=[civil_seat(aksll, rights="advisory"), other_seat()])
    assert sentence_of(made) == "Civil society sits here with 1 seat, advisory only: AkSLL."


def test_sentence_no_civil_society_seat_also_when_it_ended(aksll):
    yesterday = timezone.localdate() - timedelta(days=1)
    made = body(seats=[other_seat("Kreisräte", count=80), civil_seat(aksll, until=yesterday)])
    assert sentence_of(made) == "Civil society has no seat here."


def test_sentence_when_every_seat_has_ended_says_today_is_unknown(aksll):
    yesterday = timezone.localdate() - timedelta(days=1)
    made = body(seats=[civil_seat(aksll, until=yesterday)])
    assert sentence_of(made) == "No seat is recorded for today: the seats below have ended."


def test_sentence_when_every_seat_begins_later_does_not_say_they_ended(aksll):
    """A body whose seats start next month (a council not yet constituted) has no ended seats."""
    next_month = timezone.localdate() + timedelta(days=30)
    made = body(seats=[civil_seat(aksll, since=next_month), other_seat("Kreisräte", since=next_month)])
    assert sentence_of(made) == "No seat is held yet: the seats below begin later."


def test_sentence_when_seats_have_ended_and_others_begin_later(aksll):
    yesterday = timezone.localdate() - timedelta(days=1)
    next_month = timezone.localdate() + timedelta(days=30)
    made = body(seats=[civil_seat(aksll, until=yesterday), other_seat("Kreisräte", since=next_month)])
    assert sentence_of(made) == "No seat is recorded for today: the seats below have ended or begin later."


def test_seats_section_without_seats_is_only_for_editors_with_a_link_to_add_them(client, body_editor):
    empty = body("Beirat ohne Sitze", editors=[body_editor])
    html = client.get(empty.get_absolute_url()).content.decode()
    assert 'id="seats-title"' not in html  # the sentence above already says nothing is known
    assert "Über die Sitze ist nichts bekannt." in html
    client.force_login(body_editor)
    html = client.get(empty.get_absolute_url()).content.decode()
    assert 'id="seats-title"' in html and reverse("bodies:body_edit", args=[empty.slug]) in html


def test_sentence_nothing_known():
    assert sentence_of(body()) == "Nothing is known about the seats."


def test_the_page_shows_the_sentence_ladder_seats_and_sources(client, aksll):
    made = body(
        "Begleitausschuss Strukturwandel",
        kind=Body.Kind.MONITORING_COMMITTEE,
        level=Body.Level.STATE,
        power=Body.Power.CODECIDE,
        openness=Body.Openness.INVITATION,
        convened_by=aksll,
        regions=[region("Landkreis Leipzig")],
        sources=[("https://example.org/satzung", "Satzung des Ausschusses")],
        seats=[civil_seat(aksll, count=2), other_seat("Ministerium", rights=Seat.Rights.ADVISORY)],
    )
    response = english(client).get(made.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Civil society sits here with 2 seats with voting rights: AkSLL." in html
    # The current rung is marked in words, not by colour alone.
    assert 'aria-current="true"><strong>co-decides</strong>' in html
    assert "this body" in html
    assert "Satzung des Ausschusses" in html and "https://example.org/satzung" in html
    assert "Ministerium" in html and aksll.get_absolute_url() in html
    assert "not verified" in html
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == made.name
    assert data["url"].endswith(made.get_absolute_url())
    assert data["areaServed"] == [{"@type": "AdministrativeArea", "name": "Landkreis Leipzig"}]


def test_verification_states_on_the_page(client, owner):
    made = body(seats=[other_seat()])
    services.verify_body(body=made, user=owner)
    html = english(client).get(made.get_absolute_url()).content.decode()
    assert "Last verified on" in html and str(owner) in html and "badge-unverified" not in html
    made.last_verified_on = timezone.localdate() - timedelta(days=400)
    made.save()
    html = client.get(made.get_absolute_url()).content.decode()
    assert "not verified for 12 months" in html and "badge-unverified" in html


def test_upcoming_meetings_come_from_the_series(client):
    organiser = actor("Landratsamt")
    meetings = series("Sitzungen des Beirats", organisers=[organiser])
    event("Sitzung im Frühjahr", starts_at=next_week_at(days=3), organisers=[organiser], series=meetings)
    made = body(series=meetings, meeting_rhythm="viermal im Jahr")
    html = client.get(made.get_absolute_url()).content.decode()
    assert "Sitzung im Frühjahr" in html and "viermal im Jahr" in html


def test_an_unknown_body_is_a_404(client):
    assert client.get(reverse("bodies:body_detail", kwargs={"slug": "gibt-es-nicht"})).status_code == 404


def test_other_bodies_are_organizations_in_json_ld(client):
    made = body(kind=Body.Kind.STAMMTISCH)
    html = client.get(made.get_absolute_url()).content.decode()
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Organization"


def test_who_verified_is_shown_by_display_name_never_by_email(client):
    from wandelnetz.accounts.tests.factories import UserFactory

    checked = body("Beirat Geprüft")
    nameless = UserFactory(display_name="", email="pruefer@example.org")
    services.verify_body(body=checked, user=nameless)
    html = english(client).get(checked.get_absolute_url()).content.decode()
    assert "pruefer@example.org" not in html
    assert "by someone" in html
    named = UserFactory(display_name="Redaktion Atlas")
    services.verify_body(body=checked, user=named)
    assert "by Redaktion Atlas" in client.get(checked.get_absolute_url()).content.decode()

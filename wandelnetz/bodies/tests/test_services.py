"""Writes for bodies: seats, sources, editors, verification, history and the search index."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wandelnetz.accounts.tests.factories import UserFactory
from wandelnetz.actors.tests.factories import actor
from wandelnetz.bodies import services
from wandelnetz.bodies.models import Body, BodySource, Seat
from wandelnetz.bodies.tests.factories import body, civil_seat, other_seat
from wandelnetz.search.selectors import find_hits
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db


def test_create_body_with_links_sources_seats_and_editors(owner, member):
    """The creator and the given editors edit it; sources keep their order; one history row."""
    aksll = actor("Aktionskreis Strukturwandel Leipziger Land", short_name="AkSLL")
    mobility = topic("Mobilität")
    district = region("Landkreis Leipzig")
    created = services.create_body(
        name="Begleitausschuss Strukturwandel",
        kind=Body.Kind.MONITORING_COMMITTEE,
        level=Body.Level.STATE,
        power=Body.Power.CODECIDE,
        created_by=owner,
        editors=[member],
        topics=[mobility],
        regions=[district],
        sources=[("https://example.org/satzung", "Satzung"), ("https://example.org/presse", "")],
        seats=[civil_seat(aksll, count=2), other_seat("Ministerium")],
    )
    assert created.slug == "begleitausschuss-strukturwandel"
    assert set(created.editors.all()) == {owner, member}
    assert list(created.topics.all()) == [mobility]
    assert [(s.url, s.title, s.position) for s in created.sources.all()] == [
        ("https://example.org/satzung", "Satzung", 0),
        ("https://example.org/presse", "", 1),
    ]
    assert created.seats.count() == 2
    assert created.history.count() == 1
    record = created.history.get()
    assert record.history_type == "+" and record.history_user == owner
    assert not created.is_verified and created.needs_verification


def test_update_body_records_the_user_and_links_in_one_history_row(owner, moderator):
    mobility, energy = topic("Mobilität"), topic("Energie")
    made = body("Regionaler Beirat", created_by=owner, topics=[mobility])
    services.update_body(body=made, user=moderator, topics=[energy], summary="Berät den Kreis.")
    made.refresh_from_db()
    assert made.summary == "Berät den Kreis."
    assert list(made.topics.all()) == [energy]
    latest = made.history.latest()
    assert latest.history_user == moderator
    assert made.history.count() == 2
    assert [t.topic_id for t in latest.topics.all()] == [energy.pk]


def test_update_body_refuses_invalid_values_and_changes_nothing(owner):
    made = body("Beirat Alt", created_by=owner, sources=[("https://example.org/a", "A")])
    with pytest.raises(ValidationError):
        services.update_body(body=made, user=owner, name="x" * 201, sources=[("https://example.org/b", "B")])
    made.refresh_from_db()
    assert made.name == "Beirat Alt"
    assert list(made.sources.values_list("url", flat=True)) == ["https://example.org/a"]
    with pytest.raises(ValidationError):
        services.set_sources(body=made, sources=[("kein link", "")])
    assert made.sources.count() == 1


def test_seats_are_added_changed_and_removed(owner):
    made = body(created_by=owner)
    aksll = actor("AkSLL")
    seat = services.add_seat(body=made, actor=aksll, is_civil_society=True, rights=Seat.Rights.ADVISORY)
    assert seat.count == 1 and seat.is_current()
    services.update_seat(seat=seat, rights=Seat.Rights.VOTING, count=3)
    seat.refresh_from_db()
    assert (seat.rights, seat.count) == (Seat.Rights.VOTING, 3)
    services.remove_seat(seat=seat)
    assert made.seats.count() == 0
    replaced = services.set_seats(body=made, seats=[other_seat("Landrat"), civil_seat(role="Jugendvertretung")])
    assert {str(s) for s in replaced} == {"Landrat", "Jugendvertretung"}
    assert made.seats.count() == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"role": "", "actor": None},  # neither holder nor role
        {"role": "   "},  # a blank role is no role
        {"role": "Kreisrat", "since": date(2024, 5, 1), "until": date(2024, 4, 30)},
        {"role": "Kreisrat", "count": 0},
        {"role": "Kreisrat", "rights": "veto"},
    ],
    ids=["no-holder", "blank-role", "until-before-since", "zero-seats", "unknown-rights"],
)
def test_invalid_seats_are_refused(fields, owner):
    made = body(created_by=owner)
    with pytest.raises(ValidationError):
        services.add_seat(body=made, **fields)
    assert made.seats.count() == 0


def test_a_failing_seat_leaves_create_body_unsaved(owner):
    count = Body.objects.count()
    with pytest.raises(ValidationError):
        body("Halb gespeichert", created_by=owner, seats=[other_seat("ok"), {"role": ""}])
    assert Body.objects.count() == count
    assert not Seat.objects.exists() and not BodySource.objects.exists()


def test_verify_body_sets_date_and_person(owner):
    made = body(created_by=owner)
    made.verification_reminded_at = timezone.now()
    made.save()
    services.verify_body(body=made, user=owner)
    made.refresh_from_db()
    assert made.last_verified_on == timezone.localdate()
    assert made.verified_by == owner
    assert made.verification_reminded_at is None
    assert not made.needs_verification
    assert made.history.latest().history_user == owner


def test_search_finds_a_body_by_a_stemmed_word_and_by_a_seat_holder():
    aksll = actor("Aktionskreis Strukturwandel Leipziger Land", short_name="AkSLL")
    made = body(
        "Jugendbeirat Borna",
        summary="Junge Menschen beraten die Stadt bei Planungen.",
        seats=[civil_seat(aksll)],
    )
    hits = find_hits("Planung", kinds=["bodies.body"])
    assert [hit.url for hit in hits] == [made.get_absolute_url()]
    assert [hit.url for hit in find_hits("AkSLL", kinds=["bodies.body"])] == [made.get_absolute_url()]
    services.update_body(body=made, user=None, summary="Ein Gremium für den öffentlichen Verkehr.")
    assert find_hits("Planung", kinds=["bodies.body"]) == []
    assert len(find_hits("Verkehrs", kinds=["bodies.body"])) == 1


def test_add_editor(owner, member):
    made = body(created_by=owner)
    services.add_editor(body=made, user=member)
    assert set(made.editors.all()) == {owner, member}


def test_seat_dates_decide_what_is_current():
    today = timezone.localdate()
    past = Seat(role="x", until=today - timedelta(days=1))
    future = Seat(role="x", since=today + timedelta(days=1))
    open_seat = Seat(role="x", since=today, until=today)
    assert not past.is_current() and not future.is_current() and open_seat.is_current()


def test_unknown_fields_are_programming_errors():
    with pytest.raises(TypeError):
        body(colour="green")


def test_moderators_get_reminders_for_bodies_without_editors():
    """No editor, no convening actor: the moderators are reminded instead."""
    from wandelnetz.accounts.models import User

    moderator = UserFactory(role=User.Role.MODERATOR)
    made = body()
    assert services.reminder_recipients(made) == [moderator]


def test_a_body_named_like_a_page_gets_another_address():
    assert body("Neu").slug == "neu-gremium"

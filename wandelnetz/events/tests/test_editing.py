"""Editors of an organising actor create and edit events; the form's times, rules and links work."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from wandelnetz.actors.tests.factories import actor
from wandelnetz.events.models import Contribution, Event, Series
from wandelnetz.events.recurrence import BERLIN, describe_rule, nth_weekday
from wandelnetz.events.tests.factories import event as make_event
from wandelnetz.events.tests.factories import series as make_series
from wandelnetz.events.tests.factories_editing import (
    event_data,
    event_data_for,
    monday_before_dst_change,
    second_monday_after,
    today_in_berlin,
)
from wandelnetz.places.services import create_place
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db


def test_owner_creates_a_single_event(client, owner, owned_actor):
    place = create_place(name="Ökokirche Deutzen", locality="Neukieritzsch")
    mobility = topic("Mobilität")
    leipzig = region("Landkreis Leipzig")
    client.force_login(owner)
    data = event_data(
        [owned_actor],
        place=place.slug,
        topics=[mobility.pk],
        regions=[leipzig.pk],
        target_groups=[],
        registration_enabled="on",
        capacity="20",
        registration_questions="Brauchen Sie einen barrierefreien Zugang?\nEssen Sie vegetarisch?",
        **{
            "contributions-0-speaker_name": "Dr. Anna Beispiel",
            "contributions-0-actor": owned_actor.slug,
            "contributions-0-title": "Mobilität im ländlichen Raum",
        },
    )
    response = client.post(reverse("events:event_create"), data)
    created = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    start = created.starts_at.astimezone(BERLIN)
    assert (start.date(), start.hour, start.minute) == (today_in_berlin() + timedelta(days=7), 19, 0)
    assert created.ends_at - created.starts_at == timedelta(hours=2)
    assert created.rrule == "" and created.occurrences.count() == 1
    assert created.place == place and created.capacity == 20 and created.registration_enabled
    assert len(created.question_list) == 2
    assert list(created.organisers.all()) == [owned_actor]
    assert list(created.topics.all()) == [mobility] and list(created.regions.all()) == [leipzig]
    assert created.created_by == owner
    contribution = created.contributions.get()
    assert (contribution.speaker_name, contribution.actor, contribution.title) == (
        "Dr. Anna Beispiel",
        owned_actor,
        "Mobilität im ländlichen Raum",
    )


def test_create_form_offers_only_own_actors_and_preselects_one(client, owner, owned_actor):
    other = actor("Fremder Verein")
    second = actor("Zweiter Verein", editors=[owner])
    client.force_login(owner)
    response = client.get(reverse("events:event_create"), {"veranstalter": second.slug})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields["organisers"].queryset) == {owned_actor, second}
    assert other.name not in response.content.decode()
    assert form["organisers"].value() == [second.pk]
    for junk in ("\x00", "x" * 81, "<b>"):  # PostgreSQL refused the NUL byte in the lookup (a 500)
        junk_response = client.get(reverse("events:event_create"), {"veranstalter": junk})
        assert junk_response.status_code == 200 and not junk_response.context["form"]["organisers"].value()
    # The generic wording of the patterns while no date is known.
    assert "z. B. jeden 2. Montag" in dict(form.fields["repeat"].choices)["monthly_nth"]


def test_monthly_second_monday_event_has_only_second_mondays(client, owner, owned_actor):
    first = second_monday_after(today_in_berlin())
    client.force_login(owner)
    response = client.post(
        reverse("events:event_create"),
        event_data([owned_actor], title="Treffen des AkSLL", date=first.isoformat(), repeat="monthly_nth"),
    )
    assert response.status_code == 302
    created = Event.objects.get()
    assert created.rrule == "FREQ=MONTHLY;BYDAY=2MO"
    starts = [o.starts_at.astimezone(BERLIN) for o in created.occurrences.order_by("starts_at")]
    assert len(starts) >= 10
    for start in starts:
        assert start.weekday() == 0 and nth_weekday(start.date())[0] == 2
        assert (start.hour, start.minute) == (19, 0)
    dates_page = client.get(reverse("events:event_dates", args=[created.slug]))
    assert dates_page.status_code == 200
    assert len(dates_page.context["occurrences"]) == len(starts)


def test_weekly_event_keeps_its_wall_time_across_daylight_saving(client, owner, owned_actor):
    first = monday_before_dst_change(today_in_berlin())
    client.force_login(owner)
    response = client.post(
        reverse("events:event_create"),
        event_data(
            [owned_actor],
            date=first.isoformat(),
            repeat="weekly",
            repeat_until=(first + timedelta(days=35)).isoformat(),
        ),
    )
    assert response.status_code == 302
    created = Event.objects.get()
    starts = [o.starts_at.astimezone(BERLIN) for o in created.occurrences.order_by("starts_at")]
    assert len(starts) == 6
    assert {(s.hour, s.minute) for s in starts} == {(19, 0)}
    assert len({s.utcoffset() for s in starts}) == 2  # both sides of the change


def test_until_ends_the_repetition(client, owner, owned_actor):
    first = today_in_berlin() + timedelta(days=7)
    client.force_login(owner)
    client.post(
        reverse("events:event_create"),
        event_data(
            [owned_actor],
            date=first.isoformat(),
            repeat="weekly",
            repeat_until=(first + timedelta(days=14)).isoformat(),
        ),
    )
    assert Event.objects.get().occurrences.count() == 3


def test_custom_rule(client, owner, owned_actor):
    first = today_in_berlin() + timedelta(days=7)
    client.force_login(owner)
    response = client.post(
        reverse("events:event_create"),
        event_data([owned_actor], date=first.isoformat(), repeat="custom", custom_rule="freq=daily;count=4"),
    )
    assert response.status_code == 302
    created = Event.objects.get()
    assert created.rrule == "FREQ=DAILY;COUNT=4" and created.occurrences.count() == 4


def test_all_day_event_over_several_days(client, owner, owned_actor):
    first = today_in_berlin() + timedelta(days=7)
    client.force_login(owner)
    response = client.post(
        reverse("events:event_create"),
        event_data(
            [owned_actor],
            kind=Event.Kind.CONFERENCE,
            all_day="on",
            start_time="",
            end_time="",
            end_date=(first + timedelta(days=2)).isoformat(),
        ),
    )
    assert response.status_code == 302
    created = Event.objects.get()
    assert created.all_day
    assert created.starts_at.astimezone(BERLIN).hour == 0
    assert created.ends_at.astimezone(BERLIN).date() == first + timedelta(days=2)


def test_event_past_midnight_with_an_end_date(client, owner, owned_actor):
    first = today_in_berlin() + timedelta(days=7)
    client.force_login(owner)
    response = client.post(
        reverse("events:event_create"),
        event_data(
            [owned_actor], start_time="22:00", end_time="01:00", end_date=(first + timedelta(days=1)).isoformat()
        ),
    )
    assert response.status_code == 302
    created = Event.objects.get()
    assert created.ends_at - created.starts_at == timedelta(hours=3)


def test_time_to_be_announced_needs_no_times(client, owner, owned_actor):
    client.force_login(owner)
    response = client.post(
        reverse("events:event_create"),
        event_data(
            [owned_actor],
            title="Treffen des AkSLL",
            start_time="",
            end_time="",
            time_to_be_announced="on",
            location_note="wechselnde Orte im Landkreis Leipzig",
        ),
    )
    assert response.status_code == 302
    created = Event.objects.get()
    assert created.time_to_be_announced and created.ends_at is None


def test_editing_the_time_raises_sequence_and_moves_the_dates(client, owner, owned_actor):
    weekly = make_event(organisers=[owned_actor], rrule="FREQ=WEEKLY;COUNT=3")
    assert weekly.sequence == 0
    client.force_login(owner)
    url = reverse("events:event_edit", args=[weekly.slug])
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert form_page.context["form"]["repeat"].value() == "custom"  # COUNT is no pattern of the form
    response = client.post(url, event_data_for(weekly, start_time="18:00", end_time="19:30"))
    assert response.status_code == 302, response.context and response.context["form"].errors
    weekly.refresh_from_db()
    assert weekly.sequence == 1
    assert {o.starts_at.astimezone(BERLIN).hour for o in weekly.occurrences.all()} == {18}
    assert weekly.occurrences.count() == 3


def test_saving_unchanged_keeps_sequence(client, owner, owned_actor):
    place = create_place(name="Volkshaus")
    single = make_event(organisers=[owned_actor], place=place)
    Contribution.objects.create(event=single, speaker_name="Ben", title="Impuls")
    client.force_login(owner)
    response = client.post(reverse("events:event_edit", args=[single.slug]), event_data_for(single))
    assert response.status_code == 302, response.context and response.context["form"].errors
    single.refresh_from_db()
    assert single.sequence == 0 and single.place == place
    assert single.contributions.get().title == "Impuls"


def test_edit_preselects_the_pattern_and_words_it_for_the_date(client, owner, owned_actor):
    first = second_monday_after(today_in_berlin())
    start = datetime(first.year, first.month, first.day, 19, tzinfo=BERLIN)
    monthly = make_event(organisers=[owned_actor], starts_at=start, rrule="FREQ=MONTHLY;BYDAY=2MO")
    client.force_login(owner)
    response = client.get(reverse("events:event_edit", args=[monthly.slug]))
    form = response.context["form"]
    assert form["repeat"].value() == "monthly_nth"
    with translation.override("de"):
        assert dict(form.fields["repeat"].choices)["monthly_nth"] == describe_rule(monthly.rrule, start)


def test_editing_the_place_and_status_raise_sequence(client, owner, owned_actor):
    single = make_event(organisers=[owned_actor])
    place = create_place(name="Volkshaus")
    client.force_login(owner)
    client.post(reverse("events:event_edit", args=[single.slug]), event_data_for(single, place=place.slug))
    single.refresh_from_db()
    assert single.place == place and single.sequence == 1
    client.post(reverse("events:event_edit", args=[single.slug]), event_data_for(single, status=Event.Status.CANCELLED))
    single.refresh_from_db()
    assert single.sequence == 2 and all(o.cancelled for o in single.occurrences.all())


def test_contributions_are_added_changed_and_deleted(client, owner, owned_actor):
    single = make_event(organisers=[owned_actor])
    kept = Contribution.objects.create(event=single, speaker_name="Ben", title="Alt")
    gone = Contribution.objects.create(event=single, speaker_name="Cem", title="Weg", position=1)
    client.force_login(owner)
    data = event_data_for(single)
    data.update(
        {
            "contributions-0-title": "Neu betitelt",
            "contributions-1-DELETE": "on",
            "contributions-2-speaker_name": "Dana",
            "contributions-2-title": "Film",
        }
    )
    response = client.post(reverse("events:event_edit", args=[single.slug]), data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    kept.refresh_from_db()
    assert kept.title == "Neu betitelt"
    assert not Contribution.objects.filter(pk=gone.pk).exists()
    assert [c.title for c in single.contributions.all()] == ["Neu betitelt", "Film"]


def test_status_page_sets_the_status(client, owner, owned_actor):
    single = make_event(organisers=[owned_actor])
    client.force_login(owner)
    response = client.post(reverse("events:event_status", args=[single.slug]), {"status": "postponed"})
    assert response.status_code == 302
    single.refresh_from_db()
    assert single.status == Event.Status.POSTPONED and single.sequence == 1
    response = client.post(reverse("events:event_status", args=[single.slug]), {"status": "vertagt"})
    assert response.status_code == 400
    assert client.get(reverse("events:event_status", args=[single.slug])).status_code == 405
    response = client.post(reverse("events:event_status", args=[single.slug]), {"status": "confirmed", "back": "dates"})
    assert response["Location"] == reverse("events:event_dates", args=[single.slug])


def test_series_choice_is_limited_to_own_series(client, owner, owned_actor):
    own = make_series("Strukturwandel-Stammtisch", organisers=[owned_actor])
    foreign = make_series("Fremde Reihe", organisers=[actor("Andere")])
    client.force_login(owner)
    response = client.get(reverse("events:event_create"))
    assert set(response.context["form"].fields["series"].queryset) == {own}
    response = client.post(reverse("events:event_create"), event_data([owned_actor], series=foreign.pk))
    assert response.status_code == 400 and not Event.objects.exists()
    response = client.post(reverse("events:event_create"), event_data([owned_actor], series=own.pk))
    assert response.status_code == 302 and Event.objects.get().series == own


def test_owner_creates_and_edits_a_series(client, owner, owned_actor):
    mobility = topic("Mobilität")
    client.force_login(owner)
    response = client.post(
        reverse("events:series_create"),
        {"title": "Strukturwandel-Stammtisch", "summary": "Monatlich online.", "organisers": [owned_actor.pk]},
    )
    created = Series.objects.get()
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert list(created.organisers.all()) == [owned_actor]
    url = reverse("events:series_edit", args=[created.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"title": "Stammtisch Strukturwandel", "organisers": [owned_actor.pk], "topics": [mobility.pk]},
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.title == "Stammtisch Strukturwandel" and list(created.topics.all()) == [mobility]


def test_moderator_names_any_published_actor(client, moderator, owned_actor):
    client.force_login(moderator)
    response = client.post(reverse("events:event_create"), event_data([owned_actor]))
    assert response.status_code == 302
    assert list(Event.objects.get().organisers.all()) == [owned_actor]


def test_time_to_be_announced_over_several_days_keeps_the_end_date(client, owner, owned_actor):
    first = today_in_berlin() + timedelta(days=7)
    client.force_login(owner)
    response = client.post(
        reverse("events:event_create"),
        event_data(
            [owned_actor],
            start_time="",
            end_time="",
            time_to_be_announced="on",
            end_date=str(first + timedelta(days=1)),
        ),
    )
    assert response.status_code == 302
    assert Event.objects.get().ends_at.astimezone(BERLIN).date() == first + timedelta(days=1)

"""Bad input in the event, date and series forms: a clear message, a 400, nothing (half-)saved."""

from datetime import timedelta

import pytest
from django.urls import reverse

from wandelnetz.actors.tests.factories import actor
from wandelnetz.events.models import Contribution, Event, Series
from wandelnetz.events.tests.factories import event as make_event
from wandelnetz.events.tests.factories_editing import event_data, event_data_for, today_in_berlin

pytestmark = pytest.mark.django_db

NEXT_WEEK = today_in_berlin() + timedelta(days=7)
HUGE = "9" * 30


def _errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"title": "x" * 201}, "title", "max_length"),
        ({"title": ""}, "title", "required"),
        ({"online_url": "javascript:alert(1)"}, "online_url", "invalid"),
        ({"online_url": "kein link"}, "online_url", "invalid"),
        ({"start_time": "19:00", "end_time": "18:00"}, "end_time", "end_before_start"),
        ({"end_date": (NEXT_WEEK - timedelta(days=1)).isoformat()}, "end_date", "end_before_start"),
        ({"start_time": ""}, "start_time", "required"),
        ({"start_time": "25:61"}, "start_time", "invalid"),
        ({"date": "2027-02-30"}, "date", "invalid"),
        ({"date": ""}, "date", "required"),
        ({"repeat": "custom", "custom_rule": "FREQ=SOMETIMES"}, "custom_rule", "freq"),
        ({"repeat": "custom", "custom_rule": "Unsinn"}, "custom_rule", None),
        ({"repeat": "custom", "custom_rule": "FREQ=WEEKLY;COUNT=0"}, "custom_rule", None),
        ({"repeat": "custom", "custom_rule": "FREQ=WEEKLY;COUNT=²"}, "custom_rule", None),
        ({"repeat": "custom", "custom_rule": "FREQ=WEEKLY;INTERVAL=²"}, "custom_rule", None),
        ({"repeat": "custom", "custom_rule": "FREQ=WEEKLY;BYDAY=XX"}, "custom_rule", None),
        ({"repeat": "custom", "custom_rule": "FREQ=WEEKLY;UNTIL=2020-13-45"}, "custom_rule", None),
        ({"repeat": "custom", "custom_rule": ""}, "custom_rule", "required"),
        ({"repeat": "custom", "custom_rule": "FREQ=DAILY;" + "BYHOUR=1;" * 60}, "custom_rule", "max_length"),
        ({"repeat": "sometimes"}, "repeat", "invalid_choice"),
        ({"repeat": "weekly", "repeat_until": (NEXT_WEEK - timedelta(days=3)).isoformat()}, "repeat_until", "until"),
        ({"place": "gibt-es-nicht"}, "place", "invalid_choice"),
        ({"place": "99999"}, "place", "invalid_choice"),
        ({"capacity": "10000000000000000000000"}, "capacity", None),
        ({"capacity": "-5"}, "capacity", None),
        ({"capacity": "0"}, "capacity", None),
        ({"registration_closes_hours": "-1"}, "registration_closes_hours", None),
        ({"kind": "raumschiff"}, "kind", "invalid_choice"),
        ({"attendance": "telepathisch"}, "attendance", "invalid_choice"),
        ({"organisers": []}, "organisers", "required"),
        ({"topics": ["99999"]}, "topics", "invalid_choice"),
        ({"topics": ["abc"]}, "topics", "invalid_pk_value"),
        # Tampered numbers beyond a database integer: a form error, not an OverflowError.
        ({"topics": [HUGE]}, "topics", "invalid_pk_value"),
        ({"organisers": [HUGE]}, "organisers", "invalid_pk_value"),
        ({"target_groups": [HUGE]}, "target_groups", "invalid_pk_value"),
        ({"series": HUGE}, "series", "invalid_choice"),
        ({"registration_closes_hours": HUGE}, "registration_closes_hours", "max_value"),
        # Far-off years would overflow the time-zone arithmetic.
        ({"date": "0001-01-01"}, "date", "out_of_range"),
        ({"date": "9999-12-31", "repeat": "weekly"}, "date", "out_of_range"),
        ({"repeat": "weekly", "repeat_until": "9999-12-31"}, "repeat_until", "out_of_range"),
        ({"repeat": "custom", "custom_rule": "FREQ=DAILY;BYHOUR=99"}, "custom_rule", None),
        ({"repeat": "custom", "custom_rule": "FREQ=YEARLY;BYYEARDAY=400"}, "custom_rule", None),
    ],
)
def test_bad_event_input_is_a_400_and_saves_nothing(client, owner, owned_actor, overrides, field, code):
    client.force_login(owner)
    response = client.post(reverse("events:event_create"), event_data([owned_actor], **overrides))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.has_error(field, code), form.errors
    assert 'class="error-summary"' in response.content.decode()
    assert not Event.objects.exists()


def test_rule_errors_say_what_is_wrong(client, owner, owned_actor):
    client.force_login(owner)
    response = client.post(
        reverse("events:event_create"),
        event_data([owned_actor], repeat="custom", custom_rule="FREQ=WEEKLY;COUNT=0"),
    )
    assert response.status_code == 400
    assert any("1" in error and "1000" in error for error in _errors(response, "custom_rule"))


def test_a_pattern_that_does_not_fit_the_date_is_refused(client, owner, owned_actor):
    """A 'last Friday' rule on a date that is not the last such weekday of its month."""
    day = today_in_berlin() + timedelta(days=30)
    day = day.replace(day=1) + timedelta(days=7)  # the 8th: never the last weekday of a month
    client.force_login(owner)
    response = client.post(
        reverse("events:event_create"), event_data([owned_actor], date=day.isoformat(), repeat="monthly_last")
    )
    assert response.status_code == 400 and response.context["form"].has_error("repeat", "pattern")
    assert not Event.objects.exists()


def test_tampered_organiser_is_refused(client, owner, owned_actor):
    foreign = actor("Fremder Verein")
    client.force_login(owner)
    response = client.post(reverse("events:event_create"), event_data([foreign]))
    assert response.status_code == 400 and response.context["form"].has_error("organisers", "invalid_choice")
    response = client.post(reverse("events:event_create"), event_data([owned_actor, foreign]))
    assert response.status_code == 400 and response.context["form"].has_error("organisers", "invalid_choice")
    assert not Event.objects.exists()


def test_an_editor_cannot_drop_all_own_organisers(client, owner, owned_actor):
    other = actor("Mitveranstalter")
    single = make_event(organisers=[other, owned_actor])
    client.force_login(owner)
    response = client.post(
        reverse("events:event_edit", args=[single.slug]), event_data_for(single, organisers=[str(other.pk)])
    )
    assert response.status_code == 400 and response.context["form"].has_error("organisers", "not_own")
    assert set(single.organisers.all()) == {other, owned_actor}


def test_invalid_contribution_row_saves_no_event(client, owner, owned_actor):
    client.force_login(owner)
    data = event_data(
        [owned_actor],
        **{
            "contributions-0-speaker_name": "Dr. Anna Beispiel",
            "contributions-0-title": "Gut",
            "contributions-1-speaker_name": "Ben",
            "contributions-1-title": "",  # a title is required
            "contributions-2-actor": "gibt-es-nicht",
            "contributions-2-title": "Ohne Akteur",
        },
    )
    response = client.post(reverse("events:event_create"), data)
    assert response.status_code == 400
    formset = response.context["formset"]
    assert formset.forms[1].has_error("title", "required")
    assert formset.forms[2].has_error("actor", "unknown")
    assert 'class="error-summary"' in response.content.decode()
    assert not Event.objects.exists() and not Contribution.objects.exists()


def test_contribution_needs_a_speaker_or_an_actor(client, owner, owned_actor):
    client.force_login(owner)
    response = client.post(
        reverse("events:event_create"), event_data([owned_actor], **{"contributions-0-title": "Niemand spricht"})
    )
    assert response.status_code == 400
    assert response.context["formset"].forms[0].has_error("speaker_name", "required")
    assert not Event.objects.exists()


def test_broken_management_form_is_a_400(client, owner, owned_actor):
    client.force_login(owner)
    data = event_data([owned_actor])
    del data["contributions-TOTAL_FORMS"]
    response = client.post(reverse("events:event_create"), data)
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_invalid_edit_keeps_the_saved_event(client, owner, owned_actor):
    single = make_event("Vorher", organisers=[owned_actor])
    Contribution.objects.create(event=single, speaker_name="Ben", title="Alt")
    client.force_login(owner)
    data = event_data_for(single, title="Nachher", end_time="06:00", **{"contributions-0-title": "Neu"})
    response = client.post(reverse("events:event_edit", args=[single.slug]), data)
    assert response.status_code == 400
    assert response.context["form"].has_error("end_time", "end_before_start")
    single.refresh_from_db()
    assert (single.title, single.sequence) == ("Vorher", 0)
    assert single.contributions.get().title == "Alt"
    assert "Vorher" in response.content.decode()  # the heading names the saved event


def test_invalid_edit_of_contributions_keeps_the_saved_event(client, owner, owned_actor):
    single = make_event("Vorher", organisers=[owned_actor])
    client.force_login(owner)
    data = event_data_for(
        single, title="Nachher", **{"contributions-0-speaker_name": "Ben", "contributions-0-actor": "nix"}
    )
    data["contributions-0-title"] = "Impuls"
    response = client.post(reverse("events:event_edit", args=[single.slug]), data)
    assert response.status_code == 400
    single.refresh_from_db()
    assert single.title == "Vorher" and not single.contributions.exists()


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"title": "x" * 201}, "title", "max_length"),
        ({"title": "Ohne Veranstalter", "organisers": []}, "organisers", "required"),
        ({"title": "Reihe", "organisers": [HUGE]}, "organisers", "invalid_pk_value"),
        ({"title": "Reihe", "topics": ["abc"]}, "topics", "invalid_pk_value"),
    ],
)
def test_bad_series_input(client, owner, owned_actor, data, field, code):
    client.force_login(owner)
    data = {"organisers": [owned_actor.pk], **data}
    response = client.post(reverse("events:series_create"), data)
    assert response.status_code == 400 and response.context["form"].has_error(field, code)
    assert not Series.objects.exists()


def test_series_with_a_foreign_organiser_is_refused(client, owner, owned_actor):
    foreign = actor("Fremder Verein")
    client.force_login(owner)
    response = client.post(reverse("events:series_create"), {"title": "Reihe", "organisers": [foreign.pk]})
    assert response.status_code == 400 and response.context["form"].has_error("organisers", "invalid_choice")
    assert not Series.objects.exists()


def test_an_empty_posting_shows_the_errors(client, owner, owned_actor):
    client.force_login(owner)
    response = client.post(reverse("events:event_create"), {})
    assert response.status_code == 400
    assert response.context["form"].has_error("title", "required")
    assert 'class="error-summary"' in response.content.decode()
    single = make_event("Vorher", organisers=[owned_actor])
    response = client.post(reverse("events:event_edit", args=[single.slug]), {})
    assert response.status_code == 400
    single.refresh_from_db()
    assert single.title == "Vorher"

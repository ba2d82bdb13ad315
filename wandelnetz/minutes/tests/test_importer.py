"""The importer on minutes in other shapes (fixtures written for this project, fictional names)."""

from datetime import datetime
from pathlib import Path

import pytest
from django.utils.translation import override

from wandelnetz.actors.models import Actor
from wandelnetz.actors.tests.factories import actor
from wandelnetz.events.models import Contribution, Event
from wandelnetz.events.recurrence import BERLIN
from wandelnetz.events.tests.factories import event, series
from wandelnetz.followups.models import FollowUp, FollowUpLink
from wandelnetz.minutes.importer import (
    MinutesRejected,
    ProposalInvalid,
    apply_proposal,
    build_proposal,
    clear_caches,
    proposal_from_json,
)
from wandelnetz.minutes.models import MAX_MINUTES_CHARS, Minutes, MinutesLink
from wandelnetz.topics.models import Topic
from wandelnetz.topics.tests.factories import topic

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Minutes, MinutesLink, Contribution, Actor, Topic, Event, FollowUp, FollowUpLink)
    }


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def round_table(db):
    """An event of a series on the day of the numbered minutes."""
    organiser = actor("Runder Tisch Energie")
    return event(
        "Runder Tisch Energie",
        starts_at=berlin(2022, 1, 10, 17),
        organisers=[organiser],
        series=series("Runder Tisch Energie"),
        attendance=Event.Attendance.ONLINE,
    )


class TestShapes:
    def test_numbered_sections_and_other_date_styles(self, db):
        tal = actor("Initiative Grünes Tal")
        proposal = build_proposal(read("numbered.md"))
        assert (proposal.title, proposal.meeting_date, proposal.theme) == (
            "Protokoll Runder Tisch Energie am 10.01.2022",
            "2022-01-10",
            "Bürgerenergie",
        )
        (contribution,) = proposal.contributions
        assert contribution.speakers == ["Jana Beispiel"]
        assert contribution.title == "Solardächer für alle"
        new = proposal.item(contribution.actor_key)
        assert (new.name, new.actor_id) == ("Energiegenossenschaft Musterdorf eG", None)
        assert [(d.starts_at, d.ends_at, d.title) for d in proposal.dates] == [
            ("2022-01-24T17:00:00+01:00", "", "Wärmewende im Dorf"),
            ("2022-02-21T17:00:00+01:00", "", "Mieterstrom"),
        ]
        assert [(f.title, f.status, f.status_reason) for f in proposal.follow_ups] == [
            ("Eine Beratungsstelle für Mieterstrom soll eingerichtet werden", "proposed", ""),
            ("Für ein Förderprogramm fehlt das Geld im Haushalt", "stalled", "Mittel fehlen"),
            ("Die Initiative Grünes Tal bringt die Flächensuche voran", "in_progress", ""),
        ]
        assert proposal.item(proposal.follow_ups[2].owner_actor_key).actor_id == tal.pk
        assert [t.name for t in proposal.topics] == ["Bürgerenergie", "Wärmewende im Dorf", "Mieterstrom"]
        assert [(link.url, link.kind) for link in proposal.links] == [("https://www.eg-musterdorf.example", "other")]
        assert proposal.rest == [
            "1. Begrüßung",
            "Die Runde wurde von der Moderation eröffnet. Anwesend waren 14 Personen.",
            "- Die Genossenschaft betreibt drei Anlagen auf Schuldächern.",
            "TOP 3 Diskussion",
            "- Der Austausch war lebhaft.",
            "TOP 4 Termine",
        ]

    def test_markdown_headings(self, db):
        known = topic("Leerstand")
        proposal = build_proposal(read("headings.md"))
        assert proposal.meeting_date == "2023-03-15"
        (contribution,) = proposal.contributions
        assert (contribution.speakers, contribution.title) == (["Tom Muster"], "Leerstand nutzen")
        dorfladen = proposal.item(contribution.actor_key)
        assert (dorfladen.name, dorfladen.actor_id) == ("Dorfladen Musterhausen e.V.", None)
        assert dorfladen.website == "https://dorfladen-musterhausen.example/"  # its domain spells its name
        assert [(t.name, t.topic_id) for t in proposal.topics] == [
            ("Leerstand", known.pk),
            ("Dorfladen", None),
            ("Dorffest", None),
            ("Ehrenamt stärken", None),
        ]
        assert [(d.starts_at, d.ends_at, d.title, d.time_to_be_announced) for d in proposal.dates] == [
            ("2023-04-12T18:00:00+02:00", "2023-04-12T19:30:00+02:00", "Dorffest", False),
            ("2023-05-10T18:00:00+02:00", "", "Ehrenamt stärken", False),
            ("2023-06-07T00:00:00+02:00", "", "", True),
        ]
        leerstand, hours, question = proposal.follow_ups
        assert (leerstand.title, leerstand.topic_keys) == ("Leerstand", [proposal.topics[0].key])
        assert hours.title == "Die Öffnungszeiten sollen erweitert werden"
        assert hours.related_key == ""  # its parent item is no follow-up
        assert hours.topic_keys == [proposal.topics[1].key]  # the parent's highlighted term
        assert question.title == "Offene Frage: Wer übernimmt die Versicherung?"
        assert [(link.kind, link.label) for link in proposal.links] == [
            ("website", "Dorfladen Musterhausen"),
            ("pinboard", "Pinnwand"),
        ]
        assert proposal.links[0].actor_key == dorfladen.key

    def test_no_bold_no_topics_but_follow_ups(self, db):
        proposal = build_proposal(read("no_bold.md"))
        assert proposal.topics == []
        assert [(f.title, f.status) for f in proposal.follow_ups] == [
            ("Eine Mitfahrbank am Marktplatz", "proposed"),
            ("Die Gemeinde soll um eine Stellungnahme zum Radweg gebeten werden", "proposed"),
            ("Nächster Schritt: Gespräch mit dem Landratsamt vereinbaren", "proposed"),
            ("Die Beschilderung ist in Arbeit", "in_progress"),
        ]
        (meeting,) = proposal.dates
        assert (meeting.starts_at, meeting.title) == ("2022-12-01T19:00:00+01:00", "")
        assert "- Der Bürgerbus fährt seit Oktober zweimal pro Woche." in proposal.rest

    def test_english_minutes(self, db):
        proposal = build_proposal(read("english.md"))
        assert (proposal.meeting_date, proposal.theme) == ("2024-03-12", "Community energy in the valley")
        (contribution,) = proposal.contributions
        assert (contribution.speakers, contribution.title) == (["Jane Example"], "Solar on school roofs")
        assert proposal.item(contribution.actor_key).name == "Sunny Valley Energy Cooperative"
        assert [(f.title, f.status, f.status_reason) for f in proposal.follow_ups] == [
            ("Heat planning", "proposed", ""),
            ("Repair café", "stalled", "funding missing"),
            ("A tool library will be set up by the youth club", "proposed", ""),
        ]
        assert [(d.starts_at, d.ends_at, d.title) for d in proposal.dates] == [
            ("2024-04-15T17:00:00+02:00", "2024-04-15T18:30:00+02:00", "Heat planning"),
            ("2024-05-13T17:00:00+02:00", "", "Repair and reuse"),
        ]
        assert proposal.rest == ["## Discussion", "- The mood was positive.", "## Next meetings"]

    def test_unreadable_dates_give_warnings_and_stay_text(self, db):
        with override("en"):
            proposal = build_proposal(read("bad_date.md"))
        assert [(d.starts_at, d.title) for d in proposal.dates] == [
            ("2022-03-07T17:00:00+01:00", "Ein Tag, den es gibt")
        ]
        assert len(proposal.warnings) == 2
        assert "Line 5" in proposal.warnings[0] and "31.02.2022" in proposal.warnings[0]
        assert "Line 6" in proposal.warnings[1] and "24.13.2022" in proposal.warnings[1]
        assert "- Mo, 31.02.2022, 17:00 Uhr, Thema: Ein Tag, den es nicht gibt" in proposal.rest
        assert "- Mo, 24.13.2022, 17:00 Uhr" in proposal.rest

    def test_dates_before_the_meeting_or_without_context_stay_text(self, db):
        proposal = build_proposal(
            "Treffen am 10.05.2023\n\n- Rückblick auf den 01.04.2023, 17 Uhr\n- Am 01.06.2023 ist Ferienbeginn.\n"
        )
        assert proposal.dates == []

    def test_html_and_script_are_text(self, db):
        text = read("html_script.md")
        proposal = build_proposal(text)
        assert '<script>alert("x")</script>' in proposal.rest
        (follow_up,) = proposal.follow_ups
        assert "<" not in follow_up.title
        assert follow_up.title == "Spielplatz: Eine Sanierung soll beantragt werden"

    def test_html_tags_never_become_names_topics_or_addresses(self, db):
        """Minutes pasted from a web editor: tags stay in the text, not in what the importer proposes."""
        known = actor("Gesellschaftsdenken e.V.")
        text = (
            "Stammtisch am 06.12.2021\n\n"
            "1 Impuls Max Muster (<b>Gesellschaftsdenken e.V.</b>)\n\n"
            '- Website: <https://gesellschaftsdenken.org/"onmouseover="alert(3)>\n\n'
            "## Nächste Termine\n\n"
            "- **Mo, 24.01.2022, 17:00-18:30 Uhr, Thema: <i>Lebendige Orte</i><script>alert(7)</script>**\n"
        )
        proposal = build_proposal(text)
        assert [(a.name, a.actor_id) for a in proposal.actors] == [("Gesellschaftsdenken e.V.", known.pk)]
        assert [t.name for t in proposal.topics] == ["Lebendige Orte"]
        assert [d.title for d in proposal.dates] == ["Lebendige Orte"]
        assert [link.url for link in proposal.links] == ["https://gesellschaftsdenken.org/"]

    def test_known_actors_by_name_abbreviation_and_website(self, db):
        verein = actor("Zukunftswerkstatt Musterstadt e.V.", short_name="ZWM", website="https://www.zwm.example/")
        actor("Nicht Veröffentlicht", status=Actor.Status.PENDING)
        proposal = build_proposal(
            "Treffen am 01.03.2024\n\n- die zukunftswerkstatt musterstadt lud ein\n- der ZWM bzw. die zwm\n"
            "- https://zwm.example/kontakt\n- Nicht Veröffentlicht war da\n"
        )
        (found,) = proposal.actors
        assert (found.actor_id, found.matched_by, found.line) == (verein.pk, "name", 3)
        (link,) = proposal.links
        assert (link.kind, link.actor_key) == ("website", found.key)

    def test_a_website_after_an_email_address_is_named_by_its_actor_not_the_address(self, db):
        verein = actor("Zukunftswerkstatt Musterstadt e.V.", short_name="ZWM", website="https://www.zwm.example/")
        proposal = build_proposal(
            "Treffen am 01.03.2024\n\n- Die ZWM trifft sich monatlich. Kontakt: hallo@zwm.example, www.zwm.example\n"
        )
        website = next(link for link in proposal.links if link.kind == "website")
        assert website.label == verein.name
        assert "@" not in website.label and "Kontakt" not in website.label

    def test_a_short_item_with_a_link_can_be_a_follow_up(self, db):
        proposal = build_proposal(
            "Treffen am 01.03.2024\n\n- Ideen sollen hier gesammelt werden: https://padlet.com/x/y\n"
        )
        (follow_up,) = proposal.follow_ups
        assert follow_up.title == "Ideen sollen hier gesammelt werden"
        assert follow_up.text == "Ideen sollen hier gesammelt werden: https://padlet.com/x/y"
        (link,) = proposal.links
        assert (link.kind, link.label) == ("pinboard", "Ideen sollen hier gesammelt werden")
        assert proposal.rest == []

    def test_minutes_starting_with_a_list(self, db):
        host = event("Treffen", starts_at=berlin(2024, 3, 1, 18))
        proposal = build_proposal("- Es soll ein Fest geben.\n- Nächstes Treffen: 05.04.2024, 18 Uhr\n", event=host)
        assert (proposal.title, proposal.meeting_date) == ("", "2024-03-01")
        assert [f.title for f in proposal.follow_ups] == ["Es soll ein Fest geben"]
        assert [d.starts_at for d in proposal.dates] == ["2024-04-05T18:00:00+02:00"]
        assert proposal.rest == []

    def test_inputs_by_known_actors_and_non_inputs(self, db):
        vhs = actor("Volkshochschule Musterstadt", short_name="VHS Musterstadt")
        proposal = build_proposal(
            "Treffen am 01.03.2024\n\n## Vortrag VHS Musterstadt\n\n## Impuls: Wärme im Dorf\n\n"
            "- Input: bitte bis Freitag an alle\n"
        )
        first, second = proposal.contributions
        assert (proposal.item(first.actor_key).actor_id, first.speakers, first.title) == (
            vhs.pk,
            [],
            "Vortrag: VHS Musterstadt",
        )
        assert (second.actor_key, second.speakers, second.title) == ("", [], "Wärme im Dorf")
        assert [a.actor_id for a in proposal.actors] == [vhs.pk]  # nothing invented

    def test_queries_do_not_grow_with_the_data(self, db, django_assert_num_queries):
        # The minutes' summary, the actors' version (and the actors, when one changed), the topics,
        # the event's inputs and its series' dates.
        clear_caches()
        text = read("numbered.md")
        host = event("Runder Tisch", starts_at=berlin(2022, 1, 10, 17), series=series("Runde"))
        with django_assert_num_queries(6):
            build_proposal(text, event=host)
        with django_assert_num_queries(5):
            build_proposal(text, event=host)  # no actor changed: the index is reused
        for number in range(30):
            actor(f"Verein Nummer {number}", short_name=f"VN{number}")
            topic(f"Thema Nummer {number}")
        with django_assert_num_queries(6):
            build_proposal(text, event=host)
        with django_assert_num_queries(5):
            build_proposal(text, event=host)

    def test_a_changed_actor_is_seen_at_once(self, db):
        verein = actor("Heimatverein Musterdorf")
        assert build_proposal("Treffen\n\nDer Heimatverein Musterdorf lud ein.\n").actors[0].actor_id == verein.pk
        verein.name = "Dorfverein Musterdorf"
        verein.save()
        assert build_proposal("Treffen\n\nDer Heimatverein Musterdorf lud ein.\n").actors == []
        verein.status = Actor.Status.REJECTED
        verein.save()
        assert build_proposal("Treffen\n\nDer Dorfverein Musterdorf lud ein.\n").actors == []

    def test_five_megabytes_are_refused(self, db):
        with pytest.raises(MinutesRejected) as error:
            build_proposal("Protokoll\n" + "x" * 5_000_000)
        assert error.value.code == "too_long"


class TestApply:
    def test_everything_proposed_is_saved(self, round_table, member):
        before = counts()
        text = read("numbered.md")
        minutes = apply_proposal(build_proposal(text, event=round_table), event=round_table, text=text, user=member)
        assert minutes.text == text
        assert minutes.imported_by == member and minutes.imported_at is not None
        after = counts()
        assert after["Contribution"] - before["Contribution"] == 1
        assert after["Event"] - before["Event"] == 2
        assert after["FollowUp"] - before["FollowUp"] == 3
        new_actor = Actor.objects.get(name="Energiegenossenschaft Musterdorf eG")
        assert new_actor.status == Actor.Status.PENDING  # a member's new actor waits for moderation
        contribution = round_table.contributions.get()
        assert (contribution.speaker_name, contribution.actor, contribution.title) == (
            "Jana Beispiel",
            new_actor,
            "Solardächer für alle",
        )
        assert set(round_table.topics.values_list("name", flat=True)) == {
            "Bürgerenergie",
            "Wärmewende im Dorf",
            "Mieterstrom",
        }
        created = Event.objects.filter(series=round_table.series).exclude(pk=round_table.pk).order_by("starts_at")
        assert [(e.title, e.starts_at, e.status) for e in created] == [
            ("Runder Tisch Energie: Wärmewende im Dorf", berlin(2022, 1, 24, 17), "planned"),
            ("Runder Tisch Energie: Mieterstrom", berlin(2022, 2, 21, 17), "planned"),
        ]
        first = created[0]
        assert list(first.organisers.all()) == list(round_table.organisers.all())
        assert first.attendance == Event.Attendance.ONLINE
        assert list(first.topics.values_list("name", flat=True)) == ["Wärmewende im Dorf"]
        stalled = FollowUp.objects.get(status="stalled")
        assert (stalled.status_reason, stalled.origin, stalled.source_event) == (
            "Mittel fehlen",
            "minutes",
            round_table,
        )
        assert stalled.status_changes.count() == 1
        assert minutes.import_summary["events_created"] == [e.pk for e in created]
        assert minutes.links.get().kind == "other"

    def test_a_moderators_new_actors_are_published(self, round_table, moderator):
        text = read("numbered.md")
        apply_proposal(build_proposal(text, event=round_table), event=round_table, text=text, user=moderator)
        assert Actor.objects.get(name="Energiegenossenschaft Musterdorf eG").status == Actor.Status.PUBLISHED

    def test_deselections_and_corrections(self, db, member):
        host = event("Werkstatt", starts_at=berlin(2023, 3, 15, 18))
        text = read("headings.md")
        proposal = build_proposal(text, event=host)
        dorfladen = proposal.actors[0]
        dorfladen.selected = False  # the contribution keeps its speaker, loses the actor
        proposal.topics[1].selected = False  # "Dorfladen"
        proposal.dates[2].selected = False  # the day without a time
        leerstand, hours, question = proposal.follow_ups
        leerstand.title = "Leerstandskataster anlegen"
        leerstand.status, leerstand.status_reason = "stalled", "Kein Personal"
        question.selected = False
        proposal.links[1].selected = False
        apply_proposal(proposal, event=host, text=text, user=member)

        assert not Actor.objects.filter(name__startswith="Dorfladen").exists()
        contribution = host.contributions.get()
        assert (contribution.speaker_name, contribution.actor) == ("Tom Muster", None)
        assert not Topic.objects.filter(name="Dorfladen").exists()
        assert Event.objects.exclude(pk=host.pk).count() == 2
        saved = {f.title: f for f in FollowUp.objects.all()}
        assert set(saved) == {"Leerstandskataster anlegen", "Die Öffnungszeiten sollen erweitert werden"}
        corrected = saved["Leerstandskataster anlegen"]
        assert (corrected.status, corrected.status_reason) == ("stalled", "Kein Personal")
        assert list(corrected.topics.values_list("name", flat=True)) == ["Leerstand"]
        assert saved["Die Öffnungszeiten sollen erweitert werden"].topics.count() == 0  # its topic was deselected
        (link,) = host.minutes.links.all()
        assert (link.kind, link.actor) == ("website", None)

    def test_follow_up_points_to_a_created_date_and_its_parent(self, db, member):
        host = event("Stammtisch", starts_at=berlin(2024, 1, 8, 17), series=series("Stammtisch"))
        text = (
            "Stammtisch am 08.01.2024\n\n"
            "- **Wohnen im Alter**: Das soll am 05.02.2024 vertieft werden.\n"
            "  - Dafür fehlen noch Mittel für eine Referentin.\n\n"
            "## Nächste Termine\n\n- Mo, 05.02.2024, 17:00-18:30 Uhr, Thema: Wohnen im Alter\n"
        )
        proposal = build_proposal(text, event=host)
        parent, child = proposal.follow_ups
        assert parent.date_key == proposal.dates[0].key
        assert (child.related_key, child.status) == (parent.key, "stalled")
        apply_proposal(proposal, event=host, text=text, user=member)
        created = Event.objects.get(title="Stammtisch: Wohnen im Alter")
        saved_parent = FollowUp.objects.get(title="Wohnen im Alter")
        saved_child = FollowUp.objects.exclude(pk=saved_parent.pk).get()
        assert [link.event for link in saved_parent.links.all()] == [created]
        assert [link.target for link in saved_child.links.all()] == [saved_parent]

    def test_a_deselected_date_drops_the_reference(self, db, member):
        host = event("Stammtisch", starts_at=berlin(2024, 1, 8, 17), series=series("Stammtisch"))
        text = (
            "Stammtisch am 08.01.2024\n\n- Das soll am 05.02.2024 vertieft werden.\n\n"
            "## Nächste Termine\n\n- 05.02.2024, 17 Uhr\n"
        )
        proposal = build_proposal(text, event=host)
        proposal.dates[0].selected = False
        apply_proposal(proposal, event=host, text=text, user=member)
        assert FollowUp.objects.get().links.count() == 0
        assert Event.objects.count() == 1

    def test_an_existing_event_of_the_series_is_linked_not_created(self, db, member):
        stammtisch = series("Stammtisch")
        host = event("Stammtisch", starts_at=berlin(2024, 1, 8, 17), series=stammtisch)
        later = event("Stammtisch Februar", starts_at=berlin(2024, 2, 5, 19), series=stammtisch)
        text = "Stammtisch am 08.01.2024\n\n## Nächste Termine\n\n- 05.02.2024, 17 Uhr\n- 04.03.2024, 17 Uhr\n"
        proposal = build_proposal(text, event=host)
        assert [d.event_id for d in proposal.dates] == [later.pk, None]
        apply_proposal(proposal, event=host, text=text, user=member)
        assert Event.objects.filter(series=stammtisch).count() == 3

    def test_minutes_of_another_day_warn_and_never_make_a_second_event_on_the_events_day(self, db, member):
        """Minutes of 08.01. uploaded to the event of 05.02. (the wrong event chosen): the preview
        says so, and the 05.02. they mention is this very event, not a new one beside it."""
        stammtisch = series("Stammtisch")
        event("Stammtisch Januar", starts_at=berlin(2024, 1, 8, 17), series=stammtisch)
        chosen = event("Stammtisch Februar", starts_at=berlin(2024, 2, 5, 17), series=stammtisch)
        text = "Stammtisch am 08.01.2024\n\n## Nächste Termine\n\n- 05.02.2024, 17 Uhr\n- 04.03.2024, 17 Uhr\n"
        with override("en"):
            proposal = build_proposal(text, event=chosen)
        assert proposal.warnings == [
            "The minutes are dated 01/08/2024, but this event is on 02/05/2024: are they really its minutes?"
        ]
        assert [d.starts_at[:10] for d in proposal.dates] == ["2024-03-04"]
        apply_proposal(proposal, event=chosen, text=text, user=member)
        assert Event.objects.filter(series=stammtisch, starts_at__date="2024-02-05").count() == 1

    def test_minutes_of_the_events_own_day_give_no_date_warning(self, db):
        chosen = event("Stammtisch", starts_at=berlin(2024, 1, 8, 17), series=series("Stammtisch"))
        proposal = build_proposal("Stammtisch am 08.01.2024\n\n- 05.02.2024, 17 Uhr\n", event=chosen)
        assert proposal.warnings == []

    def test_one_failing_item_saves_nothing(self, round_table, member, monkeypatch):
        from wandelnetz.followups import services as followup_services

        real = followup_services.create_follow_up
        calls = []

        def second_one_fails(**kwargs):
            calls.append(kwargs["title"])
            if len(calls) == 2:
                raise RuntimeError("the database went away")
            return real(**kwargs)

        monkeypatch.setattr(followup_services, "create_follow_up", second_one_fails)
        text = read("numbered.md")
        proposal = build_proposal(text, event=round_table)
        before = counts()
        with pytest.raises(RuntimeError):
            apply_proposal(proposal, event=round_table, text=text, user=member)
        assert len(calls) == 2  # actors, topics, the input, two dates and a follow-up were made, then undone
        assert counts() == before
        assert not Minutes.objects.filter(event=round_table).exists()

    def test_a_date_ending_before_its_start_is_refused(self, round_table, member):
        text = read("numbered.md")
        proposal = build_proposal(text, event=round_table)
        proposal.dates[0].ends_at = "2022-01-24T16:00:00+01:00"
        before = counts()
        with pytest.raises(ProposalInvalid) as error:
            apply_proposal(proposal, event=round_table, text=text, user=member)
        assert "24.01.2022" in error.value.messages[0]
        assert counts() == before

    def test_a_stalled_follow_up_needs_a_reason(self, round_table, member):
        text = read("numbered.md")
        proposal = build_proposal(text, event=round_table)
        proposal.follow_ups[0].status = "stalled"
        before = counts()
        with pytest.raises(ProposalInvalid):
            apply_proposal(proposal, event=round_table, text=text, user=member)
        proposal.follow_ups[0].status = "finished"
        with pytest.raises(ProposalInvalid):
            apply_proposal(proposal, event=round_table, text=text, user=member)
        assert counts() == before

    def test_five_megabytes_save_nothing(self, round_table, member):
        proposal = build_proposal(read("numbered.md"), event=round_table)
        before = counts()
        with pytest.raises(MinutesRejected):
            apply_proposal(proposal, event=round_table, text="x" * 5_000_000, user=member)
        assert counts() == before

    def test_reimport_adds_nothing_twice(self, round_table, member):
        text = read("numbered.md")
        apply_proposal(build_proposal(text, event=round_table), event=round_table, text=text, user=member)
        first = counts()
        again = build_proposal(text, event=round_table)
        assert all(c.exists for c in again.contributions)
        assert all(d.event_id for d in again.dates)
        assert all(a.actor_id for a in again.actors)  # the pending actor of the first import is recognised
        apply_proposal(again, event=round_table, text=text, user=member)
        assert counts() == first
        assert Minutes.objects.get(event=round_table).import_summary["follow_ups_skipped"]

    def test_dates_without_a_year_take_the_year_from_the_meeting(self, db):
        proposal = build_proposal(read("no_year.md"))
        assert proposal.meeting_date == "2021-12-06"
        assert [(d.starts_at, d.ends_at, d.title) for d in proposal.dates] == [
            ("2022-01-24T17:00:00+01:00", "2022-01-24T18:30:00+01:00", "Lebendige Orte"),
            ("2022-03-07T17:00:00+01:00", "", ""),
        ]
        assert not proposal.warnings
        assert any("Abschnitt 1.2." in rest for rest in proposal.rest)  # a section number stays text
        assert any("29. November" in rest for rest in proposal.rest)  # a past day is no next date

    def test_reimport_after_a_corrected_title_recognises_the_follow_up(self, round_table, member):
        text = read("numbered.md")
        first = build_proposal(text, event=round_table)
        assert first.follow_ups and all(f.follow_up_id is None for f in first.follow_ups)
        first.follow_ups[0].title = "Vom Koordinator verbesserter Titel"
        apply_proposal(first, event=round_table, text=text, user=member)
        made = set(FollowUp.objects.filter(source_event=round_table).values_list("pk", flat=True))
        again = build_proposal(text, event=round_table)
        assert {f.follow_up_id for f in again.follow_ups} == made  # each recognised, the corrected one too
        before = counts()
        apply_proposal(again, event=round_table, text=text, user=member)
        assert counts() == before
        assert FollowUp.objects.filter(title="Vom Koordinator verbesserter Titel").count() == 1

    def test_reimport_of_an_event_without_series_links_its_dates(self, db, member):
        host = event("Einzeltermin", starts_at=berlin(2022, 1, 10, 17))
        text = read("numbered.md")
        apply_proposal(build_proposal(text, event=host), event=host, text=text, user=member)
        first = counts()
        apply_proposal(build_proposal(text, event=host), event=host, text=text, user=member)
        assert counts() == first

    def test_html_minutes_are_rendered_safely(self, db, member):
        from wandelnetz.core.markdown import render_markdown

        host = event("Nachbarschaftsrat", starts_at=berlin(2023, 5, 5, 18))
        text = read("html_script.md")
        minutes = apply_proposal(build_proposal(text, event=host), event=host, text=text, user=member)
        assert minutes.text == text  # kept whole
        html = str(render_markdown(minutes.text)).lower()
        assert "<script" not in html
        assert "<img" not in html
        assert "<a href" not in html

    def test_the_proposal_survives_json(self, round_table):
        proposal = build_proposal(read("numbered.md"), event=round_table)
        assert proposal_from_json(proposal.to_json()) == proposal

    def test_english_minutes_are_applied(self, db, moderator):
        host = event("Community Energy Round", starts_at=berlin(2024, 3, 12, 18))
        text = read("english.md")
        apply_proposal(build_proposal(text, event=host), event=host, text=text, user=moderator)
        stalled = FollowUp.objects.get(title="Repair café")
        assert (stalled.status, stalled.status_reason) == ("stalled", "funding missing")
        assert Event.objects.filter(title="Heat planning").exists()


class TestOddInput:
    """Whatever the text, the importer answers in time and never crashes."""

    @pytest.mark.parametrize(
        "body",
        [
            "[" * 50_000 + "](" * 40_000,
            "**a " * 40_000,
            "fehlt soll " * 15_000,
            "<a" * 90_000,
            "<https://" * 20_000,
            "Infos:\n" + "https://x.example/a\n" * 9_000,
            "- a\n" + "zeile\n" * 30_000,
            "# Impuls " + "„x " * 50_000,
            "1" + " " * 90_000 + "1." + " " * 90_000,
            "Mo, 24.01.2030, 17:00-18:30 Uhr, Thema: X\n" * 4_000,
        ],
        ids=["brackets", "open-bold", "cues", "tags", "autolinks", "links", "lines", "quotes", "spaces", "dates"],
    )
    def test_long_odd_texts_are_read_quickly(self, db, body):
        import time

        text = ("Titel am 01.01.2020\n" + body)[: MAX_MINUTES_CHARS - 1]
        started = time.perf_counter()
        build_proposal(text)
        assert time.perf_counter() - started < 5

    def test_random_markup_never_crashes(self, db):
        import random

        pieces = [
            "- ", "  - ", "**", "__", "# ", "1 ", "2) ", "TOP 3 ", "Impuls ", "(", ")", "/", "Thema: ",
            "24.01.2022", "31.02.2022", "17:00-18:30 Uhr", " 5 pm", "https://padlet.com/x", "www.a.de", "a@b.de",
            "[x](#)", "[y](https://z.de)", "<", ">", "soll ", "fehlen Mittel", "stimmen wir uns ab", "\n", "\n\n",
            "Mo, ", "Januar 2022", "2022-01-01", "e.V.", " ", "Wort", "Äöü", "ß", ":", ".", "➔", "\t", "\r\n",
        ]  # fmt: skip
        generator = random.Random(4)
        for _ in range(300):
            text = "".join(generator.choice(pieces) for _ in range(generator.randint(1, 80)))
            try:
                build_proposal(text)
            except MinutesRejected:
                assert not text.strip()

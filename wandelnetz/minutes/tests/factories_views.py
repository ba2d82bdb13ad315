"""Explicit factories for the minutes' pages: minutes with links and follow-ups, hand-made proposals."""

from typing import Any

from wandelnetz.actors.models import Actor
from wandelnetz.events.models import Event
from wandelnetz.followups.models import FollowUp
from wandelnetz.minutes import services
from wandelnetz.minutes.models import Minutes, MinutesLink
from wandelnetz.minutes.proposal import (
    Proposal,
    ProposedActor,
    ProposedContribution,
    ProposedDate,
    ProposedFollowUp,
    ProposedLink,
    ProposedTopic,
)

MINUTES_TEXT = """# Strukturwandel-Stammtisch am 06.12.2021

Thema: Zivilgesellschaftliche Netzwerke

## 1 Impuls Erika Musterfrau (Aktionskreis Beispiel)

Die **Mobilitätswende** im ländlichen Raum braucht Begegnungsorte.

## 2 Diskussion

Ein Stammtisch zu Kunst und Kultur wird vorgeschlagen.

Pinnwand: https://padlet.com/beispiel/fazit

## Nächste Termine

- Mo, 24.01.2022, 17:00-18:30 Uhr, Thema: Lebendige Orte
"""


def minutes_for(
    event: Event, text: str = MINUTES_TEXT, *, links: int = 0, follow_ups: int = 0, actor: Actor | None = None
) -> Minutes:
    """Minutes of `event` (through the service, so they are indexed), with `links` links and `follow_ups` follow-ups."""
    minutes = services.save_minutes(event=event, text=text, user=None)
    kinds = [MinutesLink.Kind.PINBOARD, MinutesLink.Kind.WEBSITE, MinutesLink.Kind.EMAIL, MinutesLink.Kind.OTHER]
    for i in range(links):
        kind = kinds[i % len(kinds)]
        url = f"kontakt{i}@example.org" if kind == MinutesLink.Kind.EMAIL else f"https://example.org/{i}"
        MinutesLink.objects.create(
            minutes=minutes,
            kind=kind,
            url=url,
            label=f"Link {i}",
            actor=actor if kind == MinutesLink.Kind.WEBSITE else None,
            position=i,
        )
    statuses = list(FollowUp.Status)
    for i in range(follow_ups):
        FollowUp.objects.create(
            title=f"Folgeschritt {i}",
            slug=f"folgeschritt-{event.pk}-{i}",
            status=statuses[i % len(statuses)],
            status_reason="Mittel fehlen" if statuses[i % len(statuses)] == FollowUp.Status.STALLED else "",
            origin=FollowUp.Origin.MINUTES,
            source_event=event,
            owner_actor=actor,
        )
    return minutes


def proposal(known: Actor | None = None, **changes: Any) -> Proposal:
    """A proposal of every kind of item, as the importer would make it for MINUTES_TEXT (`known`: actor-1)."""
    made = Proposal(
        title="Strukturwandel-Stammtisch am 06.12.2021",
        meeting_date="2021-12-06",
        theme="Zivilgesellschaftliche Netzwerke",
        actors=[
            ProposedActor(
                key="actor-1",
                name="Aktionskreis Beispiel",
                actor_id=known.pk if known else None,
                matched_by="name" if known else "",
                line=5,
            ),
            ProposedActor(key="actor-2", name="Neuer Verein e.V.", website="https://neuer-verein.example", line=9),
        ],
        contributions=[
            ProposedContribution(
                key="contribution-1", speakers=["Erika Musterfrau"], actor_key="actor-1", title="Impuls", line=5
            ),
            ProposedContribution(
                key="contribution-2", speakers=["Max Beispiel"], title="Schon da", exists=True, line=6
            ),
        ],
        topics=[ProposedTopic(key="topic-1", name="Mobilitätswende", line=7)],
        follow_ups=[
            ProposedFollowUp(
                key="followup-1",
                title="Stammtisch zu Kunst und Kultur",
                text="Ein Stammtisch zu Kunst und Kultur wird vorgeschlagen.",
                date_key="date-1",
                line=11,
            )
        ],
        dates=[
            ProposedDate(
                key="date-1",
                starts_at="2022-01-24T17:00:00+01:00",
                ends_at="2022-01-24T18:30:00+01:00",
                title="Lebendige Orte",
                line=17,
            )
        ],
        links=[ProposedLink(key="link-1", url="https://padlet.com/beispiel/fazit", kind="pinboard", line=13)],
        rest=["## 2 Diskussion"],
        warnings=["Eine Zeile konnte nicht gelesen werden."],
    )
    for name, value in changes.items():
        setattr(made, name, value)
    return made

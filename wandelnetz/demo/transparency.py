"""The transparency half of the demo world: bodies, the minutes of 06.12.2021 and their follow-ups.

The bodies are ones a newcomer to the regions would look for. They are marked unverified (no
"last verified" date), each with the public source it was taken from, and carry no seats: who
sits there is for their editors to enter after checking, never invented here.

The minutes retell the seed minutes in our own words and go through the same importer a
coordinator uses; the loader then does what a coordinator would do in the preview and after it
(shorter titles, owners, one status step), so the demo shows both what the importer finds and
what a follow-up's timeline looks like.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from wandelnetz.accounts.models import User
from wandelnetz.actors.models import Actor
from wandelnetz.bodies import services as body_services
from wandelnetz.bodies.models import Body
from wandelnetz.events.models import Event, Series
from wandelnetz.events.recurrence import BERLIN
from wandelnetz.followups import services as follow_up_services
from wandelnetz.followups.models import FollowUp, StatusChange
from wandelnetz.minutes.importer import apply_proposal, build_proposal
from wandelnetz.minutes.models import Minutes
from wandelnetz.topics.models import Region, Topic

MINUTES_FILE = Path(__file__).parent / "data" / "stammtisch-2021-12-06-protokoll.md"
MINUTES_EVENT = "stammtisch-2021-12-06"


@dataclass(frozen=True)
class BodySpec:
    slug: str
    name: str
    kind: str
    level: str
    power: int
    openness: str
    summary: str
    sources: tuple[tuple[str, str], ...]
    short_name: str = ""
    how_to_take_part: str = ""
    meeting_rhythm: str = ""
    convened_by: str = ""
    series: str = ""
    topics: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    description: str = field(default="")


B = Body
UNVERIFIED = (
    "Dieser Eintrag ist ein Ausgangspunkt für die Demo und **noch nicht geprüft**. Wer das Gremium kennt, "
    "kann Sitze, Rechte und Termine ergänzen und den Eintrag als geprüft markieren."
)
BODIES = [
    BodySpec(
        slug="strukturwandel-stammtisch",
        name="Strukturwandel-Stammtisch",
        kind=B.Kind.STAMMTISCH,
        level=B.Level.REGIONAL,
        power=B.Power.CONSULT,
        openness=B.Openness.PUBLIC,
        summary="Digitaler Austausch der Zivilgesellschaft im Mitteldeutschen Revier mit Impulsen und Ergebnissen.",
        how_to_take_part="Offen für alle Engagierten: Anmeldung zu den Terminen über die Veranstaltungsseiten.",
        meeting_rhythm="mehrmals im Jahr, montags 17:00–18:30 Uhr, online",
        convened_by="strukturwandel-stammtisch",
        series="strukturwandel-stammtisch",
        topics=("zivilgesellschaftliche-netzwerke", "beteiligung", "transparenz"),
        regions=("mitteldeutsches-revier",),
        sources=(("https://www.nachhaltiges-sachsen.de/detail/strukturwandel-stammtisch.asp", "Seite der Reihe"),),
    ),
    BodySpec(
        slug="begleitausschuss-mitteldeutsches-revier-sachsen",
        name="Regionaler Begleitausschuss Mitteldeutsches Revier (Sachsen)",
        kind=B.Kind.MONITORING_COMMITTEE,
        level=B.Level.REGIONAL,
        power=B.Power.CODECIDE,
        openness=B.Openness.CLOSED,
        summary="Begleitet im sächsischen Teil des Mitteldeutschen Reviers die Auswahl von Strukturwandel-Projekten.",
        topics=("nachhaltige-transformation", "beteiligung"),
        regions=("landkreis-leipzig", "landkreis-nordsachsen", "stadt-leipzig"),
        sources=(("https://www.strukturentwicklung.sachsen.de/", "Strukturentwicklung in Sachsen"),),
    ),
    BodySpec(
        slug="begleitausschuss-lausitz-sachsen",
        name="Regionaler Begleitausschuss Lausitz (Sachsen)",
        kind=B.Kind.MONITORING_COMMITTEE,
        level=B.Level.REGIONAL,
        power=B.Power.CODECIDE,
        openness=B.Openness.CLOSED,
        summary="Begleitet im sächsischen Teil der Lausitz die Auswahl von Strukturwandel-Projekten.",
        topics=("nachhaltige-transformation", "beteiligung"),
        regions=("landkreis-bautzen", "landkreis-goerlitz"),
        sources=(("https://www.strukturentwicklung.sachsen.de/", "Strukturentwicklung in Sachsen"),),
    ),
    BodySpec(
        slug="werkstaetten-wirtschaftsregion-lausitz",
        name="Werkstätten der Wirtschaftsregion Lausitz",
        kind=B.Kind.WORKSHOP,
        level=B.Level.REGIONAL,
        power=B.Power.CONSULT,
        openness=B.Openness.INVITATION,
        summary="Thematische Werkstätten im brandenburgischen Teil der Lausitz, in denen Projektideen beraten werden.",
        topics=("nachhaltige-transformation", "beteiligung"),
        regions=("lausitzer-revier",),
        sources=(("https://wirtschaftsregion-lausitz.de/", "Wirtschaftsregion Lausitz"),),
    ),
    BodySpec(
        slug="bund-laender-koordinierungsgremium",
        name="Bund-Länder-Koordinierungsgremium nach § 25 InvKG",
        kind=B.Kind.COORDINATION,
        level=B.Level.FEDERAL,
        power=B.Power.CODECIDE,
        openness=B.Openness.CLOSED,
        summary=(
            "Gremium von Bund und Kohleländern, das die Förderung nach dem Investitionsgesetz Kohleregionen "
            "koordiniert."
        ),
        topics=("nachhaltige-transformation",),
        regions=("mitteldeutsches-revier", "lausitzer-revier"),
        sources=(("https://www.gesetze-im-internet.de/invkg/__25.html", "§ 25 Investitionsgesetz Kohleregionen"),),
    ),
    BodySpec(
        slug="kreistag-landkreis-leipzig",
        name="Kreistag Landkreis Leipzig",
        kind=B.Kind.DISTRICT_COUNCIL,
        level=B.Level.DISTRICT,
        power=B.Power.DECIDE,
        openness=B.Openness.PUBLIC,
        summary="Die gewählte Vertretung des Landkreises Leipzig; seine Sitzungen sind grundsätzlich öffentlich.",
        how_to_take_part=(
            "Öffentliche Sitzungen besuchen; Anliegen über Kreisrät:innen oder Einwohneranfragen einbringen."
        ),
        topics=("nachhaltige-transformation", "mobilitaet"),
        regions=("landkreis-leipzig",),
        sources=(("https://www.landkreisleipzig.de/", "Landkreis Leipzig"),),
    ),
    BodySpec(
        slug="gemeinderat-neukieritzsch",
        name="Gemeinderat Neukieritzsch",
        kind=B.Kind.MUNICIPAL_COUNCIL,
        level=B.Level.MUNICIPALITY,
        power=B.Power.DECIDE,
        openness=B.Openness.PUBLIC,
        summary="Die gewählte Vertretung der Gemeinde Neukieritzsch mit Deutzen.",
        how_to_take_part="Öffentliche Sitzungen besuchen; Fragen in der Einwohnerfragestunde stellen.",
        topics=("nachhaltige-transformation", "lebendige-orte"),
        regions=("neukieritzsch",),
        sources=(("https://www.neukieritzsch.de/", "Gemeinde Neukieritzsch"),),
    ),
]

# What the coordinator corrects in the preview: shorter titles for the follow-ups it found,
# keyed by a word of the found title. Owners are set after the import.
FOLLOW_UP_TITLES = {
    "Veranstaltungsreihe": "Veranstaltungsreihe mit Inputs von Expert:innen",
    "Kinder und Jugendliche": "Jugendbeteiligung vertiefen",
    "Kunst und Kultur": "Stammtisch zu Kunst und Kultur",
    "Infoplattform": "Infoplattform: Mittel fehlen",
    "Website": "Infoplattform und Website des Bündnisses abstimmen",
}
FOLLOW_UP_OWNERS = {
    "Infoplattform und Website des Bündnisses abstimmen": "strukturwandeln",
}
DEFAULT_OWNER = "strukturwandel-stammtisch"
# Topics the coordinator adds beyond the highlighted term the importer found.
FOLLOW_UP_TOPICS = {
    "Jugendbeteiligung vertiefen": ("jugendbeteiligung",),
    "Veranstaltungsreihe mit Inputs von Expert:innen": ("bildungsangebote",),
    "Infoplattform und Website des Bündnisses abstimmen": ("transparenz",),
    "Infoplattform: Mittel fehlen": ("transparenz",),
}
# When things happened: the follow-ups were written down after the meeting, and youth
# participation was taken up by the Stammtisch of 07.03.2022.
MEETING_ENDED = datetime(2021, 12, 6, 18, 30, tzinfo=BERLIN)
YOUTH_TAKEN_UP = datetime(2022, 3, 7, 18, 30, tzinfo=BERLIN)


def load_bodies(admin: User) -> int:
    created = 0
    for spec in BODIES:
        if Body.objects.filter(slug=spec.slug).exists():
            continue
        body_services.create_body(
            slug=spec.slug,
            name=spec.name,
            short_name=spec.short_name,
            kind=spec.kind,
            level=spec.level,
            power=spec.power,
            openness=spec.openness,
            summary=spec.summary,
            description=spec.description or UNVERIFIED,
            how_to_take_part=spec.how_to_take_part,
            meeting_rhythm=spec.meeting_rhythm,
            convened_by=Actor.objects.filter(slug=spec.convened_by).first() if spec.convened_by else None,
            series=Series.objects.filter(slug=spec.series).first() if spec.series else None,
            topics=Topic.objects.filter(slug__in=spec.topics),
            regions=Region.objects.filter(slug__in=spec.regions),
            sources=spec.sources,
            created_by=admin,
        )
        created += 1
    return created


def load_minutes(admin: User) -> dict[str, int]:
    """Import the demo minutes once, correcting the proposal as a coordinator would."""
    event = Event.objects.filter(slug=MINUTES_EVENT).first()
    if event is None or Minutes.objects.filter(event=event).exists():
        return {"minutes": 0, "follow_ups": 0}
    text = MINUTES_FILE.read_text(encoding="utf-8")
    proposal = build_proposal(text, event=event)
    for item in proposal.follow_ups:
        for word, title in FOLLOW_UP_TITLES.items():
            if word in item.title or word in item.text.split(".")[0]:
                item.title = title
                break
    before = FollowUp.objects.count()
    apply_proposal(proposal, event=event, text=text, user=admin)
    follow_ups = FollowUp.objects.filter(source_event=event)
    owners = {slug: Actor.objects.filter(slug=slug).first() for slug in {DEFAULT_OWNER, *FOLLOW_UP_OWNERS.values()}}
    for follow_up in follow_ups:
        owner = owners[FOLLOW_UP_OWNERS.get(follow_up.title, DEFAULT_OWNER)]
        extra = Topic.objects.filter(slug__in=FOLLOW_UP_TOPICS.get(follow_up.title, ()))
        follow_up_services.update_follow_up(
            follow_up=follow_up, user=admin, owner_actor=owner, topics=[*follow_up.topics.all(), *extra]
        )
    StatusChange.objects.filter(follow_up__in=follow_ups).update(changed_at=MEETING_ENDED)
    follow_ups.update(status_changed_at=MEETING_ENDED)
    youth = follow_ups.filter(title=FOLLOW_UP_TITLES["Kinder und Jugendliche"]).first()
    if youth is not None and youth.status == FollowUp.Status.PROPOSED:
        change = follow_up_services.change_status(
            follow_up=youth,
            to_status=FollowUp.Status.IN_PROGRESS,
            comment="Thema des Strukturwandel-Stammtischs am 07.03.2022 („Jugendbeteiligung“).",
            user=admin,
        )
        StatusChange.objects.filter(pk=change.pk).update(changed_at=YOUTH_TAKEN_UP)
        FollowUp.objects.filter(pk=youth.pk).update(status_changed_at=YOUTH_TAKEN_UP)
    return {"minutes": 1, "follow_ups": FollowUp.objects.count() - before}

"""The world of the Strukturwandel-Stammtisch minutes of 06.12.2021, as demo data.

Facts come from the minutes only; the few people are fictional demo accounts. Loading is
idempotent: everything is looked up by its slug first, so a second run adds nothing.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import transaction

from wandelnetz.accounts.models import User
from wandelnetz.actors import services as actor_services
from wandelnetz.actors.models import Actor, Relation
from wandelnetz.core.slugs import slug_for
from wandelnetz.demo import transparency
from wandelnetz.events import services as event_services
from wandelnetz.events.models import Event, Series, TargetGroup
from wandelnetz.events.recurrence import BERLIN
from wandelnetz.places.models import Place
from wandelnetz.places.services import create_place
from wandelnetz.topics.models import Region, Topic
from wandelnetz.topics.services import create_region, create_topic

DEMO_PASSWORD = "wandelnetz-demo"  # noqa: S105 - demo accounts on a local demo only
DEMO_ADMIN_EMAIL = "admin@demo.wandelnetz.invalid"
DEMO_MODERATOR_EMAIL = "moderation@demo.wandelnetz.invalid"
DEMO_EDITOR_EMAIL = "redaktion-aksll@demo.wandelnetz.invalid"

K = Region.Kind
# (name, kind, state, children)
REGIONS = [
    (
        "Mitteldeutsches Revier",
        K.REVIER,
        "",
        [
            (
                "Landkreis Leipzig",
                K.DISTRICT,
                "Sachsen",
                [
                    ("Neukieritzsch", K.MUNICIPALITY, "Sachsen", [("Deutzen", K.LOCALITY, "Sachsen", [])]),
                ],
            ),
            ("Landkreis Nordsachsen", K.DISTRICT, "Sachsen", []),
            ("Stadt Leipzig", K.CITY, "Sachsen", []),
            ("Burgenlandkreis", K.DISTRICT, "Sachsen-Anhalt", [("Zeitz", K.MUNICIPALITY, "Sachsen-Anhalt", [])]),
            ("Saalekreis", K.DISTRICT, "Sachsen-Anhalt", []),
            ("Landkreis Mansfeld-Südharz", K.DISTRICT, "Sachsen-Anhalt", []),
            ("Landkreis Anhalt-Bitterfeld", K.DISTRICT, "Sachsen-Anhalt", []),
            ("Stadt Halle (Saale)", K.CITY, "Sachsen-Anhalt", []),
            ("Landkreis Altenburger Land", K.DISTRICT, "Thüringen", []),
        ],
    ),
    (
        "Lausitzer Revier",
        K.REVIER,
        "",
        [
            ("Landkreis Dahme-Spreewald", K.DISTRICT, "Brandenburg", []),
            ("Landkreis Elbe-Elster", K.DISTRICT, "Brandenburg", []),
            ("Landkreis Oberspreewald-Lausitz", K.DISTRICT, "Brandenburg", []),
            ("Landkreis Spree-Neiße", K.DISTRICT, "Brandenburg", []),
            ("Stadt Cottbus", K.CITY, "Brandenburg", []),
            ("Landkreis Bautzen", K.DISTRICT, "Sachsen", []),
            ("Landkreis Görlitz", K.DISTRICT, "Sachsen", []),
        ],
    ),
]

# The bold terms of the discussion and the topics of the announced Stammtische.
TopicNode = tuple[str, str, list["TopicNode"]]
TOPICS: list[TopicNode] = [
    (
        "Zivilgesellschaftliche Netzwerke",
        "Vernetzung von Vereinen, Initiativen und Engagierten im Strukturwandel.",
        [
            ("Infoplattform", "Eine Plattform, die Engagierte vernetzt und Transparenz im Strukturwandel schafft.", []),
            ("Stiftungen & Engagement", "", []),
        ],
    ),
    ("Transparenz", "Wo haben welche Themen und Anliegen ihren Platz, wo werden sie diskutiert und entschieden?", []),
    (
        "Beteiligung",
        "Partizipative Strukturen: Zivilgesellschaft mit am Tisch, wo entschieden wird.",
        [
            (
                "Beteiligungs- und Gesprächsangebote",
                "Niedrigschwellige Angebote, um Stimmungsbilder einzuholen und Menschen zu aktivieren.",
                [],
            ),
            ("Jugendbeteiligung", "Kinder und Jugendliche sind im Strukturwandel unterrepräsentiert.", []),
        ],
    ),
    ("Bildungsangebote", "Bildung für alle Bürger:innen als Voraussetzung für Beteiligung.", []),
    (
        "Nachhaltige Transformation",
        "Ganzheitlich nachhaltiger Wandel der Region; neue Arbeitsplätze sind ein Aspekt davon.",
        [
            ("Mobilität", "", []),
            ("Arbeitsplätze", "", []),
        ],
    ),
    ("Kinder und Jugendliche", "", []),
    ("Kunst und Kultur", "Auch Kunst und Kultur können die Zukunft der Region prägen.", []),
    ("Lebendige Orte", "", []),
    ("Gesellschaftlicher Zusammenhalt", "", []),
]


@dataclass(frozen=True)
class ActorSpec:
    slug: str
    name: str
    kind: str
    short_name: str = ""
    summary: str = ""
    description: str = ""
    website: str = ""
    email: str = ""
    meeting_rhythm: str = ""
    how_to_join: str = ""
    regions: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


A = Actor.Kind
ACTORS = [
    ActorSpec(
        slug="gesellschaftsdenken",
        name="Gesellschaftsdenken e.V.",
        kind=A.ASSOCIATION,
        summary="Bundesweit aktiver Verein für gesellschaftlichen Austausch und Zusammenhalt.",
        description=(
            "Gesellschaftsdenken e.V. setzt sich bundesweit für gesellschaftlichen Austausch und "
            "Zusammenhalt ein.\n\nEin Schwerpunkt im Jahr 2021 war die **Stadt Zeitz** mit ihren "
            "besonderen Rahmenbedingungen: Leerstand, Strukturwandel, Polarisierung, aber auch "
            "zunehmende Belebung durch Initiativen.\n\nIn einem offenen **Straßencafé-Format** wurden "
            "mehrere Tausend Gespräche mit Menschen unterschiedlichster Hintergründe und Ansichten "
            "geführt – mit insgesamt positiver Resonanz."
        ),
        website="https://gesellschaftsdenken.org/",
        regions=("burgenlandkreis", "zeitz"),
        topics=("gesellschaftlicher-zusammenhalt", "beteiligungs-und-gespraechsangebote"),
    ),
    ActorSpec(
        slug="aksll",
        name="Aktionskreis Strukturwandel Leipziger Land",
        short_name="AkSLL",
        kind=A.INITIATIVE,
        summary=(
            "Offene Gruppe für einen nachhaltigen und sozial gerechten Strukturwandel "
            "in der Leipziger Braunkohleregion."
        ),
        description=(
            "Der Aktionskreis Strukturwandel Leipziger Land ist eine offene Gruppe, die sich für einen "
            "nachhaltigen und sozial gerechten Strukturwandel in der Leipziger Braunkohleregion und "
            "bundesweit stark macht.\n\n"
            "- den anstehenden Wandel innovativ, ökologisch und basisorientiert mitgestalten\n"
            "- Menschen im Leipziger Land vernetzen, inspirieren, informieren und gemeinsam Perspektiven entwickeln\n"
            "- einen transparenten und beteiligungsorientierten Strukturwandelprozess fordern und sich für eine "
            "sinnvolle und gerechte Nutzung und Verteilung von Ressourcen einsetzen\n"
            "- Austausch an verschiedenen Begegnungsorten im Landkreis Leipzig anregen, mit selbstorganisierten "
            "Formaten für Ideen, Bildung und Projekte\n\n"
            "Themen waren z. B. *Strukturwandel und Mobilität* (20.09.2021, Ökokirche Deutzen), Filmabende "
            "(„Gundermann Revier“, „Tomorrow – Die Welt ist voller Lösungen“) und Diskussionen mit "
            "Vertreter*innen der Metropolregion."
        ),
        website="https://ak-strukturwandel.de",
        email="mitmachen@ak-strukturwandel.de",
        meeting_rhythm="jeden 2. Montag im Monat an verschiedenen Begegnungsorten im Leipziger Land",
        how_to_join="Offene Gruppe: Wer mitmachen möchte, schreibt eine Mail an mitmachen@ak-strukturwandel.de.",
        regions=("landkreis-leipzig",),
        topics=("nachhaltige-transformation", "mobilitaet", "beteiligung", "bildungsangebote", "transparenz"),
        places=("oekokirche-deutzen",),
    ),
    ActorSpec(
        slug="strukturwandeln",
        name="StrukturWandeln – Zivilgesellschaftliches Bündnis im Mitteldeutschen Revier",
        short_name="Strukturwandel-Bündnis",
        kind=A.ALLIANCE,
        summary="Zivilgesellschaftliches Bündnis für den Strukturwandel im Mitteldeutschen Revier.",
        description=(
            "Zivilgesellschaftliches Bündnis im Mitteldeutschen Revier. Der Aktionskreis Strukturwandel "
            "Leipziger Land ist Teil des Bündnisses.\n\nDas Bündnis bringt einen eigenen Webauftritt voran; "
            "mit dem Konzept einer Strukturwandel-Plattform stimmt es sich ab."
        ),
        regions=("mitteldeutsches-revier",),
        topics=("zivilgesellschaftliche-netzwerke", "beteiligung", "infoplattform"),
    ),
    ActorSpec(
        slug="buergerregion-lausitz",
        name="Bürgerregion Lausitz",
        kind=A.NETWORK,
        summary="Vernetzungsprozess der Zivilgesellschaft in der Lausitz.",
        description=(
            "Die Bürgerregion Lausitz bindet Vereine und Initiativen, die schon lange in der Region aktiv "
            "sind, mit ihren Kontakten vor Ort in einen größeren Kontext ein.\n\nZivilgesellschaftliche "
            "Zusammenschlüsse müssen mit am Tisch sitzen, wo im Strukturwandel wichtige Entscheidungen "
            "getroffen werden – ein Prozess, der sich noch als mühsam erweist."
        ),
        regions=("lausitzer-revier",),
        topics=("zivilgesellschaftliche-netzwerke", "beteiligung", "transparenz"),
    ),
    ActorSpec(
        slug="vhs-leipzig",
        name="Volkshochschule Leipzig",
        short_name="VHS Leipzig",
        kind=A.EDUCATION,
        summary="Bietet mit „klimafit“ eine Multiplikator:innen-Schulung an.",
        description=(
            "Die VHS Leipzig bietet mit dem Programm **„klimafit“** eine Multiplikator:innen-Schulung an "
            "und steht auch sonst gerne für Ideen aus dem Netzwerk zur Verfügung."
        ),
        regions=("stadt-leipzig",),
        topics=("bildungsangebote", "nachhaltige-transformation"),
    ),
    ActorSpec(
        slug="burg-giebichenstein",
        name="Burg Giebichenstein Kunsthochschule Halle",
        kind=A.UNIVERSITY,
        summary="Studierende haben ein Konzept für eine Strukturwandel-Plattform entwickelt.",
        description=(
            "Studierende der Burg Giebichenstein Kunsthochschule Halle haben ein Konzept für eine "
            "Strukturwandel-Plattform entwickelt, die Engagierte vernetzt und mehr Transparenz im "
            "Strukturwandel schafft. Für die Umsetzung fehlten 2021 die Mittel."
        ),
        regions=("stadt-halle-saale",),
        topics=("infoplattform", "kunst-und-kultur", "transparenz"),
    ),
    ActorSpec(
        slug="strukturwandel-stammtisch",
        name="Strukturwandel-Stammtisch",
        kind=A.NETWORK,
        summary="Digitaler Stammtisch zum Austausch über Themen des Strukturwandels, mit Impulsen und Anmeldung.",
        description=(
            "Der digitale Strukturwandel-Stammtisch lädt zu wechselnden Themen ein, z. B. "
            "*Zivilgesellschaftliche Netzwerke* (06.12.2021), *Lebendige Orte* (24.01.2022), "
            "*Jugendbeteiligung* (07.03.2022) und *Stiftungen & Engagement* (25.04.2022)."
        ),
        website="https://www.nachhaltiges-sachsen.de/detail/strukturwandel-stammtisch.asp",
        meeting_rhythm="etwa alle sechs Wochen montags, 17:00–18:30 Uhr, online",
        how_to_join="Termine und Anmeldung auf der Website des Stammtischs.",
        regions=("mitteldeutsches-revier",),
        topics=("zivilgesellschaftliche-netzwerke", "beteiligung", "bildungsangebote"),
    ),
]

RELATIONS = [("aksll", Relation.Kind.PART_OF, "strukturwandeln")]

E = Event.Kind
STAMMTISCH_SERIES = "strukturwandel-stammtisch"
SERIES = [
    # (slug, title, kind, organiser, summary, description, topics)
    (
        STAMMTISCH_SERIES,
        "Strukturwandel-Stammtisch",
        E.STAMMTISCH,
        "strukturwandel-stammtisch",
        "Digitaler Stammtisch mit Impulsen und Austausch zu Themen des Strukturwandels.",
        "Der Stammtisch lädt online zu wechselnden Themen ein: zwei kurze Impulse, danach Austausch "
        "in großer Runde. Alle Infos und die Anmeldung stehen auch auf "
        "[nachhaltiges-sachsen.de](https://www.nachhaltiges-sachsen.de/detail/strukturwandel-stammtisch.asp).",
        ("zivilgesellschaftliche-netzwerke", "beteiligung"),
    ),
    (
        "treffen-des-aksll",
        "Treffen des AkSLL",
        E.MEETING,
        "aksll",
        "Offenes Treffen des Aktionskreises Strukturwandel Leipziger Land.",
        "Der Aktionskreis trifft sich jeden 2. Montag im Monat an verschiedenen Begegnungsorten im "
        "Leipziger Land. Wer mitmachen möchte, ist willkommen.",
        ("nachhaltige-transformation", "beteiligung"),
    ),
    (
        "klimafit",
        "klimafit – Schulung für Multiplikator:innen",
        E.EDUCATION,
        "vhs-leipzig",
        "Bildungsangebot der VHS Leipzig für Multiplikator:innen im Klimaschutz.",
        "Die VHS Leipzig bietet mit dem Programm **„klimafit“** eine Schulung für Multiplikator:innen an "
        "und steht auch sonst gerne für Ideen aus dem Netzwerk zur Verfügung. Die Termine der nächsten "
        "Schulung stehen noch nicht fest.",
        ("bildungsangebote", "nachhaltige-transformation"),
    ),
]


@dataclass(frozen=True)
class EventSpec:
    slug: str
    title: str
    kind: str
    organiser: str
    starts: tuple[int, int, int, int, int]  # year, month, day, hour, minute (Berlin)
    ends: tuple[int, int] | None = None  # hour, minute on the same day
    series: str = ""
    summary: str = ""
    description: str = ""
    attendance: str = Event.Attendance.ONLINE
    place: str = ""
    location_note: str = ""
    time_to_be_announced: bool = False
    rrule: str = ""
    registration: bool = False
    topics: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    contributions: tuple[tuple[str, str], ...] = field(default=())  # (actor slug, title)


STAMMTISCH_DESCRIPTION = (
    "Online-Stammtisch zum Strukturwandel, 17:00–18:30 Uhr. Den Zugangslink erhalten Angemeldete per E-Mail."
)
EVENTS = [
    EventSpec(
        slug="stammtisch-2021-12-06",
        title="Strukturwandel-Stammtisch: Zivilgesellschaftliche Netzwerke",
        kind=E.STAMMTISCH,
        organiser="strukturwandel-stammtisch",
        series=STAMMTISCH_SERIES,
        starts=(2021, 12, 6, 17, 0),
        ends=(18, 30),
        summary="Zwei Impulse zu zivilgesellschaftlichen Netzwerken, danach Austausch.",
        description=STAMMTISCH_DESCRIPTION,
        topics=("zivilgesellschaftliche-netzwerke",),
        regions=("mitteldeutsches-revier",),
        contributions=(
            ("gesellschaftsdenken", "Gesellschaftsdenken e.V.: Gespräche im Straßencafé-Format in Zeitz"),
            ("aksll", "Der Aktionskreis Strukturwandel Leipziger Land stellt sich vor"),
        ),
    ),
    EventSpec(
        slug="stammtisch-2022-01-24",
        title="Strukturwandel-Stammtisch: Lebendige Orte",
        kind=E.STAMMTISCH,
        organiser="strukturwandel-stammtisch",
        series=STAMMTISCH_SERIES,
        starts=(2022, 1, 24, 17, 0),
        ends=(18, 30),
        description=STAMMTISCH_DESCRIPTION,
        registration=True,
        topics=("lebendige-orte",),
        regions=("mitteldeutsches-revier",),
    ),
    EventSpec(
        slug="stammtisch-2022-03-07",
        title="Strukturwandel-Stammtisch: Jugendbeteiligung",
        kind=E.STAMMTISCH,
        organiser="strukturwandel-stammtisch",
        series=STAMMTISCH_SERIES,
        starts=(2022, 3, 7, 17, 0),
        ends=(18, 30),
        summary="Kinder und Jugendliche sind im Strukturwandel unterrepräsentiert: Wie können sie mitreden?",
        description=STAMMTISCH_DESCRIPTION,
        registration=True,
        topics=("jugendbeteiligung", "kinder-und-jugendliche"),
        regions=("mitteldeutsches-revier",),
        target_groups=("young_people", "multipliers"),
    ),
    EventSpec(
        slug="stammtisch-2022-04-25",
        title="Strukturwandel-Stammtisch: Stiftungen & Engagement",
        kind=E.STAMMTISCH,
        organiser="strukturwandel-stammtisch",
        series=STAMMTISCH_SERIES,
        starts=(2022, 4, 25, 17, 0),
        ends=(18, 30),
        description=STAMMTISCH_DESCRIPTION,
        registration=True,
        topics=("stiftungen-engagement",),
        regions=("mitteldeutsches-revier",),
    ),
    EventSpec(
        slug="aksll-strukturwandel-und-mobilitaet",
        title="Strukturwandel und Mobilität",
        kind=E.FILM,
        organiser="aksll",
        series="treffen-des-aksll",
        starts=(2021, 9, 20, 0, 0),
        summary="Abend des AkSLL in der Ökokirche Deutzen mit Film und Gespräch.",
        description=(
            "Ein Abend des Aktionskreises zum Thema Strukturwandel und Mobilität. Gezeigt wurde einer der "
            "Filme „Gundermann Revier“ oder „Tomorrow – Die Welt ist voller Lösungen“."
        ),
        attendance=Event.Attendance.IN_PERSON,
        place="oekokirche-deutzen",
        time_to_be_announced=True,
        topics=("mobilitaet", "nachhaltige-transformation"),
        regions=("neukieritzsch",),
        contributions=(
            ("", "Film: Gundermann Revier"),
            ("", "Film: Tomorrow – Die Welt ist voller Lösungen"),
        ),
    ),
    EventSpec(
        slug="aksll-monatstreffen",
        title="Monatliches Treffen des AkSLL",
        kind=E.MEETING,
        organiser="aksll",
        series="treffen-des-aksll",
        # The first 2nd Monday after the minutes; they give neither time nor place.
        starts=(2021, 12, 13, 0, 0),
        summary="Offenes Treffen jeden 2. Montag im Monat an wechselnden Orten im Leipziger Land.",
        description="Wer mitmachen möchte, schreibt vorab an mitmachen@ak-strukturwandel.de.",
        attendance=Event.Attendance.IN_PERSON,
        location_note="wechselnde Begegnungsorte im Landkreis Leipzig",
        time_to_be_announced=True,
        rrule="FREQ=MONTHLY;BYDAY=2MO",
        topics=("nachhaltige-transformation", "beteiligung"),
        regions=("landkreis-leipzig",),
        target_groups=("everyone",),
    ),
]


def _load_regions(nodes: list, parent: Region | None) -> int:
    created = 0
    for name, kind, state, children in nodes:
        region = Region.objects.filter(slug=slug_for(name)).first()
        if region is None:
            region = create_region(name=name, kind=kind, state=state, parent=parent, slug=slug_for(name))
            created += 1
        created += _load_regions(children, region)
    return created


def _load_topics(nodes: list, parent: Topic | None) -> int:
    created = 0
    for name, description, children in nodes:
        topic = Topic.objects.filter(slug=slug_for(name)).first()
        if topic is None:
            topic = create_topic(name=name, description=description, parent=parent, slug=slug_for(name))
            created += 1
        created += _load_topics(children, topic)
    return created


def _user(email: str, *, role: str, display_name: str, superuser: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        if superuser:
            user = User.objects.create_superuser(email=email, password=DEMO_PASSWORD, display_name=display_name)
        else:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, display_name=display_name, role=role)
        # Demo accounts are ready to sign in: their address counts as verified.
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


@transaction.atomic
def load_demo_world() -> dict[str, int]:
    """Create what is missing of the demo world; returns how many objects were added."""
    counts = {"regions": _load_regions(REGIONS, None), "topics": _load_topics(TOPICS, None)}
    admin = _user(DEMO_ADMIN_EMAIL, role=User.Role.STAFF, display_name="Demo-Admin", superuser=True)
    _user(DEMO_MODERATOR_EMAIL, role=User.Role.MODERATOR, display_name="Demo-Moderation")
    editor = _user(DEMO_EDITOR_EMAIL, role=User.Role.MEMBER, display_name="Demo-Redaktion AkSLL")

    places = 0
    if not Place.objects.filter(slug="oekokirche-deutzen").exists():
        create_place(
            name="Ökokirche Deutzen",
            locality="Neukieritzsch",
            region=Region.objects.get(slug="deutzen"),
            # Approximate: the village centre of Deutzen; the minutes give no address.
            latitude=Decimal("51.105000"),
            longitude=Decimal("12.426000"),
            description="Begegnungsort im Leipziger Land, z. B. für „Strukturwandel und Mobilität“ am 20.09.2021.",
        )
        places += 1
    counts["places"] = places

    created_actors = 0
    for spec in ACTORS:
        if Actor.objects.filter(slug=spec.slug).exists():
            continue
        actor = actor_services.create_actor(
            created_by=admin,
            status=Actor.Status.PUBLISHED,
            slug=spec.slug,
            name=spec.name,
            short_name=spec.short_name,
            kind=spec.kind,
            summary=spec.summary,
            description=spec.description,
            website=spec.website,
            email=spec.email,
            meeting_rhythm=spec.meeting_rhythm,
            how_to_join=spec.how_to_join,
            topics=Topic.objects.filter(slug__in=spec.topics),
            regions=Region.objects.filter(slug__in=spec.regions),
            places=Place.objects.filter(slug__in=spec.places),
        )
        actor.editors.remove(admin)
        if spec.slug == "aksll":
            actor_services.add_editor(actor=actor, user=editor)
        created_actors += 1
    counts["actors"] = created_actors

    created_relations = 0
    for source_slug, kind, target_slug in RELATIONS:
        source, target = Actor.objects.get(slug=source_slug), Actor.objects.get(slug=target_slug)
        if not Relation.objects.filter(source=source, target=target, kind=kind).exists():
            relation = actor_services.propose_relation(
                proposing_actor=source, other=target, kind=kind, outgoing=True, proposed_by=admin
            )
            actor_services.confirm_relation(relation=relation, decided_by=admin)
            created_relations += 1
    counts["relations"] = created_relations
    counts.update(_load_events(admin))
    # Bodies, the minutes of 06.12.2021 (through the importer) and their follow-ups.
    counts["bodies"] = transparency.load_bodies(admin)
    counts.update(transparency.load_minutes(admin))
    return counts


def _load_events(admin: User) -> dict[str, int]:
    created_series = 0
    for slug, title, kind, organiser, summary, description, topics in SERIES:
        if Series.objects.filter(slug=slug).exists():
            continue
        event_services.create_series(
            slug=slug,
            title=title,
            kind=kind,
            summary=summary,
            description=description,
            organisers=Actor.objects.filter(slug=organiser),
            topics=Topic.objects.filter(slug__in=topics),
        )
        created_series += 1
    created_events = 0
    for spec in EVENTS:
        if Event.objects.filter(slug=spec.slug).exists():
            continue
        starts_at = datetime(*spec.starts, tzinfo=BERLIN)
        ends_at = starts_at.replace(hour=spec.ends[0], minute=spec.ends[1]) if spec.ends else None
        contributions = [
            {"actor": Actor.objects.filter(slug=actor_slug).first(), "title": title}
            for actor_slug, title in spec.contributions
        ]
        event_services.create_event(
            slug=spec.slug,
            title=spec.title,
            kind=spec.kind,
            status=Event.Status.CONFIRMED,
            starts_at=starts_at,
            ends_at=ends_at,
            time_to_be_announced=spec.time_to_be_announced,
            rrule=spec.rrule,
            series=Series.objects.filter(slug=spec.series).first(),
            summary=spec.summary,
            description=spec.description,
            attendance=spec.attendance,
            place=Place.objects.filter(slug=spec.place).first(),
            location_note=spec.location_note,
            registration_enabled=spec.registration,
            capacity=30 if spec.registration else None,
            organisers=Actor.objects.filter(slug=spec.organiser),
            topics=Topic.objects.filter(slug__in=spec.topics),
            regions=Region.objects.filter(slug__in=spec.regions),
            target_groups=TargetGroup.objects.filter(code__in=spec.target_groups),
            contributions=contributions,
            created_by=admin,
        )
        created_events += 1
    return {"series": created_series, "events": created_events}

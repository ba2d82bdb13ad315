"""The large benchmark world: generated once per database, cached, and described as URL pools.

    python -m bench.world --db sqlite|postgres [--size full|quick] [--regenerate] --pools FILE

Runs with the production-like environment of bench.common.django_env (bench.run sets it).
The demo world is loaded first; then topics, regions, places, actors, their links and the
relations, then bodies (seats, sources) and follow-ups (status history) are bulk-created with a
fixed seed (so both databases hold the same world), tree paths are set level by level exactly
as wandelnetz.core.trees.attach_node sets them, and the search index is rebuilt with
wandelnetz.search.services.rebuild_index().
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from bench.common import SIZES, WORLD_VERSION, WorldSize, data_dir, postgres_db_name

SEED = 20211206  # the date of the Stammtisch minutes the demo world comes from

# ---------------------------------------------------------------------------------------------
# Vocabulary. Word frequencies in descriptions follow Zipf's law over NOUNS (rank 1 is the most
# common), so search terms range from "in thousands of documents" to "in a handful".
# ---------------------------------------------------------------------------------------------
NOUNS = (  # noqa: SIM905 - a word list reads best as text
    """
Strukturwandel Zusammenhalt Beteiligung Nachbarschaft Bildung Jugend Kultur Umwelt Energie Zukunft Vernetzung
Engagement Ehrenamt Heimat Mobilität Klimaschutz Demokratie Begegnung Gemeinschaft Vielfalt Landschaft Arbeit
Familien Senioren Kinder Integration Bürgerenergie Tourismus Handwerk Landwirtschaft Wasser Wohnen Gesundheit
Pflege Sport Musik Theater Geschichte Erinnerung Bergbau Braunkohle Tagebau Renaturierung Seenland Radwege
Nahverkehr Digitalisierung Medienkompetenz Beratung Weiterbildung Ausbildung Fachkräfte Gründung Innovation
Forschung Wissenschaft Hochschule Schule Kita Spielplatz Dorfladen Marktplatz Leerstand Denkmalpflege
Baukultur Gemeindehaus Dorffest Chor Blasmusik Feuerwehr Naturschutz Artenvielfalt Streuobstwiesen Imkerei
Gärten Ernährung Regionalvermarktung Wochenmarkt Solidarität Inklusion Barrierefreiheit Gleichstellung Frauen
Migration Willkommenskultur Sprachkurse Nachhilfe Hausaufgabenhilfe Ferienfreizeit Jugendclub
Jugendbeteiligung Schülervertretung Kinderrechte Elternarbeit Familienzentrum Mehrgenerationenhaus
Nachbarschaftshilfe Besuchsdienst Hospiz Selbsthilfe Suchtprävention Sozialberatung Schuldnerberatung Tafel
Kleiderkammer Repaircafé Lastenrad Carsharing Bürgerbus Mitfahrbank Windkraft Photovoltaik Wärmenetz
Energiegenossenschaft Effizienz Sanierung Wohnungsbau Genossenschaft Stadtentwicklung Dorfentwicklung Leitbild
Zukunftswerkstatt Bürgerhaushalt Einwohnerversammlung Ortschaftsrat Kommunalpolitik Transparenz
Informationsfreiheit Bürgerdialog Moderation Konfliktlösung Mediation Streitkultur Erinnerungskultur
Zeitzeugen Heimatstube Museum Bibliothek Lesecafé Literatur Kunstschule Atelier Ausstellung Galerie Kino
Filmabend Konzert Festival Kulturscheune Soziokultur Bewegung Fußball Schwimmen Wandern Radfahren Reiten
Angeln Kanu Skaterpark Turnhalle Partnerschaft Städtepartnerschaft Europa Grenzregion Sorben Mundart Tradition
Brauchtum Handwerkskunst Töpferei Wald Aufforstung Moor Bodenschutz Gewässer Hochwasserschutz Klimaanpassung
Hitzeschutz Stadtgrün Baumpflanzung Umweltbildung Naturerlebnis Schulgarten Waldkindergarten Upcycling
Abfallvermeidung Kreislaufwirtschaft Rohstoffe Bergbaufolgen Grundwasser Zeitung Podcast Radio Onlinezeitung
Bürgerjournalismus Fotografie Chronik Archiv Ahnenforschung Ortsgeschichte
"""
).split()

TOP_TOPICS = [
    "Energiewende",
    "Wasser und Landschaft",
    "Wohnen und Leerstand",
    "Gesundheit und Pflege",
    "Digitale Teilhabe",
    "Demokratie und Dialog",
    "Heimat und Geschichte",
    "Sport und Freizeit",
    "Landwirtschaft und Ernährung",
    "Migration und Vielfalt",
    "Wirtschaft und Gründung",
    "Medien und Öffentlichkeit",
]
MID_TOPICS = [
    "Beratung",
    "Bildungsarbeit",
    "Vernetzung",
    "Förderprogramme",
    "Forschung",
    "Ehrenamt",
    "Öffentlichkeitsarbeit",
    "Veranstaltungen",
    "Modellprojekte",
    "Qualifizierung",
]
LEAF_TOPICS = [
    "für Kinder",
    "für Jugendliche",
    "für Ältere",
    "für Familien",
    "für Frauen",
    "für Zugewanderte",
    "im ländlichen Raum",
    "in Kleinstädten",
    "mit Unternehmen",
    "an Schulen",
    "in Vereinen",
    "mit Kommunen",
]

TOWN_HEADS = [
    "Alt",
    "Neu",
    "Groß",
    "Klein",
    "Ober",
    "Nieder",
    "Hohen",
    "Wend",
    "Mittel",
    "Schön",
    "Wald",
    "Rot",
    "Weiß",
    "Kirch",
    "Berg",
    "Lind",
    "Eich",
    "Birk",
    "Stein",
    "Mühl",
    "Sand",
    "Hain",
    "Spree",
    "Elster",
]
TOWN_MIDDLES = ["", "en", "er", "el"]
TOWN_TAILS = [
    "witz",
    "dorf",
    "hain",
    "au",
    "feld",
    "berg",
    "tal",
    "see",
    "bach",
    "leben",
    "stedt",
    "hausen",
    "kirchen",
    "burg",
    "heide",
    "walde",
    "ritz",
    "litz",
    "zig",
    "gast",
]
STATES = {
    "mitteldeutsches-revier": ["Sachsen", "Sachsen-Anhalt", "Thüringen"],
    "lausitzer-revier": ["Brandenburg", "Sachsen"],
}

PLACE_KINDS = [
    "Gemeindehaus",
    "Dorfgemeinschaftshaus",
    "Kulturscheune",
    "Jugendclub",
    "Bürgerhaus",
    "Pfarrhaus",
    "Begegnungsstätte",
    "Mehrgenerationenhaus",
    "Bibliothek",
    "Volkshaus",
    "Sportlerheim",
    "Lesecafé",
]
STREETS = [
    "Hauptstraße",
    "Kirchweg",
    "Schulstraße",
    "Am Markt",
    "Lindenallee",
    "Bahnhofstraße",
    "Gartenweg",
    "Dorfstraße",
    "Mühlgasse",
    "Am Anger",
]

# Actor kinds: weight, name patterns ({w} a noun, {t} a town).
KIND_PATTERNS = {
    "association": (
        40,
        [
            "Förderverein {w} {t} e.V.",
            "Heimatverein {t} e.V.",
            "Bürgerverein {t} e.V.",
            "Kulturverein {t} e.V.",
            "Verein für {w} {t} e.V.",
            "Freundeskreis {w} {t} e.V.",
        ],
    ),
    "initiative": (25, ["Initiative {w} {t}", "Bürgerinitiative {t}", "Arbeitskreis {w} {t}", "Netzwerkstatt {w} {t}"]),
    "network": (6, ["Netzwerk {w} {t}", "Netzwerk {w} im Revier"]),
    "alliance": (3, ["Bündnis {w} {t}", "Allianz für {w}"]),
    "education": (8, ["Bildungswerk {t}", "Jugendbildungsstätte {t}", "Akademie für {w} {t}"]),
    "foundation": (4, ["Stiftung {w} {t}", "Bürgerstiftung {t}"]),
    "university": (2, ["Institut für {w} {t}", "Hochschulprojekt {w} {t}"]),
    "public_body": (7, ["Gemeinde {t}", "Stadtverwaltung {t}", "Landratsamt {t}", "Kreisjugendring {t}"]),
    "company": (5, ["Genossenschaft {w} {t} eG", "{w}werkstatt {t} gGmbH"]),
}
HUB_KINDS = {"network", "alliance", "foundation", "public_body"}
FUNDER_KINDS = {"foundation", "public_body", "company"}

SENTENCES = [
    "Wir setzen uns für {w} und {w} in {t} ein.",
    "Unser Schwerpunkt liegt auf {w}, {w} und {w}.",
    "Seit {y} organisieren wir {w} für Menschen aus {t} und Umgebung.",
    "Gemeinsam mit Partnern aus {t} entwickeln wir Ideen für {w}.",
    "Im Mittelpunkt stehen {w} und die Frage, wie {w} im Wandel der Region gelingen kann.",
    "Wir laden regelmäßig zu Treffen rund um {w} ein und freuen uns über neue Gesichter.",
    "Ein besonderes Anliegen ist uns **{w}**.",
    "Dabei verbinden wir {w} mit {w} und {w}.",
    "Mit kleinen Projekten zu {w} wollen wir in {t} etwas bewegen.",
    "Viele Mitglieder bringen Erfahrung aus {w} und {w} mit.",
]


# Bodies (Gremien): kind → (weight, levels it sits at, name patterns, power weights inform…decide).
# {w} a noun, {t} a town or district, {r} a Revier.
BODY_KINDS = {
    "committee": (
        15,
        ["municipality", "district"],
        ["Ausschuss für {w} {t}", "Fachausschuss {w} {t}", "Ausschuss {w} und {w} {t}"],
        [1, 2, 4, 3],
    ),
    "monitoring_committee": (
        5,
        ["regional", "state", "eu"],
        ["Begleitausschuss {w} {r}", "Begleitausschuss JTF {r}"],
        [1, 3, 4, 1],
    ),
    "advisory_board": (
        15,
        ["municipality", "district", "regional", "state"],
        ["Beirat {w} {t}", "Jugendbeirat {t}", "Seniorenbeirat {t}", "Beirat für {w} {r}"],
        [2, 6, 1, 0],
    ),
    "workshop": (8, ["municipality", "regional"], ["Zukunftswerkstatt {t}", "Werkstatt {w} {t}"], [3, 5, 1, 0]),
    "forum": (
        8,
        ["regional", "district", "state"],
        ["Forum {w} {r}", "Regionalforum {w}", "Bürgerforum {t}"],
        [5, 4, 1, 0],
    ),
    "stammtisch": (
        6,
        ["municipality", "regional"],
        ["Stammtisch {w} {t}", "Strukturwandel-Stammtisch {t}"],
        [6, 3, 0, 0],
    ),
    "working_group": (
        12,
        ["municipality", "district", "regional", "state"],
        ["Arbeitsgruppe {w} {t}", "AG {w} {r}"],
        [2, 5, 2, 1],
    ),
    "participation_process": (
        8,
        ["municipality", "district", "state"],
        ["Beteiligungsverfahren {w} {t}", "Bürgerdialog {w} {t}", "Bürgerhaushalt {t}"],
        [2, 6, 2, 0],
    ),
    "municipal_council": (8, ["municipality"], ["Gemeinderat {t}", "Stadtrat {t}", "Ortschaftsrat {t}"], [0, 0, 1, 9]),
    "district_council": (3, ["district"], ["Kreistag {t}", "Kreisausschuss {t}"], [0, 0, 1, 9]),
    "state_parliament": (1, ["state"], ["Landtagsausschuss für {w}"], [0, 1, 2, 7]),
    "coordination": (
        6,
        ["regional", "state", "federal"],
        ["Koordinierungskreis {w} {r}", "Lenkungskreis {w} {r}", "Steuerungsgruppe {w}"],
        [1, 3, 4, 2],
    ),
    "other": (5, ["municipality", "district", "regional", "federal", "eu"], ["Runder Tisch {w} {t}"], [3, 4, 2, 1]),
}
BODY_OPENNESS = {"public": 4, "invitation": 3, "closed": 3}
# Seats held by a role when no actor is known: (role, civil society?).
SEAT_ROLES = [
    ("Vertretung der Jugend", True),
    ("Vertretung der Vereine und Initiativen", True),
    ("Bürgerinnen und Bürger (per Los)", True),
    ("Vertretung der Gewerkschaften", True),
    ("Vertretung der Umweltverbände", True),
    ("Bürgermeisterin oder Bürgermeister", False),
    ("Vertretung des Landkreises", False),
    ("Vertretung des Landes", False),
    ("Vertretung der Kammern", False),
    ("Vertretung der Wissenschaft", False),
    ("Vertretung der Wirtschaftsförderung", False),
]
CIVIL_SOCIETY_KINDS = {"association", "initiative", "network", "alliance", "foundation", "education"}

# Follow-ups: title patterns, owners in words, reasons for stalled and rejected ones.
FOLLOW_UP_TITLES = [
    "{w} in {t} stärken",
    "Arbeitsgruppe zu {w} in {t} gründen",
    "Förderantrag für {w} in {t} stellen",
    "Veranstaltungsreihe mit Fachinputs zu {w} in {t}",
    "Stammtisch zum Thema {w} in {t}",
    "Infoplattform für {w} in {t} aufbauen",
    "Jugendbeteiligung bei {w} in {t}",
    "Treffpunkt für {w} in {t} schaffen",
    "Leerstand in {t} für {w} nutzen",
    "Kontakt zu Initiativen für {w} in {t} aufnehmen",
    "Bestandsaufnahme {w} und {w} in {t}",
    "Gemeinsame Website für {w} in {t}",
    "Anfrage an den Gemeinderat {t} zu {w}",
]
FOLLOW_UP_OWNERS = ["Gemeindeverwaltung {t}", "AG {w}", "Koordinierungsstelle {t}", "Ortschaftsrat {t}", "Moderation"]
FOLLOW_UP_REASONS = [
    "Finanzierung fehlt",
    "Zuständigkeit ungeklärt",
    "Es fehlen Leute, die es übernehmen",
    "Vom Gemeinderat abgelehnt",
    "Doppelt mit einem anderen Vorschlag",
    "Warten auf den Förderbescheid",
]
FOLLOW_UP_INITIAL = {"proposed": 55, "under_review": 15, "in_progress": 20, "done": 4, "stalled": 3, "rejected": 3}


class Words:
    """Nouns drawn by Zipf's law, and town names drawn without repetition."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.weights = [1.0 / rank for rank in range(1, len(NOUNS) + 1)]
        towns = sorted({f"{h}{m}{t}" for h in TOWN_HEADS for m in TOWN_MIDDLES for t in TOWN_TAILS})
        rng.shuffle(towns)
        self._towns = towns

    def nouns(self, k: int) -> list[str]:
        return self.rng.choices(NOUNS, weights=self.weights, k=k)

    def new_town(self) -> str:
        return self._towns.pop()

    def sentence(self, town: str) -> str:
        template = self.rng.choice(SENTENCES)
        out = template.replace("{t}", town).replace("{y}", str(self.rng.randint(1990, 2023)))
        for noun in self.nouns(out.count("{w}")):
            out = out.replace("{w}", noun, 1)
        return out

    def description(self, town: str) -> str:
        paragraphs = []
        for _ in range(self.rng.randint(2, 4)):
            paragraphs.append(" ".join(self.sentence(town) for _ in range(self.rng.randint(2, 4))))
        if self.rng.random() < 0.3:
            paragraphs.insert(1, "\n".join(f"- {noun}" for noun in self.nouns(3)))
        return "\n\n".join(paragraphs)


def _unique_slug(text: str, taken: set[str]) -> str:
    from wandelnetz.core.slugs import slug_for

    base = slug_for(text, 74)
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    taken.add(slug)
    return slug


def _save_tree_level(model: type, nodes: list) -> None:
    """bulk_create one level of a tree (parents saved already), then set path and depth."""
    model.objects.bulk_create(nodes, batch_size=500)
    for node in nodes:
        prefix = node.parent.path if node.parent_id else "/"
        node.path = f"{prefix}{node.pk}/"
        node.depth = node.path.count("/") - 2
    model.objects.bulk_update(nodes, ["path", "depth"], batch_size=500)


def _log(message: str, started: float) -> None:
    print(f"  [{time.monotonic() - started:6.1f}s] {message}", file=sys.stderr, flush=True)


def generate(size: WorldSize, started: float) -> dict[str, int]:
    from django.db import transaction
    from django.utils import timezone

    from wandelnetz.actors.models import Actor, Relation
    from wandelnetz.places.models import Place
    from wandelnetz.topics.models import Region, Topic

    rng = random.Random(SEED)
    words = Words(rng)

    with transaction.atomic():
        # Topics: a three-level tree.
        topic_slugs = set(Topic.objects.values_list("slug", flat=True))
        tops = [
            Topic(
                name=name,
                slug=_unique_slug(name, topic_slugs),
                description=" ".join(words.sentence("der Region") for _ in range(2)),
            )
            for name in TOP_TOPICS[: size.top_topics]
        ]
        _save_tree_level(Topic, tops)
        mids = [
            Topic(
                name=f"{top.name}: {mid}",
                slug=_unique_slug(f"{top.name} {mid}", topic_slugs),
                parent=top,
                description=words.sentence("der Region"),
            )
            for top in tops
            for mid in rng.sample(MID_TOPICS, size.topics_per_top)
        ]
        _save_tree_level(Topic, mids)
        leaves = [
            Topic(name=f"{mid.name} {leaf}", slug=_unique_slug(f"{mid.name} {leaf}", topic_slugs), parent=mid)
            for mid in mids
            for leaf in rng.sample(LEAF_TOPICS, size.topics_per_mid)
        ]
        _save_tree_level(Topic, leaves)
        _log(f"{len(tops) + len(mids) + len(leaves)} topics", started)

        # Regions: new districts below the demo Reviere, municipalities below every district, localities.
        region_slugs = set(Region.objects.values_list("slug", flat=True))
        reviere = list(Region.objects.filter(depth=0).order_by("name"))
        new_districts = []
        for i in range(size.new_districts):
            revier = reviere[i % len(reviere)]
            name = f"Landkreis {words.new_town()}"
            new_districts.append(
                Region(
                    name=name,
                    slug=_unique_slug(name, region_slugs),
                    parent=revier,
                    kind=Region.Kind.DISTRICT,
                    state=rng.choice(STATES.get(revier.slug, ["Sachsen"])),
                )
            )
        _save_tree_level(Region, new_districts)
        districts = list(Region.objects.filter(depth=1).order_by("path"))
        municipalities = []
        for district in districts:
            for _ in range(size.municipalities_per_district):
                name = words.new_town()
                municipalities.append(
                    Region(
                        name=name,
                        slug=_unique_slug(name, region_slugs),
                        parent=district,
                        kind=Region.Kind.MUNICIPALITY,
                        state=district.state,
                    )
                )
        _save_tree_level(Region, municipalities)
        localities = []
        for i in range(size.localities):
            municipality = (
                municipalities[i % len(municipalities)] if i < len(municipalities) else rng.choice(municipalities)
            )
            name = words.new_town()
            localities.append(
                Region(
                    name=name,
                    slug=_unique_slug(name, region_slugs),
                    parent=municipality,
                    kind=Region.Kind.LOCALITY,
                    state=municipality.state,
                )
            )
        _save_tree_level(Region, localities)
        _log(f"{len(new_districts) + len(municipalities) + len(localities)} regions", started)

        # Places in municipalities and localities.
        place_slugs = set(Place.objects.values_list("slug", flat=True))
        towns = municipalities + localities
        places = []
        for _ in range(size.places):
            region = rng.choice(towns)
            name = f"{rng.choice(PLACE_KINDS)} {region.name}"
            places.append(
                Place(
                    name=name,
                    slug=_unique_slug(name, place_slugs),
                    region=region,
                    locality=region.name,
                    street=f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
                    postcode=f"{rng.randint(1000, 19999):05d}",
                    latitude=round(rng.uniform(50.9, 51.9), 6),
                    longitude=round(rng.uniform(11.5, 15.0), 6),
                    description=words.sentence(region.name),
                )
            )
        Place.objects.bulk_create(places, batch_size=1000)
        _log(f"{len(places)} places", started)

        # Actors.
        actor_slugs = set(Actor.objects.values_list("slug", flat=True))
        kinds = list(KIND_PATTERNS)
        kind_weights = [KIND_PATTERNS[k][0] for k in kinds]
        actors, actor_towns = [], []
        for _ in range(size.actors):
            kind = rng.choices(kinds, weights=kind_weights)[0]
            town = rng.choice(towns)
            name = rng.choice(KIND_PATTERNS[kind][1]).format(w=words.nouns(1)[0], t=town.name)
            roll = rng.random()
            status = "published" if roll < 0.94 else ("pending" if roll < 0.99 else "rejected")
            slug = _unique_slug(name, actor_slugs)
            initials = "".join(part[0] for part in name.split() if part[0].isupper())
            actors.append(
                Actor(
                    name=name,
                    slug=slug,
                    kind=kind,
                    status=status,
                    short_name=initials if rng.random() < 0.2 and len(initials) > 1 else "",
                    summary=words.sentence(town.name)[:300],
                    description=words.description(town.name),
                    website=f"https://{slug}.example.org/" if rng.random() < 0.5 else "",
                    email=f"kontakt@{slug}.example.org" if rng.random() < 0.4 else "",
                    founded_year=rng.randint(1950, 2023) if rng.random() < 0.6 else None,
                    meeting_rhythm=rng.choice(
                        ["jeden 1. Dienstag im Monat", "wöchentlich donnerstags", "alle zwei Wochen", "nach Absprache"]
                    )
                    if rng.random() < 0.3
                    else "",
                    how_to_join=f"Schreib uns oder komm vorbei in {town.name}." if rng.random() < 0.3 else "",
                )
            )
            actor_towns.append(town)
        Actor.objects.bulk_create(actors, batch_size=1000)
        _log(f"{len(actors)} actors", started)

        # Links: 1–4 topics (mostly leaves), 1–2 regions (mostly towns), some places.
        demo_topics = list(Topic.objects.exclude(pk__in=[t.pk for t in tops + mids + leaves]))
        levels = [(leaves, 0.6), (mids, 0.25), (tops, 0.1), (demo_topics, 0.05)]
        topic_through, region_through, place_through = (
            Actor.topics.through,
            Actor.regions.through,
            Actor.places.through,
        )
        upper_regions = districts + reviere
        topic_links, region_links, place_links = [], [], []
        places_by_region: dict[int, list[Place]] = {}
        for place in places:
            places_by_region.setdefault(place.region_id, []).append(place)
        for actor, town in zip(actors, actor_towns, strict=True):
            chosen: set[int] = set()
            for _ in range(rng.randint(1, 4)):
                pool = rng.choices([p for p, _ in levels], weights=[w for _, w in levels])[0]
                chosen.add(rng.choice(pool).pk)
            topic_links += [topic_through(actor_id=actor.pk, topic_id=pk) for pk in chosen]
            regions = {town.pk}
            if rng.random() < 0.35:
                regions.add(rng.choice(upper_regions if rng.random() < 0.5 else towns).pk)
            region_links += [region_through(actor_id=actor.pk, region_id=pk) for pk in regions]
            if rng.random() < 0.3:
                nearby = places_by_region.get(town.pk) or [rng.choice(places)]
                for place in {p.pk: p for p in rng.sample(nearby, min(len(nearby), rng.randint(1, 2)))}.values():
                    place_links.append(place_through(actor_id=actor.pk, place_id=place.pk))
        topic_through.objects.bulk_create(topic_links, batch_size=5000)
        region_through.objects.bulk_create(region_links, batch_size=5000)
        place_through.objects.bulk_create(place_links, batch_size=5000)
        _log(f"{len(topic_links)} topic, {len(region_links)} region, {len(place_links)} place links", started)

        # Relations, all confirmed: members of umbrella hubs (a long tail: a few hubs have hundreds),
        # funding, and partnerships between any two actors.
        demo_actors = list(Actor.objects.exclude(pk__in=[a.pk for a in actors]))
        hub_candidates = [a for a in actors if a.kind in HUB_KINDS]
        rng.shuffle(hub_candidates)
        hubs = ([a for a in demo_actors if a.kind in HUB_KINDS] + hub_candidates)[: size.hubs]
        hub_weights = [1.0 / (rank**0.5) for rank in range(1, len(hubs) + 1)]
        funders = [a for a in actors if a.kind in FUNDER_KINDS]
        everyone = actors + demo_actors
        now = timezone.now()
        seen: set[tuple[int, int, str]] = set(Relation.objects.values_list("source_id", "target_id", "kind"))
        relations = []
        while len(relations) < size.relations:
            roll = rng.random()
            source = rng.choice(everyone)
            if roll < 0.35:
                target = rng.choices(hubs, weights=hub_weights)[0]
                kind = "member_of" if rng.random() < 0.7 else "part_of"
            elif roll < 0.45:
                target, kind = rng.choice(funders), "funded_by"
            else:
                target, kind = rng.choice(everyone), "partner_of"
            key = (source.pk, target.pk, kind)
            if source.pk == target.pk or key in seen:
                continue
            seen.add(key)
            start = end = None
            if rng.random() < 0.6:
                start = date(rng.randint(1990, 2023), rng.randint(1, 12), 1)
                if rng.random() < 0.1:
                    end = date(min(start.year + rng.randint(1, 8), 2025), start.month, 1)
            relations.append(
                Relation(
                    source_id=source.pk,
                    target_id=target.pk,
                    kind=kind,
                    state="confirmed",
                    start_date=start,
                    end_date=end,
                    proposed_by_actor_id=source.pk,
                    decided_at=now,
                )
            )
        Relation.objects.bulk_create(relations, batch_size=2000)
        _log(f"{len(relations)} relations", started)

        transparency = generate_transparency(
            size,
            started,
            words=words,
            topic_levels=levels,
            reviere=reviere,
            districts=districts,
            municipalities=municipalities,
            localities=localities,
            actors=actors,
        )

    return {
        "topics": len(tops) + len(mids) + len(leaves),
        "regions": len(new_districts) + len(municipalities) + len(localities),
        "places": len(places),
        "actors": len(actors),
        "relations": len(relations),
        "topic_links": len(topic_links),
        "region_links": len(region_links),
        "place_links": len(place_links),
        **transparency,
    }


def _pick_topics(rng: random.Random, levels: list[tuple[list, float]], low: int, high: int) -> set[int]:
    chosen: set[int] = set()
    for _ in range(rng.randint(low, high)):
        pool = rng.choices([p for p, _ in levels], weights=[w for _, w in levels])[0]
        chosen.add(rng.choice(pool).pk)
    return chosen


def _random_moment(rng: random.Random, now, days_back: float):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    return now - timedelta(days=rng.uniform(0, days_back))


def generate_transparency(
    size: WorldSize,
    started: float,
    *,
    words: Words,
    topic_levels: list[tuple[list, float]],
    reviere: list,
    districts: list,
    municipalities: list,
    localities: list,
    actors: list,
) -> dict[str, int]:
    """Bodies with seats and sources, and follow-ups with their status history (issue 4).

    Its own random generator, so that everything generated before stays the same world."""
    from datetime import timedelta

    from django.utils import timezone

    from wandelnetz.accounts.models import User
    from wandelnetz.bodies.models import Body, BodySource, Seat
    from wandelnetz.events.models import Event
    from wandelnetz.followups.models import REASON_REQUIRED, TRANSITIONS, FollowUp, StatusChange

    rng = random.Random(SEED + 4)
    now = timezone.now()
    today = timezone.localdate()
    published = [a for a in actors if a.status == "published"]
    civil = [a for a in published if a.kind in CIVIL_SOCIETY_KINDS]
    others = [a for a in published if a.kind not in CIVIL_SOCIETY_KINDS]
    conveners = [a for a in published if a.kind in HUB_KINDS | {"public_body"}]
    verifier = User.objects.filter(is_superuser=True).order_by("pk").first()

    # Bodies.
    body_slugs = set(Body.objects.values_list("slug", flat=True))
    kinds = list(BODY_KINDS)
    kind_weights = [BODY_KINDS[k][0] for k in kinds]
    openness = list(BODY_OPENNESS)
    openness_weights = list(BODY_OPENNESS.values())
    bodies, body_regions = [], []
    for _ in range(size.bodies):
        kind = rng.choices(kinds, weights=kind_weights)[0]
        _, levels, patterns, power_weights = BODY_KINDS[kind]
        level = rng.choice(levels)
        if level == "municipality":
            home = rng.choice(municipalities if rng.random() < 0.8 else localities)
        elif level == "district":
            home = rng.choice(districts)
        else:
            home = rng.choice(reviere)
        regions = {home.pk}
        if rng.random() < 0.3:
            regions.add(rng.choice(districts if level in ("municipality", "district") else reviere).pk)
        revier = rng.choice(reviere).name
        name = rng.choice(patterns).replace("{t}", home.name.removeprefix("Landkreis ")).replace("{r}", revier)
        for noun in words.nouns(name.count("{w}")):
            name = name.replace("{w}", noun, 1)
        slug = _unique_slug(name, body_slugs)
        access = rng.choices(openness, weights=openness_weights)[0]
        verified = rng.random() < 0.45
        bodies.append(
            Body(
                name=name[:200],
                short_name="".join(p[0] for p in name.split() if p[0].isupper())[:10] if rng.random() < 0.15 else "",
                slug=slug,
                kind=kind,
                level=level,
                power=rng.choices([1, 2, 3, 4], weights=power_weights)[0],
                openness=access,
                summary=words.sentence(home.name)[:300],
                description=words.description(home.name) if rng.random() < 0.7 else "",
                how_to_take_part=f"Sitzungen sind öffentlich; Anfragen an die Geschäftsstelle in {home.name}."
                if access != "closed" and rng.random() < 0.6
                else "",
                meeting_rhythm=rng.choice(["monatlich", "vierteljährlich", "zweimal im Jahr", "nach Bedarf", ""]),
                website=f"https://{slug}.example.org/" if rng.random() < 0.4 else "",
                convened_by_id=rng.choice(conveners).pk if conveners and rng.random() < 0.5 else None,
                # Some verified recently, some more than 12 months ago (flagged), the rest never.
                last_verified_on=today - timedelta(days=rng.randint(0, 730)) if verified else None,
                verified_by_id=verifier.pk if verified and verifier else None,
            )
        )
        body_regions.append(regions)
    Body.objects.bulk_create(bodies, batch_size=1000)
    topic_through, region_through = Body.topics.through, Body.regions.through
    topic_links, region_links, sources, seats = [], [], [], []
    for body, regions in zip(bodies, body_regions, strict=True):
        topic_links += [topic_through(body_id=body.pk, topic_id=pk) for pk in _pick_topics(rng, topic_levels, 1, 3)]
        region_links += [region_through(body_id=body.pk, region_id=pk) for pk in regions]
        for position in range(rng.randint(1, 2)):
            sources.append(
                BodySource(
                    body_id=body.pk,
                    url=f"https://quelle.example.org/{body.slug}/{position + 1}",
                    title=rng.choice(["Geschäftsordnung", "Seite der Verwaltung", "Pressebericht", "Satzung"]),
                    position=position,
                )
            )
        for _ in range(rng.choice([0, 0, 1, 2, 3, 4, 5, 6])):
            civil_seat = rng.random() < 0.45
            since = date(rng.randint(2015, 2024), rng.randint(1, 12), 1) if rng.random() < 0.6 else None
            until = None
            if since and rng.random() < 0.1:
                until = date(since.year + rng.randint(1, 2), since.month, 1)  # a seat that has ended
            holder = rng.choice(civil if civil_seat else others) if rng.random() < 0.55 else None
            role = "" if holder else rng.choice([r for r, c in SEAT_ROLES if c == civil_seat])
            seats.append(
                Seat(
                    body_id=body.pk,
                    actor_id=holder.pk if holder else None,
                    role=role,
                    is_civil_society=civil_seat,
                    rights="voting" if rng.random() < 0.55 else "advisory",
                    count=1 if holder else rng.choice([1, 1, 2, 3]),
                    since=since,
                    until=until,
                )
            )
    topic_through.objects.bulk_create(topic_links, batch_size=5000)
    region_through.objects.bulk_create(region_links, batch_size=5000)
    BodySource.objects.bulk_create(sources, batch_size=5000)
    Seat.objects.bulk_create(seats, batch_size=5000)
    _log(
        f"{len(bodies)} bodies, {len(seats)} seats, {len(sources)} sources, "
        f"{len(topic_links)} topic and {len(region_links)} region links",
        started,
    )

    # Follow-ups. The world has only the demo's events: a few follow-ups come from each past one
    # (as from real minutes); all others were entered directly.
    follow_up_slugs = set(FollowUp.objects.values_list("slug", flat=True))
    past_events = list(Event.objects.filter(starts_at__lt=now).order_by("starts_at"))
    from_events = [event for event in past_events for _ in range(rng.randint(2, 5))]
    statuses = list(FOLLOW_UP_INITIAL)
    status_weights = list(FOLLOW_UP_INITIAL.values())
    towns = municipalities + localities
    follow_ups, histories = [], []
    for i in range(size.follow_ups):
        town = rng.choice(towns).name
        title = rng.choice(FOLLOW_UP_TITLES).replace("{t}", town)
        for noun in words.nouns(title.count("{w}")):
            title = title.replace("{w}", noun, 1)
        event = from_events[i] if i < len(from_events) else None
        # The history: created with a status, then, for ~30 %, one to three allowed steps.
        moment = _random_moment(rng, now, 1000)
        status = rng.choices(statuses, weights=status_weights)[0]
        reason = rng.choice(FOLLOW_UP_REASONS) if status in REASON_REQUIRED else ""
        history = [("", status, reason, moment)]
        if rng.random() < 0.3:
            for _ in range(rng.randint(1, 3)):
                step = str(rng.choice(sorted(TRANSITIONS[status])))
                moment = min(now, moment + timedelta(days=rng.uniform(1, 120)))
                reason = rng.choice(FOLLOW_UP_REASONS) if step in REASON_REQUIRED else ""
                history.append((status, step, reason, moment))
                status = step
        owner = rng.random()
        follow_ups.append(
            FollowUp(
                title=title[:200],
                slug=_unique_slug(title, follow_up_slugs),
                text=" ".join(words.sentence(town) for _ in range(rng.randint(1, 3))),
                owner_actor_id=rng.choice(published).pk if owner < 0.6 else None,
                owner_name=rng.choice(FOLLOW_UP_OWNERS).replace("{t}", town).replace("{w}", words.nouns(1)[0])
                if 0.6 <= owner < 0.8
                else "",
                status=status,
                status_reason=history[-1][2],
                status_changed_at=history[-1][3],
                due_date=today + timedelta(days=rng.randint(-365, 365)) if rng.random() < 0.3 else None,
                origin=("minutes" if rng.random() < 0.7 else "event") if event else "direct",
                source_event_id=event.pk if event else None,
            )
        )
        histories.append(history)
    FollowUp.objects.bulk_create(follow_ups, batch_size=1000)
    fu_topic_through = FollowUp.topics.through
    fu_topic_links, changes = [], []
    for follow_up, history in zip(follow_ups, histories, strict=True):
        fu_topic_links += [
            fu_topic_through(followup_id=follow_up.pk, topic_id=pk) for pk in _pick_topics(rng, topic_levels, 1, 2)
        ]
        for from_status, to_status, reason, moment in history:
            changes.append(
                StatusChange(
                    follow_up_id=follow_up.pk,
                    from_status=from_status,
                    to_status=to_status,
                    reason=reason,
                    comment=words.sentence(rng.choice(towns).name) if from_status and rng.random() < 0.5 else "",
                    changed_at=moment,
                )
            )
    fu_topic_through.objects.bulk_create(fu_topic_links, batch_size=5000)
    StatusChange.objects.bulk_create(changes, batch_size=5000)
    _log(f"{len(follow_ups)} follow-ups, {len(changes)} status changes, {len(fu_topic_links)} topic links", started)
    return {
        "bodies": len(bodies),
        "seats": len(seats),
        "follow_ups": len(follow_ups),
        "status_changes": len(changes),
        "body_topic_links": len(topic_links),
        "follow_up_topic_links": len(fu_topic_links),
    }


# ---------------------------------------------------------------------------------------------
# Database reset, caching and the URL pools.
# ---------------------------------------------------------------------------------------------
def _stamp_path(db: str, size: WorldSize) -> Path:
    return data_dir(size) / f"world-{db}.json"


def _expected_stamp(size: WorldSize) -> dict:
    return {"version": WORLD_VERSION, "seed": SEED, "size": size.as_dict()}


def _reset_database(db: str, size: WorldSize) -> None:
    """An empty database before anything connects to it."""
    from django.conf import settings

    if db == "sqlite":
        name = Path(settings.DATABASES["default"]["NAME"])
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    maintenance = settings.DATABASES["default"].copy()
    with psycopg.connect(
        host=maintenance["HOST"] or "127.0.0.1",
        port=maintenance["PORT"] or 5432,
        user=maintenance["USER"],
        password=maintenance["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        name = postgres_db_name(size)
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _world_is_cached(db: str, size: WorldSize) -> bool:
    stamp_file = _stamp_path(db, size)
    if not stamp_file.exists():
        return False
    try:
        stamp = json.loads(stamp_file.read_text())
    except ValueError:
        return False
    if {k: stamp.get(k) for k in ("version", "seed", "size")} != _expected_stamp(size):
        return False
    try:
        from wandelnetz.actors.models import Actor
        from wandelnetz.bodies.models import Body
        from wandelnetz.followups.models import FollowUp
        from wandelnetz.search.models import SearchEntry

        return (
            Actor.objects.count() >= size.actors
            and SearchEntry.objects.count() >= size.actors
            and Body.objects.count() >= size.bodies
            and FollowUp.objects.count() >= size.follow_ups
        )
    except Exception as error:  # a missing database or table: not cached
        print(f"  cached {db} world not usable ({error.__class__.__name__}): regenerating", file=sys.stderr)
        from django.db import connection

        connection.close()
        return False


def ensure_world(db: str, size: WorldSize, regenerate: bool) -> dict:
    from django.core.management import call_command
    from django.db import connection

    started = time.monotonic()
    data_dir(size).mkdir(parents=True, exist_ok=True)
    if not regenerate and _world_is_cached(db, size):
        call_command("migrate", interactive=False, verbosity=0)  # the app may have new migrations
        stamp = json.loads(_stamp_path(db, size).read_text())
        print(f"  {db}: reusing the cached {size.name} world of {stamp['generated_at']}", file=sys.stderr)
        return stamp
    _stamp_path(db, size).unlink(missing_ok=True)
    connection.close()
    _reset_database(db, size)
    print(f"  {db}: generating the {size.name} world …", file=sys.stderr)
    call_command("migrate", interactive=False, verbosity=0)
    _log("migrated", started)

    from wandelnetz.demo.world import load_demo_world
    from wandelnetz.search.services import rebuild_index

    load_demo_world()
    _log("demo world loaded", started)
    counts = generate(size, started)
    # rebuild_index() covers every type registered through an app's search_documents.py: bodies and
    # follow-ups are indexed here when wandelnetz.bodies / wandelnetz.followups have one (see the
    # stamp's "index" counts for what was indexed); without one they are simply not in the search.
    index_counts = rebuild_index()
    _log(f"search index rebuilt: {index_counts}", started)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load anyway
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # one self-contained file to cache
    _log("done", started)
    stamp = {
        **_expected_stamp(size),
        "generated_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "seconds": round(time.monotonic() - started, 1),
        "counts": counts,
        "index": index_counts,
    }
    _stamp_path(db, size).write_text(json.dumps(stamp, indent=2))
    return stamp


def search_terms(rng: random.Random) -> list[str]:
    """Search terms from common to rare, single words and pairs, towns and topic words."""
    from wandelnetz.topics.models import Region

    common, middle, rare = NOUNS[:25], NOUNS[25:120], NOUNS[120:]
    towns = list(Region.objects.filter(depth__gte=2).values_list("name", flat=True).order_by("name"))
    terms = (
        rng.sample(common, 15)
        + rng.sample(middle, 35)
        + rng.sample(rare, 25)
        + rng.sample(towns, min(20, len(towns)))
        + [f"{a} {b}" for a, b in zip(rng.sample(common, 10), rng.sample(middle, 10), strict=True)]
        + ["Verein", "Vereine", "Initiative", "Netzwerk", "Stiftung"]
    )
    rng.shuffle(terms)
    return terms


def _route_exists(path: str) -> bool:
    """Whether the app answers `path` (pages of issue 4 were built while the benchmark was)."""
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _topics_with(through: type, topic_paths: dict[int, str]) -> set[int]:
    """Topics that have a row of `through` themselves or in a subtopic (a hub shows its subtopics')."""
    out: set[int] = set()
    for topic_id in through.objects.values_list("topic_id", flat=True).distinct():
        out.update(int(pk) for pk in topic_paths[topic_id].strip("/").split("/"))
    return out


def transparency_pools(rng: random.Random) -> dict[str, list[str]]:
    """The pages of issue 4: topic hubs with bodies and follow-ups, the atlas, the follow-up list."""
    from wandelnetz.bodies.models import Body
    from wandelnetz.followups.models import FollowUp
    from wandelnetz.topics.models import Region, Topic

    pools: dict[str, list[str]] = {}
    # The topic page is the hub: it lists the bodies and follow-ups of the topic and its subtopics.
    topic_paths = dict(Topic.objects.values_list("pk", "path"))
    hubs = _topics_with(Body.topics.through, topic_paths) & _topics_with(FollowUp.topics.through, topic_paths)
    slugs = list(Topic.objects.filter(pk__in=hubs).order_by("pk").values_list("slug", flat=True))
    rng.shuffle(slugs)
    pools["topic_hub"] = [f"/themen/{slug}/" for slug in slugs]
    # The atlas ("Wo wird entschieden?") and the follow-up list: only if they exist yet.
    if _route_exists("/gremien/"):
        top_topics = list(Topic.objects.filter(depth=0, name__in=TOP_TOPICS).order_by("name"))
        districts = list(Region.objects.filter(depth=1).order_by("name"))
        atlas = ["/gremien/"]
        atlas += [f"/gremien/?{urlencode({'level': level})}" for level in ("municipality", "district", "regional")]
        atlas += [f"/gremien/?{urlencode({'power': power})}" for power in (3, 4)]
        atlas += [f"/gremien/?{urlencode({'topic': t.slug})}" for t in top_topics[:5]]
        atlas += [f"/gremien/?{urlencode({'region': r.slug})}" for r in districts[:5]]
        atlas += [f"/gremien/?{urlencode({'power': 4, 'civil': 'nein'})}"]  # the gaps: no civil-society seat
        pools["atlas"] = atlas
    # else: the atlas is not built yet, so it is not measured.
    if _route_exists("/ergebnisse/"):
        follow_ups = ["/ergebnisse/"] + [f"/ergebnisse/?page={n}" for n in range(2, 11)]
        follow_ups += [f"/ergebnisse/?{urlencode({'status': status})}" for status in FOLLOW_UP_INITIAL]
        pools["follow_ups"] = follow_ups
    # else: the follow-up list is not built yet, so it is not measured.
    return pools


def url_pools(size: WorldSize) -> dict[str, list[str]]:
    """Per endpoint, the URLs the load generator rotates through."""
    from wandelnetz.actors.models import Actor
    from wandelnetz.topics.models import Region, Topic

    rng = random.Random(SEED + 1)
    generated_tops = [t for t in Topic.objects.filter(depth=0).order_by("name") if t.name in TOP_TOPICS]
    districts = list(Region.objects.filter(depth=1, kind__in=["district", "city"]).order_by("name"))
    filtered = [
        "/akteure/?" + urlencode({"topic": t.slug, "region": r.slug, "kind": "association"})
        for t in generated_tops
        for r in districts
    ]
    rng.shuffle(filtered)
    published = list(Actor.objects.filter(status="published").order_by("pk").values_list("slug", flat=True))
    actor_pages = [f"/akteure/{slug}/" for slug in rng.sample(published, min(3000, len(published)))]
    topic_pages = [f"/themen/{slug}/" for slug in Topic.objects.order_by("pk").values_list("slug", flat=True)]
    rng.shuffle(topic_pages)
    terms = search_terms(rng)
    pages = (len(published) + 19) // 20
    return {
        "health": ["/health/"],
        "actor_list": ["/akteure/"] + [f"/akteure/?page={n}" for n in range(2, min(pages, 25) + 1)],
        "actor_list_filtered": filtered,
        "actor_list_q": ["/akteure/?" + urlencode({"q": term}) for term in terms],
        "actor_detail": actor_pages,
        "topic_detail": topic_pages,
        "search": ["/suche/?" + urlencode({"q": term}) for term in terms],
        **transparency_pools(random.Random(SEED + 5)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--pools", type=Path, required=True, help="write the URL pools (JSON) here")
    args = parser.parse_args()
    if os.environ.get("DJANGO_SETTINGS_MODULE") != "wandelnetz.settings":
        parser.error("run through bench.run (it sets the production-like environment)")

    import django

    django.setup()
    size = SIZES[args.size]
    stamp = ensure_world(args.db, size, args.regenerate)
    from django.db import connection

    stamp["database"] = {
        "vendor": connection.vendor,
        "version": ".".join(map(str, connection.Database.sqlite_version_info))
        if connection.vendor == "sqlite"
        else _postgres_version(connection),
    }
    args.pools.write_text(json.dumps({"world": stamp, "pools": url_pools(size)}, indent=1))


def _postgres_version(connection) -> str:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main()

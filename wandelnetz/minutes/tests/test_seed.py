"""The seed minutes (06.12.2021 Strukturwandel-Stammtisch), read from ../shared/seed, never copied here.

The exact items the importer must find are written out below. The seed folder is outside the
project: without it the test is skipped locally and fails in CI.
"""

import os
import re
import time
from pathlib import Path

import pytest

from wandelnetz.actors.models import Actor
from wandelnetz.events.models import Contribution, Event
from wandelnetz.followups.models import FollowUp
from wandelnetz.minutes.importer import apply_proposal, build_proposal
from wandelnetz.minutes.models import Minutes, MinutesLink
from wandelnetz.topics.models import Topic

SEED_NAME = "2021-12-06-strukturwandel-stammtisch.md"
PROJECT_ROOT = Path(__file__).resolve().parents[3]


def seed_text() -> str:
    folder = Path(os.environ.get("WANDELNETZ_SEED_DIR") or PROJECT_ROOT.parent / "shared" / "seed")
    path = folder / SEED_NAME
    if not path.exists():
        message = f"The seed minutes are missing: {path} (set WANDELNETZ_SEED_DIR)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path.read_text(encoding="utf-8")


@pytest.fixture
def text():
    return seed_text()


@pytest.fixture
def demo(db):
    from wandelnetz.demo.world import load_demo_world

    load_demo_world()
    return Event.objects.get(slug="stammtisch-2021-12-06")


def actor_id(slug: str) -> int:
    return Actor.objects.get(slug=slug).pk


def topic_id(name: str) -> int:
    return Topic.objects.get(name__iexact=name).pk


EXPECTED_ACTORS = [
    # (slug of the demo actor, as written at its first mention, matched by, line)
    ("strukturwandel-stammtisch", "Strukturwandel-Stammtisch", "name", 3),
    ("gesellschaftsdenken", "Gesellschaftsdenken e.V.", "name", 7),
    ("aksll", "AkSLL", "abbreviation", 13),
    ("strukturwandeln", "Strukturwandel-Bündnisses", "abbreviation", 15),
    ("buergerregion-lausitz", "Bürgerregion Lausitz", "name", 48),
    ("vhs-leipzig", "VHS Leipzig", "abbreviation", 54),
    ("burg-giebichenstein", "Burg Giebichenstein Kunsthochschule Halle", "name", 58),
]
EXPECTED_TOPICS = [
    "Zivilgesellschaftliche Netzwerke",  # "Thema: …"
    "Transparenz",
    "Beteiligungs- und Gesprächsangebote",
    "Bildungsangebote",
    "nachhaltige Transformation",
    "Kinder und Jugendliche",
    "Kunst und Kultur",
    "Schaffung einer Infoplattform",  # the demo topic "Infoplattform"
    "Lebendige Orte",  # the themes of the next dates
    "Jugendbeteiligung",
    "Stiftungen & Engagement",
]
EXPECTED_DATES = [
    ("2022-01-24T17:00:00+01:00", "2022-01-24T18:30:00+01:00", "Lebendige Orte", "stammtisch-2022-01-24"),
    ("2022-03-07T17:00:00+01:00", "2022-03-07T18:30:00+01:00", "Jugendbeteiligung", "stammtisch-2022-03-07"),
    ("2022-04-25T17:00:00+02:00", "2022-04-25T18:30:00+02:00", "Stiftungen & Engagement", "stammtisch-2022-04-25"),
]
PADLET_FAZIT = "https://padlet.com/elsaesser/m5bzyimm1w9soeqy"
PADLET_CARDS = "https://padlet.com/elsaesser/muj7sbtjvh47udp2"
STAMMTISCH_PAGE = "https://www.nachhaltiges-sachsen.de/detail/strukturwandel-stammtisch.asp"


def check_follow_ups(proposal):
    """The five follow-ups of the seed, and nothing else."""
    assert len(proposal.follow_ups) == 5
    series, youth, art, platform, website = proposal.follow_ups
    assert series.title.startswith("Veranstaltungsreihe mit inhaltlichen Inputs von Expert:innen")
    assert series.text.startswith("Es wird eine Veranstaltungsreihe")
    assert (series.status, series.status_reason, series.related_key, series.date_key) == ("proposed", "", "", "")
    assert [proposal.item(key).name for key in series.topic_keys] == ["Bildungsangebote"]

    assert youth.title == "Kinder und Jugendliche"
    assert youth.status == "proposed"
    assert "am 07.03.2022 vertieft diskutiert" in youth.text
    assert proposal.item(youth.date_key).starts_at.startswith("2022-03-07")
    assert [proposal.item(key).name for key in youth.topic_keys] == ["Kinder und Jugendliche"]

    assert (art.title, art.status) == ("Kunst und Kultur", "proposed")
    assert art.text.startswith("Das Thema **Kunst und Kultur**")

    assert (platform.title, platform.status, platform.status_reason) == (
        "Schaffung einer Infoplattform",
        "stalled",
        "Mittel fehlen",
    )
    assert platform.text.endswith("Für eine Umsetzung fehlen aktuell noch Mittel.")

    assert website.status == "in_progress"
    assert website.related_key == platform.key
    assert website.title.startswith("Auch das Strukturwandel-Bündnis bringt aktuell einen eigenen Webauftritt voran")
    assert len(website.title) <= 120
    assert website.text.endswith("bei der Umsetzung beider Projekte stimmen wir uns weiter ab.")
    texts = " ".join(item.text for item in proposal.follow_ups)
    assert "Der Bedarf an Austausch" not in texts
    assert "VHS Leipzig bietet" not in texts


def check_links(proposal, with_actors: bool):
    links = {link.url: link for link in proposal.links}
    assert list(links) == [
        "https://gesellschaftsdenken.org/",
        "https://ak-strukturwandel.de",
        "https://www.ak-strukturwandel.de",
        "mitmachen@ak-strukturwandel.de",
        PADLET_FAZIT,
        STAMMTISCH_PAGE,
        PADLET_CARDS,
    ]
    assert links["mitmachen@ak-strukturwandel.de"].kind == "email"
    assert links[PADLET_FAZIT].kind == links[PADLET_CARDS].kind == "pinboard"
    assert "Fazit-Sammlung" in links[PADLET_FAZIT].label
    assert links[PADLET_CARDS].label == "digitale Visitenkarten"
    assert links["https://gesellschaftsdenken.org/"].label == "Website und weitere Infos"
    if with_actors:
        owners = {
            url: proposal.item(link.actor_key).actor_id if link.actor_key else None for url, link in links.items()
        }
        assert owners == {
            "https://gesellschaftsdenken.org/": actor_id("gesellschaftsdenken"),
            "https://ak-strukturwandel.de": actor_id("aksll"),
            "https://www.ak-strukturwandel.de": actor_id("aksll"),
            "mitmachen@ak-strukturwandel.de": actor_id("aksll"),
            PADLET_FAZIT: None,
            STAMMTISCH_PAGE: actor_id("strukturwandel-stammtisch"),
            PADLET_CARDS: None,
        }
        for url in ("https://gesellschaftsdenken.org/", "https://ak-strukturwandel.de", STAMMTISCH_PAGE):
            assert links[url].kind == "website"


def test_seed_with_the_demo_world(text, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        proposal = build_proposal(text, event=demo)

    assert proposal.title == "Strukturwandel-Stammtisch am 06.12.2021"
    assert proposal.meeting_date == "2021-12-06"
    assert proposal.theme == "Zivilgesellschaftliche Netzwerke"
    assert proposal.warnings == []

    assert [(a.actor_id, a.name, a.matched_by, a.line) for a in proposal.actors] == [
        (actor_id(slug), name, matched_by, line) for slug, name, matched_by, line in EXPECTED_ACTORS
    ]

    first, second = proposal.contributions
    assert first.speakers == ["David Loesche"]
    assert proposal.item(first.actor_key).actor_id == actor_id("gesellschaftsdenken")
    assert second.speakers == ["Andreas Rauhut", "Rüdiger Brumme"]
    assert proposal.item(second.actor_key).actor_id == actor_id("aksll")
    assert first.title == "Impuls: Gesellschaftsdenken e.V."
    assert first.exists and second.exists  # the demo event has both inputs already

    assert [(t.name, t.topic_id) for t in proposal.topics] == [
        (name, topic_id("Infoplattform" if name == "Schaffung einer Infoplattform" else name))
        for name in EXPECTED_TOPICS
    ]

    assert [(d.starts_at, d.ends_at, d.title, d.event_id) for d in proposal.dates] == [
        (starts, ends, title, Event.objects.get(slug=slug).pk) for starts, ends, title, slug in EXPECTED_DATES
    ]

    check_follow_ups(proposal)
    platform, website = proposal.follow_ups[3:]
    assert proposal.item(website.owner_actor_key).actor_id == actor_id("strukturwandeln")
    check_links(proposal, with_actors=True)


def test_seed_without_any_data(text, db):
    proposal = build_proposal(text)
    # Nothing is known: the actors named in the inputs' parentheses are offered as new ones.
    assert [(a.name, a.actor_id, a.line) for a in proposal.actors] == [
        ("Gesellschaftsdenken e.V.", None, 7),
        ("AkSLL", None, 13),
    ]
    assert [proposal.item(c.actor_key).name for c in proposal.contributions] == ["Gesellschaftsdenken e.V.", "AkSLL"]
    assert not any(c.exists for c in proposal.contributions)
    assert [t.name for t in proposal.topics] == EXPECTED_TOPICS
    assert all(t.topic_id is None for t in proposal.topics)
    assert [(d.starts_at, d.ends_at, d.title, d.event_id) for d in proposal.dates] == [
        (starts, ends, title, None) for starts, ends, title, _slug in EXPECTED_DATES
    ]
    check_follow_ups(proposal)
    check_links(proposal, with_actors=False)
    assert proposal.item(proposal.links[0].actor_key).name == "Gesellschaftsdenken e.V."  # by its domain


def test_nothing_is_lost(text, demo):
    proposal = build_proposal(text, event=demo)
    item_lines = {item.line for item in proposal.items()}
    texts = [proposal.title, f"Thema: {proposal.theme}"]
    texts += [item.text for item in proposal.follow_ups]
    texts += [item.label for item in proposal.links]
    texts += list(Actor.objects.values_list("name", flat=True))
    rest = "\n".join(proposal.rest)
    for number, line in enumerate(text.split("\n"), start=1):
        content = line.strip()
        if not content:
            continue
        bare = re.sub(r"^[-*]\s+", "", content).rstrip(":")
        assert content in rest or number in item_lines or any(bare in known for known in texts), (number, line)
    # The rest is verbatim and in order.
    positions = [text.index(block) for block in proposal.rest]
    assert positions == sorted(positions)


def test_seed_is_read_fast(text, demo):
    build_proposal(text, event=demo)  # warm up
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        build_proposal(text, event=demo)
        timings.append(time.perf_counter() - started)
    print(f"build_proposal on the seed: best {min(timings) * 1000:.1f} ms")
    assert min(timings) < 0.2


def test_apply_the_seed_in_the_demo_world_and_again(text, demo, moderator):
    before_events = Event.objects.count()
    contributions = Contribution.objects.filter(event=demo).count()
    proposal = build_proposal(text, event=demo)
    minutes = apply_proposal(proposal, event=demo, text=text, user=moderator)

    assert Minutes.objects.get(event=demo).text == text.replace("\r\n", "\n")
    assert Event.objects.count() == before_events  # the three dates exist already: linked
    assert Contribution.objects.filter(event=demo).count() == contributions
    assert minutes.links.count() == 7
    assert minutes.links.get(url=STAMMTISCH_PAGE).actor.slug == "strukturwandel-stammtisch"

    # (The demo world may have imported its own retelling of these minutes already: look at this import's.)
    created = FollowUp.objects.filter(pk__in=minutes.import_summary["follow_ups_created"])
    follow_ups = {f.title: f for f in created}
    assert len(follow_ups) == 5
    youth = follow_ups["Kinder und Jugendliche"]
    assert [link.event.slug for link in youth.links.all()] == ["stammtisch-2022-03-07"]
    platform = follow_ups["Schaffung einer Infoplattform"]
    assert (platform.status, platform.status_reason) == ("stalled", "Mittel fehlen")
    (website,) = [f for f in follow_ups.values() if f.status == "in_progress"]
    assert [link.target for link in website.links.all()] == [platform]
    assert website.owner_actor.slug == "strukturwandeln"
    count = demo.follow_ups.count()

    # The same minutes again: nothing doubles.
    apply_proposal(build_proposal(text, event=demo), event=demo, text=text, user=moderator)
    assert demo.follow_ups.count() == count
    assert Event.objects.count() == before_events
    assert Contribution.objects.filter(event=demo).count() == contributions
    assert MinutesLink.objects.filter(minutes__event=demo).count() == 7

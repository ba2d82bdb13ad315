"""A hit's snippet comes from the part of the document that says something: the prose holding the
query word, not the list of topic names that happens to hold it too."""

import pytest
from django.urls import reverse

from wandelnetz.actors.tests.factories import actor
from wandelnetz.search.selectors import find_hits
from wandelnetz.topics.tests.factories import topic

pytestmark = pytest.mark.django_db


def plain(snippet: str) -> str:
    return str(snippet).replace("<mark>", "").replace("</mark>", "")


def test_the_prose_with_the_word_wins_over_the_topic_list():
    topics = [topic(name) for name in ("Bildungsangebote", "Kinder und Jugendliche", "Kunst und Kultur")]
    actor(
        "Jugendforum Borna",
        summary="Ein Forum in Borna.",
        description="Hier treffen sich Jugendliche aus Borna jeden Dienstag im Bürgerhaus.",
        topics=topics,
    )
    (hit,) = find_hits("Jugendliche", kinds=["actors.actor"])
    assert plain(hit.snippet) == "… Hier treffen sich Jugendliche aus Borna jeden Dienstag im Bürgerhaus."
    assert "<mark>Jugendliche</mark>" in str(hit.snippet)


def test_a_word_only_in_the_topics_shows_them_as_a_list():
    actor(
        "Kulturverein Deutzen",
        description="Wir veranstalten Lesungen und Konzerte.",
        topics=[topic("Kunst und Kultur"), topic("Lebendige Orte")],
    )
    (hit,) = find_hits("Lebendige", kinds=["actors.actor"])
    assert plain(hit.snippet) == "… Kunst und Kultur, Lebendige Orte"


def test_a_title_only_match_shows_the_longest_part_without_marks():
    actor("Stammtisch Zeitz", summary="Kurz.", description="Ein offener Abend für alle, die mitreden wollen.")
    (hit,) = find_hits("Zeitz")
    assert plain(hit.snippet) == "… Ein offener Abend für alle, die mitreden wollen."
    assert "<mark>" not in str(hit.snippet)


def test_a_long_part_is_cut_around_the_word():
    actor("Langer Verein", description=" ".join(["Wort"] * 80 + ["Fundstück"] + ["Wort"] * 80))
    (hit,) = find_hits("Fundstück")
    text = str(hit.snippet)
    assert text.startswith("… ") and text.endswith(" …") and "<mark>Fundstück</mark>" in text
    assert len(plain(text).split()) <= 32  # 30 words and the two ellipses


def test_search_page_heading_is_a_noun_and_kind_labels_are_plural(client):
    html = client.get(reverse("search"), {"q": "Stammtisch"}).content.decode()
    assert "<h1>Suche</h1>" in html
    assert ">Protokolle</option>" in html and ">Protokoll</option>" not in html

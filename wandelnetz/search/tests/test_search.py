"""One search box over actors, topics, regions and places: stemmed, umlaut-insensitive, ranked,
highlighted, paginated — the same on SQLite (FTS5) and PostgreSQL (german configuration)."""

import pytest
from django.urls import reverse

from wandelnetz.actors.models import Actor
from wandelnetz.actors.tests.factories import actor
from wandelnetz.places.services import create_place
from wandelnetz.search.selectors import count_hits, find_hits
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    topic("Jugendbeteiligung", description="Kinder und Jugendliche beteiligen.")
    region("Burgenlandkreis")
    create_place(name="Ökokirche Deutzen", locality="Neukieritzsch")
    actor("Gesellschaftsdenken e.V.", description="Ein bundesweit aktiver Verein für Zusammenhalt.")
    actor("Bürgerregion Lausitz", description="Vernetzung der Vereine und Initiativen in der Lausitz.")
    actor("Verein der Vereine", description="Nur zum Testen der Rangfolge.")
    actor("Versteckter Verein", status=Actor.Status.PENDING)


def titles(query: str, **kwargs) -> list[str]:
    return [str(h.title).replace("<mark>", "").replace("</mark>", "") for h in find_hits(query, **kwargs)]


def test_plural_finds_singular_and_back(world):
    assert set(titles("Vereine")) == {"Gesellschaftsdenken e.V.", "Bürgerregion Lausitz", "Verein der Vereine"}
    assert set(titles("Verein")) == set(titles("Vereine"))


def test_umlauts_do_not_matter(world):
    assert titles("Okokirche") == ["Ökokirche Deutzen"]
    assert titles("ÖKOKIRCHE") == ["Ökokirche Deutzen"]
    assert titles("Burgerregion") == ["Bürgerregion Lausitz"]


def test_all_words_must_match(world):
    assert titles("Verein Lausitz") == ["Bürgerregion Lausitz"]
    assert titles("Verein Atlantis") == []


def test_title_matches_rank_above_text_matches(world):
    assert titles("Vereine")[0] == "Verein der Vereine"


def test_unpublished_actors_are_not_found(world):
    assert "Versteckter Verein" not in titles("Versteckter")


def test_covers_topics_regions_places(world):
    assert titles("Jugendbeteiligung") == ["Jugendbeteiligung"]
    assert titles("Burgenlandkreis") == ["Burgenlandkreis"]
    assert [h.kind for h in find_hits("Deutzen")] == ["places.place"]


def test_kind_filter(world):
    assert titles("Lausitz", kinds=["topics.topic"]) == []
    assert titles("Lausitz", kinds=["actors.actor"]) == ["Bürgerregion Lausitz"]


def test_snippet_highlights_the_matched_words(world):
    hit = next(h for h in find_hits("Initiativen") if "Bürgerregion" in h.title)
    assert "<mark>Initiativen</mark>" in hit.snippet
    assert "<script" not in hit.snippet


def test_snippet_escapes_html_from_the_text(world):
    actor("Skriptverein", summary="<script>alert(1)</script> Skriptverein")
    hit = find_hits("Skriptverein")[0]
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet


def test_stopwords_only_and_empty_queries_find_nothing(world):
    assert count_hits("der die das") == 0
    assert find_hits("") == []


def test_page_shows_results_and_paginates(client, world):
    for i in range(25):
        actor(f"Heimatverein {i:02d}")
    response = client.get(reverse("search"), {"q": "Heimatverein"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "25 Treffer" in html
    assert html.count("<mark>Heimatverein</mark>") == 20
    second = client.get(reverse("search"), {"q": "Heimatverein", "page": "2"})
    assert second.content.decode().count("<mark>Heimatverein</mark>") == 5
    assert client.get(reverse("search"), {"q": "Heimatverein", "page": "3"}).status_code == 404


@pytest.mark.parametrize(
    "params",
    [{"q": "Verein", "page": "x"}, {"q": "Verein", "page": "0"}, {"q": "a" * 201}, {"q": "Verein", "kind": "nope"}],
)
def test_bad_search_input_is_a_400(client, world, params):
    assert client.get(reverse("search"), params).status_code == 400


@pytest.mark.parametrize("q", ['"', "NEAR(", "a:b", "*", "(", "' OR 1=1 --", "\x00", "ä" * 150])
def test_odd_characters_never_break_search(client, world, q):
    assert client.get(reverse("search"), {"q": q}).status_code in (200, 400)


def test_stemming_is_safe_across_threads():
    """Requests stem in parallel threads; a shared Snowball stemmer corrupted words under load."""
    from concurrent.futures import ThreadPoolExecutor

    from wandelnetz.search.stemming import stem

    words = [f"Vereinsarbeiten{i}" for i in range(3000)] + [f"Beteiligungen{i}" for i in range(3000)]
    stem.cache_clear()
    expected = {w: stem(w) for w in words}
    stem.cache_clear()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(stem, words))
    assert dict(zip(words, results, strict=True)) == expected


def test_counting_stops_after_a_thousand(client, settings):
    """A word in every entry: the page says "more than 1000" and offers 50 pages, no more."""
    from wandelnetz.actors.models import Actor as ActorModel
    from wandelnetz.search.services import rebuild_index

    ActorModel.objects.bulk_create(
        ActorModel(name=f"Heimatverein {i}", slug=f"heimat-{i}", kind="association", status="published")
        for i in range(1005)
    )
    rebuild_index(kinds=["actors.actor"])
    assert count_hits("Heimatverein") == 1001
    html = client.get(reverse("search"), {"q": "Heimatverein"}).content.decode()
    assert "Mehr als 1000 Treffer" in html
    assert "Seite 1 von 50" in html
    assert client.get(reverse("search"), {"q": "Heimatverein", "page": "50"}).status_code == 200
    assert client.get(reverse("search"), {"q": "Heimatverein", "page": "51"}).status_code == 404

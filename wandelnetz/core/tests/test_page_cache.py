"""Anonymous visitors get whole pages from the cache until content changes; nobody else does."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from wandelnetz.actors import services
from wandelnetz.actors.tests.factories import actor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_visit_is_served_from_the_cache(client, django_assert_max_num_queries):
    actor("Verein am Markt")
    first = client.get(reverse("actors:actor_list"))
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(1):  # at most the content version
        second = client.get(reverse("actors:actor_list"))
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Content-Language"):
        assert second[header] == first[header], header


def test_compressed_and_plain_copies_are_kept_apart(client):
    """A browser that accepts gzip gets the stored compressed page, byte for byte; one that does not
    gets plain HTML, never the other's copy."""
    import gzip

    actor("Verein am Markt")
    url = reverse("actors:actor_list")
    packed = client.get(url, headers={"accept-encoding": "gzip, deflate"})
    assert packed["X-Page-Cache"] == "miss" and packed["Content-Encoding"] == "gzip"
    plain = client.get(url)
    assert plain["X-Page-Cache"] == "miss" and not plain.has_header("Content-Encoding")
    packed_hit = client.get(url, headers={"accept-encoding": "gzip"})
    plain_hit = client.get(url)
    assert packed_hit["X-Page-Cache"] == plain_hit["X-Page-Cache"] == "hit"
    assert packed_hit["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed_hit["Vary"]
    assert packed_hit.content == packed.content
    assert int(packed_hit["Content-Length"]) == len(packed_hit.content)
    assert not plain_hit.has_header("Content-Encoding")
    html = gzip.decompress(packed_hit.content).decode()
    assert "Verein am Markt" in html and html == plain_hit.content.decode()


def test_a_change_shows_at_once(client, owner, owned_actor, django_capture_on_commit_callbacks):
    assert "Aktionskreis Beispiel" in client.get(reverse("actors:actor_list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_actor(actor=owned_actor, changed_by=owner, name="Umbenannter Aktionskreis")
    response = client.get(reverse("actors:actor_list"))
    assert response["X-Page-Cache"] == "miss"
    assert "Umbenannter Aktionskreis" in response.content.decode()


def test_signed_in_people_never_get_cached_pages(client, member):
    client.get(reverse("actors:actor_list"))
    client.force_login(member)
    response = client.get(reverse("actors:actor_list"))
    assert "X-Page-Cache" not in response
    assert "Abmelden" in response.content.decode()


def test_languages_are_cached_apart(client):
    german = client.get(reverse("actors:actor_list"))
    client.cookies["django_language"] = "en"
    english = client.get(reverse("actors:actor_list"))
    assert english["X-Page-Cache"] == "miss"
    assert 'lang="en"' in english.content.decode() and 'lang="de"' in german.content.decode()
    assert client.get(reverse("actors:actor_list"))["X-Page-Cache"] == "hit"


def test_pages_with_a_form_token_or_errors_are_not_cached(client):
    response = client.get(reverse("account_login"))
    assert "X-Page-Cache" not in response
    bad = client.get(reverse("actors:actor_list"), {"topic": "gibt-es-nicht"})
    assert bad.status_code == 400 and "X-Page-Cache" not in bad


def test_query_strings_are_cached_apart(client):
    actor("Alpha Verein")
    actor("Beta Initiative", kind="initiative")
    all_kinds = client.get(reverse("actors:actor_list")).content.decode()
    only = client.get(reverse("actors:actor_list"), {"kind": "initiative"}).content.decode()
    assert "Alpha Verein" in all_kinds and "Alpha Verein" not in only


def test_browsing_sets_no_cookie(client):
    actor("Verein am Markt")
    for url in (reverse("home"), reverse("actors:actor_list"), reverse("search") + "?q=Verein"):
        response = client.get(url)
        assert not response.cookies, (url, response.cookies)


def test_language_switch_by_get_keeps_the_page(client):
    response = client.get(reverse("switch_language"), {"language": "en", "next": "/akteure/?kind=association"})
    assert response.status_code == 302 and response["Location"] == "/akteure/?kind=association"
    assert response.cookies["django_language"].value == "en"
    assert 'lang="en"' in client.get("/akteure/").content.decode()


def test_language_switch_refuses_foreign_targets_and_unknown_languages(client):
    response = client.get(reverse("switch_language"), {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "django_language" not in response.cookies


def test_filter_choices_follow_new_topics(client, django_capture_on_commit_callbacks):
    """The directory's topic choices are kept per content version: a new topic shows at once."""
    from wandelnetz.topics.tests.factories import topic

    client.get(reverse("actors:actor_list"))
    with django_capture_on_commit_callbacks(execute=True):
        topic("Ganz neues Thema")
    assert (
        '<option value="ganz-neues-thema">Ganz neues Thema</option>'
        in client.get(reverse("actors:actor_list"), {"kind": "initiative"}).content.decode()
    )

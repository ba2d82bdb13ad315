"""German is the default language; English is chosen with the switcher.

Expected behaviour:
- without any preference, pages are German: <html lang="de">, Content-Language: de, and the
  site's own texts (skip link, navigation) and allauth's texts are German;
- the browser's Accept-Language does not change it: many of our visitors' old phones are set
  to English while they read German;
- GET /sprache/?language=en (the switcher in the header, a GET form) stores the choice in the
  language cookie and redirects back to the same-site page it came from; the choice beats the
  browser's Accept-Language; switching back to German works; an unknown language changes
  nothing and a foreign `next` is not followed;
- responses vary on Cookie, so caches keep the languages apart.
"""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def _lang(response) -> str:
    html = response.content.decode()
    start = html.index("<html")
    tag = html[start : html.index(">", start)]
    return tag.split('lang="', 1)[1].split('"', 1)[0]


def test_german_is_the_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert _lang(response) == "de"
    assert response["Content-Language"] == "de"
    html = response.content.decode()
    assert "Zum Inhalt springen" in html
    assert ">Akteure</a>" in html and ">Themen</a>" in html
    assert "Skip to content" not in html
    assert 'lang="en" hreflang="en">English</a>' in html  # the switch offers the other language


def test_allauth_pages_are_german_by_default(client):
    html = client.get("/konto/login/").content.decode()
    assert '<html lang="de">' in html
    assert "Anmeldung" in html or "Anmelden" in html


@pytest.mark.parametrize("accept_language", ["en", "en-GB,en;q=0.9,de;q=0.5", "fr-FR,fr;q=0.9", "pl,cs;q=0.8"])
def test_the_browser_language_does_not_override_german(client, accept_language):
    response = client.get("/", headers={"accept-language": accept_language})
    assert _lang(response) == "de"
    assert response["Content-Language"] == "de"
    assert "Zum Inhalt springen" in response.content.decode()
    assert "Cookie" in response["Vary"]


def test_the_switcher_sets_english_and_returns_to_the_page(client):
    html = client.get("/akteure/?kind=association").content.decode()
    assert (
        '<a href="/sprache/?language=en&amp;next=/akteure/%3Fkind%3Dassociation" lang="en" hreflang="en">English</a>'
        in html
    )

    response = client.get("/sprache/", {"language": "en", "next": "/akteure/"})

    assert response.status_code == 302
    assert response["Location"] == "/akteure/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax"
    page = client.get("/akteure/")
    assert _lang(page) == "en"
    assert "Skip to content" in page.content.decode()
    assert 'lang="de" hreflang="de">Deutsch</a>' in page.content.decode()
    assert ">English</a>" not in page.content.decode()
    assert "Cookie" in page["Vary"]
    # allauth follows the same choice.
    assert '<html lang="en">' in client.get("/konto/login/").content.decode()


def test_the_switcher_choice_beats_the_browser_language(client):
    client.get("/sprache/", {"language": "en", "next": "/"})
    assert _lang(client.get("/", headers={"accept-language": "de-DE,de"})) == "en"

    client.get("/sprache/", {"language": "de", "next": "/"})
    assert _lang(client.get("/", headers={"accept-language": "en"})) == "de"


def test_an_unknown_language_changes_nothing(client):
    response = client.get("/sprache/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert _lang(client.get("/")) == "de"


def test_a_foreign_next_is_not_followed(client):
    response = client.get("/sprache/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert response["Location"].startswith("/")

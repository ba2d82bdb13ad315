"""The actor list stays light: at most 100 KB of HTML + CSS + JS over the wire, gzip-compressed.

Expected behaviour: with 20 published actors (a full page), GET /akteure/ with
Accept-Encoding: gzip answers gzip-compressed HTML (GZipMiddleware), and the compressed HTML
plus the gzip-compressed size of every same-host stylesheet and script the page references
(read from the static files through the staticfiles finders) is at most 100 KB. Every such
reference points to a static file that exists.
"""

import gzip
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from wandelnetz.actors.tests.factories import actor
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db

BUDGET = 100 * 1024


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").lower().split()
        if tag == "link" and ({"stylesheet", "modulepreload", "preload"} & set(rel)) and attributes.get("href"):
            self.urls.append(str(attributes["href"]))
        if tag == "script" and attributes.get("src"):
            self.urls.append(str(attributes["src"]))


def _gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


@pytest.fixture
def twenty_actors():
    mobility = topic("Mobilität")
    district = region("Landkreis Leipzig")
    return [
        actor(
            f"Bürgerinitiative Strukturwandel {number:02d}",
            short_name=f"BIS{number}",
            summary="Wir setzen uns für Busse, Radwege und lebendige Dörfer nach dem Kohleausstieg ein. " * 2,
            description="## Wer wir sind\n\n" + "Ein Verein aus dem Revier. " * 40,
            website=f"https://bis{number}.example.org",
            topics=[mobility],
            regions=[district],
        )
        for number in range(1, 21)
    ]


def test_actor_list_with_twenty_actors_is_at_most_100_kb_gzipped(client, twenty_actors):
    response = client.get("/akteure/", headers={"accept-encoding": "gzip"})

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    compressed_html = response.content
    html = gzip.decompress(compressed_html).decode()
    # The page really lists the 20 actors (one full page).
    assert settings.PAGE_SIZE >= 20
    assert all(a.name in html for a in twenty_actors)

    parser = _Assets()
    parser.feed(html)
    parser.close()
    assert parser.urls, "the page references no stylesheet at all"

    sizes = {"HTML": len(compressed_html)}
    for url in parser.urls:
        parts = urlsplit(url)
        assert not parts.netloc, f"{url} is on another host"
        assert parts.path.startswith(settings.STATIC_URL), f"{url} is not a static file"
        path = finders.find(parts.path.removeprefix(settings.STATIC_URL))
        assert path, f"{url} does not exist among the static files"
        with open(path, "rb") as asset:
            sizes[url] = _gzipped_size(asset.read())

    total = sum(sizes.values())
    assert total <= BUDGET, f"{total} bytes gzipped > {BUDGET}: {sizes}"


def test_without_accept_encoding_the_html_is_not_compressed(client, twenty_actors):
    response = client.get("/akteure/")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert twenty_actors[0].name in response.content.decode()

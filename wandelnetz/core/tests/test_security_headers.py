"""Every page carries strict security headers and loads nothing from other hosts.

Expected behaviour:
- a Content-Security-Policy whose script-src is 'self' (no inline script runs, so no nonce is
  needed); no 'unsafe-inline' or 'unsafe-eval' anywhere; objects off, framing off, base URI and
  form targets limited to the site;
- X-Content-Type-Options: nosniff, Referrer-Policy, X-Frame-Options: DENY and
  Cross-Origin-Opener-Policy on every page, error pages included;
- the only script without a file is the JSON-LD data block, which browsers never run;
- no page needs anything the policy blocks: no inline style elements or attributes, no event
  handler attributes, no inline script;
- no page refers to another host in src/href of link, script, img (and other embedding) tags;
  links to other sites in <a> elements are fine.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from wandelnetz.actors.tests.factories import actor
from wandelnetz.places.services import create_place
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db

EMBEDDING_TAGS = {"link", "script", "img", "iframe", "source", "video", "audio", "embed", "object", "track"}
URL_ATTRIBUTES = {"src", "href", "srcset", "data", "poster"}


class _Page(HTMLParser):
    """Collects what the checks need from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.embedded: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.scripts: list[dict[str, str | None]] = []
        self.inline_styles: list[str] = []
        self.handlers: list[str] = []
        self.forms: list[str] = []
        self.html_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if tag == "script":
            self.scripts.append(attributes)
        if tag == "style":
            self.inline_styles.append("<style>")
        if "style" in attributes:
            self.inline_styles.append(f"<{tag} style=…>")
        self.handlers += [f"<{tag} {name}=…>" for name in attributes if name.startswith("on")]
        if tag == "form" and attributes.get("action"):
            self.forms.append(str(attributes["action"]))
        if tag in EMBEDDING_TAGS:
            for name, value in attrs:
                if name in URL_ATTRIBUTES and value:
                    urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                    self.embedded += [(tag, name, url) for url in urls]


def _parse(response) -> _Page:
    page = _Page()
    page.feed(response.content.decode())
    page.close()
    return page


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens:
            directives[tokens[0]] = tokens[1:]
    return directives


def _nonce(response) -> str | None:
    nonces = [token for token in _csp(response)["script-src"] if token.startswith("'nonce-")]
    assert len(nonces) <= 1
    return nonces[0][len("'nonce-") : -1] if nonces else None


def _is_same_host(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data",):
        return True
    return not parts.netloc and parts.scheme in ("", "http", "https") and not url.startswith("//")


def _assert_strict_headers(response) -> None:
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    csp = _csp(response)
    assert csp["script-src"][0] == "'self'"
    assert all(token.startswith("'nonce-") for token in csp["script-src"][1:]), csp["script-src"]
    assert csp["default-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.fixture
def world(db):
    """One of everything, with links to other sites in the user-written texts."""
    mobility = topic("Mobilität", description="Siehe [Verkehrswende](https://verkehrswende.example.net).")
    district = region("Landkreis Leipzig")
    place = create_place(name="Bürgerhaus Deutzen", locality="Deutzen", region=district)
    verein = actor(
        "Bürgerverein Zukunft",
        summary="Wir gestalten den Wandel.",
        description="# Über uns\n\nMehr auf [unserer Seite](https://zukunft.example.net/ueber).",
        website="https://zukunft.example.net",
        email="post@zukunft.example.net",
        topics=[mobility],
        regions=[district],
        places=[place],
    )
    return {"topic": mobility, "region": district, "place": place, "actor": verein}


def _pages(world) -> list[str]:
    return [
        "/",
        "/ueber/",
        "/akteure/",
        world["actor"].get_absolute_url(),
        "/themen/",
        world["topic"].get_absolute_url(),
        "/regionen/",
        world["region"].get_absolute_url(),
        "/orte/",
        world["place"].get_absolute_url(),
        "/suche/?q=Zukunft",
        "/konto/login/",
        "/konto/signup/",
        "/konto/password/reset/",
    ]


def test_the_home_page_has_the_strict_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    _assert_strict_headers(response)
    # The home page has no inline script, so it needs no nonce: plain 'self' is stricter still.
    assert _csp(response)["script-src"] in (["'self'"], ["'self'", f"'nonce-{_nonce(response)}'"])


def test_every_page_and_the_error_pages_have_the_strict_headers(client, world):
    for url in [*_pages(world), "/gibt-es-nicht/", "/akteure/?page=abc"]:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        _assert_strict_headers(response)


def test_pages_run_no_inline_script_and_need_no_nonce(client, world):
    """The only script without a file is JSON-LD, a data block the browser never runs: the policy
    can stay at script-src 'self', and pages stay cacheable (a nonce would differ per response)."""
    url = world["actor"].get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    assert _csp(response)["script-src"] == ["'self'"]
    scripts = _parse(response).scripts
    json_ld = [script for script in scripts if script.get("type") == "application/ld+json"]
    assert len(json_ld) == 1
    assert all(script.get("src") or script.get("type") == "application/ld+json" for script in scripts)


def test_no_page_needs_what_the_policy_blocks(client, world):
    for url in _pages(world):
        response = client.get(url)
        page = _parse(response)
        assert page.inline_styles == [], url
        assert page.handlers == [], url
        for script in page.scripts:
            assert script.get("src") or script.get("type") == "application/ld+json", (url, script)
        assert all(_is_same_host(action) for action in page.forms), (url, page.forms)
        assert "javascript:" not in response.content.decode().lower(), url


def test_no_page_loads_anything_from_another_host(client, world):
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        page = _parse(response)
        assert page.embedded, url  # at least the stylesheet: the parser saw the page
        foreign = [(tag, attribute, src) for tag, attribute, src in page.embedded if not _is_same_host(src)]
        assert foreign == [], (url, foreign)


def test_links_to_other_sites_are_allowed_in_anchors(client, world):
    """The check above is not vacuous: the actor page does link to another host, in an <a>."""
    html = client.get(world["actor"].get_absolute_url()).content.decode()
    assert 'href="https://zukunft.example.net"' in html
    assert 'href="https://zukunft.example.net/ueber"' in html

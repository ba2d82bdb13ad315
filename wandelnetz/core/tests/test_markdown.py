"""Markdown from users renders to HTML that cannot run anything.

Expected behaviour of wandelnetz.core.markdown.render_markdown:
- raw HTML in the source is shown as text (escaped), never passed through: no <script>,
  <style>, <iframe> elements and no on* event handler attributes come out;
- javascript:, vbscript: and data: links do not become links, whatever their spelling;
- links that do become links get rel="noopener nofollow ugc" and keep only href and title;
- headings move one level down ("#" becomes h2, "##" h3; the page owns h1), no h1 is ever produced;
- the ordinary Markdown of descriptions (emphasis, lists, code, tables) still works;
- the result is marked safe for templates, and empty input gives empty output.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.utils.safestring import SafeString

from wandelnetz.core.markdown import markdown_to_text, render_markdown

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h2", "h3",
    "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "s", "del",
}  # fmt: skip


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data


def _elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def _assert_inert(html: str) -> None:
    parsed = _elements(html)
    for tag, attributes in parsed.elements:
        assert tag in ALLOWED_TAGS, (tag, html)
        assert not [name for name in attributes if name.startswith("on")], (tag, html)
        assert "style" not in attributes, html
        href = (attributes.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "vbscript:", "data:")), html


@pytest.mark.parametrize(
    ("source", "shown_as_text"),
    [
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("Hallo <script src=https://evil.example/x.js></script>", "<script src=https://evil.example/x.js>"),
        ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
        ('<a href="javascript:alert(1)" onclick="klau()">klick</a>', '<a href="javascript:alert(1)" onclick="klau()">'),
        ("<style>body{display:none}</style>", "<style>body{display:none}</style>"),
        ('<iframe src="https://evil.example"></iframe>', '<iframe src="https://evil.example">'),
        ('<p onmouseover="alert(1)">Text</p>', '<p onmouseover="alert(1)">'),
        ("<svg><script>alert(1)</script></svg>", "<svg><script>alert(1)</script></svg>"),
    ],
    ids=["script", "script-src", "img-onerror", "a-javascript-onclick", "style", "iframe", "p-onmouseover", "svg"],
)
def test_raw_html_is_escaped_and_shown_as_text(source, shown_as_text):
    html = render_markdown(source)
    _assert_inert(html)
    assert "<script" not in html and "<style" not in html and "<iframe" not in html and "<img" not in html
    assert "&lt;" in html
    assert shown_as_text in _elements(html).text  # the reader sees what was typed


def test_no_event_handler_attributes_survive_in_any_form():
    sources = [
        "[Text](https://example.org){onclick=alert(1)}",
        '[Text](https://example.org "x" onclick="alert(1)")',
        '[Text]("onmouseover=alert(1))',
        "<a href=https://example.org onclick=alert(1)>x</a>",
        "**<b onclick=alert(1)>fett</b>**",
    ]
    for source in sources:
        _assert_inert(render_markdown(source))


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "%6Aavascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        " javascript:alert(1)",
    ],
)
def test_dangerous_link_targets_do_not_become_working_links(url):
    for source in (f"[klick]({url})", f"<{url}>", f"[klick][1]\n\n[1]: {url}"):
        html = render_markdown(source)
        _assert_inert(html)
        for tag, attributes in _elements(html).elements:
            if tag == "a":  # anything left is a relative address, not a script
                assert urlsplit(attributes["href"] or "").scheme in ("", "http", "https", "mailto"), html


def test_links_get_rel_noopener_nofollow_ugc():
    html = render_markdown('Siehe [unsere Seite](https://verein.example.org/ "Verein") und <https://example.net>.')
    links = [attributes for tag, attributes in _elements(html).elements if tag == "a"]
    assert links == [
        {"href": "https://verein.example.org/", "title": "Verein", "rel": "noopener nofollow ugc"},
        {"href": "https://example.net", "rel": "noopener nofollow ugc"},
    ]


def test_mail_and_relative_links_stay_links():
    html = render_markdown("[Schreib uns](mailto:post@verein.example.org) oder [Akteure](/akteure/)")
    hrefs = [attributes["href"] for tag, attributes in _elements(html).elements if tag == "a"]
    assert hrefs == ["mailto:post@verein.example.org", "/akteure/"]


def test_headings_start_at_h2_and_keep_their_hierarchy():
    html = render_markdown("# Über uns\n\nText\n\n## Ziele\n\n### Termine\n\n###### Klein")
    tags = [tag for tag, _attributes in _elements(html).elements]
    assert tags == ["h2", "p", "h3", "h4", "h6"]
    assert "<h2>Über uns</h2>" in html
    assert "<h1" not in html
    assert "<h1" not in render_markdown("Überschrift\n===========\n")


def test_ordinary_markdown_still_works():
    source = (
        "Wir treffen uns **jeden Montag** im *Bürgerhaus*.\n\n"
        "- Radwege\n- Busse\n\n"
        "1. Erstens\n2. Zweitens\n\n"
        "> Ein Zitat\n\n"
        "`code` und ~~alt~~\n\n"
        "| Tag | Ort |\n|---|---|\n| Mo | Deutzen |\n"
    )
    html = render_markdown(source)
    _assert_inert(html)
    for fragment in (
        "<strong>jeden Montag</strong>",
        "<em>Bürgerhaus</em>",
        "<ul>",
        "<li>Radwege</li>",
        "<ol>",
        "<blockquote>",
        "<code>code</code>",
        "<s>alt</s>",
        "<table>",
        "<td>Deutzen</td>",
    ):
        assert fragment in html, fragment


def test_result_is_safe_string_and_empty_input_is_empty():
    assert isinstance(render_markdown("Hallo"), SafeString)
    assert render_markdown("") == ""
    assert render_markdown(None) == ""  # type: ignore[arg-type]


def test_plain_text_for_search_has_no_markup():
    text = markdown_to_text("# Titel\n\n**fett** und [Link](https://example.org)")
    assert "<" not in text
    assert "Titel" in text and "fett und Link" in text
    assert "https://example.org" not in text


def test_plain_text_keeps_ampersands_and_quotes_as_they_are():
    text = markdown_to_text('Müller & Söhne sagen "Hallo" <b>')
    assert text == 'Müller & Söhne sagen "Hallo" <b>'

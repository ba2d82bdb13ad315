"""Reading minutes as text, without the database: blocks, dates, times, links, highlighted terms, cues.

The importer (`importer.py`) puts these pieces together and checks names against the database.
Everything here is deterministic and never raises on odd input: what it cannot read it leaves
alone (and says so where a reader should look, e.g. a date that does not exist).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from urllib.parse import urlsplit

from wandelnetz.events.recurrence import BERLIN

# --- Normalising names ------------------------------------------------------------------------

_FOLD = str.maketrans({"ß": "ss", "ẞ": "ss"})


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Lower case, without accents and umlauts ("Bürger", "Buerger" and "burger" are equal), ß = ss."""
    if text.isascii():
        return text.lower().replace("ae", "a").replace("oe", "o").replace("ue", "u")
    text = unicodedata.normalize("NFKD", text.translate(_FOLD).lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return text.replace("ae", "a").replace("oe", "o").replace("ue", "u")


WORD_RE = re.compile(r"\w+")


def name_key(text: str) -> str:
    """A name reduced to its folded words: "Kunst & Kultur:" → "kunst kultur"."""
    return " ".join(fold(word) for word in WORD_RE.findall(text.replace("&", " und ")))


# HTML pasted into minutes stays in their text (rendered safely), but is never part of a name or title.
HTML_CODE_RE = re.compile(r"<(script|style)\b[^<>]{0,1000}>.{0,5000}?</\1\s*>", re.I | re.S)
HTML_TAG_RE = re.compile(r"</?[A-Za-z][\w-]{0,30}(?:\s[^<>]{0,1000})?/?>")


def strip_markup(text: str) -> str:
    """Text without Markdown emphasis, link targets and HTML tags: "**a** [b](#) <b>c</b>" → "a b c"."""
    text = MD_LINK_RE.sub(lambda m: m.group(1), text)
    text = re.sub(r"<(https?://[^<>\s\"']{1,2000})>", r"\1", text)
    text = HTML_TAG_RE.sub("", HTML_CODE_RE.sub("", text))
    return re.sub(r"(\*\*|__)", "", text).strip()


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary (with "…")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


# --- Blocks -----------------------------------------------------------------------------------

BULLET_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+•➔→]|\d{1,2}[.)])[ \t]+(?P<content>\S.*)$")
MD_HEADING_RE = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<content>.*?)\s*#*\s*$")
NUMBERED_HEADING_RE = re.compile(r"^(?:TOP\s*)?\d{1,2}(?:[.):]|\s)\s*(?P<content>\S.*)$", re.IGNORECASE)
TOP_RE = re.compile(r"^TOP\s*\d{1,2}\b", re.IGNORECASE)
WHOLE_BOLD_RE = re.compile(r"^\s*(\*\*|__)(?P<content>[^*_].*?)\1\s*:?\s*$")


@dataclass
class Block:
    """A heading, a list item (with its continuation lines, without its sub-items) or a paragraph."""

    kind: str  # "heading", "item", "paragraph"
    start: int  # 1-based line number of its first line
    raw: list[str]  # its lines as written (right-stripped)
    text: str  # its content: the bullet or heading marks removed, lines joined by "\n"
    depth: int = 0  # nesting of list items (0: top level)
    parent: int | None = None  # index of the item it is a sub-item of
    section: int | None = None  # index of the heading it stands under
    numbered_heading: bool = False
    more: list[str] = field(default_factory=list, repr=False)  # continuation lines while splitting

    @property
    def end(self) -> int:
        return self.start + len(self.raw) - 1

    @property
    def lines(self) -> range:
        return range(self.start, self.end + 1)

    @property
    def verbatim(self) -> str:
        return "\n".join(self.raw)


def _words(text: str) -> int:
    return len(text.split())


def split_blocks(text: str) -> list[Block]:
    """Cut the text into blocks; every non-empty line belongs to exactly one block."""
    lines = text.split("\n")
    blocks: list[Block] = []
    stack: list[tuple[int, int]] = []  # (indent, block index) of the open list items
    section: int | None = None
    current: Block | None = None  # the block a following line may continue

    def next_is_break(index: int) -> bool:
        if index + 1 >= len(lines):
            return True
        following = lines[index + 1]
        if not following.strip():
            return True
        bullet = BULLET_RE.match(following)
        return bool(bullet and not bullet.group("marker")[0].isdigit())

    for index, line in enumerate(lines):
        number = index + 1
        line = line.rstrip()
        if not line.strip():
            current = None
            continue
        heading = MD_HEADING_RE.match(line)
        bullet = BULLET_RE.match(line)
        numbered = NUMBERED_HEADING_RE.match(line) if not line[:1].isspace() else None
        is_heading = False
        content = line.strip()
        numbered_heading = False
        if heading:
            is_heading, content = True, heading.group("content")
        elif (
            numbered
            and current is None
            and (TOP_RE.match(line) or not bullet or next_is_break(index))
            and _words(line) <= 12
            and not line.rstrip().endswith((".", ",", ";"))
        ):
            # "1 Impuls …", "2) Bericht", "TOP 3: Verschiedenes" standing alone: a section heading.
            is_heading, content, numbered_heading = True, numbered.group("content").lstrip(":.) "), True
        elif current is None and not bullet:
            whole_bold = WHOLE_BOLD_RE.match(line) if len(line) < 300 else None
            if _words(line) <= 8 and whole_bold and next_is_break(index) and not _looks_like_date_line(line):
                is_heading, content = True, whole_bold.group("content").rstrip(": ")
        if is_heading:
            blocks.append(Block("heading", number, [line], content, numbered_heading=numbered_heading))
            section = len(blocks) - 1
            stack = []
            current = None
            continue
        if bullet:
            indent = len(bullet.group("indent").expandtabs(4))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            parent = stack[-1][1] if stack else None
            block = Block(
                "item",
                number,
                [line],
                bullet.group("content").strip(),
                depth=len(stack),
                parent=parent,
                section=section,
            )
            blocks.append(block)
            stack.append((indent, len(blocks) - 1))
            current = block
            continue
        if current is not None:
            current.raw.append(line)
            current.more.append(line.strip())
            continue
        stack = []
        current = Block("paragraph", number, [line], line.strip(), section=section)
        blocks.append(current)
    for block in blocks:
        if block.more:
            block.text = "\n".join([block.text, *block.more])
            block.more = []
    return blocks


# --- Dates and times --------------------------------------------------------------------------

MONTHS = {
    "januar": 1,
    "january": 1,
    "jan": 1,
    "jänner": 1,
    "februar": 2,
    "february": 2,
    "feb": 2,
    "märz": 3,
    "maerz": 3,
    "march": 3,
    "mär": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "december": 12,
    "dez": 12,
    "dec": 12,
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAYS = {
    "mo": 0,
    "montag": 0,
    "monday": 0,
    "mon": 0,
    "di": 1,
    "dienstag": 1,
    "tuesday": 1,
    "tue": 1,
    "mi": 2,
    "mittwoch": 2,
    "wednesday": 2,
    "wed": 2,
    "do": 3,
    "donnerstag": 3,
    "thursday": 3,
    "thu": 3,
    "fr": 4,
    "freitag": 4,
    "friday": 4,
    "fri": 4,
    "sa": 5,
    "samstag": 5,
    "sonnabend": 5,
    "saturday": 5,
    "sat": 5,
    "so": 6,
    "sonntag": 6,
    "sunday": 6,
    "sun": 6,
}
_WEEKDAY_NAMES = "|".join(sorted(WEEKDAYS, key=len, reverse=True))

NUMERIC_DATE_RE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?![\d]|\.\d)")
ISO_DATE_RE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
DAY_MONTH_RE = re.compile(rf"(?<![\d.])(\d{{1,2}})(?:\.|st|nd|rd|th)?\s+({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b", re.I)
MONTH_DAY_RE = re.compile(rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
# Dates without a year ("Mo, 24.01.", "24. Januar", "January 24"): only read next to a known meeting day,
# which gives the year; a bare "24.01." only right after a weekday (a section number "1.2." is no date).
NUMERIC_NO_YEAR_RE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.(?!\s?\d)")
DAY_MONTH_NO_YEAR_RE = re.compile(rf"(?<![\d.])(\d{{1,2}})(?:\.|st|nd|rd|th)?\s+({_MONTH_NAMES})\b\.?(?!,?\s*\d)", re.I)
MONTH_DAY_NO_YEAR_RE = re.compile(rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d|[.:]\d)", re.I)
WEEKDAY_RE = re.compile(rf"\b({_WEEKDAY_NAMES})\b\.?,?\s*(?:the\s+|den\s+)?$", re.I)
TIME_RE = re.compile(
    r"(?<![\d.:])(?P<h1>\d{1,2})(?:[:.](?P<m1>\d{2}))?\s*(?P<s1>Uhr\b|h\b|[ap]\.?m\b\.?)?"
    r"(?:\s*(?:-|–|—|bis|to|until)\s*(?P<h2>\d{1,2})(?:[:.](?P<m2>\d{2}))?\s*(?P<s2>Uhr\b|h\b|[ap]\.?m\b\.?)?)?"
    r"(?![\d])",
    re.I,
)
THEME_RE = re.compile(r"\b(?:Thema|Themen|Topic|Theme|Motto)\s*:\s*(?P<theme>.+)$", re.I)


class _Spans:
    """Which characters of a line an earlier match took (linear, whatever the number of matches)."""

    def __init__(self, length: int) -> None:
        self.mask = bytearray(length)

    def free(self, start: int, end: int) -> bool:
        return not any(self.mask[start:end])

    def take(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)


@dataclass
class DateMatch:
    start: int
    end: int
    raw: str
    day: date | None  # None: looks like a date but is none (31.02.2022)
    weekday_mismatch: bool = False


def _year(value: str) -> int:
    year = int(value)
    return year + 2000 if len(value) == 2 else year


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest(near: date, month: int, day: int, weekday: int | None) -> date | None:
    """The date with this month and day nearest to `near` (a year before, the same year or the next),
    preferring one on `weekday` when the minutes name one; None if the day exists in none of them."""
    candidates = [d for year in (near.year - 1, near.year, near.year + 1) if (d := _make_date(year, month, day))]
    if weekday is not None and any(d.weekday() == weekday for d in candidates):
        candidates = [d for d in candidates if d.weekday() == weekday]
    return min(candidates, key=lambda d: abs((d - near).days), default=None)


def find_dates(line: str, near: date | None = None) -> list[DateMatch]:
    """The dates written in a line, in order; impossible ones with `day` None.

    With `near` (the meeting's day) also dates without a year, in the year that puts them nearest to it."""
    found: list[DateMatch] = []
    taken = _Spans(len(line))

    def weekday_before(match: re.Match[str]) -> int | None:
        weekday = WEEKDAY_RE.search(line[max(0, match.start() - 40) : match.start()])
        return WEEKDAYS[weekday.group(1).lower()] if weekday else None

    def add(match: re.Match[str], day: date | None) -> None:
        if not taken.free(match.start(), match.end()):
            return
        taken.take(match.start(), match.end())
        weekday = weekday_before(match)
        mismatch = day is not None and weekday is not None and weekday != day.weekday()
        found.append(DateMatch(match.start(), match.end(), match.group(0), day, mismatch))

    for match in DAY_MONTH_RE.finditer(line):
        add(match, _make_date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1))))
    for match in MONTH_DAY_RE.finditer(line):
        add(match, _make_date(int(match.group(3)), MONTHS[match.group(1).lower()], int(match.group(2))))
    for match in NUMERIC_DATE_RE.finditer(line):
        add(match, _make_date(_year(match.group(3)), int(match.group(2)), int(match.group(1))))
    for match in ISO_DATE_RE.finditer(line):
        add(match, _make_date(int(match.group(1)), int(match.group(2)), int(match.group(3))))
    if near is not None:
        for match in DAY_MONTH_NO_YEAR_RE.finditer(line):
            month, day = MONTHS[match.group(2).lower()], int(match.group(1))
            add(match, _nearest(near, month, day, weekday_before(match)))
        for match in MONTH_DAY_NO_YEAR_RE.finditer(line):
            month, day = MONTHS[match.group(1).lower()], int(match.group(2))
            add(match, _nearest(near, month, day, weekday_before(match)))
        for match in NUMERIC_NO_YEAR_RE.finditer(line):
            if (weekday := weekday_before(match)) is not None and 1 <= int(match.group(2)) <= 12:
                add(match, _nearest(near, int(match.group(2)), int(match.group(1)), weekday))
    return sorted(found, key=lambda item: item.start)


def _hour(hour: int, suffix: str | None) -> int:
    suffix = (suffix or "").lower().replace(".", "")
    if suffix == "pm" and hour < 12:
        return hour + 12
    if suffix == "am" and hour == 12:
        return 0
    return hour


def find_times(line: str, dates: list[DateMatch]) -> tuple[time | None, time | None, int]:
    """The start (and end) time of day in a line, outside its dates, and the offset after it.

    (None, None, 0) when the line carries no time.
    """
    pieces, position = [], 0
    for found in dates:
        pieces += [line[position : found.start], " " * (found.end - found.start)]
        position = found.end
    blanked = "".join([*pieces, line[position:]])
    for match in TIME_RE.finditer(blanked):
        h1, m1, s1, h2, m2, s2 = (match.group(name) for name in ("h1", "m1", "s1", "h2", "m2", "s2"))
        if not (m1 or s1 or m2 or (h2 and s2)):
            continue  # a bare number ("2 Gruppen", "2-3 Personen") is no time
        if h2 is None and not (m1 or s1):
            continue
        suffix_end = s2 or s1
        start_hour = _hour(int(h1), s1 or (suffix_end if suffix_end and "m" in suffix_end.lower() else None))
        if start_hour > 23 or int(m1 or 0) > 59:
            continue
        start = time(start_hour, int(m1 or 0))
        end = None
        if h2 is not None:
            end_hour = _hour(int(h2), s2)
            if end_hour <= 23 and int(m2 or 0) <= 59:
                end = time(end_hour, int(m2 or 0))
                if end <= start:
                    end = None
        return start, end, match.end()
    return None, None, 0


def berlin_iso(day: date, at: time | None) -> str:
    moment = datetime.combine(day, at or time(0, 0), tzinfo=BERLIN)
    return moment.isoformat()


def theme_of(line: str) -> str:
    match = THEME_RE.search(strip_markup(line))
    if not match:
        return ""
    return match.group("theme").strip().strip("*_ ").rstrip(".;,").strip()


def _looks_like_date_line(line: str) -> bool:
    return bool(find_dates(line))


# --- Links ------------------------------------------------------------------------------------

MD_LINK_RE = re.compile(r"\[([^\[\]\n]{0,500})\]\(([^()\s]{0,1000})\)")
AUTOLINK_RE = re.compile(r"<((?:https?://|mailto:)[^<>\s\"']{1,2000})>", re.I)  # quotes never belong to an address
BARE_URL_RE = re.compile(r"\bhttps?://[^\s<>\"'\]]+", re.I)
WWW_RE = re.compile(r"(?<![\w./@-])www\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>\"'\]]*)?", re.I)
EMAIL_RE = re.compile(r"(?<![\w.+-])(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.I)
TRAILING = ".,;:!?\"'“”„)»"

PINBOARD_HOSTS = (
    "padlet.com",
    "padlet.org",
    "taskcards.de",
    "taskcards.app",
    "conceptboard.com",
    "miro.com",
    "mural.co",
    "trello.com",
    "flinga.fi",
    "oncoo.de",
    "cryptpad.fr",
    "cryptpad.org",
    "whiteboard.fi",
    "collaboard.app",
    "flinga.com",
)


@dataclass
class LinkMatch:
    start: int  # offset in the line
    end: int
    url: str  # normalised: "www.x.de" → "https://www.x.de"; an email address without "mailto:"
    is_email: bool
    text: str = ""  # a Markdown link's text


def find_links(line: str) -> list[LinkMatch]:
    """The web addresses and email addresses in a line; Markdown links to "#" are no links."""
    found: list[LinkMatch] = []
    taken = _Spans(len(line))
    free = taken.free

    for match in MD_LINK_RE.finditer(line):
        taken.take(match.start(), match.end())
        target = match.group(2)
        if target.lower().startswith(("http://", "https://")):
            found.append(LinkMatch(match.start(), match.end(), target, False, match.group(1).strip()))
        elif target.lower().startswith("mailto:"):
            found.append(LinkMatch(match.start(), match.end(), target[7:], True, match.group(1).strip()))
    for match in AUTOLINK_RE.finditer(line):
        if free(match.start(), match.end()):
            taken.take(match.start(), match.end())
            url = match.group(1)
            is_email = url.lower().startswith("mailto:")
            found.append(LinkMatch(match.start(), match.end(), url[7:] if is_email else url, is_email))
    for pattern, is_email in ((BARE_URL_RE, False), (WWW_RE, False), (EMAIL_RE, True)):
        for match in pattern.finditer(line):
            raw = match.group(0).rstrip(TRAILING)
            end = match.start() + len(raw)
            if not raw or not free(match.start(), end):
                continue
            taken.take(match.start(), end)
            url = raw
            if is_email:
                url = raw[7:] if raw.lower().startswith("mailto:") else raw
            elif url.lower().startswith("www."):
                url = "https://" + url
            found.append(LinkMatch(match.start(), end, url, is_email))
    return sorted(found, key=lambda item: item.start)


SIMPLE_HOST_RE = re.compile(r"^https?://([a-z0-9.-]+)(?=[/?#]|$)", re.I)
SIMPLE_PATH_RE = re.compile(r"^https?://[a-z0-9.-]+(/[^?#]*)?(?:[?#]|$)", re.I)


def host_of(url: str) -> str:
    """The host without "www.", lower case; for an email address its domain."""
    if "@" in url and "://" not in url:
        return url.rsplit("@", 1)[1].lower()
    simple = SIMPLE_HOST_RE.match(url)
    if simple:
        return simple.group(1).lower().removeprefix("www.")
    try:
        host = urlsplit(url if "://" in url else "https://" + url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def path_of(url: str) -> str:
    simple = SIMPLE_PATH_RE.match(url)
    if simple:
        return (simple.group(1) or "").rstrip("/").lower()
    try:
        return urlsplit(url).path.rstrip("/").lower()
    except ValueError:
        return ""


def is_pinboard(url: str) -> bool:
    host = host_of(url)
    return any(host == known or host.endswith("." + known) for known in PINBOARD_HOSTS)


# --- Highlighted terms and cues ---------------------------------------------------------------

BOLD_RE = re.compile(r"(\*\*|__)(?=\S)(?P<term>.{1,300}?)(?<=\S)\1")


def bold_terms(text: str) -> list[tuple[int, str]]:
    """(offset, term) for every **bold** or __bold__ term, trailing ":" removed."""
    return [(match.start(), match.group("term").strip().rstrip(":").strip()) for match in BOLD_RE.finditer(text)]


# What a follow-up sounds like: something proposed, planned, to be done, open, or missing funds.
FUNDING_MISSING_RE = re.compile(
    r"\bfehl(?:t|en|ten|te)\b[^.]{0,200}?\b(?:Mittel|Geld|Gelder|Finanzierung|Förder\w*|Budget)\b"
    r"|\b(?:Mittel|Geld|Gelder|Finanzierung|Budget)\b[^.]{0,200}?\bfehl(?:t|en|ten|te)\b"
    r"|\b(?:no|missing|lack of|without)\s+(?:\w+\s+)?(?:funding|funds|money|budget)\b"
    r"|\b(?:funding|funds|money|budget)\b[^.]{0,200}?\b(?:is|are)\s+(?:still\s+)?missing\b",
    re.I,
)
IN_PROGRESS_RE = re.compile(
    r"\bstimm(?:en|t)\s+(?:wir\s+uns|sich|uns)\b[^.]{0,200}?\bab\b|\bbring(?:t|en)\b[^.]{0,200}?\bvoran\b|\bin\s+Arbeit\b"
    r"|\bin\s+progress\b|\b(?:is|are)\s+(?:already\s+)?working\s+on\b|\bunder\s+way\b|\bunderway\b",
    re.I,
)
CUE_RE = re.compile(
    r"\bvorgeschlagen\b|\bschlag(?:en|t)\b[^.]{0,200}?\bvor\b|\bsoll(?:en|te|ten|st)?\b|\bwird\b[^.]{0,200}?\bvertieft\b"
    r"|\bgeplant\b|\bplanen\b|\b(?:ist|bleibt|sind|bleiben)\s+(?:noch\s+)?offen\b|\boffene\s+(?:Frage|Fragen|Punkte?)\b"
    r"|\bnächste[rn]?\s+Schritte?\b|\bAufgabe\b|\bto\s*-?\s*do\b"
    r"|\bproposed\b|\bpropose[sd]?\b|\bshould\b|\bwill\b|\baction\b|\bnext\s+steps?\b|\bopen\s+questions?\b",
    re.I,
)
ENGLISH_RE = re.compile(r"\b(the|and|of|is|are|will|should|with|for)\b", re.I)
GERMAN_RE = re.compile(r"\b(der|die|das|und|ist|sind|mit|für|wird|werden|nicht)\b", re.I)


def has_cue(text: str) -> bool:
    return bool(CUE_RE.search(text) or FUNDING_MISSING_RE.search(text) or IN_PROGRESS_RE.search(text))


def is_english(text: str) -> bool:
    return len(ENGLISH_RE.findall(text)) > len(GERMAN_RE.findall(text))


HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]{0,500}>")
SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[\"„“(➔→]*[A-ZÄÖÜ0-9])")
PROPOSED_RE = re.compile(
    r"^(?:Es\s+(?:wird|werden|wurde|wurden)\s+)(?:(?:ein|eine|einen)\s+)?(?P<what>.+?)\s+vorgeschlagen$", re.I
)
PROPOSED_COMMA_RE = re.compile(
    r"^Es\s+(?:wird|wurde)\s+vorgeschlagen,\s+(?P<what>.+?)(?:\s+zu\s+\w+|\s+\w+zu\w+)?$", re.I
)
PROPOSED_EN_RE = re.compile(r"^(?:It\s+(?:is|was)\s+proposed\s+to\s+|We\s+propose\s+(?:to\s+)?)(?P<what>.+)$", re.I)


def sentences(text: str) -> list[str]:
    text = " ".join(text.split())
    return [part.strip() for part in SENTENCE_SPLIT_RE.split(text) if part.strip()]


def cue_title(text: str, limit: int = 120) -> str:
    """A follow-up's title from the sentence carrying the cue ("Es wird X vorgeschlagen." → "X")."""
    plain = HTML_TAG_RE.sub("", strip_markup(text))
    for pattern in (BARE_URL_RE, WWW_RE, EMAIL_RE):
        plain = pattern.sub("", plain)
    plain = plain.lstrip("➔→-–* ").strip()
    chosen = next((sentence for sentence in sentences(plain) if has_cue(sentence)), plain)
    chosen = chosen[:1000].lstrip("➔→-–* ").rstrip(".!;: ").strip()
    for pattern in (PROPOSED_RE, PROPOSED_COMMA_RE, PROPOSED_EN_RE):
        match = pattern.match(chosen)
        if match:
            what = match.group("what").strip()
            chosen = what[:1].upper() + what[1:]
            break
    return shorten(chosen, limit)


@dataclass
class Heading:
    """What a contribution heading says: "1 Impuls David Loesche (Gesellschaftsdenken e.V.)"."""

    keyword: str
    speakers: list[str] = field(default_factory=list)
    actor: str = ""  # as written in the parentheses (or instead of the people)
    title: str = ""


CONTRIBUTION_RE = re.compile(
    r"^(?:TOP\s*)?(?:\d{1,2}[.):]?\s+)?(?P<keyword>Impulse?|Input|Inputs|Vortrag|Kurzvortrag|Präsentation|"
    r"Presentation|Talk|Keynote|Impulsvortrag)\b\s*(?P<rest>.*)$",
    re.I,
)
QUOTED_RE = re.compile(r"[„“\"»«](?P<title>[^„“\"»«]{2,})[“”\"«»]")
NAME_WORD_RE = re.compile(r"^(?:[A-ZÄÖÜ][\w'’.-]*|von|van|de|der|zu|vom|dos|da|del|la|le)$")


ORGANISATION_RE = re.compile(
    r"(region|verein|initiative|netzwerk|bündnis|stiftung|genossenschaft|forum|kreis|büro|stadt|gemeinde|amt\b|"
    r"hochschule|universit|schule|verband|gruppe|zentrum|institut|akademie|e\.v\.|gmbh|\beg\b|cooperative|"
    r"association|network|alliance|foundation|council|club|society|group|trust)",
    re.I,
)


def looks_like_person(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= 4
        and all(NAME_WORD_RE.match(word) for word in words)
        and words[0][0].isupper()
        and not ORGANISATION_RE.search(text)
    )


def parse_contribution_heading(line: str) -> Heading | None:
    """The people, actor and title of an input's heading, or None when the line is no such heading."""
    if len(line) > 300:
        return None
    match = CONTRIBUTION_RE.match(strip_markup(line).strip())
    if not match:
        return None
    heading = Heading(keyword=match.group("keyword"))
    rest = match.group("rest").strip()
    title = ""
    quoted = QUOTED_RE.search(rest)
    if quoted:
        title = quoted.group("title").strip()
        rest = (rest[: quoted.start()] + rest[quoted.end() :]).strip()
    starts_with_colon = rest.startswith(":")
    rest = re.sub(r"^[:–-]\s*", "", rest)
    rest = re.sub(r"^(?:von|by|from|of)\s+", "", rest, flags=re.I)
    people = rest
    if not title:
        if starts_with_colon:
            # "Impuls: Titel – Name (Verein)" or "Impuls: Titel (Name, Verein)"
            parts = re.split(r"\s+[–—-]\s+|\s+(?:von|by)\s+", rest, maxsplit=1)
            if len(parts) == 2:
                title, people = parts[0].strip(), parts[1].strip()
            else:
                paren = rest.find("(")
                title, people = (rest[:paren].strip(), rest[paren:]) if paren > 0 else (rest.strip(), "")
        elif ":" in rest:
            # "Input by Jane Doe (Example e.V.): Community solar"
            before, after = rest.split(":", 1)
            people, title = before.strip(), after.strip()
        else:
            for separator in (" – ", " — ", " - "):
                if separator in rest:
                    before, after = rest.split(separator, 1)
                    people, title = before.strip(), after.strip()
                    break
    parens = re.search(r"\((?P<inner>[^()]+)\)", people)
    if parens:
        inner = parens.group("inner").strip()
        people = (people[: parens.start()] + people[parens.end() :]).strip()
        if "," in inner and not people:
            who, _sep, org = inner.rpartition(",")
            people, inner = who.strip(), org.strip()
        heading.actor = inner
    people = people.strip(" ,;:")
    speakers = [
        part.strip() for part in re.split(r"\s*/\s*|\s*,\s*|\s+und\s+|\s+and\s+|\s*&\s*", people) if part.strip()
    ]
    if speakers and all(looks_like_person(name) for name in speakers):
        heading.speakers = speakers
    elif people and not heading.actor and ORGANISATION_RE.search(people):
        heading.actor = people  # "Impuls Bürgerregion Lausitz": an actor instead of people
    elif people and not title:
        title = people  # "Vortrag Wärme im Dorf": neither people nor an organisation, so its subject
    heading.title = title.strip().strip('„“"').rstrip(".").strip()
    return heading


NEXT_DATES_RE = re.compile(
    r"nächste[nrs]?\s+(?:Termin|Treffen|Stammtisch|Sitzung)|\bTermine\b|Ausblick|save\s+the\s+date"
    r"|next\s+(?:meeting|date|session)s?|upcoming|future\s+meetings",
    re.I,
)

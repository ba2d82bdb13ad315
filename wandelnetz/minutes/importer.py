"""The minutes importer: read minutes, propose what they contain, save what the coordinator keeps.

`build_proposal` reads the text (see `parsing.py`) and checks names against the database with a
handful of queries (actors, topics, the event's contributions and its series' dates are loaded
once), but saves nothing. `apply_proposal` saves the selected items in one transaction; any error
leaves the database as it was. The original text is always saved whole in `Minutes.text`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wandelnetz.actors.models import Actor
from wandelnetz.events.models import Contribution, Event
from wandelnetz.events.recurrence import BERLIN
from wandelnetz.minutes import parsing
from wandelnetz.minutes.models import MAX_MINUTES_CHARS, Minutes, MinutesLink
from wandelnetz.minutes.parsing import Block
from wandelnetz.minutes.proposal import (
    Proposal,
    ProposedActor,
    ProposedContribution,
    ProposedDate,
    ProposedFollowUp,
    ProposedLink,
    ProposedTopic,
)
from wandelnetz.search.services import index_object
from wandelnetz.topics.models import Topic


class MinutesRejected(ValidationError):
    """Text that is not minutes: empty, too long, or binary. Nothing is parsed or saved."""


class ProposalInvalid(ValidationError):
    """A corrected proposal that cannot be saved as it stands (e.g. "stalled" without a reason)."""


# --- Checking the text ------------------------------------------------------------------------

CONTROL_RE = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")


def check_text(text: str) -> str:
    """The text with "\\n" line ends; raise MinutesRejected when it is empty, too long or binary."""
    if "\x00" in text:
        raise MinutesRejected(
            _("This file is not text (it contains binary data). Please paste or upload the minutes as text."),
            code="binary",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(CONTROL_RE.findall(text[:20_000])) > max(10, len(text[:20_000]) // 100):
        raise MinutesRejected(
            _("This file is not text (it contains binary data). Please paste or upload the minutes as text."),
            code="binary",
        )
    if not text.strip():
        raise MinutesRejected(_("The minutes are empty."), code="empty")
    if len(text) > MAX_MINUTES_CHARS:
        raise MinutesRejected(
            _("The minutes are too long: at most %(limit)s characters, these have %(count)s."),
            code="too_long",
            params={"limit": f"{MAX_MINUTES_CHARS:,}".replace(",", "."), "count": f"{len(text):,}".replace(",", ".")},
        )
    return text


def decode_upload(data: bytes) -> str:
    """Uploaded bytes as text: UTF-8 (with or without BOM), else Windows-1252; binary is refused."""
    if len(data) > MAX_MINUTES_CHARS * 4:
        raise MinutesRejected(
            _("The minutes are too long: at most %(limit)s characters, these have %(count)s."),
            code="too_long",
            params={"limit": f"{MAX_MINUTES_CHARS:,}".replace(",", "."), "count": _("more than that")},
        )
    if b"\x00" in data:
        raise MinutesRejected(
            _("This file is not text (it contains binary data). Please paste or upload the minutes as text."),
            code="binary",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise MinutesRejected(
            _("This file is not text in a known encoding (UTF-8 or Windows-1252)."), code="encoding"
        ) from None


# --- Recognising actors -----------------------------------------------------------------------

LEGAL_SUFFIXES: tuple[tuple[str, ...], ...] = (("e", "v"), ("ev",), ("ggmbh",), ("gmbh",), ("gug",), ("eg",))
LEGAL_SUFFIX_TEXT_RE = re.compile(r"\s+(?:e\.\s?V\.|gGmbH|GmbH|gUG|eG)(?!\w)")
GAP_RE = re.compile(r"[ \t\-–—&/.,]*\n?[ \t]*")  # between the words of a name (fullmatch)
OWNER_RE = re.compile(
    r"\W{0,3}(?:\w+\s+){0,1}?(?:bringt|übernimmt|kümmert|organisiert|koordiniert|betreut|"
    r"takes\s+care|will\s+organi[sz]e|will\s+coordinate|leads|coordinates|organi[sz]es)\b",
    re.I,
)


@dataclass
class KnownActor:
    id: int
    name: str
    short_name: str
    website: str
    email: str
    host: str
    path: str


@dataclass
class Mention:
    start: int
    end: int
    actor: KnownActor
    matched_by: str  # "name" or "abbreviation"


@dataclass
class _Token:
    start: int
    end: int
    raw: str
    folded: str


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group(0), parsing.fold(m.group(0))) for m in parsing.WORD_RE.finditer(text)]


class ActorIndex:
    """Published actors by name (without legal form where safe), abbreviation and website.

    Names are kept as tuples of folded words, with every beginning of a name in a set, so reading
    a text walks it word by word and stops as soon as no name continues: the time does not grow
    with the number of actors.
    """

    def __init__(self, actors: list[KnownActor], base: ActorIndex | None = None) -> None:
        # `base`: a (cached) index of the published actors this one adds a few actors to.
        self.base = base
        self.names: dict[tuple[str, ...], list[tuple[KnownActor, str, str]]] = {}  # → (actor, matched_by, exact)
        self.beginnings: set[tuple[str, ...]] = set()
        self.by_host: dict[str, list[KnownActor]] = {}
        self.by_email: dict[str, KnownActor] = {}
        for actor in actors:
            words = tuple(parsing.fold(word) for word in parsing.WORD_RE.findall(actor.name))
            if words:
                self._add(words, actor, "name")
                for suffix in LEGAL_SUFFIXES:
                    if len(words) > len(suffix) and words[-len(suffix) :] == suffix:
                        bare = words[: -len(suffix)]
                        if len(bare) >= 2 or len(bare[0]) >= 6:
                            self._add(bare, actor, "name")
                # "StrukturWandeln – Zivilgesellschaftliches Bündnis im …": the subtitle names it too.
                if " – " in actor.name or " — " in actor.name or " - " in actor.name:
                    for part in re.split(r"\s+[–—]\s+|\s+-\s+", actor.name)[1:]:
                        sub = tuple(parsing.fold(word) for word in parsing.WORD_RE.findall(part))
                        if len(sub) >= 3:
                            self._add(sub, actor, "name")
            if actor.short_name:
                short = tuple(parsing.fold(word) for word in parsing.WORD_RE.findall(actor.short_name))
                if short:
                    exact = actor.short_name.strip() if len(short) == 1 else ""
                    self._add(short, actor, "abbreviation", exact)
            if actor.host:
                self.by_host.setdefault(actor.host, []).append(actor)
            if actor.email:
                self.by_email[actor.email.lower()] = actor

    def _add(self, words: tuple[str, ...], actor: KnownActor, matched_by: str, exact: str = "") -> None:
        if len(words) == 1 and not exact and len(words[0]) < 6:
            return  # a short single word ("Forum") names no actor safely
        self.names.setdefault(words, []).append((actor, matched_by, exact))
        for length in range(1, len(words) + 1):
            self.beginnings.add(words[:length])

    def _named(self, words: tuple[str, ...]) -> list[tuple[KnownActor, str, str]]:
        own = self.names.get(words, [])
        return [*own, *self.base._named(words)] if self.base is not None else own

    def _begins(self, words: tuple[str, ...]) -> bool:
        return words in self.beginnings or (self.base is not None and self.base._begins(words))

    def mentions(self, text: str) -> list[Mention]:
        """Every mention of a known actor in `text` (the longest name at a place, no overlaps)."""
        tokens = _tokens(text)
        found: list[Mention] = []
        index = 0
        while index < len(tokens):
            best: tuple[int, KnownActor, str] | None = None  # (last token, actor, matched_by)
            words: tuple[str, ...] = ()
            last = index
            while last < len(tokens):
                if last > index and not GAP_RE.fullmatch(text, tokens[last - 1].end, tokens[last].start):
                    break
                word = tokens[last].folded
                for suffix in ("s", "es", "ses"):  # a genitive: "des Strukturwandel-Bündnisses"
                    stem = word[: -len(suffix)]
                    if word.endswith(suffix) and len(stem) >= 4:
                        for actor, matched_by, exact in self._named((*words, stem)):
                            if not exact and self._fits(tokens, index, last):
                                best = (last, actor, matched_by)
                words = (*words, word)
                if not self._begins(words):
                    break
                for actor, matched_by, exact in self._named(words):
                    if self._fits(tokens, index, last, exact):
                        best = (last, actor, matched_by)
                        break
                last += 1
            if best is None:
                index += 1
                continue
            end = tokens[best[0]].end
            if len(tokens[best[0]].raw) == 1 and text[end : end + 1] == ".":
                end += 1  # "e.V."
            suffix_match = LEGAL_SUFFIX_TEXT_RE.match(text, end)
            if suffix_match:
                end = suffix_match.end()
            found.append(Mention(tokens[index].start, end, best[1], best[2]))
            while index < len(tokens) and tokens[index].start < end:
                index += 1
        return found

    @staticmethod
    def _fits(tokens: list[_Token], first: int, last: int, exact: str = "") -> bool:
        if exact:  # a one-word abbreviation counts only as written ("AkSLL", "AKSLL")
            return first == last and tokens[first].raw in {exact, exact.upper()}
        return first != last or tokens[first].raw[:1].isupper()  # one lower-case word is no name

    def match_name(self, name: str) -> Mention | None:
        """The actor a whole name stands for ("AkSLL", "Gesellschaftsdenken e.V."), or None."""
        mentions = self.mentions(name)
        if len(mentions) == 1:
            rest = name[: mentions[0].start] + name[mentions[0].end :]
            if not parsing.WORD_RE.search(rest):
                return mentions[0]
        return None

    def match_url(self, url: str, is_email: bool) -> KnownActor | None:
        if is_email:
            known = self.by_email.get(url.lower())
            if known:
                return known
        host = parsing.host_of(url)
        path = "" if is_email else parsing.path_of(url)
        for actor in self.by_host.get(host, ()):
            if not actor.path or (not is_email and (path == actor.path or path.startswith(actor.path + "/"))):
                return actor
        return self.base.match_url(url, is_email) if self.base is not None else None


ACTOR_FIELDS = ("pk", "name", "short_name", "website", "email")
_actor_cache: dict[str, Any] = {"version": None, "index": None}


def published_actor_index() -> ActorIndex:
    """The index of the published actors, rebuilt only when one of them changed (one small query)."""
    published = Actor.objects.filter(status=Actor.Status.PUBLISHED)
    version = published.aggregate(count=Count("pk"), changed=Max("modified"), last=Max("pk"))
    key = (connection.alias, connection.settings_dict.get("NAME"), *version.values())
    if _actor_cache["version"] != key or _actor_cache["index"] is None:
        index = ActorIndex([_known_actor(*row) for row in published.values_list(*ACTOR_FIELDS)])
        _actor_cache.update(version=key, index=index)
    return _actor_cache["index"]


def clear_caches() -> None:
    _actor_cache.update(version=None, index=None)


def _known_actor(pk: int, name: str, short_name: str, website: str, email: str) -> KnownActor:
    return KnownActor(
        pk,
        name,
        short_name,
        website,
        email or "",
        parsing.host_of(website) if website else "",
        parsing.path_of(website) if website else "",
    )


# --- Building the proposal --------------------------------------------------------------------

GENERIC_LINK_WORDS = {
    "website",
    "webseite",
    "homepage",
    "infos",
    "info",
    "informationen",
    "link",
    "links",
    "padlet",
    "mail",
    "e-mail",
    "email",
    "kontakt",
    "anmeldung",
    "web",
    "hier",
    "here",
    "contact",
    "registration",
    "more",
    "mehr",
}
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
CONNECTOR_WORDS = {
    "und",
    "für",
    "im",
    "in",
    "der",
    "die",
    "das",
    "des",
    "von",
    "am",
    "an",
    "e.V.",
    "&",
    "–",
    "-",
    "of",
    "the",
    "for",
    "and",
}
DATE_CONTEXT_WORDS_RE = re.compile(r"\b(Termin|Termine|Treffen|Stammtisch|meeting|date|Uhr)\b", re.I)


@dataclass
class _Actor:
    proposed: ProposedActor
    known: KnownActor | None


class _Builder:
    def __init__(self, text: str, event: Event | None) -> None:
        self.text = text
        self.event = event
        self.lines = text.split("\n")
        self.line_starts = [0]
        for line in self.lines[:-1]:
            self.line_starts.append(self.line_starts[-1] + len(line) + 1)
        self.blocks = parsing.split_blocks(text)
        self.consumed: set[int] = set()
        self.link_blocks: set[int] = set()
        self.proposal = Proposal()
        self.english = parsing.is_english(text[:5000])
        self._date_refs: dict[int, ProposedDate] = {}
        self._term_checked: dict[str, bool] = {}
        self.meeting_day: date | None = None
        self.event_day: date | None = None  # the day of a one-off event; set in _title
        self.theme_line = 0
        self._load()

    # -- database, a few queries --
    def _load(self) -> None:
        previous: dict[str, Any] = {}
        if self.event is not None and self.event.pk:
            previous = Minutes.objects.filter(event=self.event).values_list("import_summary", flat=True).first() or {}
        imported_actor_ids = [pk for pk in previous.get("actors_created", []) if isinstance(pk, int)]
        self.imported_event_ids = [pk for pk in previous.get("events_created", []) if isinstance(pk, int)]
        self.imported_actor_ids = imported_actor_ids
        # Actors an earlier import for this event created (maybe still awaiting moderation) count too.
        extra = []
        if imported_actor_ids:
            extra = [
                _known_actor(*row)
                for row in Actor.objects.filter(pk__in=imported_actor_ids, status=Actor.Status.PENDING).values_list(
                    *ACTOR_FIELDS
                )
            ]
        self.actor_index = ActorIndex(extra, base=published_actor_index())
        self.topics = [(pk, name, parsing.name_key(name)) for pk, name in Topic.objects.values_list("pk", "name")]
        self.topics_by_key: dict[str, tuple[int, str]] = {}
        for pk, name, key in self.topics:
            self.topics_by_key.setdefault(key, (pk, name))
        self.contributions: list[tuple[int | None, str]] = []
        if self.event is not None and self.event.pk:
            self.contributions = list(self.event.contributions.values_list("actor_id", "speaker_name"))
        # Follow-ups an earlier import of minutes for this event made (only read when there was one).
        self.earlier_follow_ups: list[tuple[int, str, str]] = []
        if previous and self.event is not None:
            from wandelnetz.followups.models import FollowUp

            self.earlier_follow_ups = list(
                FollowUp.objects.filter(source_event=self.event, origin=FollowUp.Origin.MINUTES).values_list(
                    "pk", "title", "text"
                )
            )

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    # -- steps --
    def build(self) -> Proposal:
        self._title()
        self._actors()
        self._links()
        self._contributions()
        self._websites_of_new_actors()
        self._dates()
        self._topics()
        self._follow_ups()
        self._finish()
        return self.proposal

    def _title(self) -> None:
        first = self.blocks[0] if self.blocks else None
        title = ""
        if first is not None and first.kind != "item":  # minutes starting with a list have no title line
            title = parsing.strip_markup(first.raw[0].strip().lstrip("#").strip())
            self.proposal.title = parsing.shorten(title, 300)
        title_dates = [found for found in parsing.find_dates(title) if found.day]
        # The day of a one-off event (a recurring one meets on many days, any of them may be meant).
        if self.event is not None and self.event.starts_at and not self.event.is_recurring:
            self.event_day = timezone.localtime(self.event.starts_at, BERLIN).date()
        if title_dates and title_dates[0].day:
            self.meeting_day = title_dates[0].day
            if self.event_day is not None and self.meeting_day != self.event_day:
                self.proposal.warnings.append(
                    _(
                        "The minutes are dated %(minutes_date)s, but this event is on %(event_date)s: "
                        "are they really its minutes?"
                    )
                    % {
                        "minutes_date": date_format(self.meeting_day, "SHORT_DATE_FORMAT"),
                        "event_date": date_format(self.event_day, "SHORT_DATE_FORMAT"),
                    }
                )
        elif self.event is not None and self.event.starts_at:
            self.meeting_day = timezone.localtime(self.event.starts_at, BERLIN).date()
        else:
            self.meeting_day = None
        self.proposal.meeting_date = self.meeting_day.isoformat() if self.meeting_day else ""
        if first is None:
            return
        if title and len(first.raw) == 1:
            self.consumed.add(0)
        theme = parsing.theme_of(title)
        if theme:
            self.proposal.theme = theme
            self.theme_line = first.start
            return
        for index, block in enumerate(self.blocks[1:4], start=1):
            if block.kind == "item":
                break
            theme = parsing.theme_of(block.text) if len(block.raw) == 1 else ""
            if theme and not parsing.find_dates(block.text, self.meeting_day):
                self.proposal.theme = theme
                self.theme_line = block.start
                self.consumed.add(index)
                break

    def _actors(self) -> None:
        """Known actors anywhere; unknown names in an input's parentheses or before a website are new."""
        self.actors_by_id: dict[int, _Actor] = {}
        self.actors_new: dict[str, _Actor] = {}
        for mention in self.actor_index.mentions(self.text):
            line = self.line_of(mention.start)
            self._known(mention.actor, self.text[mention.start : mention.end], mention.matched_by, line)
        for index, block in enumerate(self.blocks):
            plain = parsing.strip_markup(block.text).strip(" :.!")
            match = self.actor_index.match_name(plain) if plain and parsing._words(plain) <= 12 else None
            if match is not None and block.kind in {"paragraph", "heading"}:
                self.consumed.add(index)

    def _known(self, actor: KnownActor, written: str, matched_by: str, line: int) -> _Actor:
        entry = self.actors_by_id.get(actor.id)
        if entry is None:
            entry = _Actor(
                ProposedActor(
                    key="",
                    name=written.strip(),
                    actor_id=actor.id,
                    matched_by=matched_by,
                    website=actor.website,
                    line=line,
                ),
                actor,
            )
            self.actors_by_id[actor.id] = entry
        elif line < entry.proposed.line:
            entry.proposed.line = line
        return entry

    def _new_actor(self, name: str, line: int, website: str = "") -> _Actor:
        name = " ".join(name.split())[:200]
        key = parsing.name_key(name)
        entry = self.actors_new.get(key)
        if entry is None:
            entry = _Actor(ProposedActor(key="", name=name, website=website, line=line), None)
            self.actors_new[key] = entry
        elif website and not entry.proposed.website:
            entry.proposed.website = website
        return entry

    def _links(self) -> None:
        self.link_entries: list[tuple[ProposedLink, _Actor | None]] = []
        self.label_bold: set[tuple[int, str]] = set()  # (block index, bold term) used as a label
        seen: set[str] = set()
        for index, block in enumerate(self.blocks):
            block_links = 0
            for offset, raw in enumerate(block.raw):
                for link in parsing.find_links(raw):
                    block_links += 1
                    normal = link.url.lower().rstrip("/")
                    if normal in seen:
                        continue
                    seen.add(normal)
                    line = block.start + offset
                    known = self.actor_index.match_url(link.url, link.is_email)
                    entry = self._known(known, known.name, "website", line) if known else None
                    if link.is_email:
                        kind = MinutesLink.Kind.EMAIL.value
                    elif parsing.is_pinboard(link.url):
                        kind = MinutesLink.Kind.PINBOARD.value
                    elif known:
                        kind = MinutesLink.Kind.WEBSITE.value
                    else:
                        kind = MinutesLink.Kind.OTHER.value
                    before = raw[: link.start]
                    label = link.text if link.text and not link.text.lower().startswith(("http", "www.")) else ""
                    if not label:
                        label = self._label(index, block, offset, before, entry)
                    if kind == MinutesLink.Kind.OTHER and not link.is_email:
                        name = self._name_before(before)
                        if name:
                            entry = self._new_actor(name, line, website=link.url)
                            kind = MinutesLink.Kind.WEBSITE.value
                    self.link_entries.append(
                        (ProposedLink(key="", url=link.url[:500], kind=kind, label=label[:200], line=line), entry)
                    )
            if block_links:
                pieces, position = [], 0
                for link in parsing.find_links(block.text):
                    pieces.append(block.text[position : link.start])
                    position = link.end
                remaining = " ".join([*pieces, block.text[position:]])
                if parsing._words(parsing.strip_markup(remaining)) <= 10:
                    self.consumed.add(index)
                    self.link_blocks.add(index)  # a short line with a link may still be a follow-up

    def _label(self, index: int, block: Block, offset: int, before: str, entry: _Actor | None) -> str:
        context = before
        if not parsing.strip_markup(context).strip(" -*:•➔→<(") and offset:
            context = "\n".join(block.raw[max(0, offset - 3) : offset])
        bolds = parsing.bold_terms(context)
        if not parsing.strip_markup(context).strip(" -*:•➔→<(") and index > 0:
            previous = self.blocks[index - 1]
            if previous.text.rstrip().endswith(":"):
                bolds = parsing.bold_terms(previous.text)
                context = previous.text
                if bolds:
                    self.label_bold.add((index - 1, bolds[-1][1]))
            else:
                context = ""
        elif bolds:
            self.label_bold.add((index, bolds[-1][1]))
        if bolds:
            return bolds[-1][1]
        last = parsing.sentences(parsing.strip_markup(context).strip() or " ")[-1:] or [""]
        text = re.sub(r"^[-*+•➔→]\s+", "", last[0]).strip()
        text = re.sub(r"\s+", " ", text).rstrip(" :–-(<").strip()
        text = re.sub(r"\s*(?:finden Sie hier|hier|here)$", "", text, flags=re.I).rstrip(" :–-").strip()
        # "Kontakt: mitmachen@example.org, www.example.org": the address is no name for the website.
        text = re.sub(r"\s+", " ", EMAIL_RE.sub("", text)).strip(" ,;:–-(<")
        if all(parsing.fold(word) in GENERIC_LINK_WORDS for word in text.split()):
            text = ""  # "Kontakt", "Website": the actor's name says more
        if parsing._words(text) > 10:
            text = entry.known.name if entry and entry.known else parsing.shorten(text, 80)
        if not text and entry is not None:
            text = entry.known.name if entry.known else entry.proposed.name
        return text

    def _name_before(self, before: str) -> str:
        """An organisation's name written right before its website ("Verein Muster e.V.: www.…")."""
        text = parsing.strip_markup(before)
        text = re.sub(r"^\s*(?:[-*+•➔→]|\d{1,2}[.)])\s+", "", text).strip().rstrip(" :–-(<,").strip()
        words = text.split()
        if not 1 <= len(words) <= 6 or not words[0][:1].isupper():
            return ""
        if any(parsing.fold(word.strip(".,:")) in GENERIC_LINK_WORDS for word in words):
            return ""
        if not all(word[:1].isupper() or word in CONNECTOR_WORDS or word.lower() in CONNECTOR_WORDS for word in words):
            return ""
        if parsing.find_dates(text, self.meeting_day) or parsing.has_cue(text):
            return ""
        if self.actor_index.match_name(text):
            return ""
        return text

    def _contributions(self) -> None:
        self.contribution_entries: list[tuple[ProposedContribution, _Actor | None]] = []
        for index, block in enumerate(self.blocks):
            if block.kind == "item" and block.depth:
                continue
            if block.kind != "heading" and (len(block.raw) > 1 or parsing._words(block.text) > 20):
                continue
            heading = parsing.parse_contribution_heading(block.text)
            if heading is None:
                continue
            entry: _Actor | None = None
            if not heading.actor and len(heading.speakers) == 1:
                as_actor = self.actor_index.match_name(heading.speakers[0])
                if as_actor is not None:  # "Impuls Bürgerregion Lausitz": an actor, not a person
                    heading.actor, heading.speakers = heading.speakers[0], []
            if (
                not heading.actor
                and not heading.speakers
                and heading.title
                and self.actor_index.match_name(heading.title) is not None
            ):
                heading.actor, heading.title = heading.title, ""  # "Vortrag Volkshochschule Leipzig"
            if not (heading.speakers or heading.actor or (heading.title and block.kind == "heading")):
                continue  # "Input: bitte bis Freitag" in a list is no contribution
            if heading.actor:
                mention = self.actor_index.match_name(heading.actor)
                if mention is not None:
                    entry = self._known(mention.actor, heading.actor, mention.matched_by, block.start)
                else:
                    entry = self._new_actor(heading.actor, block.start)
            title = heading.title
            if not title:
                who = heading.actor or ", ".join(heading.speakers)
                title = f"{heading.keyword}: {who}" if who else heading.keyword
            exists = self._contribution_exists(entry, heading.speakers)
            self.contribution_entries.append(
                (
                    ProposedContribution(
                        key="",
                        speakers=heading.speakers,
                        title=title[:300],
                        exists=exists,
                        line=block.start,
                    ),
                    entry,
                )
            )
            self.consumed.add(index)

    def _websites_of_new_actors(self) -> None:
        """A link whose domain spells a new actor's name ("Dorfladen Musterhausen e.V." ↔ dorfladen-musterhausen.de)."""
        if not self.actors_new:
            return
        compact = {}
        for entry in self.actors_new.values():
            words = [parsing.fold(word) for word in parsing.WORD_RE.findall(entry.proposed.name)]
            while words and words[-1] in {"e", "v", "ev", "ggmbh", "gmbh", "gug", "eg"}:
                words.pop()
            if words:
                compact["".join(words)] = entry
        for index, (link, owner) in enumerate(self.link_entries):
            if owner is not None or link.kind != MinutesLink.Kind.OTHER:
                continue
            label = parsing.fold(parsing.host_of(link.url).split(".")[0].replace("-", ""))
            match = compact.get(label)
            if match is not None:
                link.kind = MinutesLink.Kind.WEBSITE.value
                if not match.proposed.website:
                    match.proposed.website = link.url
                self.link_entries[index] = (link, match)

    def _contribution_exists(self, entry: _Actor | None, speakers: list[str]) -> bool:
        actor_id = entry.proposed.actor_id if entry else None
        for existing_actor, speaker_name in self.contributions:
            if actor_id and existing_actor == actor_id:
                return True
            if any(name.casefold() in speaker_name.casefold() for name in speakers):
                return True
        return False

    def _in_date_context(self, index: int) -> bool:
        block = self.blocks[index]
        texts = [block.text]
        if block.section is not None:
            texts.append(self.blocks[block.section].text)
        parent = block.parent
        while parent is not None:
            texts.append(self.blocks[parent].text)
            parent = self.blocks[parent].parent
        if index > 0 and self.blocks[index - 1].text.rstrip().endswith(":"):
            texts.append(self.blocks[index - 1].text)
        return any(parsing.NEXT_DATES_RE.search(text) for text in texts)

    def _dates(self) -> None:
        self.date_entries: list[ProposedDate] = []
        self.mentioned_days: set[date] = set()
        proposed_days: set[date] = set()
        for index, block in enumerate(self.blocks):
            if index == 0 and self.proposal.title:
                continue  # the title's date is the meeting's
            date_lines = 0
            context = None
            for offset, raw in enumerate(block.raw):
                line = block.start + offset
                found = parsing.find_dates(raw, self.meeting_day)
                for item in found:
                    if item.day is None:
                        self.proposal.warnings.append(
                            _("Line %(line)s: “%(date)s” is not a date that exists; it stays text.")
                            % {"line": line, "date": item.raw.strip()}
                        )
                    elif self.meeting_day is None or item.day > self.meeting_day:
                        self.mentioned_days.add(item.day)
                valid = [item for item in found if item.day]
                if not valid or any(item.day is None for item in found):
                    continue
                first = valid[0]
                assert first.day is not None
                if self.meeting_day is not None and first.day <= self.meeting_day:
                    continue
                if first.day == self.event_day:
                    continue  # this very event (minutes dated otherwise): no second event on its day
                starts, ends, time_end = parsing.find_times(raw, found)
                if context is None:
                    context = self._in_date_context(index)
                if not (context or starts):
                    continue
                if first.day in proposed_days:
                    date_lines += 1
                    continue
                if first.weekday_mismatch:
                    self.proposal.warnings.append(
                        _("Line %(line)s: the weekday does not match the date %(date)s; please check it.")
                        % {"line": line, "date": first.raw.strip()}
                    )
                proposed_days.add(first.day)
                title = parsing.theme_of(raw) or self._theme_after(raw, max(first.end, time_end))
                self.date_entries.append(
                    ProposedDate(
                        key="",
                        starts_at=parsing.berlin_iso(first.day, starts),
                        ends_at=parsing.berlin_iso(first.day, ends) if ends else "",
                        title=title[:200],
                        line=line,
                        time_to_be_announced=starts is None,
                    )
                )
                date_lines += 1
            if date_lines and date_lines == len(block.raw):
                self.consumed.add(index)
        self._link_existing_events()

    @staticmethod
    def _theme_after(raw: str, offset: int) -> str:
        rest = parsing.strip_markup(raw[offset:])
        rest = re.sub(r"^\s*(?:Uhr\b)?[\s,;:–—|-]*", "", rest).strip().rstrip(".;,*_ ").strip()
        if not rest or parsing._words(rest) > 8 or parsing.NEXT_DATES_RE.search(rest):
            return ""
        if DATE_CONTEXT_WORDS_RE.search(rest) or not rest[:1].isupper():
            return ""
        return rest

    def _link_existing_events(self) -> None:
        """Days on which the event's series (or an earlier import for it) already has an event."""
        self.events_by_day: dict[date, int] = {}
        days = self.mentioned_days
        if not days or self.event is None:
            return
        condition = Q(pk__in=self.imported_event_ids)
        if self.event.series_id:
            condition |= Q(series_id=self.event.series_id)
        low = datetime.combine(min(days), datetime.min.time(), tzinfo=BERLIN)
        high = datetime.combine(max(days) + timedelta(days=1), datetime.min.time(), tzinfo=BERLIN)
        rows = (
            Event.objects.filter(condition, starts_at__gte=low, starts_at__lt=high)
            .exclude(pk=self.event.pk)
            .order_by("starts_at", "pk")
            .values_list("pk", "starts_at")
        )
        for pk, starts_at in rows:
            self.events_by_day.setdefault(timezone.localtime(starts_at, BERLIN).date(), pk)
        for proposed in self.date_entries:
            proposed.event_id = self.events_by_day.get(date.fromisoformat(proposed.starts_at[:10]))

    def _topic_for(self, term: str) -> tuple[int | None, str]:
        key = parsing.name_key(term)
        if key in self.topics_by_key:
            return self.topics_by_key[key][0], key
        # A known topic inside the term ("Schaffung einer Infoplattform" → "Infoplattform"), longest first.
        words = key.split()
        for length in range(len(words) - 1, 0, -1):
            for start in range(len(words) - length + 1):
                part = " ".join(words[start : start + length])
                if len(part) >= 8 and part in self.topics_by_key:
                    return self.topics_by_key[part][0], key
        return None, key

    def _topics(self) -> None:
        self.topic_entries: list[ProposedTopic] = []
        self.topic_by_term: dict[str, ProposedTopic] = {}  # name key of the term → its topic
        self.block_topics: dict[int, list[ProposedTopic]] = {}
        if self.proposal.theme:
            self._add_topic(self.proposal.theme, self.theme_line)
        for index, block in enumerate(self.blocks):
            if block.kind == "heading":
                continue
            newlines = [found.start() for found in re.finditer("\n", block.text)]
            for offset, term in parsing.bold_terms(block.text):
                if not self._topic_term(index, term):
                    continue
                line = block.start + bisect.bisect_right(newlines, offset)
                entry = self._add_topic(term, line)
                if entry is not None:
                    self.block_topics.setdefault(index, []).append(entry)
        for proposed in self.date_entries:
            if proposed.title:
                self._add_topic(proposed.title, proposed.line)

    def _topic_term(self, index: int, term: str) -> bool:
        if not term or parsing._words(term) > 6 or term.endswith((".", "!", "?")):
            return False
        if (index, term) in self.label_bold:
            return False
        known = self._term_checked.get(term)
        if known is None:
            known = self._term_checked[term] = self._could_be_topic(term)
        return known

    def _could_be_topic(self, term: str) -> bool:
        if parsing.find_dates(term, self.meeting_day) or parsing.find_links(term):
            return False
        if self.actor_index.match_name(term) is not None:
            return False
        words = [word for word in term.split() if word not in CONNECTOR_WORDS]
        if parsing.ORGANISATION_RE.search(term) and all(word[:1].isupper() for word in words):
            return False  # "Bürgerregion Lausitz": an organisation's name, not a topic (nor an invented actor)
        return bool(parsing.WORD_RE.search(term))

    def _add_topic(self, term: str, line: int) -> ProposedTopic | None:
        term = parsing.strip_markup(term).strip().rstrip(":").strip()
        topic_id, key = self._topic_for(term)
        if not key:
            return None
        existing = self.topic_by_term.get(key)
        if existing is None and topic_id is not None:
            existing = next((entry for entry in self.topic_entries if entry.topic_id == topic_id), None)
        if existing is not None:
            self.topic_by_term.setdefault(key, existing)
            return existing
        entry = ProposedTopic(key="", name=term[:120], topic_id=topic_id, line=line)
        self.topic_entries.append(entry)
        self.topic_by_term[key] = entry
        return entry

    def _follow_ups(self) -> None:
        self.follow_up_entries: list[tuple[ProposedFollowUp, int | None, list[ProposedTopic], _Actor | None]] = []
        by_block: dict[int, ProposedFollowUp] = {}
        for index, block in enumerate(self.blocks):
            if (index in self.consumed and index not in self.link_blocks) or block.kind == "heading":
                continue
            if not parsing.has_cue(block.text):
                continue
            content = block.text
            funding = parsing.FUNDING_MISSING_RE.search(content)
            if funding:
                status, reason = "stalled", ("funding missing" if self.english else "Mittel fehlen")
            elif parsing.IN_PROGRESS_RE.search(content):
                status, reason = "in_progress", ""
            else:
                status, reason = "proposed", ""
            topics = self.block_topics.get(index, [])
            bold_title = next(
                (
                    term
                    for _offset, term in parsing.bold_terms(content)
                    if any(parsing.name_key(term) == parsing.name_key(topic.name) for topic in topics)
                ),
                "",
            )
            title = parsing.shorten(bold_title, 120) if bold_title else parsing.cue_title(content)
            if not topics and block.parent is not None:
                topics = self.block_topics.get(block.parent, [])
            date_key_day: date | None = None
            event_id = None
            for offset_line in content.split("\n"):
                for found in parsing.find_dates(offset_line, self.meeting_day):
                    if found.day and (self.meeting_day is None or found.day > self.meeting_day):
                        date_key_day = found.day
                        break
                if date_key_day:
                    break
            proposed = ProposedFollowUp(
                key="", title=title, text=content, status=status, status_reason=reason, line=block.start
            )
            if date_key_day is not None:
                match = next(
                    (item for item in self.date_entries if item.starts_at[:10] == date_key_day.isoformat()), None
                )
                if match is not None:
                    proposed.date_key = match.key or f"@{id(match)}"
                    self._date_refs[id(proposed)] = match
                else:
                    event_id = self.events_by_day.get(date_key_day)
                    proposed.event_id = event_id
            owner = None
            for mention in self.actor_index.mentions(content):
                if OWNER_RE.match(content, mention.end):
                    owner = self.actors_by_id.get(mention.actor.id)
                    break
            parent_key = block.parent if block.parent is not None and block.parent in by_block else None
            self.follow_up_entries.append((proposed, parent_key, topics, owner))
            by_block[index] = proposed
            self.consumed.add(index)
        self._by_block = by_block

    def _finish(self) -> None:
        """Keys in reading order, references by key, and the rest."""
        proposal = self.proposal
        actors = sorted([*self.actors_by_id.values(), *self.actors_new.values()], key=lambda entry: entry.proposed.line)
        for number, entry in enumerate(actors, start=1):
            entry.proposed.key = f"actor-{number}"
        proposal.actors = [entry.proposed for entry in actors]
        for number, (contribution, author) in enumerate(self.contribution_entries, start=1):
            contribution.key = f"contribution-{number}"
            contribution.actor_key = author.proposed.key if author else ""
            proposal.contributions.append(contribution)
        self.topic_entries.sort(key=lambda entry: entry.line)
        for number, topic in enumerate(self.topic_entries, start=1):
            topic.key = f"topic-{number}"
        proposal.topics = self.topic_entries
        for number, proposed_date in enumerate(self.date_entries, start=1):
            proposed_date.key = f"date-{number}"
        proposal.dates = self.date_entries
        for number, (follow_up, _parent, _topics, _owner) in enumerate(self.follow_up_entries, start=1):
            follow_up.key = f"follow-up-{number}"
            follow_up.follow_up_id = _earlier_follow_up(self.earlier_follow_ups, follow_up.title, follow_up.text)
        for follow_up, parent, topics, owner in self.follow_up_entries:
            follow_up.topic_keys = list(dict.fromkeys(topic.key for topic in topics))
            follow_up.owner_actor_key = owner.proposed.key if owner else ""
            if parent is not None:
                follow_up.related_key = self._by_block[parent].key
            if follow_up.date_key:
                follow_up.date_key = self._date_refs[id(follow_up)].key
            proposal.follow_ups.append(follow_up)
        for number, (link, owner) in enumerate(self.link_entries, start=1):
            link.key = f"link-{number}"
            link.actor_key = owner.proposed.key if owner else ""
            proposal.links.append(link)
        proposal.rest = [block.verbatim for index, block in enumerate(self.blocks) if index not in self.consumed]


def _earlier_follow_up(earlier: list[tuple[int, str, str]], title: str, text: str) -> int | None:
    """The id of the follow-up among `earlier` (id, title, text) made from the same sentence of the
    minutes, or, failing that, with the same title (case aside); None if there is none."""
    sentence = text.strip()
    by_text = next((pk for pk, _title, earlier_text in earlier if sentence and earlier_text.strip() == sentence), None)
    if by_text is not None:
        return by_text
    folded = title.strip().casefold()
    return next((pk for pk, earlier_title, _text in earlier if folded and earlier_title.casefold() == folded), None)


def build_proposal(text: str, *, event: Event | None = None) -> Proposal:
    """Read minutes and propose what they contain; saves nothing (raises MinutesRejected for non-text)."""
    return _Builder(check_text(text), event).build()


def proposal_from_json(data: dict[str, Any]) -> Proposal:
    """A proposal back from `Proposal.to_json()` (e.g. kept between preview and confirmation)."""
    item_types = {
        "actors": ProposedActor,
        "contributions": ProposedContribution,
        "topics": ProposedTopic,
        "follow_ups": ProposedFollowUp,
        "dates": ProposedDate,
        "links": ProposedLink,
    }
    values: dict[str, Any] = {}
    for field in fields(Proposal):
        if field.name not in data:
            continue
        item_type = item_types.get(field.name)
        if item_type is None:
            values[field.name] = data[field.name]
        else:
            names = {f.name for f in fields(item_type)}
            values[field.name] = [item_type(**{k: v for k, v in row.items() if k in names}) for row in data[field.name]]
    return Proposal(**values)


# --- Applying the proposal --------------------------------------------------------------------


def _check_proposal(proposal: Proposal) -> None:
    from wandelnetz.followups.models import REASON_REQUIRED, FollowUp

    errors = []
    statuses = set(FollowUp.Status.values)
    for follow_up in proposal.follow_ups:
        if not follow_up.selected:
            continue
        if not follow_up.title.strip():
            errors.append(_("A follow-up needs a title (line %(line)s).") % {"line": follow_up.line})
        if follow_up.status not in statuses:
            errors.append(_("“%(status)s” is not a status of a follow-up.") % {"status": follow_up.status})
        elif follow_up.status in REASON_REQUIRED and not follow_up.status_reason.strip():
            errors.append(
                _("The follow-up “%(title)s” is %(status)s: please give a reason.")
                % {"title": follow_up.title, "status": FollowUp.Status(follow_up.status).label}
            )
    for proposed_date in proposal.dates:
        if proposed_date.selected:
            try:
                starts = datetime.fromisoformat(proposed_date.starts_at)
                ends = datetime.fromisoformat(proposed_date.ends_at) if proposed_date.ends_at else None
            except ValueError:
                errors.append(_("“%(value)s” is not a date and time.") % {"value": proposed_date.starts_at})
                continue
            if starts.tzinfo is None or (ends is not None and ends.tzinfo is None):
                errors.append(_("“%(value)s” is not a date and time.") % {"value": proposed_date.starts_at})
            elif ends is not None and ends < starts:
                errors.append(
                    _("The date on %(day)s ends before it starts.") % {"day": f"{starts.astimezone(BERLIN):%d.%m.%Y}"}
                )
    if errors:
        raise ProposalInvalid(errors)


def _actor_kind(name: str) -> str:
    lowered = name.lower()
    if "e.v." in lowered or "verein" in lowered:
        return Actor.Kind.ASSOCIATION
    if "stiftung" in lowered or "foundation" in lowered:
        return Actor.Kind.FOUNDATION
    if "bündnis" in lowered or "netzwerk" in lowered or "alliance" in lowered:
        return Actor.Kind.ALLIANCE
    return Actor.Kind.INITIATIVE


def _valid_url(url: str) -> str:
    from django.core.validators import URLValidator

    try:
        URLValidator()(url)
    except ValidationError:
        return ""
    return url if len(url) <= 300 else ""


@transaction.atomic
def apply_proposal(proposal: Proposal, *, event: Event, text: str, user: Any) -> Minutes:
    """Save the selected items of `proposal` for `event`, and the text whole, in one transaction."""
    from wandelnetz.actors.services import create_actor
    from wandelnetz.events.services import create_event
    from wandelnetz.followups.models import FollowUp
    from wandelnetz.followups.services import add_link, create_follow_up
    from wandelnetz.topics.services import create_topic

    text = check_text(text)
    _check_proposal(proposal)
    now = timezone.now()
    summary: dict[str, Any] = {
        "actors_created": [],
        "actors_linked": [],
        "contributions_created": [],
        "topics_created": [],
        "topics_added": [],
        "events_created": [],
        "events_linked": [],
        "follow_ups_created": [],
        "follow_ups_skipped": [],
        "links": 0,
    }
    previous = Minutes.objects.filter(event=event).first()
    if previous is not None:
        # Keep what earlier imports created, so a later import still recognises it.
        for name in ("actors_created", "events_created"):
            summary[name] = [pk for pk in previous.import_summary.get(name, []) if isinstance(pk, int)]
    minutes, _created = Minutes.objects.update_or_create(
        event=event, defaults={"text": text, "imported_at": now, "imported_by": user}
    )
    minutes.links.all().delete()

    # Actors.
    actors: dict[str, Actor] = {}
    selected_ids = [item.actor_id for item in proposal.actors if item.selected and item.actor_id]
    existing_actors = Actor.objects.exclude(status=Actor.Status.REJECTED).in_bulk(selected_ids)
    is_moderator = bool(getattr(user, "is_moderator", False))
    for proposed_actor in proposal.actors:
        if not proposed_actor.selected:
            continue
        if proposed_actor.actor_id:
            if proposed_actor.actor_id in existing_actors:
                actors[proposed_actor.key] = existing_actors[proposed_actor.actor_id]
                summary["actors_linked"].append(proposed_actor.actor_id)
            continue
        actor = create_actor(
            created_by=user if getattr(user, "pk", None) else None,
            status=Actor.Status.PUBLISHED if is_moderator else Actor.Status.PENDING,
            name=proposed_actor.name.strip()[:200],
            kind=_actor_kind(proposed_actor.name),
            website=_valid_url(proposed_actor.website),
        )
        actors[proposed_actor.key] = actor
        summary["actors_created"].append(actor.pk)

    # Topics.
    topics: dict[str, Topic] = {}
    existing_topics = Topic.objects.in_bulk(
        [item.topic_id for item in proposal.topics if item.selected and item.topic_id]
    )
    for proposed_topic in proposal.topics:
        if not proposed_topic.selected:
            continue
        if proposed_topic.topic_id:
            if proposed_topic.topic_id in existing_topics:
                topics[proposed_topic.key] = existing_topics[proposed_topic.topic_id]
            continue
        name = proposed_topic.name.strip()[:120]
        topic = Topic.objects.filter(name__iexact=name).first()  # created since the preview?
        if topic is None:
            topic = create_topic(name=name)
            summary["topics_created"].append(topic.pk)
        topics[proposed_topic.key] = topic
    if topics:
        event.topics.add(*topics.values())
        summary["topics_added"] = sorted({topic.pk for topic in topics.values()})

    # Contributions, after the event's own.
    last = event.contributions.aggregate(last=Max("position"))["last"]
    position = 0 if last is None else last + 1
    for proposed_contribution in proposal.contributions:
        if not proposed_contribution.selected or proposed_contribution.exists:
            continue
        author = actors.get(proposed_contribution.actor_key)
        title = (
            proposed_contribution.title.strip()
            or (author.name if author else ", ".join(proposed_contribution.speakers))
            or _("Input")
        )
        contribution = Contribution.objects.create(
            event=event,
            speaker_name=", ".join(name.strip() for name in proposed_contribution.speakers)[:200],
            actor=author,
            title=title[:300],
            position=position,
        )
        position += 1
        summary["contributions_created"].append(contribution.pk)

    # Dates: events of the same series.
    events: dict[str, Event] = {}
    linked_ids = [item.event_id for item in proposal.dates if item.selected and item.event_id]
    linked_ids += [item.event_id for item in proposal.follow_ups if item.selected and item.event_id]
    linked_events = Event.objects.in_bulk(linked_ids)
    organisers = list(event.organisers.all())
    series = event.series
    for proposed_date in proposal.dates:
        if not proposed_date.selected:
            continue
        if proposed_date.event_id:
            if proposed_date.event_id in linked_events:
                events[proposed_date.key] = linked_events[proposed_date.event_id]
                summary["events_linked"].append(proposed_date.event_id)
            continue
        starts_at = datetime.fromisoformat(proposed_date.starts_at)
        ends_at = datetime.fromisoformat(proposed_date.ends_at) if proposed_date.ends_at else None
        theme = proposed_date.title.strip()
        title = theme or event.title
        if series is not None:
            title = f"{series.title}: {theme}" if theme else series.title
        theme_key = parsing.name_key(theme)
        # The topic the date's theme became (as written in the minutes, or the existing topic's name).
        theme_topics = list(
            {
                topics[p.key].pk: topics[p.key]
                for p in proposal.topics
                if theme_key
                and p.key in topics
                and theme_key in {parsing.name_key(p.name), parsing.name_key(topics[p.key].name)}
            }.values()
        )
        new_event = create_event(
            title=title[:200],
            starts_at=starts_at,
            ends_at=ends_at,
            organisers=organisers,
            topics=theme_topics,
            regions=list(event.regions.all()),
            series=series,
            kind=event.kind,
            status=Event.Status.PLANNED,
            attendance=event.attendance,
            place=event.place,
            location_note=event.location_note,
            online_url=event.online_url,
            language=event.language,
            time_to_be_announced=proposed_date.time_to_be_announced,
            created_by=user if getattr(user, "pk", None) else None,
        )
        events[proposed_date.key] = new_event
        summary["events_created"].append(new_event.pk)

    # Follow-ups, then where they point.
    follow_ups: dict[str, FollowUp] = {}
    created_keys: list[str] = []
    earlier_follow_ups = {
        follow_up.pk: follow_up
        for follow_up in FollowUp.objects.filter(source_event=event, origin=FollowUp.Origin.MINUTES)
    }
    earlier_rows = [(pk, follow_up.title, follow_up.text) for pk, follow_up in earlier_follow_ups.items()]
    creator = user if getattr(user, "pk", None) else None
    for proposed_follow_up in proposal.follow_ups:
        # What an earlier import made is matched again here, not taken from the posted proposal.
        earlier_pk = _earlier_follow_up(earlier_rows, proposed_follow_up.title, proposed_follow_up.text)
        if not proposed_follow_up.selected and earlier_pk is None:
            continue
        title = proposed_follow_up.title.strip()[:200]
        earlier = earlier_follow_ups.get(earlier_pk) if earlier_pk is not None else None
        if earlier is not None:
            follow_ups[proposed_follow_up.key] = earlier
            summary["follow_ups_skipped"].append(earlier.pk)
            continue
        follow_up = create_follow_up(
            title=title,
            text=proposed_follow_up.text,
            status=proposed_follow_up.status,
            status_reason=proposed_follow_up.status_reason.strip()[:300],
            topics=[topics[key] for key in proposed_follow_up.topic_keys if key in topics],
            owner_actor=actors.get(proposed_follow_up.owner_actor_key),
            origin=FollowUp.Origin.MINUTES,
            source_event=event,
            created_by=creator,
        )
        follow_ups[proposed_follow_up.key] = follow_up
        earlier_rows.append((follow_up.pk, follow_up.title, follow_up.text))
        earlier_follow_ups[follow_up.pk] = follow_up
        created_keys.append(proposed_follow_up.key)
        summary["follow_ups_created"].append(follow_up.pk)
    for proposed_follow_up in proposal.follow_ups:
        if proposed_follow_up.key not in created_keys:
            continue
        follow_up = follow_ups[proposed_follow_up.key]
        target_event = events.get(proposed_follow_up.date_key) if proposed_follow_up.date_key else None
        if target_event is None and proposed_follow_up.event_id:
            target_event = linked_events.get(proposed_follow_up.event_id)
        if target_event is not None:
            add_link(follow_up=follow_up, event=target_event, user=creator)
        related = follow_ups.get(proposed_follow_up.related_key) if proposed_follow_up.related_key else None
        if related is not None and related.pk != follow_up.pk:
            add_link(follow_up=follow_up, target=related, user=creator)

    # Links of the minutes (those of an earlier import were replaced above).
    rows = []
    for position, proposed_link in enumerate(link for link in proposal.links if link.selected):
        link_actor = actors.get(proposed_link.actor_key)
        kind = proposed_link.kind if proposed_link.kind in MinutesLink.Kind.values else MinutesLink.Kind.OTHER
        rows.append(
            MinutesLink(
                minutes=minutes,
                kind=kind,
                url=proposed_link.url[:500],
                label=proposed_link.label[:200],
                actor=link_actor,
                position=position,
            )
        )
    MinutesLink.objects.bulk_create(rows)
    summary["links"] = len(rows)

    for name in ("actors_created", "events_created"):
        summary[name] = list(dict.fromkeys(summary[name]))
    minutes.import_summary = summary
    minutes.save(update_fields=["import_summary", "modified"])
    _index(minutes)
    if summary["topics_added"] or summary["contributions_created"]:
        index_object(obj=event)  # its topics and inputs are part of its search document
    return minutes


def _index(minutes: Minutes) -> None:
    """Refresh the minutes in the search, when the search knows minutes (it may not yet)."""
    from wandelnetz.search.registry import kind_of, search_type

    if search_type(kind_of(minutes)) is not None:
        index_object(obj=minutes)

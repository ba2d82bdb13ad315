"""Imported calendars: fetch an actor's iCalendar feed safely and keep its events in step, by UID.

Three steps, each usable on its own: `download_calendar` (network), `parse_calendar` (text →
plain records, no database) and `import_calendar` (records → events, in one transaction).
`fetch_feed` runs them for one feed and never raises: every failure ends as the feed's status
and a message in plain words, and the feed's existing events stay as they were.

Fetching guards against server-side request forgery (a feed address pointing into our own
network): only http and https; every address the host name resolves to must be a public one
(unless `CALENDAR_IMPORT_ALLOW_PRIVATE`); and the connection goes to the very address that was
checked — not to a second DNS answer, which an attacker could switch to 127.0.0.1 between the
check and the connect (DNS rebinding). Each redirect is checked the same way. Environment
proxies are therefore not used.

Recurring events keep their rule; EXDATEs and RECURRENCE-ID overrides become OccurrenceChange
rows. Rules are expanded in Berlin wall time like every event here (`recurrence.expand`), so a
rule whose DTSTART is in UTC or another zone keeps the local time of its first date.
"""

import codecs
import contextlib
import hashlib
import http.client
import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
import warnings
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wandelnetz.core.forms import parse_id
from wandelnetz.events import services
from wandelnetz.events.models import CalendarFeed, Event, OccurrenceChange, Registration
from wandelnetz.events.recurrence import BERLIN, UTC, expand, normalise_rule
from wandelnetz.search.services import remove_object

logger = logging.getLogger(__name__)

MAX_EVENTS = 2000  # VEVENTs per feed, overrides included
MAX_REDIRECTS = 3
MAX_CHANGES_PER_EVENT = 1000  # EXDATEs and overrides kept per event
# Dates materialised for one feed: 2000 daily rules would otherwise make two million rows.
MAX_DATES_PER_FEED = 50_000
MAX_FEEDS_PER_ACTOR = 10
MAX_URL_LENGTH = 500
CHUNK_SIZE = 64 * 1024
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Where calendar products put the link of an online meeting (RFC 7986 CONFERENCE and vendor names).
CONFERENCE_PROPERTIES = (
    "CONFERENCE",
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
)
URL_LIKE = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
# The fields an import owns; editors' other settings (topics, kind, registration …) are kept.
IMPORTED_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "all_day",
    "rrule",
    "status",
    "attendance",
    "location_note",
    "online_url",
)
CHANGE_FIELDS = ("excluded", "cancelled", "starts_at", "ends_at", "location_note", "note")


class FeedError(Exception):
    """A calendar that cannot be fetched or read; the message is for the actor's editors."""


# --- Addresses --------------------------------------------------------------------------------


def normalise_feed_url(url: str) -> str:
    """The address to store for a feed; `webcal://` (what calendar apps hand out) becomes https.

    Raises FeedError for addresses the importer never fetches (another scheme, no host, …).
    """
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise FeedError(_("The address is too long (at most %(limit)s characters).") % {"limit": MAX_URL_LENGTH})
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    _split_address(url)
    return url


@dataclass(frozen=True)
class _Address:
    scheme: str
    host: str  # ASCII (IDNA) form, without brackets
    port: int
    target: str  # path and query


def _split_address(url: str) -> _Address:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FeedError(_("“%(url)s” is not a valid web address.") % {"url": url[:200]}) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FeedError(
            _("Only http and https addresses can be imported, not “%(scheme)s”.")
            % {"scheme": scheme or _("an address without a scheme")}
        )
    if not parts.hostname:
        raise FeedError(_("The address has no host name."))
    if parts.username is not None or parts.password is not None:
        raise FeedError(
            _("Addresses with a user name or password cannot be imported; use the calendar's public address.")
        )
    try:
        host = parts.hostname.encode("idna").decode("ascii") if not parts.hostname.isascii() else parts.hostname
    except UnicodeError:
        raise FeedError(_("The host name “%(host)s” is not valid.") % {"host": parts.hostname}) from None
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return _Address(scheme, host, port or (443 if scheme == "https" else 80), target)


def _resolve(host: str, port: int, timeout: float) -> list[str]:
    """Every address the host name resolves to (an IP literal resolves to itself)."""
    outcome: dict[str, Any] = {}

    def lookup() -> None:
        try:
            outcome["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            outcome["error"] = error

    # getaddrinfo has no timeout of its own: wait for it in a helper thread, at most `timeout`.
    worker = threading.Thread(target=lookup, daemon=True)
    worker.start()
    worker.join(max(timeout, 0.1))
    if worker.is_alive():
        raise FeedError(_("Looking up the host name “%(host)s” took too long.") % {"host": host})
    if "error" in outcome or not outcome.get("infos"):
        raise FeedError(_("The host name “%(host)s” could not be found.") % {"host": host})
    addresses: list[str] = []
    for _family, _type, _proto, _canonname, sockaddr in outcome["infos"]:
        if sockaddr[0] not in addresses:
            addresses.append(str(sockaddr[0]))
    return addresses


def refusal_reason(address: str) -> str | None:
    """Why the importer must not connect to this IP address, or None for a public address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return _("not a valid network address")
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = []
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address reach that address: check it first (the clearer reason).
        for embedded in (ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())):
            if embedded is not None:
                candidates.append(embedded)
    candidates.append(ip)
    for candidate in candidates:
        if candidate.is_unspecified:
            return _("an unspecified address")
        if candidate.is_loopback:
            return _("an address of the server itself (loopback)")
        if candidate.is_link_local:
            return _("a link-local address (such as a cloud metadata service)")
        if candidate.is_multicast:
            return _("a multicast address")
        if candidate.is_private:
            return _("an address in a private network")
        if candidate.is_reserved:
            return _("a reserved address")
        if not candidate.is_global:
            return _("not a public internet address")
    return None


def check_addresses(host: str, addresses: list[str]) -> None:
    """Raise FeedError unless every address is public (or the setting allows private ones)."""
    if settings.CALENDAR_IMPORT_ALLOW_PRIVATE:
        return
    for address in addresses:
        reason = refusal_reason(address)
        if reason is not None:
            raise FeedError(
                _("“%(host)s” leads to %(address)s, %(reason)s. Only calendars on the public internet can be imported.")
                % {"host": host, "address": address, "reason": reason}
            )


# --- Downloading ------------------------------------------------------------------------------


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to an address checked beforehand, whatever the host name resolves to by now."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.pinned_address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.pinned_address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a checked address; the certificate is still verified for the host name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.pinned_address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.pinned_address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


@dataclass
class Download:
    body: bytes = b""
    not_modified: bool = False
    etag: str = ""
    last_modified: str = ""
    charset: str = ""


def user_agent() -> str:
    return f"Wandelnetz calendar import (+{settings.SITE_URL})"


def download_calendar(url: str, *, etag: str = "", last_modified: str = "") -> Download:
    """GET a calendar with every guard of this module; raises FeedError with the reason."""
    timeout = float(settings.CALENDAR_IMPORT_TIMEOUT_SECONDS)
    deadline = time.monotonic() + timeout
    for _hop in range(MAX_REDIRECTS + 1):
        address = _split_address(url)
        addresses = _resolve(address.host, address.port, _remaining(deadline))
        check_addresses(address.host, addresses)
        connection, sock, response = _request(address, addresses, deadline, etag=etag, last_modified=last_modified)
        try:
            if response.status in REDIRECT_STATUSES:
                location = response.getheader("Location", "").strip()
                if not location:
                    raise FeedError(_("The server redirected without saying where to."))
                url = urljoin(url, location)
                continue
            if response.status == 304:
                return Download(not_modified=True)
            if response.status != 200:
                raise FeedError(_status_message(response.status, response.reason))
            body = _read_limited(sock, response, deadline)
            content_type = response.getheader("Content-Type", "")
            charset = re.search(r"charset=\"?([\w.:-]+)", content_type, re.IGNORECASE)
            return Download(
                body=body,
                etag=response.getheader("ETag", "")[:200],
                last_modified=response.getheader("Last-Modified", "")[:100],
                charset=charset.group(1) if charset else "",
            )
        finally:
            response.close()
            connection.close()
    raise FeedError(
        ngettext(
            "The address redirects more than %(count)s time.",
            "The address redirects more than %(count)s times.",
            MAX_REDIRECTS,
        )
        % {"count": MAX_REDIRECTS}
    )


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _timeout_error()
    return left


def _timeout_error() -> FeedError:
    seconds = settings.CALENDAR_IMPORT_TIMEOUT_SECONDS
    return FeedError(
        ngettext(
            "The server did not deliver the calendar within %(seconds)s second.",
            "The server did not deliver the calendar within %(seconds)s seconds.",
            seconds,
        )
        % {"seconds": seconds}
    )


def _request(
    address: _Address, addresses: list[str], deadline: float, *, etag: str, last_modified: str
) -> tuple[http.client.HTTPConnection, socket.socket, http.client.HTTPResponse]:
    """Send the GET to the first checked address that answers; the socket is returned because
    http.client lets go of it once the response owns the stream, and reads need its timeout."""
    headers = {
        "User-Agent": user_agent(),
        "Accept": "text/calendar, text/plain;q=0.5, */*;q=0.1",
        "Accept-Encoding": "gzip, identity",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    last_error: BaseException | None = None
    for ip in addresses:  # like a browser: the next address when one does not answer
        connection_class = _PinnedHTTPSConnection if address.scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(address.host, address.port, address=ip, timeout=_remaining(deadline))
        try:
            connection.connect()
            sock = connection.sock
            assert sock is not None
            connection.request("GET", address.target, headers=headers)
            return connection, sock, connection.getresponse()
        except TimeoutError:
            connection.close()
            raise _timeout_error() from None
        except ssl.SSLCertVerificationError:
            connection.close()
            raise FeedError(
                _("The certificate of “%(host)s” could not be verified; the connection is not safe.")
                % {"host": address.host}
            ) from None
        except ssl.SSLError:
            connection.close()
            raise FeedError(_("No secure connection to “%(host)s” could be made.") % {"host": address.host}) from None
        except ConnectionRefusedError as error:
            connection.close()
            last_error = error
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            last_error = error
    if isinstance(last_error, ConnectionRefusedError):
        raise FeedError(_("The server “%(host)s” refused the connection.") % {"host": address.host})
    raise FeedError(_("The server “%(host)s” could not be reached.") % {"host": address.host})


def _status_message(status: int, reason: str) -> str:
    if status in (401, 403):
        return _(
            "The server refused access (HTTP %(status)s). The calendar seems to be private: "
            "use its public or secret iCal address."
        ) % {"status": status}
    if status in (404, 410):
        return _("The server has no calendar at this address (HTTP %(status)s).") % {"status": status}
    if status >= 500:
        return _("The server reported an error (HTTP %(status)s %(reason)s); it will be tried again later.") % {
            "status": status,
            "reason": reason,
        }
    return _("The server answered with HTTP %(status)s %(reason)s instead of the calendar.") % {
        "status": status,
        "reason": reason,
    }


def _too_big_error() -> FeedError:
    return FeedError(
        _("The calendar is larger than %(size)s; only calendars up to this size are imported.")
        % {"size": _megabytes(settings.CALENDAR_IMPORT_MAX_BYTES)}
    )


def _megabytes(size: int) -> str:
    if size >= 1_000_000:
        return _("%(number)s MB") % {"number": f"{size / 1_000_000:g}"}
    return _("%(number)s kB") % {"number": f"{size / 1000:g}"}


def _read_limited(sock: socket.socket, response: http.client.HTTPResponse, deadline: float) -> bytes:
    """The body, read in chunks; stops as soon as it exceeds the size limit or the deadline."""
    limit = settings.CALENDAR_IMPORT_MAX_BYTES
    declared = response.getheader("Content-Length", "")
    if (parse_id(declared) or 0) > limit:  # a length that is no number ("²", thousands of digits) is ignored
        raise _too_big_error()
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            sock.settimeout(_remaining(deadline))  # a slow drip is a timeout too
            chunk = response.read1(CHUNK_SIZE)  # what has arrived: the deadline is checked often
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise _too_big_error()
            chunks.append(chunk)
    except TimeoutError:
        raise _timeout_error() from None
    except (OSError, http.client.HTTPException):
        raise FeedError(_("The connection broke off while the calendar was being downloaded.")) from None
    body = b"".join(chunks)
    if response.getheader("Content-Encoding", "").strip().lower() in ("gzip", "x-gzip", "deflate"):
        body = _decompress(body, limit)
    return body


def _decompress(body: bytes, limit: int) -> bytes:
    decompressor = zlib.decompressobj(wbits=47)  # gzip or zlib, detected from the header
    try:
        data = decompressor.decompress(body, limit + 1)
    except zlib.error:
        raise FeedError(_("The server sent a compressed calendar that could not be unpacked.")) from None
    if len(data) > limit or decompressor.unconsumed_tail:
        raise _too_big_error()
    return data


# --- Reading a calendar -----------------------------------------------------------------------


def decode_calendar(data: bytes, declared_charset: str = "") -> tuple[str, str]:
    """The calendar as text and the encoding it was read with ("utf-8" when all is well).

    Lines are unfolded before decoding, because some products fold long lines in the middle of
    a multi-byte character; calendars that are not UTF-8 (RFC 5545 requires it) are read as
    the server's declared charset, else as Windows-1252, else as Latin-1 (which never fails).
    """
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _unfold_text(data.decode(encoding)), encoding
            except UnicodeDecodeError:
                break
    data = data.removeprefix(codecs.BOM_UTF8)
    data = re.sub(rb"\r?\n[ \t]", b"", data)
    candidates = ["utf-8"]
    declared = declared_charset.strip().lower()
    if declared and declared not in ("utf-8", "utf8"):
        with contextlib.suppress(LookupError):  # an unknown charset name is ignored
            candidates.append(codecs.lookup(declared).name)
    candidates += ["cp1252", "latin-1"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _unfold_text(text: str) -> str:
    return re.sub(r"\r?\n[ \t]", "", text)


ENCODING_NAMES = {"cp1252": "Windows-1252", "latin-1": "ISO-8859-1 (Latin-1)", "utf-16": "UTF-16"}


@dataclass
class ParsedEvent:
    """One event as the feed describes it, ready to be stored."""

    source_uid: str
    fields: dict[str, Any]
    changes: dict[datetime, dict[str, Any]] = field(default_factory=dict)


def _check_structure(text: str) -> None:
    """Clear messages for what is not a calendar, or a calendar cut off in the middle."""
    start = text.lstrip()[:200]
    if not start.upper().startswith("BEGIN:VCALENDAR"):
        if start.startswith("<"):
            raise FeedError(
                _(
                    "The address returned a web page, not a calendar. Use the calendar's iCal address "
                    "(it often ends in .ics), not the address of its web page."
                )
            )
        raise FeedError(_("The address did not return a calendar: an iCalendar file starts with BEGIN:VCALENDAR."))
    open_components: list[str] = []
    for line in text.splitlines():
        upper = line.strip().upper()
        if upper.startswith("BEGIN:"):
            open_components.append(upper[6:])
        elif upper.startswith("END:"):
            name = upper[4:]
            if not open_components or open_components[-1] != name:
                raise FeedError(
                    _("The calendar is damaged: “END:%(name)s” does not close what was opened before.")
                    % {"name": name[:40]}
                )
            open_components.pop()
    if open_components:
        raise FeedError(
            _(
                "The calendar ends in the middle: “BEGIN:%(name)s” has no “END:%(name)s”. "
                "The download may have been cut off, or the calendar is damaged."
            )
            % {"name": open_components[-1][:40]}
        )


def parse_calendar(text: str) -> tuple[list[ParsedEvent], list[str]]:
    """The events of an iCalendar text and notes on what was left out; FeedError when unreadable."""
    _check_structure(text)
    if len(re.findall(r"^BEGIN:VEVENT\s*$", text, re.IGNORECASE | re.MULTILINE)) > MAX_EVENTS:
        raise _too_many_error()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # icalendar warns about guessed time zones; we note what matters
        try:
            calendars = icalendar.Calendar.from_ical(text, multiple=True)
        except Exception as error:  # the parser's errors are not one family; all mean "unreadable"
            raise FeedError(_("The calendar could not be read: %(error)s") % {"error": str(error)[:200]}) from None
        assert isinstance(calendars, list)
        components = [c for calendar in calendars for c in calendar.walk("VEVENT")]
        if len(components) > MAX_EVENTS:
            raise _too_many_error()
        floating = _floating_zone(calendars)
        reader = _EventReader(floating)
        groups: dict[str, list[Any]] = {}
        for component in components:
            uid = str(component.get("UID", "")).strip()
            if not uid:
                uid = reader.invented_uid(component)
            groups.setdefault(uid, []).append(component)
        events: list[ParsedEvent] = []
        for uid, group in groups.items():
            events.extend(reader.read_group(uid, group))
    return events, reader.notes


def _too_many_error() -> FeedError:
    return FeedError(
        _("The calendar holds more than %(count)s events; only calendars up to this size are imported.")
        % {"count": MAX_EVENTS}
    )


def _floating_zone(calendars: list[Any]) -> ZoneInfo:
    """Times without a zone are local to the calendar: its X-WR-TIMEZONE, else Berlin."""
    for calendar in calendars:
        name = str(calendar.get("X-WR-TIMEZONE", "")).strip()
        if name:
            try:
                return ZoneInfo(name)
            except (ValueError, KeyError, OSError):
                return BERLIN
    return BERLIN


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", ", ", text.strip()).replace("\r", "")


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class _EventReader:
    """Turns VEVENT components into ParsedEvents; collects notes for the editors."""

    def __init__(self, floating: ZoneInfo) -> None:
        self.floating = floating
        self.notes: list[str] = []
        self.unknown_zones: set[str] = set()

    def note(self, text: str) -> None:
        if text not in self.notes and len(self.notes) < 50:
            self.notes.append(text)

    def invented_uid(self, component: Any) -> str:
        self.note(_("Some events have no UID; they are recognised by their start and title instead."))
        start = component.get("DTSTART")
        key = f"{start.to_ical() if start is not None else ''}|{_text(component, 'SUMMARY')}"
        return "no-uid:" + hashlib.sha256(key.encode()).hexdigest()

    def read_group(self, uid: str, group: list[Any]) -> list[ParsedEvent]:
        masters = [c for c in group if c.get("RECURRENCE-ID") is None]
        overrides = [c for c in group if c.get("RECURRENCE-ID") is not None]
        if len(masters) > 1:
            self.note(_("An event appears more than once with the same UID; the latest version was used."))
            masters.sort(key=_sequence)
        try:
            if not masters:
                # Single dates of someone else's series (e.g. one invitation): each its own event.
                events = []
                for override in overrides:
                    original = self._moment(override, "RECURRENCE-ID")[0]
                    source_uid = _source_uid(f"{uid}#{original:%Y%m%dT%H%M%SZ}")
                    events.append(ParsedEvent(source_uid, self._fields(override)))
                return events
            event = ParsedEvent(_source_uid(uid), self._fields(masters[-1]))
            event.changes = self._changes(masters[-1], event.fields, overrides)
            return [event]
        except Exception as error:  # one unreadable entry must not stop the others (no database here)
            title = _text(group[0], "SUMMARY") or uid
            self.note(
                _("The event “%(title)s” could not be read and was left out: %(error)s")
                % {"title": _cut(title, 80), "error": _cut(str(error), 200)}
            )
            return []

    def _moment(self, component: Any, name: str) -> tuple[datetime, bool]:
        """A date-time property as an aware UTC datetime, and whether it was a date (all day)."""
        prop = component.get(name)
        if prop is None:
            raise FeedError(_("it has no %(property)s") % {"property": name})
        return self._convert(prop.dt, prop.params.get("TZID"))

    def _convert(self, value: Any, tzid: str | None) -> tuple[datetime, bool]:
        if isinstance(value, datetime):
            if value.tzinfo is None or value.utcoffset() is None:
                if tzid and tzid not in self.unknown_zones:
                    self.unknown_zones.add(tzid)
                    self.note(
                        _("The time zone “%(zone)s” is unknown; its times were read as German time.")
                        % {"zone": _cut(tzid, 80)}
                    )
                value = value.replace(tzinfo=BERLIN if tzid else self.floating)
            return value.astimezone(UTC), False
        if isinstance(value, date):
            return datetime.combine(value, clock(0), tzinfo=BERLIN).astimezone(UTC), True
        raise FeedError(_("a time could not be read"))

    def _fields(self, component: Any) -> dict[str, Any]:
        starts_at, all_day = self._moment(component, "DTSTART")
        title = _cut(re.sub(r"\s+", " ", _text(component, "SUMMARY")), 200) or _("(untitled event)")
        ends_at = self._end(component, starts_at, all_day, title)
        rrule = self._rule(component, starts_at, title)
        if component.get("RDATE") is not None:
            self.note(
                _("Extra dates (RDATE) of “%(title)s” are not imported; only its rule is.") % {"title": _cut(title, 80)}
            )
        location = _cut(_one_line(_text(component, "LOCATION")), 300)
        conference = self._conference_url(component)
        attendance = Event.Attendance.IN_PERSON
        online_url = ""
        if URL_LIKE.match(location):
            attendance = Event.Attendance.ONLINE
            online_url = _valid_url(location if "://" in location else "https://" + location)
            location = ""  # the link is for participants (see Event.online_url), not a public note
        elif conference:
            attendance = Event.Attendance.ONLINE
            online_url = conference
        status = {
            "CONFIRMED": Event.Status.CONFIRMED,
            "CANCELLED": Event.Status.CANCELLED,
        }.get(_text(component, "STATUS").upper(), Event.Status.PLANNED)
        return {
            "title": title,
            "description": _text(component, "DESCRIPTION")[:20_000],
            "starts_at": starts_at,
            "ends_at": ends_at,
            "all_day": all_day,
            "rrule": rrule,
            "status": status,
            "attendance": attendance,
            "location_note": location,
            "online_url": online_url,
        }

    def _end(self, component: Any, starts_at: datetime, all_day: bool, title: str) -> datetime | None:
        """The end; for all-day events the start of the last day (DTEND is exclusive)."""
        end: datetime | None = None
        if component.get("DTEND") is not None:
            end, _end_is_date = self._moment(component, "DTEND")
        elif component.get("DURATION") is not None:
            duration = component["DURATION"].dt
            if isinstance(duration, timedelta):
                end = starts_at + duration
        if all_day:
            start_day = starts_at.astimezone(BERLIN).date()
            if end is None:
                return starts_at
            last_day = max((end.astimezone(BERLIN) - timedelta(days=1)).date(), start_day)
            return datetime.combine(last_day, clock(0), tzinfo=BERLIN).astimezone(UTC)
        if end is not None and end < starts_at:
            self.note(_("“%(title)s” ends before it starts; its end was left out.") % {"title": _cut(title, 80)})
            return None
        if end == starts_at:
            return None
        return end

    def _rule(self, component: Any, starts_at: datetime, title: str) -> str:
        rules = component.get("RRULE")
        if rules is None:
            return ""
        if isinstance(rules, list):
            if len(rules) > 1:
                self.note(
                    _("“%(title)s” has several repetition rules; only the first is kept.") % {"title": _cut(title, 80)}
                )
            rules = rules[0]
        text = rules.to_ical().decode("utf-8", "replace")
        try:
            return normalise_rule(text, starts_at)
        except ValidationError as error:
            self.note(
                _("The repetition of “%(title)s” could not be kept (%(error)s); only its first date was imported.")
                % {"title": _cut(title, 80), "error": " ".join(error.messages)}
            )
            return ""

    def _conference_url(self, component: Any) -> str:
        for name in CONFERENCE_PROPERTIES:
            url = _valid_url(_text(component, name))
            if url:
                return url
        return ""

    def _changes(self, master: Any, fields: dict[str, Any], overrides: list[Any]) -> dict[datetime, dict[str, Any]]:
        """EXDATEs and RECURRENCE-ID overrides as OccurrenceChange values, by original start."""
        changes: dict[datetime, dict[str, Any]] = {}
        start_local = fields["starts_at"].astimezone(BERLIN)
        exdates = master.get("EXDATE")
        for exdate_list in exdates if isinstance(exdates, list) else [exdates] if exdates is not None else []:
            tzid = exdate_list.params.get("TZID")
            for value in exdate_list.dts:
                moment = value.dt
                if isinstance(moment, date) and not isinstance(moment, datetime) and not fields["all_day"]:
                    # A date for a timed event means that day's date at the usual time.
                    moment = datetime.combine(moment, start_local.time(), tzinfo=BERLIN)
                original, _is_date = self._convert(moment, tzid)
                changes[original] = _change_values(excluded=True)
        duration = fields["ends_at"] - fields["starts_at"] if fields["ends_at"] is not None else None
        for override in overrides:
            try:
                original, _is_date = self._moment(override, "RECURRENCE-ID")
                values = self._fields(override)
            except Exception as error:  # as in read_group
                self.note(
                    _("A changed date of “%(title)s” could not be read and was left out: %(error)s")
                    % {"title": _cut(fields["title"], 80), "error": _cut(str(error), 200)}
                )
                continue
            if original in changes:  # left out and changed: left out wins
                continue
            if str(override["RECURRENCE-ID"].params.get("RANGE", "")).upper() == "THISANDFUTURE":
                self.note(
                    _("A change to “%(title)s” for “this and all following dates” was applied to one date only.")
                    % {"title": _cut(fields["title"], 80)}
                )
            changed_start = values["starts_at"] if values["starts_at"] != original else None
            expected_end = (values["starts_at"] + duration) if duration is not None else None
            changed_end = values["ends_at"] if values["ends_at"] != expected_end else None
            changes[original] = _change_values(
                cancelled=values["status"] == Event.Status.CANCELLED,
                starts_at=changed_start,
                ends_at=changed_end,
                location_note=values["location_note"] if values["location_note"] != fields["location_note"] else "",
                note=_cut(values["title"], 300) if values["title"] != fields["title"] else "",
            )
        if len(changes) > MAX_CHANGES_PER_EVENT:
            self.note(
                _("“%(title)s” has more than %(count)s changed dates; only the first are kept.")
                % {"title": _cut(fields["title"], 80), "count": MAX_CHANGES_PER_EVENT}
            )
            changes = dict(sorted(changes.items())[:MAX_CHANGES_PER_EVENT])
        return changes


def _sequence(component: Any) -> int:
    try:
        return int(component.get("SEQUENCE", 0) or 0)
    except (TypeError, ValueError):
        return 0


def _change_values(**values: Any) -> dict[str, Any]:
    defaults: dict[str, Any] = {
        "excluded": False,
        "cancelled": False,
        "starts_at": None,
        "ends_at": None,
        "location_note": "",
        "note": "",
    }
    defaults.update(values)
    return defaults


def _source_uid(uid: str) -> str:
    return uid if len(uid) <= 255 else "sha256:" + hashlib.sha256(uid.encode()).hexdigest()


def _valid_url(url: str) -> str:
    url = url.strip()
    if not url or len(url) > 500:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url


# --- Storing ----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = ngettext(
            "%(count)s event in the calendar",
            "%(count)s events in the calendar",
            self.total,
        ) % {"count": self.total}
        return _("%(events)s: %(created)s new, %(updated)s changed, %(deleted)s removed.") % {
            "events": text,
            "created": self.created,
            "updated": self.updated,
            "deleted": self.deleted,
        }


def import_calendar(feed: CalendarFeed, data: bytes, *, declared_charset: str = "") -> ImportResult:
    """Bring the feed's events in line with a downloaded calendar; all or nothing.

    Raises FeedError (nothing changed) when the calendar cannot be read.
    """
    text, encoding = decode_calendar(data, declared_charset)
    parsed, notes = parse_calendar(text)
    if encoding != "utf-8":
        notes.insert(
            0,
            _("The calendar was not encoded as UTF-8; it was read as %(encoding)s.")
            % {"encoding": ENCODING_NAMES.get(encoding, encoding)},
        )
    _check_date_count(parsed)
    try:
        result = _store(feed, parsed)
    except ValidationError as error:
        raise FeedError(
            _("The calendar's events could not be saved: %(error)s") % {"error": _cut(" ".join(error.messages), 300)}
        ) from None
    result.encoding = encoding
    result.notes = notes + result.notes
    return result


def _check_date_count(parsed: list[ParsedEvent]) -> None:
    """Refuse a feed whose rules would materialise more than MAX_DATES_PER_FEED dates."""
    until = services.window_end()
    total = 0
    for item in parsed:
        fields = item.fields
        count = 0
        if fields["rrule"]:
            dates = expand(fields["starts_at"], fields["ends_at"], fields["rrule"], fields["starts_at"], until)
            for _instance in dates:
                count += 1
                if count >= services.MAX_OCCURRENCES or total + count > MAX_DATES_PER_FEED:
                    break
        total += max(count, 1)
        if total > MAX_DATES_PER_FEED:
            raise FeedError(
                _(
                    "The calendar's events would have more than %(count)s dates; only calendars up to this size "
                    "are imported."
                )
                % {"count": MAX_DATES_PER_FEED}
            )


@transaction.atomic
def _store(feed: CalendarFeed, parsed: list[ParsedEvent]) -> ImportResult:
    # Holding the feed's row serialises two imports of one feed (the hourly task and "fetch now").
    CalendarFeed.objects.select_for_update().filter(pk=feed.pk).first()
    result = ImportResult(total=len(parsed))
    existing = {event.source_uid: event for event in Event.objects.filter(feed=feed)}
    for item in parsed:
        event = existing.pop(item.source_uid, None)
        if event is None:
            fields = dict(item.fields)
            event = services.create_event(
                title=fields.pop("title"),
                starts_at=fields.pop("starts_at"),
                organisers=[feed.actor],
                feed=feed,
                source_uid=item.source_uid,
                **fields,
            )
            if item.changes:
                OccurrenceChange.objects.bulk_create(
                    OccurrenceChange(event=event, original_start=key, **values) for key, values in item.changes.items()
                )
                services.materialise_occurrences(event)
            result.created += 1
            continue
        changed = [name for name in IMPORTED_FIELDS if getattr(event, name) != item.fields[name]]
        for name in changed:
            setattr(event, name, item.fields[name])
        changes_differ = _sync_changes(event, item.changes)
        if changed or changes_differ:
            if changes_differ and not services.CALENDAR_FIELDS & set(changed):
                event.sequence += 1  # EXDATEs and overrides live on the master: calendars refetch it
            services.update_event(event, changed)
            result.updated += 1
        else:
            result.unchanged += 1
    # Vanished events go, unless people registered for them: those are cancelled, so nobody's
    # registration silently disappears (they come back if the event reappears in the feed).
    with_people = set(
        Registration.objects.filter(occurrence__event__in=list(existing.values()))
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("occurrence__event_id", flat=True)
    )
    for gone in existing.values():
        if gone.pk in with_people:
            if gone.status != Event.Status.CANCELLED:
                services.set_event_status(gone, Event.Status.CANCELLED)
                result.notes.append(
                    _(
                        "“%(title)s” is no longer in the calendar, but people are registered for it: "
                        "it was marked as cancelled instead of deleted."
                    )
                    % {"title": _cut(gone.title, 80)}
                )
            continue
        remove_object(obj=gone)
        gone.delete()
        result.deleted += 1
    return result


def _sync_changes(event: Event, desired: dict[datetime, dict[str, Any]]) -> bool:
    """Make the event's OccurrenceChange rows match the feed; True when anything changed."""
    current = {change.original_start: change for change in OccurrenceChange.objects.filter(event=event)}
    differ = False
    new = []
    for original_start, values in desired.items():
        change = current.pop(original_start, None)
        if change is None:
            new.append(OccurrenceChange(event=event, original_start=original_start, **values))
        elif any(getattr(change, name) != values[name] for name in CHANGE_FIELDS):
            for name in CHANGE_FIELDS:
                setattr(change, name, values[name])
            change.sequence += 1
            change.save()
            differ = True
    if new:
        OccurrenceChange.objects.bulk_create(new)
        differ = True
    if current:
        OccurrenceChange.objects.filter(pk__in=[change.pk for change in current.values()]).delete()
        differ = True
    return differ


# --- Feeds --------------------------------------------------------------------------------------


@dataclass
class FetchResult:
    ok: bool
    message: str
    not_modified: bool = False
    imported: ImportResult | None = None

    @property
    def notes(self) -> list[str]:
        return self.imported.notes if self.imported is not None else []


def fetch_feed(feed: CalendarFeed) -> FetchResult:
    """Fetch one feed now and import it; never raises. The outcome is stored on the feed.

    Messages are written in the site's language (German), since every editor reads them later.
    """
    with translation.override(settings.LANGUAGE_CODE):
        try:
            result = _fetch(feed)
        except FeedError as error:
            result = FetchResult(ok=False, message=str(error))
        except Exception:
            logger.exception("Importing the calendar feed %s failed", feed.pk)
            result = FetchResult(
                ok=False,
                message=_("An unexpected error occurred while importing the calendar. Please try again later."),
            )
        if not result.ok:
            feed.status = CalendarFeed.Status.ERROR
            feed.last_error = result.message
            feed.last_fetched_at = timezone.now()
            feed.save(update_fields=["status", "last_error", "last_fetched_at", "modified"])
    return result


def _fetch(feed: CalendarFeed) -> FetchResult:
    conditional = feed.status == CalendarFeed.Status.OK
    download = download_calendar(
        feed.url,
        etag=feed.etag if conditional else "",
        last_modified=feed.last_modified_header if conditional else "",
    )
    now = timezone.now()
    if download.not_modified:
        feed.last_fetched_at = now
        feed.save(update_fields=["last_fetched_at", "modified"])
        return FetchResult(ok=True, not_modified=True, message=_("The calendar has not changed since the last fetch."))
    imported = import_calendar(feed, download.body, declared_charset=download.charset)
    feed.status = CalendarFeed.Status.OK
    feed.last_fetched_at = now
    feed.last_error = "\n".join(imported.notes)  # on success: the notes, if any
    feed.last_event_count = imported.total
    feed.etag = download.etag
    feed.last_modified_header = download.last_modified
    feed.save(
        update_fields=[
            "status",
            "last_fetched_at",
            "last_error",
            "last_event_count",
            "etag",
            "last_modified_header",
            "modified",
        ]
    )
    return FetchResult(ok=True, message=imported.summary(), imported=imported)


def due_feeds() -> QuerySet[CalendarFeed]:
    """Active feeds not fetched within CALENDAR_IMPORT_INTERVAL_HOURS, longest waiting first."""
    # A few minutes' slack, so a feed fetched at 10:00:05 is due again in the run at 16:00:00.
    cutoff = timezone.now() - timedelta(hours=settings.CALENDAR_IMPORT_INTERVAL_HOURS) + timedelta(minutes=5)
    return (
        CalendarFeed.objects.filter(active=True)
        .filter(Q(last_fetched_at__isnull=True) | Q(last_fetched_at__lt=cutoff))
        .select_related("actor")
        .order_by(F("last_fetched_at").asc(nulls_first=True), "pk")
    )


def fetch_due_feeds() -> int:
    """Fetch every due feed (called hourly by tasks.periodic_events_work); the number fetched."""
    count = 0
    for feed in due_feeds():
        fetch_feed(feed)
        count += 1
    return count


def feeds_of(actor: Any) -> QuerySet[CalendarFeed]:
    """The actor's feeds with their number of imported events (`event_count`)."""
    return CalendarFeed.objects.filter(actor=actor).annotate(event_count=Count("events")).order_by("created", "pk")


def add_feed(*, actor: Any, url: str, added_by: Any = None) -> CalendarFeed:
    """Register a feed address for an actor (checked and normalised); fetched by the next run."""
    feed = CalendarFeed(actor=actor, url=normalise_feed_url(url), added_by=added_by)
    feed.full_clean()
    feed.save()
    return feed


@transaction.atomic
def remove_feed(feed: CalendarFeed) -> int:
    """Delete a feed and the events it imported; returns the number of events removed."""
    events = list(Event.objects.filter(feed=feed))
    for event in events:
        remove_object(obj=event)
    Event.objects.filter(pk__in=[event.pk for event in events]).delete()
    feed.delete()
    return len(events)

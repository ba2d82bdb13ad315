"""Helpers for the calendar-import tests: the .ics fixtures, feeds, and a tiny local HTTP server."""

import gzip
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from wandelnetz.actors.models import Actor
from wandelnetz.events.models import CalendarFeed

ICS = Path(__file__).parent / "ics"


def ics(name: str) -> bytes:
    return (ICS / name).read_bytes()


def feed(actor: Actor, url: str = "https://kalender.example.org/plenum.ics", **fields) -> CalendarFeed:
    return CalendarFeed.objects.create(actor=actor, url=url, **fields)


def generated_calendar(count: int, *, uid_prefix: str = "gen") -> bytes:
    """A calendar with `count` simple events (for the size and count limits)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Wandelnetz tests//EN"]
    for n in range(count):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid_prefix}-{n}@example.org",
            "DTSTAMP:20261101T080000Z",
            f"DTSTART:2026{1 + n % 12:02d}{1 + n % 28:02d}T170000Z",
            f"SUMMARY:Termin {n}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    last_modified: str = ""
    delay: float = 0.0  # seconds before answering
    drip: float = 0.0  # seconds between single bytes of the body
    send_length: bool = True
    gzip: bool = False


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        owner = self.server.owner
        owner.requests.append({"path": self.path, "headers": dict(self.headers.items())})
        route = owner.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if route.delay:
            time.sleep(route.delay)
        not_modified = (route.etag and self.headers.get("If-None-Match") == route.etag) or (
            route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
        )
        if not_modified:
            self.send_response(304)
            self.end_headers()
            return
        body = gzip.compress(route.body) if route.gzip else route.body
        self.send_response(route.status)
        headers = {"Content-Type": "text/calendar; charset=utf-8", **route.headers}
        if route.gzip:
            headers["Content-Encoding"] = "gzip"
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        if route.send_length:
            headers["Content-Length"] = str(len(body))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            if route.drip:
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(route.drip)
            else:
                self.wfile.write(body)
        except OSError:  # the importer hung up (size limit, timeout): fine
            pass

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: "CalendarServer"


class CalendarServer:
    """Serves routes on 127.0.0.1 in a thread (HTTP/1.0: without a length the body ends at close)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[dict] = []
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> "CalendarServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def serve(self, path: str, body: bytes = b"", **options) -> str:
        self.routes[path] = Route(body=body, **options)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        return self.serve(path, status=status, headers={"Location": location})

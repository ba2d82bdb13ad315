"""Bad input never gets a 500: every page of the platform, crawled over the demo world with junk.

Every URL pattern (but the admin's and allauth's) is requested with path arguments taken from
the demo world and with ones that do not exist, as an anonymous visitor, a member and a
moderator, plain and with junk in every query parameter it reads; every form found on the pages
is posted empty, with junk in every field, and with junk formset management forms. No answer
may be a 500; a 4xx page says what went wrong; a refused form writes nothing (no ORM save,
delete or relation change, and the same number of rows in every table).

A new URL pattern fails `test_every_url_pattern_is_crawled` until it has a row in ROUTES.
"""

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("admin/", "static/", "media/")
# Under /konto/ allauth's own pages are skipped; the project's (namespace "accounts") are crawled.
ALLAUTH_PREFIX, OWN_ACCOUNT_PAGES = "konto/", "accounts"

JUNK = [
    "",
    "x" * 5000,
    "\x00",
    "%00",
    "<script>alert(1)</script>",
    "💥",
    "-1",
    "0",
    "999999999999999999999999",
    "9" * 5000,  # more digits than int() converts (4,300)
    "1e309",
    "NaN",
    "../../etc",
    "2026-13-45",
    "²",  # a digit to str.isdigit(), not to int()
]
# Query strings sent as they are: encoded NUL, broken UTF-8 and percent signs, doubled names.
RAW_QUERIES = ["{p}=%00", "{p}=%ff%fe", "{p}=1&{p}=2", "{p}"]

EVENT_FILTERS = ("q", "topic", "region", "actor", "series", "place", "kind", "attendance", "target", "from", "to")
FOLLOW_UP_FILTERS = ("q", "status", "topic", "series", "actor")


@dataclass(frozen=True)
class Route:
    """How to fill a pattern's path arguments (a key of `World.args`) and what query it reads."""

    args: str | None = None
    params: tuple[str, ...] = ()


# Every URL pattern by name: the object its path arguments name, and its query parameters.
ROUTES: dict[str, Route] = {
    "home": Route(),
    "about": Route(),
    "health": Route(),
    "search": Route(params=("q", "kind", "page")),
    "switch_language": Route(params=("next", "language")),
    "actors:actor_list": Route(params=("q", "topic", "region", "kind", "page")),
    "actors:actor_create": Route(),
    "actors:my_actors": Route(),
    "actors:moderation_queue": Route(),
    "actors:relation_decide": Route("relation"),
    "actors:relation_withdraw": Route("relation"),
    "actors:relation_end": Route("confirmed_relation"),
    "actors:relation_delete": Route("confirmed_relation"),
    "actors:actor_detail": Route("actor"),
    "actors:actor_edit": Route("actor"),
    "actors:actor_history": Route("actor"),
    "actors:actor_editors": Route("actor"),
    "actors:actor_moderate": Route("pending_actor"),
    "actors:relation_propose": Route("actor"),
    "places:place_list": Route(params=("page",)),
    "places:place_detail": Route("place"),
    "events:feed_ics": Route(params=EVENT_FILTERS),
    "events:feed_rss": Route(params=EVENT_FILTERS),
    "events:feed_atom": Route(params=EVENT_FILTERS),
    "events:event_ics": Route("event"),
    "events:register": Route("occurrence"),
    "events:registration_confirm": Route("confirm_token"),
    "events:registration_cancel": Route("cancel_token"),
    "events:participants": Route("occurrence"),
    "events:participants_csv": Route("occurrence"),
    "events:participants_message": Route("occurrence"),
    "events:calendar_feeds": Route("feed_actor"),
    "events:event_create": Route(params=("veranstalter",)),
    "events:series_create": Route(),
    "events:series_edit": Route("series"),
    "events:event_edit": Route("event"),
    "events:event_dates": Route("event", params=("termin",)),
    "events:event_status": Route("event"),
    "events:event_list": Route(params=(*EVENT_FILTERS, "page")),
    "events:event_archive": Route(params=(*EVENT_FILTERS, "page")),
    "events:month": Route("month", params=EVENT_FILTERS),
    "events:week": Route("week", params=EVENT_FILTERS),
    "events:calendar": Route(params=EVENT_FILTERS),
    "events:series_list": Route(params=("page",)),
    "events:series_detail": Route("series"),
    "events:event_detail": Route("event"),
    "events:occurrence_detail": Route("occurrence"),
    "bodies:body_list": Route(params=("q", "topic", "region", "level", "power", "civil", "page")),
    "bodies:body_create": Route(),
    "bodies:body_detail": Route("body"),
    "bodies:body_edit": Route("body"),
    "bodies:body_verify": Route("body"),
    "bodies:body_history": Route("body"),
    "bodies:body_editors": Route("body"),
    "followups:followup_list": Route(params=(*FOLLOW_UP_FILTERS, "page")),
    "followups:followup_create": Route(params=("veranstaltung",)),
    "followups:series_board": Route("series"),
    "followups:topic_board": Route("topic"),
    "followups:followup_detail": Route("follow_up"),
    "followups:followup_edit": Route("follow_up"),
    "followups:followup_status": Route("follow_up"),
    "followups:followup_link_add": Route("follow_up"),
    "followups:followup_link_remove": Route("follow_up_link"),
    "followups:followup_follow": Route("follow_up"),
    "minutes:minutes_detail": Route("event_with_minutes"),
    "minutes:minutes_upload": Route("event_without_minutes"),
    "minutes:minutes_confirm": Route("event_without_minutes"),
    "minutes:minutes_edit": Route("event_with_minutes"),
    "minutes:minutes_delete": Route("event_with_minutes"),
    "topics:topic_list": Route(),
    "topics:topic_detail": Route("topic", params=("page",)),
    "topics:region_list": Route(),
    "topics:region_detail": Route("region", params=("page",)),
    "notifications:notification_list": Route(params=("page",)),
    "accounts:account_data": Route(),
    "accounts:account_data_download": Route(),
    "accounts:account_erase": Route(),
    "notifications:notification_mark_read": Route(),
}

# Fields views read from POST without a form on a page that shows them (or on a page the crawler
# sees only in some states); they get junk too.
EXTRA_POST_FIELDS: dict[str, tuple[str, ...]] = {
    "actors:relation_decide": ("decision",),
    "actors:relation_withdraw": ("actor",),
    "actors:relation_end": ("actor", "end_date"),
    "actors:relation_delete": ("actor",),
    "actors:actor_moderate": ("decision",),
    "actors:actor_editors": ("remove", "email"),
    "bodies:body_editors": ("remove", "email"),
    "events:event_dates": ("action", "change", "occurrence"),
    "events:event_status": ("status", "occurrence"),
    "events:event_edit": ("back",),
    "events:calendar_feeds": ("remove", "fetch", "url", "feed"),
    "events:registration_confirm": ("confirm",),
    "events:registration_cancel": ("confirm",),
    "followups:followup_follow": ("action",),
    "minutes:minutes_confirm": ("text",),
    "notifications:notification_mark_read": ("all", "id"),
}
MANAGEMENT_JUNK = ["-1", "abc", "100000", "", "1e309"]


@dataclass
class World:
    """The demo world plus what it lacks for some pages: path arguments per `Route.args` key."""

    args: dict[str, dict[str, Any]]
    personas: dict[str, Any]
    minutes_text: str


def _missing(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The same arguments, naming nothing that exists."""
    return {
        name: 987654 if isinstance(value, int) else ("gibt-es-nicht" if "slug" in name else "kein-gueltiges-token")
        for name, value in kwargs.items()
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo world, loaded once for the module and rolled back after it."""
    from wandelnetz.accounts.models import User
    from wandelnetz.accounts.notifications import notify
    from wandelnetz.accounts.tests.factories import UserFactory
    from wandelnetz.actors import services as actor_services
    from wandelnetz.actors.models import Actor, Relation
    from wandelnetz.bodies.models import Body
    from wandelnetz.demo.world import DEMO_EDITOR_EMAIL, DEMO_MODERATOR_EMAIL, load_demo_world
    from wandelnetz.events import services as event_services
    from wandelnetz.events import tokens
    from wandelnetz.events.models import Event, Series
    from wandelnetz.followups.models import FollowUpLink
    from wandelnetz.minutes.models import Minutes
    from wandelnetz.places.models import Place
    from wandelnetz.topics.models import Region, Topic

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            cache.clear()
            load_demo_world()
            moderator = User.objects.get(email=DEMO_MODERATOR_EMAIL)
            member = UserFactory(display_name="Mitglied")
            actor = Actor.objects.get(slug="aksll")
            pending = actor_services.create_actor(
                created_by=member,
                status=Actor.Status.PENDING,
                slug="in-pruefung",
                name="Verein in Prüfung",
                kind="association",
            )
            other = Actor.objects.exclude(pk=actor.pk).filter(status=Actor.Status.PUBLISHED).first()
            relation = actor_services.propose_relation(
                proposing_actor=actor, other=other, kind="cooperates", outgoing=True, proposed_by=moderator
            )
            confirmed = Relation.objects.filter(state=Relation.State.CONFIRMED, source=actor).order_by("pk").first()
            event = Event.objects.get(slug="aksll-monatstreffen")
            event.registration_enabled, event.capacity = True, 20
            event.save(update_fields=["registration_enabled", "capacity"])
            occurrence = event.occurrences.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()
            registration, _ = event_services.register(occurrence, name="Teilnehmerin", email="teil@example.org")
            notify(user=member, message="Eine Nachricht", url="/")
            notify(user=moderator, message="Eine Nachricht", url="/")
            link = FollowUpLink.objects.select_related("follow_up").first()
            with_minutes = Minutes.objects.select_related("event").first().event
            without_minutes = Event.objects.filter(minutes__isnull=True).exclude(pk=event.pk).order_by("pk").first()
            now = timezone.localtime()
            slug = {
                "actor": actor.slug,
                "place": Place.objects.first().slug,
                "event": event.slug,
                "series": Series.objects.filter(events__isnull=False).first().slug,
                "body": Body.objects.first().slug,
                "follow_up": link.follow_up.slug,
                "topic": Topic.objects.filter(depth=0).first().slug,
                "region": Region.objects.filter(depth=1).first().slug,
            }
            args: dict[str, dict[str, Any]] = {key: {"slug": value} for key, value in slug.items()}
            args |= {
                "pending_actor": {"slug": pending.slug},
                "relation": {"pk": relation.pk},
                "confirmed_relation": {"pk": confirmed.pk},
                "occurrence": {"slug": event.slug, "pk": occurrence.pk},
                "confirm_token": {"token": tokens.confirm_token(registration)},
                "cancel_token": {"token": tokens.cancel_token(registration)},
                "feed_actor": {"actor_slug": actor.slug},
                "month": {"year": now.year, "month": now.month},
                "week": {"year": now.year, "week": int(now.strftime("%V"))},
                "follow_up_link": {"slug": link.follow_up.slug, "pk": link.pk},
                "event_with_minutes": {"slug": with_minutes.slug},
                "event_without_minutes": {"slug": without_minutes.slug},
            }
            personas = {
                "anonymous": None,
                "member": member,
                "moderator": moderator,
                "editor": User.objects.get(email=DEMO_EDITOR_EMAIL),
            }
            text = (Path(__file__).parents[2] / "demo" / "data" / "stammtisch-2021-12-06-protokoll.md").read_text()
            yield World(args=args, personas=personas, minutes_text=text)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()


# --- The URLconf ----------------------------------------------------------------------------------


def url_patterns() -> list[tuple[str, str]]:
    """(route, name) of every pattern of the project's URLconf but the skipped prefixes."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver) and route == ALLAUTH_PREFIX and pattern.namespace != OWN_ACCOUNT_PAGES:
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
            elif isinstance(pattern, URLPattern):
                found.append((route, namespace + (pattern.name or "")))

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_url_pattern_is_crawled():
    """A page nobody added to ROUTES would escape the crawl: adding one must fail here first."""
    names = [name for _, name in url_patterns()]
    unnamed = [route for route, name in url_patterns() if not name or name.endswith(":")]
    assert not unnamed, f"URL patterns without a name cannot be crawled: {unnamed}"
    missing = sorted(set(names) - set(ROUTES))
    assert not missing, f"Add these URL patterns to ROUTES in {__name__}: {missing}"
    stale = sorted(set(ROUTES) - set(names))
    assert not stale, f"ROUTES names patterns that no longer exist: {stale}"


# --- Requests and what an answer must look like ---------------------------------------------------


class _Text(HTMLParser):
    """The visible text inside <main>."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main" or self.depth:
            self.depth += 1
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def _main_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@dataclass
class Crawl:
    """Requests made and what was wrong with their answers."""

    requests: int = 0
    problems: list[str] = field(default_factory=list)

    def request(self, client: Client, method: str, url: str, data: Any = None, label: str = "") -> Any:
        self.requests += 1
        where = f"{method} {url[:200]!r} {label}"
        try:
            response = client.get(url) if method == "GET" else client.post(url, data or {})
        except Exception:  # noqa: BLE001 — an exception here is the 500 a visitor would get
            self.problems.append(f"{where}: 500\n{traceback.format_exc(limit=-6)}")
            return None
        if response.status_code >= 500:
            self.problems.append(f"{where}: {response.status_code}")
        elif 400 <= response.status_code < 500 and response.status_code != 405:
            self._check_message(where, response)
        return response

    def _check_message(self, where: str, response: Any) -> None:
        content_type = response.get("Content-Type", "")
        body = response.content.decode(errors="replace")
        if content_type.startswith("text/html"):
            text = _main_text(body)
            if len(text) < 20:
                self.problems.append(f"{where}: {response.status_code} without a message: {text!r}")
        elif len(body.strip()) < 10:
            self.problems.append(f"{where}: {response.status_code} ({content_type}) without a message: {body!r}")

    def assert_clean(self) -> None:
        assert not self.problems, f"{len(self.problems)} of {self.requests} requests failed:\n" + "\n".join(
            self.problems[:40]
        )


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _urls(world: World, name: str) -> tuple[str, str | None]:
    """The page's address over the demo world, and one naming nothing (None without arguments)."""
    route = ROUTES[name]
    if route.args is None:
        return reverse(name), None
    kwargs = world.args[route.args]
    return reverse(name, kwargs=kwargs), reverse(name, kwargs=_missing(kwargs))


# Pages that read EventFilterForm like the event list, the iCal feed and the month (which get each
# junk value in each parameter); these get junk in all parameters at once, to keep the crawl short.
SAME_FILTERS_AS_CRAWLED = {
    "events:event_archive",
    "events:week",
    "events:calendar",
    "events:feed_rss",
    "events:feed_atom",
}


def _junk_queries(name: str) -> Iterator[str]:
    params = () if name in SAME_FILTERS_AS_CRAWLED else ROUTES[name].params
    for param in params:
        for value in JUNK:
            yield urlencode({param: value})
        for raw in RAW_QUERIES:
            yield raw.format(p=param)


# --- GET ------------------------------------------------------------------------------------------

PAGE_NAMES = sorted(ROUTES)


def _combined_queries(params: tuple[str, ...]) -> Iterator[str]:
    """Junk in all of a page's parameters at once, one junk value per request."""
    if params:
        for value in JUNK:
            yield urlencode({param: value for param in params})
        yield urlencode([(param, value) for param in params for value in ("1", "<b>")])


def test_pages_answer_junk_queries_without_a_server_error(world):
    """Anonymous: every page, plain, with missing path objects, and with junk in each query parameter."""
    crawl = Crawl()
    client = client_for(None)
    for name in PAGE_NAMES:
        url, missing = _urls(world, name)
        crawl.request(client, "GET", url)
        if missing is not None:
            response = crawl.request(client, "GET", missing, label="(nothing there)")
            expected = 400 if "token" in (ROUTES[name].args or "") else 404  # a link that is not valid
            if response is not None and response.status_code not in (expected, 302, 405):
                crawl.problems.append(f"GET {missing}: {response.status_code}, expected {expected}")
        for query in (*_junk_queries(name), *_combined_queries(ROUTES[name].params)):
            crawl.request(client, "GET", f"{url}?{query}")
    print(f"\n{len(PAGE_NAMES)} URL patterns, {crawl.requests} requests")
    crawl.assert_clean()


@pytest.mark.parametrize("persona", ["member", "moderator"])
def test_pages_answer_signed_in_people_without_a_server_error(world, persona):
    """Signed in, every page plain, with missing path objects, and with junk in all its parameters at once."""
    crawl = Crawl()
    client = client_for(world.personas[persona])
    for name in PAGE_NAMES:
        url, missing = _urls(world, name)
        crawl.request(client, "GET", url)
        if missing is not None:
            response = crawl.request(client, "GET", missing, label="(nothing there)")
            if response is not None and response.status_code not in (400, 403, 404, 405):
                crawl.problems.append(f"GET {missing}: {response.status_code}, expected a 4xx")
        for query in _combined_queries(ROUTES[name].params):
            crawl.request(client, "GET", f"{url}?{query}")
    print(f"\n{crawl.requests} requests")
    crawl.assert_clean()


# --- POST -----------------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """The POST forms of a page: action, the (name, value) pairs a browser would send, all names."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]], set[str]]] = []
        self.select: str | None = None
        self.textarea = False
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("method", "get").lower() == "post"
            if self.inside:
                self.forms.append((a.get("action", ""), [], set()))
            return
        name = a.get("name")
        if not self.inside or (tag != "option" and not name):
            return
        _, pairs, names = self.forms[-1]
        if name:
            names.add(name)
        if tag == "input":
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                pairs.append((name, a.get("value", "")))  # type: ignore[arg-type]
        elif tag == "button" and "value" in a:
            pairs.append((name, a["value"]))  # type: ignore[arg-type]
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in a:
            pairs.append((self.select, a.get("value", "")))
        elif tag == "textarea":
            self.textarea = True
            pairs.append((name, ""))  # type: ignore[arg-type]

    def handle_data(self, data: str) -> None:
        if self.textarea:
            pairs = self.forms[-1][1]
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = False


def _view_name(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


@dataclass
class PostTarget:
    url: str
    forms: list[tuple[list[tuple[str, str]], set[str]]] = field(default_factory=list)


def _collect_forms(targets: dict[str, PostTarget], page: str, html: str) -> None:
    parser = _Forms()
    parser.feed(html)
    for action, pairs, names in parser.forms:
        url = action or page
        view = _view_name(url)
        if view in targets and names:
            targets[view].url = urlsplit(url).path
            targets[view].forms.append((pairs, names))


def _post_targets(world: World, client: Client) -> dict[str, PostTarget]:
    """Every view with its address and the forms the pages show for it."""
    targets = {name: PostTarget(_urls(world, name)[0]) for name in PAGE_NAMES}
    for name in PAGE_NAMES:
        response = client.get(targets[name].url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            _collect_forms(targets, targets[name].url, response.content.decode())
    # The preview of an import holds the form that confirms it.
    upload = targets["minutes:minutes_upload"].url
    response = client.post(upload, {"text": world.minutes_text})
    if response.status_code == 200:
        _collect_forms(targets, upload, response.content.decode())
    return targets


def _row_counts() -> dict[str, int]:
    """The number of rows of every table of the project (and of the e-mail addresses), in one query,
    by table (UNION ALL promises no order of its rows: each row names its table)."""
    tables = [
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("wandelnetz.") or model._meta.label == "account.EmailAddress"
    ]
    sql = " UNION ALL ".join(f"SELECT '{table}', COUNT(*) FROM \"{table}\"" for table in tables)  # noqa: S608 — our table names
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {table: count for table, count in cursor.fetchall()}


def _changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {table: (count, after.get(table, 0)) for table, count in before.items() if after.get(table, 0) != count}


@contextmanager
def _writes() -> Iterator[list[str]]:
    """The models saved, deleted or whose relations changed through the ORM inside the block."""
    written: list[str] = []

    def record(sender: Any, **kwargs: Any) -> None:
        written.append(sender._meta.label)

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(record, weak=False, dispatch_uid="no_server_errors")
    try:
        yield written
    finally:
        for signal in (post_save, post_delete, m2m_changed):
            signal.disconnect(dispatch_uid="no_server_errors")


# What a refused form may write on purpose: a wrong password (deleting the account asks for it)
# is a failed sign-in that django-axes counts towards the lockout.
RECORDS_OF_REFUSALS = {"axes.AccessAttempt", "axes.AccessFailureLog"}

MANAGEMENT_SUFFIXES = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


def _post_cases(target: PostTarget, name: str, *, each_field: bool) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(label, data) of each junk POST for a target."""
    yield "empty", []
    names = sorted({n for _, form_names in target.forms for n in form_names} | set(EXTRA_POST_FIELDS.get(name, ())))
    # The moderator posts every junk value; other people (whose forms the moderator posts too) a few.
    for value in JUNK if each_field else ("x" * 5000, "\x00", "999999999999999999999999", "²"):
        yield f"every field {value[:12]!r}", [(n, value) for n in names]
    yield "every field twice", [(n, v) for n in names for v in ("1", "💥")]
    for number, (pairs, form_names) in enumerate(target.forms):
        if each_field and number == 0:
            # The page's own values, one field (also unchecked boxes) replaced by junk in turn.
            for index, field_name in enumerate(sorted(form_names)):
                junk = JUNK[1 + index % (len(JUNK) - 1)]
                changed = [(n, v) for n, v in pairs if n != field_name] + [(field_name, junk)]
                yield f"{field_name}={junk[:12]!r} in the page's form", changed
        for field_name in sorted(form_names):
            if field_name.endswith(MANAGEMENT_SUFFIXES):
                for junk in MANAGEMENT_JUNK:
                    changed = [(n, junk if n == field_name else v) for n, v in pairs]
                    yield f"{field_name}={junk!r}", changed


def _as_post_data(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


@pytest.mark.parametrize("persona", ["moderator", "editor", "member"])
def test_forms_refuse_junk_without_a_server_error_and_save_nothing(world, persona):
    """Every form, posted empty, with junk in every field and in its formsets' management forms;
    the moderator (who may post nearly everywhere) also with junk in each field in turn."""
    crawl = Crawl()
    client = client_for(world.personas[persona])
    targets = _post_targets(world, client)
    before = _row_counts()
    moderator = persona == "moderator"
    for name, target in targets.items():
        if not moderator and not target.forms:
            continue  # pages this persona may not post to were tried by the moderator
        for label, pairs in _post_cases(target, name, each_field=moderator):
            sid = transaction.savepoint()
            try:
                with _writes() as written:
                    data = _as_post_data(pairs)
                    response = crawl.request(client, "POST", target.url, data, label=f"({name}: {label})")
                refused = response is not None and response.status_code not in (301, 302, 303)
                written = [model for model in written if model not in RECORDS_OF_REFUSALS]
                changed = _changed(before, _row_counts()) if refused else {}
                if refused and (written or changed):
                    status = response.status_code
                    crawl.problems.append(
                        f"POST {target.url} ({name}: {label}): refused ({status}) but wrote {written}, rows {changed}"
                    )
            finally:
                transaction.savepoint_rollback(sid)
                cache.clear()
    print(f"\n{sum(bool(t.forms) for t in targets.values())} views with forms, {crawl.requests} requests")
    crawl.assert_clean()

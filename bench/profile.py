"""Per-request cost without concurrency: queries, SQL time and Python time per endpoint.

    python -m bench.profile --pools POOLS.json --samples 25 --out PROFILE.json

Runs in one process with the same production-like environment as the server (bench.run sets
it), sends requests through Django's test client one at a time and counts the queries of each
with django.test.utils.CaptureQueriesContext. The numbers explain the load test: which page
spends its time in the database and which in Python (view and template).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import statistics
import time
from pathlib import Path

_NUMBERS = re.compile(r"\b\d+\b|'[^']*'|%s")


def _shape(sql: str) -> str:
    """The query with its literals blanked, so that the same query on other rows groups together."""
    return _NUMBERS.sub("?", sql)[:400]


def _where_time_goes(stats: pstats.Stats, requests: int, top: int = 20) -> list[dict]:
    """The project's own functions (views, selectors, template tags …), the template's rendering as a
    whole and SQL execution, by cumulative time per request, most expensive first (the templates one
    by one: _template_times)."""
    rows = []
    for (filename, line, name), (_, calls, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if "/wandelnetz/" in filename and "/migrations/" not in filename and name != "__call__":  # not middleware
            where = filename.split("/wandelnetz/", 1)[1]
            label = f"wandelnetz/{where}:{line}({name})"
        elif filename.endswith("django/db/backends/utils.py") and name == "execute":
            label = f"django/db/backends/utils.py:{line}({name})"
        elif filename.endswith("django/shortcuts.py") and name == "render":
            label = "django/shortcuts.py(render): the template, with the queries of its lazy querysets"
        else:
            continue
        rows.append(
            {
                "function": label,
                "calls_per_request": calls / requests,
                "cum_ms_per_request": 1000 * cumulative / requests,
            }
        )
    rows.sort(key=lambda r: r["cum_ms_per_request"], reverse=True)
    return [{k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()} for r in rows[:top]]


def _template_times(client, urls: list[str]) -> list[dict]:  # type: ignore[no-untyped-def]
    """Per template (the page's own and every include), its rendering time per request, inclusive of
    what it includes and of the queries its lazy querysets run, measured by wrapping Template._render."""
    from django.template.base import Template

    spent: dict[str, float] = {}
    calls: dict[str, int] = {}
    original = Template._render

    def timed(self, context):  # type: ignore[no-untyped-def]
        name = getattr(self.origin, "template_name", None) or self.name or "(inline)"
        t0 = time.perf_counter()
        try:
            return original(self, context)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - t0
            calls[name] = calls.get(name, 0) + 1

    Template._render = timed  # type: ignore[method-assign]
    try:
        for url in urls:
            client.get(url)
    finally:
        Template._render = original  # type: ignore[method-assign]
    rows = [
        {"template": name, "calls_per_request": calls[name] / len(urls), "ms_per_request": 1000 * t / len(urls)}
        for name, t in spent.items()
    ]
    rows.sort(key=lambda r: r["ms_per_request"], reverse=True)
    return [{k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()} for r in rows[:15]]


def _evaluate(value: object, depth: int = 0) -> None:
    """Run the queries a template would run on `value`: querysets and pages are evaluated (with
    their prefetches), lists, tuples and dicts walked (bounded)."""
    from django.core.paginator import Page
    from django.db.models import QuerySet

    if depth > 4:
        return
    if isinstance(value, Page):
        value.paginator.count  # noqa: B018 - the count query a page's heading runs
        value = list(value.object_list)
    elif isinstance(value, QuerySet):
        value = list(value)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        for item in value[:200]:
            _evaluate(item, depth + 1)


def _without_templates(urls: list[str], rounds: int = 3) -> dict:
    """CPU time per request of the page, and of the same request with every view's `render`
    replaced by `_evaluate` over its context and a one-byte answer: the view's own work and its
    queries without any template, a lower bound for the page with any template engine (queries
    that only a template runs would be left out; the query counts say whether there are any).

    Process CPU time, not wall time, and the two interleaved URL by URL, so that other work on
    the machine and its drift affect both alike; the best of `rounds` per URL.

    Measured as a request goes that the page cache does not serve on a site with the page cache
    on (a signed-in member's, less its session and user queries): the page cache passed by, the
    derived data every page shows (the filter choices, `per_content_version`) kept in the process.
    """
    import sys

    from django import shortcuts
    from django.conf import settings
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from wandelnetz.core import page_cache

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip", HTTP_ACCEPT_LANGUAGE="de")

    original = shortcuts.render

    def evaluate_only(request, template_name, context=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        _evaluate(context or {})
        return HttpResponse(b"x", status=kwargs.get("status") or 200)

    # The views import `render` by name (`from django.shortcuts import render`).
    modules = [
        m
        for name, m in list(sys.modules.items())
        if name.startswith("wandelnetz.") and getattr(m, "render", None) is original
    ]

    def cpu_ms(url: str, render) -> tuple[float, int]:  # type: ignore[no-untyped-def]
        for m in modules:
            m.render = render
        try:
            best, queries = float("inf"), 0
            for _ in range(rounds):
                with CaptureQueriesContext(connection) as ctx:
                    t0 = time.process_time()
                    client.get(url)
                    best = min(best, (time.process_time() - t0) * 1000)
                queries = len(ctx.captured_queries)
            return best, queries
        finally:
            for m in modules:
                m.render = original

    full, bare, queries_full, queries_bare = [], [], [], []
    cacheable = page_cache._cacheable_request
    page_cache._cacheable_request = lambda request: False  # the middleware looks it up on each request
    try:
        with override_settings(PAGE_CACHE_SECONDS=max(settings.PAGE_CACHE_SECONDS, 300)):
            for url in urls:
                ms, queries = cpu_ms(url, original)
                full.append(ms)
                queries_full.append(queries)
                ms, queries = cpu_ms(url, evaluate_only)
                bare.append(ms)
                queries_bare.append(queries)
    finally:
        page_cache._cacheable_request = cacheable
    return {
        "cpu_ms": statistics.median(full),
        "queries": statistics.median(queries_full),
        "cpu_ms_without_templates": statistics.median(bare),
        "queries_without_templates": statistics.median(queries_bare),
    }


def profile(pools: dict[str, list[str]], samples: int, cprofile: frozenset[str] = frozenset()) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip", HTTP_ACCEPT_LANGUAGE="de")
    timings: list[tuple[str, float]] = []

    def timed(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        # Django's own log rounds to milliseconds; this keeps microseconds.
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((sql, time.perf_counter() - t0))

    results = {}
    for endpoint, urls in pools.items():
        picked = urls[:: max(1, len(urls) // samples)][:samples]
        for url in picked[:3]:  # warm caches (templates, translations, the database's pages)
            client.get(url)
        rows = []
        slowest: dict[str, list[float]] = {}
        for url in picked:
            timings.clear()
            with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(timed):
                t0 = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - t0
            sql_time = sum(seconds for _, seconds in timings)
            rows.append(
                {
                    "url": url,
                    "status": response.status_code,
                    "ms": elapsed * 1000,
                    "queries": len(ctx.captured_queries),
                    "sql_ms": sql_time * 1000,
                    "bytes": len(response.content),
                }
            )
            for sql, seconds in timings:
                slowest.setdefault(_shape(sql), []).append(seconds * 1000)
        without_templates = _without_templates(picked)
        functions = templates = None
        if endpoint in cprofile:
            templates = _template_times(client, picked)
            # A second pass under cProfile (it slows the code down, so apart from the timings above):
            # which part of the page – which selector, which template – costs most.
            profiler = cProfile.Profile()
            for url in picked:
                profiler.enable()
                client.get(url)
                profiler.disable()
            functions = _where_time_goes(pstats.Stats(profiler), len(picked))
        slow_rows = sorted(rows, key=lambda r: r["ms"], reverse=True)[:3]
        top_queries = sorted(slowest.items(), key=lambda item: sum(item[1]), reverse=True)[:3]
        results[endpoint] = {
            "samples": len(rows),
            "statuses": sorted({r["status"] for r in rows}),
            "median_ms": statistics.median(r["ms"] for r in rows),
            "max_ms": max(r["ms"] for r in rows),
            "median_queries": statistics.median(r["queries"] for r in rows),
            "max_queries": max(r["queries"] for r in rows),
            "median_sql_ms": statistics.median(r["sql_ms"] for r in rows),
            "median_python_ms": statistics.median(r["ms"] - r["sql_ms"] for r in rows),
            "median_kib": statistics.median(r["bytes"] for r in rows) / 1024,
            "slowest_urls": [
                {k: (round(v, 1) if isinstance(v, float) else v) for k, v in r.items()} for r in slow_rows
            ],
            "top_queries": [
                {"sql": sql, "count": len(times), "total_ms": round(sum(times), 1), "max_ms": round(max(times), 1)}
                for sql, times in top_queries
            ],
            "without_templates": without_templates,
            **({"functions": functions, "templates": templates} if functions is not None else {}),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pools", type=Path, required=True)
    parser.add_argument("--samples", type=int, default=25)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cprofile", default="", help="comma-separated endpoints to also run under cProfile")
    args = parser.parse_args()
    import django

    django.setup()
    pools = json.loads(args.pools.read_text())["pools"]
    cprofile = frozenset(e for e in args.cprofile.split(",") if e)
    args.out.write_text(json.dumps(profile(pools, args.samples, cprofile), indent=1))


if __name__ == "__main__":
    main()

"""The console table and docs/benchmarks.md from a run's results."""

from __future__ import annotations

from pathlib import Path

# Endpoint key → (label, URL shape) in the order of the tables.
ENDPOINTS = {
    "health": ("Bare view (ceiling)", "/health/"),
    "actor_list": ("Actor list", "/akteure/ (?page=2…25)"),
    "actor_list_filtered": ("Actor list, filtered", "/akteure/?topic=‹top topic›&region=‹district›&kind=association"),
    "actor_list_q": ("Actor list, text filter", "/akteure/?q=‹term›"),
    "actor_detail": ("Actor page", "/akteure/‹slug›/"),
    "topic_detail": ("Topic page", "/themen/‹slug›/"),
    "search": ("Search", "/suche/?q=‹term›"),
    # Issue 4 (the topic page became the topic hub: bodies, follow-ups by status, actors, dates).
    "topic_hub": ("Topic hub (bodies, follow-ups)", "/themen/‹slug›/ of topics with bodies and follow-ups"),
    "atlas": ("Atlas of bodies", "/gremien/ (?level=…, ?power=…, ?topic=…, ?region=…)"),
    "follow_ups": ("Follow-ups", "/ergebnisse/ (?page=2…10, ?status=…)"),
}
DB_LABELS = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
# Result sets of a database entry: the pages as deployed (the cache warmed by one request to every
# URL), the same with the cache emptied and not warmed, and with the anonymous page cache off.
MODES = {
    "results": "page cache on, warm",
    "cold": "page cache on, cold (emptied, not warmed)",
    "uncached": "page cache off (every page rendered)",
}
CACHED_MODES = ("results", "cold")

TARGET_SHARE = 25.0  # % of the bare view's rps
TARGET_P99_MS = 150.0
TARGET_SEARCH_P95_MS = 50.0
TARGET_PREVIEW_MS = 200.0  # the import preview of the seed minutes (issue 4), judged on its p95

ANALYSIS_START = "<!-- analysis:start (kept by bench.run; edit freely) -->"
ANALYSIS_END = "<!-- analysis:end -->"


def share(result: dict, bare: dict | None) -> float | None:
    if not bare or not bare.get("rps"):
        return None
    return 100.0 * result["rps"] / bare["rps"]


def non_ok(result: dict) -> int:
    return sum(n for status, n in result.get("statuses", {}).items() if status != "200") + sum(
        result.get("errors", {}).values()
    )


def targets(results: dict[str, dict]) -> list[tuple[str, bool, str]]:
    """(target, met, details) for one set of results."""
    bare = results.get("health")
    pages = {k: v for k, v in results.items() if k != "health"}
    low = [(k, share(v, bare)) for k, v in pages.items() if (share(v, bare) or 0) < TARGET_SHARE]
    slow = [(k, v["p99_ms"]) for k, v in results.items() if v["p99_ms"] > TARGET_P99_MS]
    failing = [(k, non_ok(v)) for k, v in results.items() if non_ok(v)]
    out = [
        (
            f"every page ≥ {TARGET_SHARE:.0f} % of the bare view's rps",
            not low,
            ", ".join(f"{ENDPOINTS[k][0]} {s:.1f} %" for k, s in low) or "all pages",
        ),
        (
            f"p99 ≤ {TARGET_P99_MS:.0f} ms at 16 connections",
            not slow,
            ", ".join(f"{ENDPOINTS[k][0]} {p:.0f} ms" for k, p in slow) or "all pages",
        ),
    ]
    if "topic_hub" in results:
        s = share(results["topic_hub"], bare) or 0.0
        out.append(
            (f"topic hub ≥ {TARGET_SHARE:.0f} % of the bare view's rps (issue 4)", s >= TARGET_SHARE, f"{s:.1f} %")
        )
    if "search" in results:
        p95 = results["search"]["p95_ms"]
        out.append((f"search p95 ≤ {TARGET_SEARCH_P95_MS:.0f} ms", p95 <= TARGET_SEARCH_P95_MS, f"{p95:.1f} ms"))
    out.append(("every response 200", not failing, ", ".join(f"{ENDPOINTS[k][0]}: {n}" for k, n in failing) or "all"))
    return out


def _sets(run: dict) -> list[tuple[str, str, dict]]:
    """(database, mode, results) for every result set of the run, in table order."""
    return [(db, mode, entry[mode]) for mode in MODES for db, entry in run["databases"].items() if entry.get(mode)]


def _set_label(db: str, mode: str, run: dict) -> str:
    if run["config"].get("page_cache", "on") == "off":
        return f"{DB_LABELS[db]}, page cache off"
    return DB_LABELS[db] + {"uncached": ", page cache off", "cold": ", cache cold"}.get(mode, "")


def preview_rows(run: dict) -> list[tuple[str, str, dict | None, list[str]]]:
    """(database, what, timings or None, errors) of the minutes import preview, per database."""
    rows = []
    for db, entry in run["databases"].items():
        preview = entry.get("minutes_preview")
        if preview is None:
            continue
        errors = preview.get("errors", [])
        rows.append((db, "build_proposal", preview.get("importer"), errors))
        rows.append((db, "HTTP preview", preview.get("http"), errors))
    return rows


def preview_met(timings: dict | None) -> bool | None:
    return None if timings is None else timings["p95_ms"] <= TARGET_PREVIEW_MS


def _preview_markdown(run: dict) -> list[str]:
    rows = preview_rows(run)
    if not rows:
        return []
    out = [
        "### Import preview of the seed minutes (issue 4)",
        "",
        "`bench/minutes_preview.py`, one process, in the world above (production-like settings, page cache "
        "irrelevant: signed in), one warm-up then the runs: `build_proposal(text, event=stammtisch-2021-12-06)` "
        "alone, and the whole preview – a POST of the text to `/protokolle/stammtisch-2021-12-06/hochladen/` by "
        "the signed-in demo moderator through Django's test client (form, importer, preview page). Target: "
        f"≤ {TARGET_PREVIEW_MS:.0f} ms (judged on p95).",
        "",
        "| Database | What | runs | median ms | p95 ms | max ms | queries | target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for db, what, timings, errors in rows:
        if timings is None:
            reason = "; ".join(errors) or "not measured"
            out.append(f"| {DB_LABELS[db]} | {what} | – | – | – | – | – | not measured ({reason}) |")
            continue
        met = preview_met(timings)
        queries = _fmt(timings.get("median_queries"), 0)
        out.append(
            f"| {DB_LABELS[db]} | {what} | {timings['runs']} | {_fmt(timings['median_ms'])} | "
            f"{_fmt(timings['p95_ms'])} | {_fmt(timings['max_ms'])} | {queries} | "
            + ("met" if met else "**missed** ✗")
            + " |"
        )
    found = next(
        (
            p["importer"].get("found")
            for _, e in run["databases"].items()
            if (p := e.get("minutes_preview")) and p.get("importer")
        ),
        None,
    )
    if found:
        out += ["", "The importer found: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in found.items()) + "."]
    return [*out, ""]


def _preview_console(run: dict) -> list[str]:
    lines = []
    for db, what, timings, errors in preview_rows(run):
        label = f"{DB_LABELS[db]}, {what}"
        if timings is None:
            lines.append(f"{label:<30} NOT MEASURED minutes preview: {'; '.join(errors) or 'no result'}")
            continue
        verdict = "MET   " if preview_met(timings) else "MISSED"
        lines.append(
            f"{label:<30} {verdict} preview ≤ {TARGET_PREVIEW_MS:.0f} ms: median {timings['median_ms']:.1f}, "
            f"p95 {timings['p95_ms']:.1f}, max {timings['max_ms']:.1f} ms ({timings['runs']} runs)"
        )
    return lines


def console_table(run: dict) -> str:
    lines = []
    for mode, title in MODES.items():
        dbs = [db for db, entry in run["databases"].items() if entry.get(mode)]
        if not dbs:
            continue
        if run["config"].get("page_cache", "on") == "off":
            title = MODES["uncached"]
        header = f"{'page (' + title + ')':<44}" + "".join(
            f"| {DB_LABELS[db]:<10} {'rps':>8} {'%bare':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'non200':>6} {'hit%':>5} "
            for db in dbs
        )
        lines += ["", header, "-" * len(header)]
        for key, (label, _) in ENDPOINTS.items():
            row = f"{label:<44}"
            present = False
            for db in dbs:
                results = run["databases"][db][mode]
                result = results.get(key)
                if result is None:
                    row += f"| {'':<10} {'–':>8} {'':>6} {'':>7} {'':>7} {'':>7} {'':>6} {'':>5} "
                    continue
                present = True
                s = share(result, results.get("health"))
                mark = "⚠" if result.get("disturbed") else ""
                pct = f"{s:.0f}%" if s is not None else ""
                hits = result.get("cache_hit_pct")
                row += (
                    f"| {mark:<10} {result['rps']:>8.1f} {pct:>6} "
                    f"{result['p50_ms']:>7.1f} {result['p95_ms']:>7.1f} {result['p99_ms']:>7.1f} "
                    f"{non_ok(result):>6} {('' if hits is None else f'{hits:.0f}'):>5} "
                )
            if present:
                lines.append(row)
    lines.append("(latencies in ms; rps = requests per second; %bare = rps as % of /health/; hit% = page cache hits)")
    for db, mode, results in _sets(run):
        for name, met, details in targets(results):
            lines.append(f"{_set_label(db, mode, run):<30} {'MET   ' if met else 'MISSED'} {name}: {details}")
    lines += _preview_console(run)
    return "\n".join(lines)


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}".replace(",", " ")


def _results_table(run: dict, mode: str) -> list[str]:
    dbs = [db for db, entry in run["databases"].items() if entry.get(mode)]
    cached = mode in CACHED_MODES and run["config"].get("page_cache", "on") != "off"
    columns = ["rps", "% of bare", "p50 ms", "p95 ms", "p99 ms", *(["cache hits"] if cached else [])]
    head = (
        "| Page | "
        + " | ".join(" | ".join(f"{DB_LABELS[db]} {c}" if i == 0 else c for i, c in enumerate(columns)) for db in dbs)
        + " |"
    )
    lines = [head, "|" + "---|" * (1 + len(columns) * len(dbs))]
    for key, (label, _) in ENDPOINTS.items():
        cells = []
        present = False
        for db in dbs:
            results = run["databases"][db][mode]
            result = results.get(key)
            if result is None:
                cells += ["–"] * len(columns)
                continue
            present = True
            s = share(result, results.get("health"))
            p99 = _fmt(result["p99_ms"])
            p95 = _fmt(result["p95_ms"])
            if result["p99_ms"] > TARGET_P99_MS:
                p99 = f"**{p99}** ✗"
            if key == "search" and result["p95_ms"] > TARGET_SEARCH_P95_MS:
                p95 = f"**{p95}** ✗"
            if key == "health":
                share_cell = "100 %"
            elif s is not None and s < TARGET_SHARE:
                share_cell = f"**{_fmt(s)} %** ✗"
            else:
                share_cell = f"{_fmt(s)} %"
            rps = _fmt(result["rps"]) + (" ⚠" if result.get("disturbed") else "")
            if non_ok(result):
                rps += f" ({non_ok(result)} failed)"
            cells += [rps, share_cell, _fmt(result["p50_ms"]), p95, p99]
            if cached:
                hits = result.get("cache_hit_pct")
                cells.append("–" if hits is None else f"{hits:.0f} %")
        if present:
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def _cpu_table(run: dict, mode: str) -> list[str]:
    dbs = [db for db, entry in run["databases"].items() if entry.get(mode)]
    lines = [
        "| Page | "
        + " | ".join(f"{DB_LABELS[db]}: server | client | PostgreSQL | other | busy | CPU ms/request" for db in dbs)
        + " |",
        "|---|" + "---|" * (6 * len(dbs)),
    ]
    for key, (label, _) in ENDPOINTS.items():
        cells = []
        for db in dbs:
            r = run["databases"][db][mode].get(key)
            if r is None or "cpu" not in r:
                cells += ["–"] * 6
                continue
            c = r["cpu"]
            per_request = 1000.0 * (c["server_cores"] + c["postgres_cores"]) / r["rps"] if r["rps"] else None
            cells += [
                _fmt(c["server_cores"], 2),
                _fmt(c["client_cores"], 2),
                _fmt(c["postgres_cores"], 2),
                _fmt(c["other_cores"], 2) + (" ⚠" if r.get("disturbed") else ""),
                f"{_fmt(c['machine_busy_pct'], 0)} %",
                _fmt(per_request),
            ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


INTRO = """# Benchmarks

How fast Wandelnetz answers under load, on a large generated world, with SQLite and with PostgreSQL
side by side. Everything below "Latest results" is written by the last full run of `make bench`,
except the analysis at the end, which the run keeps.

## How to run

```sh
make bench                                   # full world, both databases, writes this file (~20 min)
uv run --frozen python -m bench.run --quick  # smoke check: small world, short runs, writes var/bench/quick/
uv run --frozen python -m bench.run --regenerate          # rebuild the cached worlds first
uv run --frozen python -m bench.run --databases sqlite    # one database only
uv run --frozen python -m bench.run --page-cache off      # only the rendering cost (faster)
uv run --frozen python -m bench.run --quick --pages topic_hub,atlas   # only some pages (+ the bare view)
uv run --frozen python -m bench.run --preview-runs 0      # without the minutes import preview
uv run --frozen python -m bench.run --sweep               # compare gunicorn workers × threads
uv run --frozen python -m bench.run --from-results var/bench/runs/‹run›/results.json  # rewrite this file
```

PostgreSQL is reached at `BENCH_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432`); the run
creates its own database `wandelnetz_bench` there (`wandelnetz_bench_quick` for `--quick`). Each run keeps
its raw results, gunicorn logs and URL lists in `var/bench/runs/‹date›/`.

## What is measured

* **World.** The demo world (`load_demo_world()`), then bulk-created with a fixed seed: 20,000 actors
  (94 % published; 1–4 topics, 1–2 regions, 30 % with places), 1,000 topics in a three-level tree
  (10 › 90 › 900), 1,000 regions below the demo Reviere (districts › municipalities › localities),
  2,000 places and 60,000 confirmed relations (members of umbrella actors with a long tail – the
  largest has about 500 –, funding, partnerships); since issue 4 also 2,000 bodies (kind, level, power
  and openness at random but typical of the kind – councils decide, forums inform –; 1–3 topics, mostly
  leaves; 1–2 regions of their level; 0–6 seats, 45 % civil society, 55 % voting, 55 % held by an
  actor and the rest by a role, some ended; 1–2 sources; 45 % verified, some more than 12 months ago)
  and 20,000 follow-ups (1–2 topics; status history: created in a status, 30 % with 1–3 more allowed
  steps, reasons for stalled and rejected; 60 % owned by an actor; a few from each past demo event,
  the rest entered directly). Descriptions draw words by Zipf's law, so search
  terms range from "in most actors" to "in a handful". Tree paths are set level by level as
  `attach_node` does; the search index is built with `rebuild_index()`; PostgreSQL then gets
  `VACUUM ANALYZE` (what autovacuum does after a bulk load), SQLite gets no `ANALYZE` (the app never
  runs one). The worlds are cached – the SQLite file `var/bench/wandelnetz.sqlite3`, the PostgreSQL
  database `wandelnetz_bench`, each with a stamp `var/bench/world-*.json` – and migrated on reuse.
* **Server.** gunicorn with the project's `gunicorn.conf.py` (gthread, access log on), overriding only
  the address, workers × threads and `--max-requests 0` (recycling every ~5,000 requests would restart
  a worker every few seconds at the bare view's rate and measure Django's start-up). Production-like
  settings: `DEBUG=0`, a `SECRET_KEY`, `ALLOWED_HOSTS=127.0.0.1`, `SECURE_SSL_REDIRECT=0`,
  `SECURE_COOKIES=0`, `STATIC_MANIFEST=1` after `collectstatic` into `DATA_DIR=var/bench`; the
  settings' own database options (SQLite: WAL, a new connection per request; PostgreSQL:
  `CONN_MAX_AGE=60` with health checks); the cache as docs/deploy.md deploys it with more than one
  app process: Redis (`REDIS_URL`, a database of its own at `BENCH_REDIS_URL`, emptied before each
  page); `--cache locmem` measures each process's own memory instead (the default without Redis).
* **Page cache.** Anonymous pages are cached whole (`wandelnetz/core/page_cache.py`), stored
  compressed. Every page is therefore loaded three times. (1) As deployed, warm: the cache is
  emptied, every URL of the page is requested once (a pass over all 3,000 actor pages, 1,015 topic
  pages …, not measured: the cache as a site under steady traffic has it), then the page is
  measured. (2) Cold: emptied and not warmed, so that pages with thousands of URLs mostly miss within
  the 12 s – a burst of visits right after a restart or an edit (an edit makes every cached page
  outdated). (3) With `PAGE_CACHE_SECONDS=0`, where every request is rendered: the cost of a miss
  and of a signed-in visitor. The last table says how much work a page is; the first what visitors
  get once the pages are cached. `--page-cache on` runs only (1), `both` (1) and (3),
  `--no-warm-pool` makes (1) cold as well.
* **Load.** `bench/loadgen.py`, a closed-loop asyncio HTTP/1.1 client in a second process: 16 keep-alive
  connections (reopened after 50 requests or 1 s, so that both gunicorn workers get connections: a
  gthread worker keeps every connection it accepted), `Accept-Encoding: gzip` like a browser, a warm-up
  (not measured) and then a fixed duration per page, rotating through many URLs per page (thousands of
  actor and topic slugs, district × topic filters, common to rare search terms). rps = responses
  completed in the measured window ÷ its length; p50/p95/p99 over every measured request. A request
  on a connection the server has just closed is sent again once, as browsers do. A closed loop hides
  some queueing (coordinated omission); at 16 connections p99 still shows the slow pages.
* **Shared CPU.** The client, gunicorn and PostgreSQL share the machine's cores, so every number is
  lower than on a dedicated server. The CPU tables show what each side took: the client needs about a
  quarter of a core at the bare view's rate and next to nothing on the pages, so it is not the
  bottleneck, but what it uses the server lacks (the bare view's ceiling is about 15 % low). Other
  processes on the machine (other developers' test runs and browsers) are noise: before each page the
  run waits for the machine to be idle, and a page during which others used more than the threshold
  is measured again; ⚠ marks one that stayed disturbed.
* **Profile.** After the load, one request at a time through Django's test client (page cache off)
  with `CaptureQueriesContext`: queries per request, SQL time and Python (view + template) time.
* **Import preview (issue 4).** `bench/minutes_preview.py` times the importer on the seed minutes
  (`../shared/seed/2021-12-06-strukturwandel-stammtisch.md`, outside the project) and the whole preview
  page as a signed-in moderator gets it, in each database's world. Without the seed minutes, the
  importer or the preview page the run says so and fails at its end – it never reports a number it
  did not measure.

Targets (from the issues): every page ≥ 25 % of the bare view's rps; p99 ≤ 150 ms at 16 concurrent
connections; search p95 ≤ 50 ms; issue 4: the topic hub ≥ 25 % of the bare view's rps in a world of
2,000 bodies, 20,000 follow-ups and 20,000 actors, and the import preview of the seed minutes ≤ 200 ms.
"""


def markdown(run: dict, previous_doc: str | None) -> str:
    m = run["machine"]
    cfg = run["config"]
    dbs = list(run["databases"])
    out = [
        INTRO,
        f"## Latest results ({m['date']})",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu_model']}), {m['memory']} RAM, {m['kernel']}; "
        f"Python {m['python']}, Django {m['django']}, gunicorn {m['gunicorn']}, SQLite {m['sqlite']}, "
        f"PostgreSQL {m.get('postgresql', 'not run')}.",
        "",
        f"Run: gunicorn gthread {cfg['workers']} workers × {cfg['threads']} threads; {cfg['connections']} "
        f"connections; {cfg['warmup']:g} s warm-up + {cfg['duration']:g} s measured per page; world "
        f"`{cfg['size']}`; total runtime {run['runtime_s'] / 60:.1f} min. Code: {m.get('code', 'unknown')}.",
        "",
    ]
    for mode in MODES:
        if not any(entry.get(mode) for entry in run["databases"].values()):
            continue
        how = {"redis": "shared Redis cache", "locmem": "each process's own cache"}.get(cfg.get("cache", "locmem"))
        if mode == "results" and cfg.get("page_cache", "on") != "off":
            warmed = ", every URL requested once before measuring" if cfg.get("warm_pool") else ", not warmed"
            out += [f"### Pages as deployed (anonymous page cache on: {how}{warmed})", ""]
        elif mode == "cold":
            out += [
                f"### Pages as deployed with a cold cache ({how}, emptied before each page, not warmed: "
                "the first seconds after a restart or an edit)",
                "",
            ]
        else:
            out += ["### Pages rendered on every request (page cache off)", ""]
        out += [*_results_table(run, mode), ""]
    both = sum(1 for mode in MODES if any(entry.get(mode) for entry in run["databases"].values())) >= 2
    out += [
        "✗ marks a missed target, ⚠ a page measured while other processes used the machine (see the CPU "
        "tables). Latencies in milliseconds."
        + (" The bare view is outside the page cache; all tables use the same ceiling." if both else ""),
        "",
        "### Targets",
        "",
        "| Target | " + " | ".join(_set_label(db, mode, run) for db, mode, _ in _sets(run)) + " |",
        "|---|" + "---|" * len(_sets(run)),
    ]
    per_set = [targets(results) for _, _, results in _sets(run)]
    for i, (name, _, _) in enumerate(per_set[0]):
        cells = []
        for rows in per_set:
            _, met, details = rows[i] if i < len(rows) else ("", False, "–")
            cells.append(("met" if met else "**missed**") + f" ({details})")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out += ["", *_preview_markdown(run)]
    out += [
        "### CPU during the measured window",
        "",
        f"Cores in use on average (the machine has {m['nproc']}): the gunicorn processes, the load generator, "
        "PostgreSQL's processes, and everything else on the machine (noise). Busy = the whole machine. "
        "CPU ms/request = (gunicorn + PostgreSQL cores) ÷ rps: what one response costs the machine under load.",
        "",
    ]
    for mode, title in MODES.items():
        if any(entry.get(mode) for entry in run["databases"].values()):
            if cfg.get("page_cache", "on") == "off":
                title = MODES["uncached"]
            out += [f"With the {title}:", "", *_cpu_table(run, mode), ""]
    out += [
        "### Per request, one at a time",
        "",
        "Medians over sampled URLs of each page, through Django's test client in one process, page cache off.",
        "",
        "| Page | "
        + " | ".join(f"{DB_LABELS[db]} queries | SQL ms | Python ms | total ms | KiB (gzip)" for db in dbs)
        + " |",
        "|---|" + "---|" * (5 * len(dbs)),
    ]
    for key, (label, _) in ENDPOINTS.items():
        cells = []
        for db in dbs:
            p = run["databases"][db].get("profile", {}).get(key)
            if p is None:
                cells += ["–"] * 5
                continue
            queries = _fmt(p["median_queries"], 0) + (
                f" (max {p['max_queries']})" if p["max_queries"] != p["median_queries"] else ""
            )
            cells += [
                queries,
                _fmt(p["median_sql_ms"]),
                _fmt(p["median_python_ms"]),
                _fmt(p["median_ms"]),
                _fmt(p["median_kib"]),
            ]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out += _floor_table(run, dbs)
    out += ["", "The most expensive query shape of each page (summed over the samples):", ""]
    for db in dbs:
        for key, (label, _) in ENDPOINTS.items():
            p = run["databases"][db].get("profile", {}).get(key)
            if not p or not p["top_queries"] or key == "health":
                continue
            q = p["top_queries"][0]
            out.append(
                f"* {DB_LABELS[db]}, {label}: {q['count']}× {q['total_ms']:.1f} ms in total, max "
                f"{q['max_ms']:.1f} ms – `{q['sql'][:200]}{'…' if len(q['sql']) > 200 else ''}`"
            )
    for db in dbs:
        for key, (label, _) in ENDPOINTS.items():
            functions = run["databases"][db].get("profile", {}).get(key, {}).get("functions")
            if not functions:
                continue
            out += [
                "",
                f"Where the time of the {label.lower()} goes ({DB_LABELS[db]}, cProfile over the same samples, "
                "cumulative ms per request – cProfile slows Python down: compare the rows, not the timings above):",
                "",
                "| Function | calls per request | cumulative ms per request |",
                "|---|---|---|",
                *(
                    f"| `{f['function']}` | {_fmt(f['calls_per_request'])} | {_fmt(f['cum_ms_per_request'])} |"
                    for f in functions[:12]
                ),
            ]
            templates = run["databases"][db]["profile"][key].get("templates") or []
            if templates:
                out += [
                    "",
                    f"Its templates ({DB_LABELS[db]}, without cProfile; each inclusive of its includes and of the "
                    "queries its lazy querysets run):",
                    "",
                    "| Template | renders per request | ms per request |",
                    "|---|---|---|",
                    *(
                        f"| `{t['template']}` | {_fmt(t['calls_per_request'])} | {_fmt(t['ms_per_request'])} |"
                        for t in templates[:10]
                    ),
                ]
    out += ["", "### URLs", ""]
    for key, (label, shape) in ENDPOINTS.items():
        counts = [run["databases"][db].get("results", {}).get(key, {}).get("distinct_urls") for db in dbs]
        out.append(f"* {label}: `{shape}`, {max(c or 0 for c in counts)} distinct URLs")
    out += [
        "",
        "World (" + ", ".join(f"{k}: {v:,}".replace(",", " ") for k, v in run["world_counts"].items()) + ").",
        "",
    ]
    analysis = None
    if previous_doc and ANALYSIS_START in previous_doc and ANALYSIS_END in previous_doc:
        analysis = previous_doc.split(ANALYSIS_START, 1)[1].split(ANALYSIS_END, 1)[0].strip("\n")
    out += [
        "## Analysis",
        "",
        ANALYSIS_START,
        analysis if analysis is not None else "(Not analysed yet.)",
        ANALYSIS_END,
        "",
    ]
    return "\n".join(out)


def _times(ms: float, base: float) -> str:
    return f"{ms / base:.0f}×" if base else "–"


def _floor_table(run: dict, dbs: list[str]) -> list[str]:
    """Each page's CPU per request against the same request without its template (bench.profile's
    `_without_templates`), both as multiples of the bare view's: how near any template engine could
    bring a rendered page to the 25 % target (at most 4×)."""
    floors = {
        db: {
            key: p["without_templates"]
            for key, p in run["databases"][db].get("profile", {}).items()
            if p.get("without_templates")
        }
        for db in dbs
    }
    if not any(floors.values()):
        return []
    out = [
        "",
        "Without the template: the same requests with each view's `render` replaced by an evaluation of "
        "what it hands the template (its querysets and pages, so the same queries run – the counts say "
        "so) and a one-byte answer. Process CPU time (for PostgreSQL without the server's share), the best "
        "of 3 per URL, median over the URLs; × = multiple of the bare view's CPU per request. No template "
        f"engine can bring a page below its second number; {100 / TARGET_SHARE:.0f}× is what "
        f"{TARGET_SHARE:.0f} % of the bare view's rps allows.",
        "",
        "| Page | "
        + " | ".join(f"{DB_LABELS[db]} CPU ms | × bare | without template ms | × bare | queries" for db in dbs)
        + " |",
        "|---|" + "---|" * (5 * len(dbs)),
    ]
    for key, (label, _) in ENDPOINTS.items():
        cells = []
        for db in dbs:
            floor, bare = floors[db].get(key), floors[db].get("health")
            if floor is None or bare is None or key == "health":
                cells += ["–"] * 5
                continue
            base = bare["cpu_ms"]
            queries = _fmt(floor["queries"], 0)
            if floor["queries_without_templates"] != floor["queries"]:
                queries += f" ({_fmt(floor['queries_without_templates'], 0)} without)"
            cells += [
                _fmt(floor["cpu_ms"]),
                _times(floor["cpu_ms"], base),
                _fmt(floor["cpu_ms_without_templates"]),
                _times(floor["cpu_ms_without_templates"], base),
                queries,
            ]
        if key == "health":
            bare_cells = []
            for db in dbs:
                bare = floors[db].get("health")
                bare_cells += [_fmt(bare["cpu_ms"], 2) if bare else "–", "1×", "–", "–", "0"]
            cells = bare_cells
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    return out


def write_doc(run: dict, path: Path) -> None:
    previous = path.read_text(encoding="utf-8") if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown(run, previous), encoding="utf-8")

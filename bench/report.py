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
}
DB_LABELS = {"sqlite": "SQLite", "postgres": "PostgreSQL"}

TARGET_SHARE = 25.0  # % of the bare view's rps
TARGET_P99_MS = 150.0
TARGET_SEARCH_P95_MS = 50.0

ANALYSIS_START = "<!-- analysis:start (kept by bench.run; edit freely) -->"
ANALYSIS_END = "<!-- analysis:end -->"


def share(result: dict, bare: dict | None) -> float | None:
    if not bare or not bare.get("rps"):
        return None
    return 100.0 * result["rps"] / bare["rps"]


def non_ok(result: dict) -> int:
    return sum(n for status, n in result.get("statuses", {}).items() if status != "200") + sum(
        result.get("errors", {}).values())


def targets(results: dict[str, dict]) -> list[tuple[str, bool, str]]:
    """(target, met, details) for one database's results."""
    bare = results.get("health")
    pages = {k: v for k, v in results.items() if k != "health"}
    low = [(k, share(v, bare)) for k, v in pages.items() if (share(v, bare) or 0) < TARGET_SHARE]
    slow = [(k, v["p99_ms"]) for k, v in results.items() if v["p99_ms"] > TARGET_P99_MS]
    failing = [(k, non_ok(v)) for k, v in results.items() if non_ok(v)]
    out = [
        (f"every page ≥ {TARGET_SHARE:.0f} % of the bare view's rps", not low,
         ", ".join(f"{ENDPOINTS[k][0]} {s:.1f} %" for k, s in low) or "all pages"),
        (f"p99 ≤ {TARGET_P99_MS:.0f} ms at 16 connections", not slow,
         ", ".join(f"{ENDPOINTS[k][0]} {p:.0f} ms" for k, p in slow) or "all pages"),
    ]
    if "search" in results:
        p95 = results["search"]["p95_ms"]
        out.append((f"search p95 ≤ {TARGET_SEARCH_P95_MS:.0f} ms", p95 <= TARGET_SEARCH_P95_MS, f"{p95:.1f} ms"))
    out.append(("every response 200", not failing,
                ", ".join(f"{ENDPOINTS[k][0]}: {n}" for k, n in failing) or "all"))
    return out


def console_table(run: dict) -> str:
    dbs = list(run["databases"])
    header = f"{'page':<26}" + "".join(
        f"| {DB_LABELS[db]:<10} {'rps':>8} {'%bare':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'non200':>6} " for db in dbs)
    lines = [header, "-" * len(header)]
    for key, (label, _) in ENDPOINTS.items():
        row = f"{label:<26}"
        present = False
        for db in dbs:
            result = run["databases"][db]["results"].get(key)
            if result is None:
                row += f"| {'':<10} {'–':>8} {'':>6} {'':>7} {'':>7} {'':>7} {'':>6} "
                continue
            present = True
            s = share(result, run["databases"][db]["results"].get("health"))
            row += (f"| {'':<10} {result['rps']:>8.1f} {(f'{s:.0f}%' if s is not None else ''):>6} "
                    f"{result['p50_ms']:>7.1f} {result['p95_ms']:>7.1f} {result['p99_ms']:>7.1f} "
                    f"{non_ok(result):>6} ")
        if present:
            lines.append(row)
    lines.append("(latencies in ms; rps = requests per second; %bare = rps as % of /health/)")
    for db in dbs:
        for name, met, details in targets(run["databases"][db]["results"]):
            lines.append(f"{DB_LABELS[db]:<10} {'MET   ' if met else 'MISSED'} {name}: {details}")
    return "\n".join(lines)


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}".replace(",", " ")


def _results_table(run: dict) -> list[str]:
    dbs = list(run["databases"])
    head = "| Page | " + " | ".join(
        f"{DB_LABELS[db]} rps | % of bare | p50 ms | p95 ms | p99 ms" for db in dbs) + " |"
    lines = [head, "|" + "---|" * (1 + 5 * len(dbs))]
    for key, (label, _) in ENDPOINTS.items():
        cells = []
        present = False
        for db in dbs:
            result = run["databases"][db]["results"].get(key)
            if result is None:
                cells += ["–"] * 5
                continue
            present = True
            s = share(result, run["databases"][db]["results"].get("health"))
            p99 = _fmt(result["p99_ms"])
            p95 = _fmt(result["p95_ms"])
            if result["p99_ms"] > TARGET_P99_MS:
                p99 = f"**{p99}** ✗"
            if key == "search" and result["p95_ms"] > TARGET_SEARCH_P95_MS:
                p95 = f"**{p95}** ✗"
            share_cell = "100 %" if key == "health" else (
                f"**{_fmt(s)} %** ✗" if s is not None and s < TARGET_SHARE else f"{_fmt(s)} %")
            cells += [_fmt(result["rps"]), share_cell, _fmt(result["p50_ms"]), p95, p99]
        if present:
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def markdown(run: dict, previous_doc: str | None) -> str:
    m = run["machine"]
    cfg = run["config"]
    dbs = list(run["databases"])
    out = [
        "# Benchmarks",
        "",
        "How fast Wandelnetz answers under load, on a large generated world, with SQLite and with PostgreSQL",
        "side by side. The numbers below are written by the last full run of `make bench`.",
        "",
        "## How to run",
        "",
        "```sh",
        "make bench                                   # full world, both databases, writes this file (~6–12 min)",
        "uv run --frozen python -m bench.run --quick  # smoke check: small world, short runs, writes var/bench/quick/",
        "uv run --frozen python -m bench.run --regenerate          # rebuild the cached worlds first",
        "uv run --frozen python -m bench.run --databases sqlite    # one database only",
        "uv run --frozen python -m bench.run --sweep               # compare gunicorn workers × threads",
        "```",
        "",
        "PostgreSQL is reached at `BENCH_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432`); the run",
        "creates its own database `wandelnetz_bench` there (`wandelnetz_bench_quick` for `--quick`).",
        "",
        "## What is measured",
        "",
        "* **World.** The demo world (`load_demo_world()`), then bulk-created with a fixed seed: 20,000 actors",
        "  (94 % published; 1–4 topics, 1–2 regions, 30 % with places), 1,000 topics in a three-level tree, 1,000",
        "  regions below the demo Reviere (districts › municipalities › localities), 2,000 places and 60,000",
        "  confirmed relations (members of umbrella actors with a long tail – the largest has several hundred –,",
        "  funding and partnerships). Tree paths are set level by level as `attach_node` does; the search index",
        "  is built with `rebuild_index()`; PostgreSQL then gets `VACUUM ANALYZE` (what autovacuum does after a",
        "  bulk load), SQLite gets no `ANALYZE` (the app never runs one). The worlds are cached: the SQLite file",
        "  in `var/bench/wandelnetz.sqlite3`, the PostgreSQL database `wandelnetz_bench`, each with a stamp",
        "  `var/bench/world-*.json`; `--regenerate` rebuilds them.",
        "* **Server.** gunicorn, gthread worker, production-like settings: `DEBUG=0`, a `SECRET_KEY`,",
        "  `ALLOWED_HOSTS=127.0.0.1`, `SECURE_SSL_REDIRECT=0`, `SECURE_COOKIES=0`, `STATIC_MANIFEST=1` after",
        "  `collectstatic` into `DATA_DIR=var/bench`; the settings' own database options (SQLite: WAL, a new",
        "  connection per request; PostgreSQL: `CONN_MAX_AGE=60` with health checks); locmem cache, no Redis.",
        "* **Load.** `bench/loadgen.py`, a closed-loop asyncio HTTP/1.1 client in a second process: 16 keep-alive",
        "  connections, `Accept-Encoding: gzip` like a browser, a warm-up (not measured) and then a fixed",
        "  duration per page, rotating through many URLs per page (hundreds of actor and topic slugs, district ×",
        "  topic filters, common to rare search terms) so no single row stays hot. rps = responses completed in",
        "  the measured window ÷ its length; p50/p95/p99 are over every measured request. A closed loop hides",
        "  queueing a little (coordinated omission); at 16 connections p99 still shows the slow pages.",
        "* **Shared CPU.** The client, gunicorn and PostgreSQL share the machine's cores, so every number is",
        "  lower than on a dedicated server. The CPU table shows how much of the machine each side took; the",
        "  client needs far less than a core, so it is not the bottleneck, but what it uses the server lacks.",
        "* **Profile.** After the load, one request at a time through Django's test client with",
        "  `CaptureQueriesContext`: queries per request, SQL time and Python (view + template) time per page.",
        "",
        "Targets (from the issue): every page ≥ 25 % of the bare view's rps; p99 ≤ 150 ms at 16 concurrent",
        "connections; search p95 ≤ 50 ms.",
        "",
        f"## Latest results ({m['date']})",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu_model']}), {m['memory']} RAM, {m['kernel']}; "
        f"Python {m['python']}, Django {m['django']}, gunicorn {m['gunicorn']}, SQLite {m['sqlite']}, "
        f"PostgreSQL {m.get('postgresql', 'not run')}.",
        "",
        f"Run: gunicorn gthread {cfg['workers']} workers × {cfg['threads']} threads; {cfg['connections']} connections; "
        f"{cfg['warmup']:g} s warm-up + {cfg['duration']:g} s measured per page; world `{cfg['size']}`; "
        f"total runtime {run['runtime_s'] / 60:.1f} min.",
        "",
        *_results_table(run),
        "",
        "✗ marks a missed target. Latencies in milliseconds.",
        "",
        "### Targets",
        "",
        "| Target | " + " | ".join(DB_LABELS[db] for db in dbs) + " |",
        "|---|" + "---|" * len(dbs),
    ]
    per_db = {db: targets(run["databases"][db]["results"]) for db in dbs}
    for i, (name, _, _) in enumerate(per_db[dbs[0]]):
        cells = []
        for db in dbs:
            _, met, details = per_db[db][i] if i < len(per_db[db]) else ("", False, "–")
            cells.append(("met" if met else "**missed**") + f" ({details})")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out += [
        "",
        "### CPU during the measured window",
        "",
        "Cores in use on average (the machine has " + str(m["nproc"]) + "): the gunicorn processes, the load "
        "generator, and everything else (mostly PostgreSQL's backends).",
        "",
        "| Page | " + " | ".join(f"{DB_LABELS[db]} server | client | other | machine busy" for db in dbs) + " |",
        "|---|" + "---|" * (4 * len(dbs)),
    ]
    for key, (label, _) in ENDPOINTS.items():
        cells = []
        for db in dbs:
            r = run["databases"][db]["results"].get(key)
            if r is None or "cpu" not in r:
                cells += ["–"] * 4
                continue
            c = r["cpu"]
            cells += [_fmt(c["server_cores"], 2), _fmt(r["client_cpu_cores"], 2), _fmt(c["other_cores"], 2),
                      f"{_fmt(c['machine_busy_pct'], 0)} %"]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out += [
        "",
        "### Per request, one at a time",
        "",
        "Medians over sampled URLs of each page, through Django's test client in one process (no concurrency).",
        "",
        "| Page | " + " | ".join(f"{DB_LABELS[db]} queries | SQL ms | Python ms | total ms | KiB (gzip)"
                                  for db in dbs) + " |",
        "|---|" + "---|" * (5 * len(dbs)),
    ]
    for key, (label, _) in ENDPOINTS.items():
        cells = []
        for db in dbs:
            p = run["databases"][db].get("profile", {}).get(key)
            if p is None:
                cells += ["–"] * 5
                continue
            queries = _fmt(p["median_queries"], 0) + (f" (max {p['max_queries']})" if p["max_queries"] !=
                                                        p["median_queries"] else "")
            cells += [queries, _fmt(p["median_sql_ms"]), _fmt(p["median_python_ms"]), _fmt(p["median_ms"]),
                      _fmt(p["median_kib"])]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out += ["", "Most expensive query shapes per page (summed over the samples):", ""]
    for db in dbs:
        for key, (label, _) in ENDPOINTS.items():
            p = run["databases"][db].get("profile", {}).get(key)
            if not p or not p["top_queries"] or key == "health":
                continue
            q = p["top_queries"][0]
            out.append(f"* {DB_LABELS[db]}, {label}: {q['count']}× {q['total_ms']:.1f} ms in total, max "
                       f"{q['max_ms']:.1f} ms – `{q['sql'][:220]}{'…' if len(q['sql']) > 220 else ''}`")
    out += ["", "### URLs", ""]
    for key, (label, shape) in ENDPOINTS.items():
        counts = [run["databases"][db]["results"].get(key, {}).get("distinct_urls") for db in dbs]
        out.append(f"* {label}: `{shape}`, {max(c or 0 for c in counts)} distinct URLs")
    out += ["", "World (" + ", ".join(f"{k}: {v:,}".replace(",", " ") for k, v in
                                       run["world_counts"].items()) + ").", ""]
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


def write_doc(run: dict, path: Path) -> None:
    previous = path.read_text(encoding="utf-8") if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown(run, previous), encoding="utf-8")

"""`make bench`: generate (or reuse) the large world, load-test each page on SQLite and PostgreSQL
under gunicorn, profile the pages, print a table and write docs/benchmarks.md.

    python -m bench.run [--quick] [--regenerate] [--databases sqlite,postgres] [--pages a,b] [--sweep]

Every step runs in its own process with the production-like environment of bench.common, so
this process never imports the app. Only loopback is used; every load run is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from bench import report, server
from bench.common import DOC, POSTGRES_SERVER_URL, REDIS_SERVER_URL, ROOT, SIZES, WorldSize, data_dir, django_env

DEFAULT_WORKERS = 2
DEFAULT_THREADS = 4


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def python(args: list[str], env: dict[str, str], *, timeout: float, capture: bool = False) -> str:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        timeout=timeout,
        text=True,
        stdout=subprocess.PIPE if capture else None,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"`python {' '.join(args)}` failed with exit code {done.returncode}")
    return done.stdout or ""


def machine_info() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
        platform.processor() or "unknown",
    )
    mem_kib = int(
        next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    )
    import sqlite3

    import django
    import gunicorn

    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "memory": f"{mem_kib / 1024 / 1024:.1f} GiB",
        "kernel": f"Linux {platform.release()}",
        "python": platform.python_version(),
        "django": django.__version__,
        "gunicorn": gunicorn.__version__,
        "sqlite": sqlite3.sqlite_version,
        "code": git_state(),
    }


def git_state() -> str:
    """The commit the run measured, and whether the app's files had uncommitted changes."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--", "wandelnetz"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return "not a git checkout"
    return f"commit {commit}" + (f" with {len(status)} uncommitted changes in wandelnetz/" if status else "")


def check_responses(port: int, pools: dict[str, list[str]]) -> dict[str, str]:
    """Before loading a page, fetch a few of its URLs once: they must answer 200."""
    import urllib.error
    import urllib.request

    problems = {}
    for endpoint, urls in pools.items():
        for url in urls[:: max(1, len(urls) // 5)][:5]:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=30) as response:  # noqa: S310
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError as error:
                status = error.__class__.__name__
            if status != 200:
                problems[endpoint] = f"{url} answered {status}"
                break
    return problems


class Quiet:
    """Other processes on the machine (test suites, browsers) distort a load test: before each page,
    wait until the machine is idle, within a time budget for the whole run."""

    def __init__(self, threshold: float, budget: float) -> None:
        self.threshold = threshold
        self.budget = budget

    def wait(self) -> float:
        """Busy cores of the idle machine (our server idle): what others use right now."""
        while True:
            busy_before, _ = server.machine_cpu()
            time.sleep(1.0)
            busy_after, _ = server.machine_cpu()
            self.budget -= 1.0
            background = busy_after - busy_before
            if background <= self.threshold or self.budget <= 0:
                return background
            log(
                f"   (machine busy with other processes: {background:.2f} cores; waiting, "
                f"{self.budget:.0f} s of waiting left)"
            )


def cpu_snapshot() -> tuple[float, tuple[float, float], dict[int, tuple[str, float, float]]]:
    return time.monotonic(), server.machine_cpu(), server.process_cpu()


def cpu_between(before: tuple, after: tuple, srv: server.Server, client_cores: float) -> dict:
    """Average cores used between two snapshots: by gunicorn, the load generator, PostgreSQL, others."""
    wall = after[0] - before[0]
    busy = (after[1][0] - before[1][0]) / wall
    total = (after[1][1] - before[1][1]) / wall
    server_cores, per_worker = srv.cores_between(before[2], after[2], wall)
    postgres = (
        sum(
            row[1] - before[2].get(pid, ("", 0.0, 0.0))[1]
            for pid, row in after[2].items()
            if row[0].startswith("postgres")
        )
        / wall
    )
    return {
        "server_cores": server_cores,
        "worker_cores": per_worker,
        "client_cores": client_cores,  # the load generator's own measurement (it has exited by now)
        "postgres_cores": postgres,
        "other_cores": max(0.0, busy - server_cores - client_cores - postgres),
        "machine_busy_cores": busy,
        "machine_busy_pct": 100.0 * busy / total if total else 0.0,
    }


def loadgen_command(
    srv: server.Server, urls: list[str], urls_file: Path, args: argparse.Namespace, warmup: float, duration: float
) -> list[str]:
    """The load generator's command line for `urls` (written to `urls_file`)."""
    urls_file.write_text(json.dumps(urls))
    return [
        sys.executable,
        "-m",
        "bench.loadgen",
        "--port",
        str(srv.port),
        "--urls",
        str(urls_file),
        "--connections",
        str(args.connections),
        "--warmup",
        str(warmup),
        "--duration",
        str(duration),
    ]


def load_one(srv: server.Server, urls: list[str], work: Path, name: str, args: argparse.Namespace) -> dict:
    command = loadgen_command(srv, urls, work / f"urls-{name}.json", args, args.warmup, args.duration)
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    time.sleep(args.warmup + 0.3)  # the loadgen's start-up plus its warm-up: then measure CPU
    before = cpu_snapshot()
    try:
        out, _ = process.communicate(timeout=args.duration + 60)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    after = cpu_snapshot()
    if process.returncode != 0:
        raise SystemExit(f"the load generator failed for {name}")
    result = json.loads(out)
    result["cpu"] = cpu_between(before, after, srv, result["client_cpu_cores"])
    return result


def warm(srv: server.Server, urls: list[str], work: Path, name: str, args: argparse.Namespace) -> dict:
    """Request every URL of the page once (16 connections, not measured): the shared cache as a site
    under steady traffic has it. Returns what the pass saw (statuses, cache hits and misses)."""
    command = loadgen_command(srv, urls, work / f"urls-{name}-warm.json", args, 0.0, WARM_PASS_LIMIT_S)
    command += ["--max-requests", str(len(urls))]
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, timeout=WARM_PASS_LIMIT_S + 60)
    if done.returncode != 0:
        raise SystemExit(f"the load generator failed while warming {name}")
    result = json.loads(done.stdout)
    seconds = time.monotonic() - started
    log(
        f"   (warmed {name}: {result['requests']} URLs in {seconds:.0f} s, "
        f"cache {result['page_cache']}, statuses {result['statuses']})"
    )
    return {"seconds": seconds, "requests": result["requests"], "page_cache": result["page_cache"]}


def empty_shared_cache() -> None:
    import redis

    redis.Redis.from_url(REDIS_SERVER_URL).flushdb()


def measure(srv: server.Server, urls: list[str], work: Path, name: str, args: argparse.Namespace, quiet: Quiet) -> dict:
    """Load one page; once more if other processes took a noticeable share of the machine meanwhile."""
    best = None
    for attempt in range(1, args.retries + 2):
        background = quiet.wait()
        result = load_one(srv, urls, work, f"{name}-{attempt}", args)
        result["background_cores_before"] = background
        result["attempts"] = attempt
        if best is None or result["cpu"]["other_cores"] < best["cpu"]["other_cores"]:
            best = result
        if result["cpu"]["other_cores"] <= args.noise_threshold:
            break
        log(
            f"   (other processes used {result['cpu']['other_cores']:.2f} cores during {name}; "
            + ("measuring again)" if attempt <= args.retries else "keeping the least disturbed run)")
        )
    assert best is not None
    best["disturbed"] = best["cpu"]["other_cores"] > args.noise_threshold
    return best


def postgres_reachable() -> str | None:
    """None if PostgreSQL accepts connections at BENCH_POSTGRES_URL, else why not."""
    import socket
    from urllib.parse import urlsplit

    url = urlsplit(POSTGRES_SERVER_URL)
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 5432), timeout=3):
            return None
    except OSError as error:
        return f"PostgreSQL is not reachable at {url.hostname}:{url.port or 5432} ({error})"


def redis_reachable() -> str | None:
    """None if Redis answers at BENCH_REDIS_URL, else why not."""
    import redis

    try:
        redis.Redis.from_url(REDIS_SERVER_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return f"Redis is not reachable at {REDIS_SERVER_URL} ({error})"
    return None


def log_result(endpoint: str, result: dict) -> None:
    cpu = result["cpu"]
    hits = f"  cache hits {result['cache_hit_pct']:.0f} %" if result.get("cache_hit_pct") is not None else ""
    log(
        f"   {endpoint:<22} {result['rps']:8.1f} rps  p50 {result['p50_ms']:6.1f}  "
        f"p95 {result['p95_ms']:6.1f}  p99 {result['p99_ms']:6.1f} ms  non-200 {report.non_ok(result)}{hits}  "
        f"cores: server {cpu['server_cores']:.2f}, client {cpu['client_cores']:.2f}, "
        f"postgres {cpu['postgres_cores']:.2f}, other {cpu['other_cores']:.2f}; per worker {cpu['worker_cores']}"
    )


def load_pages(
    env: dict[str, str],
    pools: dict[str, list[str]],
    workers: int,
    threads: int,
    label: str,
    work: Path,
    args: argparse.Namespace,
    quiet: Quiet,
    warm_pool: bool = False,
) -> dict[str, dict]:
    """Start gunicorn with `env`, load each page of `pools` in turn, stop it.

    With the page cache on and the shared (Redis) cache, the cache is emptied before each page and,
    with `warm_pool`, every URL of the page requested once before it is measured. With the
    in-process cache, a page whose URLs an earlier page already requested (the topic hub is the topic
    page of most topics) gets a freshly started server instead, so that it is not measured on the
    cache the earlier page filled."""
    log(f"== {label}: gunicorn gthread {workers} workers × {threads} threads")
    log_file = work / f"gunicorn-{label}-{workers}x{threads}.log"
    srv = server.start(env, workers=workers, threads=threads, log=log_file)
    cache_on = env.get("PAGE_CACHE_SECONDS") != "0"
    requested: set[str] = set()
    results = {}
    try:
        problems = check_responses(srv.port, pools)
        for endpoint, problem in problems.items():
            log(f"   !! {endpoint}: {problem}")
        for endpoint, urls in pools.items():
            if cache_on and "REDIS_URL" in env:
                empty_shared_cache()
            elif cache_on and requested & set(urls):
                log(f"   (restarting gunicorn: an earlier page filled the page cache with URLs of {endpoint})")
                srv.stop()
                srv = server.start(env, workers=workers, threads=threads, log=log_file.with_suffix(f".{endpoint}.log"))
            requested |= set(urls)
            warmed = None
            if cache_on and warm_pool and endpoint != "health":
                warmed = warm(srv, urls, work, f"{label}-{endpoint}", args)
            result = measure(srv, urls, work, f"{label}-{endpoint}", args, quiet)
            if warmed is not None:
                result["warm_pass"] = warmed
            if endpoint in problems:
                result["check"] = problems[endpoint]
            log_result(endpoint, result)
            results[endpoint] = result
    finally:
        srv.stop()
    return results


def bench_database(db: str, size: WorldSize, args: argparse.Namespace, work: Path, quiet: Quiet) -> dict:
    env = django_env(db, size)
    if args.cache == "redis":
        env["REDIS_URL"] = REDIS_SERVER_URL
    # The same server with the anonymous page cache off: what rendering each page costs.
    uncached_env = {**env, "PAGE_CACHE_SECONDS": "0"}
    log(f"\n== {db}: world")
    pools_file = work / f"pools-{db}.json"
    world_args = ["-m", "bench.world", "--db", db, "--size", size.name, "--pools", str(pools_file)]
    python(world_args + (["--regenerate"] if args.regenerate else []), env, timeout=1800)
    world = json.loads(pools_file.read_text())
    pools = {k: v for k, v in world["pools"].items() if k in args.endpoints}
    # Every run: a static file added or changed since the last run would otherwise be missing from
    # the manifest (a 500 on every page). collectstatic only copies what changed.
    python(["manage.py", "collectstatic", "--no-input", "--verbosity", "0"], env, timeout=300)
    entry: dict = {"world": world["world"]}

    if args.sweep:
        entry["sweep"] = {
            f"{workers}x{threads}": load_pages(uncached_env, pools, workers, threads, f"{db}-sweep", work, args, quiet)
            for workers, threads in SWEEP
        }
        return entry
    pages = {k: v for k, v in pools.items() if k != "health"}
    if args.page_cache in ("on", "both", "all"):
        entry["results"] = load_pages(
            env, pools, args.workers, args.threads, f"{db}-cached", work, args, quiet, warm_pool=args.warm_pool
        )
    if args.page_cache == "all" and args.warm_pool:
        cold = load_pages(env, pages, args.workers, args.threads, f"{db}-cold", work, args, quiet, warm_pool=False)
        entry["cold"] = {"health": entry["results"]["health"], **cold}
    if args.page_cache in ("off", "both", "all"):
        if args.page_cache == "off":
            pages = pools
        uncached = load_pages(uncached_env, pages, args.workers, args.threads, f"{db}-uncached", work, args, quiet)
        if args.page_cache == "off":
            entry["results"] = uncached
        else:
            # The bare view is outside the page cache: one ceiling for both tables.
            entry["uncached"] = {"health": entry["results"]["health"], **uncached}
    if args.profile_samples:
        log(f"== {db}: profile ({args.profile_samples} requests per page, one at a time, page cache off)")
        profile_file = work / f"profile-{db}.json"
        profile_args = ["--pools", str(pools_file), "--samples", str(args.profile_samples), "--out", str(profile_file)]
        profile_args += ["--cprofile", ",".join(e for e in CPROFILED if e in args.endpoints)]
        python(["-m", "bench.profile", *profile_args], uncached_env, timeout=900)
        entry["profile"] = {k: v for k, v in json.loads(profile_file.read_text()).items() if k in args.endpoints}
    if args.preview_runs:
        entry["minutes_preview"] = minutes_preview(env, db, work, args)
    return entry


def minutes_preview(env: dict[str, str], db: str, work: Path, args: argparse.Namespace) -> dict:
    """Time the import preview of the seed minutes (bench.minutes_preview) in this database's world.

    Missing seed minutes, importer or preview page are recorded as errors (and make the run fail
    at its end), never as numbers."""
    log(f"== {db}: import preview of the seed minutes ({args.preview_runs} runs after one warm-up)")
    out = work / f"minutes-preview-{db}.json"
    command = [sys.executable, "-m", "bench.minutes_preview", "--runs", str(args.preview_runs), "--out", str(out)]
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, timeout=900, check=False)
        returncode = done.returncode
    except subprocess.TimeoutExpired:
        returncode = -1
    result = json.loads(out.read_text()) if out.exists() else {}
    result.setdefault("errors", [])
    if returncode != 0 and not result["errors"]:
        result["errors"].append(f"bench.minutes_preview failed with exit code {returncode}")
    for key, label in (("importer", "build_proposal"), ("http", "HTTP preview")):
        if key in result:
            r = result[key]
            log(
                f"   {label:<22} median {r['median_ms']:6.1f}  p95 {r['p95_ms']:6.1f}  max {r['max_ms']:6.1f} ms  "
                f"queries {r['median_queries']}  (target ≤ {result.get('target_ms', 200):.0f} ms)"
            )
    for problem in result["errors"]:
        log(f"   !! {problem}")
    return result


WARM_PASS_LIMIT_S = 600.0  # at most this long to request every URL of one page once

# Pages whose profile also says which function (selector, template) costs most.
CPROFILED = ("topic_hub",)

SWEEP = [(2, 4), (2, 8), (3, 2), (3, 4), (4, 2), (4, 4)]


def sweep_table(run: dict) -> str:
    lines = []
    for db, entry in run["databases"].items():
        lines.append(f"\n{report.DB_LABELS[db]}: rps (p99 ms) per gunicorn config")
        endpoints = list(next(iter(entry["sweep"].values())))
        lines.append(f"{'workers×threads':<16}" + "".join(f"{e[:20]:>24}" for e in endpoints))
        for config, results in entry["sweep"].items():
            lines.append(
                f"{config:<16}"
                + "".join(f"{results[e]['rps']:>14.1f} ({results[e]['p99_ms']:>6.1f})" for e in endpoints)
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small world and short runs: a smoke check")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the cached worlds first")
    parser.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument(
        "--endpoints",
        "--pages",
        default=",".join(report.ENDPOINTS),
        help=f"comma-separated subset of {', '.join(report.ENDPOINTS)} (the bare view is always measured)",
    )
    parser.add_argument(
        "--preview-runs",
        type=int,
        help="timed runs of the minutes import preview per database (default 50, quick 10; 0: skip it)",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS)
    parser.add_argument("--warmup", type=float, help="seconds per page, not measured (default 2, quick 1)")
    parser.add_argument("--duration", type=float, help="measured seconds per page (default 10, quick 3)")
    parser.add_argument("--profile-samples", type=int, help="requests per page for the profile (0: none)")
    parser.add_argument(
        "--noise-threshold",
        type=float,
        default=0.3,
        help="cores other processes may use before a page is measured again (default 0.3)",
    )
    parser.add_argument("--retries", type=int, help="extra runs of a disturbed page (default 1, quick 0)")
    parser.add_argument(
        "--quiet-budget",
        type=float,
        help="seconds the whole run may wait for other processes to calm down (default 150, quick 20)",
    )
    parser.add_argument(
        "--page-cache",
        choices=["all", "both", "on", "off"],
        default="all",
        help="load the pages with the anonymous page cache on and warmed (on), with PAGE_CACHE_SECONDS=0 (off), "
        "both, or all (default): also with the cache on but cold",
    )
    parser.add_argument(
        "--cache",
        choices=["redis", "locmem"],
        default="redis",
        help="the cache of the page-cache run: shared Redis at BENCH_REDIS_URL (default "
        "redis://127.0.0.1:6379/14, emptied before each page), as deployed with several app processes, "
        "or each process's own memory (the default without REDIS_URL)",
    )
    parser.add_argument(
        "--warm-pool",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="with the page cache on, request every URL of a page once before measuring it (default on)",
    )
    parser.add_argument("--sweep", action="store_true", help=f"compare gunicorn configs {SWEEP} (no doc)")
    parser.add_argument(
        "--doc",
        type=Path,
        help="where to write the results (default docs/benchmarks.md; quick runs: var/bench/quick/benchmarks.md)",
    )
    parser.add_argument("--from-results", type=Path, help="only rewrite the doc from a saved results.json")
    args = parser.parse_args()
    if args.from_results:
        run = json.loads(args.from_results.read_text())
        print(report.console_table(run))
        size = SIZES[run["config"]["size"]]
        report.write_doc(run, args.doc or (DOC if size.name == "full" else data_dir(size) / "benchmarks.md"))
        return
    size = SIZES["quick" if args.quick else "full"]
    args.warmup = args.warmup if args.warmup is not None else (1.0 if args.quick else 2.0)
    args.duration = args.duration if args.duration is not None else (3.0 if args.quick else 10.0)
    if args.retries is None:
        args.retries = 0 if args.quick else 1
    if args.quiet_budget is None:
        args.quiet_budget = 20.0 if args.quick else 150.0
    if args.profile_samples is None:
        args.profile_samples = 8 if args.quick else 25
    if args.preview_runs is None:
        args.preview_runs = 10 if args.quick else 50
    args.endpoints = [e for e in args.endpoints.split(",") if e]
    unknown = set(args.endpoints) - set(report.ENDPOINTS)
    if unknown:
        parser.error(f"unknown endpoints: {sorted(unknown)}")
    if "health" not in args.endpoints:
        args.endpoints.insert(0, "health")  # the ceiling every page is compared with
    databases = [d for d in args.databases.split(",") if d]
    if set(databases) - {"sqlite", "postgres"}:
        parser.error("--databases takes sqlite and/or postgres")
    if args.sweep:
        args.endpoints = [e for e in ("health", "actor_list", "actor_detail", "search") if e in args.endpoints]
        args.duration = min(args.duration, 5.0)
        args.profile_samples = 0
        args.preview_runs = 0

    if "postgres" in databases and (problem := postgres_reachable()):
        parser.error(f"{problem}; start it, set BENCH_POSTGRES_URL, or run with --databases sqlite")
    if args.cache == "redis" and args.page_cache != "off" and (problem := redis_reachable()):
        parser.error(f"{problem}; start it, set BENCH_REDIS_URL, or run with --cache locmem")
    started = time.monotonic()
    work = data_dir(size) / "runs" / datetime.now().strftime("%Y%m%d-%H%M%S")
    work.mkdir(parents=True, exist_ok=True)
    run: dict = {
        "machine": machine_info(),
        "config": {
            "workers": args.workers,
            "threads": args.threads,
            "connections": args.connections,
            "warmup": args.warmup,
            "duration": args.duration,
            "size": size.name,
            "noise_threshold": args.noise_threshold,
            "gunicorn_conf": (ROOT / "gunicorn.conf.py").exists(),
            "page_cache": args.page_cache,
            "cache": args.cache,
            "warm_pool": args.warm_pool,
        },
        "databases": {},
    }
    quiet = Quiet(args.noise_threshold, args.quiet_budget)
    log(f"Benchmark ({size.name} world; results in {work.relative_to(ROOT)})")
    for db in databases:
        run["databases"][db] = bench_database(db, size, args, work, quiet)
        version = run["databases"][db]["world"]["database"]["version"]
        if db == "postgres":
            run["machine"]["postgresql"] = version
    run["world_counts"] = {
        k: v for k, v in next(iter(run["databases"].values()))["world"]["counts"].items() if not k.endswith("_links")
    }
    run["runtime_s"] = time.monotonic() - started
    (work / "results.json").write_text(json.dumps(run, indent=1))
    if args.sweep:
        table = sweep_table(run)
        print(table)
        (work / "sweep.txt").write_text(table + "\n")
        return
    print()
    print(report.console_table(run))
    doc = args.doc or (data_dir(size) / "benchmarks.md" if args.quick else DOC)
    report.write_doc(run, doc)
    print(
        f"\nWrote {doc.relative_to(ROOT) if doc.is_relative_to(ROOT) else doc}; "
        f"total runtime {run['runtime_s'] / 60:.1f} min."
    )
    failed = [
        f"{db}: {problem}"
        for db, entry in run["databases"].items()
        for problem in entry.get("minutes_preview", {}).get("errors", [])
    ]
    if failed:
        raise SystemExit("The minutes import preview could not be measured:\n  " + "\n  ".join(failed))


if __name__ == "__main__":
    main()

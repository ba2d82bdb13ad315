"""`make bench`: generate (or reuse) the large world, load-test each page on SQLite and PostgreSQL
under gunicorn, profile the pages, print a table and write docs/benchmarks.md.

    python -m bench.run [--quick] [--regenerate] [--databases sqlite,postgres] [--sweep]

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
from bench.common import DOC, ROOT, SIZES, WorldSize, data_dir, django_env

DEFAULT_WORKERS = 2
DEFAULT_THREADS = 4


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def python(args: list[str], env: dict[str, str], *, timeout: float, capture: bool = False) -> str:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, timeout=timeout, text=True,
                          stdout=subprocess.PIPE if capture else None, check=False)
    if done.returncode != 0:
        raise SystemExit(f"`python {' '.join(args)}` failed with exit code {done.returncode}")
    return done.stdout or ""


def machine_info() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
                 platform.processor() or "unknown")
    mem_kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal")))
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
    }


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


def load_one(srv: server.Server, urls: list[str], work: Path, name: str, args: argparse.Namespace) -> dict:
    urls_file = work / f"urls-{name}.json"
    urls_file.write_text(json.dumps(urls))
    command = [sys.executable, "-m", "bench.loadgen", "--port", str(srv.port), "--urls", str(urls_file),
               "--connections", str(args.connections), "--warmup", str(args.warmup),
               "--duration", str(args.duration)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    time.sleep(args.warmup + 0.3)  # the loadgen's start-up plus its warm-up: then measure CPU
    server_before, (busy_before, total_before) = srv.cpu_seconds(), server.machine_cpu()
    wall_before = time.monotonic()
    try:
        out, _ = process.communicate(timeout=args.duration + 60)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    wall = time.monotonic() - wall_before
    server_after, (busy_after, total_after) = srv.cpu_seconds(), server.machine_cpu()
    if process.returncode != 0:
        raise SystemExit(f"the load generator failed for {name}")
    result = json.loads(out)
    server_cores = (server_after - server_before) / wall
    busy_cores = (busy_after - busy_before) / wall
    result["cpu"] = {
        "server_cores": server_cores,
        "machine_busy_cores": busy_cores,
        "machine_busy_pct": 100.0 * (busy_after - busy_before) / max(1e-9, total_after - total_before),
        "other_cores": max(0.0, busy_cores - server_cores - result["client_cpu_cores"]),
    }
    return result


def bench_database(db: str, size: WorldSize, args: argparse.Namespace, work: Path) -> dict:
    env = django_env(db, size)
    log(f"\n== {db}: world")
    pools_file = work / f"pools-{db}.json"
    world_args = ["-m", "bench.world", "--db", db, "--size", size.name, "--pools", str(pools_file)]
    python(world_args + (["--regenerate"] if args.regenerate else []), env, timeout=1800)
    world = json.loads(pools_file.read_text())
    pools = {k: v for k, v in world["pools"].items() if k in args.endpoints}
    if not (data_dir(size) / "static" / "staticfiles.json").exists() or args.regenerate:
        python(["manage.py", "collectstatic", "--no-input", "--verbosity", "0"], env, timeout=300)

    results: dict[str, dict] = {}
    configs = [(args.workers, args.threads)] if not args.sweep else SWEEP
    sweep: dict[str, dict] = {}
    for workers, threads in configs:
        log(f"== {db}: gunicorn gthread {workers} workers × {threads} threads")
        srv = server.start(env, workers=workers, threads=threads, log=work / f"gunicorn-{db}-{workers}x{threads}.log")
        try:
            problems = check_responses(srv.port, pools)
            for endpoint, problem in problems.items():
                log(f"   !! {endpoint}: {problem}")
            for endpoint, urls in pools.items():
                result = load_one(srv, urls, work, f"{db}-{endpoint}", args)
                if endpoint in problems:
                    result["check"] = problems[endpoint]
                log(f"   {endpoint:<22} {result['rps']:8.1f} rps  p50 {result['p50_ms']:6.1f}  "
                    f"p95 {result['p95_ms']:6.1f}  p99 {result['p99_ms']:6.1f} ms  "
                    f"non-200 {report.non_ok(result)}  server {result['cpu']['server_cores']:.2f} / client "
                    f"{result['client_cpu_cores']:.2f} / other {result['cpu']['other_cores']:.2f} cores")
                if args.sweep:
                    sweep.setdefault(f"{workers}x{threads}", {})[endpoint] = result
                else:
                    results[endpoint] = result
        finally:
            srv.stop()
    entry: dict = {"results": results, "world": world["world"]}
    if args.sweep:
        entry["sweep"] = sweep
        return entry
    if args.profile_samples:
        log(f"== {db}: profile ({args.profile_samples} requests per page, one at a time)")
        profile_file = work / f"profile-{db}.json"
        python(["-m", "bench.profile", "--pools", str(pools_file), "--samples", str(args.profile_samples),
                "--out", str(profile_file)], env, timeout=900)
        entry["profile"] = {k: v for k, v in json.loads(profile_file.read_text()).items() if k in args.endpoints}
    return entry


SWEEP = [(2, 4), (2, 8), (3, 2), (3, 4), (4, 2), (4, 4)]


def sweep_table(run: dict) -> str:
    lines = []
    for db, entry in run["databases"].items():
        lines.append(f"\n{report.DB_LABELS[db]}: rps (p99 ms) per gunicorn config")
        endpoints = list(next(iter(entry["sweep"].values())))
        lines.append(f"{'workers×threads':<16}" + "".join(f"{e[:20]:>24}" for e in endpoints))
        for config, results in entry["sweep"].items():
            lines.append(f"{config:<16}" + "".join(
                f"{results[e]['rps']:>14.1f} ({results[e]['p99_ms']:>6.1f})" for e in endpoints))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small world and short runs: a smoke check")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the cached worlds first")
    parser.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--endpoints", default=",".join(report.ENDPOINTS), help="comma-separated subset")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS)
    parser.add_argument("--warmup", type=float, help="seconds per page, not measured (default 2, quick 1)")
    parser.add_argument("--duration", type=float, help="measured seconds per page (default 10, quick 3)")
    parser.add_argument("--profile-samples", type=int, help="requests per page for the profile (0: none)")
    parser.add_argument("--sweep", action="store_true", help=f"compare gunicorn configs {SWEEP} (no doc)")
    parser.add_argument("--doc", type=Path, help="where to write the results (default docs/benchmarks.md; "
                                                 "quick runs: var/bench/quick/benchmarks.md)")
    args = parser.parse_args()
    size = SIZES["quick" if args.quick else "full"]
    args.warmup = args.warmup if args.warmup is not None else (1.0 if args.quick else 2.0)
    args.duration = args.duration if args.duration is not None else (3.0 if args.quick else 10.0)
    if args.profile_samples is None:
        args.profile_samples = 8 if args.quick else 25
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

    started = time.monotonic()
    work = data_dir(size) / "runs" / datetime.now().strftime("%Y%m%d-%H%M%S")
    work.mkdir(parents=True, exist_ok=True)
    run: dict = {
        "machine": machine_info(),
        "config": {"workers": args.workers, "threads": args.threads, "connections": args.connections,
                   "warmup": args.warmup, "duration": args.duration, "size": size.name},
        "databases": {},
    }
    log(f"Benchmark ({size.name} world; results in {work.relative_to(ROOT)})")
    for db in databases:
        run["databases"][db] = bench_database(db, size, args, work)
        version = run["databases"][db]["world"]["database"]["version"]
        if db == "postgres":
            run["machine"]["postgresql"] = version
    run["world_counts"] = {k: v for k, v in next(iter(run["databases"].values()))["world"]["counts"].items()
                           if not k.endswith("_links")}
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
    print(f"\nWrote {doc.relative_to(ROOT) if doc.is_relative_to(ROOT) else doc}; "
          f"total runtime {run['runtime_s'] / 60:.1f} min.")


if __name__ == "__main__":
    main()

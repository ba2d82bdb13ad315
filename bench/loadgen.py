"""A small closed-loop HTTP/1.1 load generator for loopback (standard library only).

    python -m bench.loadgen --port 8123 --urls urls.json --connections 16 --warmup 2 --duration 10

Each of the `connections` keep-alive connections sends one request, reads the whole response,
and sends the next, rotating through the URL list (shared, so consecutive requests hit
different rows). Connections start 10 ms apart and are reopened after 50 requests or 1 s: a
gthread worker keeps every keep-alive connection it accepted, and a burst of connects can leave
another worker idle for the whole run. Requests started during the warm-up are not measured. The run is bounded in
time (warm-up + duration, plus a hard timeout) and in count (--max-requests). Prints one JSON
object: requests per second, latency percentiles, status counts, and the client's own CPU use
so that a saturated load generator shows.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import resource
import sys
import time

HOST = "127.0.0.1"


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), round(fraction * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


class ClosedBeforeResponse(ConnectionError):
    """The server closed a kept-alive connection before answering (e.g. a worker being recycled)."""


class Run:
    def __init__(
        self,
        port: int,
        urls: list[str],
        warmup: float,
        duration: float,
        max_requests: int,
        accept_encoding: str,
        per_connection: int,
        max_age: float,
    ) -> None:
        self.port = port
        self.per_connection = per_connection
        self.max_age = max_age
        self.urls = itertools.cycle(urls)
        self.max_requests = max_requests
        self.started = 0
        self.latencies: list[float] = []
        self.statuses: dict[str, int] = {}
        self.errors: dict[str, int] = {}
        self.bytes = 0
        self.reconnects = 0
        self.retries = 0  # requests sent again on a new connection, as browsers do
        self.last_cache = ""
        self.cache: dict[str, int] = {}
        self.head = (
            f"Host: {HOST}:{port}\r\nUser-Agent: wandelnetz-bench\r\nAccept: text/html\r\n"
            f"Accept-Language: de\r\n"
            + (f"Accept-Encoding: {accept_encoding}\r\n" if accept_encoding else "")
            + ("Connection: close\r\n\r\n" if per_connection == 1 else "Connection: keep-alive\r\n\r\n")
        ).encode()
        now = time.perf_counter()
        self.measure_from = now + warmup
        self.deadline = self.measure_from + duration

    async def _request(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, url: str) -> tuple[int, bool]:
        writer.write(b"GET " + url.encode() + b" HTTP/1.1\r\n" + self.head)
        try:
            status_line = await reader.readline()
        except ConnectionError as error:
            raise ClosedBeforeResponse from error
        if not status_line:
            raise ClosedBeforeResponse
        status = int(status_line.split(b" ", 2)[1])
        length, chunked, close, cache = 0, False, False, ""
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
            elif name == b"connection" and b"close" in value.lower():
                close = True
            elif name == b"x-page-cache":  # the app's anonymous page cache says hit or miss
                cache = value.strip().decode()
        if chunked:
            while True:
                size = int((await reader.readline()).split(b";")[0], 16)
                await reader.readexactly(size + 2)
                self.bytes += size
                if size == 0:
                    break
        elif length:
            await reader.readexactly(length)
            self.bytes += length
        self.last_cache = cache
        return status, close

    async def connection(self, delay: float) -> None:
        # Staggered start: a burst of connects tends to land on one gunicorn worker.
        await asyncio.sleep(delay)
        reader = writer = None
        sent = 0  # on this connection
        opened = 0.0
        while True:
            if time.perf_counter() >= self.deadline or self.started >= self.max_requests:
                break
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, self.port)
                sent, opened = 0, time.perf_counter()
            url = next(self.urls)
            sent += 1
            self.started += 1
            t0 = time.perf_counter()
            try:
                try:
                    status, close = await self._request(reader, writer, url)
                except ClosedBeforeResponse:
                    if sent == 1:
                        raise
                    # A kept-alive connection the server had just closed: an idempotent request is sent
                    # again on a fresh connection (RFC 9112, 9.3.1), as browsers and proxies do.
                    writer.close()
                    self.retries += 1
                    reader, writer = await asyncio.open_connection(HOST, self.port)
                    sent = 1
                    status, close = await self._request(reader, writer, url)
            except (OSError, ValueError, IndexError, asyncio.IncompleteReadError) as error:
                self.errors[error.__class__.__name__] = self.errors.get(error.__class__.__name__, 0) + 1
                writer.close()
                reader = writer = None
                self.reconnects += 1
                continue
            t1 = time.perf_counter()
            if t0 >= self.measure_from and t1 <= self.deadline:
                self.latencies.append(t1 - t0)
                key = str(status)
                self.statuses[key] = self.statuses.get(key, 0) + 1
                self.cache[self.last_cache] = self.cache.get(self.last_cache, 0) + 1
            if close or (self.per_connection and sent >= self.per_connection) or t1 - opened >= self.max_age:
                writer.close()
                reader = writer = None
                self.reconnects += 1
        if writer is not None:
            writer.close()


async def run(args: argparse.Namespace, urls: list[str]) -> dict:
    load = Run(
        args.port,
        urls,
        args.warmup,
        args.duration,
        args.max_requests,
        args.accept_encoding,
        args.requests_per_connection,
        args.connection_max_age,
    )
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    wall_before = time.perf_counter()
    tasks = [asyncio.create_task(load.connection(i * 0.01)) for i in range(args.connections)]
    done, pending = await asyncio.wait(tasks, timeout=args.warmup + args.duration + args.grace)
    for task in pending:  # a hung server: the run still ends on time
        task.cancel()
    for task in done:
        if task.exception() is not None:
            name = task.exception().__class__.__name__
            load.errors[name] = load.errors.get(name, 0) + 1
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.perf_counter() - wall_before
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    latencies = sorted(load.latencies)
    ms = 1000.0
    return {
        "connections": args.connections,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "requests": len(latencies),
        "rps": len(latencies) / args.duration,
        "p50_ms": percentile(latencies, 0.50) * ms,
        "p95_ms": percentile(latencies, 0.95) * ms,
        "p99_ms": percentile(latencies, 0.99) * ms,
        "max_ms": (latencies[-1] * ms) if latencies else 0.0,
        "mean_ms": (sum(latencies) / len(latencies) * ms) if latencies else 0.0,
        "statuses": load.statuses,
        "errors": load.errors,
        "timed_out_connections": len(pending),
        "reconnects": load.reconnects,
        "retries": load.retries,
        "page_cache": load.cache,  # X-Page-Cache: hit / miss / "" (not cacheable or no cache)
        "cache_hit_pct": 100.0 * load.cache["hit"] / len(latencies)
        if load.cache.get("hit") and latencies
        else (0.0 if load.cache.get("miss") else None),
        "kib_per_response": (load.bytes / max(1, load.started)) / 1024,
        "distinct_urls": len(set(urls)),
        "client_cpu_cores": cpu / wall if wall else 0.0,
        "requests_per_connection": args.requests_per_connection,
        "connection_max_age_s": args.connection_max_age,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--urls", required=True, help="JSON file with a list of paths")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--grace", type=float, default=15.0, help="hard stop this long after the planned end")
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument(
        "--requests-per-connection",
        type=int,
        default=50,
        help="reconnect after this many requests, so that gunicorn's workers share the "
        "connections (0: never; 1: Connection: close on each request)",
    )
    parser.add_argument(
        "--connection-max-age",
        type=float,
        default=1.0,
        help="reconnect after the first response this many seconds after connecting (for slow pages)",
    )
    parser.add_argument("--accept-encoding", default="gzip", help="as browsers send it; '' for none")
    args = parser.parse_args()
    with open(args.urls, encoding="utf-8") as handle:
        urls = json.load(handle)
    if not urls:
        parser.error("no URLs")
    result = asyncio.run(run(args, urls))
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

"""Start and stop the app under gunicorn, and read the CPU time of its processes from /proc."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import ROOT

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path
    config: str = ""
    _known_workers: set[int] = field(default_factory=set)

    def worker_pids(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            return []
        return [int(pid) for pid in children]

    def cores_between(self, before: dict, after: dict, wall: float) -> tuple[float, list[float]]:
        """Cores used by the master and its workers between two process_cpu() snapshots, and per worker.

        A worker recycled meanwhile (max_requests) is counted through the master's reaped-children
        time, less what it had used before the first snapshot."""
        master = self.process.pid
        workers_after = set(self.worker_pids())
        workers_before = {pid for pid, row in before.items() if pid != master and pid in self._known_workers}
        self._known_workers |= workers_after
        total = 0.0
        if master in after and master in before:
            total += (after[master][1] + after[master][2]) - (before[master][1] + before[master][2])
        per_worker = []
        for pid in sorted(workers_after):
            used = after.get(pid, ("", 0.0, 0.0))[1] - before.get(pid, ("", 0.0, 0.0))[1]
            per_worker.append(round(used / wall, 2))
            total += used
        for pid in workers_before - workers_after:  # reaped: its whole life is in the master's children time
            total -= before[pid][1]
        return max(0.0, total) / wall, per_worker

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # our own session, started below
                self.process.wait(timeout=5)


def process_cpu() -> dict[int, tuple[str, float, float]]:
    """pid → (command name, own CPU seconds, CPU seconds of its reaped children) of every process."""
    out = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            data = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        comm = data[data.index("(") + 1 : data.rindex(")")]
        fields = data.rsplit(")", 1)[1].split()
        own = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
        children = (int(fields[13]) + int(fields[14])) / CLOCK_TICKS  # cutime, cstime
        out[int(entry.name)] = (comm, own, children)
    return out


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    total = sum(values[:8])
    return (total - idle) / CLOCK_TICKS, total / CLOCK_TICKS


def start(env: dict[str, str], *, workers: int, threads: int, log: Path, port: int | None = None) -> Server:
    """gunicorn with the project's production configuration (gunicorn.conf.py, if there is one);
    only the address, the gthread pool size, worker recycling and where the logs go are set here."""
    port = port or free_port()
    config = ROOT / "gunicorn.conf.py"
    # No worker recycling: at the bare view's ~1,500 rps the production max_requests=5000 would restart
    # a worker every few seconds, and the run would measure Django's start-up instead of requests.
    command = [
        *(sys.executable, "-m", "gunicorn"),
        *(["--config", str(config)] if config.exists() else []),
        *("--bind", f"127.0.0.1:{port}"),
        *("--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads)),
        *("--max-requests", "0"),
        *("--worker-tmp-dir", "/dev/shm" if Path("/dev/shm").is_dir() else "/tmp"),
        *("--error-logfile", "-"),
        "wandelnetz.wsgi:application",
    ]
    log.parent.mkdir(parents=True, exist_ok=True)
    handle = log.open("w")
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )
    server = Server(process, port, log, config="gunicorn.conf.py" if config.exists() else "")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as response:  # noqa: S310
                if response.status == 200 and len(server.worker_pids()) >= workers:
                    server._known_workers = set(server.worker_pids())
                    return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer /health/ within 60 s; see {log}")

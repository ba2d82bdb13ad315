"""Paths, world sizes and the production-like environment shared by the benchmark's processes.

Nothing here imports Django: the orchestrator (bench.run) only starts processes, each of which
gets its settings from the environment exactly like a deployment does.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
DOC = ROOT / "docs" / "benchmarks.md"

# Bump when the generated world changes shape, so cached databases are regenerated.
WORLD_VERSION = 4  # 4: bodies (with seats and sources) and follow-ups (with their status history)

# A fixed key: the benchmark signs nothing that outlives it.
BENCH_SECRET_KEY = "bench-only-secret-key-0f5c8e2a71d94b3c-not-for-production"  # noqa: S105

POSTGRES_SERVER_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
# The shared cache of a deployment with several app processes (docs/deploy.md); a database of its own,
# emptied before each page.
REDIS_SERVER_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


@dataclass(frozen=True)
class WorldSize:
    name: str
    actors: int
    top_topics: int  # topic tree: top × per_top × per_mid
    topics_per_top: int
    topics_per_mid: int
    new_districts: int  # region tree below the demo regions: districts › municipalities › localities
    municipalities_per_district: int
    localities: int
    places: int
    relations: int
    hubs: int  # umbrella actors that collect many "member of"/"part of" relations
    bodies: int  # committees, advisory boards, forums … with 0–6 seats each
    follow_ups: int  # each with its status history

    @property
    def topics(self) -> int:
        return self.top_topics * (1 + self.topics_per_top * (1 + self.topics_per_mid))

    def as_dict(self) -> dict:
        return {**asdict(self), "topics": self.topics}


FULL = WorldSize(
    name="full",
    actors=20_000,
    top_topics=10,
    topics_per_top=9,
    topics_per_mid=10,
    new_districts=8,
    municipalities_per_district=10,
    localities=752,  # 8 + 240 + 752 = 1,000 regions
    places=2_000,
    relations=60_000,
    hubs=400,
    bodies=2_000,
    follow_ups=20_000,
)
QUICK = WorldSize(
    name="quick",
    actors=2_000,
    top_topics=5,
    topics_per_top=4,
    topics_per_mid=4,
    new_districts=4,
    municipalities_per_district=4,
    localities=60,
    places=200,
    relations=6_000,
    hubs=40,
    bodies=100,
    follow_ups=1_000,
)
SIZES = {"full": FULL, "quick": QUICK}


def data_dir(size: WorldSize) -> Path:
    return VAR if size.name == "full" else VAR / size.name


def postgres_db_name(size: WorldSize) -> str:
    return "wandelnetz_bench" if size.name == "full" else f"wandelnetz_bench_{size.name}"


def database_url(db: str, size: WorldSize) -> str | None:
    """DATABASE_URL for `db`; None means unset, i.e. the settings' SQLite default in DATA_DIR."""
    if db == "sqlite":
        return None
    if db == "postgres":
        return f"{POSTGRES_SERVER_URL.rstrip('/')}/{postgres_db_name(size)}"
    raise ValueError(f"unknown database {db!r}")


def django_env(db: str, size: WorldSize) -> dict[str, str]:
    """The environment of a production-like deployment on loopback, for `db`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "GUNICORN_", "PORT"))
    }
    for name in (
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATA_DIR",
        "MEDIA_ROOT",
        "STATIC_MANIFEST",
        "LOG_LEVEL",
        "SECURE_SSL_REDIRECT",
        "SECURE_COOKIES",
        "HSTS_SECONDS",
        "BEHIND_PROXY",
        "AXES_ENABLED",
    ):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="wandelnetz.settings",
        DEBUG="0",
        SECRET_KEY=BENCH_SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        STATIC_MANIFEST="1",  # collectstatic runs into DATA_DIR/static first, as in production
        DATA_DIR=str(data_dir(size)),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    url = database_url(db, size)
    if url:
        env["DATABASE_URL"] = url
    return env

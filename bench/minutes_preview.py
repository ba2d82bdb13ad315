"""How long the import preview of the seed minutes takes, in the benchmark's world.

    python -m bench.minutes_preview --runs 50 --out PREVIEW.json

Runs in one process with the production-like environment of bench.common (bench.run sets it),
on the large world with the demo world in it, and times two things, each after one warm-up:

* the importer alone: `wandelnetz.minutes.importer.build_proposal(text, event=<the demo event
  stammtisch-2021-12-06>)` (it reads the database to recognise actors, topics and dates but saves
  nothing);
* the whole preview as a coordinator gets it: a POST of the text to the minutes' upload page
  (`/protokolle/stammtisch-2021-12-06/hochladen/`) by the signed-in demo moderator, through
  Django's test client in this process (form, importer, preview template).

The seed minutes live outside the project (../shared/seed/). Without them, or without the
importer, nothing is timed: the JSON says why and the exit code is not 0 (no invented numbers).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import traceback
from pathlib import Path

from bench.common import ROOT
from bench.loadgen import percentile

SEED_MINUTES = ROOT.parent / "shared" / "seed" / "2021-12-06-strukturwandel-stammtisch.md"
EVENT_SLUG = "stammtisch-2021-12-06"
PREVIEW_PATH = f"/protokolle/{EVENT_SLUG}/hochladen/"
TARGET_MS = 200.0


def _stats(samples_ms: list[float], queries: list[int]) -> dict:
    ordered = sorted(samples_ms)
    return {
        "runs": len(ordered),
        "median_ms": statistics.median(ordered),
        "p95_ms": percentile(ordered, 0.95),
        "max_ms": ordered[-1],
        "min_ms": ordered[0],
        "median_queries": statistics.median(queries) if queries else None,
        "max_queries": max(queries) if queries else None,
    }


def _counts() -> dict[str, int]:
    """What an import would create: the preview must leave these unchanged."""
    from wandelnetz.actors.models import Actor
    from wandelnetz.events.models import Contribution, Event
    from wandelnetz.followups.models import FollowUp
    from wandelnetz.minutes.models import Minutes, MinutesLink
    from wandelnetz.topics.models import Topic

    return {
        model.__name__: model.objects.count()
        for model in (Actor, Event, Contribution, FollowUp, Minutes, MinutesLink, Topic)
    }


def time_importer(text: str, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wandelnetz.events.models import Event
    from wandelnetz.minutes import importer  # written with issue 4

    event = Event.objects.get(slug=EVENT_SLUG)
    proposal = importer.build_proposal(text, event=event)  # warm-up
    samples, queries = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            proposal = importer.build_proposal(text, event=event)
            samples.append((time.perf_counter() - t0) * 1000)
        queries.append(len(ctx.captured_queries))
    found = {
        name: len(getattr(proposal, name, []) or [])
        for name in ("contributions", "actors", "topics", "follow_ups", "dates", "links")
    }
    return {**_stats(samples, queries), "found": found}


def _signed_in_client():  # type: ignore[no-untyped-def]
    """A test client signed in as the demo moderator (who may import minutes for any event)."""
    from django.test import Client

    from wandelnetz.accounts.models import User
    from wandelnetz.demo.world import DEMO_MODERATOR_EMAIL

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(User.objects.get(email=DEMO_MODERATOR_EMAIL))
    return client


def time_http_preview(text: str, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _signed_in_client()
    page = client.get(PREVIEW_PATH)
    if page.status_code != 200:
        return {"error": f"GET {PREVIEW_PATH} as the demo moderator answered {page.status_code}"}
    response = client.post(PREVIEW_PATH, {"text": text}, follow=True)  # warm-up
    if response.status_code != 200:
        return {"error": f"POST {PREVIEW_PATH} (the seed minutes) answered {response.status_code}"}
    samples, queries, sizes = [], [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.post(PREVIEW_PATH, {"text": text}, follow=True)
            samples.append((time.perf_counter() - t0) * 1000)
        queries.append(len(ctx.captured_queries))
        sizes.append(len(response.content))
        if response.status_code != 200:
            return {"error": f"POST {PREVIEW_PATH} answered {response.status_code} on a measured run"}
    return {
        **_stats(samples, queries),
        "url": PREVIEW_PATH,
        "redirects": len(response.redirect_chain),
        "kib": statistics.median(sizes) / 1024,
    }


def measure(runs: int) -> tuple[dict, bool]:
    """(result, complete): complete is False when something could not be timed."""
    result: dict = {"seed": str(SEED_MINUTES), "target_ms": TARGET_MS, "event": EVENT_SLUG, "errors": []}
    if not SEED_MINUTES.is_file():
        result["errors"].append(
            f"the seed minutes are missing: {SEED_MINUTES} (the folder ../shared/seed/ must be next to the project)"
        )
        return result, False
    text = SEED_MINUTES.read_text(encoding="utf-8")
    result["seed_chars"] = len(text)
    before = _counts()
    try:
        result["importer"] = time_importer(text, runs)
    except ImportError as error:
        result["errors"].append(f"the importer is missing ({error})")
    except Exception as error:  # report what broke instead of a number
        result["errors"].append(f"build_proposal failed: {error.__class__.__name__}: {error}")
        traceback.print_exc()
    try:
        from django.urls import Resolver404, resolve

        try:
            resolve(PREVIEW_PATH)
        except Resolver404:
            result["errors"].append(f"the preview page {PREVIEW_PATH} does not exist (no URL)")
        else:
            http = time_http_preview(text, runs)
            if "error" in http:
                result["errors"].append(http["error"])
            else:
                result["http"] = http
    except Exception as error:
        result["errors"].append(f"the preview page failed: {error.__class__.__name__}: {error}")
        traceback.print_exc()
    after = _counts()
    if after != before:
        changed = {k: f"{before[k]} → {after[k]}" for k in before if before[k] != after[k]}
        result["errors"].append(f"the preview saved something: {changed}")
    return result, not result["errors"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    import django

    django.setup()
    result, complete = measure(args.runs)
    args.out.write_text(json.dumps(result, indent=1))
    for problem in result["errors"]:
        print(f"   !! minutes preview: {problem}", file=sys.stderr)
    if not complete:
        sys.exit(2)


if __name__ == "__main__":
    main()

"""No date is ever overbooked, whatever the number of concurrent requests (real database, threads).

Each thread has its own database connection; SQLite serialises writers with IMMEDIATE
transactions, PostgreSQL with a row lock on the date (`select_for_update`).
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from wandelnetz.events import services
from wandelnetz.events.models import Occurrence, Registration
from wandelnetz.events.tests.factories import event, occurrence_of

pytestmark = pytest.mark.django_db(transaction=True)

CAPACITY = 20
# PostgreSQL allows 100 connections by default, shared with other test runs: the jobs are
# spread over this many threads, released at the same moment, each running its share in turn.
THREADS = 30


def _run_concurrently(jobs):
    """Run the callables on simultaneous threads; return their results (or errors) in order."""
    workers = min(len(jobs), THREADS)
    barrier = threading.Barrier(workers)
    shares = [list(range(len(jobs)))[w::workers] for w in range(workers)]
    results: list = [None] * len(jobs)

    def run(share):
        try:
            barrier.wait(timeout=30)
            for index in share:
                try:
                    results[index] = jobs[index]()
                except Exception as error:  # noqa: BLE001 - the test reports every error
                    results[index] = error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(run, shares))
    return results


def _date_for(capacity: int = CAPACITY) -> Occurrence:
    occurrence = occurrence_of(event(registration_enabled=True, capacity=capacity))
    return Occurrence.objects.select_related("event").get(pk=occurrence.pk)


def _register_job(occurrence: Occurrence, n: int):
    def job():
        registration, _needs_mail = services.register(
            occurrence, name=f"Person {n}", email=f"person{n}@example.org", email_verified=True
        )
        return registration.status

    return job


def test_hundred_concurrent_registrations_for_twenty_places():
    """100 people register at the same moment for 20 places: 20 get one, 80 wait, nobody fails."""
    occurrence = _date_for()
    results = _run_concurrently([_register_job(occurrence, n) for n in range(100)])
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    assert results.count(Registration.Status.CONFIRMED) == CAPACITY
    assert results.count(Registration.Status.WAITLISTED) == 100 - CAPACITY
    stored = Registration.objects.filter(occurrence=occurrence)
    assert stored.filter(status=Registration.Status.CONFIRMED).count() == CAPACITY
    assert stored.filter(status=Registration.Status.WAITLISTED).count() == 100 - CAPACITY
    # The waitlist has a strict order: everyone has a distinct queue position.
    assert stored.filter(queued_at__isnull=True).count() == 0
    assert services.occurrence_counts(occurrence) == {"confirmed": CAPACITY, "waitlisted": 80, "free": 0}


def test_concurrent_confirmations_of_double_opt_in_never_overbook():
    """People confirming their address at the same moment share the places just the same."""
    occurrence = _date_for(capacity=5)
    pending = [services.register(occurrence, name=f"P{n}", email=f"p{n}@example.org")[0] for n in range(30)]
    results = _run_concurrently([lambda r=r: services.confirm_registration(r).status for r in pending])
    assert [r for r in results if isinstance(r, Exception)] == []
    assert results.count(Registration.Status.CONFIRMED) == 5
    assert results.count(Registration.Status.WAITLISTED) == 25


def test_concurrent_cancellations_and_registrations_never_exceed_capacity():
    """While confirmed people cancel and others register, the confirmed never exceed the places,
    and every freed place is taken from the waitlist."""
    occurrence = _date_for(capacity=10)
    first = [_register_job(occurrence, n)() for n in range(25)]  # 10 confirmed, 15 waiting
    assert first.count(Registration.Status.CONFIRMED) == 10
    confirmed = list(Registration.objects.filter(occurrence=occurrence, status=Registration.Status.CONFIRMED))
    cancel_jobs = [lambda r=r: services.cancel_registration(r) for r in confirmed[:6]]
    register_jobs = [_register_job(occurrence, n) for n in range(100, 140)]
    # Cancelling the same registration twice at once is harmless too.
    double_cancel = [lambda r=confirmed[6]: services.cancel_registration(r)] * 2
    results = _run_concurrently(cancel_jobs + register_jobs + double_cancel)
    assert [r for r in results if isinstance(r, Exception)] == []
    counts = services.occurrence_counts(occurrence)
    assert counts["confirmed"] == 10  # freed places went to the waitlist, none left over or doubled
    assert counts["waitlisted"] == 25 + 40 - 7 - 10
    cancelled = Registration.objects.filter(occurrence=occurrence, status=Registration.Status.CANCELLED)
    assert cancelled.count() == 7
    # The first on the waitlist got the places: nobody who registered later overtook them.
    promoted = Registration.objects.filter(
        occurrence=occurrence,
        status=Registration.Status.CONFIRMED,
        email__in=[f"person{n}@example.org" for n in range(10, 17)],
    )
    assert promoted.count() == 7


def test_the_same_address_registering_at_once_gives_one_registration():
    """A double click, or two tabs: one registration, no error."""
    occurrence = _date_for(capacity=5)
    results = _run_concurrently([_register_job(occurrence, 1) for _ in range(10)])
    assert [r for r in results if isinstance(r, Exception)] == []
    assert Registration.objects.filter(occurrence=occurrence).count() == 1
    assert set(results) == {Registration.Status.CONFIRMED}


def test_confirming_and_cancelling_at_once_leaves_a_consistent_state():
    occurrence = _date_for(capacity=3)
    pending = [services.register(occurrence, name=f"P{n}", email=f"p{n}@example.org")[0] for n in range(12)]
    jobs = [lambda r=r: services.confirm_registration(r) for r in pending]
    jobs += [lambda r=r: services.cancel_registration(r) for r in pending[::2]]
    results = _run_concurrently(jobs)
    assert [r for r in results if isinstance(r, Exception)] == []
    counts = services.occurrence_counts(occurrence)
    assert counts["confirmed"] == 3
    assert counts["confirmed"] + counts["waitlisted"] == 12 - 6
    assert Registration.objects.filter(occurrence=occurrence, status=Registration.Status.CANCELLED).count() == 6

"""Repeated wrong passwords for one account get that account's sign-in refused for a while.

Expected behaviour (two layers):
- allauth's rate limit (ACCOUNT_RATE_LIMITS["login_failed"] = 5 per 5 minutes per address and
  per IP, kept in the cache): from the 6th attempt on, even the right password is refused on
  the re-rendered form (status 200) with "Zu viele gescheiterte Anmeldeversuche …"; the
  refused attempts never reach the authentication backends.
- django-axes (database, AXES_FAILURE_LIMIT = 10): it counts every failure that reaches the
  backends, across processes and restarts. It is the backstop when the cache-based limit is
  not shared (several workers with the default per-process cache) — simulated here by
  switching the allauth limit off. On the 10th failure, and afterwards even with the right
  password, it answers 429 with "Zugang gesperrt: zu viele fehlgeschlagene Anmeldeversuche …".
- Nothing else breaks: other pages still work, fewer failures than the limit do not lock,
  a successful sign-in resets the count, and other people (from elsewhere) can still sign in.
"""

import pytest
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.core.cache import cache
from django.test import Client

from wandelnetz.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"
ALLAUTH_REFUSAL = "Zu viele gescheiterte Anmeldeversuche. Bitte versuchen Sie es später erneut."
AXES_REFUSAL = "Zugang gesperrt: zu viele fehlgeschlagene Anmeldeversuche"
WRONG_PASSWORD = "Die E-Mail-Adresse und/oder das Passwort sind leider falsch."


@pytest.fixture(autouse=True)
def _independent_counters(settings):
    """Both counters start at zero: allauth's in the cache, axes' in the database.

    A fast hasher keeps the many attempts quick; it changes nothing about the counting."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    axes_reset()
    yield
    cache.clear()
    axes_reset()


@pytest.fixture
def person(db):
    return UserFactory(email="person@example.org")


def _sign_in(client: Client, password: str, login: str = "person@example.org"):
    return client.post(LOGIN, {"login": login, "password": password})


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _failures() -> int:
    return sum(AccessAttempt.objects.values_list("failures_since_start", flat=True))


def test_five_wrong_passwords_make_allauth_refuse_even_the_right_one(client, person):
    for attempt in range(5):
        response = _sign_in(client, f"falsch-{attempt}")
        assert response.status_code == 400  # a refused form, as everywhere
        assert WRONG_PASSWORD in response.content.decode()

    response = _sign_in(client, PASSWORD)

    assert response.status_code == 400
    html = response.content.decode()
    assert ALLAUTH_REFUSAL in html
    assert 'class="error-summary"' in html
    assert not _signed_in(client)
    # The refused attempt did not reach the backends: axes saw only the five real failures.
    assert _failures() == 5
    # The rest of the site still works for this visitor.
    assert client.get("/").status_code == 200
    assert client.get("/akteure/").status_code == 200


def test_fewer_failures_than_the_limit_do_not_lock_and_success_resets(client, person):
    for attempt in range(4):
        assert _sign_in(client, f"falsch-{attempt}").status_code == 400
    assert _failures() == 4

    response = _sign_in(client, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in(client)
    assert _failures() == 0  # AXES_RESET_ON_SUCCESS


def test_another_person_from_another_address_can_still_sign_in(client, person):
    for attempt in range(6):
        _sign_in(client, f"falsch-{attempt}")
    assert ALLAUTH_REFUSAL in _sign_in(client, PASSWORD).content.decode()

    other = UserFactory(email="andere@example.org")
    elsewhere = Client(REMOTE_ADDR="192.0.2.77")
    response = _sign_in(elsewhere, PASSWORD, login=other.email)

    assert response.status_code == 302
    assert elsewhere.session["_auth_user_id"] == str(other.pk)


def test_the_allauth_limit_counts_per_address_case_insensitively(client, person):
    for attempt, login in enumerate(["person@example.org", "PERSON@example.org", "Person@Example.org"] * 2):
        _sign_in(client, f"falsch-{attempt}", login=login)

    response = _sign_in(client, PASSWORD, login="person@example.org")

    assert ALLAUTH_REFUSAL in response.content.decode()
    assert not _signed_in(client)


def test_axes_locks_the_account_after_ten_failures_with_a_429(client, person, settings):
    # Without a shared cache, each worker counts for itself; axes counts in the database.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": False}

    for attempt in range(9):
        response = _sign_in(client, f"falsch-{attempt}")
        assert response.status_code == 400  # a refused form, as everywhere
        assert WRONG_PASSWORD in response.content.decode()

    response = _sign_in(client, "falsch-9")
    assert response.status_code == 429
    assert AXES_REFUSAL in response.content.decode()

    response = _sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert AXES_REFUSAL in response.content.decode()
    assert not _signed_in(client)

    # The lock holds for the account from another IP address, too (AXES_LOCKOUT_PARAMETERS).
    response = _sign_in(Client(REMOTE_ADDR="198.51.100.23"), PASSWORD)
    assert response.status_code == 429

    # The lock answer still carries the security headers, and the rest of the site works.
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"
    assert client.get("/").status_code == 200
    assert client.get(LOGIN).status_code == 200


def test_resetting_axes_lifts_the_lock(client, person, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": False}
    for attempt in range(10):
        _sign_in(client, f"falsch-{attempt}")
    assert _sign_in(client, PASSWORD).status_code == 429

    axes_reset(username="person@example.org")
    axes_reset(ip="127.0.0.1")

    response = _sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


@pytest.fixture
def behind_proxy(settings):
    """What BEHIND_PROXY=1 configures: the client address comes from X-Forwarded-For."""
    settings.BEHIND_PROXY = True
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_behind_the_proxy_one_visitors_failures_do_not_lock_out_another(person, behind_proxy):
    """Behind a reverse proxy every REMOTE_ADDR is the proxy's; limits must still be per visitor."""
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    visitor = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.10")
    for attempt in range(12):  # more than the per-address limit of allauth (10 a minute)
        _sign_in(attacker, "falsch", login=f"erfunden-{attempt}@example.org")
    assert ALLAUTH_REFUSAL in _sign_in(attacker, "falsch", login="noch-einer@example.org").content.decode()

    response = _sign_in(visitor, PASSWORD)

    assert ALLAUTH_REFUSAL not in response.content.decode()
    assert response.status_code == 302
    assert _signed_in(visitor)


def test_axes_counts_failures_per_account_not_under_one_empty_name(person, settings):
    """allauth signs in by `email`; axes must still see which account an attempt was for."""
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": False}
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for attempt in range(10):
        _sign_in(attacker, "falsch", login=f"erfunden-{attempt}@example.org")
    assert not AccessAttempt.objects.filter(username__isnull=True).exists()
    assert AccessAttempt.objects.filter(username="erfunden-3@example.org").exists()

    visitor = Client(REMOTE_ADDR="198.51.100.10")
    response = _sign_in(visitor, PASSWORD)
    assert response.status_code == 302
    assert _signed_in(visitor)

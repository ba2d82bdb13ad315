"""Personas shared by every app's tests: member, outsider, moderator, owner (of owned_actor)."""

import pytest


@pytest.fixture
def member(db):
    """A signed-up person who edits nothing."""
    from wandelnetz.accounts.tests.factories import UserFactory

    return UserFactory(display_name="Mitglied")


@pytest.fixture
def outsider(db):
    """Another signed-up person, never an editor of the actor under test."""
    from wandelnetz.accounts.tests.factories import UserFactory

    return UserFactory(display_name="Außenstehende")


@pytest.fixture
def moderator(db):
    from wandelnetz.accounts.models import User
    from wandelnetz.accounts.tests.factories import UserFactory

    return UserFactory(display_name="Moderation", role=User.Role.MODERATOR)


@pytest.fixture
def owner(db):
    """A person who edits `owned_actor`."""
    from wandelnetz.accounts.tests.factories import UserFactory

    return UserFactory(display_name="Redaktion")


@pytest.fixture
def owned_actor(owner):
    from wandelnetz.actors.tests.factories import actor

    return actor("Aktionskreis Beispiel", short_name="AkB", editors=[owner])


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Hashing with PBKDF2 takes a third of a second a time; tests need no strength."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_report_header(config):
    """Say which database this run tests, so a log shows both runs of `make test`."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('NAME')}; cache: {cache}"

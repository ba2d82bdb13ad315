import pytest

from wandelnetz.followups.tests.factories import follow_up


@pytest.fixture
def item(owned_actor):
    """A follow-up owned by `owned_actor`, whose editor is `owner`."""
    return follow_up("Infoplattform", owner_actor=owned_actor)


@pytest.fixture
def editor(client, owner, settings):
    """The client, signed in as `owner`, in English: the messages are checked in English."""
    client.force_login(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client

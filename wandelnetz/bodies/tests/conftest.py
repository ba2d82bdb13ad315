import pytest

from wandelnetz.accounts.tests.factories import UserFactory
from wandelnetz.bodies.tests.factories import body, other_seat


@pytest.fixture
def body_editor():
    return UserFactory(display_name="Gremienredaktion")


@pytest.fixture
def board(body_editor, owned_actor):
    """Edited by body_editor, convened by owned_actor (whose editor is `owner`)."""
    return body("Beirat Strukturwandel", editors=[body_editor], convened_by=owned_actor, seats=[other_seat("Landrat")])

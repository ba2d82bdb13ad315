"""An actor's contact details are links a phone can act on."""

import pytest

from wandelnetz.actors.tests.factories import actor

pytestmark = pytest.mark.django_db


def test_email_and_phone_are_links(client):
    made = actor("Aktionskreis", email="mitmachen@example.org", phone="0341 / 123-456", website="https://example.org/")
    html = client.get(made.get_absolute_url()).content.decode()
    assert '<a href="mailto:mitmachen@example.org">mitmachen@example.org</a>' in html
    assert '<a href="tel:0341123456">0341 / 123-456</a>' in html
    assert '<a href="https://example.org/" rel="noopener nofollow">https://example.org/</a>' in html

"""Required selects offer "Bitte wählen", not Django's "---------" (read out as dashes)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _blank_options(html: str) -> list[str]:
    return re.findall(r'<option value=""(?: selected)?>([^<]*)</option>', html)


def test_the_actor_form_says_please_choose(client, owner, owned_actor):
    client.force_login(owner)
    html = client.get(reverse("actors:actor_edit", args=[owned_actor.slug])).content.decode()
    assert "---------" not in html
    assert "Bitte wählen" in _blank_options(html)


def test_the_body_form_says_please_choose(client, moderator):
    client.force_login(moderator)
    html = client.get(reverse("bodies:body_create")).content.decode()
    assert "---------" not in html
    assert _blank_options(html).count("Bitte wählen") >= 2  # kind and level

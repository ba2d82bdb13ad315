"""The change-history pages of actors and bodies read a fixed number of queries, however long the history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wandelnetz.actors import services as actor_services
from wandelnetz.bodies import services as body_services
from wandelnetz.bodies.tests.factories import body
from wandelnetz.topics.tests.factories import topic

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_actor_history_page_queries_do_not_grow(client, moderator, owner, owned_actor):
    client.force_login(moderator)
    url = reverse("actors:actor_history", args=[owned_actor.slug])
    mobility, energy = topic("Mobilität"), topic("Energie")
    actor_services.update_actor(actor=owned_actor, changed_by=owner, topics=[mobility])
    few = _queries(client, url)
    for number in range(12):
        actor_services.update_actor(
            actor=owned_actor, changed_by=owner, topics=[energy if number % 2 else mobility], phone=f"0341 {number}"
        )
    many = _queries(client, url)
    assert few == many == 8
    html = client.get(url).content.decode()
    assert html.count("Themen") >= 12 and "Telefon" in html


def test_body_history_page_queries_do_not_grow(client, moderator):
    mobility, energy = topic("Mobilität"), topic("Energie")
    made = body("Regionaler Beirat", created_by=moderator, topics=[mobility])
    url = reverse("bodies:body_history", kwargs={"slug": made.slug})
    client.force_login(moderator)
    body_services.update_body(body=made, user=moderator, topics=[energy])
    few = _queries(client, url)
    for number in range(12):
        body_services.update_body(body=made, user=moderator, topics=[mobility if number % 2 else energy])
    many = _queries(client, url)
    assert few == many == 7

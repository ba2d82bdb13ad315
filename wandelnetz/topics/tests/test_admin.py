"""Staff add and move topics in the admin: paths and search stay right, cycles are refused."""

import pytest

from wandelnetz.accounts.tests.factories import UserFactory
from wandelnetz.search.selectors import find_hits
from wandelnetz.topics.models import Topic
from wandelnetz.topics.tests.factories import topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, role="staff"))
    return client


def form_data(node: Topic, **changes) -> dict:
    data = {"name": node.name, "slug": node.slug, "description": node.description, "parent": node.parent_id or ""}
    data.update(changes)
    return data


def test_adding_a_topic_sets_its_path_and_indexes_it(staff_client):
    parent = topic("Beteiligung")
    response = staff_client.post(
        "/admin/topics/topic/add/", {"name": "Bürgerhaushalt", "slug": "buergerhaushalt", "parent": parent.pk}
    )
    assert response.status_code == 302
    created = Topic.objects.get(slug="buergerhaushalt")
    assert created.path == f"{parent.path}{created.pk}/" and created.depth == 1
    assert [h.object_id for h in find_hits("Bürgerhaushalt")] == [created.pk]


def test_moving_a_topic_moves_its_subtree(staff_client):
    a, b = topic("A-Thema"), topic("B-Thema")
    child = topic("Kind", parent=a)
    response = staff_client.post(f"/admin/topics/topic/{a.pk}/change/", form_data(a, parent=b.pk))
    assert response.status_code == 302
    a.refresh_from_db()
    child.refresh_from_db()
    assert a.path == f"{b.path}{a.pk}/" and child.path == f"{a.path}{child.pk}/" and child.depth == 2


def test_moving_below_its_own_child_is_a_form_error(staff_client):
    a = topic("A-Thema")
    child = topic("Kind", parent=a)
    response = staff_client.post(f"/admin/topics/topic/{a.pk}/change/", form_data(a, parent=child.pk))
    assert response.status_code == 200
    assert "unter sich selbst" in response.content.decode()
    a.refresh_from_db()
    assert a.parent_id is None and a.path == f"/{a.pk}/"

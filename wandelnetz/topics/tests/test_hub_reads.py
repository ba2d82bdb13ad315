"""The topic hub's reads: the tree around a topic in one query, the actors on its subtree by their
topic ids, and addresses built once per page."""

import pytest

from wandelnetz.actors.models import Actor
from wandelnetz.actors.selectors import ActorFilter, filtered_actors
from wandelnetz.actors.tests.factories import actor
from wandelnetz.topics.selectors import actors_on_topic, topic_family
from wandelnetz.topics.tests.factories import topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    top = topic("Mobilität")
    rail = topic("Schiene", parent=top)
    bus = topic("Bus", parent=top)
    night = topic("Nachtbus", parent=bus)
    other = topic("Energie")
    return {"top": top, "rail": rail, "bus": bus, "night": night, "other": other}


def test_topic_family_in_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        family = topic_family(tree["bus"])
    assert [t.name for t in family.ancestors] == ["Mobilität"]
    assert [t.name for t in family.children] == ["Nachtbus"]
    assert sorted(family.subtree_ids) == sorted([tree["bus"].pk, tree["night"].pk])
    with django_assert_num_queries(1):
        family = topic_family(tree["night"])
    assert [t.name for t in family.ancestors] == ["Mobilität", "Bus"]  # root first
    assert family.children == [] and family.subtree_ids == [tree["night"].pk]
    family = topic_family(tree["top"])
    assert family.ancestors == []
    assert [t.name for t in family.children] == ["Bus", "Schiene"]  # by name
    assert len(family.subtree_ids) == 4
    assert [t.get_absolute_url() for t in family.children] == [
        tree["bus"].get_absolute_url(),
        tree["rail"].get_absolute_url(),
    ]


def test_actors_on_topic_by_subtree_ids_are_the_published_ones_by_name(tree):
    actor("Zweiradverein", topics=[tree["night"]])
    actor("Anders e.V.", topics=[tree["rail"], tree["night"]])  # two topics of the subtree: listed once
    actor("Wartend", status=Actor.Status.PENDING, topics=[tree["rail"]])
    actor("Woanders", topics=[tree["other"]])
    twins = [actor("Busfreunde", topics=[tree["bus"]]) for _ in range(3)]
    ids = topic_family(tree["top"]).subtree_ids
    found = list(actors_on_topic(tree["top"], ids))
    assert [a.name for a in found] == [a.name for a in filtered_actors(ActorFilter(topic=tree["top"]))]
    assert [a.name for a in found] == ["Anders e.V.", "Busfreunde", "Busfreunde", "Busfreunde", "Zweiradverein"]
    assert [a.pk for a in found if a.name == "Busfreunde"] == sorted(t.pk for t in twins)  # ties by pk
    assert actors_on_topic(tree["top"], ids).count() == 5
    # A large subtree (more than _FEW_TOPICS ids) is filtered the other way, to the same list.
    many = ids + list(range(10_000, 10_030))
    assert [a.pk for a in actors_on_topic(tree["top"], many)] == [a.pk for a in found]
    assert actors_on_topic(tree["top"], many).count() == 5

"""Trees keep a materialised path ("/3/17/42/") and depth that stay right when subtrees move.

Expected behaviour of wandelnetz.core.trees (tested on Topic and Region, the two tree models):
- attach_node gives a new root the path "/<pk>/" and depth 0, and a child its parent's path
  plus "<pk>/" and depth one more than its parent;
- move_node hangs a node with its whole subtree below another node (or makes it a root):
  parent, path and depth of the node and of every descendant are updated, everything else is
  untouched — including nodes whose ids merely start with the same digits;
- the work does not grow with the subtree: a constant number of queries;
- moving a node below itself or below one of its own descendants raises TreeCycleError and
  changes nothing at all.
"""

import pytest

from wandelnetz.core.trees import TreeCycleError, attach_node, move_node
from wandelnetz.topics.models import Region, Topic
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db


def _snapshot(model) -> dict[int, tuple[int | None, str, int]]:
    return {
        pk: (parent, path, depth)
        for pk, parent, path, depth in model.objects.values_list("pk", "parent_id", "path", "depth")
    }


def _assert_consistent(model) -> None:
    """Every node's path is its parent's path plus its own id, and its depth matches."""
    nodes = {node.pk: node for node in model.objects.all()}
    for node in nodes.values():
        expected_prefix = nodes[node.parent_id].path if node.parent_id else "/"
        assert node.path == f"{expected_prefix}{node.pk}/", node
        assert node.depth == node.path.count("/") - 2, node
        assert node.ancestors_ids() == [int(part) for part in expected_prefix.strip("/").split("/") if part]


@pytest.fixture
def forest():
    """energy > coal > (jobs > training, villages);  mobility > bus."""
    energy = topic("Energie")
    coal = topic("Kohleausstieg", parent=energy)
    jobs = topic("Arbeit", parent=coal)
    training = topic("Weiterbildung", parent=jobs)
    villages = topic("Dörfer", parent=coal)
    mobility = topic("Mobilität")
    bus = topic("Busverkehr", parent=mobility)
    return {t.name: t for t in (energy, coal, jobs, training, villages, mobility, bus)}


def test_attach_node_sets_path_and_depth(forest):
    energy, coal, jobs, training = (forest[n] for n in ("Energie", "Kohleausstieg", "Arbeit", "Weiterbildung"))
    for node in forest.values():
        node.refresh_from_db()
    assert energy.path == f"/{energy.pk}/" and energy.depth == 0
    assert coal.path == f"/{energy.pk}/{coal.pk}/" and coal.depth == 1
    assert jobs.path == f"/{energy.pk}/{coal.pk}/{jobs.pk}/" and jobs.depth == 2
    assert training.path == f"{jobs.path}{training.pk}/" and training.depth == 3
    assert training.ancestors_ids() == [energy.pk, coal.pk, jobs.pk]
    assert energy.ancestors_ids() == []
    _assert_consistent(Topic)


def test_attach_node_on_a_freshly_saved_node():
    root = Topic.objects.create(name="Wurzel", slug="wurzel")
    attach_node(root)
    child = Topic.objects.create(name="Kind", slug="kind", parent=root)
    attach_node(child)
    child.refresh_from_db()
    assert (child.path, child.depth) == (f"/{root.pk}/{child.pk}/", 1)


def test_move_node_moves_the_whole_subtree(forest):
    coal, mobility = forest["Kohleausstieg"], forest["Mobilität"]
    before = _snapshot(Topic)
    subtree = {forest[n].pk for n in ("Kohleausstieg", "Arbeit", "Weiterbildung", "Dörfer")}

    move_node(coal, mobility)

    after = _snapshot(Topic)
    mobility.refresh_from_db()
    # The node itself (and the in-memory object) now hangs below mobility.
    assert coal.parent_id == mobility.pk
    assert (coal.path, coal.depth) == (f"/{mobility.pk}/{coal.pk}/", 1)
    assert after[coal.pk] == (mobility.pk, coal.path, 1)
    # Every descendant follows with the new prefix (depths stay: coal is at depth 1 again).
    jobs, training, villages = forest["Arbeit"], forest["Weiterbildung"], forest["Dörfer"]
    assert after[jobs.pk] == (coal.pk, f"{coal.path}{jobs.pk}/", 2)
    assert after[training.pk] == (jobs.pk, f"{coal.path}{jobs.pk}/{training.pk}/", 3)
    assert after[villages.pk] == (coal.pk, f"{coal.path}{villages.pk}/", 2)
    # Nothing outside the subtree changed.
    assert {pk: v for pk, v in after.items() if pk not in subtree} == {
        pk: v for pk, v in before.items() if pk not in subtree
    }
    _assert_consistent(Topic)
    # Filtering "this node and everything below" by path prefix follows the move.
    below_mobility = set(Topic.objects.filter(path__startswith=mobility.path).values_list("pk", flat=True))
    assert below_mobility == {mobility.pk, forest["Busverkehr"].pk, *subtree}


def test_move_node_deeper_and_back_to_the_root(forest):
    jobs, bus = forest["Arbeit"], forest["Busverkehr"]

    move_node(jobs, bus)  # two levels below a depth-1 node
    training = Topic.objects.get(pk=forest["Weiterbildung"].pk)
    assert (jobs.depth, training.depth) == (2, 3)
    assert training.path == f"{bus.path}{jobs.pk}/{training.pk}/"
    _assert_consistent(Topic)

    move_node(jobs, None)
    training.refresh_from_db()
    assert (jobs.parent_id, jobs.path, jobs.depth) == (None, f"/{jobs.pk}/", 0)
    assert (training.path, training.depth) == (f"/{jobs.pk}/{training.pk}/", 1)
    _assert_consistent(Topic)


def test_move_node_leaves_nodes_with_a_similar_id_prefix_alone():
    """Node "/7001/" must not match "/70011/" (the trailing slash matters)."""
    short = Topic.objects.create(pk=7001, name="Kurz", slug="kurz")
    attach_node(short)
    longer = Topic.objects.create(pk=70011, name="Länger", slug="laenger")
    attach_node(longer)
    child_of_longer = Topic.objects.create(pk=70012, name="Kind", slug="kind-von-laenger", parent=longer)
    attach_node(child_of_longer)
    target = Topic.objects.create(pk=7002, name="Ziel", slug="ziel")
    attach_node(target)

    move_node(short, target)

    assert _snapshot(Topic)[70011] == (None, "/70011/", 0)
    assert _snapshot(Topic)[70012] == (70011, "/70011/70012/", 1)
    assert _snapshot(Topic)[7001] == (7002, "/7002/7001/", 1)
    _assert_consistent(Topic)


def test_moving_a_big_subtree_costs_a_constant_number_of_queries(django_assert_max_num_queries):
    root = topic("Groß")
    parents = [root]
    for i in range(40):
        parents.append(topic(f"Knoten {i}", parent=parents[i // 3]))
    target = topic("Ziel")
    with django_assert_max_num_queries(8):
        move_node(root, target)
    _assert_consistent(Topic)
    assert Topic.objects.filter(path__startswith=target.path).count() == 42


@pytest.mark.parametrize("below", ["itself", "child", "grandchild"])
def test_moving_below_itself_or_a_descendant_raises_and_changes_nothing(forest, below):
    coal = forest["Kohleausstieg"]
    new_parent = {"itself": coal, "child": forest["Arbeit"], "grandchild": forest["Weiterbildung"]}[below]
    before = _snapshot(Topic)

    with pytest.raises(TreeCycleError):
        move_node(coal, new_parent)

    assert _snapshot(Topic) == before
    _assert_consistent(Topic)


def test_a_stale_in_memory_node_is_checked_against_the_database(forest):
    """The cycle check reads the current paths, not what the caller's objects remember."""
    energy, coal, mobility = forest["Energie"], forest["Kohleausstieg"], forest["Mobilität"]
    stale_mobility = Topic.objects.get(pk=mobility.pk)
    move_node(mobility, coal)  # mobility is now below energy > coal
    before = _snapshot(Topic)

    with pytest.raises(TreeCycleError):
        move_node(energy, stale_mobility)  # stale_mobility still says it is a root

    assert _snapshot(Topic) == before


def test_regions_use_the_same_tree(db):
    revier = region("Lausitzer Revier", kind=Region.Kind.REVIER)
    district = region("Landkreis Görlitz", parent=revier)
    town = region("Weißwasser", parent=district, kind=Region.Kind.MUNICIPALITY)
    other = region("Mitteldeutsches Revier", kind=Region.Kind.REVIER)

    move_node(district, other)

    town.refresh_from_db()
    assert (town.path, town.depth) == (f"/{other.pk}/{district.pk}/{town.pk}/", 2)
    with pytest.raises(TreeCycleError):
        move_node(other, town)
    _assert_consistent(Region)

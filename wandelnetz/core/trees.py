"""Trees stored as adjacency list plus a materialised path ("/3/17/42/").

The path lets "this node and everything below it" be one indexed prefix filter, so lists
filtered by a topic or region including their children cost one query however deep the tree.
"""

from django.db import models, transaction
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from wandelnetz.core.models import ChoiceLabelsModel


class TreeNode(ChoiceLabelsModel):
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    class Meta:
        abstract = True

    def ancestors_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]


def attach_node(node: TreeNode) -> None:
    """Set path and depth of a freshly saved `node` from its parent (one UPDATE)."""
    parent = node.parent
    prefix = parent.path if parent is not None else "/"
    node.path = f"{prefix}{node.pk}/"
    node.depth = node.path.count("/") - 2
    type(node)._default_manager.filter(pk=node.pk).update(path=node.path, depth=node.depth)


class TreeCycleError(ValueError):
    pass


@transaction.atomic
def move_node(node: TreeNode, new_parent: TreeNode | None) -> None:
    """Hang `node` and its subtree below `new_parent`; refuses to create a cycle."""
    model = type(node)
    node.refresh_from_db(fields=["path", "depth", "parent"])
    if new_parent is not None:
        new_parent.refresh_from_db(fields=["path"])
        if new_parent.path.startswith(node.path):
            raise TreeCycleError("A node cannot be moved below itself.")
    old_path = node.path
    new_path = f"{new_parent.path if new_parent else '/'}{node.pk}/"
    depth_change = new_path.count("/") - old_path.count("/")
    model._default_manager.filter(pk=node.pk).update(parent=new_parent)
    model._default_manager.filter(path__startswith=old_path).update(
        path=Concat(models.Value(new_path), Substr("path", len(old_path) + 1)),
        depth=models.F("depth") + depth_change,
    )
    node.refresh_from_db(fields=["path", "depth", "parent"])


def tree_order(nodes: list) -> list:
    """`nodes` with parents before their children and siblings by name; a node whose parent is not
    among them counts as a root."""
    present = {node.pk for node in nodes}
    by_parent: dict[int | None, list] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id if node.parent_id in present else None, []).append(node)
    ordered: list = []

    def walk(parent_id: int | None) -> None:
        for node in sorted(by_parent.get(parent_id, []), key=lambda n: n.name.lower()):
            ordered.append(node)
            walk(node.pk)

    walk(None)
    return ordered

"""The follow-ups app's share of a person's data (see accounts/personal_data.py)."""

from typing import Any

from wandelnetz.accounts.models import User
from wandelnetz.accounts.personal_data import references, register
from wandelnetz.followups.models import Follower, FollowUp, FollowUpLink, StatusChange


def _follows(user: User) -> list[dict[str, Any]]:
    rows = Follower.objects.filter(user=user).select_related("follow_up").order_by("created", "pk")
    return [
        {"title": row.follow_up.title, "url": row.follow_up.get_absolute_url(), "since": row.created} for row in rows
    ]


def _created(user: User) -> list[dict[str, Any]]:
    return references(FollowUp.objects.filter(created_by=user).order_by("pk").only("title", "slug"))


def _status_changes(user: User) -> list[dict[str, Any]]:
    rows = StatusChange.objects.filter(changed_by=user).select_related("follow_up").order_by("changed_at", "pk")
    return [
        {
            "title": change.follow_up.title,
            "url": change.follow_up.get_absolute_url(),
            "from": change.from_status,
            "to": change.to_status,
            "reason": change.reason,
            "comment": change.comment,
            "changed_at": change.changed_at,
        }
        for change in rows
    ]


def _links_added(user: User) -> list[dict[str, Any]]:
    rows = FollowUpLink.objects.filter(added_by=user).select_related("follow_up").order_by("added_at", "pk")
    return [
        {
            "title": link.follow_up.title,
            "url": link.follow_up.get_absolute_url(),
            "kind": link.kind,
            "note": link.note,
            "added_at": link.added_at,
        }
        for link in rows
    ]


register("follows", fields=["followups.Follower.user"], export=_follows)
register("follow_ups_created", fields=["followups.FollowUp.created_by"], export=_created)
register("status_changes", fields=["followups.StatusChange.changed_by"], export=_status_changes)
register("follow_up_links_added", fields=["followups.FollowUpLink.added_by"], export=_links_added)

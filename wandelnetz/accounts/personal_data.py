"""Everything the platform stores about one person: the export (Art. 15/20 GDPR) and the erasure (Art. 17).

Each app describes its share in its own `personal_data.py` (found when the accounts app is ready,
as the search app finds `search_documents.py`), so accounts imports no app above it. A share names
the relations to the user model it covers; a test compares them with every relation the models
have, so a new one fails the suite until its share says what the export and the erasure do with it.
Public content a person made (an actor, a body, a status change) stays when they go: the export
names it by title and address, the erasure leaves it without them (`on_delete=SET_NULL`, or a
share's `erase` for references without a database constraint, such as django-simple-history's).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db.models import Model
from django.utils import timezone

from wandelnetz.accounts.models import Notification, User

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Share:
    key: str  # the section of the export
    fields: tuple[str, ...]  # relations to the user covered here: "app_label.Model.field"
    export: Callable[[User], Any]  # JSON-serialisable (DjangoJSONEncoder: dates are fine)
    # Runs inside the erasure's transaction before the user row is deleted. None: the fields'
    # on_delete (CASCADE for what is theirs alone, SET_NULL for public content) does all there is.
    erase: Callable[[User], None] | None = None


_shares: dict[str, Share] = {}


def register(
    key: str, *, fields: Iterable[str], export: Callable[[User], Any], erase: Callable[[User], None] | None = None
) -> None:
    _shares[key] = Share(key=key, fields=tuple(fields), export=export, erase=erase)


def shares() -> list[Share]:
    return list(_shares.values())


def covered_fields() -> set[str]:
    """Every relation to the user model some share covers."""
    return {name for share in _shares.values() for name in share.fields}


def export_personal_data(user: User) -> dict[str, Any]:
    """All that is stored about `user`, section by section: a fixed number of queries per share."""
    data: dict[str, Any] = {"format_version": FORMAT_VERSION, "exported_at": timezone.now()}
    for share in _shares.values():
        data[share.key] = share.export(user)
    return data


def references(objects: Iterable[Model], *extra: str) -> list[dict[str, Any]]:
    """Public content named by title and address (and the given attributes), no more of it."""
    return [
        {"title": str(obj), "url": obj.get_absolute_url(), **{name: getattr(obj, name) for name in extra}}  # type: ignore[attr-defined]
        for obj in objects
    ]


def forget_in(model: type[Model], field: str) -> Callable[[User], None]:
    """An erase step for a reference to the person without a database constraint (django-simple-
    history copies `created_by` and the like with DO_NOTHING): `model.field` set to NULL."""

    def erase(user: User) -> None:
        model._default_manager.filter(**{field: user}).update(**{field: None})

    return erase


def changes_made(history_model: type[Model], user: User) -> list[dict[str, Any]]:
    """The rows `user` wrote into a django-simple-history table: what (its name then), when, how."""
    rows = history_model._default_manager.filter(history_user=user).order_by("history_date", "history_id")
    return [
        {"title": name, "changed_at": date, "change": kind, "reason": reason or ""}
        for name, date, kind, reason in rows.values_list(
            "name", "history_date", "history_type", "history_change_reason"
        )
    ]


def sign_in_names(user: User) -> set[str]:
    """The names sign-in records are kept under (axes): every address of the person, in lower case."""
    names = {address.lower() for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    return names | {user.email.lower()}


# --- The accounts app's own share, and that of the libraries around it ----------------------------


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list("content_type__app_label", "codename")
        ),
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def _email_addresses(user: User) -> list[dict[str, Any]]:
    return list(EmailAddress.objects.filter(user=user).order_by("pk").values("email", "verified", "primary"))


def _notifications(user: User) -> list[dict[str, Any]]:
    rows = Notification.objects.filter(user=user).order_by("created", "pk")
    return [dict(row) for row in rows.values("message", "url", "created", "read_at")]


def _admin_actions(user: User) -> list[dict[str, Any]]:
    # What was changed and when, not the changed object's name: that may be another person's.
    actions = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}
    rows = LogEntry.objects.filter(user=user).order_by("action_time", "pk")
    return [
        {
            "time": time,
            "action": actions.get(flag, str(flag)),
            "type": f"{app}.{model}" if app else "",
        }
        for time, flag, app, model in rows.values_list(
            "action_time", "action_flag", "content_type__app_label", "content_type__model"
        )
    ]


def _sign_ins(user: User) -> dict[str, Any]:
    # Successful sign-ins were the person's own, with their address and browser. Failed attempts
    # under their name may have been someone else's: their times only, no address or browser.
    names = sign_in_names(user)
    return {
        "successful": list(
            AccessLog.objects.filter(username__in=names)
            .order_by("attempt_time", "pk")
            .values("attempt_time", "logout_time", "ip_address", "user_agent")
        ),
        "failed": sorted(
            {
                *AccessFailureLog.objects.filter(username__in=names).values_list("attempt_time", flat=True),
                *AccessAttempt.objects.filter(username__in=names).values_list("attempt_time", flat=True),
            }
        ),
    }


def _erase_sign_ins(user: User) -> None:
    names = sign_in_names(user)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=names).delete()


register("account", fields=["accounts.User.groups", "accounts.User.user_permissions"], export=_account)
register("email_addresses", fields=["account.EmailAddress.user"], export=_email_addresses)
register("notifications", fields=["accounts.Notification.user"], export=_notifications)
register("admin_actions", fields=["admin.LogEntry.user"], export=_admin_actions)
register("sign_ins", fields=[], export=_sign_ins, erase=_erase_sign_ins)

"""The events app's share of a person's data (see accounts/personal_data.py)."""

from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Q, QuerySet
from django.utils import timezone

from wandelnetz.accounts.models import User
from wandelnetz.accounts.personal_data import references, register
from wandelnetz.events import notifications, services
from wandelnetz.events.models import CalendarFeed, Event, Registration


def registrations_of(user: User) -> QuerySet[Registration]:
    """The person's registrations: made signed in, or (signed out) with one of their verified addresses."""
    verified = EmailAddress.objects.filter(user=user, verified=True).values("email")
    return Registration.objects.filter(Q(user=user) | Q(user__isnull=True, email__in=verified))


def _registrations(user: User) -> list[dict[str, Any]]:
    # Their own answers and status only: nothing about the other participants of the date.
    rows = registrations_of(user).select_related("occurrence__event").order_by("occurrence__starts_at", "pk")
    return [
        {
            "event": registration.occurrence.event.title,
            "url": registration.occurrence.get_absolute_url(),
            "starts_at": registration.occurrence.starts_at,
            "name": registration.name,
            "email": registration.email,
            "answers": registration.answers,
            "status": registration.status,
            "registered_at": registration.created,
            "queued_at": registration.queued_at,
            "cancelled_at": registration.cancelled_at,
        }
        for registration in rows
    ]


def _erase_registrations(user: User) -> None:
    """Cancel the dates to come as the cancel link does (the waitlist moves up and is told), then
    delete every registration of the person, past ones too."""
    to_come = registrations_of(user).filter(
        occurrence__starts_at__gt=timezone.now(),
        status__in=[Registration.Status.UNCONFIRMED, Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
    )
    for registration in to_come.order_by("pk"):
        notifications.announce_promotion(services.cancel_registration(registration))
    registrations_of(user).delete()


def _events_created(user: User) -> list[dict[str, Any]]:
    return references(Event.objects.filter(created_by=user).order_by("starts_at", "pk").only("title", "slug"))


def _calendars_added(user: User) -> list[dict[str, Any]]:
    rows = CalendarFeed.objects.filter(added_by=user).select_related("actor").order_by("pk")
    return [{"url": feed.url, "actor": str(feed.actor), "added_at": feed.created} for feed in rows]


register("registrations", fields=["events.Registration.user"], export=_registrations, erase=_erase_registrations)
register("events_created", fields=["events.Event.created_by"], export=_events_created)
register("calendars_added", fields=["events.CalendarFeed.added_by"], export=_calendars_added)

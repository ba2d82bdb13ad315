"""A person who has done a bit of everything on the platform, for the export and erasure tests."""

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Field, Model
from django.utils import timezone

from wandelnetz.accounts.models import User
from wandelnetz.accounts.notifications import notify
from wandelnetz.actors import services as actor_services
from wandelnetz.actors.models import Actor
from wandelnetz.actors.tests.factories import actor
from wandelnetz.bodies import services as body_services
from wandelnetz.bodies.models import Body
from wandelnetz.events import services as event_services
from wandelnetz.events.models import CalendarFeed, Event, Registration
from wandelnetz.events.tests.factories import event, occurrence_of
from wandelnetz.followups import services as followup_services
from wandelnetz.followups.models import FollowUp
from wandelnetz.minutes.models import Minutes


def relations_to_user() -> list[tuple[type[Model], Field]]:
    """Every column of every table (historical and many-to-many tables too) that points to a user."""
    return [
        (model, field)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is User
    ]


def field_name(model: type[Model], field: Field) -> str:
    """How the shares name a relation: a many-to-many table's row by the many-to-many field."""
    if model._meta.auto_created:  # the table behind a ManyToManyField
        owner: type[Model] = model._meta.auto_created  # type: ignore[assignment]
        m2m = next(f for f in owner._meta.many_to_many if f.remote_field.through is model)  # type: ignore[union-attr]
        return f"{owner._meta.label}.{m2m.name}"
    return f"{model._meta.label}.{field.name}"


@dataclass
class World:
    person: User
    other: User
    actor: Actor
    body: Body
    event: Event
    follow_up: FollowUp
    minutes: Minutes
    registration: Registration  # the person's, for a date to come
    past_registration: Registration
    others_registration: Registration  # someone else's, for the same date


def a_busy_person(person: User, other: User) -> World:
    """`person` did a bit of everything; `other` registered for the same date and follows too."""
    EmailAddress.objects.create(user=person, email="zweite.adresse@example.org", verified=True, primary=False)
    person.groups.add(Group.objects.create(name="Redaktion Lausitz"))
    person.user_permissions.add(Permission.objects.get(codename="view_actor"))

    made = actor_services.create_actor(
        created_by=person, status=Actor.Status.PUBLISHED, name="Bürgerverein Deutzen", kind=Actor.Kind.ASSOCIATION
    )
    actor_services.update_actor(actor=made, changed_by=person, summary="Für das Dorf am See")
    partner = actor("Ökokirche e. V.")
    relation = actor_services.propose_relation(
        proposing_actor=made, other=partner, kind="partner_of", outgoing=True, proposed_by=person
    )
    actor_services.confirm_relation(relation=relation, decided_by=person)

    body = body_services.create_body(
        name="Revierbeirat", kind=Body.Kind.ADVISORY_BOARD, level=Body.Level.DISTRICT, created_by=person
    )
    body_services.verify_body(body=body, user=person)

    meeting = event(
        "Dorfgespräch",
        organisers=[made],
        created_by=person,
        registration_enabled=True,
        capacity=1,
        registration_questions="Brauchen Sie einen barrierefreien Zugang?",
    )
    CalendarFeed.objects.create(actor=made, url="https://kalender.example.org/dorf.ics", added_by=person)
    date = occurrence_of(meeting)
    registration, _ = event_services.register(
        date,
        name="Kim Beispiel",
        email=person.email,
        answers={"Brauchen Sie einen barrierefreien Zugang?": "Ja"},
        user=person,
        email_verified=True,
    )
    others_registration, _ = event_services.register(
        date,
        name="Alex Anders",
        email=other.email,
        answers={"Brauchen Sie einen barrierefreien Zugang?": "Nein"},
        user=other,
        email_verified=True,
    )
    earlier = event(
        "Rückblick", organisers=[made], starts_at=timezone.now() - timedelta(days=3), registration_enabled=True
    )
    past_registration = Registration.objects.create(
        occurrence=occurrence_of(earlier),
        user=person,
        name="Kim Beispiel",
        email=person.email,
        status=Registration.Status.CONFIRMED,
        queued_at=timezone.now() - timedelta(days=5),
    )
    # Signed out, with their second address, not yet confirmed: theirs too.
    event_services.register(
        occurrence_of(event("Sommerfest", organisers=[made], registration_enabled=True)),
        name="K. Beispiel",
        email="zweite.adresse@example.org",
    )

    follow_up = followup_services.create_follow_up(title="Radweg nach Deutzen", created_by=person)
    followup_services.change_status(
        follow_up=follow_up, to_status=FollowUp.Status.IN_PROGRESS, comment="Antrag gestellt", user=person
    )
    followup_services.add_link(follow_up=follow_up, url="https://radweg.example.org/", note="Planung", user=person)
    followup_services.follow(follow_up=follow_up, user=other)
    minutes = Minutes.objects.create(event=earlier, text="# Protokoll", imported_at=timezone.now(), imported_by=person)

    notify(user=person, message="„Radweg nach Deutzen“ ist jetzt in Arbeit.", url=follow_up.get_absolute_url())
    notify(user=other, message="Nur für Alex")
    # A staff member's change of another account: the export must not carry that account's name.
    LogEntry.objects.create(
        user=person,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(other.pk),
        object_repr=str(other),
        action_flag=CHANGE,
        change_message="E-Mail geändert",
    )
    AccessLog.objects.create(
        username=person.email,
        ip_address="192.0.2.7",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/konto/login/",
    )
    AccessAttempt.objects.create(
        username="zweite.adresse@example.org",
        ip_address="198.51.100.9",
        user_agent="Angreifer-Bot",
        http_accept="*/*",
        path_info="/konto/login/",
        get_data="",
        post_data="",
        failures_since_start=3,
    )
    AccessLog.objects.create(
        username=other.email,
        ip_address="203.0.113.5",
        user_agent="Chrome",
        http_accept="*/*",
        path_info="/konto/login/",
    )
    return World(
        person=person,
        other=other,
        actor=made,
        body=body,
        event=meeting,
        follow_up=follow_up,
        minutes=minutes,
        registration=registration,
        past_registration=past_registration,
        others_registration=others_registration,
    )

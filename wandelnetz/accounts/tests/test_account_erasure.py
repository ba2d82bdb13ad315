"""Deleting one's account (Art. 17 GDPR): with the current password, all in one go, nothing of
the person left behind, what they published kept, and the waitlist moving up as on cancelling."""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.urls import reverse

from wandelnetz.accounts.models import Notification, User
from wandelnetz.accounts.tests.factories import PASSWORD
from wandelnetz.accounts.tests.factories_personal_data import a_busy_person, relations_to_user
from wandelnetz.actors.models import Actor, Relation
from wandelnetz.bodies.models import Body
from wandelnetz.core.models import ContentVersion
from wandelnetz.events.models import CalendarFeed, Event, Registration
from wandelnetz.followups.models import Follower, FollowUp, FollowUpLink, StatusChange
from wandelnetz.minutes.models import Minutes

pytestmark = pytest.mark.django_db


def _references_to(pk: int) -> list[str]:
    """Every row, in any table, whose relation to the user model holds `pk`."""
    return [
        f"{model._meta.label}.{field.name}"
        for model, field in relations_to_user()
        if model._default_manager.filter(**{field.attname: pk}).exists()
    ]


def _erase(client, user, password=PASSWORD, **kwargs):
    client.force_login(user)
    return client.post(reverse("accounts:account_erase"), {"password": password}, **kwargs)


def test_erasure_leaves_no_row_about_the_person_and_keeps_what_they_published(
    client, member, outsider, django_capture_on_commit_callbacks
):
    world = a_busy_person(member, outsider)
    pk = member.pk
    assert len(_references_to(pk)) > 15  # the world really touches every relation
    version_before = ContentVersion.objects.filter(pk=1).values_list("counter", flat=True).first() or 0
    with django_capture_on_commit_callbacks(execute=True):
        response = _erase(client, member, follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Ihr Konto wurde gelöscht." in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert not User.objects.filter(pk=pk).exists()
    assert _references_to(pk) == []

    # What they published stays, without them.
    actor = Actor.objects.get(pk=world.actor.pk)
    assert actor.created_by is None and not actor.editors.exists()
    assert actor.history.count() == 2 and not actor.history.filter(history_user_id__isnull=False).exists()
    assert Relation.objects.get(source=actor).decided_by is None
    body = Body.objects.get(pk=world.body.pk)
    assert body.verified_by is None and body.last_verified_on is not None
    assert Event.objects.filter(pk=world.event.pk, created_by=None).exists()
    assert CalendarFeed.objects.filter(actor=actor, added_by=None).count() == 1
    assert FollowUp.objects.filter(pk=world.follow_up.pk, created_by=None).exists()
    assert StatusChange.objects.filter(follow_up=world.follow_up, changed_by=None).count() == 2
    assert FollowUpLink.objects.filter(follow_up=world.follow_up, added_by=None).count() == 1
    assert Minutes.objects.filter(pk=world.minutes.pk, imported_by=None).exists()

    # Theirs alone is gone, by their address too; nobody else's.
    assert not Registration.objects.filter(pk__in=[world.registration.pk, world.past_registration.pk]).exists()
    assert not Registration.objects.filter(email__in=[member.email, "zweite.adresse@example.org"]).exists()
    assert not AccessLog.objects.filter(username=member.email).exists()
    assert not AccessAttempt.objects.filter(username="zweite.adresse@example.org").exists()
    assert Registration.objects.filter(pk=world.others_registration.pk).exists()
    assert Follower.objects.filter(user=outsider).count() == 1
    assert Notification.objects.filter(user=outsider).count() == 1
    assert AccessLog.objects.filter(username=outsider.email).count() == 1
    # Cached public pages that named the person are retired.
    assert ContentVersion.objects.get(pk=1).counter > version_before


def test_the_first_on_the_waitlist_gets_the_place_and_a_mail(
    client, member, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    """As when the person had cancelled by the link in their mail."""
    world = a_busy_person(member, outsider)  # one place: the person has it, the other waits
    assert world.registration.status == Registration.Status.CONFIRMED
    assert world.others_registration.status == Registration.Status.WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        assert _erase(client, member).status_code == 302
    world.others_registration.refresh_from_db()
    assert world.others_registration.status == Registration.Status.CONFIRMED
    assert [message.to for message in mailoutbox] == [[outsider.email]]
    assert "Dorfgespräch" in mailoutbox[0].subject


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("falsch-geraten", "Das ist nicht Ihr aktuelles Passwort."),
        ("", "Geben Sie Ihr aktuelles Passwort ein, um Ihr Konto zu löschen."),
    ],
)
def test_a_wrong_or_missing_password_changes_nothing(client, member, outsider, mailoutbox, password, message):
    world = a_busy_person(member, outsider)
    references = _references_to(member.pk)
    response = _erase(client, member, password=password)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in page and message in page and 'href="#id_password"' in page
    assert password == "" or password not in page  # the typed password is not sent back
    assert User.objects.filter(pk=member.pk).exists() and _references_to(member.pk) == references
    assert Registration.objects.get(pk=world.registration.pk).status == Registration.Status.CONFIRMED
    assert client.get(reverse("accounts:account_data")).status_code == 200  # still signed in
    assert mailoutbox == []


def test_erasing_takes_a_post(client, member):
    client.force_login(member)
    assert client.get(reverse("accounts:account_erase")).status_code == 405
    assert User.objects.filter(pk=member.pk).exists()


def test_signed_out_visitors_cannot_erase_anything(client, member):
    response = client.post(reverse("accounts:account_erase"), {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert User.objects.filter(pk=member.pk).exists()


def test_guessing_the_password_counts_towards_the_sign_in_lockout(client, member, settings):
    """A stolen session cannot be used to try passwords here without limit: wrong ones count
    as failed sign-ins (django-axes), and once locked even the right one is refused."""
    from axes.utils import reset as axes_reset

    settings.AXES_FAILURE_LIMIT = 3
    axes_reset()
    try:
        for _ in range(2):
            assert _erase(client, member, password="geraten").status_code == 400
        assert AccessAttempt.objects.filter(username=member.email).get().failures_since_start == 2
        locked = _erase(client, member, password="noch-einmal-geraten")
        assert locked.status_code == 429
        assert _erase(client, member).status_code == 429  # the right password, too late
        assert User.objects.filter(pk=member.pk).exists()
    finally:
        axes_reset()

"""People hear of actor moderation, in the platform and by mail (a task run after the commit):
the moderators of a proposal or a resubmission, the editors of the decision, a new editor of
their role. A rejected actor goes back to the queue when its editors change it."""

import pytest
from django.core import mail
from django.urls import reverse

from wandelnetz.accounts.models import Notification, User
from wandelnetz.accounts.tests.factories import UserFactory
from wandelnetz.actors import services
from wandelnetz.actors.models import Actor
from wandelnetz.actors.tests.factories import actor

pytestmark = pytest.mark.django_db

QUEUE = "/akteure/moderation/"  # checked against reverse() below


@pytest.fixture
def second_moderator(db):
    return UserFactory(display_name="Zweite Moderation", role=User.Role.MODERATOR)


def propose(member, name="Initiative Neue Wege") -> Actor:
    return services.create_actor(created_by=member, name=name, kind=Actor.Kind.INITIATIVE)


def notes(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user).order_by("pk"))


def mails_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


# --- A proposal -----------------------------------------------------------------------------


def test_a_proposal_tells_every_moderator_but_not_the_proposer(
    member, moderator, second_moderator, outsider, django_capture_on_commit_callbacks
):
    UserFactory(role=User.Role.MODERATOR, is_active=False)
    staff = UserFactory(display_name="Geschäftsstelle", role=User.Role.STAFF)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposed = propose(member)
    assert reverse("actors:moderation_queue") == QUEUE
    told = Notification.objects.order_by("user_id")
    assert [n.user for n in told] == sorted([moderator, second_moderator, staff], key=lambda u: u.pk)
    assert all(n.url == QUEUE and "Initiative Neue Wege" in n.message for n in told)
    assert "Neuer Akteur vorgeschlagen" in told[0].message  # German, the platform's language
    assert sorted(m.to[0] for m in mail.outbox) == sorted([moderator.email, second_moderator.email, staff.email])
    message = mails_to(moderator)[0]
    assert "Initiative Neue Wege" in message.subject and "zur Freigabe" in message.subject
    assert "http" in message.body and QUEUE in message.body and proposed.get_absolute_url() in message.body
    assert "Mitglied" in message.body  # who proposed it
    assert "Hallo Moderation," in message.body and "Sie" in message.body
    assert not notes(member) and not notes(outsider) and not mails_to(member)


def test_a_moderator_proposing_is_not_told_of_their_own_proposal(
    moderator, second_moderator, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        propose(moderator)
    assert [n.user for n in Notification.objects.all()] == [second_moderator]
    assert [m.to for m in mail.outbox] == [[second_moderator.email]]


def test_published_and_unattributed_actors_tell_nobody(moderator, member, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.create_actor(created_by=member, status=Actor.Status.PUBLISHED, name="Verein A", kind="association")
        actor("Verein B")  # a fixture actor: no proposer
    assert not Notification.objects.exists() and not mail.outbox


def test_no_mail_about_a_proposal_already_decided(member, moderator, django_capture_on_commit_callbacks):
    """The mail task reads the actor again: decided in the meantime, it sends nothing."""
    from wandelnetz.actors.notifications import send_moderation_request_mails

    proposed = propose(member)
    Actor.objects.filter(pk=proposed.pk).update(status=Actor.Status.PUBLISHED)
    mail.outbox.clear()
    assert send_moderation_request_mails.call(proposed.pk, [moderator.pk], False) == 0
    assert not mail.outbox


def test_a_proposal_rolled_back_sends_no_mail(member, moderator, django_capture_on_commit_callbacks):
    from django.db import transaction

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        propose(member)
        raise RuntimeError
    assert not mail.outbox and not Notification.objects.exists()


def test_proposing_through_the_form_tells_the_moderators(client, member, moderator, django_capture_on_commit_callbacks):
    client.force_login(member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("actors:actor_create"), {"name": "Bürgerinitiative Seeblick", "kind": "initiative"}
        )
    assert response.status_code == 302
    assert [n.url for n in notes(moderator)] == [QUEUE]
    assert [m.to for m in mail.outbox] == [[moderator.email]]


# --- The decision ---------------------------------------------------------------------------


def test_approval_tells_the_editors_not_the_moderator(member, outsider, moderator, django_capture_on_commit_callbacks):
    proposed = propose(member)
    services.add_editor(actor=proposed, user=outsider)
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_actor(actor=proposed, moderator=moderator)
    told = Notification.objects.order_by("user_id")
    assert [n.user for n in told] == sorted([member, outsider], key=lambda u: u.pk)
    assert all(n.url == proposed.get_absolute_url() and "öffentlich" in n.message for n in told)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, outsider.email])
    message = mails_to(member)[0]
    assert "Initiative Neue Wege" in message.subject and "http" in message.body
    assert proposed.get_absolute_url() in message.body and "freigegeben" in message.body
    assert not notes(moderator) and not mails_to(moderator)


def test_rejection_tells_the_editors_with_the_reason(member, moderator, django_capture_on_commit_callbacks):
    proposed = propose(member)
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_actor(actor=proposed, moderator=moderator, note="Bitte Ansprechperson und Region ergänzen.")
    (note,) = notes(member)
    assert "nicht freigegeben" in note.message and "Grund: Bitte Ansprechperson und Region ergänzen." in note.message
    assert note.url == proposed.get_absolute_url()
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "Nicht freigegeben" in message.subject
    assert "Grund: Bitte Ansprechperson und Region ergänzen." in message.body
    assert reverse("actors:actor_edit", args=[proposed.slug]) in message.body


def test_no_decision_mail_once_the_actor_moved_on(member, moderator):
    from wandelnetz.actors.notifications import send_decision_mails

    proposed = propose(member)
    mail.outbox.clear()
    assert send_decision_mails.call(proposed.pk, Actor.Status.REJECTED, [member.pk]) == 0  # still pending
    assert not mail.outbox


def test_deciding_through_the_queue_tells_the_proposer(client, member, moderator, django_capture_on_commit_callbacks):
    proposed = propose(member)
    client.force_login(moderator)
    mail.outbox.clear()
    url = reverse("actors:actor_moderate", args=[proposed.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "reject", "note": "Doppelter Eintrag."})
    assert response.status_code == 302
    assert "Doppelter Eintrag." in notes(member)[-1].message
    assert [m.to for m in mail.outbox] == [[member.email]]
    # A second click finds it decided: nobody is told again.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"decision": "approve"}).status_code == 302
    assert not mail.outbox and len(notes(member)) == 1


def test_a_refused_rejection_tells_nobody(client, member, moderator, django_capture_on_commit_callbacks):
    proposed = propose(member)
    client.force_login(moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("actors:actor_moderate", args=[proposed.slug]), {"decision": "reject"})
    assert response.status_code == 400
    assert not notes(member) and not mail.outbox


# --- Resubmitting a rejected actor ----------------------------------------------------------


@pytest.fixture
def rejected(member, moderator) -> Actor:
    proposed = propose(member)
    services.reject_actor(actor=proposed, moderator=moderator, note="Zu wenig Angaben.")
    Notification.objects.all().delete()
    mail.outbox.clear()
    return proposed


def test_changing_a_rejected_actor_puts_it_back_in_the_queue(
    rejected, member, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_actor(actor=rejected, changed_by=member, summary="Wir pflanzen Bäume am Tagebaurand.")
    rejected.refresh_from_db()
    assert rejected.status == Actor.Status.PENDING
    assert rejected.moderation_note == "Zu wenig Angaben."  # the moderators see what was wrong before
    assert rejected.history.latest().history_change_reason == "Erneut zur Prüfung eingereicht"
    (note,) = notes(moderator)
    assert note.url == QUEUE and "erneut" in note.message and "Initiative Neue Wege" in note.message
    (message,) = mail.outbox
    assert message.to == [moderator.email] and "erneut" in message.body and QUEUE in message.body
    assert not notes(member)


def test_changing_only_the_topics_of_a_rejected_actor_resubmits_it(rejected, member, moderator):
    from wandelnetz.topics.tests.factories import topic

    services.update_actor(actor=rejected, changed_by=member, topics=[topic("Energie")])
    rejected.refresh_from_db()
    assert rejected.status == Actor.Status.PENDING


def test_an_update_without_changes_does_not_resubmit(rejected, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_actor(actor=rejected, changed_by=member)
    rejected.refresh_from_db()
    assert rejected.status == Actor.Status.REJECTED
    assert not Notification.objects.exists() and not mail.outbox


def test_a_published_actors_changes_stay_direct(owner, owned_actor, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_actor(actor=owned_actor, changed_by=owner, summary="Neu")
    owned_actor.refresh_from_db()
    assert owned_actor.status == Actor.Status.PUBLISHED
    assert not Notification.objects.exists() and not mail.outbox


def edit_data(actor: Actor, **changes) -> dict:
    data = {"name": actor.name, "kind": actor.kind, "summary": actor.summary}
    data.update(changes)
    return data


def test_editing_a_rejected_actor_in_the_form_resubmits_and_says_so(
    client, rejected, member, moderator, django_capture_on_commit_callbacks
):
    client.force_login(member)
    url = reverse("actors:actor_edit", args=[rejected.slug])
    form_page = client.get(url).content.decode()
    assert "Grund: Zu wenig Angaben." in form_page and "erneut" in form_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, edit_data(rejected, summary="Jetzt mit Angaben."), follow=True)
    assert response.redirect_chain[-1][0] == rejected.get_absolute_url()
    page = response.content.decode()
    assert "erneut zur Prüfung" in page  # the message after the redirect
    assert "wartet auf die Freigabe" in page  # and the page's own notice
    rejected.refresh_from_db()
    assert rejected.status == Actor.Status.PENDING and rejected.summary == "Jetzt mit Angaben."
    assert [n.user for n in Notification.objects.all()] == [moderator]
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    # The moderation queue shows it again, with the earlier reason.
    client.force_login(moderator)
    queue = client.get(QUEUE).content.decode()
    assert "Initiative Neue Wege" in queue and "Zu wenig Angaben." in queue


def test_saving_a_rejected_actor_unchanged_keeps_it_rejected_and_says_so(
    client, rejected, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("actors:actor_edit", args=[rejected.slug]), edit_data(rejected), follow=True)
    assert response.status_code == 200
    assert "nichts geändert; der Akteur bleibt daher abgelehnt" in response.content.decode()
    rejected.refresh_from_db()
    assert rejected.status == Actor.Status.REJECTED
    assert not Notification.objects.exists() and not mail.outbox


def test_the_rejected_page_tells_its_editors_how_to_resubmit(client, rejected, member):
    client.force_login(member)
    page = client.get(rejected.get_absolute_url()).content.decode()
    assert "Zu wenig Angaben." in page and "erneut" in page


def test_an_invalid_edit_of_a_rejected_actor_changes_nothing(client, rejected, member):
    client.force_login(member)
    response = client.post(reverse("actors:actor_edit", args=[rejected.slug]), edit_data(rejected, name=""))
    assert response.status_code == 400
    rejected.refresh_from_db()
    assert rejected.status == Actor.Status.REJECTED and not Notification.objects.exists()


# --- A new editor ---------------------------------------------------------------------------


def test_a_new_editor_is_told_once(owner, owned_actor, member, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_editor(actor=owned_actor, user=member, added_by=owner)
    (note,) = notes(member)
    assert "Redaktion" in note.message and "Aktionskreis Beispiel" in note.message
    assert note.url == owned_actor.get_absolute_url()
    (message,) = mail.outbox
    assert message.to == [member.email] and "Aktionskreis Beispiel" in message.subject
    assert reverse("actors:actor_edit", args=[owned_actor.slug]) in message.body
    assert reverse("actors:actor_editors", args=[owned_actor.slug]) in message.body
    assert "Redaktion" in message.body  # who added them, by display name
    # Adding again changes nothing and tells nobody.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_editor(actor=owned_actor, user=member, added_by=owner)
    assert len(notes(member)) == 1 and not mail.outbox


def test_adding_oneself_or_without_a_name_tells_nobody(
    owned_actor, moderator, member, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_editor(actor=owned_actor, user=moderator, added_by=moderator)
        services.add_editor(actor=owned_actor, user=member)
    assert set(owned_actor.editors.all()) >= {moderator, member}
    assert not Notification.objects.exists() and not mail.outbox


def test_no_mail_to_an_editor_removed_again(owned_actor, member, owner):
    from wandelnetz.actors.notifications import send_editor_added_mail

    mail.outbox.clear()
    assert send_editor_added_mail.call(owned_actor.pk, member.pk, owner.pk) == 0
    assert not mail.outbox


def test_adding_an_editor_on_the_page_tells_them(
    client, owner, owned_actor, member, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("actors:actor_editors", args=[owned_actor.slug]), {"email": member.email})
    assert response.status_code == 302
    assert len(notes(member)) == 1 and [m.to for m in mail.outbox] == [[member.email]]
    assert not notes(owner)


def test_the_mails_are_complete_in_english(member, moderator, settings, django_capture_on_commit_callbacks):
    settings.LANGUAGE_CODE = "en"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposed = propose(member)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_actor(actor=proposed, moderator=moderator, note="Duplicate.")
    request, decision = mail.outbox
    assert request.subject.endswith("New actor to approve: Initiative Neue Wege")
    assert "Hello Moderation," in request.body and "moderation queue" in request.body
    assert decision.subject.endswith("Not approved: Initiative Neue Wege") and "Reason: Duplicate." in decision.body
    assert "has not been approved" in Notification.objects.get(user=member).message

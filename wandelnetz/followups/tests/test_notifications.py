"""Followers are told of each status change, in the platform and by mail; the changer is not."""

import pytest
from django.core import mail

from wandelnetz.accounts.models import Notification
from wandelnetz.accounts.tests.factories import UserFactory
from wandelnetz.followups import services
from wandelnetz.followups.tests.factories import follow_up

pytestmark = pytest.mark.django_db


def test_followers_get_a_notification_and_a_mail_but_not_the_changer(
    member, outsider, moderator, django_capture_on_commit_callbacks
):
    gone = UserFactory(display_name="Weg")
    item = follow_up("Infoplattform", created_by=member)
    services.follow(follow_up=item, user=outsider)
    services.follow(follow_up=item, user=moderator)
    services.follow(follow_up=item, user=gone)
    services.unfollow(follow_up=item, user=gone)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(follow_up=item, to_status="stalled", reason="Mittel fehlen", user=moderator)
    told = Notification.objects.order_by("user_id")
    assert [n.user for n in told] == sorted([member, outsider], key=lambda u: u.pk)
    assert all(n.url == item.get_absolute_url() and "Infoplattform" in n.message for n in told)
    assert "Mittel fehlen" in told[0].message
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, outsider.email])
    body = mail.outbox[0].body
    assert "http" in body and item.get_absolute_url() in body and "Mittel fehlen" in body
    assert moderator.email not in body  # who changed it is named by display name only
    assert "Infoplattform" in mail.outbox[0].subject


def test_a_refused_change_tells_nobody(member, outsider, django_capture_on_commit_callbacks):
    item = follow_up(created_by=member)
    services.follow(follow_up=item, user=outsider)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.StatusChangeRefused):
        services.change_status(follow_up=item, to_status="done", user=member)
    assert not Notification.objects.exists() and not mail.outbox


def test_nobody_following_sends_nothing(member, django_capture_on_commit_callbacks):
    item = follow_up(created_by=member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(follow_up=item, to_status="under_review", user=member)
    assert not Notification.objects.exists() and not mail.outbox

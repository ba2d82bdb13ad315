"""A status moves only along TRANSITIONS, with a reason where one is needed; each step is kept."""

import pytest
from django.utils.translation import override

from wandelnetz.followups import services
from wandelnetz.followups.models import REASON_REQUIRED, TRANSITIONS, FollowUp, StatusChange
from wandelnetz.followups.tests.factories import follow_up

pytestmark = pytest.mark.django_db
S = FollowUp.Status


def _at(status: str, **fields):
    """A follow-up created directly in `status` (with a reason where needed)."""
    reason = "Mittel fehlen" if status in REASON_REQUIRED else ""
    return follow_up(status=status, status_reason=reason, **fields)


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(start, end) for start, ends in TRANSITIONS.items() for end in sorted(ends)],
)
def test_every_allowed_jump_works(member, from_status, to_status):
    item = _at(from_status)
    reason = "Mittel fehlen" if to_status in REASON_REQUIRED else ""
    change = services.change_status(follow_up=item, to_status=to_status, reason=reason, comment="weiter", user=member)
    item.refresh_from_db()
    assert item.status == to_status and item.status_reason == reason
    assert item.status_changed_at == change.changed_at
    assert (change.from_status, change.to_status, change.comment, change.changed_by) == (
        from_status,
        to_status,
        "weiter",
        member,
    )


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(start, end) for start in S.values for end in S.values if end not in TRANSITIONS[start]],
)
def test_every_other_jump_is_refused_and_nothing_changes(member, from_status, to_status):
    item = _at(from_status)
    before = item.status_changed_at
    with pytest.raises(services.StatusChangeRefused):
        services.change_status(follow_up=item, to_status=to_status, reason="Grund", user=member)
    item.refresh_from_db()
    assert item.status == from_status and item.status_changed_at == before
    assert StatusChange.objects.filter(follow_up=item).count() == 1


def test_proposed_to_done_says_what_is_possible(member):
    item = follow_up()
    with override("en"), pytest.raises(services.StatusChangeRefused) as refused:
        services.change_status(follow_up=item, to_status=S.DONE, user=member)
    message = refused.value.messages[0]
    assert "cannot become" in message and "“in progress”" in message


def test_the_refusal_quotes_the_possible_steps_the_german_way(member):
    item = follow_up()
    with override("de"), pytest.raises(services.StatusChangeRefused) as refused:
        services.change_status(follow_up=item, to_status=S.DONE, user=member)
    message = refused.value.messages[0]
    assert "„in Prüfung“, „in Arbeit“" in message
    assert "”" not in message  # no English closing quotation mark in the German sentence


@pytest.mark.parametrize("to_status", sorted(REASON_REQUIRED))
def test_reason_is_required_for_stalled_and_rejected(member, to_status):
    item = follow_up()
    for reason in ("", "   "):
        with pytest.raises(services.StatusChangeRefused):
            services.change_status(follow_up=item, to_status=to_status, reason=reason, user=member)
    item.refresh_from_db()
    assert item.status == S.PROPOSED and item.status_changes.count() == 1


def test_creating_as_stalled_needs_a_reason_too():
    with pytest.raises(services.StatusChangeRefused):
        follow_up("Infoplattform", status=S.STALLED)
    assert not FollowUp.objects.exists()


def test_unknown_status_is_refused(member):
    item = follow_up()
    with pytest.raises(services.StatusChangeRefused):
        services.change_status(follow_up=item, to_status="vanished", user=member)


def test_timeline_keeps_every_step_in_order(member, moderator):
    item = follow_up("Infoplattform", created_by=member)
    services.change_status(follow_up=item, to_status=S.STALLED, reason="Mittel fehlen", user=member)
    services.change_status(follow_up=item, to_status=S.IN_PROGRESS, comment="mit der Bündnis-Website", user=moderator)
    steps = list(item.status_changes.order_by("changed_at", "pk").values_list("from_status", "to_status", "reason"))
    assert steps == [
        ("", S.PROPOSED, ""),
        (S.PROPOSED, S.STALLED, "Mittel fehlen"),
        (S.STALLED, S.IN_PROGRESS, ""),
    ]
    item.refresh_from_db()
    assert item.status == S.IN_PROGRESS and item.status_reason == ""

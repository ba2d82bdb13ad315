"""A body's seats in plain words: does civil society sit there, and with what rights?"""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wandelnetz.bodies.models import Seat


def holder_name(seat: Seat) -> str:
    """The actor's abbreviation or name, else the role in words."""
    if seat.actor_id and seat.actor is not None:
        return seat.actor.short_name or seat.actor.name
    return seat.role


def _holders(seats: list[Seat]) -> str:
    names: list[str] = []
    for seat in seats:
        name = holder_name(seat)
        if name and name not in names:
            names.append(name)
    return ", ".join(names)


def civil_society_sentence(all_seats: Iterable[Seat], current: Iterable[Seat]) -> str:
    """One or two sentences about civil society's seats today.

    `all_seats`: every seat known (past ones too), only to tell "nothing is known" from "none";
    `current`: the seats held today.
    """
    all_seats = list(all_seats)
    if not all_seats:
        return _("Nothing is known about the seats.")
    current = list(current)
    if not current:  # as the atlas counts it: unknown today, not "no seat"
        # Not held today: ended, or not begun yet (a council constituted next month).
        today = timezone.localdate()
        later = [seat for seat in all_seats if seat.since is not None and seat.since > today]
        if not later:
            return _("No seat is recorded for today: the seats below have ended.")
        if len(later) == len(all_seats):
            return _("No seat is held yet: the seats below begin later.")
        return _("No seat is recorded for today: the seats below have ended or begin later.")
    civil = [seat for seat in current if seat.is_civil_society]
    voting = [seat for seat in civil if seat.rights == Seat.Rights.VOTING]
    advisory = [seat for seat in civil if seat.rights != Seat.Rights.VOTING]
    if not civil:
        return _("Civil society has no seat here.")
    voting_count = sum(seat.count for seat in voting)
    advisory_count = sum(seat.count for seat in advisory)
    if not voting:
        return ngettext(
            "Civil society sits here with %(count)d seat, advisory only: %(holders)s.",
            "Civil society sits here with %(count)d seats, advisory only: %(holders)s.",
            advisory_count,
        ) % {"count": advisory_count, "holders": _holders(advisory)}
    sentence = ngettext(
        "Civil society sits here with %(count)d seat with voting rights: %(holders)s.",
        "Civil society sits here with %(count)d seats with voting rights: %(holders)s.",
        voting_count,
    ) % {"count": voting_count, "holders": _holders(voting)}
    if advisory:
        sentence += " " + ngettext(
            "In addition, it has %(count)d advisory seat: %(holders)s.",
            "In addition, it has %(count)d advisory seats: %(holders)s.",
            advisory_count,
        ) % {"count": advisory_count, "holders": _holders(advisory)}
    return sentence

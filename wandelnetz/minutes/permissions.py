"""Who may do what with minutes: the people who edit the event (its organisers' editors, moderators).

Everyone reads minutes; adding, importing, editing and deleting them is editing the event.
"""

import rules

from wandelnetz.events.permissions import can_edit_event

# The predicate takes the event, not the minutes: an event without minutes must be checkable too.
can_edit_minutes = can_edit_event

rules.add_perm("minutes.change_minutes", can_edit_minutes)

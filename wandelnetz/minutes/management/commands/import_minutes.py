"""Import minutes from a file: `import_minutes PATH [--event ID] [--dry-run] [--user EMAIL]`.

The dry run prints the proposal as JSON and saves nothing; otherwise every proposed item is saved
for the event (in one transaction) and a short summary is printed.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from wandelnetz.accounts.models import User
from wandelnetz.events.models import Event
from wandelnetz.minutes.importer import MinutesRejected, apply_proposal, build_proposal, check_text, decode_upload
from wandelnetz.minutes.models import MAX_MINUTES_CHARS


class Command(BaseCommand):
    help = "Read minutes from a file and propose (--dry-run, as JSON) or save what they contain for an event."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The minutes, a Markdown or text file (UTF-8 or Windows-1252).")
        parser.add_argument("--event", metavar="ID", help="The event the minutes belong to: its id or its slug.")
        parser.add_argument("--dry-run", action="store_true", help="Print the proposal as JSON; save nothing.")
        parser.add_argument("--user", metavar="EMAIL", help="Who imports (new actors are published for moderators).")

    def handle(self, *args, **options):
        event = self._event(options["event"]) if options["event"] else None
        if not options["dry_run"] and event is None:
            raise CommandError("Give the event with --event ID (or use --dry-run to only see the proposal).")
        user = None
        if options["user"]:
            user = User.objects.filter(email__iexact=options["user"]).first()
            if user is None:
                raise CommandError(f"There is no user with the email address {options['user']}.")
        text = self._read(Path(options["path"]))
        try:
            proposal = build_proposal(text, event=event)
        except MinutesRejected as error:
            raise CommandError(" ".join(error.messages)) from None
        if options["dry_run"]:
            self.stdout.write(json.dumps(proposal.to_json(), ensure_ascii=False, indent=2))
            return
        assert event is not None
        try:
            minutes = apply_proposal(proposal, event=event, text=text, user=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        summary = minutes.import_summary
        self.stdout.write(
            f"Minutes saved for “{event.title}” ({event.pk}): "
            f"{len(summary.get('contributions_created', []))} contribution(s), "
            f"{len(summary.get('actors_created', []))} new actor(s), "
            f"{len(summary.get('topics_added', []))} topic(s) ({len(summary.get('topics_created', []))} new), "
            f"{len(summary.get('events_created', []))} new date(s), {len(summary.get('events_linked', []))} linked, "
            f"{len(summary.get('follow_ups_created', []))} follow-up(s) "
            f"({len(summary.get('follow_ups_skipped', []))} already there), "
            f"{summary.get('links', 0)} link(s)."
        )
        for warning in proposal.warnings:
            self.stderr.write(f"Warning: {warning}")

    def _event(self, value: str) -> Event:
        event = Event.objects.filter(pk=int(value)).first() if value.isdigit() else None
        if event is None:
            event = Event.objects.filter(slug=value).first()
        if event is None:
            raise CommandError(f"There is no event with the id or slug “{value}”.")
        return event

    def _read(self, path: Path) -> str:
        try:
            size = path.stat().st_size
            if size > MAX_MINUTES_CHARS * 4:
                raise CommandError(
                    f"The minutes are too long: at most {MAX_MINUTES_CHARS} characters, this file has {size} bytes."
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from None
        try:
            return check_text(decode_upload(data))
        except MinutesRejected as error:
            raise CommandError(" ".join(error.messages)) from None

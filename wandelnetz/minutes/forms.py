"""Forms for minutes: the text to import (pasted or uploaded), the import preview, the text as edited.

The preview form is built from a `Proposal`: per item a checkbox `select-<key>` and the fields
the coordinator may correct, named `<key>-<field>`. Confirming parses the same text again (the
keys are stable) and applies the posted choices to the new proposal, so nothing posted can name
an item the text does not contain: fields of unknown keys are never read.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext_lazy as _

from wandelnetz.actors.models import Actor
from wandelnetz.events.models import Contribution, Event
from wandelnetz.followups.models import REASON_REQUIRED, FollowUp
from wandelnetz.minutes import importer
from wandelnetz.minutes.models import MAX_MINUTES_CHARS, MinutesLink
from wandelnetz.minutes.proposal import (
    Proposal,
    ProposedActor,
    ProposedContribution,
    ProposedDate,
    ProposedFollowUp,
    ProposedLink,
    ProposedTopic,
)
from wandelnetz.topics.models import Topic

# UTF-8 needs at most four bytes a character: a larger file cannot hold acceptable minutes,
# so it is refused by its size, before it is read.
MAX_UPLOAD_BYTES = MAX_MINUTES_CHARS * 4
UPLOAD_SUFFIXES = (".md", ".txt", ".markdown")
MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, [links](https://example.org).")


def _text_area(rows: int = 20) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "spellcheck": "true"})


class SizeLimitedUploadHandler(FileUploadHandler):
    """Stops taking an uploaded file in as soon as it is larger than minutes can be.

    The file is skipped (nothing of it is kept, in memory or on disk) and the request marked, so
    the form can say why, instead of a several-megabyte file first being stored in full.
    """

    received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > MAX_UPLOAD_BYTES:
            self.request.minutes_upload_too_large = True  # type: ignore[union-attr]
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) makes the file


def _number(value: int) -> str:
    """A count with the German thousands separator ("200.000"), as the other limit messages write it."""
    return f"{value:,}".replace(",", ".")


def _limits() -> dict[str, str]:
    return {"chars": _number(MAX_MINUTES_CHARS), "kb": _number(MAX_UPLOAD_BYTES // 1024)}


def _too_large_message(size: int | None = None) -> str:
    # Both limits, as in the field's help: a file under the size limit may still hold too many characters.
    if size is None:
        return _("The file is too large: minutes may have at most %(chars)s characters, a file at most %(kb)s KB.") % (
            _limits()
        )
    return _(
        "The file is too large (%(size)s KB): minutes may have at most %(chars)s characters, a file at most %(kb)s KB."
    ) % {**_limits(), "size": _number(size // 1024)}


class MinutesSourceForm(forms.Form):
    """The minutes to import: pasted into the text box or uploaded as a text file."""

    text = forms.CharField(
        label=_("Paste the minutes"),
        required=False,
        strip=False,
        widget=_text_area(),
        help_text=MARKDOWN_HELP,
    )
    file = forms.FileField(
        label=_("… or upload a file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".md,.txt,.markdown,text/plain,text/markdown"}),
    )

    def __init__(self, *args: Any, upload_too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.upload_too_large = upload_too_large
        # Both limits before the upload: the size of the file, and the characters the minutes may have.
        self.fields["file"].help_text = (
            _(
                "A text or Markdown file (.md, .txt), UTF-8 or Windows encoding. Minutes may have at most "
                "%(chars)s characters, a file at most %(kb)s KB."
            )
            % _limits()
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        text = cleaned.get("text") or ""
        if self.upload_too_large:
            self.add_error("file", _too_large_message())
        if self.errors:
            return cleaned
        if upload and text.strip():
            raise ValidationError(_("Paste the minutes or upload a file, not both."), code="both")
        if upload:
            cleaned["minutes_text"] = self._read_upload(upload)
        else:
            try:
                cleaned["minutes_text"] = importer.check_text(text)
            except importer.MinutesRejected as error:
                self.add_error("text", error)
        return cleaned

    def _read_upload(self, upload: Any) -> str:
        if PurePath(upload.name or "").suffix.lower() not in UPLOAD_SUFFIXES:
            self.add_error("file", _("Upload a text file ending in .md or .txt."))
            return ""
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            self.add_error("file", _too_large_message(upload.size))
            return ""
        try:
            return importer.decode_upload(upload.read(MAX_UPLOAD_BYTES + 1))
        except importer.MinutesRejected as error:
            self.add_error("file", error)
            return ""


class MinutesTextForm(forms.Form):
    """The minutes as written, edited directly (no import)."""

    text = forms.CharField(label=_("Minutes"), strip=False, widget=_text_area(30), help_text=MARKDOWN_HELP)

    def clean_text(self) -> str:
        try:
            return importer.check_text(self.cleaned_data["text"])
        except importer.MinutesRejected as error:
            raise ValidationError(error.messages) from error


# --- The import preview -----------------------------------------------------------------------


def _max(model: Any, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


# Which fields of each kind of item the coordinator may correct, and their longest value.
EDITABLE: dict[type, dict[str, int]] = {
    ProposedActor: {"name": _max(Actor, "name")},
    ProposedContribution: {"title": _max(Contribution, "title")},
    ProposedTopic: {"name": _max(Topic, "name")},
    ProposedFollowUp: {"title": _max(FollowUp, "title"), "status_reason": _max(FollowUp, "status_reason")},
    ProposedDate: {"title": _max(Event, "title")},
    ProposedLink: {"label": _max(MinutesLink, "label")},
}
# Fields that must not be empty when their item is taken over.
REQUIRED = {
    ProposedContribution: {"title"},
    ProposedFollowUp: {"title"},
    ProposedActor: {"name"},
    ProposedTopic: {"name"},
}


def _is_selectable(item: Any) -> bool:
    """Whether the coordinator chooses: not for what an earlier import already recorded."""
    if isinstance(item, ProposedContribution):
        return not item.exists
    if isinstance(item, ProposedFollowUp):
        return item.follow_up_id is None
    return True


def _editable_fields(item: Any) -> list[str]:
    """The names of the fields of `item` shown for correction."""
    if not _is_selectable(item):
        return []
    if isinstance(item, ProposedActor | ProposedTopic):
        # A recognised actor or topic is linked as it is; only a new one's name can be corrected.
        known = item.actor_id if isinstance(item, ProposedActor) else item.topic_id
        return [] if known else ["name"]
    if isinstance(item, ProposedDate):
        return [] if item.event_id else ["title"]
    if isinstance(item, ProposedFollowUp):
        return ["title", "status", "status_reason"]
    return list(EDITABLE[type(item)])


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _when(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _select_label(item: Any) -> str:
    """The checkbox's label names the item, so a screen reader's list of fields makes sense."""
    if isinstance(item, ProposedActor):
        if item.actor_id:
            return _("Link the actor “%(name)s”") % {"name": _short(item.name)}
        return _("Create the actor “%(name)s”") % {"name": _short(item.name)}
    if isinstance(item, ProposedTopic):
        if item.topic_id:
            return _("Tag with the topic “%(name)s”") % {"name": _short(item.name)}
        return _("Create the topic “%(name)s”") % {"name": _short(item.name)}
    if isinstance(item, ProposedContribution):
        return _("Take over the contribution “%(title)s”") % {"title": _short(item.title or ", ".join(item.speakers))}
    if isinstance(item, ProposedFollowUp):
        return _("Take over the follow-up “%(title)s”") % {"title": _short(item.title)}
    if isinstance(item, ProposedDate):
        when = _when(item.starts_at)
        shown = "%d.%m.%Y" if getattr(item, "time_to_be_announced", False) else "%d.%m.%Y %H:%M"
        day = when.strftime(shown) if when else item.starts_at
        if item.event_id:
            return _("Link the date on %(day)s") % {"day": day}
        return _("Create the date on %(day)s") % {"day": day}
    return _("Keep the link %(url)s") % {"url": _short(item.url)}


_FIELD_LABELS = {
    ProposedActor: {"name": _("Name of the new actor")},
    ProposedTopic: {"name": _("Name of the new topic")},
    ProposedContribution: {"title": _("Title of the contribution")},
    ProposedFollowUp: {"title": _("Title"), "status": _("Status"), "status_reason": _("Reason for the status")},
    ProposedDate: {"title": _("Theme of the date")},
    ProposedLink: {"label": _("Label")},
}


class ProposalForm(forms.Form):
    """The coordinator's choices about a proposal: what to take over, and corrected values."""

    def __init__(self, data: Any = None, *, proposal: Proposal, untick_new_follow_ups: bool = False) -> None:
        """`untick_new_follow_ups`: the event already has follow-ups, so the ones proposed are offered
        unticked (the minutes may retell them in other words); it only changes what the preview shows
        first: a posted form takes what is ticked."""
        super().__init__(data)
        self.proposal = proposal
        for item in proposal.items():
            if not _is_selectable(item):
                continue
            initial = item.selected and not (untick_new_follow_ups and isinstance(item, ProposedFollowUp))
            self.fields[f"select-{item.key}"] = forms.BooleanField(
                label=_select_label(item), required=False, initial=initial
            )
            for name in _editable_fields(item):
                self.fields[f"{item.key}-{name}"] = self._correction_field(item, name)

    def _correction_field(self, item: Any, name: str) -> forms.Field:
        label = _FIELD_LABELS[type(item)][name]
        if name == "status":
            return forms.ChoiceField(label=label, choices=FollowUp.Status.choices, initial=item.status)
        return forms.CharField(
            label=label,
            required=False,
            max_length=EDITABLE[type(item)][name],
            initial=getattr(item, name),
            help_text=_("Needed when a status is “stalled” or “rejected”.") if name == "status_reason" else "",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for item in self.proposal.items():
            if not cleaned.get(f"select-{item.key}"):
                continue
            for name in REQUIRED.get(type(item), set()) & set(_editable_fields(item)):
                field_name = f"{item.key}-{name}"
                if field_name in cleaned and not cleaned[field_name].strip():
                    self.add_error(field_name, _("This cannot be empty when the item is taken over."))
            if isinstance(item, ProposedFollowUp):
                status = cleaned.get(f"{item.key}-status")
                reason = cleaned.get(f"{item.key}-status_reason", "")
                if status in REASON_REQUIRED and not reason.strip():
                    self.add_error(
                        f"{item.key}-status_reason", _("Give a reason when a follow-up is stalled or rejected.")
                    )
        return cleaned

    def apply(self) -> Proposal:
        """The proposal with the posted choices and corrections applied (call after `is_valid()`)."""
        for item in self.proposal.items():
            if not _is_selectable(item):
                continue
            item.selected = bool(self.cleaned_data.get(f"select-{item.key}"))
            for name in _editable_fields(item):
                value = self.cleaned_data.get(f"{item.key}-{name}")
                if value is not None:
                    setattr(item, name, value.strip())
        return self.proposal


# --- What the preview template shows per item ---------------------------------------------------


@dataclass
class PreviewRow:
    item: Any
    select: forms.BoundField | None
    fields: list[forms.BoundField] = field(default_factory=list)
    starts: datetime | None = None
    ends: datetime | None = None
    known: Any = None  # the actor, topic or event the item is (or links to)
    actor: Any = None  # the ProposedActor a contribution or link belongs to
    date: Any = None  # the ProposedDate a follow-up points to
    owner: Any = None  # the ProposedActor a follow-up names as its owner
    owner_known: Any = None  # the actor that owner is, when it was recognised
    kind_label: str = ""  # a link's kind, in words


@dataclass
class PreviewSections:
    contributions: list[PreviewRow]
    actors: list[PreviewRow]
    topics: list[PreviewRow]
    follow_ups: list[PreviewRow]
    dates: list[PreviewRow]
    links: list[PreviewRow]


def _kind_label(kind: str) -> Any:
    try:
        return MinutesLink.Kind(kind).label
    except ValueError:
        return kind


def preview_sections(
    form: ProposalForm, *, actors: dict[int, Any], topics: dict[int, Any], events: dict[int, Any]
) -> PreviewSections:
    """The rows of the preview, each with its checkbox, its correction fields and what it refers to."""
    proposal = form.proposal
    by_key = {item.key: item for item in proposal.items()}

    def row(item: Any, **extra: Any) -> PreviewRow:
        select = form[f"select-{item.key}"] if f"select-{item.key}" in form.fields else None
        fields = [form[f"{item.key}-{name}"] for name in _editable_fields(item)]
        return PreviewRow(item=item, select=select, fields=fields, **extra)

    def actor_of(key: str) -> Any:
        proposed = by_key.get(key)
        return actors.get(proposed.actor_id) if proposed is not None and proposed.actor_id else None

    return PreviewSections(
        contributions=[
            row(c, actor=by_key.get(c.actor_key), known=actor_of(c.actor_key)) for c in proposal.contributions
        ],
        actors=[row(a, known=actors.get(a.actor_id) if a.actor_id else None) for a in proposal.actors],
        topics=[row(t, known=topics.get(t.topic_id) if t.topic_id else None) for t in proposal.topics],
        follow_ups=[
            row(
                f,
                date=by_key.get(f.date_key),
                owner=by_key.get(f.owner_actor_key),
                owner_known=actor_of(f.owner_actor_key),
                known=events.get(f.event_id) if f.event_id else None,
                starts=_when(by_key[f.date_key].starts_at) if f.date_key in by_key else None,
            )
            for f in proposal.follow_ups
        ],
        dates=[
            row(
                d,
                starts=_when(d.starts_at),
                ends=_when(d.ends_at),
                known=events.get(d.event_id) if d.event_id else None,
            )
            for d in proposal.dates
        ],
        links=[
            row(
                link,
                actor=by_key.get(link.actor_key),
                known=actor_of(link.actor_key),
                kind_label=str(_kind_label(link.kind)),
            )
            for link in proposal.links
        ],
    )

"""What the minutes importer proposes: plain data, shown in the preview, printed as JSON by the command.

The importer (`importer.build_proposal`) reads the text and checks names against the database but
saves nothing. The coordinator deselects or corrects items in the preview; `importer.apply_proposal`
then saves the selected items in one transaction. Parsing is deterministic, so each item's `key`
is stable: the confirm step parses the same text again and applies the corrections by key.
"""

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class ProposedActor:
    key: str  # "actor-1", …
    name: str  # as written in the minutes ("AkSLL", "Gesellschaftsdenken e.V.")
    actor_id: int | None = None  # the actor it is; None: offered for creation
    matched_by: str = ""  # "name", "abbreviation", "website", "" when new
    website: str = ""
    line: int = 0  # 1-based line of the first mention
    selected: bool = True


@dataclass
class ProposedContribution:
    key: str
    speakers: list[str]  # people as written; may be empty
    actor_key: str = ""  # a ProposedActor.key, or ""
    title: str = ""
    exists: bool = False  # the event already has this contribution: nothing to create
    line: int = 0
    selected: bool = True


@dataclass
class ProposedTopic:
    key: str
    name: str  # as highlighted in the minutes
    topic_id: int | None = None  # None: offered for creation
    line: int = 0
    selected: bool = True


@dataclass
class ProposedDate:
    key: str
    starts_at: str  # ISO 8601, local Berlin time with offset ("2022-01-24T17:00:00+01:00")
    ends_at: str = ""
    title: str = ""  # the theme ("Lebendige Orte")
    event_id: int | None = None  # an event of the same series already on that day: linked, not created
    line: int = 0
    selected: bool = True
    time_to_be_announced: bool = False  # the minutes give the day only (starts_at is then 00:00)


@dataclass
class ProposedFollowUp:
    key: str
    title: str
    text: str  # the sentence(s) of the minutes it comes from, unchanged
    status: str = "proposed"  # a FollowUp.Status value
    status_reason: str = ""
    topic_keys: list[str] = field(default_factory=list)
    owner_actor_key: str = ""
    date_key: str = ""  # a ProposedDate.key it points to (a meeting where it goes on)
    event_id: int | None = None  # or an existing event it points to
    related_key: str = ""  # another ProposedFollowUp.key it belongs to (a sub-point)
    line: int = 0
    selected: bool = True
    # An earlier import of these minutes already made it (same sentence, or the same title): nothing to
    # create, even when the coordinator corrected its title then.
    follow_up_id: int | None = None


@dataclass
class ProposedLink:
    key: str
    url: str
    kind: str = "other"  # a MinutesLink.Kind value: website, pinboard, email, other
    label: str = ""
    actor_key: str = ""
    line: int = 0
    selected: bool = True


@dataclass
class Proposal:
    title: str = ""  # first line ("Strukturwandel-Stammtisch am 06.12.2021")
    meeting_date: str = ""  # ISO date found in the title, or ""
    theme: str = ""  # "Thema: …"
    actors: list[ProposedActor] = field(default_factory=list)
    contributions: list[ProposedContribution] = field(default_factory=list)
    topics: list[ProposedTopic] = field(default_factory=list)
    follow_ups: list[ProposedFollowUp] = field(default_factory=list)
    dates: list[ProposedDate] = field(default_factory=list)
    links: list[ProposedLink] = field(default_factory=list)
    rest: list[str] = field(default_factory=list)  # the paragraphs that fed no item, verbatim
    warnings: list[str] = field(default_factory=list)  # what a reader should check (a date it could not read)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def items(self) -> list[Any]:
        return [*self.actors, *self.contributions, *self.topics, *self.follow_ups, *self.dates, *self.links]

    def item(self, key: str) -> Any:
        return next((item for item in self.items() if item.key == key), None)

"""`manage.py import_minutes PATH [--event ID] [--dry-run]`."""

import json
import shutil
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import override

from wandelnetz.events.models import Contribution, Event
from wandelnetz.events.recurrence import BERLIN
from wandelnetz.events.tests.factories import event, series
from wandelnetz.followups.models import FollowUp
from wandelnetz.minutes.models import Minutes

FIXTURE = Path(__file__).parent / "fixtures" / "numbered.md"


@pytest.fixture
def host(db):
    return event(
        "Runder Tisch Energie",
        starts_at=datetime(2022, 1, 10, 17, tzinfo=BERLIN),
        series=series("Runder Tisch Energie"),
    )


def counts() -> tuple[int, ...]:
    return (Minutes.objects.count(), Contribution.objects.count(), Event.objects.count(), FollowUp.objects.count())


def run(*args: str) -> str:
    out = StringIO()
    with override("en"):
        call_command("import_minutes", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_dry_run_prints_the_proposal_and_saves_nothing(host):
    before = counts()
    output = run(str(FIXTURE), "--event", str(host.pk), "--dry-run")
    data = json.loads(output)
    assert set(data) >= {"actors", "contributions", "topics", "follow_ups", "dates", "links", "rest", "warnings"}
    assert data["contributions"][0]["speakers"] == ["Jana Beispiel"]
    assert "Wärmewende im Dorf" in output  # not escaped (ensure_ascii=False)
    assert counts() == before


def test_dry_run_without_an_event(db):
    data = json.loads(run(str(FIXTURE), "--dry-run"))
    assert data["meeting_date"] == "2022-01-10"


def test_import_by_id_and_again_by_slug(host):
    output = run(str(FIXTURE), "--event", str(host.pk))
    assert "Minutes saved" in output
    assert "3 follow-up(s)" in output
    saved = counts()
    assert Minutes.objects.get(event=host).text == FIXTURE.read_text(encoding="utf-8")
    run(str(FIXTURE), "--event", host.slug)
    assert counts() == saved  # nothing doubles


def test_import_as_a_user(host, moderator):
    run(str(FIXTURE), "--event", str(host.pk), "--user", moderator.email)
    assert Minutes.objects.get(event=host).imported_by == moderator


def test_without_event_it_refuses(db):
    with pytest.raises(CommandError, match="--event"):
        run(str(FIXTURE))


def test_unknown_event_and_user(host):
    with pytest.raises(CommandError, match="no event"):
        run(str(FIXTURE), "--event", "999999")
    with pytest.raises(CommandError, match="no user"):
        run(str(FIXTURE), "--event", str(host.pk), "--user", "nobody@example.invalid")


def test_unreadable_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.md"), "--dry-run")
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path), "--dry-run")  # a folder


def test_too_long_and_binary_files_save_nothing(host, tmp_path):
    before = counts()
    big = tmp_path / "big.md"
    big.write_text("Protokoll\n" + "x" * 5_000_000, encoding="utf-8")
    with pytest.raises(CommandError, match="too long"):
        run(str(big), "--event", str(host.pk))
    medium = tmp_path / "medium.md"
    medium.write_text("Protokoll\n" + "x" * 300_000, encoding="utf-8")
    with pytest.raises(CommandError, match="too long"):
        run(str(medium), "--event", str(host.pk))
    binary = tmp_path / "bild.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(CommandError, match="not text"):
        run(str(binary), "--event", str(host.pk))
    assert counts() == before


def test_windows_1252_file(host, tmp_path):
    path = tmp_path / "alt.md"
    shutil.copy(FIXTURE, path)
    path.write_bytes(FIXTURE.read_text(encoding="utf-8").encode("cp1252"))
    data = json.loads(run(str(path), "--dry-run"))
    assert data["theme"] == "Bürgerenergie"

"""Unit tests of reading minutes as text (no database)."""

from datetime import date, time

import pytest

from wandelnetz.minutes import parsing
from wandelnetz.minutes.importer import MinutesRejected, check_text, decode_upload
from wandelnetz.minutes.models import MAX_MINUTES_CHARS


class TestFold:
    def test_umlauts_and_sharp_s_are_equal_to_their_spellings(self):
        assert parsing.fold("Bürger") == parsing.fold("Buerger") == parsing.fold("burger")
        assert parsing.fold("Straße") == parsing.fold("STRASSE")

    def test_name_key_ignores_punctuation_and_ampersand(self):
        assert parsing.name_key("Stiftungen & Engagement:") == parsing.name_key("stiftungen und engagement")


class TestBlocks:
    def test_items_sub_items_continuations_and_paragraphs(self):
        blocks = parsing.split_blocks(
            "Titel\n\n- eins\n - unter eins\n- zwei\n<https://example.org>\n\nAbsatz eins\nzeile zwei\n"
        )
        assert [(b.kind, b.start, b.depth) for b in blocks] == [
            ("paragraph", 1, 0),
            ("item", 3, 0),
            ("item", 4, 1),
            ("item", 5, 0),
            ("paragraph", 8, 0),
        ]
        assert blocks[2].parent == 1
        assert blocks[3].text == "zwei\n<https://example.org>"
        assert blocks[4].verbatim == "Absatz eins\nzeile zwei"

    @pytest.mark.parametrize(
        ("line", "content"),
        [
            ("1 Impuls Erika Muster (Verein)", "Impuls Erika Muster (Verein)"),
            ("1. Begrüßung", "Begrüßung"),
            ("2) Bericht", "Bericht"),
            ("TOP 3: Verschiedenes", "Verschiedenes"),
            ("## Nächste Termine", "Nächste Termine"),
            ("**Nächste Termine**", "Nächste Termine"),
        ],
    )
    def test_section_headings(self, line, content):
        (block,) = parsing.split_blocks(f"{line}\n")
        assert block.kind == "heading"
        assert block.text == content

    def test_an_ordered_list_stays_a_list(self):
        blocks = parsing.split_blocks("1. eins\n2. zwei\n")
        assert [block.kind for block in blocks] == ["item", "item"]

    def test_every_non_empty_line_is_in_exactly_one_block(self):
        text = "# A\n\n- b\n  - c\nd\n\ne\n\n3 F\n- g\n"
        lines = [line for block in parsing.split_blocks(text) for line in block.lines]
        assert lines == [n for n, line in enumerate(text.split("\n"), start=1) if line.strip()]


class TestDates:
    @pytest.mark.parametrize(
        "line",
        [
            "Mo, 24.01.2022, 17:00-18:30 Uhr",
            "24.1.2022",
            "24.01.22",
            "24. Januar 2022",
            "2022-01-24",
            "Monday, 24 January 2022",
            "January 24, 2022",
            "24th January 2022",
        ],
    )
    def test_date_styles(self, line):
        (found,) = parsing.find_dates(line)
        assert found.day == date(2022, 1, 24)
        assert not found.weekday_mismatch

    @pytest.mark.parametrize("line", ["31.02.2022", "Mo, 24.13.2022", "2022-02-30"])
    def test_impossible_dates_are_found_but_unread(self, line):
        (found,) = parsing.find_dates(line)
        assert found.day is None

    def test_weekday_that_does_not_fit(self):
        (found,) = parsing.find_dates("Di, 24.01.2022")
        assert found.weekday_mismatch

    @pytest.mark.parametrize(
        ("line", "expected"),
        [
            ("Mo, 24.01., 17:00 Uhr", date(2022, 1, 24)),  # the next January, nearer than the last
            ("Nächster Termin: Montag, den 24.1. um 17 Uhr", date(2022, 1, 24)),
            ("am 24. Januar", date(2022, 1, 24)),
            ("on January 24th", date(2022, 1, 24)),
            ("Rückblick auf den 29. November", date(2021, 11, 29)),  # last week, not next year
            ("Fr, 2.12.", date(2022, 12, 2)),  # 2 Dec 2021 was a Thursday: the Friday it names
        ],
    )
    def test_dates_without_a_year_next_to_the_meeting_day(self, line, expected):
        meeting = date(2021, 12, 6)
        (found,) = parsing.find_dates(line, meeting)
        assert found.day == expected and not found.weekday_mismatch
        assert parsing.find_dates(line) == []  # without the meeting's day they stay text

    @pytest.mark.parametrize("line", ["Abschnitt 1.2. Ziele", "24.01. bis 28.01.", "Version 3.4.", "Mai 2022"])
    def test_no_year_less_dates_without_a_weekday_or_a_month_name(self, line):
        assert parsing.find_dates(line, date(2021, 12, 6)) == []

    def test_a_year_less_day_that_never_exists_is_found_but_unread(self):
        (found,) = parsing.find_dates("Mo, 30.02.", date(2021, 12, 6))
        assert found.day is None

    def test_no_dates_in_ordinary_numbers(self):
        assert parsing.find_dates("jeden 2. Montag im Monat, 14 Personen, Version 1.2.3") == []

    @pytest.mark.parametrize(
        ("line", "start", "end"),
        [
            ("Mo, 24.01.2022, 17:00-18:30 Uhr", time(17), time(18, 30)),
            ("24.01.2022, 17:00–18:30", time(17), time(18, 30)),
            ("24.01.2022, 17 Uhr", time(17), None),
            ("24.01.2022, 17.00 Uhr", time(17), None),
            ("24.01.2022 von 17 bis 19 Uhr", time(17), time(19)),
            ("January 24, 2022 from 5 pm", time(17), None),
            ("January 24, 2022, 5:30 pm", time(17, 30), None),
        ],
    )
    def test_times(self, line, start, end):
        found = parsing.find_dates(line)
        assert parsing.find_times(line, found)[:2] == (start, end)

    def test_no_time_in_counts(self):
        line = "24.01.2022: 2-3 Personen aus 2 Gruppen"
        assert parsing.find_times(line, parsing.find_dates(line))[:2] == (None, None)

    def test_berlin_offsets_in_winter_and_summer(self):
        assert parsing.berlin_iso(date(2022, 1, 24), time(17)) == "2022-01-24T17:00:00+01:00"
        assert parsing.berlin_iso(date(2022, 4, 25), time(17)) == "2022-04-25T17:00:00+02:00"

    def test_theme(self):
        assert parsing.theme_of("**Mo, 24.01.2022, 17:00-18:30 Uhr, Thema: Lebendige Orte**") == "Lebendige Orte"
        assert parsing.theme_of("Monday, 15 April 2024, topic: Heat planning") == "Heat planning"


class TestLinks:
    def test_all_kinds_of_addresses(self):
        line = (
            "Infos: <https://a.example/x>, https://b.example/y. und www.c.example sowie "
            "[Text](https://d.example) oder [klimafit](#), Mail an: mitmachen@e.example"
        )
        found = parsing.find_links(line)
        assert [(link.url, link.is_email) for link in found] == [
            ("https://a.example/x", False),
            ("https://b.example/y", False),
            ("https://www.c.example", False),
            ("https://d.example", False),
            ("mitmachen@e.example", True),
        ]
        assert found[3].text == "Text"

    def test_hosts_and_pinboards(self):
        assert parsing.host_of("https://www.ak-strukturwandel.de/x") == "ak-strukturwandel.de"
        assert parsing.host_of("mitmachen@ak-strukturwandel.de") == "ak-strukturwandel.de"
        assert parsing.is_pinboard("https://padlet.com/someone/abc")
        assert parsing.is_pinboard("https://www.taskcards.de/#/board/1")
        assert not parsing.is_pinboard("https://example.org/padlet.com")


class TestHeadings:
    def test_one_speaker_and_actor(self):
        heading = parsing.parse_contribution_heading("1 Impuls David Loesche (Gesellschaftsdenken e.V.)")
        assert heading is not None
        assert (heading.speakers, heading.actor, heading.title) == (["David Loesche"], "Gesellschaftsdenken e.V.", "")

    def test_two_speakers_and_abbreviation(self):
        heading = parsing.parse_contribution_heading("2 Impuls Andreas Rauhut/Rüdiger Brumme (AkSLL)")
        assert heading is not None
        assert (heading.speakers, heading.actor) == (["Andreas Rauhut", "Rüdiger Brumme"], "AkSLL")

    @pytest.mark.parametrize(
        ("line", "speakers", "actor", "title"),
        [
            (
                "Impuls: Leerstand nutzen – Tom Muster (Dorfladen e.V.)",
                ["Tom Muster"],
                "Dorfladen e.V.",
                "Leerstand nutzen",
            ),
            ("Input by Jane Example (Sunny Coop): Solar on roofs", ["Jane Example"], "Sunny Coop", "Solar on roofs"),
            (
                "Vortrag „Wärme im Dorf“ von Erika Muster und Max Beispiel",
                ["Erika Muster", "Max Beispiel"],
                "",
                "Wärme im Dorf",
            ),
            ("Impuls Bürgerregion Lausitz", [], "Bürgerregion Lausitz", ""),
            ("Vortrag Wärme im Dorf", [], "", "Wärme im Dorf"),
        ],
    )
    def test_other_shapes(self, line, speakers, actor, title):
        heading = parsing.parse_contribution_heading(line)
        assert heading is not None
        assert (heading.speakers, heading.actor, heading.title) == (speakers, actor, title)

    def test_not_a_heading(self):
        assert parsing.parse_contribution_heading("Hauptpunkte aus der Diskussion") is None


class TestCues:
    @pytest.mark.parametrize(
        "text",
        [
            "Es wird eine Reihe vorgeschlagen.",
            "Dies soll am 07.03.2022 vertieft diskutiert werden.",
            "Für eine Umsetzung fehlen aktuell noch Mittel.",
            "Bei der Umsetzung stimmen wir uns weiter ab.",
            "Ein Kataster ist geplant.",
            "Die Frage ist noch offen.",
            "Nächster Schritt: Termin finden.",
            "A room is proposed.",
            "The club will set up a library.",
            "Open question: who pays?",
        ],
    )
    def test_cues(self, text):
        assert parsing.has_cue(text)

    @pytest.mark.parametrize(
        "text",
        [
            "Es fehlt an partizipativen Strukturen und an Transparenz.",
            "Der Bedarf an Austausch und Netzwerkarbeit ist groß.",
            "Die VHS bietet eine Schulung an.",
            "In einem offenen Format wurden Gespräche geführt.",
        ],
    )
    def test_no_cue(self, text):
        assert not parsing.has_cue(text)

    def test_titles_from_the_cue_sentence(self):
        assert parsing.cue_title("Es wird eine Reihe mit Inputs vorgeschlagen.") == "Reihe mit Inputs"
        assert parsing.cue_title("Das war gut. Dies soll weitergehen.") == "Dies soll weitergehen"
        assert len(parsing.cue_title("Es soll " + "sehr " * 60 + "lang sein.")) <= 120

    def test_funding_and_progress(self):
        assert parsing.FUNDING_MISSING_RE.search("Für eine Umsetzung fehlen aktuell noch Mittel.")
        assert parsing.FUNDING_MISSING_RE.search("Funding is missing so far.")
        assert parsing.IN_PROGRESS_RE.search("Das Bündnis bringt aktuell einen Webauftritt voran")


class TestCheckText:
    def test_normalises_line_ends(self):
        assert check_text("a\r\nb\rc") == "a\nb\nc"

    @pytest.mark.parametrize(
        ("text", "code"),
        [("", "empty"), ("  \n\t", "empty"), ("a\x00b", "binary"), ("x" * (MAX_MINUTES_CHARS + 1), "too_long")],
    )
    def test_rejects(self, text, code):
        with pytest.raises(MinutesRejected) as error:
            check_text(text)
        assert error.value.code == code
        assert error.value.messages[0]

    def test_decode_utf8_with_bom_and_cp1252(self):
        assert decode_upload("\ufeffBürger".encode()) == "Bürger"
        assert decode_upload("Bürger – “Zitat”".encode("cp1252")) == "Bürger – “Zitat”"

    def test_decode_rejects_binary(self):
        with pytest.raises(MinutesRejected):
            decode_upload(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
        with pytest.raises(MinutesRejected):
            decode_upload(b"\x81\x8d\x8f\x90\x9d")

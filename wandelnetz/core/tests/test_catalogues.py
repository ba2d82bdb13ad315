"""The translation catalogues: German complete, compiled, and chosen by the browser's language."""

import gettext
import shutil

import pytest

from wandelnetz.core.check_catalogues import (
    GERMAN_PO,
    LOCALE_DIR,
    check,
    incomplete_entries,
    stale_mo_files,
)

GERMAN_MO = GERMAN_PO.with_suffix(".mo")
SEARCH_RESULTS = ("%(counter)s result for “%(query)s”", "%(counter)s results for “%(query)s”")


def german() -> gettext.GNUTranslations:
    with GERMAN_MO.open("rb") as compiled:
        return gettext.GNUTranslations(compiled)


def test_german_catalogue_has_no_untranslated_or_fuzzy_entry():
    assert [entry.describe() for entry in incomplete_entries(GERMAN_PO)] == []


def test_every_compiled_catalogue_matches_its_po_file():
    assert stale_mo_files(LOCALE_DIR) == []


@pytest.mark.parametrize(
    ("english", "german_text"),
    [
        ("Skip to content", "Zum Inhalt springen"),
        ("Who does what, where?", "Wer macht was, wo?"),
        ("meeting rhythm", "Treffrhythmus"),
        ("There is no topic “%(slug)s”.", "Es gibt kein Thema „%(slug)s“."),
        ("The page number must be a whole number.", "Die Seitenzahl muss eine ganze Zahl sein."),
        (
            "This relation already exists or is waiting for confirmation.",
            "Diese Beziehung existiert bereits oder wartet auf Bestätigung.",
        ),
    ],
)
def test_compiled_german_catalogue_translates(english, german_text):
    assert german().gettext(english) == german_text


@pytest.mark.parametrize("count", [1, 25])
def test_compiled_german_catalogue_has_both_plural_forms(count):
    text = german().ngettext(*SEARCH_RESULTS, count) % {"counter": count, "query": "Lausitz"}
    assert text == f"{count} Treffer für „Lausitz“"


def test_checker_reports_fuzzy_untranslated_and_stale(tmp_path):
    messages = tmp_path / "de" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    shutil.copy(GERMAN_MO, messages / "django.mo")
    po = GERMAN_PO.read_text(encoding="utf-8")
    po = po.replace('msgstr "Zum Inhalt springen"', 'msgstr ""', 1)
    po = po.replace('msgid "Who does what, where?"', '#, fuzzy\nmsgid "Who does what, where?"', 1)
    (messages / "django.po").write_text(po, encoding="utf-8")

    problems, _ = check(tmp_path)

    assert any("untranslated: 'Skip to content'" in problem for problem in problems)
    assert any("fuzzy: 'Who does what, where?'" in problem for problem in problems)
    assert any("django.mo" in problem and "out of date" in problem for problem in problems)
    (messages / "django.mo").unlink()
    assert any("django.mo: missing" in problem for problem in stale_mo_files(tmp_path))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "skip_link", "other_language"),
    [
        ("de", "Zum Inhalt springen", "Skip to content"),
        ("en", "Skip to content", "Zum Inhalt springen"),
    ],
)
def test_the_same_page_speaks_the_chosen_language(client, language, skip_link, other_language):
    client.cookies["django_language"] = language
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert skip_link in html
    assert other_language not in html

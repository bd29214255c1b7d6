"""The printed record in each of the six document languages (a German speaker's is German beside
English): the holder in both scripts, countries and occupations in the column's language or marked
as English where no title in it exists, the marks of the holder's name over their letters on the
rendered page, and no section heading alone at a page's bottom."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

import pytest
from pypdf import PdfReader

from wir_competence.adapters.pdf import render
from wir_competence.commands.documents import reader_labels
from wir_competence.demo import sample_entries
from wir_competence.domain.document import Document, Issue, compose
from wir_competence.domain.entries import ENTRY, Kind
from wir_competence.domain.holder import BirthDate, Holder
from wir_competence.domain.labels import labels
from wir_competence.domain.occupations import occupation
from wir_competence.domain.record import Record, StoredEntry


@dataclass(frozen=True)
class Person:
    language: str  # ISO 639-3, as intake records the preferred language
    holder: Holder
    country: str  # of the work entry
    country_names: tuple[str, str]  # the country in German and in the reader's column


def nfd(text: str) -> str:
    """As a keyboard that decomposes (macOS) types it: base letters followed by combining marks."""
    return unicodedata.normalize("NFD", text)


# One person per document language, named as their papers and their own script have it; every
# name carries combining marks (a shadda, a breve, a cedilla, a tonos), the
# Persian one a zero width non-joiner too (عبدالله‌زاده), as Persian names often do.
PEOPLE = {
    "ar": Person(
        "arb",
        Holder("حسّان الخطيب", "Hassan Al-Khatib", BirthDate(1991, 3)),
        "SY",
        ("Syrien", "الجمهوريّة العربيّة السّوريّة"),
    ),
    "fa": Person(
        "prs",
        Holder("محمّد فرید عبدالله‌زاده", "Mohammad Farid Abdollahzadeh", BirthDate(1990)),
        "AF",
        ("Afghanistan", "افغانستان"),
    ),
    "uk": Person(
        "ukr",
        Holder(nfd("Андрій Коваленко"), "Andrii Kovalenko", BirthDate(1985, 11, 2)),
        "UA",
        ("Ukraine", "Україна"),
    ),
    # The Latin name as a passport's machine-readable zone spells it (ICAO 9303: Ü → UE).
    "tr": Person(
        "tur", Holder(nfd("Gül Çelik"), "Guel Celik", BirthDate(2001, 7)), "SY", ("Syrien", "Suriye")
    ),
    "en": Person("eng", Holder("عمر عبّاس", "Omar Abbas", None), "SD", ("Sudan", "Sudan")),
    "de": Person(
        "deu",
        Holder(nfd("Γιώργος Παπαδόπουλος"), "Georgios Papadopoulos", BirthDate(1979, 5, 30)),
        "GR",
        ("Griechenland", "Greece"),
    ),
}
LANGUAGES = list(PEOPLE)
# The facts at the top of page 1, both columns (x, y, width, height in mm).
FACTS_MM = (10.0, 26.0, 190.0, 36.0)
DPI = 200
LINE_PX = round(5.0 * DPI / 25.4)


def stored(kind: Kind, **changes: Any) -> StoredEntry:
    now = datetime.now(UTC)
    return StoredEntry(
        uuid4(), ENTRY.validate_python({**sample_entries()[kind], **changes}), "cm", now, "cm", now
    )


def document(language: str, holder: Holder | None = None, *, work_entries: int = 1) -> Document:
    person = PEOPLE[language]
    entries = (
        stored(Kind.SCHOOLING),
        *[stored(Kind.WORK, country=person.country)] * work_entries,
        stored(Kind.COURSE),
    )
    issue = Issue(district_name="Kreis Bergstraße", issued_on=date(2026, 11, 2))
    record = Record(uuid4(), len(entries), person.language, entries)
    return compose(
        record, issue, labels("de"), reader_labels(person.language), holder=holder or person.holder
    )


def text_of(pdf: bytes) -> str:
    """The visible text a PDF tool reads back (bidi controls and joiners are invisible), composed."""
    pages = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    visible = "".join(c for c in pages if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFC", " ".join(visible.split()))


def has_words(text: str, phrase: str) -> bool:
    """Right-to-left lines come out in visual order, so their words are looked for one by one
    (each whole: a word printed in two pieces, or its pieces swapped, is not found)."""
    # A zero width non-joiner is a boundary the extraction may reorder at (the page shows it right).
    visible = "".join(
        " " if c == "\u200c" else c for c in phrase if c == "\u200c" or unicodedata.category(c) != "Cf"
    )
    return all(word in text for word in unicodedata.normalize("NFC", visible).split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_record_names_its_holder_and_titles_in_the_document_language(language: str) -> None:
    person = PEOPLE[language]
    holder, reader, german = person.holder, reader_labels(person.language), labels("de")

    text = text_of(render(document(language)))

    assert holder.name_latin is not None
    assert f"Name: {holder.name_latin}" in text
    assert text.count(holder.name_latin) == 2  # in both columns
    assert has_words(text, f"Name in Originalschrift: {holder.name_original}")
    assert has_words(text, f"{reader.field('holder_original')} {holder.name_original}")
    if holder.born is not None:
        assert f"Geburtsdatum: {holder.born.shown('de')}" in text
        assert has_words(text, f"{reader.field('date_of_birth')} {holder.born.shown(reader.locale)}")
    in_german, in_reader = person.country_names
    assert (german.country(person.country), reader.country(person.country)) == (in_german, in_reader)
    assert f"Land: {in_german}" in text
    assert has_words(text, f"{reader.field('country')} {in_reader}")
    job = occupation("7512")
    assert "Bäcker, Konditoren und Süßwarenhersteller" in text
    assert has_words(text, job.title(reader.locale))  # a wrapped right-to-left line reads back line by line
    marked = has_words(text, reader.document("in_english"))
    assert marked is (job.title_language(reader.locale) != reader.locale)
    assert marked is (reader.locale not in {"de", "en"})


def without_marks(text: str) -> str:
    return "".join(c for c in nfd(text) if unicodedata.category(c) != "Mn")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_marks_of_the_holders_name_are_printed_over_their_letters(
    language: str, page_ink: Any, ink_parts: Any
) -> None:
    holder = PEOPLE[language].holder
    bare = Holder(without_marks(holder.name_original), holder.name_latin, holder.born)
    assert (
        bare.has_two_names() and bare.name_original != holder.name_original
    )  # the same lines, less the marks

    with_marks = page_ink(render(document(language)), FACTS_MM, DPI)
    letters = page_ink(render(document(language, bare)), FACTS_MM, DPI)

    # A mark has no advance: the letters are where they were without it (give or take the pixel a
    # right-aligned line moves by), and only the marks add ink.
    assert len(letters - near(with_marks)) <= len(letters) // 100
    # Ink a mark adds is at least 2 × 2 px; a 1 px sliver is a letter's edge moved by a kerning pair.
    marks = [part for part in ink_parts(with_marks - near(letters)) if min(spans(part)) >= 2]
    assert marks
    for mark in marks:
        xs, ys = {x for x, _ in mark}, [y for _, y in mark]
        below_or_above = {
            (x, y) for x, y in letters if x in xs and min(ys) - LINE_PX <= y <= max(ys) + LINE_PX
        }
        assert below_or_above, f"a mark at {min(xs)},{min(ys)} px has no letter above or below it"


def near(pixels: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pixels and their neighbours."""
    return {(x + dx, y + dy) for x, y in pixels for dx in (-1, 0, 1) for dy in (-1, 0, 1)}


def spans(part: set[tuple[int, int]]) -> tuple[int, int]:
    return len({x for x, _ in part}), len({y for _, y in part})


def pages_of(pages: list[list[str]], line_start: str) -> list[int]:
    """The pages with a line that starts with `line_start` (and does not go on as a list, as the
    subtitle that names every section does)."""
    return [
        number
        for number, lines in enumerate(pages)
        if any(line.startswith(line_start) and not line.startswith(f"{line_start},") for line in lines)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_section_heading_is_left_alone_at_a_pages_bottom(language: str) -> None:
    course_pages = set()
    for work_entries in range(12):
        laid_out = document(language, work_entries=work_entries)
        reader = PdfReader(io.BytesIO(render(laid_out)))
        pages = [page.extract_text().splitlines() for page in reader.pages]
        for section in (section for section in laid_out.sections if section.entries):
            [heading] = pages_of(pages, section.title.left)
            first_entry = min(pages_of(pages, section.entries[0][0].left[:24]))
            assert (work_entries, section.title.left, heading) == (
                work_entries,
                section.title.left,
                first_entry,
            )
        course_pages.update(pages_of(pages, "Kurse und Maßnahmen"))

    assert course_pages == {0, 1, 2}  # the course section was laid out on every page, breaks included

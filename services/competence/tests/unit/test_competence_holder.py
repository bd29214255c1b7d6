"""The holder on the printed record: the name in both scripts, the date of birth as far as known,
and the initials that are all a printed code's check tells."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from wir_competence.demo import sample_entries
from wir_competence.domain.document import Document, Issue, compose
from wir_competence.domain.entries import ENTRY, Kind
from wir_competence.domain.holder import BirthDate, Holder
from wir_competence.domain.labels import labels
from wir_competence.domain.record import Record, StoredEntry

AMINA = Holder("أمينة رحيمي", "Amina Rahimi", BirthDate(1994, 3, 12))
FSI, PDI, LRI = "\u2068", "\u2069", "\u2066"


def document(holder: Holder | None, right: str = "ar", *kinds: Kind) -> Document:
    now, samples = datetime.now(UTC), sample_entries()
    entries = tuple(
        StoredEntry(uuid4(), ENTRY.validate_python(samples[kind]), "cm-1", now, "cm-1", now) for kind in kinds
    )
    issue = Issue(district_name="Kreis Bergstraße", issued_on=date(2026, 11, 2))
    record = Record(uuid4(), len(entries), "arb", entries)
    return compose(record, issue, labels("de"), labels(right), holder=holder)


@pytest.mark.parametrize(
    ("born", "german", "other"),
    [
        (BirthDate(1994), "1994", "1994"),
        (BirthDate(1994, 3), "03.1994", "1994-03"),
        (BirthDate(1994, 3, 12), "12.03.1994", "1994-03-12"),
    ],
)
def test_a_date_of_birth_shows_as_much_as_is_known(born: BirthDate, german: str, other: str) -> None:
    assert (born.shown("de"), born.shown("uk"), born.shown("ar")) == (german, other, other)


@pytest.mark.parametrize(
    ("holder", "initials"),
    [
        (AMINA, "A. R."),
        (Holder("أمينة رحيمي", None, None), "أ. ر."),
        (Holder("Олександр Коваленко", "oleksandr kovalenko", None), "O. K."),
        (Holder("x", "Ahmad Shah (Zadran) -", None), "A. S. Z."),
    ],
)
def test_initials_come_from_the_latin_name_else_from_the_original(holder: Holder, initials: str) -> None:
    assert holder.initials() == initials


def test_the_holder_leads_the_facts_in_both_scripts_with_the_date_of_birth() -> None:
    facts = document(AMINA).facts

    assert [pair.left for pair in facts[:3]] == [
        "Name: Amina Rahimi",
        f"Name in Originalschrift: {FSI}أمينة رحيمي{PDI}",  # isolated: see Labels.free
        "Geburtsdatum: 12.03.1994",
    ]
    assert [pair.right for pair in facts[:3]] == [
        f"الاسم: {FSI}Amina Rahimi{PDI}",
        f"الاسم بالكتابة الأصلية: {FSI}أمينة رحيمي{PDI}",
        f"تاريخ الميلاد: {LRI}1994-03-12{PDI}",
    ]


def test_a_name_known_only_in_one_script_is_printed_once() -> None:
    latin_only = Holder("Samuel Mensah", "Samuel Mensah", None)
    original_only = Holder("Олександр Коваленко", None, BirthDate(1988))

    assert [pair.left for pair in document(latin_only, "en").facts[:2]] == [
        "Name: Samuel Mensah",
        "Ausgestellt von: Kreis Bergstraße",
    ]
    assert [pair.right for pair in document(original_only, "uk").facts[:2]] == [
        "Ім’я: Олександр Коваленко",
        "Дата народження: 1988",
    ]


def test_a_name_typed_with_combining_marks_is_the_same_as_its_composed_latin_form() -> None:
    decomposed = unicodedata.normalize("NFD", "Gül Çelik")
    assert decomposed != "Gül Çelik"

    assert not Holder(decomposed, "Gül Çelik", None).has_two_names()
    assert Holder(decomposed, "Gul Celik", None).has_two_names()
    assert not Holder(decomposed, None, None).has_two_names()
    assert [pair.left for pair in document(Holder(decomposed, "Gül Çelik", None), "tr").facts[:2]] == [
        "Name: Gül Çelik",
        "Ausgestellt von: Kreis Bergstraße",
    ]


def test_without_a_known_holder_the_document_names_nobody() -> None:
    facts = document(None).facts

    assert facts[0].left == "Ausgestellt von: Kreis Bergstraße"
    assert not any("Name" in pair.left or "Geburtsdatum" in pair.left for pair in facts)


@pytest.mark.parametrize("language", ["ar", "fa", "ps", "tr", "uk"])
def test_an_occupation_title_not_in_the_column_language_says_it_is_english(language: str) -> None:
    [[heading, *_]] = document(AMINA, language, Kind.WORK).sections[2].entries
    marker = labels(language).document("in_english")

    assert heading.left == "Beruf (ISCO-08): 7512 Bäcker, Konditoren und Süßwarenhersteller"
    assert "Bakers, pastry-cooks and confectionery makers" in heading.right
    assert heading.right.endswith(f" ({marker})")


def test_an_english_or_german_title_is_not_marked() -> None:
    [[heading, *_]] = document(AMINA, "en", Kind.WORK).sections[2].entries

    assert heading.right == "Occupation (ISCO-08): 7512 Bakers, pastry-cooks and confectionery makers"
    assert "Englisch" not in heading.left


def test_a_holder_in_a_log_line_or_traceback_shows_no_name_and_no_date_of_birth() -> None:
    shown = f"{AMINA!r} {AMINA!s} {[AMINA]}"

    assert not [part for part in ("Amina", "Rahimi", "أمينة", "رحيمي", "1994") if part in shown]

"""The printed record's fixed texts exist in every shipped language, and people get theirs."""

from __future__ import annotations

from typing import Any

import pytest

from wir_competence.domain.entries import CourseKind, CourseStatus, EvidenceKind, Kind, Recognition
from wir_competence.domain.labels import labels, locale_of, shipped


def keys(tree: dict[str, Any], prefix: str = "") -> set[str]:
    found: set[str] = set()
    for key, value in tree.items():
        found |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return found


def test_the_required_languages_are_shipped() -> None:
    assert {"de", "en", "ar", "fa", "ps", "uk", "tr"} <= shipped()


@pytest.mark.parametrize("locale", sorted(shipped()))
def test_every_language_has_every_text_german_has(locale: str) -> None:
    texts = labels(locale).texts
    assert keys(texts) == keys(labels("de").texts)
    assert all(isinstance(value, str) and value for value in _leaves(texts))


def _leaves(tree: dict[str, Any]) -> list[Any]:
    return [
        leaf for value in tree.values() for leaf in (_leaves(value) if isinstance(value, dict) else [value])
    ]


def test_every_value_of_the_entries_has_a_label() -> None:
    german = labels("de")
    assert {german.section(kind) for kind in Kind}
    assert all(german.value("course", kind) for kind in CourseKind)
    assert all(german.value("status", status) for status in CourseStatus)
    assert all(german.value("evidence", kind) for kind in EvidenceKind)
    assert all(german.value("recognition", state) for state in Recognition)


@pytest.mark.parametrize(
    ("language", "locale"),
    [
        ("arb", "ar"),
        ("apc", "ar"),
        ("prs", "fa"),
        ("pbu", "ps"),
        ("ukr", "uk"),
        ("tur", "tr"),
        ("deu", "de"),
        ("tir", "en"),
        ("kmr", "en"),
        (None, "en"),
    ],
)
def test_a_person_reads_the_labels_of_their_language_or_english(language: str | None, locale: str) -> None:
    assert locale_of(language) == locale


def test_right_to_left_languages_are_marked_and_isolate_codes() -> None:
    assert labels("ar").rtl and labels("fa").rtl and labels("ps").rtl
    assert not labels("uk").rtl
    assert labels("ar").ltr("06431-X") == "\u206606431-X\u2069"
    assert labels("de").ltr("06431-X") == "06431-X"


def test_countries_and_languages_are_named_in_the_readers_language() -> None:
    assert labels("de").country("SY") == "Syrien"
    assert labels("uk").country("SY") == "Сирія"
    assert labels("ar").country("SY") == "الجمهوريّة العربيّة السّوريّة"
    assert labels("de").language("deu") == "Deutsch"
    assert labels("tr").language("ara") == "Arapça"

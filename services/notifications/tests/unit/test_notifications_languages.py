"""Template language choice: the preferred language, the person's others, then German."""

from __future__ import annotations

from wir_notifications.domain.languages import GERMAN, TEMPLATE_LANGUAGES, choose_language, language_chain

ALL = frozenset(TEMPLATE_LANGUAGES)


def test_the_preferred_language_is_used_when_a_template_has_it() -> None:
    assert choose_language(language_chain("ara", ["eng"]), ALL) == "ara"


def test_the_persons_other_languages_come_before_german() -> None:
    assert choose_language(language_chain("tir", ["amh", "eng", "deu"]), ALL) == "eng"


def test_german_ends_every_chain() -> None:
    assert language_chain("tir", ["amh"]) == ("tir", "amh", GERMAN)
    assert choose_language(language_chain("tir", ["amh"]), ALL) == GERMAN


def test_an_untranslated_template_falls_back_to_german_even_for_a_listed_language() -> None:
    assert choose_language(language_chain("ukr", ["eng"]), {"deu", "eng"}) == "eng"
    assert choose_language(language_chain("ukr"), {"deu"}) == GERMAN


def test_dari_and_iranian_persian_read_the_persian_template() -> None:
    assert choose_language(language_chain("prs"), ALL) == "fas"
    assert choose_language(language_chain("pes"), ALL) == "fas"


def test_spoken_arabic_varieties_read_modern_standard_arabic() -> None:
    assert choose_language(language_chain("apc", ["eng"]), ALL) == "ara"


def test_a_language_listed_twice_is_tried_once() -> None:
    assert language_chain("deu", ["deu", "eng"]) == ("deu", "eng")


def test_right_to_left_scripts_are_marked() -> None:
    assert {code for code, script in TEMPLATE_LANGUAGES.items() if script.rtl} == {"ara", "fas"}

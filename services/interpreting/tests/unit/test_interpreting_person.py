"""The language a request for a person defaults to, and the consent it needs."""

from __future__ import annotations

from uuid import uuid4

from wir_interpreting.domain.people import Person


def person(languages: tuple[str, ...], need: str | None = None, *consents: str) -> Person:
    return Person(uuid4(), languages, need, None, consents)


def test_the_open_needs_language_comes_before_the_languages_spoken() -> None:
    assert person(("prs", "fas"), "fas").language == "fas"
    assert person(("prs", "fas")).language == "prs"


def test_a_person_without_languages_has_no_language_to_default_to() -> None:
    assert person(()).language is None


def test_only_the_consent_to_share_with_interpreters_lets_them_be_named() -> None:
    assert person(("prs",), None, "processing", "share_with_interpreters").shares_with_interpreters
    assert not person(("prs",), None, "processing", "share_with_volunteers").shares_with_interpreters

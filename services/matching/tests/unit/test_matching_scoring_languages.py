"""Shared languages: mutually intelligible pairs count, German from a usable level, natives more."""

from __future__ import annotations

from datetime import date, time
from uuid import UUID

from wir_contracts.matching.v1 import ScoreComponent
from wir_matching.domain.model import Mentor, Seeker, Spoken, WeeklySlot
from wir_matching.domain.scoring import Obstacle, Score, obstacles, score

TODAY = date(2026, 12, 7)
HEPPENHEIM = "06431011"


def _spoken(language: str | Spoken) -> Spoken:
    return language if isinstance(language, Spoken) else Spoken(language, native=True)


def seeker(*languages: str | Spoken) -> Seeker:
    return Seeker(
        person_id=UUID(int=1),
        need_id=UUID(int=2),
        municipality=HEPPENHEIM,
        languages=tuple(_spoken(language) for language in languages),
        topics=frozenset({"housing"}),
        urgency="routine",
        waiting_since=TODAY,
    )


def mentor(*languages: str | Spoken) -> Mentor:
    return Mentor(
        volunteer_id=UUID(int=3),
        municipality=HEPPENHEIM,
        travel_km=10,
        languages=tuple(_spoken(language) for language in languages),
        topics=frozenset({"housing"}),
        free_places=1,
        weekly=(WeeklySlot(0, time(17), time(19)),),
    )


def fit(person: Seeker, volunteer: Mentor) -> Score | None:
    return score(person, volunteer, today=TODAY)


def language_points(result: Score | None) -> float:
    assert result is not None
    return next(r.points for r in result.reasons if r.component is ScoreComponent.LANGUAGE)


def test_prefers_volunteers_who_speak_the_persons_language() -> None:
    person = seeker("prs", Spoken("deu", "A2"))
    in_dari, in_german = fit(person, mentor("prs", "deu")), fit(person, mentor("deu"))
    assert in_dari is not None and in_german is not None
    assert in_dari.total > in_german.total


def test_dari_speaker_counts_as_sharing_farsi() -> None:
    result = fit(seeker("prs"), mentor("fas"))
    assert result is not None
    language = next(r for r in result.reasons if r.component is ScoreComponent.LANGUAGE)
    assert language.languages == ("prs",)


def test_iranian_persian_counts_as_sharing_dari() -> None:
    assert fit(seeker("pes"), mentor("prs")) is not None


def test_tajik_counts_only_in_part_against_dari() -> None:
    assert language_points(fit(seeker("tgk"), mentor("prs"))) < language_points(
        fit(seeker("prs"), mentor("prs"))
    )


def test_levantine_arabic_counts_as_sharing_standard_arabic() -> None:
    assert fit(seeker("apc"), mentor("arb")) is not None
    assert fit(seeker("arz"), mentor("ara")) is not None


def test_bosnian_counts_as_sharing_serbian_and_urdu_as_sharing_hindi() -> None:
    assert fit(seeker("bos"), mentor("srp")) is not None
    assert fit(seeker("urd"), mentor("hin")) is not None


def test_russian_is_not_counted_for_a_ukrainian_who_did_not_list_it() -> None:
    assert fit(seeker("ukr"), mentor("rus")) is None
    assert fit(seeker("ukr", "rus"), mentor("rus")) is not None


def test_kurmanji_and_sorani_are_not_shared() -> None:
    assert fit(seeker("kmr"), mentor("ckb")) is None


def test_moroccan_arabic_is_not_counted_as_standard_arabic() -> None:
    assert fit(seeker("ary"), mentor("arb")) is None


def test_no_shared_language_is_no_candidate() -> None:
    person, volunteer = seeker("tir"), mentor("deu", "eng")
    assert fit(person, volunteer) is None
    assert obstacles(person, volunteer, today=TODAY) == {Obstacle.LANGUAGE}


def test_german_counts_from_a2_and_more_with_a_higher_level() -> None:
    volunteer = mentor("deu")
    assert fit(seeker(Spoken("deu", "A1")), volunteer) is None
    a2 = language_points(fit(seeker(Spoken("deu", "A2")), volunteer))
    b1 = language_points(fit(seeker(Spoken("deu", "B1")), volunteer))
    assert 0 < a2 < b1


def test_german_without_a_level_counts_as_a_beginners() -> None:
    unknown = language_points(fit(seeker(Spoken("deu")), mentor("deu")))
    assert unknown == language_points(fit(seeker(Spoken("deu", "A2")), mentor("deu")))


def test_native_speaker_scores_more_than_a_learner() -> None:
    person = seeker("prs")
    native = language_points(fit(person, mentor("prs")))
    learner = language_points(fit(person, mentor(Spoken("prs", "B1"))))
    assert native > learner > 0


def test_a_volunteers_beginner_level_is_not_enough_to_meet_on() -> None:
    assert fit(seeker("prs"), mentor(Spoken("prs", "A2"))) is None


def test_every_usable_shared_language_is_named_best_first() -> None:
    result = fit(seeker("prs", Spoken("deu", "B1")), mentor("fas", "deu"))
    assert result is not None
    language = next(r for r in result.reasons if r.component is ScoreComponent.LANGUAGE)
    assert language.languages == ("prs", "deu")

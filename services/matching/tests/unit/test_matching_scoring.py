"""The score's components besides language: distance, topics, time, gender, continuity, waiting."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from uuid import UUID

import pytest

from wir_contracts.matching.v1 import ScoreComponent
from wir_matching.domain.model import Absence, Mentor, Seeker, Spoken, WeeklySlot
from wir_matching.domain.scoring import Obstacle, Reason, Score, Weights, obstacles, score

TODAY = date(2026, 12, 7)  # a Monday
HEPPENHEIM, BENSHEIM, GELNHAUSEN = "06431011", "06431002", "06435010"
VOLUNTEER = UUID(int=3)

PERSON = Seeker(
    person_id=UUID(int=1),
    need_id=UUID(int=2),
    municipality=HEPPENHEIM,
    languages=(Spoken("prs", native=True),),
    topics=frozenset({"housing", "authorities"}),
    urgency="routine",
    waiting_since=TODAY,
)
HELPER = Mentor(
    volunteer_id=VOLUNTEER,
    municipality=HEPPENHEIM,
    travel_km=15,
    languages=(Spoken("prs", native=True), Spoken("deu", native=True)),
    topics=frozenset({"housing", "authorities", "everyday_life"}),
    free_places=1,
    weekly=(WeeklySlot(0, time(17), time(19)),),
)


def fit(person: Seeker = PERSON, volunteer: Mentor = HELPER, weights: Weights | None = None) -> Score:
    result = score(person, volunteer, today=TODAY, weights=weights or Weights())
    assert result is not None
    return result


def reason(result: Score, component: ScoreComponent) -> Reason | None:
    return next((r for r in result.reasons if r.component is component), None)


def points(result: Score, component: ScoreComponent) -> float:
    found = reason(result, component)
    return 0.0 if found is None else found.points


def test_a_volunteer_beyond_their_travel_distance_is_no_candidate() -> None:
    far = replace(HELPER, municipality=GELNHAUSEN, travel_km=40)
    assert score(PERSON, far, today=TODAY) is None
    assert obstacles(PERSON, far, today=TODAY) == {Obstacle.DISTANCE}


def test_a_closer_volunteer_scores_more() -> None:
    near = fit()
    neighbour = fit(volunteer=replace(HELPER, municipality=BENSHEIM))
    assert near.total > neighbour.total
    distance = reason(neighbour, ScoreComponent.DISTANCE)
    assert distance is not None and distance.distance_km is not None and 3.5 < distance.distance_km < 6.5


def test_an_unknown_municipality_counts_zero_km_when_it_is_the_same() -> None:
    both = fit(replace(PERSON, municipality="06999999"), replace(HELPER, municipality="06999999"))
    distance = reason(both, ScoreComponent.DISTANCE)
    assert distance is not None and distance.distance_km == 0.0


def test_an_unknown_municipality_elsewhere_gets_a_middle_distance_value() -> None:
    unknown = fit(replace(PERSON, municipality="06999999"))
    distance = reason(unknown, ScoreComponent.DISTANCE)
    assert distance is not None and distance.distance_km is None
    assert points(fit(), ScoreComponent.DISTANCE) > distance.points > 0


def test_no_topic_in_common_is_no_candidate() -> None:
    person = replace(PERSON, topics=frozenset({"health"}))
    assert score(person, HELPER, today=TODAY) is None
    assert obstacles(person, HELPER, today=TODAY) == {Obstacle.TOPICS}


def test_a_person_without_topics_fits_any_volunteer() -> None:
    assert points(fit(replace(PERSON, topics=frozenset())), ScoreComponent.TOPICS) > 0


def test_covering_more_of_the_persons_topics_scores_more() -> None:
    half = fit(volunteer=replace(HELPER, topics=frozenset({"housing"})))
    topics = reason(fit(), ScoreComponent.TOPICS)
    assert topics is not None and topics.topics == ("authorities", "housing")
    assert topics.points > points(half, ScoreComponent.TOPICS)


def test_a_volunteer_away_for_all_of_the_coming_weeks_is_no_candidate() -> None:
    away = replace(HELPER, absences=(Absence(TODAY, TODAY + timedelta(days=40)),))
    assert score(PERSON, away, today=TODAY) is None
    assert obstacles(PERSON, away, today=TODAY) == {Obstacle.UNAVAILABLE}


def test_more_free_hours_score_more() -> None:
    busy = fit()
    free = fit(volunteer=replace(HELPER, weekly=(*HELPER.weekly, WeeklySlot(2, time(9), time(12)))))
    assert points(free, ScoreComponent.AVAILABILITY) > points(busy, ScoreComponent.AVAILABILITY)
    hours = reason(free, ScoreComponent.AVAILABILITY)
    assert hours is not None and hours.hours_per_week == pytest.approx(5.0)


def test_an_urgent_need_prefers_the_volunteer_free_this_week() -> None:
    later = replace(HELPER, absences=(Absence(TODAY, TODAY + timedelta(days=13)),))
    sooner = replace(HELPER, absences=(Absence(TODAY + timedelta(days=14), TODAY + timedelta(days=27)),))
    routine = PERSON
    urgent = replace(PERSON, urgency="urgent")
    assert fit(routine, later).total == pytest.approx(fit(routine, sooner).total)
    assert fit(urgent, sooner).total > fit(urgent, later).total


def test_a_volunteer_without_weekly_times_gets_a_middle_availability_value() -> None:
    unknown = fit(volunteer=replace(HELPER, weekly=()))
    assert points(unknown, ScoreComponent.AVAILABILITY) > 0
    found = reason(unknown, ScoreComponent.AVAILABILITY)
    assert found is not None and found.hours_per_week is None


def test_a_requested_gender_excludes_the_others_and_rewards_the_match() -> None:
    person = replace(PERSON, requested_gender="female")
    assert score(person, replace(HELPER, gender="male"), today=TODAY) is None
    assert score(person, HELPER, today=TODAY) is None  # gender not stated: cannot be promised
    assert obstacles(person, replace(HELPER, gender="male"), today=TODAY) == {Obstacle.GENDER}
    assert points(fit(person, replace(HELPER, gender="female")), ScoreComponent.GENDER) > 0


def test_gender_counts_nothing_when_nobody_asked() -> None:
    assert reason(fit(volunteer=replace(HELPER, gender="male")), ScoreComponent.GENDER) is None


def test_a_previous_mentor_of_the_person_scores_a_bonus() -> None:
    again = fit(replace(PERSON, previous_mentors=frozenset({VOLUNTEER})))
    assert again.total > fit().total
    assert points(again, ScoreComponent.CONTINUITY) > 0


def test_a_volunteer_who_declined_the_need_is_not_proposed_again() -> None:
    person = replace(PERSON, declined_by=frozenset({VOLUNTEER}))
    assert score(person, HELPER, today=TODAY) is None
    assert obstacles(person, HELPER, today=TODAY) == {Obstacle.DECLINED}


def test_waiting_longer_scores_more_up_to_a_cap() -> None:
    def waited(days: int) -> Score:
        return fit(replace(PERSON, waiting_since=TODAY - timedelta(days=days)))

    assert waited(30).total > waited(0).total
    assert waited(120).total == pytest.approx(waited(90).total)
    assert waited(90).total > waited(60).total
    found = reason(waited(30), ScoreComponent.WAITING)
    assert found is not None and found.waiting_days == 30


def test_a_candidate_has_no_obstacles() -> None:
    assert obstacles(PERSON, HELPER, today=TODAY) == frozenset()


def test_weights_change_what_a_component_is_worth() -> None:
    silent = fit(weights=Weights(language=0.0))
    assert reason(silent, ScoreComponent.LANGUAGE) is None
    assert silent.total < fit().total


def test_a_negative_weight_is_refused() -> None:
    with pytest.raises(ValueError, match="distance"):
        Weights(distance=-0.1)

"""Why a person still waits: the reason coordinators see on the waiting list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from uuid import UUID

from wir_contracts.matching.v1 import WaitingReason
from wir_matching.domain.assignment import assign
from wir_matching.domain.model import Absence, Mentor, Seeker, Spoken, WeeklySlot
from wir_matching.domain.waiting import why_waiting

TODAY = date(2026, 12, 7)
PERSON = Seeker(
    person_id=UUID(int=1),
    need_id=UUID(int=2),
    municipality="06431011",  # Heppenheim
    languages=(Spoken("tir", native=True),),
    topics=frozenset({"housing"}),
    urgency="routine",
    waiting_since=TODAY,
)
HELPER = Mentor(
    volunteer_id=UUID(int=3),
    municipality="06431011",
    travel_km=10,
    languages=(Spoken("tir", native=True),),
    topics=frozenset({"housing"}),
    free_places=1,
    weekly=(WeeklySlot(0, time(17), time(19)),),
    gender="male",
)
GERMAN_ONLY = replace(HELPER, volunteer_id=UUID(int=4), languages=(Spoken("deu", native=True),))


def reason(person: Seeker, *volunteers: Mentor) -> WaitingReason:
    return why_waiting(person, volunteers, today=TODAY, candidates=())


def test_nobody_speaking_the_persons_language_means_no_shared_language() -> None:
    assert reason(PERSON, GERMAN_ONLY) is WaitingReason.NO_SHARED_LANGUAGE
    assigned = assign([PERSON], [GERMAN_ONLY], today=TODAY)
    assert [w.reason for w in assigned.waiting] == [WaitingReason.NO_SHARED_LANGUAGE]


def test_speakers_only_beyond_their_travel_distance_means_no_volunteer_nearby() -> None:
    far = replace(HELPER, municipality="06611000", travel_km=30)  # Kassel
    assert reason(PERSON, far, GERMAN_ONLY) is WaitingReason.NO_VOLUNTEER_NEARBY


def test_speakers_without_the_persons_topics_mean_no_matching_topics() -> None:
    other_topics = replace(HELPER, topics=frozenset({"work"}))
    assert reason(PERSON, other_topics) is WaitingReason.NO_MATCHING_TOPICS


def test_speakers_without_free_time_mean_no_available_time() -> None:
    busy = replace(
        HELPER, weekly=(WeeklySlot(0, time(17), time(19)),), absences=(Absence(TODAY, date(2027, 3, 1)),)
    )
    assert reason(PERSON, busy, GERMAN_ONLY) is WaitingReason.NO_AVAILABLE_TIME


def test_speakers_who_all_declined_mean_declined_by_all() -> None:
    declined = replace(PERSON, declined_by=frozenset({HELPER.volunteer_id}))
    assert reason(declined, HELPER, GERMAN_ONLY) is WaitingReason.DECLINED_BY_ALL


def test_the_obstacle_keeping_most_speakers_out_is_named() -> None:
    far = replace(HELPER, volunteer_id=UUID(int=5), municipality="06611000", travel_km=30)
    farther = replace(far, volunteer_id=UUID(int=6))
    other_topics = replace(HELPER, topics=frozenset({"work"}))
    assert reason(PERSON, far, farther, other_topics) is WaitingReason.NO_VOLUNTEER_NEARBY


def test_a_fitting_volunteer_of_another_gender_means_no_requested_gender() -> None:
    asks = replace(PERSON, requested_gender="female")
    assert reason(asks, HELPER, GERMAN_ONLY) is WaitingReason.NO_REQUESTED_GENDER
    assigned = assign([asks], [HELPER], today=TODAY)
    assert [w.reason for w in assigned.waiting] == [WaitingReason.NO_REQUESTED_GENDER]


def test_the_gender_is_not_blamed_when_the_language_is_missing_too() -> None:
    asks = replace(PERSON, requested_gender="female")
    assert reason(asks, GERMAN_ONLY) is WaitingReason.NO_SHARED_LANGUAGE


def test_no_volunteers_at_all_means_no_volunteer_nearby() -> None:
    assert reason(PERSON) is WaitingReason.NO_VOLUNTEER_NEARBY


def test_fitting_volunteers_who_are_all_full_mean_no_capacity() -> None:
    full = replace(HELPER, free_places=0)
    assert why_waiting(PERSON, [full], today=TODAY, candidates=[full]) is WaitingReason.NO_CAPACITY


def test_fitting_volunteers_with_places_taken_by_others_mean_others_matched_first() -> None:
    assert (
        why_waiting(PERSON, [HELPER], today=TODAY, candidates=[HELPER]) is WaitingReason.OTHERS_MATCHED_FIRST
    )
    rival = replace(PERSON, person_id=UUID(int=5), need_id=UUID(int=1), waiting_since=date(2026, 10, 1))
    assigned = assign([PERSON, rival], [HELPER], today=TODAY)
    assert [(w.seeker.person_id, w.reason) for w in assigned.waiting] == [
        (PERSON.person_id, WaitingReason.OTHERS_MATCHED_FIRST)
    ]

"""The district-wide candidate search finds exactly the pairs `score` accepts, with its totals.

`score` stays the reference: the bulk search must agree with it on every pair, bit for bit, and
the waiting reasons it gives must be those `why_waiting` gives from scoring pair by pair.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from uuid import UUID

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wir_matching.domain.candidates import candidates, totals
from wir_matching.domain.model import Absence, Mentor, Seeker, Spoken, WeeklySlot
from wir_matching.domain.scoring import NEUTRAL, Weights, score
from wir_matching.domain.waiting import reason_in, why_waiting

TODAY = date(2026, 12, 7)
HEPPENHEIM, BENSHEIM, KASSEL = "06431011", "06431002", "06611000"
UNLISTED = "06999999"  # not in the shipped list: a municipality formed after it
PLACES = [HEPPENHEIM, BENSHEIM, "06431014", "06431013", KASSEL, UNLISTED]
LANGUAGES = ["prs", "fas", "tgk", "arb", "apc", "tur", "deu", "ukr"]
TOPICS = ["housing", "authorities", "work", "health"]
MENTOR_IDS = [UUID(int=2000 + number) for number in range(8)]

_spoken = st.builds(
    Spoken,
    st.sampled_from(LANGUAGES),
    st.sampled_from([None, "A1", "A2", "B1", "B2", "C2"]),
    st.booleans(),
)
_languages = st.lists(_spoken, min_size=1, max_size=2).map(tuple)
_topics = st.frozensets(st.sampled_from(TOPICS), max_size=3)
_some_mentors = st.frozensets(st.sampled_from(MENTOR_IDS), max_size=2)
_weights = st.builds(
    Weights,
    **{
        name: st.floats(0, 1, allow_nan=False)
        for name in ("language", "distance", "topics", "availability", "gender", "continuity", "waiting")
    },
)


@st.composite
def seekers(draw: st.DrawFn, count: int) -> list[Seeker]:
    return [
        Seeker(
            person_id=UUID(int=number + 1),
            need_id=UUID(int=1000 + number),
            municipality=draw(st.sampled_from(PLACES)),
            languages=draw(_languages),
            topics=draw(_topics),
            urgency=draw(st.sampled_from(["routine", "soon", "urgent"])),
            waiting_since=TODAY - timedelta(days=draw(st.integers(-3, 120))),
            requested_gender=draw(st.sampled_from([None, None, "female", "male"])),
            previous_mentors=draw(_some_mentors),
            declined_by=draw(_some_mentors),
        )
        for number in range(count)
    ]


@st.composite
def mentors(draw: st.DrawFn, count: int) -> list[Mentor]:
    return [
        Mentor(
            volunteer_id=MENTOR_IDS[number],
            municipality=draw(st.sampled_from(PLACES)),
            travel_km=draw(st.sampled_from([0, 3.0, 8.0, 30.0, 300.0])),
            languages=draw(_languages),
            topics=draw(_topics),
            free_places=draw(st.integers(0, 2)),
            weekly=draw(
                st.sampled_from(
                    [(), (WeeklySlot(0, time(17), time(19)),), (WeeklySlot(3, time(9), time(15)),)]
                )
            ),
            absences=draw(st.sampled_from([(), (Absence(TODAY, TODAY + timedelta(days=40)),)])),
            gender=draw(st.sampled_from([None, "female", "male"])),
        )
        for number in range(count)
    ]


@settings(max_examples=150, deadline=None, database=None)
@given(
    st.integers(1, 6).flatmap(seekers),
    st.integers(0, len(MENTOR_IDS)).flatmap(mentors),
    _weights,
    st.integers(1, 4),
)
def test_finds_exactly_the_pairs_score_accepts_with_its_totals(
    people: list[Seeker], volunteers: list[Mentor], weights: Weights, keep: int
) -> None:
    _, found = candidates(reversed(people), reversed(volunteers), today=TODAY, weights=weights, keep=keep)
    assert [s.need_id for s in found.seekers] == sorted(s.need_id for s in people)
    assert [m.volunteer_id for m in found.mentors] == sorted(m.volunteer_id for m in volunteers)
    edges = list(zip(found.row.tolist(), found.column.tolist(), found.total.tolist(), strict=True))
    for row, seeker in enumerate(found.seekers):
        fits = [
            (column, fit.total)
            for column, mentor in enumerate(found.mentors)
            if (fit := score(seeker, mentor, today=TODAY, weights=weights))
        ]
        best = sorted(
            ((column, total) for column, total in fits if found.mentors[column].free_places > 0),
            key=lambda pair: (-pair[1], pair[0]),
        )[:keep]
        assert [(column, total) for person, column, total in edges if person == row] == best
        assert found.fitting[row] == len(fits)
        assert found.fitting_open[row] == sum(found.mentors[column].free_places > 0 for column, _ in fits)


@settings(max_examples=150, deadline=None, database=None)
@given(st.integers(1, 6).flatmap(seekers), st.integers(0, len(MENTOR_IDS)).flatmap(mentors))
def test_waiting_reasons_are_those_of_scoring_pair_by_pair(
    people: list[Seeker], volunteers: list[Mentor]
) -> None:
    district, found = candidates(people, volunteers, today=TODAY)
    for row, seeker in enumerate(found.seekers):
        fitting = [mentor for mentor in found.mentors if score(seeker, mentor, today=TODAY)]
        expected = why_waiting(seeker, found.mentors, today=TODAY, candidates=fitting)
        assert reason_in(district, found, row) is expected


PERSON = Seeker(
    person_id=UUID(int=1),
    need_id=UUID(int=2),
    municipality=HEPPENHEIM,
    languages=(Spoken("prs", native=True),),
    topics=frozenset({"housing"}),
    urgency="routine",
    waiting_since=TODAY,
)
HELPER = Mentor(
    volunteer_id=MENTOR_IDS[0],
    municipality=HEPPENHEIM,
    travel_km=10,
    languages=(Spoken("prs", native=True),),
    topics=frozenset({"housing"}),
    free_places=1,
    weekly=(WeeklySlot(0, time(17), time(19)),),
)


def test_a_volunteer_from_an_unlisted_municipality_is_neither_excluded_nor_rewarded() -> None:
    unlisted = replace(HELPER, municipality=UNLISTED, travel_km=1)
    _, found = candidates([PERSON], [unlisted], today=TODAY)
    reference = score(PERSON, unlisted, today=TODAY)
    assert reference is not None and found.total.tolist() == [reference.total]
    distance = next(r for r in reference.reasons if r.component == "distance")
    assert distance.points == Weights().distance * NEUTRAL and distance.distance_km is None


# A negative distance is nonsense nothing below the assignment refuses; `score` counts the same
# municipality as near all the same, and so must the search.
@pytest.mark.parametrize("travel", [0, -1.0])
def test_a_volunteer_in_the_same_municipality_is_near_whatever_their_travel_distance(travel: float) -> None:
    stays_home = replace(HELPER, travel_km=travel)
    _, found = candidates([PERSON], [stays_home], today=TODAY)
    assert found.column.tolist() == [0] and found.fitting.tolist() == [1]


def test_volunteers_beyond_their_travel_distance_are_not_looked_at() -> None:
    kassel = replace(HELPER, volunteer_id=MENTOR_IDS[1], municipality=KASSEL, travel_km=30)
    _, found = candidates([PERSON], [HELPER, kassel], today=TODAY)
    assert found.column.tolist() == [0] and found.fitting.tolist() == [1]


def test_only_the_best_open_volunteers_are_kept_and_full_ones_still_count_as_fitting() -> None:
    near = replace(HELPER, volunteer_id=MENTOR_IDS[1])
    farther = replace(HELPER, volunteer_id=MENTOR_IDS[2], municipality=BENSHEIM)
    full = replace(HELPER, volunteer_id=MENTOR_IDS[3], free_places=0)
    twin = replace(HELPER, volunteer_id=MENTOR_IDS[4])
    _, found = candidates([PERSON], [twin, farther, full, near, HELPER], today=TODAY, keep=2)
    # Three equal totals for two places: the lower volunteer ids win; the full one is left out.
    assert found.column.tolist() == [0, 1]
    assert found.fitting.tolist() == [5] and found.fitting_open.tolist() == [4]


def test_nobody_to_look_at_gives_no_candidates() -> None:
    _, found = candidates([PERSON], [], today=TODAY)
    assert len(found.row) == 0 and found.fitting.tolist() == [0]
    _, nobody = candidates([], [HELPER], today=TODAY)
    assert nobody.seekers == () and len(nobody.row) == 0


def test_totals_add_the_largest_parts_first_as_score_does() -> None:
    parts = np.array([[0.1, 0.0, 0.7, 0.2]])
    assert totals(parts).tolist() == [0.7 + 0.2 + 0.1]

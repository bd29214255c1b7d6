"""Property tests: on small random districts the assignment equals brute force, and never loses
to the greedy "best pair first" assignment on larger ones."""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from wir_matching.domain.assignment import assign
from wir_matching.domain.model import Mentor, Seeker, Spoken, WeeklySlot
from wir_matching.domain.scoring import score

TODAY = date(2026, 12, 7)
PLACES = ["06431011", "06431002", "06431014", "06431013", "06431020", "06431003"]
LANGUAGES = ["prs", "fas", "arb", "apc", "tur", "deu"]
TOPICS = ["housing", "authorities", "work", "health"]

_languages = st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=2, unique=True)
_topics = st.lists(st.sampled_from(TOPICS), min_size=1, max_size=3, unique=True)


@st.composite
def seekers(draw: st.DrawFn, count: int) -> list[Seeker]:
    return [
        Seeker(
            person_id=UUID(int=number + 1),
            need_id=UUID(int=1000 + number),
            municipality=draw(st.sampled_from(PLACES)),
            languages=tuple(Spoken(code, native=True) for code in draw(_languages)),
            topics=frozenset(draw(_topics)),
            urgency=draw(st.sampled_from(["routine", "soon", "urgent"])),
            waiting_since=TODAY - timedelta(days=draw(st.integers(0, 120))),
        )
        for number in range(count)
    ]


@st.composite
def mentors(draw: st.DrawFn, count: int) -> list[Mentor]:
    return [
        Mentor(
            volunteer_id=UUID(int=2000 + number),
            municipality=draw(st.sampled_from(PLACES)),
            travel_km=draw(st.sampled_from([3.0, 8.0, 30.0])),
            languages=tuple(Spoken(code, native=True) for code in draw(_languages)),
            topics=frozenset(draw(_topics)),
            free_places=draw(st.integers(0, 2)),
            weekly=(WeeklySlot(draw(st.integers(0, 6)), time(17), time(draw(st.integers(18, 21)))),),
        )
        for number in range(count)
    ]


def _fits(people: list[Seeker], volunteers: list[Mentor]) -> dict[tuple[int, int], float]:
    found = {}
    for i, person in enumerate(people):
        for j, volunteer in enumerate(volunteers):
            if volunteer.free_places > 0 and (fit := score(person, volunteer, today=TODAY)):
                found[i, j] = fit.total
    return found


def _brute_force(people: list[Seeker], volunteers: list[Mentor]) -> float:
    fits = _fits(people, volunteers)
    best = 0.0
    for choice in itertools.product([None, *range(len(volunteers))], repeat=len(people)):
        used = [choice.count(j) for j in range(len(volunteers))]
        if any(used[j] > volunteers[j].free_places for j in range(len(volunteers))):
            continue
        if all(j is None or (i, j) in fits for i, j in enumerate(choice)):
            best = max(best, sum(fits[i, j] for i, j in enumerate(choice) if j is not None))
    return best


def _greedy(people: list[Seeker], volunteers: list[Mentor]) -> float:
    fits = _fits(people, volunteers)
    left = [volunteer.free_places for volunteer in volunteers]
    taken: set[int] = set()
    total = 0.0
    for (i, j), fit in sorted(fits.items(), key=lambda item: -item[1]):
        if i not in taken and left[j] > 0:
            taken.add(i)
            left[j] -= 1
            total += fit
    return total


def _total(people: list[Seeker], volunteers: list[Mentor]) -> float:
    result = assign(people, volunteers, today=TODAY)
    load: dict[UUID, int] = {}
    for proposal in result.proposals:
        load[proposal.mentor.volunteer_id] = load.get(proposal.mentor.volunteer_id, 0) + 1
    assert all(load.get(v.volunteer_id, 0) <= v.free_places for v in volunteers)
    assert len(result.proposals) + len(result.waiting) == len(people)
    return sum(proposal.score.total for proposal in result.proposals)


@settings(max_examples=60, deadline=None, database=None)
@given(st.integers(1, 5).flatmap(seekers), st.integers(1, 3).flatmap(mentors))
def test_assignment_equals_brute_force_on_small_districts(
    people: list[Seeker], volunteers: list[Mentor]
) -> None:
    assert abs(_total(people, volunteers) - _brute_force(people, volunteers)) < 1e-5


@settings(max_examples=40, deadline=None, database=None)
@given(st.integers(5, 25).flatmap(seekers), st.integers(2, 10).flatmap(mentors))
def test_assignment_is_never_below_greedy(people: list[Seeker], volunteers: list[Mentor]) -> None:
    assert _total(people, volunteers) >= _greedy(people, volunteers) - 1e-5

"""The district-wide assignment: the best total score under capacities, not greedy, and fair."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, time, timedelta
from uuid import UUID

import pytest

from wir_contracts.matching.v1 import WaitingReason
from wir_matching.domain.assignment import Assignment, assign
from wir_matching.domain.model import Mentor, Seeker, Spoken, WeeklySlot
from wir_matching.domain.scoring import score

TODAY = date(2026, 12, 7)
HEPPENHEIM, BENSHEIM, LORSCH = "06431011", "06431002", "06431014"


def seeker(number: int, *languages: str, where: str = HEPPENHEIM, waited: int = 0) -> Seeker:
    return Seeker(
        person_id=UUID(int=number),
        need_id=UUID(int=1000 + number),
        municipality=where,
        languages=tuple(Spoken(language, native=True) for language in languages),
        topics=frozenset({"housing"}),
        urgency="routine",
        waiting_since=TODAY - timedelta(days=waited),
    )


def mentor(number: int, *languages: str, where: str = HEPPENHEIM, places: int = 1) -> Mentor:
    return Mentor(
        volunteer_id=UUID(int=2000 + number),
        municipality=where,
        travel_km=30,
        languages=tuple(Spoken(language, native=True) for language in languages),
        topics=frozenset({"housing", "authorities"}),
        free_places=places,
        weekly=(WeeklySlot(number % 7, time(17), time(19)),),
    )


def pairs(result: Assignment) -> set[tuple[int, int]]:
    return {(p.seeker.person_id.int, p.mentor.volunteer_id.int - 2000) for p in result.proposals}


def test_optimal_beats_greedy() -> None:
    # Greedy takes the best single pair (Amina with the Dari and Arabic speaker next door) and leaves
    # Bilal, who speaks only Arabic, without anyone; the optimum gives Amina the other Dari speaker.
    amina, bilal = seeker(1, "prs"), seeker(2, "arb", where=LORSCH)
    both, dari = mentor(1, "prs", "arb"), mentor(2, "prs", where=BENSHEIM)
    best_pair = score(amina, both, today=TODAY)
    assert best_pair is not None
    assert all(
        best_pair.total > (fit.total if fit else 0)
        for fit in (score(bilal, both, today=TODAY), score(amina, dari, today=TODAY))
    )
    result = assign([amina, bilal], [both, dari], today=TODAY)
    assert pairs(result) == {(1, 2), (2, 1)}
    assert result.waiting == ()


def test_long_waiting_person_wins_contested_mentor() -> None:
    newcomer, waiting = seeker(1, "prs"), seeker(2, "prs", waited=60)
    result = assign([newcomer, waiting], [mentor(1, "prs")], today=TODAY)
    assert pairs(result) == {(2, 1)}
    assert [(w.seeker.person_id.int, w.reason) for w in result.waiting] == [
        (1, WaitingReason.OTHERS_MATCHED_FIRST)
    ]


def test_never_exceeds_capacity() -> None:
    people = [seeker(number, "arb") for number in range(1, 8)]
    volunteers = [mentor(1, "arb", places=3), mentor(2, "arb", places=2)]
    result = assign(people, volunteers, today=TODAY)
    per_mentor = {v.volunteer_id: 0 for v in volunteers}
    for proposal in result.proposals:
        per_mentor[proposal.mentor.volunteer_id] += 1
    assert sorted(per_mentor.values()) == [2, 3]
    assert len(result.waiting) == 2


def test_each_person_gets_at_most_one_proposal_and_every_other_waits() -> None:
    people = [seeker(number, "arb") for number in range(1, 5)]
    result = assign(people, [mentor(1, "arb", places=10), mentor(2, "arb", places=10)], today=TODAY)
    assert sorted(p.seeker.person_id.int for p in result.proposals) == [1, 2, 3, 4]
    assert result.waiting == ()


def test_a_full_volunteer_gets_no_proposal_and_the_person_waits_for_capacity() -> None:
    result = assign([seeker(1, "prs")], [mentor(1, "prs", places=0)], today=TODAY)
    assert result.proposals == ()
    assert [w.reason for w in result.waiting] == [WaitingReason.NO_CAPACITY]


def test_nobody_to_match_gives_an_empty_assignment() -> None:
    assert assign([], [mentor(1, "prs")], today=TODAY) == Assignment((), ())
    lonely = assign([seeker(1, "prs")], [], today=TODAY)
    assert [w.reason for w in lonely.waiting] == [WaitingReason.NO_VOLUNTEER_NEARBY]


def test_equal_scores_end_the_same_whatever_the_input_order() -> None:
    people = [seeker(number, "arb") for number in range(1, 7)]
    volunteers = [mentor(number, "arb") for number in range(1, 4)]
    expected = pairs(assign(people, volunteers, today=TODAY))
    shuffle = random.Random(11)
    for _ in range(5):
        shuffle.shuffle(people)
        shuffle.shuffle(volunteers)
        assert pairs(assign(people, volunteers, today=TODAY)) == expected
    assert len(expected) == 3


def test_only_the_best_candidates_per_person_are_considered() -> None:
    near, far = mentor(1, "prs"), mentor(2, "prs", where=BENSHEIM)
    result = assign([seeker(1, "prs"), seeker(2, "prs")], [near, far], today=TODAY, candidates_per_seeker=1)
    # Both want only the volunteer next door: one of them waits though the other volunteer is free.
    assert len(result.proposals) == 1 and result.proposals[0].mentor == near
    assert [w.reason for w in result.waiting] == [WaitingReason.OTHERS_MATCHED_FIRST]


def test_proposals_carry_the_score_with_its_reasons() -> None:
    result = assign([seeker(1, "prs")], [mentor(1, "fas")], today=TODAY)
    (proposal,) = result.proposals
    assert proposal.score.total > 0 and proposal.score.reasons
    assert proposal.score == score(proposal.seeker, proposal.mentor, today=TODAY)


def test_a_large_district_is_assigned_completely() -> None:
    # Many people and volunteers over a few municipalities; the timing is measured by hand, not asserted.
    rng = random.Random(5)
    places = [HEPPENHEIM, BENSHEIM, LORSCH, "06431013", "06431020"]
    spoken = ["prs", "arb", "tur", "ukr", "tir", "som"]
    people = [
        seeker(n, rng.choice(spoken), where=rng.choice(places), waited=rng.randint(0, 99)) for n in range(200)
    ]
    volunteers = [
        replace(mentor(n, "deu", rng.choice(spoken), where=rng.choice(places)), free_places=rng.randint(1, 3))
        for n in range(120)
    ]
    result = assign(people, volunteers, today=TODAY)
    assert len(result.proposals) + len(result.waiting) == 200
    assert len({p.seeker.need_id for p in result.proposals}) == len(result.proposals)
    load: dict[UUID, int] = {}
    for proposal in result.proposals:
        load[proposal.mentor.volunteer_id] = load.get(proposal.mentor.volunteer_id, 0) + 1
    assert all(load[v.volunteer_id] <= v.free_places for v in volunteers if v.volunteer_id in load)


@pytest.mark.parametrize("keep", [0, -1])
def test_keeping_no_candidates_is_refused(keep: int) -> None:
    with pytest.raises(ValueError, match="candidates_per_seeker"):
        assign([seeker(1, "prs")], [mentor(1, "prs")], today=TODAY, candidates_per_seeker=keep)

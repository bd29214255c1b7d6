"""The district-wide assignment: proposals that maximise the total score under capacities.

Each person may go to one of their best-scoring volunteers (`candidates`) or stay waiting; a
volunteer takes at most their free places. As a min-cost flow that is a sparse assignment problem
once every volunteer is split into their free places and every person gets a place of their own
that means "waiting" (worth nothing): scipy's LAPJVsp then finds the matching with the highest
total score, which a greedy "best pair first" pass often misses. Scores are counted in whole
millionths of a point, so the optimum is exact. Waiting time is part of every score, so a
contested volunteer goes to the person who waited longer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy.sparse import csr_array  # type: ignore[import-untyped,unused-ignore]  # partly typed
from scipy.sparse.csgraph import (  # type: ignore[import-untyped,unused-ignore]  # partly typed
    min_weight_full_bipartite_matching,
)

from wir_contracts.matching.v1 import WaitingReason
from wir_matching.domain.candidates import Candidates, candidates
from wir_matching.domain.model import Mentor, Seeker
from wir_matching.domain.scoring import DEFAULT_WEIGHTS, Score, Weights, score
from wir_matching.domain.waiting import reason_in

#: Scores become integer costs (exact sums, whatever the order): a millionth of a point.
COST_SCALE = 1_000_000


@dataclass(frozen=True, slots=True)
class Proposal:
    seeker: Seeker
    mentor: Mentor
    score: Score


@dataclass(frozen=True, slots=True)
class Waiting:
    seeker: Seeker
    reason: WaitingReason


@dataclass(frozen=True, slots=True)
class Assignment:
    proposals: tuple[Proposal, ...]  # by need id
    waiting: tuple[Waiting, ...]  # by need id


def assign(
    seekers: Iterable[Seeker],
    mentors: Iterable[Mentor],
    *,
    today: date,
    weights: Weights = DEFAULT_WEIGHTS,
    candidates_per_seeker: int = 20,
) -> Assignment:
    """At most one proposal per seeker, never more per mentor than their free places."""
    if candidates_per_seeker < 1:
        raise ValueError("candidates_per_seeker must be at least 1")
    district, found = candidates(seekers, mentors, today=today, weights=weights, keep=candidates_per_seeker)
    chosen = solve(found)
    proposals: list[Proposal] = []
    waiting: list[Waiting] = []
    for row, seeker in enumerate(found.seekers):
        column = chosen.get(row)
        if column is None:
            waiting.append(Waiting(seeker, reason_in(district, found, row)))
            continue
        mentor = found.mentors[column]
        # The reasons are only needed for the few pairs proposed; the candidate search totals
        # exactly as `score` does, so this is the pair's score, never None.
        fit = score(seeker, mentor, today=today, weights=weights)
        assert fit is not None, "a candidate pair is one that score() accepts"
        proposals.append(Proposal(seeker, mentor, fit))
    return Assignment(tuple(proposals), tuple(waiting))


def solve(found: Candidates) -> dict[int, int]:
    """The chosen volunteer (column) per person (row), for the highest total over the candidates."""
    if not len(found.row):
        return {}
    units = np.rint(found.total * COST_SCALE).astype(np.int64)
    people, row_of = np.unique(found.row, return_inverse=True)
    volunteers, column_of = np.unique(found.column, return_inverse=True)
    free = np.array([found.mentors[number].free_places for number in volunteers.tolist()], dtype=np.int64)
    # A volunteer never needs more places here than people who have them as a candidate.
    places = np.minimum(free, np.bincount(column_of))
    slots = int(places.sum())
    # Each candidate pair becomes one edge to each of the volunteer's places.
    copies = places[column_of]
    edge = np.repeat(np.arange(len(units)), copies)
    nth = np.arange(len(edge)) - np.repeat(np.cumsum(copies) - copies, copies)
    slot = (np.cumsum(places) - places)[column_of[edge]] + nth
    # Every person is matched, to a place or to their own "waiting" column after the places, so
    # minimising the sum of (ceiling - score) maximises the sum of scores. The ceiling keeps every
    # weight positive: the solver reads a stored zero as no edge.
    count = len(people)
    ceiling = int(units.max()) + 1
    weight = np.concatenate([ceiling - units[edge], np.full(count, ceiling)]).astype(np.float64)
    row = np.concatenate([row_of[edge], np.arange(count)])
    column = np.concatenate([slot, slots + np.arange(count)])
    matrix = csr_array((weight, (row, column)), shape=(count, slots + count))
    matched_rows, matched_columns = min_weight_full_bipartite_matching(matrix)
    owner = np.repeat(volunteers, places)
    return {
        int(people[person]): int(owner[place])
        for person, place in zip(matched_rows.tolist(), matched_columns.tolist(), strict=True)
        if place < slots
    }

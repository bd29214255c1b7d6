"""The district-wide assignment: proposals that maximise the total score under capacities.

A min-cost flow on a sparse graph (networkx' network simplex): every seeker sends one unit, either
through one of their best-scoring volunteers (cost = minus the score) or through a bypass of cost 0
that leaves them waiting; a volunteer passes on at most their free places. The cheapest flow is
the assignment with the highest total score, which a greedy "best pair first" pass often misses.
Waiting time is part of every score, so a contested volunteer goes to the person who waited longer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import networkx as nx  # type: ignore[import-untyped,unused-ignore]  # untyped; stubs not worth a dependency for 3 calls

from wir_contracts.matching.v1 import WaitingReason
from wir_matching.domain import languages
from wir_matching.domain.model import Mentor, Seeker
from wir_matching.domain.scoring import DEFAULT_WEIGHTS, Score, Weights, score
from wir_matching.domain.waiting import why_waiting

#: Scores become integer costs (network simplex is exact on integers only): a millionth of a point.
COST_SCALE = 1_000_000
_SINK = "sink"


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


@dataclass(frozen=True, slots=True)
class _Candidates:
    seeker: Seeker
    open: tuple[tuple[Mentor, Score], ...]  # best first, at most candidates_per_seeker
    fitting: tuple[Mentor, ...]  # every mentor who would fit, full ones and those beyond the best


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
    # Sorted by id, so that equal scores end the same way whatever order the rows came in.
    ordered_seekers = sorted(seekers, key=lambda seeker: seeker.need_id)
    ordered_mentors = sorted(mentors, key=lambda mentor: mentor.volunteer_id)
    by_language = _index_by_language(ordered_mentors)
    candidates = [
        _candidates(seeker, _who_may_talk_with(seeker, by_language), today, weights, candidates_per_seeker)
        for seeker in ordered_seekers
    ]
    chosen = _solve(candidates)
    proposals: list[Proposal] = []
    waiting: list[Waiting] = []
    for entry in candidates:
        pick = chosen.get(entry.seeker.need_id)
        if pick is not None:
            proposals.append(Proposal(entry.seeker, *pick))
            continue
        # Only mentors who may talk with the seeker can name another obstacle than the language;
        # asking every mentor of the district cost more than the whole assignment.
        talkers = _who_may_talk_with(entry.seeker, by_language)
        if ordered_mentors and not talkers:
            waiting.append(Waiting(entry.seeker, WaitingReason.NO_SHARED_LANGUAGE))
            continue
        reason = why_waiting(entry.seeker, talkers, today=today, candidates=entry.fitting)
        waiting.append(Waiting(entry.seeker, reason))
    return Assignment(tuple(proposals), tuple(waiting))


def _index_by_language(mentors: Sequence[Mentor]) -> dict[str, list[Mentor]]:
    index: dict[str, list[Mentor]] = defaultdict(list)
    for mentor in mentors:
        for spoken in mentor.languages:
            index[spoken.language].append(mentor)
    return index


def _who_may_talk_with(seeker: Seeker, by_language: dict[str, list[Mentor]]) -> list[Mentor]:
    """Mentors speaking one of the seeker's languages or a related one: the only ones worth scoring."""
    found: dict[object, Mentor] = {}
    for spoken in seeker.languages:
        for code in languages.family(spoken.language):
            for mentor in by_language.get(code, ()):
                found[mentor.volunteer_id] = mentor
    return sorted(found.values(), key=lambda mentor: mentor.volunteer_id)


def _candidates(
    seeker: Seeker, mentors: Iterable[Mentor], today: date, weights: Weights, keep: int
) -> _Candidates:
    scored = [
        (mentor, fit) for mentor in mentors if (fit := score(seeker, mentor, today=today, weights=weights))
    ]
    scored.sort(key=lambda pair: (-pair[1].total, pair[0].volunteer_id))
    open_ = tuple(pair for pair in scored if pair[0].free_places > 0)[:keep]
    return _Candidates(seeker, open_, tuple(mentor for mentor, _ in scored))


def _solve(candidates: Sequence[_Candidates]) -> dict[object, tuple[Mentor, Score]]:
    """Each seeker's chosen mentor and score, by need id, from the min-cost flow."""
    graph = nx.DiGraph()
    seekers = [entry for entry in candidates if entry.open]
    graph.add_node(_SINK, demand=len(seekers))
    mentors: dict[object, Mentor] = {}
    for number, entry in enumerate(seekers):
        node = ("seeker", number)
        graph.add_node(node, demand=-1)
        graph.add_edge(node, _SINK, capacity=1, weight=0)  # stay waiting
        for mentor, fit in entry.open:
            mentors[mentor.volunteer_id] = mentor
            graph.add_edge(node, ("mentor", mentor.volunteer_id), capacity=1, weight=-_cost(fit))
    for volunteer_id, mentor in mentors.items():
        graph.add_edge(("mentor", volunteer_id), _SINK, capacity=mentor.free_places, weight=0)
    if not seekers:
        return {}
    _, flow = nx.network_simplex(graph)
    chosen: dict[object, tuple[Mentor, Score]] = {}
    for number, entry in enumerate(seekers):
        sent = flow[("seeker", number)]
        for mentor, fit in entry.open:
            if sent.get(("mentor", mentor.volunteer_id), 0) > 0:
                chosen[entry.seeker.need_id] = (mentor, fit)
    return chosen


def _cost(fit: Score) -> int:
    return round(fit.total * COST_SCALE)

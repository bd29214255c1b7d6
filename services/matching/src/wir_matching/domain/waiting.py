"""Why a person's mentoring need got no proposal in a run, in the words of WaitingReason.

`NO_CONSENT` is the caller's to decide: a person who did not consent to share with volunteers
never reaches the assignment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date

import numpy as np

from wir_contracts.matching.v1 import WaitingReason
from wir_matching.domain.candidates import Candidates
from wir_matching.domain.district import District
from wir_matching.domain.model import Mentor, Seeker
from wir_matching.domain.scoring import Obstacle, obstacles


def why_waiting(
    seeker: Seeker, mentors: Iterable[Mentor], *, today: date, candidates: Iterable[Mentor]
) -> WaitingReason:
    """The reason for a seeker left without a proposal; `candidates` are the mentors who fit."""
    fitting = tuple(candidates)
    if fitting:
        if any(mentor.free_places > 0 for mentor in fitting):
            return WaitingReason.OTHERS_MATCHED_FIRST
        return WaitingReason.NO_CAPACITY
    return _why_nobody_fits(seeker, mentors, today=today)


# Told in this order when several obstacles are equally common: the first is the one that is
# hardest to change (a request the person made, then where people live, then what volunteers offer).
_BY_OBSTACLE = {
    Obstacle.GENDER: WaitingReason.NO_REQUESTED_GENDER,
    Obstacle.DISTANCE: WaitingReason.NO_VOLUNTEER_NEARBY,
    Obstacle.TOPICS: WaitingReason.NO_MATCHING_TOPICS,
    Obstacle.UNAVAILABLE: WaitingReason.NO_AVAILABLE_TIME,
    Obstacle.DECLINED: WaitingReason.DECLINED_BY_ALL,
}
_ORDER = tuple(_BY_OBSTACLE)


def _why_nobody_fits(seeker: Seeker, mentors: Iterable[Mentor], *, today: date) -> WaitingReason:
    """What keeps every volunteer out, told as the one change that would help most.

    No shared language is named when nobody speaks with the person at all. Otherwise, among the
    volunteers who do, the obstacle that alone keeps most of them out (without it they would be
    candidates); when each has several, the most common one.
    """
    found = [obstacles(seeker, mentor, today=today) for mentor in mentors]
    speakers = [blocking for blocking in found if Obstacle.LANGUAGE not in blocking]
    if not found:
        return WaitingReason.NO_VOLUNTEER_NEARBY
    if not speakers:
        return WaitingReason.NO_SHARED_LANGUAGE
    alone = Counter(next(iter(blocking)) for blocking in speakers if len(blocking) == 1)
    return most_telling(alone or Counter(obstacle for blocking in speakers for obstacle in blocking))


def most_telling(counted: Mapping[Obstacle, int]) -> WaitingReason:
    """The reason for the obstacle counted most often; ties go to the one hardest to change."""
    return _BY_OBSTACLE[min(counted, key=lambda obstacle: (-counted[obstacle], _ORDER.index(obstacle)))]


def reason_in(district: District, found: Candidates, person: int) -> WaitingReason:
    """`why_waiting` for a person of a district-wide assignment, from the candidate search.

    The same rules, judged in bulk: the counts of fitting volunteers are the search's, and the
    obstacles are judged only for the volunteers who may talk with the person.
    """
    if found.fitting_open[person]:
        return WaitingReason.OTHERS_MATCHED_FIRST
    if found.fitting[person]:
        return WaitingReason.NO_CAPACITY
    if not found.mentors:
        return WaitingReason.NO_VOLUNTEER_NEARBY
    talkers = district.talkers(person)
    if not len(talkers):
        return WaitingReason.NO_SHARED_LANGUAGE
    blocking = {
        obstacle: flags[0]
        for obstacle, flags in district.parts(np.array([person], dtype=np.int64), talkers)
        .by_obstacle()
        .items()
    }
    speakers = ~blocking.pop(Obstacle.LANGUAGE)
    if not speakers.any():
        return WaitingReason.NO_SHARED_LANGUAGE
    many = np.sum([flags for flags in blocking.values()], axis=0)
    alone = {obstacle: int((speakers & flags & (many == 1)).sum()) for obstacle, flags in blocking.items()}
    every = {obstacle: int((speakers & flags).sum()) for obstacle, flags in blocking.items()}
    return most_telling({o: n for o, n in alone.items() if n} or {o: n for o, n in every.items() if n})

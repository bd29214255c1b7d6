"""Why a person's mentoring need got no proposal in a run, in the words of WaitingReason.

`NO_CONSENT` is the caller's to decide: a person who did not consent to share with volunteers
never reaches the assignment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from wir_contracts.matching.v1 import WaitingReason
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
    counted = alone or Counter(obstacle for blocking in speakers for obstacle in blocking)
    return _BY_OBSTACLE[min(counted, key=lambda obstacle: (-counted[obstacle], _ORDER.index(obstacle)))]

"""Every pair of a district that `score` accepts, found and totalled in bulk.

Scoring each of a district's pairs one by one cost a minute for 10,000 needs: German makes almost
everyone able to talk with almost everyone. But a score is made of parts that each depend on a few
values only (the two municipalities, the two language lists, the two topic sets, the mentor and
the urgency, the person), and a district has few distinct ones. So each part is computed once per
distinct value with `scoring`'s own functions, in Python, and numpy only gathers and adds the parts,
in the order `score` adds them: the totals are bit for bit those of `score`, and a test says so.
Only volunteers within travel distance are looked at; the distance table is exact where it matters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from wir_matching.domain.district import District, Floats, Ints
from wir_matching.domain.model import Mentor, Seeker
from wir_matching.domain.scoring import DEFAULT_WEIGHTS, Weights

#: Pairs judged at once: a block of people times the volunteers near them, kept a few MB large.
_BLOCK_PAIRS = 1 << 17


@dataclass(frozen=True, slots=True)
class Candidates:
    """The district's candidate pairs: for each person their best open volunteers, best first."""

    seekers: tuple[Seeker, ...]  # by need id; `row` indexes these
    mentors: tuple[Mentor, ...]  # by volunteer id; `column` indexes these
    row: Ints  # per edge
    column: Ints  # per edge
    total: Floats  # per edge: exactly `score(...).total`
    fitting: Ints  # per person: volunteers who fit, with or without a free place
    fitting_open: Ints  # per person: of those, the ones with a free place


def totals(points: Floats) -> Floats:
    """The components added as `score` adds them: largest first, one after the other.

    Components worth nothing are left out there and sorted last here; adding 0.0 changes no bit.
    """
    ordered = np.sort(points, axis=-1)[..., ::-1]
    total = ordered[..., 0].copy()
    for column in range(1, ordered.shape[-1]):
        total += ordered[..., column]
    return total


def candidates(
    seekers: Iterable[Seeker],
    mentors: Iterable[Mentor],
    *,
    today: date,
    weights: Weights = DEFAULT_WEIGHTS,
    keep: int = 20,
) -> tuple[District, Candidates]:
    """The district's values and, per person, up to `keep` best volunteers with a free place."""
    # Sorted by id, so that equal scores end the same way whatever order the rows came in.
    ordered_seekers = sorted(seekers, key=lambda seeker: seeker.need_id)
    ordered_mentors = sorted(mentors, key=lambda mentor: mentor.volunteer_id)
    district = District(ordered_seekers, ordered_mentors, today=today, weights=weights)
    edges: list[tuple[Ints, Ints, Floats]] = []
    fitting = np.zeros(len(ordered_seekers), dtype=np.int64)
    fitting_open = np.zeros(len(ordered_seekers), dtype=np.int64)
    by_place: dict[int, list[int]] = {}
    for number, place in enumerate(district.seeker_place.tolist()):
        by_place.setdefault(place, []).append(number)
    for place, numbers in sorted(by_place.items()):
        volunteers = district.nearby(place)
        if not len(volunteers):
            continue
        step = max(1, _BLOCK_PAIRS // len(volunteers))
        for start in range(0, len(numbers), step):
            people = np.array(numbers[start : start + step], dtype=np.int64)
            parts = district.parts(people, volunteers)
            fits = parts.fits()
            usable = fits & (district.free[volunteers] > 0)[None, :]
            fitting[people] = fits.sum(axis=1)
            fitting_open[people] = usable.sum(axis=1)
            # Most pairs do not fit (mostly for want of a language): only the others are totalled.
            at_row, at_column = np.nonzero(usable)
            points = district.points(
                people[at_row], volunteers[at_column], parts.continuing[at_row, at_column]
            )
            edges.append(_best(people, volunteers, at_row, at_column, totals(points), keep))
    row, column, total = (
        (np.concatenate(part) for part in zip(*edges, strict=True))
        if edges
        else (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
    )
    found = Candidates(
        tuple(ordered_seekers), tuple(ordered_mentors), row, column, total, fitting, fitting_open
    )
    return district, found


def _best(
    people: Ints, volunteers: Ints, at_row: Ints, at_column: Ints, total: Floats, keep: int
) -> tuple[Ints, Ints, Floats]:
    """Each row's `keep` best pairs, best first, equal totals by volunteer id (as columns ascend)."""
    ranked = np.full((len(people), len(volunteers)), -np.inf)
    ranked[at_row, at_column] = total
    # Every pair at least as good as a row's keep-th best, ties included; then only those sorted.
    bar = -np.partition(-ranked, min(keep, len(volunteers)) - 1, axis=1)[:, min(keep, len(volunteers)) - 1]
    at_row, at_column = np.nonzero(np.isfinite(ranked) & (ranked >= bar[:, None]))
    total = ranked[at_row, at_column]
    order = np.lexsort((at_column, -total, at_row))
    at_row, at_column, total = at_row[order], at_column[order], total[order]
    rank = np.arange(len(at_row)) - np.searchsorted(at_row, at_row)
    chosen = rank < keep
    return people[at_row[chosen]], volunteers[at_column[chosen]], total[chosen]

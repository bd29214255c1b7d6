"""A district's people and volunteers as tables of the few distinct values a score depends on.

A score is made of parts that each depend on a few values only (the two municipalities, the two
language lists, the two topic sets, the mentor and the urgency, the person), and a district has
few distinct ones. Each part is computed here once per distinct value, in Python, with `scoring`'s
own functions; numpy then only gathers the parts for many pairs at once. The distance table is
exact where it decides anything: wherever a volunteer could reach.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar
from uuid import UUID

import numpy as np
import numpy.typing as npt

from wir_contracts import places
from wir_matching.domain import languages, scoring
from wir_matching.domain.model import Mentor, Seeker
from wir_matching.domain.scoring import NEUTRAL, Obstacle, Weights

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]

#: numpy's sine may differ from libm's in the last bit: a pair this close to a travel limit gets the
#: exact distance of `places`, so that it is in or out exactly as `score` says.
_KM_MARGIN = 1e-6
_NOWHERE = -1  # no requested gender / unknown gender

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Parts:
    """A block of pairs (people by volunteers): what keeps each pair out, and who continues."""

    declined: Flags
    gender: Flags
    language: Flags
    distance: Flags
    topics: Flags
    unavailable: Flags
    continuing: Floats  # 1.0 where the person had this volunteer as mentor before

    def fits(self) -> Flags:
        blocked = self.declined | self.gender | self.language | self.distance | self.topics
        return ~(blocked | self.unavailable)

    def by_obstacle(self) -> dict[Obstacle, Flags]:
        return {
            Obstacle.DECLINED: self.declined,
            Obstacle.GENDER: self.gender,
            Obstacle.LANGUAGE: self.language,
            Obstacle.DISTANCE: self.distance,
            Obstacle.TOPICS: self.topics,
            Obstacle.UNAVAILABLE: self.unavailable,
        }


class District:
    """The distinct values of a district's people and volunteers, and their parts' tables."""

    def __init__(
        self, seekers: Sequence[Seeker], mentors: Sequence[Mentor], *, today: date, weights: Weights
    ) -> None:
        self.seekers, self.mentors, self.weights = seekers, mentors, weights
        self.mentor_index = {mentor.volunteer_id: number for number, mentor in enumerate(mentors)}
        self.free = np.array([mentor.free_places for mentor in mentors], dtype=np.int64)
        self.travel = np.array([float(mentor.travel_km) for mentor in mentors], dtype=np.float64)
        self._places(seekers, mentors)
        self._languages(seekers, mentors)
        self._topics(seekers, mentors)
        self._time(seekers, mentors, today)
        self._people(seekers, mentors, today)

    def _people(self, seekers: Sequence[Seeker], mentors: Sequence[Mentor], today: date) -> None:
        asked = [seeker.requested_gender for seeker in seekers]
        genders = _ids([gender for gender in (*asked, *(m.gender for m in mentors)) if gender is not None])
        self.requested = _codes(asked, genders)
        self.gender = _codes([mentor.gender for mentor in mentors], genders)
        # What depends on the person alone: the gender's points (asked for) and the waiting's.
        self.seeker_points = np.zeros((len(seekers), 2), dtype=np.float64)
        for row, seeker in enumerate(seekers):
            waited = scoring.waiting_days(seeker, today)
            self.seeker_points[row] = (
                scoring.gender_points(seeker, self.weights),
                scoring.waiting_points(waited, self.weights),
            )
        speakers: dict[str, list[int]] = {}
        for number, mentor in enumerate(mentors):
            for spoken in mentor.languages:
                speakers.setdefault(spoken.language, []).append(number)
        self.by_language = {code: np.array(found, dtype=np.int64) for code, found in speakers.items()}

    def _places(self, seekers: Sequence[Seeker], mentors: Sequence[Mentor]) -> None:
        keys = _ids([*(s.municipality for s in seekers), *(m.municipality for m in mentors)])
        self.seeker_place = _codes([s.municipality for s in seekers], keys)
        self.mentor_place = _codes([m.municipality for m in mentors], keys)
        centres = places.centres()
        names = list(keys)
        known = np.array([name in centres for name in names], dtype=np.bool_)
        lat = np.radians([centres[name].lat if name in centres else 0.0 for name in names])
        lon = np.radians([centres[name].lon if name in centres else 0.0 for name in names])
        h = (
            np.sin((lat[None, :] - lat[:, None]) / 2) ** 2
            + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin((lon[None, :] - lon[:, None]) / 2) ** 2
        )
        rough = 2 * places.EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
        reach = float(self.travel.max()) + _KM_MARGIN if len(self.travel) else 0.0
        # Beyond every volunteer's reach: infinitely far. Unknown keys: NaN, neither near nor far.
        km = np.where(rough <= reach, rough, np.inf)
        km[~known[:, None] | ~known[None, :]] = np.nan
        near = np.full(km.shape, self.weights.distance * NEUTRAL)
        for a, b in zip(*np.nonzero(np.isfinite(km)), strict=True):
            exact = places.distance_km(names[a], names[b])
            assert exact is not None  # both keys are known here
            km[a, b] = exact
            near[a, b] = self.weights.distance * scoring.nearness(exact)
        np.fill_diagonal(km, 0.0)
        np.fill_diagonal(near, self.weights.distance * 1.0)
        self.km, self.near = km, near

    def _languages(self, seekers: Sequence[Seeker], mentors: Sequence[Mentor]) -> None:
        own = _ids([s.languages for s in seekers])
        theirs = _ids([m.languages for m in mentors])
        self.seeker_languages = _codes([s.languages for s in seekers], own)
        self.mentor_languages = _codes([m.languages for m in mentors], theirs)
        self.talks = np.zeros((len(own), len(theirs)), dtype=np.bool_)
        self.language_points = np.zeros((len(own), len(theirs)), dtype=np.float64)
        their_codes = [frozenset(spoken.language for spoken in profile) for profile in theirs]
        for a, profile in enumerate(own):
            related = frozenset(code for spoken in profile for code in languages.family(spoken.language))
            for b, mentor_profile in enumerate(theirs):
                if related.isdisjoint(their_codes[b]):
                    continue
                spoken = languages.shared(profile, mentor_profile)
                if spoken:
                    self.talks[a, b] = True
                    self.language_points[a, b] = self.weights.language * spoken[0].quality

    def _topics(self, seekers: Sequence[Seeker], mentors: Sequence[Mentor]) -> None:
        wanted = _ids([s.topics for s in seekers])
        offered = _ids([m.topics for m in mentors])
        self.seeker_topics = _codes([s.topics for s in seekers], wanted)
        self.mentor_topics = _codes([m.topics for m in mentors], offered)
        self.helps = np.zeros((len(wanted), len(offered)), dtype=np.bool_)
        self.topic_points = np.zeros((len(wanted), len(offered)), dtype=np.float64)
        for a, asked in enumerate(wanted):
            for b, given in enumerate(offered):
                covered = scoring.covered_topics(asked, given)
                if covered is not None:
                    self.helps[a, b] = True
                    self.topic_points[a, b] = self.weights.topics * scoring.topic_share(asked, covered)

    def _time(self, seekers: Sequence[Seeker], mentors: Sequence[Mentor], today: date) -> None:
        urgencies = _ids([s.urgency for s in seekers])
        self.seeker_urgency = _codes([s.urgency for s in seekers], urgencies)
        self.busy = np.zeros((len(urgencies), len(mentors)), dtype=np.bool_)
        self.time_points = np.zeros((len(urgencies), len(mentors)), dtype=np.float64)
        for a, urgency in enumerate(urgencies):
            for b, mentor in enumerate(mentors):
                hours = scoring.free_hours(mentor, urgency, today)
                self.busy[a, b] = hours == 0.0
                self.time_points[a, b] = self.weights.availability * scoring.time_value(hours)

    def nearby(self, place: int) -> Ints:
        """The volunteers (ascending) whose travel distance reaches a person living at `place`."""
        km = self.km[place, self.mentor_place]
        # The same municipality is always near, whatever the travel distance (as in `scoring.way`).
        reached = np.isnan(km) | (km <= self.travel) | (self.mentor_place == place)
        return np.flatnonzero(reached).astype(np.int64)

    def parts(self, people: Ints, volunteers: Ints) -> Parts:
        """The pairs of some people (rows) and some volunteers (columns), judged like `score`."""
        rows, cols = people[:, None], volunteers[None, :]
        km = self.km[self.seeker_place[rows], self.mentor_place[cols]]
        far = ~np.isnan(km) & (km > self.travel[cols]) & (self.seeker_place[rows] != self.mentor_place[cols])
        requested = self.requested[rows]
        continuing, declined = self._between(people, volunteers)
        shape = (len(people), len(volunteers))
        return Parts(
            declined=declined,
            gender=(requested != _NOWHERE) & (requested != self.gender[cols]),
            language=~self.talks[self.seeker_languages[rows], self.mentor_languages[cols]],
            distance=np.broadcast_to(far, shape),
            topics=~self.helps[self.seeker_topics[rows], self.mentor_topics[cols]],
            unavailable=self.busy[self.seeker_urgency[rows], cols],
            continuing=continuing,
        )

    def points(self, person: Ints, volunteer: Ints, continuing: Floats) -> Floats:
        """Each component's points for pairs given one by one (`person[i]` with `volunteer[i]`)."""
        return np.stack(
            [
                self.language_points[self.seeker_languages[person], self.mentor_languages[volunteer]],
                self.near[self.seeker_place[person], self.mentor_place[volunteer]],
                self.topic_points[self.seeker_topics[person], self.mentor_topics[volunteer]],
                self.time_points[self.seeker_urgency[person], volunteer],
                self.seeker_points[person, 0],
                continuing * self.weights.continuity,
                self.seeker_points[person, 1],
            ],
            axis=-1,
        )

    def _between(self, people: Ints, volunteers: Ints) -> tuple[Floats, Flags]:
        """Continuity (1.0 where the person had this mentor before) and who declined, per pair."""
        continuing = np.zeros((len(people), len(volunteers)), dtype=np.float64)
        declined = np.zeros((len(people), len(volunteers)), dtype=np.bool_)
        for row, person in enumerate(people.tolist()):
            seeker = self.seekers[person]
            for found, ids in ((continuing, seeker.previous_mentors), (declined, seeker.declined_by)):
                for volunteer_id in ids:
                    column = self._column(volunteers, volunteer_id)
                    if column is not None:
                        found[row, column] = True
        return continuing, declined

    def _column(self, volunteers: Ints, volunteer_id: UUID) -> int | None:
        number = self.mentor_index.get(volunteer_id)
        if number is None:
            return None
        column = int(np.searchsorted(volunteers, number))
        return column if column < len(volunteers) and volunteers[column] == number else None

    def talkers(self, person: int) -> Ints:
        """Volunteers speaking one of the person's languages or a related one, at any level."""
        seeker = self.seekers[person]
        related = {code for spoken in seeker.languages for code in languages.family(spoken.language)}
        found = [self.by_language[code] for code in sorted(related) if code in self.by_language]
        return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _ids(values: Iterable[K]) -> dict[K, int]:
    found: dict[K, int] = {}
    for value in values:
        found.setdefault(value, len(found))
    return found


def _codes(values: Iterable[K | None], ids: dict[K, int]) -> Ints:
    return np.array([_NOWHERE if value is None else ids[value] for value in values], dtype=np.int64)

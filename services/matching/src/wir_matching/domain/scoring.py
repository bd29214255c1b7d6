"""How well a volunteer fits a person's mentoring need: named, weighted components with reasons.

Each component yields a value between 0 and 1; its weight turns that into points, and the points
add up to the score. Some conditions are not points but limits: a volunteer the person cannot
talk with, who lives beyond their own travel distance, of another gender than the person asked
for, who helps with none of the person's topics, who has no time in the coming weeks, or who
declined this need before, is no candidate at all (`score` answers None, `obstacles` says why).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum

from wir_contracts.matching.v1 import MatchReason, ScoreComponent
from wir_contracts.needs import MentoringTopic
from wir_contracts.places import distance_km
from wir_matching.domain import languages
from wir_matching.domain.availability import hours_per_week
from wir_matching.domain.model import Mentor, Seeker

#: Kilometres at which the distance component is worth half of its weight (1 at 0 km).
HALF_VALUE_KM = 10.0
#: Free hours a week from which more time adds nothing: a mentorship takes an hour or two a week.
ENOUGH_HOURS = 4.0
#: Days of waiting after which waiting adds nothing more; by then it is worth its full weight.
WAITING_CAP_DAYS = 90
#: A value for what cannot be judged (no weekly times given, no coordinates, no topics asked).
NEUTRAL = 0.5


@dataclass(frozen=True, slots=True)
class Weights:
    """What each component is worth at most; the components' order is that of ScoreComponent."""

    language: float = 0.4
    distance: float = 0.15
    topics: float = 0.2
    availability: float = 0.1
    gender: float = 0.05
    continuity: float = 0.1
    waiting: float = 0.15

    def __post_init__(self) -> None:
        for weight in fields(self):
            if getattr(self, weight.name) < 0:
                raise ValueError(f"weight {weight.name} must not be negative")


DEFAULT_WEIGHTS = Weights()
_ORDER = {component: number for number, component in enumerate(ScoreComponent)}


class Obstacle(StrEnum):
    """Why a volunteer is no candidate for a person's need."""

    DECLINED = "declined"
    GENDER = "gender"
    LANGUAGE = "language"
    DISTANCE = "distance"
    TOPICS = "topics"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True, slots=True)
class Reason:
    """One component of a score, with what earned it (the fields of contracts' MatchReason)."""

    component: ScoreComponent
    points: float
    languages: tuple[str, ...] = ()
    distance_km: float | None = None
    topics: tuple[str, ...] = ()
    hours_per_week: float | None = None
    waiting_days: int | None = None

    def to_contract(self) -> MatchReason:
        return MatchReason(
            component=self.component,
            points=round(self.points, 4),
            languages=self.languages,
            distance_km=None if self.distance_km is None else round(self.distance_km, 1),
            topics=tuple(MentoringTopic(topic) for topic in self.topics),
            hours_per_week=None if self.hours_per_week is None else round(self.hours_per_week, 1),
            waiting_days=self.waiting_days,
        )


@dataclass(frozen=True, slots=True)
class Score:
    total: float
    reasons: tuple[Reason, ...]  # largest first


def score(seeker: Seeker, mentor: Mentor, *, today: date, weights: Weights = DEFAULT_WEIGHTS) -> Score | None:
    """The volunteer's fit for the person's need, or None when they are no candidate."""
    # The cheap limits first: most pairs of a district fail one of them.
    if mentor.volunteer_id in seeker.declined_by or not gender_fits(seeker.requested_gender, mentor.gender):
        return None
    covered = covered_topics(seeker.topics, mentor.topics)
    reach = way(seeker.municipality, mentor.municipality, mentor.travel_km) if covered is not None else None
    spoken = languages.shared(seeker.languages, mentor.languages) if reach is not None else ()
    hours = free_hours(mentor, seeker.urgency, today) if spoken else 0.0
    if reach is None or covered is None or not spoken or hours == 0.0:
        return None
    km, near = reach
    waited = waiting_days(seeker, today)
    w = weights
    weighted = (
        Reason(
            ScoreComponent.LANGUAGE,
            w.language * spoken[0].quality,
            languages=tuple(s.language for s in spoken),
        ),
        Reason(ScoreComponent.DISTANCE, w.distance * near, distance_km=km),
        Reason(ScoreComponent.TOPICS, w.topics * topic_share(seeker.topics, covered), topics=covered),
        Reason(ScoreComponent.AVAILABILITY, w.availability * time_value(hours), hours_per_week=hours),
        Reason(ScoreComponent.GENDER, gender_points(seeker, w)),
        Reason(
            ScoreComponent.CONTINUITY, w.continuity if mentor.volunteer_id in seeker.previous_mentors else 0.0
        ),
        Reason(ScoreComponent.WAITING, waiting_points(waited, w), waiting_days=waited),
    )
    reasons = sorted(
        (reason for reason in weighted if reason.points > 0),
        key=lambda reason: (-reason.points, _ORDER[reason.component]),
    )
    return Score(total=sum(reason.points for reason in reasons), reasons=tuple(reasons))


def obstacles(seeker: Seeker, mentor: Mentor, *, today: date) -> frozenset[Obstacle]:
    """Every condition that keeps the volunteer from being a candidate (empty: a candidate)."""
    found = set()
    if mentor.volunteer_id in seeker.declined_by:
        found.add(Obstacle.DECLINED)
    if not gender_fits(seeker.requested_gender, mentor.gender):
        found.add(Obstacle.GENDER)
    if not languages.shared(seeker.languages, mentor.languages):
        found.add(Obstacle.LANGUAGE)
    if way(seeker.municipality, mentor.municipality, mentor.travel_km) is None:
        found.add(Obstacle.DISTANCE)
    if covered_topics(seeker.topics, mentor.topics) is None:
        found.add(Obstacle.TOPICS)
    if free_hours(mentor, seeker.urgency, today) == 0.0:
        found.add(Obstacle.UNAVAILABLE)
    return frozenset(found)


# The pieces below are shared with the district-wide candidate search (`candidates`), which
# computes them once per distinct value instead of once per pair: the same functions, so that
# its totals are exactly this module's.


def gender_fits(requested: str | None, gender: str | None) -> bool:
    return requested is None or requested == gender


def way(home: str, mentor_home: str, travel_km: float) -> tuple[float | None, float] | None:
    """Kilometres between them (None: unknown) and the distance value; None beyond travel."""
    if home == mentor_home:
        return 0.0, 1.0
    km = distance_km(home, mentor_home)
    if km is None:
        # A key missing from the shipped list (a newer municipality): neither reward nor exclude.
        return None, NEUTRAL
    if km > travel_km:
        return None
    return km, nearness(km)


def nearness(km: float) -> float:
    return 1.0 / (1.0 + km / HALF_VALUE_KM)


# The enum's order as plain strings: iterating the enum per pair cost more than the scoring.
_TOPIC_ORDER = tuple(str(topic) for topic in MentoringTopic)


def covered_topics(wanted: frozenset[str], offered: frozenset[str]) -> tuple[str, ...] | None:
    """The person's topics the mentor helps with (in the topics' order); None when none are."""
    both = wanted & offered
    if wanted and not both:
        return None
    return tuple(topic for topic in _TOPIC_ORDER if topic in both)


def topic_share(wanted: frozenset[str], covered: tuple[str, ...]) -> float:
    return len(covered) / len(wanted) if wanted else NEUTRAL


def free_hours(mentor: Mentor, urgency: str, today: date) -> float | None:
    """Free hours a week coming up; None when the mentor gave no weekly times."""
    if not mentor.weekly:
        return None
    return hours_per_week(mentor.weekly, mentor.absences, today=today, urgency=urgency)


def time_value(hours: float | None) -> float:
    return NEUTRAL if hours is None else min(hours, ENOUGH_HOURS) / ENOUGH_HOURS


def gender_points(seeker: Seeker, weights: Weights) -> float:
    return weights.gender if seeker.requested_gender else 0.0


def waiting_days(seeker: Seeker, today: date) -> int:
    return max((today - seeker.waiting_since).days, 0)


def waiting_points(waited: int, weights: Weights) -> float:
    return weights.waiting * min(waited, WAITING_CAP_DAYS) / WAITING_CAP_DAYS


TOPIC_NAMES_DE = {
    MentoringTopic.EVERYDAY_LIFE: "Alltag",
    MentoringTopic.AUTHORITIES: "Behörden",
    MentoringTopic.HOUSING: "Wohnen",
    MentoringTopic.WORK: "Arbeit",
    MentoringTopic.EDUCATION: "Schule und Ausbildung",
    MentoringTopic.LANGUAGE_PRACTICE: "Sprachpraxis",
    MentoringTopic.HEALTH: "Gesundheit",
    MentoringTopic.FAMILY: "Familie",
    MentoringTopic.LEISURE: "Freizeit",
    MentoringTopic.DIGITAL: "Digitales",
}


def describe_de(reasons: Iterable[Reason]) -> str:
    """The reasons as a coordinator reads them: "spricht Dari; 4 km; Wohnen und Behörden"."""
    parts = [_phrase(reason) for reason in sorted(reasons, key=lambda reason: _ORDER[reason.component])]
    return "; ".join(part for part in parts if part)


def _phrase(reason: Reason) -> str:
    match reason.component:
        case ScoreComponent.LANGUAGE:
            return "spricht " + _and(languages.german_name(code) for code in reason.languages)
        case ScoreComponent.DISTANCE:
            if reason.distance_km is None:
                return "Entfernung unbekannt"
            return "am selben Ort" if reason.distance_km == 0 else f"{max(round(reason.distance_km), 1)} km"
        case ScoreComponent.TOPICS:
            return _and(TOPIC_NAMES_DE[MentoringTopic(topic)] for topic in reason.topics)
        case ScoreComponent.AVAILABILITY:
            if reason.hours_per_week is None:
                return ""
            if reason.hours_per_week < 1:
                return "unter 1 Std. pro Woche frei"
            return f"{reason.hours_per_week:.0f} Std. pro Woche frei"
        case ScoreComponent.GENDER:
            return "gewünschtes Geschlecht"
        case ScoreComponent.CONTINUITY:
            return "hat die Person schon begleitet"
        case ScoreComponent.WAITING:
            days = reason.waiting_days or 0
            return f"wartet seit {days} Tag" if days == 1 else f"wartet seit {days} Tagen"
    return ""


def _and(words: Iterable[str]) -> str:
    names = list(dict.fromkeys(words))
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " und " + names[-1]

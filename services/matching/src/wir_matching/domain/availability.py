"""How much time a mentor has in the coming weeks: weekly windows minus absences."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from types import MappingProxyType

from wir_matching.domain.model import Absence, WeeklySlot

HORIZON_WEEKS = 4
#: How much each of the coming weeks counts, by the need's urgency: an urgent need is helped by
#: someone free this week, a routine one by anyone free within the month.
WEEK_WEIGHTS = MappingProxyType(
    {
        "routine": (1.0, 1.0, 1.0, 1.0),
        "soon": (2.0, 1.5, 1.0, 0.5),
        "urgent": (4.0, 2.0, 0.5, 0.25),
    }
)


def _hours(slot: WeeklySlot) -> float:
    start = datetime.combine(date.min, slot.start)
    end = datetime.combine(date.min, slot.end)
    return max((end - start).total_seconds() / 3600, 0.0)


# The same mentor is weighed against every person of the district in one run: cache the few
# distinct (mentor, today, urgency) combinations instead of walking 28 days per pair.
@lru_cache(maxsize=8192)
def hours_per_week(
    weekly: tuple[WeeklySlot, ...], absences: tuple[Absence, ...], *, today: date, urgency: str
) -> float:
    """Free hours a week over the next four weeks, each week weighted by the urgency."""
    weights = WEEK_WEIGHTS.get(urgency, WEEK_WEIGHTS["routine"])
    by_weekday = [0.0] * 7
    for slot in weekly:
        by_weekday[slot.weekday % 7] += _hours(slot)
    total = 0.0
    for week, weight in enumerate(weights):
        for offset in range(7):
            day = today + timedelta(days=week * 7 + offset)
            if not any(absence.first_day <= day <= absence.last_day for absence in absences):
                total += weight * by_weekday[day.weekday()]
    return total / sum(weights)

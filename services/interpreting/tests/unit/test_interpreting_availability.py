"""An interpreter's week covers an appointment when one slot holds it whole, in Berlin time,
and no absence touches its day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from wir_interpreting.domain.availability import covers, local_day
from wir_interpreting.domain.model import Absence, WeeklySlot

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_MORNING = (WeeklySlot(0, time(8), time(12)),)
# Monday 7 December 2026.
MONDAY = date(2026, 12, 7)


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour, minute), BERLIN)


def test_slot_holding_the_whole_appointment_covers_it() -> None:
    assert covers(MONDAY_MORNING, (), at(8), at(12))
    assert covers(MONDAY_MORNING, (), at(9, 30), at(10, 30))


def test_appointment_running_past_the_slot_is_not_covered() -> None:
    assert not covers(MONDAY_MORNING, (), at(11, 30), at(12, 30))
    assert not covers(MONDAY_MORNING, (), at(7, 45), at(9))


def test_another_weekday_is_not_covered() -> None:
    assert not covers(MONDAY_MORNING, (), at(9, day=date(2026, 12, 8)), at(10, day=date(2026, 12, 8)))


def test_slots_are_berlin_time_whatever_zone_the_request_uses() -> None:
    # 08:30 UTC is 09:30 in Berlin in winter.
    starts = datetime(2026, 12, 7, 8, 30, tzinfo=UTC)
    ends = datetime(2026, 12, 7, 10, 30, tzinfo=UTC)
    assert covers(MONDAY_MORNING, (), starts, ends)
    assert not covers(MONDAY_MORNING, (), starts, datetime(2026, 12, 7, 11, 30, tzinfo=UTC))


def test_absence_on_the_day_uncovers_it() -> None:
    away = (Absence(date(2026, 12, 5), MONDAY),)
    assert not covers(MONDAY_MORNING, away, at(9), at(10))
    assert covers(MONDAY_MORNING, (Absence(date(2026, 12, 1), date(2026, 12, 6)),), at(9), at(10))


def test_appointment_past_midnight_is_never_covered() -> None:
    whole_day = tuple(WeeklySlot(day, time(0), time(23, 59)) for day in range(7))
    assert not covers(whole_day, (), at(23), at(1, day=date(2026, 12, 8)))


def test_local_day_is_the_berlin_date() -> None:
    assert local_day(datetime(2026, 12, 6, 23, 30, tzinfo=UTC)) == MONDAY

"""Whether an interpreter's week covers an appointment: a weekly slot (Europe/Berlin) spans it
on its day, and no absence touches that day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from wir_interpreting.domain.model import Absence, WeeklySlot

BERLIN = ZoneInfo("Europe/Berlin")


def local_day(moment: datetime) -> date:
    """The calendar day in Europe/Berlin, where documents expire and absences are counted."""
    return moment.astimezone(BERLIN).date()


def covers(
    weekly: Iterable[WeeklySlot], absences: Iterable[Absence], starts_at: datetime, ends_at: datetime
) -> bool:
    """True when one weekly slot holds the whole appointment and the interpreter is not away."""
    start, end = starts_at.astimezone(BERLIN), ends_at.astimezone(BERLIN)
    # Weekly slots lie within one day: an appointment past midnight fits none of them.
    if end.date() != start.date():
        return False
    day = start.date()
    if any(absence.first_day <= day <= absence.last_day for absence in absences):
        return False
    return any(
        slot.weekday == day.weekday() and slot.start <= start.time() and end.time() <= slot.end
        for slot in weekly
    )

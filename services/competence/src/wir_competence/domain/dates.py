"""Dates an entry can truly carry, checked when a case manager enters it.

The entry models check only what holds at any time (an end not before its start). What is
plausible depends on the day of entry: a course may be planned for next spring, but nothing
finished ends tomorrow. So these rules apply when an entry is written, and entries already stored
are read as they are (a record stays readable whatever was accepted before).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from wir_competence.domain.entries import Course, CourseStatus, Entry, Language, Schooling, Training
from wir_competence.domain.errors import ImplausibleDate

EARLIEST = date(1900, 1, 1)
#: How far ahead a start may lie (a course planned for the next season) ...
START_AHEAD_DAYS = 366
#: ... and an end (a training or a degree under way, by its expected end).
END_AHEAD_YEARS = 10


def check(entry: Entry, today: date) -> None:
    """Raises ImplausibleDate for the first date of `entry` that cannot be true on `today`."""
    for field, reason, message in _problems(entry, today):
        raise ImplausibleDate(entry.kind, field, reason, message)


def _problems(entry: Entry, today: date) -> Iterator[tuple[str, str, str]]:
    dates = _dates(entry)
    for field, day in dates.items():
        if day < EARLIEST:
            yield field, "date_too_early", "the date lies before 1900"
    started_on, ended_on = dates.get("started_on"), dates.get("ended_on")
    if started_on is not None and (started_on - today).days > START_AHEAD_DAYS:
        yield "started_on", "date_too_far_ahead", "the start lies more than a year ahead"
    if ended_on is not None and ended_on > _years_after(today, END_AHEAD_YEARS):
        yield "ended_on", "date_too_far_ahead", f"the end lies more than {END_AHEAD_YEARS} years ahead"
    if started_on is not None and started_on > today and _begun(entry):
        yield "started_on", "date_in_future", "what is under way or over has started"
    if ended_on is not None and ended_on > today and _finished(entry):
        yield "ended_on", "date_in_future", "what is finished has ended"
    assessed_on = dates.get("assessed_on")
    if assessed_on is not None and assessed_on > today:
        yield "assessed_on", "date_in_future", "an exam is assessed on a day that has come"


def _dates(entry: Entry) -> dict[str, date]:
    if isinstance(entry, Language):
        return {} if entry.assessed_on is None else {"assessed_on": entry.assessed_on}
    found = {"started_on": entry.started_on, "ended_on": entry.ended_on}
    return {field: day for field, day in found.items() if day is not None}


def _begun(entry: Entry) -> bool:
    return isinstance(entry, Course) and entry.status is not CourseStatus.PLANNED


def _finished(entry: Entry) -> bool:
    """Entries that say they are over: a course completed or dropped, a training completed, a
    school left with its certificate."""
    if isinstance(entry, Course):
        return entry.status in (CourseStatus.COMPLETED, CourseStatus.DROPPED)
    if isinstance(entry, Training):
        return entry.completed
    return isinstance(entry, Schooling) and entry.certificate


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year without one
        return day.replace(year=day.year + years, day=28)

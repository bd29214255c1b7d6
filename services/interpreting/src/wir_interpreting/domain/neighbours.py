"""What a neighbouring pool's interpreter must be told of a change to their booking: they hear of
it only through copies published in their own district, so each change is told as what it means
to them, judged from what they were told last."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum


class News(StrEnum):
    ASSIGNED = "assigned"  # asked to confirm
    RESCHEDULED = "rescheduled"  # the time moved (asked to confirm again while held)
    CONFIRMED = "confirmed"  # booked: reminders are due
    CANCELLED = "cancelled"  # the booking is gone, not by their own answer
    NOTHING = "nothing"


def news(
    state: str,
    starts_at: datetime,
    *,
    told_state: str | None,
    told_starts_at: datetime | None,
    declined: bool,
) -> News:
    """The news in a booking now `state` at `starts_at`, for an interpreter told `told_state` at
    `told_starts_at` before (None: never told). `declined`: the interpreter's own answer let go
    of it (declined or gave it back), which they need not be told of."""
    was_told = told_state in ("held", "confirmed")
    moved = was_told and told_starts_at != starts_at
    if state == "held":
        if not was_told:
            return News.ASSIGNED
        return News.RESCHEDULED if moved else News.NOTHING
    if state == "confirmed":
        if moved:
            return News.RESCHEDULED
        return News.NOTHING if told_state == "confirmed" else News.CONFIRMED
    if state == "released" and was_told and not declined:
        return News.CANCELLED
    return News.NOTHING

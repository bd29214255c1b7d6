"""Quiet hours: SMS is held until they end; e-mail and the inbox are not (they do not ring)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class QuietHours:
    """A daily window in the district's local time; `start > end` means it spans midnight."""

    start: time
    end: time
    zone: ZoneInfo

    def release_at(self, now: datetime) -> datetime | None:
        """When an SMS due at `now` may go out: None if now is outside the window."""
        if self.start == self.end:
            return None
        local = now.astimezone(self.zone)
        today_end = _at(local, self.end)
        if self.start < self.end:
            inside = _at(local, self.start) <= local < today_end
            return today_end if inside else None
        if local >= _at(local, self.start):
            return _at(local + timedelta(days=1), self.end)
        return today_end if local < today_end else None


def _at(day: datetime, clock: time) -> datetime:
    """`clock` on the local date of `day`, in its zone (a DST gap resolves forward)."""
    naive = datetime.combine(day.date(), clock)
    return naive.replace(tzinfo=day.tzinfo)

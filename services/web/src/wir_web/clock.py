"""The district's clock: its time zone and its calendar day (documents, statements and deadlines
are judged by the day in Hesse, not by the server's)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def today() -> date:
    """The district's calendar day."""
    return datetime.now(BERLIN).date()

"""Quiet hours in the district's local time: when a held SMS may go out."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from wir_notifications.domain.quiet_hours import QuietHours

BERLIN = ZoneInfo("Europe/Berlin")
NIGHT = QuietHours(time(21, 0), time(8, 0), BERLIN)


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def test_daytime_is_not_quiet() -> None:
    assert NIGHT.release_at(berlin(2026, 11, 5, 12, 0)) is None
    assert NIGHT.release_at(berlin(2026, 11, 5, 8, 0)) is None


def test_late_evening_waits_until_the_next_morning() -> None:
    assert NIGHT.release_at(berlin(2026, 11, 5, 22, 30)) == berlin(2026, 11, 6, 8, 0)
    assert NIGHT.release_at(berlin(2026, 11, 5, 21, 0)) == berlin(2026, 11, 6, 8, 0)


def test_early_morning_waits_until_the_same_morning() -> None:
    assert NIGHT.release_at(berlin(2026, 11, 6, 6, 15)) == berlin(2026, 11, 6, 8, 0)


def test_the_district_time_zone_decides_not_utc() -> None:
    # 20:30 UTC is 21:30 in Berlin in winter: quiet.
    assert NIGHT.release_at(datetime(2026, 11, 5, 20, 30, tzinfo=UTC)) == berlin(2026, 11, 6, 8, 0)


def test_the_morning_after_the_clocks_go_forward_is_local_eight() -> None:
    release = NIGHT.release_at(berlin(2026, 3, 28, 23, 0))
    assert release == berlin(2026, 3, 29, 8, 0)
    assert release is not None and release.utcoffset() is not None
    assert release.astimezone(UTC).hour == 6  # summer time: UTC+2


def test_a_daytime_window_is_supported() -> None:
    lunch = QuietHours(time(12, 0), time(13, 30), BERLIN)
    assert lunch.release_at(berlin(2026, 11, 5, 12, 45)) == berlin(2026, 11, 5, 13, 30)
    assert lunch.release_at(berlin(2026, 11, 5, 14, 0)) is None


def test_an_empty_window_never_holds() -> None:
    assert QuietHours(time(0, 0), time(0, 0), BERLIN).release_at(berlin(2026, 11, 5, 3, 0)) is None

"""What a neighbouring pool's interpreter is told of a change, judged from what they heard last."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wir_interpreting.domain.neighbours import News, news

AT = datetime(2026, 11, 17, 9, 30, tzinfo=UTC)
LATER = AT + timedelta(days=1)


def test_a_new_hold_asks_them_and_a_hold_told_before_is_not_news() -> None:
    assert news("held", AT, told_state=None, told_starts_at=None, declined=False) is News.ASSIGNED
    assert news("held", AT, told_state="held", told_starts_at=AT, declined=False) is News.NOTHING


def test_a_hold_again_after_a_release_asks_them_again() -> None:
    assert news("held", AT, told_state="released", told_starts_at=AT, declined=False) is News.ASSIGNED


def test_a_confirmation_brings_reminders_once() -> None:
    assert news("confirmed", AT, told_state="held", told_starts_at=AT, declined=False) is News.CONFIRMED
    assert news("confirmed", AT, told_state=None, told_starts_at=None, declined=False) is News.CONFIRMED
    assert news("confirmed", AT, told_state="confirmed", told_starts_at=AT, declined=False) is News.NOTHING


def test_a_move_is_a_reschedule_whether_held_again_or_still_confirmed() -> None:
    assert news("held", LATER, told_state="confirmed", told_starts_at=AT, declined=False) is News.RESCHEDULED
    assert news("confirmed", LATER, told_state="held", told_starts_at=AT, declined=False) is News.RESCHEDULED


def test_a_release_is_news_unless_their_own_answer_or_they_never_heard() -> None:
    assert news("released", AT, told_state="confirmed", told_starts_at=AT, declined=False) is News.CANCELLED
    assert news("released", AT, told_state="held", told_starts_at=AT, declined=True) is News.NOTHING
    assert news("released", AT, told_state=None, told_starts_at=None, declined=False) is News.NOTHING


def test_a_finished_booking_is_not_news() -> None:
    assert news("done", AT, told_state="confirmed", told_starts_at=AT, declined=False) is News.NOTHING

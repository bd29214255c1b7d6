"""Retries back off with jitter within a budget; permanent failures are not retried."""

from __future__ import annotations

from datetime import timedelta

from wir_contracts.notifications.v1 import FailureReason
from wir_notifications.domain.backoff import retry_delay
from wir_notifications.domain.outcomes import Permanent, Retry, Sent, Transient, next_step

DELAYS = [10.0, 60.0, 300.0]


def test_each_attempt_waits_its_step() -> None:
    assert retry_delay(1, DELAYS, jitter=0.0, draw=0.7) == timedelta(seconds=10)
    assert retry_delay(3, DELAYS, jitter=0.0, draw=0.7) == timedelta(seconds=300)


def test_jitter_spreads_the_wait_around_the_step() -> None:
    assert retry_delay(2, DELAYS, jitter=0.2, draw=0.0) == timedelta(seconds=48)
    assert retry_delay(2, DELAYS, jitter=0.2, draw=0.5) == timedelta(seconds=60)
    assert retry_delay(2, DELAYS, jitter=0.2, draw=0.999) < timedelta(seconds=72)


def test_the_budget_is_one_attempt_more_than_steps() -> None:
    assert retry_delay(4, DELAYS, jitter=0.2, draw=0.5) is None


def test_a_transient_failure_within_budget_is_retried() -> None:
    step = next_step(Transient("smtp_451"), timedelta(seconds=10))
    assert step == Retry(timedelta(seconds=10), "smtp_451")


def test_a_transient_failure_past_the_budget_gives_up_the_channel() -> None:
    assert next_step(Transient("http_503"), None) == Permanent(FailureReason.RETRIES_EXHAUSTED, "http_503")


def test_a_permanent_failure_is_never_retried() -> None:
    outcome = Permanent(FailureReason.INVALID_ADDRESS, "smtp_550")
    assert next_step(outcome, timedelta(seconds=10)) == Permanent(FailureReason.INVALID_ADDRESS, "smtp_550")


def test_sent_is_delivered() -> None:
    assert next_step(Sent("smtp_accepted"), None) == Sent("smtp_accepted")

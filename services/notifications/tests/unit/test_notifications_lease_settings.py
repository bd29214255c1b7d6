"""The lease is short and renewed; it must still outlast the step after the hand-over, which no
heartbeat can take back (README: "Crashes and duplicates")."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from wir_contracts.notifications.v1 import FailureReason
from wir_notifications.domain.outcomes import Permanent, Sent, Transient
from wir_notifications.jobs.sender import _unknown
from wir_notifications.settings import NotificationSettings


def test_the_default_lease_is_short_and_outlasts_both_timeouts() -> None:
    settings = NotificationSettings()
    assert settings.lease_s == 20.0
    assert settings.lease_s > max(settings.smtp_timeout_s, settings.sms_timeout_s)


@pytest.mark.parametrize("timeouts", [{"smtp_timeout_s": 20.0}, {"sms_timeout_s": 25.0}])
def test_a_lease_not_longer_than_a_hand_over_step_is_refused(timeouts: dict[str, float]) -> None:
    with pytest.raises(ValidationError, match="lease_s must exceed"):
        NotificationSettings(lease_s=20.0, **timeouts)


@pytest.mark.parametrize(
    ("outcome", "unknown"),
    [
        (Transient("smtp_timeout"), True),
        (Transient("smtp_connection"), True),
        (Transient("smtp_malformed_answer"), True),
        (Transient("sms_malformed_answer"), True),
        (Transient("smtp_451"), False),
        (Transient("http_503"), False),
        (Sent("smtp_accepted"), False),
    ],
)
def test_only_an_answer_without_a_verdict_leaves_the_delivery_unknown(outcome, unknown) -> None:
    assert _unknown(outcome) is unknown


def test_a_final_refusal_is_a_verdict() -> None:
    assert not _unknown(Permanent(FailureReason.INVALID_ADDRESS, "smtp_550"))

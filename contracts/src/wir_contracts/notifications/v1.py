"""Events notifications publishes, version 1: what was delivered to whom, and what was not.

They name the recipient and channel, never the address or the text.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Final
from uuid import UUID

from pydantic import Field, StringConstraints

from wir_contracts._internal.examples import AMINA, NOTIFICATION, caused_by, envelope, examples
from wir_contracts.channels import Channel
from wir_contracts.envelope import Event
from wir_contracts.languages import LanguageCode

__all__ = [
    "DELIVERY_DUE",
    "NOTIFICATION_FAILED",
    "NOTIFICATION_SENT",
    "DeliveryDue",
    "FailureReason",
    "NotificationFailed",
    "NotificationSent",
    "RecipientKind",
    "TemplateKey",
]

NOTIFICATION_SENT: Final = "notifications.notification_sent.v1"
NOTIFICATION_FAILED: Final = "notifications.notification_failed.v1"
DELIVERY_DUE: Final = "notifications.delivery_due.v1"

TemplateKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.]{0,63}$")]


class RecipientKind(StrEnum):
    """Who a notification went to; `recipient_id` is an id of that kind."""

    PERSON = "person"
    VOLUNTEER = "volunteer"
    INTERPRETER = "interpreter"
    STAFF = "staff"


class FailureReason(StrEnum):
    """Why a notification could not be delivered."""

    NO_CHANNEL = "no_channel"
    NO_CONSENT = "no_consent"
    INVALID_ADDRESS = "invalid_address"
    REJECTED_BY_PROVIDER = "rejected_by_provider"
    RETRIES_EXHAUSTED = "retries_exhausted"


class _Delivery(Event):
    """One notification to one recipient; `causation_id` is the event it was about."""

    PRODUCER = "notifications"

    notification_id: UUID = Field(description="Id of the notification.")
    recipient_kind: RecipientKind = Field(description="Kind of recipient.")
    recipient_id: UUID = Field(description="Id of the recipient (a person id, volunteer id, ...).")
    template: TemplateKey = Field(description="Key of the message template used.")
    language: LanguageCode = Field(description="Language the message was written in.")


def _delivery_example(event: str, occurred_at: str, number: int = 1, **fields: Any) -> dict[str, Any]:
    return {
        **envelope(
            "notifications",
            event,
            occurred_at=occurred_at,
            number=number,
            causation_id=caused_by("interpreting", "appointment_confirmed"),
        ),
        "notification_id": NOTIFICATION,
        "recipient_kind": "person",
        "recipient_id": AMINA,
        "template": "appointment_confirmed",
        "language": "prs",
        **fields,
    }


class NotificationSent(_Delivery):
    """A notification was handed to its channel (mail server, SMS provider, inbox)."""

    EVENT = "notification_sent"
    model_config = examples(_delivery_example("notification_sent", "2026-11-05T18:40:31Z", channel="sms"))

    channel: Channel = Field(description="Channel it went through.")


class NotificationFailed(_Delivery):
    """A notification could not be delivered, after any retries."""

    EVENT = "notification_failed"
    model_config = examples(
        _delivery_example(
            "notification_failed", "2026-11-05T19:10:02Z", channel="sms", reason="retries_exhausted"
        ),
        _delivery_example(
            "notification_failed", "2026-11-05T18:40:29Z", number=2, channel=None, reason="no_consent"
        ),
    )

    channel: Channel | None = Field(
        default=None, description="Channel that failed; null if none could be tried."
    )
    reason: FailureReason = Field(description="Why it failed.")


class DeliveryDue(Event):
    """A delivery notifications held (quiet hours, back-off) is due.

    Notifications schedules it for itself through its outbox's `not_before`, so a wait survives
    restarts and blocks no consumer; no other service consumes it.
    """

    PRODUCER = "notifications"
    EVENT = "delivery_due"
    model_config = examples(
        {
            **envelope(
                "notifications",
                "delivery_due",
                occurred_at="2026-11-06T07:00:00Z",
                causation_id=caused_by("interpreting", "appointment_confirmed"),
            ),
            "notification_id": NOTIFICATION,
            "channel": "sms",
            "attempts": 0,
        }
    )

    notification_id: UUID = Field(description="The notification whose delivery was held.")
    channel: Channel = Field(description="The channel it was held on.")
    attempts: int = Field(ge=0, description="Attempts made when it was held; another count is stale.")

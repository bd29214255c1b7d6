"""A notification's way through its plan: queue a channel, hold it, retry, fall back, finish.

Everything here runs inside one district transaction together with the state it changes, and
publishes through the outbox, so a delivery's state and its events never disagree.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from wir_contracts.channels import Channel
from wir_contracts.notifications.v1 import (
    DeliveryDue,
    FailureReason,
    NotificationFailed,
    NotificationSent,
    RecipientKind,
)
from wir_kit import Db, Tx, get_logger
from wir_notifications.commands import district_settings
from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.db import deliveries, notifications, recipients
from wir_notifications.db.deliveries import Claimed
from wir_notifications.db.notifications import NotificationRow
from wir_notifications.domain.backoff import retry_delay
from wir_notifications.domain.languages import GERMAN
from wir_notifications.domain.outcomes import Outcome, Permanent, Retry, Sent, Transient, next_step
from wir_notifications.domain.quiet_hours import QuietHours

log = get_logger(__name__)


def queued_at_once(channel: Channel, quiet: QuietHours, now: datetime) -> bool:
    """Whether `channel` starts as a pending delivery ("queued") right away: e-mail always, SMS
    outside quiet hours; the inbox is delivered, not queued."""
    return channel is Channel.EMAIL or (channel is Channel.SMS and quiet.release_at(now) is None)


async def start_channel(tx: Tx, collaborators: Collaborators, note: NotificationRow, index: int) -> None:
    """Begin delivery over `note.plan[index]`: the inbox at once, SMS after quiet hours."""
    channel = note.plan[index]
    if channel is Channel.INBOX:
        await deliveries.insert(tx, note.notification_id, channel, "sent", attempts=1)
        await deliveries.add_history(tx, note.notification_id, "sent", channel=channel)
        await finish_sent(tx, note, channel)
        return
    if channel is Channel.SMS:
        quiet = (await district_settings.content(tx, collaborators.settings)).quiet
        release = quiet.release_at(collaborators.clock())
        if release is not None:
            await deliveries.insert(tx, note.notification_id, channel, "held", held_until=release)
            await _hold(tx, note, channel, 0, release, "quiet_hours")
            return
    await deliveries.insert(tx, note.notification_id, channel, "pending")
    await deliveries.add_history(tx, note.notification_id, "queued", channel=channel)


async def release(tx: Tx, event: DeliveryDue) -> None:
    """A held delivery's time has come: due again, unless it changed meanwhile."""
    if not await deliveries.release(tx, event.notification_id, event.channel, event.attempts):
        log.info("release stale", notification_id=str(event.notification_id))


async def record_sent_alone(db: Db, district: str, claimed: Claimed, outcome: Outcome) -> bool:
    """Record a sent message and its NotificationSent in one round trip, when the claim was
    made with the composed notification and nothing else follows the send (a staff member's
    address is let go in `record_attempt`). False: not this way; `record_attempt` does it."""
    note = claimed.note
    if not isinstance(outcome, Sent) or note is None or note.recipient_kind is RecipientKind.STAFF:
        return False
    event = NotificationSent(**_about(district, note), channel=claimed.channel)
    if not await deliveries.mark_sent_alone(db, district, claimed, outcome.detail, event):
        log.info("attempt outcome stale", notification_id=str(claimed.notification_id))
    return True


async def record_attempt(tx: Tx, collaborators: Collaborators, claimed: Claimed, outcome: Outcome) -> None:
    """Apply what one send came to: sent, held for a retry, or failed over to the next channel."""
    if isinstance(outcome, Sent):
        sent = await deliveries.mark_sent(tx, claimed, outcome.detail)
        if sent is None:
            log.info("attempt outcome stale", notification_id=str(claimed.notification_id))
            return
        await tx.publish(NotificationSent(**_about(tx.district, sent), channel=claimed.channel))
        await _let_go(tx, sent)
        return
    locked = await deliveries.lock(tx, claimed.notification_id, claimed.channel)
    if locked is None or locked.status != "sending" or locked.attempts != claimed.attempts:
        # Cancelled (erasure) or taken over after the lease ran out: that one decides.
        log.info("attempt outcome stale", notification_id=str(claimed.notification_id))
        return
    note, channel, attempt = locked.notification, claimed.channel, claimed.attempts
    wait = None
    if isinstance(outcome, Transient):
        settings = collaborators.settings
        wait = retry_delay(
            attempt, settings.retry_delays_s, jitter=settings.retry_jitter, draw=collaborators.draw()
        )
    step = next_step(outcome, wait)
    if isinstance(step, Sent):
        await deliveries.update(tx, note.notification_id, channel, "sent")
        await deliveries.add_history(
            tx, note.notification_id, "sent", channel=channel, attempt=attempt, detail=step.detail
        )
        await finish_sent(tx, note, channel)
    elif isinstance(step, Retry):
        until = await _retry_time(tx, collaborators, channel, collaborators.clock() + step.after)
        await deliveries.update(tx, note.notification_id, channel, "held", until)
        await _hold(tx, note, channel, attempt, until, step.detail)
    else:
        await give_up(tx, collaborators, note, channel, step, attempt)


async def give_up(
    tx: Tx,
    collaborators: Collaborators,
    note: NotificationRow,
    channel: Channel,
    step: Permanent,
    attempt: int,
) -> None:
    """This channel failed for good: report it, and go on with the next channel of the plan."""
    await deliveries.update(tx, note.notification_id, channel, "failed")
    await deliveries.add_history(
        tx,
        note.notification_id,
        "failed",
        channel=channel,
        attempt=attempt,
        detail=f"{step.reason.value}: {step.detail}",
    )
    await publish_failed(tx, note, channel, step.reason)
    following = note.plan.index(channel) + 1
    if following == len(note.plan):
        # Only a staff plan (e-mail alone) ends without the inbox, which never fails.
        await notifications.finish(tx, note.notification_id, "failed", None)
        await _let_go(tx, note)
        return
    await start_channel(tx, collaborators, note, following)


async def finish_sent(tx: Tx, note: NotificationRow, channel: Channel) -> None:
    await notifications.finish(tx, note.notification_id, "sent", channel)
    await tx.publish(NotificationSent(**_about(tx.district, note), channel=channel))
    await _let_go(tx, note)


async def _let_go(tx: Tx, note: NotificationRow) -> None:
    """A requester's address is kept only while a message to them is open (staff only: the
    other kinds' entries follow their own events)."""
    if note.recipient_kind is RecipientKind.STAFF:
        await recipients.release_direct(tx, note.recipient_id)


async def publish_failed(
    tx: Tx, note: NotificationRow, channel: Channel | None, reason: FailureReason
) -> None:
    await tx.publish(NotificationFailed(**_about(tx.district, note), channel=channel, reason=reason))


def _about(district: str, note: NotificationRow) -> dict[str, Any]:
    """What NotificationSent and NotificationFailed say of the notification (ids, never content)."""
    return {
        "district": district,
        "correlation_id": note.correlation_id,
        "causation_id": note.cause_event_id,
        "notification_id": note.notification_id,
        "recipient_kind": note.recipient_kind,
        "recipient_id": note.recipient_id,
        "template": note.template,
        # Unknown only for a recipient who never appeared: German is every chain's end.
        "language": note.language or GERMAN,
    }


async def fail_without_channel(
    tx: Tx, note: NotificationRow, reason: FailureReason, detail: str, language: str | None
) -> None:
    """The notification cannot go anywhere (no consent to contact, recipient never appeared)."""
    await deliveries.add_history(tx, note.notification_id, "failed", detail=f"{reason.value}: {detail}")
    await notifications.finish(tx, note.notification_id, "failed", None, language)
    await publish_failed(tx, replace(note, language=language or note.language), None, reason)


async def _retry_time(tx: Tx, collaborators: Collaborators, channel: Channel, due: datetime) -> datetime:
    if channel is not Channel.SMS:
        return due
    quiet = (await district_settings.content(tx, collaborators.settings)).quiet
    return quiet.release_at(due) or due


async def _hold(
    tx: Tx, note: NotificationRow, channel: Channel, attempts: int, until: datetime, detail: str
) -> None:
    status = "held" if attempts == 0 else "retry"
    await deliveries.add_history(
        tx,
        note.notification_id,
        status,
        channel=channel,
        attempt=attempts or None,
        detail=detail,
        not_before=until,
    )
    due = DeliveryDue(
        district=tx.district,
        correlation_id=note.correlation_id,
        causation_id=note.cause_event_id,
        notification_id=note.notification_id,
        channel=channel,
        attempts=attempts,
    )
    await tx.publish(due, not_before=until)

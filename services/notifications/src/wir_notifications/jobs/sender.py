"""The sender: hands due deliveries to their channels, on every replica at once.

A message due at once is claimed, with its lease, by the consumer's transaction that composes
it, and handed to this process's sender once that has committed (`Handoff`). Any other delivery
is claimed in a short transaction (`FOR UPDATE SKIP LOCKED`, with a short lease that a heartbeat
renews while it is sent, `jobs/lease.py`) that also reads what to send. Either is sent with no
transaction open over a pooled connection, and its outcome recorded in another short one; so a
slow mail server holds no database connection and blocks no consumer. Right before the step that
cannot be taken back (SMTP DATA, the provider's POST) the hand-over is noted in a transaction of
its own. An outcome that cannot be recorded (the database connection cut) is tried again while
the claim holds, rather than left to a takeover that would send the message twice. The sender
wakes on a NOTIFY from the deliveries table, and sweeps every district now and then for what it
missed (a lease that ran out because a replica died mid-send).

A takeover of a delivery that was handed over without an outcome resends it (same Message-ID,
same SMS idempotency key): at-least-once, counted in `wir_notifications_possible_duplicates_total`
(README: "Crashes and duplicates").

It does not go district by district with `each_district`: it claims in whichever district a
NOTIFY names. A failed claim restarts its loop after `WORKER_POLL_S`; the other districts stay
to do, and the next sweep brings the failed one back.
"""

from __future__ import annotations

import asyncio
import contextlib

import asyncpg
import httpx
from prometheus_client import Counter

from wir_contracts.channels import Channel
from wir_contracts.districts import districts
from wir_contracts.notifications.v1 import FailureReason
from wir_kit import Job, Resources, get_logger, nap
from wir_notifications.adapters.email import Mail, SmtpSender
from wir_notifications.adapters.handover import HandOver, NotHandedOver, unnoted
from wir_notifications.adapters.sms import HttpSmsSender, Sms
from wir_notifications.commands import deliveries as delivering
from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.db import deliveries
from wir_notifications.db.deliveries import Claimed, Parcel
from wir_notifications.domain.languages import script
from wir_notifications.domain.outcomes import Outcome, Permanent, Sent, Transient
from wir_notifications.domain.recipients import unusable_because
from wir_notifications.jobs.lease import Lease

log = get_logger(__name__)

#: The service's own metric; labels are bounded and carry no personal data.
DELIVERY_ATTEMPTS = Counter(
    "wir_notifications_delivery_attempts_total",
    "Attempts to hand a message to a channel, by channel and outcome (sent, transient, permanent).",
    ("channel", "outcome"),
)
POSSIBLE_DUPLICATES = Counter(
    "wir_notifications_possible_duplicates_total",
    "Messages sent again although an earlier attempt may have delivered them: taken over after a "
    "hand-over without outcome (taken_over), or no readable answer after the hand-over (unknown_reply).",
    ("channel", "cause"),
)

#: A database out of reach for a moment: the outcome is recorded again, not given up.
_DATABASE_TROUBLE = (
    OSError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.AdminShutdownError,
    asyncpg.CannotConnectNowError,
)


def sender(collaborators: Collaborators) -> Job:
    """The sender as a background job of the service: it runs until the service stops."""

    async def run(resources: Resources) -> None:
        await Sender(resources, collaborators).run()

    return run


class Sender:
    def __init__(self, resources: Resources, collaborators: Collaborators) -> None:
        self.resources = resources
        self.collaborators = collaborators
        self.settings = collaborators.settings
        self.email = SmtpSender(collaborators.settings)
        self.sms: HttpSmsSender | None = None
        self._todo: set[str] = set()
        self._wake = asyncio.Event()
        self._inflight: set[asyncio.Task[None]] = set()
        self._last_sweep = float("-inf")  # the loop's clock starts near boot, not at 0

    async def run(self) -> None:
        """Until cancelled; in-flight sends get the grace period to record their outcome."""
        async with httpx.AsyncClient() as client:
            if self.settings.sms_url is not None:
                self.sms = HttpSmsSender(self.settings, client)
            self.collaborators.handoff.attach(self.take)
            try:
                while True:
                    try:
                        await self._serve()
                    except Exception as exc:  # noqa: BLE001 - the sender must outlive a lost connection
                        log.warning("sender restarts", error=type(exc).__name__)
                        await asyncio.sleep(self.settings.worker_poll_s)
            finally:
                self.collaborators.handoff.attach(None)
                await self._drain()
                await self.email.close()

    def take(self, district: str, claim: Claimed) -> None:
        """Send a delivery claimed in a consumer's transaction that has committed."""
        self._start(district, claim)

    async def _serve(self) -> None:
        service = self.resources.settings
        conn = await asyncpg.connect(
            service.app_database_url,
            server_settings={"application_name": f"wir-{service.service}-sender"},
        )
        try:
            await conn.add_listener(f"wir_due_{service.pg_schema}", self._on_notify)
            # An idle listening connection that is cut raises nothing by itself: wake and notice.
            conn.add_termination_listener(lambda _conn: self._wake.set())
            while not conn.is_closed():
                self._sweep_if_due()
                await self._pump()
                await self._sleep()
            raise ConnectionError("the listening connection was closed")
        finally:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2):
                    await conn.close()

    def _on_notify(self, _conn: object, _pid: int, _channel: str, district: object) -> None:
        if isinstance(district, str):
            self._todo.add(district)
        self._wake.set()

    def _sweep_if_due(self) -> None:
        now = asyncio.get_running_loop().time()
        if now - self._last_sweep >= self.settings.worker_poll_s:
            self._last_sweep = now
            self._todo.update(districts())

    async def _sleep(self) -> None:
        await nap(self._wake, self.settings.worker_poll_s)

    async def _pump(self) -> None:
        """Claim due deliveries district by district while there is room in flight."""
        known = districts()
        while self._todo and len(self._inflight) < self.settings.worker_concurrency:
            district = self._todo.pop()
            if district not in known:
                continue
            room = min(self.settings.worker_concurrency - len(self._inflight), self.settings.worker_batch)
            async with self.resources.db.transaction(district) as tx:
                claimed = await deliveries.claim_due(tx, room, self.settings.lease_s)
            if len(claimed) == room:
                # Perhaps more: claimed again when there is room (a finished send wakes the loop).
                self._todo.add(district)
            for claim in claimed:
                self._start(district, claim)

    def _start(self, district: str, claim: Claimed) -> None:
        task = asyncio.create_task(self._deliver(district, claim))
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)

    async def _deliver(self, district: str, claim: Claimed) -> None:
        try:
            if claim.after_hand_over:
                _possible_duplicate(claim, "taken_over")
            async with Lease(self.resources.db, district, claim, self.settings.lease_s) as lease:
                try:
                    outcome = await self._send(claim, claim.parcel, lease.hand_over)
                except NotHandedOver as exc:
                    # Nothing went out; the lease runs out and the delivery is claimed anew.
                    log.info("not handed over", notification_id=str(claim.notification_id), reason=str(exc))
                    return
                DELIVERY_ATTEMPTS.labels(claim.channel.value, _kind(outcome)).inc()
                if lease.handed_over and _unknown(outcome):
                    _possible_duplicate(claim, "unknown_reply")
                await self._record(district, claim, outcome, lease)
        except Exception as exc:  # noqa: BLE001 - the lease runs out and another attempt follows
            log.error(
                "delivery not recorded", notification_id=str(claim.notification_id), error=type(exc).__name__
            )
        finally:
            # Room in flight again, for a district left waiting for it.
            self._wake.set()

    async def _record(self, district: str, claim: Claimed, outcome: Outcome, lease: Lease) -> None:
        """Record the outcome, again and again while the database is out of reach and the claim
        holds (the heartbeat goes on): given up, a takeover would send the message once more.
        Recording twice is harmless: the second finds the delivery no longer sending."""
        pause, failing = 0.1, False
        while True:
            try:
                db = self.resources.db
                if not await delivering.record_sent_alone(db, district, claim, outcome):
                    async with db.transaction(district) as tx:
                        await delivering.record_attempt(tx, self.collaborators, claim, outcome)
            except _DATABASE_TROUBLE as exc:
                if lease.lost:
                    raise
                if not failing:
                    log.warning(
                        "outcome not recorded yet",
                        notification_id=str(claim.notification_id),
                        error=type(exc).__name__,
                    )
                failing = True
                await asyncio.sleep(pause)
                pause = min(pause * 2, self.settings.lease_s / 3)
                continue
            if failing:
                log.info("outcome recorded", notification_id=str(claim.notification_id))
            return

    async def _send(self, claim: Claimed, parcel: Parcel | None, hand_over: HandOver = unnoted) -> Outcome:
        if parcel is None or parcel.recipient is None or not parcel.reachable:
            return Permanent(FailureReason.NO_CHANNEL, "recipient_unreachable")
        who = parcel.recipient
        reason = unusable_because(who, claim.channel)
        if reason is not None:
            return Permanent(reason, "channel_unusable")
        if claim.channel is Channel.EMAIL and who.email is not None:
            mail = Mail(
                notification_id=parcel.notification_id,
                to_address=who.email,
                to_name=who.display_name,
                subject=parcel.subject,
                text=parcel.text,
                html=parcel.html,
                language_tag=script(parcel.language).tag,
            )
            return await self.email.send(mail, hand_over)
        if claim.channel is Channel.SMS and who.mobile is not None and self.sms is not None:
            return await self.sms.send(Sms(parcel.notification_id, who.mobile, parcel.sms), hand_over)
        return Permanent(FailureReason.NO_CHANNEL, "channel_unavailable")

    async def _drain(self) -> None:
        if not self._inflight:
            return
        _done, pending = await asyncio.wait(
            self._inflight, timeout=self.resources.settings.graceful_timeout_s
        )
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


def _possible_duplicate(claim: Claimed, cause: str) -> None:
    POSSIBLE_DUPLICATES.labels(claim.channel.value, cause).inc()
    # Ids only: which delivery, never to whom.
    log.warning(
        "possible duplicate",
        notification_id=str(claim.notification_id),
        channel=claim.channel.value,
        attempt=claim.attempts,
        cause=cause,
    )


def _unknown(outcome: Outcome) -> bool:
    """No readable verdict after the hand-over (timeout, connection gone, unreadable answer): the
    message may have arrived. A reply code (`smtp_451`, `http_503`) is a verdict."""
    if not isinstance(outcome, Transient):
        return False
    prefix, _, code = outcome.detail.rpartition("_")
    return not (prefix in ("smtp", "http") and code.isdigit())


def _kind(outcome: Outcome) -> str:
    if isinstance(outcome, Sent):
        return "sent"
    return "transient" if isinstance(outcome, Transient) else "permanent"

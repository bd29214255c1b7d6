"""A claim on one delivery, kept alive while its message is sent.

The lease is short (`LEASE_S`), so that a delivery a dead replica held is taken over soon; a
heartbeat renews it every third of it while the send runs, so that a slow but live send is never
taken over. Renewal, hand-over and outcome all name the claim's attempt number: once another
claimant took the delivery over, this one can neither renew, nor hand over, nor record.
"""

from __future__ import annotations

import asyncio
import contextlib
from types import TracebackType

from wir_kit import Db, get_logger
from wir_notifications.adapters.handover import NotHandedOver
from wir_notifications.db import deliveries
from wir_notifications.db.deliveries import Claimed

log = get_logger(__name__)


class Lease:
    """`async with Lease(...) as lease`: heartbeats until the block ends; `hand_over` for the
    channel adapters."""

    def __init__(self, db: Db, district: str, claim: Claimed, lease_s: float) -> None:
        self.db = db
        self.district = district
        self.claim = claim
        self.lease_s = lease_s
        #: The claim was taken over or cancelled meanwhile: nothing more may be done with it.
        self.lost = False
        self.handed_over = False
        self._beating: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Lease:
        self._beating = asyncio.create_task(self._beat())
        return self

    async def __aexit__(
        self, _type: type[BaseException] | None, _exc: BaseException | None, _tb: TracebackType | None
    ) -> None:
        if self._beating is not None:
            self._beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._beating

    async def hand_over(self) -> None:
        """Note the hand-over in its own short transaction, which also proves the claim holds.
        Once more after a lost connection (one cut while it sat in the pool, as after a database
        restart): noting it twice changes nothing."""
        if self.lost:
            raise NotHandedOver("lease lost")
        try:
            held = await deliveries.hand_over(self.db, self.district, self.claim, self.lease_s)
        except ConnectionError:  # the kit's DatabaseUnavailable
            held = await deliveries.hand_over(self.db, self.district, self.claim, self.lease_s)
        if not held:
            self.lost = True
            raise NotHandedOver("lease lost")
        self.handed_over = True

    async def _beat(self) -> None:
        # Every third of the lease: two renewals in a row may fail before another may take over.
        interval = self.lease_s / 3
        failing = False
        while not self.lost:
            await asyncio.sleep(interval)
            try:
                async with self.db.transaction(self.district) as tx:
                    self.lost = not await deliveries.renew(tx, self.claim, self.lease_s)
            except Exception as exc:  # noqa: BLE001 - a lost connection: the next beat tries again
                if not failing:
                    log.warning(
                        "lease not renewed",
                        notification_id=str(self.claim.notification_id),
                        error=type(exc).__name__,
                    )
                failing = True
                continue
            failing = False
        log.info("lease lost", notification_id=str(self.claim.notification_id))

"""The hand-over is noted once more after a lost connection, and not a third time."""

from __future__ import annotations

from typing import cast
from uuid import uuid4

import pytest

from wir_contracts.channels import Channel
from wir_kit import Db
from wir_notifications.db.deliveries import Claimed
from wir_notifications.jobs.lease import Lease


class LosingDb:
    """Loses the connection under the first `losses` statements, then notes them."""

    def __init__(self, losses: int) -> None:
        self.losses = losses
        self.sent: list[str] = []

    async def alone(self, district: str, template: str, /, **values: object) -> str:
        self.sent.append(template)
        if len(self.sent) <= self.losses:
            raise ConnectionError("the database connection was lost")
        return "UPDATE 1"


def lease_on(db: LosingDb) -> Lease:
    claim = Claimed(uuid4(), Channel.EMAIL, attempts=1)
    return Lease(cast("Db", db), "06431", claim, 60.0)


async def test_a_hand_over_whose_connection_was_lost_is_noted_once_more() -> None:
    db = LosingDb(losses=1)
    lease = lease_on(db)
    await lease.hand_over()
    assert lease.handed_over
    assert len(db.sent) == 2


async def test_a_hand_over_lost_twice_is_not_handed_over() -> None:
    db = LosingDb(losses=2)
    lease = lease_on(db)
    with pytest.raises(ConnectionError):
        await lease.hand_over()
    assert not lease.handed_over
    assert len(db.sent) == 2

"""A recipient's inbox: they mark their messages read."""

from __future__ import annotations

from uuid import UUID

from wir_kit import Tx
from wir_notifications.db import inbox
from wir_notifications.domain.errors import NoSuchMessage


async def mark_read(tx: Tx, notification_id: UUID, recipient_id: UUID, kinds: list[str]) -> None:
    """Mark one of the recipient's messages read; marking it again changes nothing."""
    if not await inbox.mark_read(tx, notification_id, recipient_id, kinds):
        raise NoSuchMessage(notification_id)

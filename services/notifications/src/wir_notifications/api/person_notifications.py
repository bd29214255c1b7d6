"""What was sent to a person and how each delivery went, for the staff of their district; no
message text."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from wir_contracts.notifications.v1 import RecipientKind
from wir_kit import Database, Staff
from wir_notifications.api.deps import Limit
from wir_notifications.api.errors import PERSON_NOT_FOUND
from wir_notifications.db import notifications as store
from wir_notifications.db import recipients
from wir_notifications.domain.errors import NoSuchPerson

router = APIRouter(tags=["notifications"])


class HistoryEntry(BaseModel):
    at: datetime
    channel: str | None
    status: str = Field(description="parked, unparked, queued, held, retry, sent, failed or cancelled.")
    attempt: int | None
    detail: str | None = Field(description="A code (e.g. smtp_451, quiet_hours), never a server's text.")
    not_before: datetime | None


class NotificationStatus(BaseModel):
    notification_id: UUID
    template: str
    language: str | None
    status: str = Field(description="parked, delivering, sent, failed or cancelled.")
    channel: str | None = Field(description="The channel that delivered it.")
    created_at: datetime
    updated_at: datetime
    history: list[HistoryEntry]


class PersonNotifications(BaseModel):
    items: list[NotificationStatus]


@router.get("/persons/{person_id}/notifications", responses=PERSON_NOT_FOUND)
async def person_notifications(
    person_id: UUID, db: Database, caller: Staff, limit: Limit = 50
) -> PersonNotifications:
    """What was sent to a person and how each delivery went; no message text."""
    async with db.transaction(caller.district) as tx:
        rows = await store.of_person(tx, person_id, limit)
        # Row-level security hides another district's people: they are unknown here too.
        if not rows and await recipients.get(tx, RecipientKind.PERSON, person_id) is None:
            raise NoSuchPerson(person_id)
    return PersonNotifications.model_validate({"items": rows})

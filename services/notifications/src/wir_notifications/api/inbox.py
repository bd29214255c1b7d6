"""The recipient's own inbox. It belongs to the token's subject (a person, volunteer or
interpreter id): nobody reads another's, and another's message answers 404 exactly like a
missing one."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field

from wir_kit import CurrentPrincipal, Database, Principal
from wir_notifications.api.deps import Limit
from wir_notifications.commands import inbox as commands
from wir_notifications.db import inbox as store
from wir_notifications.domain.errors import NoSuchMessage

router = APIRouter(tags=["notifications"])


class InboxMessage(BaseModel):
    notification_id: UUID
    template: str
    language: str | None
    subject: str
    text: str
    html: str
    created_at: datetime
    read_at: datetime | None


class InboxPage(BaseModel):
    items: list[InboxMessage]
    next_before: datetime | None = Field(description="Pass as `before` for the next page; null at the end.")


@router.get("/inbox")
async def inbox(
    db: Database, caller: CurrentPrincipal, limit: Limit = 50, before: datetime | None = None
) -> InboxPage:
    """The caller's own messages, newest first."""
    recipient_id = _subject(caller)
    if recipient_id is None:
        return InboxPage(items=[], next_before=None)
    async with db.transaction(caller.district) as tx:
        rows = await store.page(tx, recipient_id, limit, before)
    items = [InboxMessage.model_validate(dict(row)) for row in rows]
    next_before = items[-1].created_at if len(items) == limit else None
    return InboxPage(items=items, next_before=next_before)


@router.post("/inbox/{notification_id}/read", status_code=status.HTTP_204_NO_CONTENT)
async def mark_read(notification_id: UUID, db: Database, caller: CurrentPrincipal) -> Response:
    """Mark one of the caller's messages read; marking it again changes nothing."""
    recipient_id = _subject(caller)
    if recipient_id is None:
        raise NoSuchMessage(notification_id)
    async with db.transaction(caller.district) as tx:
        await commands.mark_read(tx, notification_id, recipient_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _subject(caller: Principal) -> UUID | None:
    """The recipient id of the token's subject; staff subjects are no recipients."""
    try:
        return UUID(caller.sub)
    except ValueError:
        return None

"""The recipient's own inbox. It belongs to the token's subject (a person, volunteer or
interpreter id) and needs the matching role (`person`, `volunteer`, `interpreter`): a staff
token is refused even when its subject happens to equal a person's id. Nobody reads another's,
and another's message answers 404 exactly like a missing one. A person without an account
reads theirs with the token `POST /inbox/session` issues for a one-time code (`api/deps.py`)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field

from wir_contracts.notifications.v1 import RecipientKind
from wir_kit import Database, Instant, Principal, Role
from wir_notifications.api.deps import RECIPIENT_ANSWERS, Limit, Recipient
from wir_notifications.api.errors import MESSAGE_NOT_FOUND
from wir_notifications.commands import inbox as commands
from wir_notifications.db import inbox as store
from wir_notifications.domain.errors import NoSuchMessage

router = APIRouter(tags=["notifications"])

#: Which recipients' messages a role reads: a volunteer's token never opens a person's inbox.
_KIND_OF_ROLE = {
    Role.PERSON: RecipientKind.PERSON,
    Role.VOLUNTEER: RecipientKind.VOLUNTEER,
    Role.INTERPRETER: RecipientKind.INTERPRETER,
}


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


@router.get("/inbox", responses=RECIPIENT_ANSWERS)
async def inbox(
    db: Database, caller: Recipient, limit: Limit = 50, before: Instant | None = None
) -> InboxPage:
    """The caller's own messages, newest first."""
    recipient_id = _subject(caller)
    if recipient_id is None:
        return InboxPage(items=[], next_before=None)
    async with db.transaction(caller.district) as tx:
        rows = await store.page(tx, recipient_id, _kinds(caller), limit, before)
    items = [InboxMessage.model_validate(dict(row)) for row in rows]
    next_before = items[-1].created_at if len(items) == limit else None
    return InboxPage(items=items, next_before=next_before)


@router.post(
    "/inbox/{notification_id}/read",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**RECIPIENT_ANSWERS, **MESSAGE_NOT_FOUND},
)
async def mark_read(notification_id: UUID, db: Database, caller: Recipient) -> Response:
    """Mark one of the caller's messages read; marking it again changes nothing."""
    recipient_id = _subject(caller)
    if recipient_id is None:
        raise NoSuchMessage(notification_id)
    async with db.transaction(caller.district) as tx:
        await commands.mark_read(tx, notification_id, recipient_id, _kinds(caller))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _kinds(caller: Principal) -> list[str]:
    return [kind.value for role, kind in _KIND_OF_ROLE.items() if role in caller.roles]


def _subject(caller: Principal) -> UUID | None:
    """The recipient id of the token's subject; staff subjects are no recipients."""
    try:
        return UUID(caller.sub)
    except ValueError:
        return None

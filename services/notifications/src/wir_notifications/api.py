"""HTTP: the recipient's own inbox, the delivery status staff may see, a district's settings.

The inbox belongs to the token's subject (a person, volunteer or interpreter id): nobody reads
another's, and another's message answers 404 exactly like a missing one.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from wir_contracts.contact import EmailAddress
from wir_contracts.districts import district
from wir_kit.auth import CurrentPrincipal, Principal, Role, require_roles
from wir_kit.runtime import Runtime
from wir_notifications.db import store
from wir_notifications.settings import NotificationSettings, TimeZoneName

Staff = Annotated[Principal, Depends(require_roles(Role.CASE_MANAGER, Role.COORDINATOR))]
Coordinator = Annotated[Principal, Depends(require_roles(Role.COORDINATOR))]

Text100 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 ()/-]{2,29}$")]
IntegreatUrl = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=300, pattern=r"^https://\S+$")
]


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


class ContactPoint(BaseModel):
    """One of the district's first points of contact, shown in the welcome."""

    model_config = ConfigDict(extra="forbid")

    name: Text100
    role: Text100 | None = None
    phone: Phone | None = None
    email: EmailAddress | None = None
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None


class DistrictSettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contacts: list[ContactPoint] = Field(default_factory=list, max_length=10)
    integreat_url: IntegreatUrl | None = Field(
        None, description="The district's Integreat page; `{language}` is replaced by the message's language."
    )
    quiet_hours_start: time = Field(description="Local time SMS stop for the night, e.g. 21:00.")
    quiet_hours_end: time = Field(description="Local time SMS may go out again, e.g. 08:00.")
    time_zone: TimeZoneName = Field("Europe/Berlin", description="IANA time zone of the district.")


class DistrictSettingsOut(DistrictSettingsIn):
    district: str
    district_name: str
    customised: bool = Field(description="False while the service's defaults apply.")


def routers(runtime: Runtime, settings: NotificationSettings) -> list[APIRouter]:
    router = APIRouter(tags=["notifications"])

    @router.get("/inbox")
    async def inbox(
        caller: CurrentPrincipal,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        before: datetime | None = None,
    ) -> InboxPage:
        """The caller's own messages, newest first."""
        recipient_id = _subject(caller)
        if recipient_id is None:
            return InboxPage(items=[], next_before=None)
        async with runtime.db.transaction(caller.district) as tx:
            rows = await store.inbox(tx, recipient_id, limit, before)
        items = [InboxMessage.model_validate(dict(row)) for row in rows]
        next_before = items[-1].created_at if len(items) == limit else None
        return InboxPage(items=items, next_before=next_before)

    @router.post("/inbox/{notification_id}/read", status_code=status.HTTP_204_NO_CONTENT)
    async def mark_read(notification_id: UUID, caller: CurrentPrincipal) -> Response:
        """Mark one of the caller's messages read; marking it again changes nothing."""
        recipient_id = _subject(caller)
        async with runtime.db.transaction(caller.district) as tx:
            found = recipient_id is not None and await store.mark_read(tx, notification_id, recipient_id)
        if not found:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such message")
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    @router.get("/persons/{person_id}/notifications")
    async def person_notifications(
        person_id: UUID, caller: Staff, limit: Annotated[int, Query(ge=1, le=200)] = 50
    ) -> PersonNotifications:
        """What was sent to a person and how each delivery went; no message text."""
        async with runtime.db.transaction(caller.district) as tx:
            rows = await store.person_notifications(tx, person_id, limit)
        return PersonNotifications.model_validate({"items": rows})

    @router.get("/district-settings")
    async def get_district_settings(caller: Staff) -> DistrictSettingsOut:
        """The welcome content and quiet hours of the caller's district."""
        async with runtime.db.transaction(caller.district) as tx:
            own = await store.district_settings(tx)
        return _settings_out(caller.district, own, settings)

    @router.put("/district-settings")
    async def put_district_settings(body: DistrictSettingsIn, caller: Coordinator) -> DistrictSettingsOut:
        """Replace the welcome content and quiet hours of the caller's district."""
        row = store.DistrictRow(
            contacts=[c.model_dump() for c in body.contacts],
            integreat_url=body.integreat_url,
            quiet_start=body.quiet_hours_start,
            quiet_end=body.quiet_hours_end,
            time_zone=body.time_zone,
        )
        async with runtime.db.transaction(caller.district) as tx:
            await store.put_district_settings(tx, row)
            own = await store.district_settings(tx)
        return _settings_out(caller.district, own, settings)

    return [router]


def _subject(caller: Principal) -> UUID | None:
    """The recipient id of the token's subject; staff subjects are no recipients."""
    try:
        return UUID(caller.sub)
    except ValueError:
        return None


def _settings_out(
    key: str, own: store.DistrictRow | None, settings: NotificationSettings
) -> DistrictSettingsOut:
    name = district(key).name
    if own is None:
        return DistrictSettingsOut(
            district=key,
            district_name=name,
            customised=False,
            contacts=[],
            integreat_url=None,
            quiet_hours_start=settings.quiet_hours_start,
            quiet_hours_end=settings.quiet_hours_end,
            time_zone=settings.time_zone,
        )
    return DistrictSettingsOut(
        district=key,
        district_name=name,
        customised=True,
        contacts=[ContactPoint(**contact) for contact in own.contacts],
        integreat_url=own.integreat_url,
        quiet_hours_start=own.quiet_start,
        quiet_hours_end=own.quiet_end,
        time_zone=own.time_zone,
    )

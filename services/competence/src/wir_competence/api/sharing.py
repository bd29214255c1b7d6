"""Staff routes of shares: create (with the person's consent), list, see accesses, revoke."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, status
from fastapi.exceptions import RequestValidationError
from pydantic import AfterValidator, AwareDatetime, BaseModel, Field
from pydantic_core import PydanticCustomError

from wir_competence import shares
from wir_competence.api.common import NOT_FOUND, Staff, answered
from wir_competence.db import store
from wir_competence.entries import Kind
from wir_competence.errors import ShareNotFound
from wir_competence.settings import CompetenceSettings
from wir_contracts.contact import EmailAddress
from wir_kit.runtime import Runtime


def _distinct(sections: list[Kind]) -> list[Kind]:
    if len(set(sections)) != len(sections):
        raise PydanticCustomError("duplicate_items", "a section is listed twice")
    return sections


def _in_future(moment: datetime) -> datetime:
    if moment <= datetime.now(UTC):
        raise PydanticCustomError("expiry_past", "the expiry lies in the past")
    return moment


class ShareIn(BaseModel):
    sections: Annotated[list[Kind], Field(min_length=1), AfterValidator(_distinct)]
    recipient_organisation: Annotated[str, Field(min_length=1, max_length=200)]
    recipient_email: EmailAddress
    expires_at: Annotated[AwareDatetime, AfterValidator(_in_future)]


class ShareCreated(BaseModel):
    share_id: UUID
    url: str
    expires_at: datetime
    sections: list[Kind]


class ShareOut(BaseModel):
    share_id: UUID
    sections: list[Kind]
    recipient_organisation: str
    expires_at: datetime
    created_by: str
    created_at: datetime
    revoked_at: datetime | None
    revoked_because: str | None
    opened: int


class AccessOut(BaseModel):
    action: str
    at: datetime


def _too_late(settings: CompetenceSettings) -> RequestValidationError:
    return RequestValidationError(
        [
            {
                "loc": ("body", "expires_at"),
                "msg": f"a share is valid for at most {settings.share_max_days} days",
                "type": "expiry_too_late",
            }
        ]
    )


def router(runtime: Runtime, settings: CompetenceSettings) -> APIRouter:
    api = APIRouter(prefix="/records/{person_id}/shares", tags=["shares"], responses=NOT_FOUND)

    @api.post(
        "",
        status_code=status.HTTP_201_CREATED,
        responses={409: {"description": "The person has not consented to sharing with employers."}},
    )
    async def create_share(person_id: UUID, share: ShareIn, caller: Staff) -> ShareCreated:
        """A link for an employer to the chosen sections until `expires_at`; needs the person's consent.

        The link is in this answer only: the service keeps nothing that opens it again.
        """
        if share.expires_at > datetime.now(UTC) + timedelta(days=settings.share_max_days):
            raise _too_late(settings)
        request = shares.ShareRequest(
            sections=tuple(share.sections),
            recipient_organisation=share.recipient_organisation,
            recipient_email=share.recipient_email,
            expires_at=share.expires_at,
        )
        with answered():
            async with runtime.db.transaction(caller.district) as tx:
                created = await shares.create(tx, person_id, request, caller.sub)
        return ShareCreated(
            share_id=created.share_id,
            url=settings.link(f"/shares/{created.token}"),
            expires_at=share.expires_at,
            sections=share.sections,
        )

    @api.get("")
    async def list_shares(person_id: UUID, caller: Staff) -> list[ShareOut]:
        with answered():
            async with runtime.db.transaction(caller.district) as tx:
                await store.head(tx, person_id)  # RecordNotFound unless it is the caller's district's
                rows = await store.shares_of_person(tx, person_id)
                await store.log_access(tx, person_id, "shares_listed", actor=caller.sub)
        return [ShareOut(**dict(row)) for row in rows]

    @api.get("/{share_id}/accesses")
    async def list_accesses(person_id: UUID, share_id: UUID, caller: Staff) -> list[AccessOut]:
        """Every opening of the link, refused ones included."""
        with answered():
            async with runtime.db.transaction(caller.district) as tx:
                if not await store.share_exists(tx, person_id, share_id):
                    raise ShareNotFound()
                rows = await store.share_accesses(tx, person_id, share_id)
                # Without the share's id: the openings listed here stay the employer's alone.
                await store.log_access(tx, person_id, "share_accesses_read", actor=caller.sub)
        return [AccessOut(**dict(row)) for row in rows]

    @api.delete("/{share_id}", status_code=status.HTTP_204_NO_CONTENT)
    async def revoke_share(person_id: UUID, share_id: UUID, caller: Staff) -> None:
        """The link stops working at once."""
        with answered():
            async with runtime.db.transaction(caller.district) as tx:
                await shares.revoke(tx, person_id, share_id)

    return api

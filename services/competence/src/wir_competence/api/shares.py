"""Staff routes of shares: create (with the person's consent), list, see accesses, revoke."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, status
from pydantic import AfterValidator, AwareDatetime, BaseModel, Field
from pydantic_core import PydanticCustomError

from wir_competence.api.deps import Config
from wir_competence.api.errors import RECORD_NOT_FOUND
from wir_competence.commands import shares
from wir_competence.domain.entries import Kind
from wir_contracts.contact import EmailAddress
from wir_kit import Database, Staff, invalid

router = APIRouter(prefix="/records/{person_id}/shares", tags=["shares"], responses=RECORD_NOT_FOUND)


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


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "The person has not consented to sharing with employers."}},
)
async def create_share(
    person_id: UUID, share: ShareIn, db: Database, caller: Staff, settings: Config
) -> ShareCreated:
    """A link for an employer to the chosen sections until `expires_at`; needs the person's consent.

    The link is in this answer only: the service keeps nothing that opens it again.
    """
    if share.expires_at > datetime.now(UTC) + timedelta(days=settings.share_max_days):
        message = f"a share is valid for at most {settings.share_max_days} days"
        raise invalid(("body", "expires_at"), "expiry_too_late", message)
    request = shares.ShareRequest(
        sections=tuple(share.sections),
        recipient_organisation=share.recipient_organisation,
        recipient_email=share.recipient_email,
        expires_at=share.expires_at,
    )
    async with db.transaction(caller.district) as tx:
        created = await shares.create(tx, person_id, request, caller.sub, settings.link)
    return ShareCreated(
        share_id=created.share_id,
        url=settings.link(f"/shares/{created.token}"),
        expires_at=share.expires_at,
        sections=share.sections,
    )


@router.get("")
async def list_shares(person_id: UUID, db: Database, caller: Staff) -> list[ShareOut]:
    async with db.transaction(caller.district) as tx:
        rows = await shares.list_shares(tx, person_id, caller.sub)
    return [ShareOut(**dict(row)) for row in rows]


@router.get("/{share_id}/accesses")
async def list_accesses(person_id: UUID, share_id: UUID, db: Database, caller: Staff) -> list[AccessOut]:
    """Every opening of the link, refused ones included."""
    async with db.transaction(caller.district) as tx:
        rows = await shares.accesses(tx, person_id, share_id, caller.sub)
    return [AccessOut(**dict(row)) for row in rows]


@router.delete("/{share_id}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_share(person_id: UUID, share_id: UUID, db: Database, caller: Staff) -> None:
    """The link stops working at once."""
    async with db.transaction(caller.district) as tx:
        await shares.revoke(tx, person_id, share_id)

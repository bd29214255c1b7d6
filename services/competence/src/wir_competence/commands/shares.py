"""Sharing a record with an employer: creating, listing, revoking and opening shares."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

import asyncpg

from wir_competence.db import access_log, entries, holders, records, shares
from wir_competence.domain import share_links
from wir_competence.domain.entries import Kind
from wir_competence.domain.errors import ConsentMissing, LinkExpired, LinkUnusable, ShareNotFound
from wir_competence.domain.holder import Holder
from wir_competence.domain.record import Record
from wir_contracts.competence.v1 import CompetenceRecordShared
from wir_contracts.consent import ConsentPurpose
from wir_kit import Db, Tx


@dataclass(frozen=True, slots=True)
class ShareRequest:
    sections: tuple[Kind, ...]
    recipient_organisation: str
    recipient_email: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class CreatedShare:
    share_id: UUID
    token: share_links.Token
    created_at: datetime


async def create(
    tx: Tx, person_id: UUID, request: ShareRequest, actor: str, link: Callable[[str], str]
) -> CreatedShare:
    """A new share, if the person consented to sharing with employers; announced to notifications."""
    head = await records.head(tx, person_id, for_update=True)
    if ConsentPurpose.SHARE_WITH_EMPLOYERS not in head.consents:
        raise ConsentMissing(ConsentPurpose.SHARE_WITH_EMPLOYERS)
    token = share_links.new_token(tx.district)
    share = shares.NewShare(
        share_id=uuid4(),
        person_id=person_id,
        token_hash=token.digest,
        sections=tuple(request.sections),
        recipient_organisation=request.recipient_organisation,
        recipient_email=request.recipient_email,
        expires_at=request.expires_at,
        created_by=actor,
    )
    created_at = await shares.insert_share(tx, share)
    await tx.publish(
        CompetenceRecordShared(
            district=tx.district,
            person_id=person_id,
            share_id=share.share_id,
            recipient_organisation=request.recipient_organisation,
            recipient_email=request.recipient_email,
            expires_at=request.expires_at,
            share_url=link(f"/shares/{token}"),
        )
    )
    return CreatedShare(share.share_id, token, created_at)


async def list_shares(tx: Tx, person_id: UUID, actor: str) -> list[asyncpg.Record]:
    """The record's shares, newest first, with how often each was opened; the read is logged."""
    await records.head(tx, person_id)  # RecordNotFound unless it is the transaction's district's
    rows = await shares.shares_of_person(tx, person_id)
    await access_log.log_access(tx, person_id, "shares_listed", actor=actor)
    return rows


async def accesses(tx: Tx, person_id: UUID, share_id: UUID, actor: str) -> list[asyncpg.Record]:
    """Every opening of the share's link, refused ones included; the read is logged."""
    if not await shares.share_exists(tx, person_id, share_id):
        raise ShareNotFound()
    rows = await shares.share_accesses(tx, person_id, share_id)
    # Without the share's id: the openings listed here stay the employer's alone.
    await access_log.log_access(tx, person_id, "share_accesses_read", actor=actor)
    return rows


async def revoke(tx: Tx, person_id: UUID, share_id: UUID) -> None:
    """Revoking twice is not an error: the share stays revoked."""
    if not await shares.revoke_share(tx, person_id, share_id) and not await shares.share_exists(
        tx, person_id, share_id
    ):
        raise ShareNotFound()


@dataclass(frozen=True, slots=True)
class OpenedShare:
    district: str
    share_id: UUID
    record: Record
    #: None while intake has not identified the person.
    holder: Holder | None
    sections: list[Kind]
    now: datetime
    expires_at: datetime


async def open_share(db: Db, token_text: str, action: str) -> OpenedShare:
    """The shared part of the record, for a link that opens it now.

    Every attempt on an existing share is logged, refused ones included. Only expiry is told
    apart (LinkExpired): a revoked link or a withdrawn consent is as unusable as an unknown link
    (LinkUnusable), so the holder learns nothing about the person's decision. Both are raised
    after the commit, so the refusal stays logged.
    """
    token = share_links.parse_token(token_text)
    if token is None:
        raise LinkUnusable()
    opened = await _open(db, token, action)
    if opened is share_links.Verdict.EXPIRED:
        raise LinkExpired()
    if not isinstance(opened, OpenedShare):
        raise LinkUnusable()
    return opened


async def _open(db: Db, token: share_links.Token, action: str) -> OpenedShare | share_links.Verdict | None:
    async with db.transaction(token.district) as tx:
        row = await shares.share_by_token(tx, token.digest)
        if row is None:
            return None
        verdict = share_links.verdict(
            now=row["now"],
            expires_at=row["expires_at"],
            revoked=row["revoked_at"] is not None,
            consents=row["consents"],
        )
        logged = action if verdict is share_links.Verdict.OPEN else verdict.value
        await access_log.log_access(tx, row["person_id"], logged, share_id=row["share_id"])
        if verdict is not share_links.Verdict.OPEN:
            return verdict
        head = await records.head(tx, row["person_id"])  # exists: the share's row was joined to it
        sections = _sections(row["sections"])
        record = (await entries.record_as_of(tx, head, row["now"])).only(sections)
        # Named: an open share has the person's consent to employer shares (the verdict).
        holder = await holders.holder(tx, row["person_id"])
        return OpenedShare(
            tx.district, row["share_id"], record, holder, sections, row["now"], row["expires_at"]
        )


def _sections(names: Sequence[str]) -> list[Kind]:
    return [Kind(name) for name in names]

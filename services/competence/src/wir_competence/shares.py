"""Sharing a record with an employer: creating, listing, revoking and opening shares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from wir_competence import sharing
from wir_competence.db import store
from wir_competence.entries import Kind
from wir_competence.errors import ConsentMissing, ShareNotFound
from wir_competence.record import Record
from wir_contracts.competence.v1 import CompetenceRecordShared
from wir_contracts.consent import ConsentPurpose
from wir_kit.db import Db, Tx


@dataclass(frozen=True, slots=True)
class ShareRequest:
    sections: tuple[Kind, ...]
    recipient_organisation: str
    recipient_email: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class CreatedShare:
    share_id: UUID
    token: sharing.Token
    created_at: datetime


async def create(tx: Tx, person_id: UUID, request: ShareRequest, actor: str) -> CreatedShare:
    """A new share, if the person consented to sharing with employers; announced to notifications."""
    head = await store.head(tx, person_id, for_update=True)
    if ConsentPurpose.SHARE_WITH_EMPLOYERS not in head.consents:
        raise ConsentMissing(ConsentPurpose.SHARE_WITH_EMPLOYERS)
    token = sharing.new_token(tx.district)
    share = store.NewShare(
        share_id=uuid4(),
        person_id=person_id,
        token_hash=token.digest,
        sections=tuple(request.sections),
        recipient_organisation=request.recipient_organisation,
        recipient_email=request.recipient_email,
        expires_at=request.expires_at,
        created_by=actor,
    )
    created_at = await store.insert_share(tx, share)
    await tx.publish(
        CompetenceRecordShared(
            district=tx.district,
            person_id=person_id,
            share_id=share.share_id,
            recipient_organisation=request.recipient_organisation,
            recipient_email=request.recipient_email,
            expires_at=request.expires_at,
        )
    )
    return CreatedShare(share.share_id, token, created_at)


async def revoke(tx: Tx, person_id: UUID, share_id: UUID) -> None:
    """Revoking twice is not an error: the share stays revoked."""
    if not await store.revoke_share(tx, person_id, share_id) and not await store.share_exists(
        tx, person_id, share_id
    ):
        raise ShareNotFound()


@dataclass(frozen=True, slots=True)
class OpenedShare:
    district: str
    share_id: UUID
    record: Record
    sections: list[Kind]
    now: datetime
    expires_at: datetime


class LinkExpired(Exception):
    """A genuine link past its expiry, a date its holder was shown with the record."""


async def open_share(db: Db, token_text: str, action: str) -> OpenedShare | None:
    """The shared part of the record, or None for a token that does not open anything.

    Every attempt on an existing share is logged, refused ones included. Only expiry is told
    apart (LinkExpired): a revoked link or a withdrawn consent looks like an unknown link, so the
    holder learns nothing about the person's decision.
    """
    token = sharing.parse_token(token_text)
    if token is None:
        return None
    opened = await _open(db, token, action)
    if opened is sharing.Verdict.EXPIRED:
        raise LinkExpired  # after the commit: the refusal stays logged
    return opened if isinstance(opened, OpenedShare) else None


async def _open(db: Db, token: sharing.Token, action: str) -> OpenedShare | sharing.Verdict | None:
    async with db.transaction(token.district) as tx:
        row = await store.share_by_token(tx, token.digest)
        if row is None:
            return None
        verdict = sharing.verdict(
            now=row["now"],
            expires_at=row["expires_at"],
            revoked=row["revoked_at"] is not None,
            consents=row["consents"],
        )
        logged = action if verdict is sharing.Verdict.OPEN else verdict.value
        await store.log_access(tx, row["person_id"], logged, share_id=row["share_id"])
        if verdict is not sharing.Verdict.OPEN:
            return verdict
        head = await store.head(tx, row["person_id"])  # exists: the share's row was joined to it
        sections = _sections(row["sections"])
        record = (await store.record_as_of(tx, head, row["now"])).only(sections)
        return OpenedShare(tx.district, row["share_id"], record, sections, row["now"], row["expires_at"])


def _sections(names: Sequence[str]) -> list[Kind]:
    return [Kind(name) for name in names]

"""Printed Kompetenznachweise: issuing one to staff (with a verification code), composing what an
employer's link prints, and checking a printed code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from wir_competence.db import access_log, documents, entries, holders, records
from wir_competence.domain import verification
from wir_competence.domain.document import Document, Issue, compose
from wir_competence.domain.entries import Kind
from wir_competence.domain.errors import CodeUnknown
from wir_competence.domain.holder import Holder
from wir_competence.domain.labels import Labels, labels, locale_of
from wir_competence.domain.record import Record
from wir_competence.settings import CompetenceSettings
from wir_contracts.districts import district
from wir_kit import Db, Tx


def reader_labels(language: str | None) -> Labels:
    """The labels of the right column: the person's language, English where that is German."""
    locale = locale_of(language)
    return labels("en" if locale == "de" else locale)


@dataclass(frozen=True, slots=True)
class StaffDraft:
    """A document to lay out, and what its issue records once it is made."""

    document: Document
    person_id: UUID
    code: str
    record_version: int
    language: str
    issued_at: datetime
    holder_initials: str | None


async def staff_draft(
    tx: Tx, person_id: UUID, language: str | None, settings: CompetenceSettings
) -> StaffDraft:
    """The whole record now, in German and `language` (default: the person's preferred one),
    under a new code that exists nowhere until `record_issue` writes it."""
    head = await records.head(tx, person_id)
    issued_at = await records.now(tx)
    record = await entries.record_as_of(tx, head, issued_at)
    reader = reader_labels(language or head.preferred_language)
    code = verification.new_code(tx.district)
    issue = Issue(
        district_name=district(tx.district).name,
        issued_on=issued_at.date(),
        verification_code=code,
        verification_url=settings.link(f"/verify/{code}"),
    )
    holder = await holders.holder(tx, person_id)
    document = compose(record, issue, labels("de"), reader, holder=holder)
    initials = None if holder is None else holder.initials()
    return StaffDraft(document, person_id, code, record.version, reader.locale, issued_at, initials)


async def record_issue(tx: Tx, draft: StaffDraft, actor: str) -> None:
    """The made document's code verifies from now on; RecordNotFound if the record was erased
    while it was laid out (the paper is then never handed out)."""
    await documents.insert_document(
        tx,
        documents.NewDocument(
            draft.code,
            draft.person_id,
            draft.record_version,
            draft.language,
            draft.issued_at,
            draft.holder_initials,
        ),
    )
    await access_log.log_access(tx, draft.person_id, "document_issued", actor=actor)


def shared_document(
    record: Record,
    holder: Holder | None,
    sections: list[Kind],
    district_code: str,
    now: datetime,
    expires_at: datetime,
) -> Document:
    """What an employer's link prints: the holder (the share opens only while the person consents
    to it), the chosen sections, no person reference, no code."""
    issue = Issue(
        district_name=district(district_code).name, issued_on=now.date(), shared_until=expires_at.date()
    )
    return compose(
        record.only(sections),
        issue,
        labels("de"),
        reader_labels(record.preferred_language),
        holder=holder,
        sections=sections,
        reference=False,
    )


@dataclass(frozen=True, slots=True)
class Printed:
    """What a printed code tells anyone: of the person only the initials printed, if any were."""

    district: str
    record_version: int
    issued_on: date
    superseded: bool
    holder_initials: str | None


async def verify(db: Db, code: str) -> Printed:
    """Which district printed `code`, showing which version, when; CodeUnknown if none did."""
    parsed = verification.parse_code(code)
    if parsed is None:
        raise CodeUnknown()
    district_code, normalised = parsed
    async with db.transaction(district_code) as tx:
        row = await documents.document(tx, normalised)
    if row is None:
        raise CodeUnknown()
    return Printed(
        district=district_code,
        record_version=row["record_version"],
        issued_on=row["issued_at"].date(),
        superseded=row["current_version"] != row["record_version"],
        holder_initials=row["holder_initials"],
    )

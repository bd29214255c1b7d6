"""Printed Kompetenznachweise: issuing one to staff (with a verification code), composing what an
employer's link prints, and checking a printed code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from wir_competence.db import access_log, documents, entries, records
from wir_competence.domain import verification
from wir_competence.domain.document import Document, Issue, compose
from wir_competence.domain.entries import Kind
from wir_competence.domain.errors import CodeUnknown
from wir_competence.domain.labels import Labels, labels, locale_of
from wir_competence.domain.record import Record
from wir_competence.settings import CompetenceSettings
from wir_contracts.districts import district
from wir_kit import Db, Tx


def reader_labels(language: str | None) -> Labels:
    """The labels of the right column: the person's language, English where that is German."""
    locale = locale_of(language)
    return labels("en" if locale == "de" else locale)


async def staff_document(
    tx: Tx, person_id: UUID, language: str | None, settings: CompetenceSettings, actor: str
) -> Document:
    """The whole record now, in German and `language` (default: the person's preferred one)."""
    head = await records.head(tx, person_id)
    record = await entries.record_as_of(tx, head, await records.now(tx))
    chosen = language or head.preferred_language
    code = verification.new_code(tx.district)
    issued_at = await documents.insert_document(
        tx, code, person_id, record.version, reader_labels(chosen).locale
    )
    await access_log.log_access(tx, person_id, "document_issued", actor=actor)
    issue = Issue(
        district_name=district(tx.district).name,
        issued_on=issued_at.date(),
        verification_code=code,
        verification_url=settings.link(f"/verify/{code}"),
    )
    return compose(record, issue, labels("de"), reader_labels(chosen))


def shared_document(
    record: Record, sections: list[Kind], district_code: str, now: datetime, expires_at: datetime
) -> Document:
    """What an employer's link prints: the chosen sections, no person reference, no code."""
    issue = Issue(
        district_name=district(district_code).name, issued_on=now.date(), shared_until=expires_at.date()
    )
    return compose(
        record.only(sections),
        issue,
        labels("de"),
        reader_labels(record.preferred_language),
        sections=sections,
        reference=False,
    )


@dataclass(frozen=True, slots=True)
class Printed:
    """What a printed code tells anyone: nothing about the person."""

    district: str
    record_version: int
    issued_on: date
    language: str
    superseded: bool


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
        language=row["language"],
        superseded=row["current_version"] != row["record_version"],
    )

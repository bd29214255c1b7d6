"""Issuing a printed Kompetenznachweis: which record, in which languages, with which code."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from wir_competence import verification
from wir_competence.db import store
from wir_competence.document import Document, Issue, compose
from wir_competence.entries import Kind
from wir_competence.labels import Labels, labels, locale_of
from wir_competence.record import Record
from wir_competence.settings import CompetenceSettings
from wir_contracts.districts import district
from wir_kit.db import Tx


def reader_labels(language: str | None) -> Labels:
    """The labels of the right column: the person's language, English where that is German."""
    locale = locale_of(language)
    return labels("en" if locale == "de" else locale)


async def staff_document(
    tx: Tx, person_id: UUID, language: str | None, settings: CompetenceSettings, actor: str
) -> Document:
    """The whole record now, in German and `language` (default: the person's preferred one)."""
    head = await store.head(tx, person_id)
    record = await store.record_as_of(tx, head, await store.now(tx))
    chosen = language or head.preferred_language
    code = verification.new_code(tx.district)
    issued_at = await store.insert_document(tx, code, person_id, record.version, reader_labels(chosen).locale)
    await store.log_access(tx, person_id, "document_issued", actor=actor)
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

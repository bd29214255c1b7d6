"""A person's Kompetenznachweis as read at one moment: its version and its entries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from wir_competence.domain.entries import Entry, Kind


@dataclass(frozen=True, slots=True)
class StoredEntry:
    entry_id: UUID
    entry: Entry
    entered_by: str
    entered_at: datetime
    changed_by: str
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class Record:
    person_id: UUID
    version: int
    preferred_language: str | None
    entries: tuple[StoredEntry, ...]

    def of_kind(self, kind: Kind) -> list[StoredEntry]:
        return [stored for stored in self.entries if stored.entry.kind == kind]

    def only(self, sections: Iterable[Kind]) -> Record:
        """The same record showing only the entries of `sections` (what a share shows)."""
        wanted = set(sections)
        kept = tuple(stored for stored in self.entries if stored.entry.kind in wanted)
        return Record(self.person_id, self.version, self.preferred_language, kept)

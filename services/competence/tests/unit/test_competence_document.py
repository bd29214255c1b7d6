"""What the printed record says, column by column, before any PDF is laid out."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from wir_competence.demo import sample_entries
from wir_competence.domain.document import Document, Issue, compose
from wir_competence.domain.entries import ENTRY, Kind
from wir_competence.domain.labels import labels
from wir_competence.domain.record import Record, StoredEntry

FSI, PDI = "\u2068", "\u2069"


def arabic_document(*kinds: Kind, **changes: str) -> Document:
    now, samples = datetime.now(UTC), sample_entries()
    entries = tuple(
        StoredEntry(uuid4(), ENTRY.validate_python(samples[kind] | changes), "cm-1", now, "cm-1", now)
        for kind in kinds
    )
    issue = Issue(district_name="Kreis Bergstraße", issued_on=date(2026, 11, 2))
    return compose(Record(uuid4(), len(entries), "arb", entries), issue, labels("de"), labels("ar"))


def right_column(document: Document) -> list[str]:
    return [pair.right for section in document.sections for entry in section.entries for pair in entry]


def test_a_field_of_study_keeps_its_own_direction_in_a_right_to_left_column() -> None:
    document = arabic_document(Kind.TRAINING, field="Kfz-Mechatronik (IHK)")

    [heading, *_] = right_column(document)
    assert heading.endswith(f": {FSI}Kfz-Mechatronik (IHK){PDI}")


def test_a_provider_keeps_its_own_direction_in_a_right_to_left_column() -> None:
    document = arabic_document(Kind.COURSE, provider="VHS Bergstraße (Heppenheim)")

    assert any(line.endswith(f"{FSI}VHS Bergstraße (Heppenheim){PDI}") for line in right_column(document))

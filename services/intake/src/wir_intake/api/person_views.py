"""What the API shows of a person: the whole record, or a line of a list."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from wir_intake.db.persons import PersonSummary, StoredPerson
from wir_intake.domain.person import PersonData


class PersonOut(PersonData):
    """A person's record."""

    id: UUID = Field(description="The person's pseudonymous id, the same in every service.")
    version: int = Field(description="Increases with every change of the person.")
    household_id: UUID | None = Field(description="The household the person belongs to, if any.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, person: StoredPerson) -> PersonOut:
        return cls.model_construct(
            **dict(person.data),
            id=person.id,
            version=person.version,
            household_id=person.household_id,
            created_at=person.created_at,
            updated_at=person.updated_at,
        )


class PersonLine(PersonSummary):
    """A person in a list: enough to recognise them."""

    @classmethod
    def of(cls, line: PersonSummary) -> PersonLine:
        return cls.model_construct(**dict(line))


RECORD_FIELDS = tuple(PersonOut.model_fields)
LINE_FIELDS = tuple(name for name in PersonLine.model_fields if name != "score")

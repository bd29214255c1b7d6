"""A person as intake describes them, only as far as a request for interpreting needs them."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from wir_contracts.consent import ConsentPurpose


@dataclass(frozen=True, slots=True)
class Person:
    person_id: UUID
    #: ISO 639-3, in intake's order.
    languages: tuple[str, ...]
    #: The language of the person's open interpreting need, when intake's need names one.
    interpreting_language: str | None
    municipality: str | None
    consents: tuple[str, ...]

    @property
    def language(self) -> str | None:
        """The language to interpret: the open need's, else the first the person speaks."""
        return self.interpreting_language or next(iter(self.languages), None)

    @property
    def shares_with_interpreters(self) -> bool:
        return ConsentPurpose.SHARE_WITH_INTERPRETERS in self.consents

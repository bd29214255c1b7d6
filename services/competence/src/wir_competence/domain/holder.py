"""The holder a Kompetenznachweis names, as intake identified them: the name in Latin script and in
the person's own script, and the date of birth as far as it is known."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class BirthDate:
    """The year, the year and month, or the whole date: a date of birth is often known in part."""

    year: int
    month: int | None = None
    day: int | None = None

    def shown(self, locale: str) -> str:
        """ "12.03.1994", "03.1994" or "1994" in German; ISO 8601's order ("1994-03-12") elsewhere,
        as the document prints its other dates."""
        known = [self.year, self.month, self.day]
        parts = [f"{part:02d}" if index else f"{part:04d}" for index, part in enumerate(known) if part]
        return ".".join(reversed(parts)) if locale == "de" else "-".join(parts)


@dataclass(frozen=True, slots=True)
class Holder:
    # Kept out of repr: a traceback or a log line that shows a Holder shows no name.
    name_original: str = field(repr=False)
    name_latin: str | None = field(repr=False)
    born: BirthDate | None = field(repr=False)

    def has_two_names(self) -> bool:
        """Whether the Latin name is another than the original, compared composed (NFC): a name
        typed with combining marks (as some keyboards do) is the same name as its composed form."""
        latin, original = (
            unicodedata.normalize("NFC", name or "") for name in (self.name_latin, self.name_original)
        )
        return bool(latin) and latin != original

    def initials(self) -> str:
        """ "A. R." for Amina Rahimi: from the Latin name where there is one, else from the original.
        All a printed code's check tells about the person."""
        name = unicodedata.normalize("NFC", self.name_latin or self.name_original)
        letters = (next((ch for ch in word if ch.isalpha()), None) for word in name.split())
        return " ".join(f"{letter.upper()}." for letter in letters if letter)

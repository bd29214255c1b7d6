"""An interpreter's profile as they or a coordinator set it: languages with the variety where it
matters, German level, modes, where they go, when they are free. Validated values only; where a
municipality lies and which districts exist are judged here too, from the contracts' data."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from wir_contracts.cefr import CefrLevel
from wir_contracts.contact import Contact
from wir_contracts.interpreting.v1 import InterpretingMode
from wir_contracts.languages import LanguageCode
from wir_contracts.municipalities import MunicipalityKey
from wir_contracts.places import centres
from wir_interpreting.domain.model import Absence, WeeklySlot

_STRICT = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

#: A local time of day to the minute, "HH:MM" (a JSON Schema `time` would demand an offset).
Minute = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
#: A variety label as people name it (Kurmanji, Sorani, Levantine); compared case-insensitively.
Variety = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


def _known_municipality(key: str) -> str:
    # Travel is measured between municipality centres; a key without one could never be reached.
    if key not in centres():
        raise PydanticCustomError("municipality", "not a known Hessian municipality")
    return key


#: A municipality key with a known centre, so travel to and from it can be measured.
Municipality = Annotated[MunicipalityKey, AfterValidator(_known_municipality)]


class InterpreterLanguage(BaseModel):
    """A language the interpreter interprets into and from German."""

    model_config = _STRICT
    language: LanguageCode = Field(description="ISO 639-3 code.")
    variety: Variety | None = Field(
        default=None, description="Dialect or variety where it matters, e.g. Kurmanji, Sorani, Levantine."
    )


class WeeklyWindow(BaseModel):
    """A weekly window the interpreter is free, Europe/Berlin local time, to the minute."""

    model_config = _STRICT
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday.")
    start: Minute = Field(description="First minute, HH:MM, local time.")
    end: Minute = Field(description="End, HH:MM, local time, after start.")

    @model_validator(mode="after")
    def _start_before_end(self) -> Self:
        if self.start >= self.end:  # zero-padded HH:MM sorts as the times do
            raise PydanticCustomError("time_range", "start must be before end")
        return self

    def slot(self) -> WeeklySlot:
        return WeeklySlot(self.weekday, time.fromisoformat(self.start), time.fromisoformat(self.end))


class AbsenceWindow(BaseModel):
    """Days the interpreter is away; both days included."""

    model_config = _STRICT
    first_day: date
    last_day: date

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.first_day > self.last_day:
            raise PydanticCustomError("date_range", "first_day must not be after last_day")
        return self

    def absence(self) -> Absence:
        return Absence(self.first_day, self.last_day)


class Availability(BaseModel):
    """When the interpreter is usually free, and when not."""

    model_config = _STRICT
    weekly: tuple[WeeklyWindow, ...] = Field(default=(), max_length=50)
    absences: tuple[AbsenceWindow, ...] = Field(default=(), max_length=100)


class InterpreterProfile(Availability):
    """Everything about an interpreter that they or a coordinator set (documents and the
    neighbouring districts served have their own routes)."""

    contact: Contact = Field(description="How interpreting's messages reach the interpreter.")
    preferred_language: LanguageCode = Field(description="Language to message them in.")
    languages: tuple[InterpreterLanguage, ...] = Field(min_length=1, max_length=20)
    german_level: CefrLevel = Field(description="Their German, on the CEFR scale.")
    modes: tuple[InterpretingMode, ...] = Field(min_length=1, max_length=3)
    home_municipality: Municipality = Field(description="Official key (AGS) of where they set out from.")
    travel_km: float = Field(default=0, ge=0, le=300, description="How far they travel on site, as a radius.")
    municipalities: tuple[Municipality, ...] = Field(
        default=(), max_length=200, description="Municipalities served on site beyond the radius."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        pairs = {(spoken.language, (spoken.variety or "").casefold()) for spoken in self.languages}
        if len(pairs) != len(self.languages):
            raise PydanticCustomError("duplicate_items", "a language and variety is listed twice")
        if len(set(self.modes)) != len(self.modes):
            raise PydanticCustomError("duplicate_items", "a mode is listed twice")
        if len(set(self.municipalities)) != len(self.municipalities):
            raise PydanticCustomError("duplicate_items", "a municipality is listed twice")
        return self

    def stored(self) -> dict[str, Any]:
        """As the database keeps it: JSON values."""
        return self.model_dump(mode="json")

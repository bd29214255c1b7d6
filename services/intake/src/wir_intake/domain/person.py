"""A person as the case manager records them, and the rules every record obeys."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from wir_contracts.channels import Channel
from wir_contracts.countries import CountryCode
from wir_contracts.languages import LanguageCode
from wir_contracts.municipalities import MunicipalityKey, lies_in
from wir_intake.domain.contact import e164, email_address
from wir_intake.domain.dates import PartialDate, not_in_future
from wir_intake.domain.distinct import distinct
from wir_intake.domain.errors import FieldError
from wir_intake.domain.text import Label, Name, ShortName

_STRICT = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class ResidenceStatus(StrEnum):
    """The person's residence title under German law."""

    AUFENTHALTSGESTATTUNG = "aufenthaltsgestattung"  # asylum procedure pending (§ 55 AsylG)
    DULDUNG = "duldung"  # deportation suspended (§ 60a AufenthG)
    AUFENTHALTSERLAUBNIS = "aufenthaltserlaubnis"  # residence permit
    AUFENTHALTSERLAUBNIS_24 = "aufenthaltserlaubnis_24"  # temporary protection (§ 24 AufenthG)
    NIEDERLASSUNGSERLAUBNIS = "niederlassungserlaubnis"  # settlement permit
    OTHER = "other"


class LanguageLevel(StrEnum):
    """How well the person says they speak a language."""

    NATIVE = "native"
    FLUENT = "fluent"
    GOOD = "good"
    BASIC = "basic"


_LEVEL_RANK = {level: rank for rank, level in enumerate(LanguageLevel)}


class SpokenLanguage(BaseModel):
    model_config = _STRICT

    language: LanguageCode = Field(description="ISO 639-3 code, e.g. prs for Dari.")
    level: LanguageLevel = Field(description="Self-rated level.")


Phone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40), AfterValidator(e164)]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=254), AfterValidator(email_address)
]


class ContactDetails(BaseModel):
    """How the person can be reached, and through which channels they agreed to be."""

    model_config = _STRICT

    phone: Phone | None = Field(
        default=None, description="Phone number; stored in E.164 form. National numbers are German."
    )
    email: Email | None = Field(default=None, description="E-mail address.")
    channels: Annotated[list[Channel], AfterValidator(distinct)] = Field(
        default_factory=list,
        description="Channels the person agreed to be messaged through, preferred first.",
    )

    @field_validator("channels")
    @classmethod
    def _channels_have_addresses(cls, channels: list[Channel], info: ValidationInfo) -> list[Channel]:
        # Phone and e-mail are declared first, so they are validated by now (absent if invalid).
        if Channel.EMAIL in channels and info.data.get("email") is None:
            raise PydanticCustomError("channel_address", "the email channel needs an e-mail address")
        if Channel.SMS in channels and info.data.get("phone") is None:
            raise PydanticCustomError("channel_address", "the sms channel needs a phone number")
        return channels


ArrivalDate = Annotated[date, AfterValidator(not_in_future)]
Nationalities = Annotated[list[CountryCode], AfterValidator(distinct)]


class PersonData(BaseModel):
    """Everything intake records about a person, as validated input and as stored state."""

    model_config = _STRICT

    given_names: Name = Field(description="Given name(s) in the person's own script.")
    family_name: Name | None = Field(default=None, description="Family name; null for a single name.")
    transliteration: Name | None = Field(
        default=None, description="The full name in Latin script, as in the person's documents."
    )
    preferred_name: ShortName | None = Field(
        default=None, description="Name to address the person by in messages; default: first given name."
    )
    date_of_birth: PartialDate | None = Field(default=None, description="Null when unknown.")
    gender: Label | None = Field(default=None, description="As the person describes it; optional.")
    country_of_origin: CountryCode | None = Field(default=None, description="ISO 3166-1 alpha-2.")
    nationalities: Nationalities = Field(
        default_factory=list, max_length=5, description="ISO 3166-1 alpha-2; empty if stateless or unknown."
    )
    languages: list[SpokenLanguage] = Field(
        min_length=1, max_length=20, description="Languages spoken, with a self-rated level."
    )
    preferred_language: LanguageCode = Field(description="Language for messages; one of `languages`.")
    contact: ContactDetails = Field(default_factory=ContactDetails, description="Phone, e-mail, channels.")
    municipality: MunicipalityKey = Field(
        description="Official key (AGS, 8 digits) of the municipality; must lie in the district."
    )
    arrival_date: ArrivalDate | None = Field(default=None, description="Day of arrival in the district.")
    residence_status: ResidenceStatus = Field(description="Residence title.")
    case_manager: Label | None = Field(default=None, description="Id (token subject) of the case manager.")

    @field_validator("languages")
    @classmethod
    def _one_entry_per_language(cls, languages: list[SpokenLanguage]) -> list[SpokenLanguage]:
        distinct([spoken.language for spoken in languages])
        return languages

    @field_validator("preferred_language")
    @classmethod
    def _one_of_the_languages(cls, preferred: str, info: ValidationInfo) -> str:
        languages: list[SpokenLanguage] | None = info.data.get("languages")
        if languages is not None and preferred not in {spoken.language for spoken in languages}:
            raise PydanticCustomError("preferred_language", "must be one of the languages spoken")
        return preferred

    def spoken_best_first(self) -> list[SpokenLanguage]:
        """The languages with their levels, the best spoken first (stable among equals)."""
        return sorted(self.languages, key=lambda spoken: _LEVEL_RANK[spoken.level])

    def languages_best_first(self) -> tuple[str, ...]:
        return tuple(spoken.language for spoken in self.spoken_best_first())

    def display_name(self) -> str:
        return self.preferred_name or self.given_names.split()[0]

    def full_name(self) -> str:
        """Given names and family name, in the person's own script."""
        return " ".join(part for part in (self.given_names, self.family_name) if part)

    def birth_year(self) -> int | None:
        return None if self.date_of_birth is None else self.date_of_birth.year


PROFILE_FIELDS = frozenset({"municipality", "languages", "preferred_language"})
CONTACT_FIELDS = frozenset({"contact", "given_names", "preferred_name"})
IDENTITY_FIELDS = frozenset({"given_names", "family_name", "transliteration", "date_of_birth"})


def check_in_district(person: PersonData, district: str) -> None:
    """The municipality must lie in the district the record belongs to."""
    if not lies_in(person.municipality, district):
        raise FieldError(("municipality",), "municipality", "the municipality is not in the district")

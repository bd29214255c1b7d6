"""A district's welcome content, quiet hours and coordinators: staff read them, coordinators
replace them. The district is always the token's, never the body's."""

from __future__ import annotations

from datetime import time
from typing import Annotated

from fastapi import APIRouter
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from wir_contracts.contact import EmailAddress
from wir_contracts.districts import district
from wir_kit import Coordinator, Database, Staff
from wir_notifications.api.deps import Config
from wir_notifications.commands import district_settings as commands
from wir_notifications.commands import staff
from wir_notifications.db import district_settings as store
from wir_notifications.db.district_settings import DistrictRow
from wir_notifications.domain.languages import TEMPLATE_LANGUAGES
from wir_notifications.settings import NotificationSettings, TimeZoneName

router = APIRouter(tags=["notifications"])

Text100 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 ()/-]{2,29}$")]
IntegreatUrl = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=300, pattern=r"^https://\S+$")
]


def _local(moment: time) -> time:
    if moment.tzinfo is not None:
        raise PydanticCustomError("time_local", "a local time of the district, without an offset")
    return moment


#: A wall-clock time in the district's time zone: no offset in, none out (not `format: time`,
#: which RFC 3339 defines with an offset).
LocalTime = Annotated[
    time,
    AfterValidator(_local),
    WithJsonSchema(
        {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"}
    ),
]


class ContactPoint(BaseModel):
    """One of the district's first points of contact, shown in the welcome."""

    model_config = ConfigDict(extra="forbid")

    name: Text100
    role: Text100 | None = None
    phone: Phone | None = None
    email: EmailAddress | None = None
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None


def _template_language(code: str) -> str:
    if code not in TEMPLATE_LANGUAGES:
        raise PydanticCustomError("template_language", "one of the languages messages are written in")
    return code


#: A language staff messages are written in (ISO 639-3).
TemplateLanguage = Annotated[
    str,
    AfterValidator(_template_language),
    WithJsonSchema({"type": "string", "enum": sorted(TEMPLATE_LANGUAGES)}),
]


class CoordinatorContact(BaseModel):
    """A coordinator told by e-mail when a proposal is declined or expires, or a person waits
    too long for a mentor. Their address also identifies them: one entry per address."""

    model_config = ConfigDict(extra="forbid")

    name: Text100
    email: EmailAddress
    language: TemplateLanguage = "deu"


def _distinct_addresses(coordinators: list[CoordinatorContact]) -> list[CoordinatorContact]:
    addresses = [c.email.strip().casefold() for c in coordinators]
    if len(set(addresses)) != len(addresses):
        raise PydanticCustomError("duplicate_address", "each coordinator's e-mail address once")
    return coordinators


class DistrictSettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contacts: list[ContactPoint] = Field(default_factory=list, max_length=10)
    integreat_url: IntegreatUrl | None = Field(
        None, description="The district's Integreat page; `{language}` is replaced by the message's language."
    )
    quiet_hours_start: LocalTime = Field(description="Local time SMS stop for the night, e.g. 21:00.")
    quiet_hours_end: LocalTime = Field(description="Local time SMS may go out again, e.g. 08:00.")
    time_zone: TimeZoneName = Field("Europe/Berlin", description="IANA time zone of the district.")
    coordinators: Annotated[list[CoordinatorContact], AfterValidator(_distinct_addresses)] = Field(
        default_factory=list,
        max_length=20,
        description="Who is told of declined or expired proposals and of people waiting too long.",
    )


class DistrictSettingsOut(DistrictSettingsIn):
    district: str
    district_name: str
    customised: bool = Field(description="False while the service's defaults apply.")


@router.get("/district-settings")
async def get_district_settings(db: Database, caller: Staff, settings: Config) -> DistrictSettingsOut:
    """The welcome content, quiet hours and coordinators of the caller's district."""
    async with db.transaction(caller.district) as tx:
        own = await store.get(tx)
    return _settings_out(caller.district, own, settings)


@router.put("/district-settings")
async def put_district_settings(
    body: DistrictSettingsIn, db: Database, caller: Coordinator, settings: Config
) -> DistrictSettingsOut:
    """Replace the welcome content, quiet hours and coordinators of the caller's district."""
    row = DistrictRow(
        contacts=[c.model_dump() for c in body.contacts],
        integreat_url=body.integreat_url,
        quiet_start=body.quiet_hours_start,
        quiet_end=body.quiet_hours_end,
        time_zone=body.time_zone,
        coordinators=[c.model_dump() for c in body.coordinators],
    )
    async with db.transaction(caller.district) as tx:
        own = await commands.replace(tx, row)
        await staff.keep_coordinators(tx, row.coordinators)
    return _settings_out(caller.district, own, settings)


def _settings_out(key: str, own: DistrictRow | None, settings: NotificationSettings) -> DistrictSettingsOut:
    name = district(key).name
    if own is None:
        return DistrictSettingsOut(
            district=key,
            district_name=name,
            customised=False,
            contacts=[],
            integreat_url=None,
            quiet_hours_start=settings.quiet_hours_start,
            quiet_hours_end=settings.quiet_hours_end,
            time_zone=settings.time_zone,
        )
    return DistrictSettingsOut(
        district=key,
        district_name=name,
        customised=True,
        contacts=[ContactPoint(**contact) for contact in own.contacts],
        integreat_url=own.integreat_url,
        quiet_hours_start=own.quiet_start,
        quiet_hours_end=own.quiet_end,
        time_zone=own.time_zone,
        coordinators=[CoordinatorContact(**c) for c in own.coordinators],
    )

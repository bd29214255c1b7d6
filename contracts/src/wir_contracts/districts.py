"""The districts (tenants): the shipped Hessian ones plus any an operator registers.

The shipped list is `data/districts.csv` (source and date in its header). The map of
districts changes over time, so the list is data, and an operator's configuration can add
districts at start-up through `register_districts`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from enum import StrEnum
from importlib.resources import files
from types import MappingProxyType
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

__all__ = [
    "AGS_PATTERN",
    "District",
    "DistrictCode",
    "DistrictConflict",
    "DistrictKind",
    "UnknownDistrict",
    "district",
    "districts",
    "parse_districts_csv",
    "register_districts",
]

AGS_PATTERN = r"^[0-9]{5}([0-9]{3})?$"
"""A Kreis or kreisfreie Stadt has a 5-digit key, a Sonderstatusstadt the 8-digit one."""


class DistrictKind(StrEnum):
    """What kind of local authority a district is."""

    LANDKREIS = "landkreis"
    KREISFREIE_STADT = "kreisfreie_stadt"
    SONDERSTATUSSTADT = "sonderstatusstadt"


class District(BaseModel):
    """A district that runs WIR: its official key, German name and kind."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=AGS_PATTERN, description="Official municipal key (AGS).")
    name: str = Field(min_length=1, max_length=100, description="German name.")
    kind: DistrictKind = Field(description="Kind of local authority.")


class UnknownDistrict(LookupError):
    """No district is registered under the key asked for."""


class DistrictConflict(ValueError):
    """A district was registered under a key that already names a different district."""


_registry: dict[str, District] = {}


def districts() -> Mapping[str, District]:
    """Every registered district by key: the shipped ones and any registered since."""
    return MappingProxyType(_loaded())


def district(key: str) -> District:
    """The district registered under `key`."""
    try:
        return _loaded()[key]
    except KeyError:
        # The key is left out of the message like every other input (see DistrictCode).
        raise UnknownDistrict("no district is registered under this key") from None


def register_districts(extra: Iterable[District]) -> None:
    """Add districts beyond the shipped ones; registering one again changes nothing."""
    registry = _loaded()
    additions = {item.key: item for item in extra}
    for key, item in additions.items():
        if registry.get(key, item) != item:
            raise DistrictConflict(f"district {key} is already registered differently")
    registry.update(additions)


def _loaded() -> dict[str, District]:
    if not _registry:
        _registry.update((item.key, item) for item in _shipped())
    return _registry


def parse_districts_csv(text: str) -> list[District]:
    """Districts from CSV text with the columns key,name,kind; `#` lines are comments."""
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return [District.model_validate(row) for row in rows]


def _shipped() -> list[District]:
    return parse_districts_csv(
        files("wir_contracts").joinpath("data/districts.csv").read_text(encoding="utf-8")
    )


def _registered(code: str) -> str:
    if code not in _loaded():
        raise PydanticCustomError("district_code", "not a registered district key (AGS of 5 or 8 digits)")
    return code


DistrictCode = Annotated[
    str, AfterValidator(_registered), WithJsonSchema({"type": "string", "pattern": AGS_PATTERN})
]
"""The key of a registered district. The schema shows only the format: operators add keys."""

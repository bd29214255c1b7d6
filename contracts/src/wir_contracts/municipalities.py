"""Municipalities (Gemeinden) inside districts, by their 8-digit official key."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

__all__ = ["MunicipalityKey", "lies_in"]

MunicipalityKey = Annotated[str, StringConstraints(pattern=r"^[0-9]{8}$")]


def lies_in(municipality: str, district: str) -> bool:
    """Whether a municipality belongs to a district, judged by the keys alone.

    A Kreis's municipalities share its 5 digits; a Sonderstatusstadt is its own only municipality.
    """
    if len(district) == len(municipality):
        return municipality == district
    return municipality.startswith(district)

"""Free-text fields typed by staff: trimmed, without control characters, bounded."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError


def _no_control_characters(value: str) -> str:
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in value):
        raise PydanticCustomError("control_characters", "control characters are not allowed")
    return value


def _single_line(value: str) -> str:
    """Without control characters; inner whitespace collapsed to single spaces."""
    return " ".join(_no_control_characters(value).split())


def _name(value: str) -> str:
    line = _single_line(value)
    if not any(ch.isalpha() for ch in line):
        raise PydanticCustomError("name_letters", "a name needs at least one letter")
    return line


def _trimmed(max_length: int) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


Name = Annotated[str, _trimmed(200), AfterValidator(_name)]
"""A name in any script; inner whitespace is collapsed to single spaces."""

ShortName = Annotated[str, _trimmed(100), AfterValidator(_name)]
"""A name that is also used in messages (at most 100 characters, as the contract's display name)."""

Label = Annotated[str, _trimmed(100), AfterValidator(_single_line)]
"""A short self-description (e.g. gender) or a staff member's id."""

Notes = Annotated[str, _trimmed(4000), AfterValidator(_no_control_characters)]
"""Case notes: multi-line text."""

"""Record versions over HTTP: the ETag a read answers with, the If-Match a change names."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from wir_kit import invalid

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="The ETag of the version read; without it, the last change wins.",
    ),
]


def etag(version: int) -> str:
    return f'"{version}"'


def read_at(if_match: str | None) -> int | None:
    """The version an If-Match header names (`"3"`, `W/"3"`), or None without one."""
    if if_match is None:
        return None
    tag = if_match.strip().removeprefix("W/").strip('"')
    # ASCII digits only (str.isdigit also takes "²"), and no more than the version column holds.
    if not (tag.isascii() and tag.isdigit() and len(tag) <= 9):
        raise invalid(("header", "If-Match"), "value_error", 'must be an ETag of this API, such as "3"')
    return int(tag)

"""Opaque cursors for keyset paging: the sort key of the last row a page showed."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, TypeVar
from uuid import UUID

from fastapi import Query
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

from wir_kit import invalid

R = TypeVar("R")

CursorParam = Annotated[
    str | None, Query(max_length=200, description="`next_cursor` of the previous page; omit for the first.")
]

_MAX_SEQUENCE = 2**63 - 1  # PostgreSQL's bigint


class Page(BaseModel):
    next_cursor: str | None = Field(description="Cursor of the next page; null on the last page.")


def encode(at: datetime, row_id: UUID | int) -> str:
    raw = json.dumps([at.isoformat(), str(row_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def next_cursor(rows: Sequence[R], limit: int, key: Callable[[R], tuple[datetime, UUID | int]]) -> str | None:
    """The cursor after the last row shown, if the query (asked for `limit + 1` rows) found more."""
    return encode(*key(rows[limit - 1])) if len(rows) > limit else None


def _not_a_cursor() -> RequestValidationError:
    return invalid(("query", "cursor"), "cursor", "not a cursor of this list")


def _parts(cursor: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, row_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        raise _not_a_cursor() from None
    if not isinstance(at, str) or not isinstance(row_id, str):
        raise _not_a_cursor()
    return at, row_id


def decode(cursor: str | None) -> tuple[datetime, UUID] | None:
    if cursor is None:
        return None
    at, row_id = _parts(cursor)
    try:
        return datetime.fromisoformat(at), UUID(row_id)
    except ValueError:
        raise _not_a_cursor() from None


def decode_sequence(cursor: str | None) -> int | None:
    """A cursor over a numbered list (the audit log)."""
    if cursor is None:
        return None
    _, row_id = _parts(cursor)
    # isdigit() alone lets "²" through, which int() refuses; a bigint has 19 digits at most.
    if not (row_id.isascii() and row_id.isdigit()) or int(row_id) > _MAX_SEQUENCE:
        raise _not_a_cursor()
    return int(row_id)

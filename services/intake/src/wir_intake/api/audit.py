"""The audit log: who read or changed a person's record, for coordinators."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from wir_intake.api.deps import Limit
from wir_intake.api.paging import CursorParam, Page, decode_sequence, next_cursor
from wir_intake.db import audit
from wir_kit import Coordinator, Database, shown


class AuditEntry(BaseModel):
    at: datetime
    actor: str = Field(description="Token subject of who read or changed the record.")
    action: str = Field(description="E.g. person.read, person.update, consents.record, person.erase.")
    person_id: UUID
    fields: list[str] = Field(description="Names of the fields read or changed; never their values.")


class AuditPage(Page):
    items: list[AuditEntry] = Field(description="Newest first.")


router = APIRouter(tags=["audit"])


@router.get("/audit", response_model=AuditPage)
async def audit_log(
    db: Database,
    caller: Coordinator,
    person_id: Annotated[UUID | None, Query()] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    cursor: CursorParam = None,
    limit: Limit = 50,
) -> JSONResponse:
    """Who read or changed people's records in the district, which fields, when."""
    async with db.transaction(caller.district) as tx:
        entries = await audit.page(tx, person_id, actor, decode_sequence(cursor), limit + 1)
    return shown(
        AuditPage(
            items=[
                AuditEntry(
                    at=e.at, actor=e.actor, action=e.action, person_id=e.person_id, fields=list(e.fields)
                )
                for e in entries[:limit]
            ],
            next_cursor=next_cursor(entries, limit, lambda e: (e.at, e.id)),
        )
    )

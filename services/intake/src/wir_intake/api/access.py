"""Who may call what: case managers and coordinators of the token's district; the audit log is
for coordinators only."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query

from wir_kit.auth import Principal, Role, require_roles

Staff = Annotated[Principal, Depends(require_roles(Role.CASE_MANAGER, Role.COORDINATOR))]
Coordinator = Annotated[Principal, Depends(require_roles(Role.COORDINATOR))]

IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=128,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="A client-chosen unique key (e.g. a UUID); a retry with the same key and body "
        "gets the first answer again instead of a second record.",
    ),
]

Limit = Annotated[int, Query(ge=1, le=200, description="Page size.")]

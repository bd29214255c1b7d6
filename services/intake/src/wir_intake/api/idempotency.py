"""Idempotent POSTs: the first answer to a key is stored with the change and replayed to retries.

The key is claimed in the same transaction as the change, so a failed request leaves no key
behind, and a concurrent retry waits on the claim until the first request has committed.
"""

from __future__ import annotations

import hashlib
from uuid import UUID

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, JsonValue

from wir_intake.api.failures import invalid
from wir_intake.db import idempotency as store
from wir_kit.auth import Principal
from wir_kit.db import Tx

REPLAYED = "Idempotent-Replayed"


def _fingerprint(request: Request, body: BaseModel) -> str:
    text = f"{request.method} {request.url.path}?{request.url.query}\n{body.model_dump_json()}"
    return hashlib.sha256(text.encode()).hexdigest()


async def replay(
    tx: Tx, caller: Principal, key: str, request: Request, body: BaseModel
) -> JSONResponse | None:
    """The stored answer if the key was used before; None after claiming it for this request."""
    fingerprint = _fingerprint(request, body)
    if await store.claim(tx, caller.sub, key, fingerprint):
        return None
    stored = await store.get(tx, caller.sub, key)
    if stored is None:
        raise RuntimeError("an idempotency key was committed without its answer")
    if stored.fingerprint != fingerprint:
        raise invalid(
            ("header", "Idempotency-Key"), "idempotency_key_reused", "already used for a different request"
        )
    return JSONResponse(stored.response, status_code=stored.status_code, headers={REPLAYED: "true"})


async def answer(
    tx: Tx, caller: Principal, key: str, status_code: int, body: BaseModel, person_id: UUID | None
) -> JSONResponse:
    content: JsonValue = body.model_dump(mode="json")
    await store.remember(tx, caller.sub, key, status_code, content, person_id)
    return JSONResponse(content, status_code=status_code)

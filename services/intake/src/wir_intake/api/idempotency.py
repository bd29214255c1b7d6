"""Idempotent POSTs: the first answer to a key is stored with the change and replayed to retries.

The key is claimed in the same transaction as the change (with its BEGIN, in one round trip),
so a failed request leaves no key behind, and a concurrent retry waits on the claim until the
first request has committed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from uuid import UUID

from fastapi import Request, status
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from wir_intake.db import idempotency as store
from wir_kit import Db, Principal, Tx, invalid

REPLAYED = "Idempotent-Replayed"
JSON = JSONResponse.media_type


async def idempotent(
    db: Db,
    caller: Principal,
    key: str,
    request: Request,
    body: BaseModel,
    run: Callable[[Tx], Awaitable[BaseModel]],
    *,
    person_id: UUID | None,
    status_code: int = status.HTTP_201_CREATED,
) -> Response:
    """`run` the change once per key in the caller's district: a retry gets the first answer,
    the body `run` returned. `person_id` is the person that answer names (if any), whose erasure
    takes the stored answer with it."""
    fingerprint = _fingerprint(request, body)
    claim = store.claim(caller.sub, key, fingerprint, person_id)
    async with db.transaction(caller.district, claim=claim) as tx:
        if not tx.claimed:
            return await _replay(tx, caller.sub, key, fingerprint)
        # Encoded once, as built (not validated again), for the stored answer and this one.
        content = (await run(tx)).model_dump_json()
        await store.remember(tx, caller.sub, key, status_code, content)
        return Response(content, status_code=status_code, media_type=JSON)


def _fingerprint(request: Request, body: BaseModel) -> str:
    text = f"{request.method} {request.url.path}?{request.url.query}\n{body.model_dump_json()}"
    return hashlib.sha256(text.encode()).hexdigest()


async def _replay(tx: Tx, actor: str, key: str, fingerprint: str) -> JSONResponse:
    """The stored answer to the key, used before (for the same request, or it is refused)."""
    stored = await store.get(tx, actor, key)
    if stored is None:
        raise RuntimeError("an idempotency key was committed without its answer")
    if stored.fingerprint != fingerprint:
        raise invalid(
            ("header", "Idempotency-Key"), "idempotency_key_reused", "already used for a different request"
        )
    return JSONResponse(stored.response, status_code=stored.status_code, headers={REPLAYED: "true"})

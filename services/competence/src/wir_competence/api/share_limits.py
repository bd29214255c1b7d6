"""Limits of the public share routes: each hit writes an access row and may render a PDF, and
nobody signs in, so a link and a client address each get a bounded number of requests per
minute, and PDFs a bounded number of renders at once; beyond that, 429 with Retry-After.

The counts are kept in the process: each replica limits on its own (with N replicas a client
gets up to N times the limit). The client address is the peer's; behind a proxy, run uvicorn
with `--forwarded-allow-ips` so that it is the client's.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import time
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status

LINK_PER_MINUTE = 30
CLIENT_PER_MINUTE = 60
PDF_RENDERS_AT_ONCE = 4
WINDOW_S = 60.0
_MAX_KEYS = 10_000  # past this, windows that have ended are dropped

TOO_MANY: dict[int | str, dict[str, Any]] = {
    status.HTTP_429_TOO_MANY_REQUESTS: {
        "description": "Too many requests for this link or from this address; see Retry-After."
    }
}


class Window:
    """Fixed one-minute windows of counts per key."""

    def __init__(self, limit: int, window_s: float = WINDOW_S) -> None:
        self.limit = limit
        self.window_s = window_s
        self._counts: dict[str, tuple[float, int]] = {}

    def hit(self, key: str, now: float) -> float | None:
        """Count a request; the seconds to wait if it is over the limit, else None."""
        if len(self._counts) > _MAX_KEYS:
            self._counts = {k: v for k, v in self._counts.items() if now - v[0] < self.window_s}
        started, count = self._counts.get(key, (now, 0))
        if now - started >= self.window_s:
            started, count = now, 0
        if count >= self.limit:
            return self.window_s - (now - started)
        self._counts[key] = (started, count + 1)
        return None


class ShareLimits:
    def __init__(self) -> None:
        self.links = Window(LINK_PER_MINUTE)
        self.clients = Window(CLIENT_PER_MINUTE)
        self.renders = asyncio.Semaphore(PDF_RENDERS_AT_ONCE)


def too_many(wait_s: float) -> HTTPException:
    return HTTPException(
        status.HTTP_429_TOO_MANY_REQUESTS,
        "too many requests",
        headers={"Retry-After": str(max(1, math.ceil(wait_s)))},
    )


def limits_of(request: Request) -> ShareLimits:
    """The app's limits (one per app, so each test's app starts with fresh counts)."""
    limits = getattr(request.app.state, "share_limits", None)
    if not isinstance(limits, ShareLimits):
        limits = ShareLimits()
        request.app.state.share_limits = limits
    return limits


async def share_limited(request: Request, token: str) -> ShareLimits:
    """Count this request against its link and its client address; 429 past either limit."""
    limits = limits_of(request)
    now = time.monotonic()
    # Only a digest of the link is held: the link itself is a bearer secret.
    link = hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
    client = request.client.host if request.client else "unknown"
    for window, key in ((limits.links, link), (limits.clients, client)):
        wait = window.hit(key, now)
        if wait is not None:
            raise too_many(wait)
    return limits


ShareLimit = Annotated[ShareLimits, Depends(share_limited)]

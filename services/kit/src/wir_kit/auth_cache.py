"""Tokens verified lately, so that a client's every request does not pay for the signature check
and the claim checks again (about 4 % of intake's CPU under load, py-spy).

Only the identical token string hits, and only until its `exp` or `HOLD_S` after it was verified,
whichever comes first: a token signed with a key the identity provider withdraws is refused here
within a minute.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

#: Longest a verified token is trusted without being verified again.
HOLD_S = 60.0
#: Tokens kept at most; the oldest goes first.
SIZE = 4096

V = TypeVar("V")


class Verified(Generic[V]):
    def __init__(
        self, *, hold_s: float = HOLD_S, size: int = SIZE, clock: Callable[[], float] = time.time
    ) -> None:
        self._hold_s = hold_s
        self._size = size
        self._clock = clock
        self._entries: dict[str, tuple[V, float]] = {}

    def get(self, token: str) -> V | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        value, until = entry
        if self._clock() < until:
            return value
        self._entries.pop(token, None)
        return None

    def put(self, token: str, value: V, expires_at: float) -> None:
        if len(self._entries) >= self._size:
            self._entries.pop(next(iter(self._entries)))
        self._entries[token] = (value, min(expires_at, self._clock() + self._hold_s))

"""The job that forgets expired shares' employers goes district by district: one district's
failure is logged and the others' addresses are still forgotten."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any

from wir_competence.jobs.share_recipients import forget_expired_recipients
from wir_contracts.districts import districts


class OneExpiredShareEach:
    """A database where every district has one expired share, and one district's transaction fails."""

    def __init__(self, failing: str) -> None:
        self.failing = failing
        self.forgotten: list[str] = []

    @asynccontextmanager
    async def transaction(self, district: str) -> AsyncIterator[Any]:
        if district == self.failing:
            raise ConnectionError("the district's rows cannot be reached")
        yield SimpleNamespace(district=district, changed=self._changed)

    async def _changed(self, query: str, district: str) -> int:
        assert "recipient_email = ''" in query
        self.forgotten.append(district)
        return 1


async def test_a_failing_district_does_not_stop_the_others() -> None:
    first, *others = districts()
    db = OneExpiredShareEach(failing=first)

    forgotten = await forget_expired_recipients(SimpleNamespace(db=db, settings=None))

    assert db.forgotten == others
    assert forgotten == len(others)

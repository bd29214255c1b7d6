"""What every event about a match carries besides its own facts: filled in once for each step."""

from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID

from wir_kit import Tx


class MatchIds(Protocol):
    @property
    def match_id(self) -> UUID: ...
    @property
    def person_id(self) -> UUID: ...
    @property
    def volunteer_id(self) -> UUID: ...


def match_fields(tx: Tx, match: MatchIds, version: int) -> dict[str, Any]:
    """The district, the ids and the match's version after the step, as the event's fields."""
    return {
        "district": tx.district,
        "match_id": match.match_id,
        "aggregate_version": version,
        "person_id": match.person_id,
        "volunteer_id": match.volunteer_id,
    }

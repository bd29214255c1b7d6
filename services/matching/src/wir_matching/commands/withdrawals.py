"""Withdrawing a person's or a volunteer's open matches, and erasing a person's, for the handlers
of consent, needs, erasure and the volunteer commands (suspension, deactivation).

A withdrawal never ends anything silently: every proposal or running mentorship it touches is
announced with MatchWithdrawn and its reason. An erasure publishes nothing about the person.
"""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from wir_contracts.matching.v1 import MatchWithdrawn, WithdrawReason
from wir_kit import Tx
from wir_matching.commands.match_events import match_fields
from wir_matching.db import matches, snapshot


async def _announce(tx: Tx, changed: list[matches.Changed], reason: WithdrawReason) -> int:
    for match in changed:
        await tx.publish(MatchWithdrawn(**match_fields(tx, match, match.version), reason=reason))
    return len(changed)


async def withdraw_person_matches(
    tx: Tx, *, person_id: UUID, reason: WithdrawReason, need_ids: Collection[UUID] | None = None
) -> int:
    """Withdraw the person's open proposals and running mentorships (or only those of `need_ids`);
    returns how many."""
    changed = await matches.withdraw_of_person(tx, person_id, reason.value, need_ids)
    return await _announce(tx, changed, reason)


async def withdraw_volunteer_matches(tx: Tx, *, volunteer_id: UUID, reason: WithdrawReason) -> int:
    """Withdraw the volunteer's open proposals and running mentorships; returns how many."""
    changed = await matches.withdraw_of_volunteer(tx, volunteer_id, reason.value)
    return await _announce(tx, changed, reason)


async def erase_person_matches(tx: Tx, *, person_id: UUID) -> None:
    """Delete every match row of the person and their place on the waiting list; no events."""
    await matches.delete_of_person(tx, person_id)
    await snapshot.forget_waiting(tx, person_id)

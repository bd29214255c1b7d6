"""Volunteers' compliance documents over time: a reminder once per expiry date ahead of it, and
a suspension the day after a document expired, with the volunteer's open proposals and running
mentorships withdrawn (a volunteer without a valid Führungszeugnis must not mentor)."""

from __future__ import annotations

from wir_contracts.matching.v1 import (
    ComplianceDocument,
    VolunteerComplianceExpiring,
    VolunteerSuspended,
    WithdrawReason,
)
from wir_kit import Tx
from wir_matching.commands.withdrawals import withdraw_volunteer_matches
from wir_matching.db import volunteers
from wir_matching.db.run_requests import request_run


async def remind_expiring(tx: Tx, *, within_days: int) -> int:
    """Announce every document of an active volunteer that expires within `within_days` and has
    not been announced for that expiry date; how many were announced."""
    due = await volunteers.remind_expiring(tx, within_days)
    for document in due:
        await tx.publish(
            VolunteerComplianceExpiring(
                district=tx.district,
                volunteer_id=document.volunteer_id,
                document=ComplianceDocument(document.kind),
                expires_on=document.expires_on,
            )
        )
    return len(due)


async def suspend_expired(tx: Tx, *, run_delay_s: float) -> int:
    """Suspend every active volunteer holding an expired document; how many were suspended."""
    suspended = await volunteers.suspend_expired(tx)
    for document in suspended:
        assert document.version is not None  # a suspension always bumps the version
        await tx.publish(
            VolunteerSuspended(
                district=tx.district,
                volunteer_id=document.volunteer_id,
                aggregate_version=document.version,
                document=ComplianceDocument(document.kind),
                expired_on=document.expires_on,
            )
        )
    for document in suspended:
        await withdraw_volunteer_matches(
            tx, volunteer_id=document.volunteer_id, reason=WithdrawReason.VOLUNTEER_SUSPENDED
        )
    if suspended:
        await request_run(tx, delay_s=run_delay_s)
    return len(suspended)

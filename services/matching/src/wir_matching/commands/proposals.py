"""A proposal's life after the run: the volunteer (or a coordinator) accepts or declines it, a
coordinator withdraws it, an accepted mentorship ends, an unanswered one expires. Each step bumps
the match's version and is announced; a step that frees a need or a place asks for a run, so the
next best volunteer is proposed."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from wir_contracts.contact import Contact
from wir_contracts.matching.v1 import (
    DeclineReason,
    EndReason,
    MatchAccepted,
    MatchDeclined,
    MatchExpired,
    MatchWithdrawn,
    MentorshipEnded,
    WithdrawReason,
)
from wir_kit import Tx
from wir_matching.commands.match_events import match_fields
from wir_matching.db import matches
from wir_matching.db.run_requests import request_run

#: How many unanswered proposals one expiry pass handles per district.
EXPIRY_BATCH = 500


class ProposalNotFound(Exception):
    """No such match in the district, or not the calling volunteer's."""


class ProposalConflict(Exception):
    """The match's state does not allow the step: `kind` says why (for pages in other words),
    `message` says it to an API client."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


async def _locked(tx: Tx, match_id: UUID, volunteer_id: UUID | None) -> matches.Locked:
    """The match, locked; `volunteer_id` set when a volunteer acts: someone else's is missing."""
    match = await matches.lock(tx, match_id)
    if match is None or (volunteer_id is not None and match.volunteer_id != volunteer_id):
        raise ProposalNotFound()
    return match


def _answerable(match: matches.Locked) -> None:
    if match.state == "accepted":
        raise ProposalConflict("accepted", "the proposal has been accepted already")
    if match.state == "expired" or (match.state == "proposed" and match.overdue):
        raise ProposalConflict("expired", "the time to answer this proposal has passed")
    if match.state != "proposed":
        raise ProposalConflict("answered", f"a {match.state} proposal cannot be answered")


async def accept(tx: Tx, match_id: UUID, *, volunteer_id: UUID | None) -> int:
    """The mentorship starts; the person learns what of the mentor's contact they chose to share."""
    # The volunteer's row is locked before the match, in the order the volunteer commands lock
    # them (profile, then matches): two accepts cannot overfill, and nothing deadlocks.
    owner = await matches.volunteer_of(tx, match_id)
    if owner is None or (volunteer_id is not None and owner != volunteer_id):
        raise ProposalNotFound()
    load = await matches.volunteer_load(tx, owner)
    match = await _locked(tx, match_id, owner)
    _answerable(match)
    if load is None:
        raise ProposalNotFound()
    if load.accepted >= load.capacity:
        raise ProposalConflict("full", "the volunteer has no free place for another mentorship")
    version = await matches.accept(tx, match_id)
    contact = Contact.model_validate(load.share_contact) if load.share_contact else None
    await tx.publish(MatchAccepted(**match_fields(tx, match, version), mentor_contact=contact))
    return version


async def decline(
    tx: Tx, match_id: UUID, reason: DeclineReason, *, volunteer_id: UUID | None, run_delay_s: float
) -> int:
    """The need goes back to the assignment, which never proposes this volunteer for it again."""
    match = await _locked(tx, match_id, volunteer_id)
    _answerable(match)
    version = await matches.decline(tx, match_id, reason.value)
    await tx.publish(MatchDeclined(**match_fields(tx, match, version), reason=reason))
    await request_run(tx, delay_s=run_delay_s)
    return version


async def withdraw(tx: Tx, match_id: UUID, *, run_delay_s: float) -> int:
    """A coordinator takes back a proposal or a running mentorship."""
    match = await _locked(tx, match_id, None)
    if match.state not in ("proposed", "accepted"):
        raise ProposalConflict("state", f"a {match.state} match cannot be withdrawn")
    reason = WithdrawReason.BY_COORDINATOR
    version = await matches.withdraw_one(tx, match_id, reason.value)
    await tx.publish(MatchWithdrawn(**match_fields(tx, match, version), reason=reason))
    await request_run(tx, delay_s=run_delay_s)
    return version


async def end(
    tx: Tx,
    match_id: UUID,
    reason: EndReason,
    ended_on: date,
    *,
    volunteer_id: UUID | None,
    run_delay_s: float,
) -> int:
    """An accepted mentorship ends; the volunteer's place is free again."""
    match = await _locked(tx, match_id, volunteer_id)
    if match.state != "accepted":
        raise ProposalConflict("state", f"only a running mentorship can end, not a {match.state} match")
    version = await matches.end_mentorship(tx, match_id, reason.value, ended_on)
    await tx.publish(MentorshipEnded(**match_fields(tx, match, version), reason=reason, ended_on=ended_on))
    await request_run(tx, delay_s=run_delay_s)
    return version


async def expire_due(tx: Tx, *, run_delay_s: float) -> int:
    """Expire the district's proposals past their answer time; returns how many."""
    expired = await matches.expire_due(tx, EXPIRY_BATCH)
    for match in expired:
        await tx.publish(MatchExpired(**match_fields(tx, match, match.version)))
    if expired:
        await request_run(tx, delay_s=run_delay_s)
    return len(expired)

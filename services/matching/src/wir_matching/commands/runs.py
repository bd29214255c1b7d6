"""Running a district's assignment: in one transaction, under a lock only one replica holds per
district, every open need the person shares with volunteers is proposed to the best volunteer the
whole district's assignment allows, or put on the waiting list with the reason it waits.

The partial unique index on open matches is the second guard: a need never gets two open matches,
even from a transaction that got past the lock some other way.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from uuid import UUID, uuid4

from wir_contracts.matching.v1 import MatchProposed, WaitingReason
from wir_contracts.municipalities import MunicipalityKey
from wir_contracts.needs import MentoringTopic
from wir_kit import Tx, get_logger
from wir_matching.adapters import links
from wir_matching.db import matches, snapshot
from wir_matching.domain.assignment import Proposal, assign
from wir_matching.domain.model import Seeker
from wir_matching.settings import MatchingSettings

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class RunOutcome:
    proposed: tuple[UUID, ...]  # the new matches' ids
    waiting: int


def _topics(seeker: Seeker) -> tuple[MentoringTopic, ...]:
    return tuple(sorted(MentoringTopic(topic) for topic in seeker.topics))


def _municipality(seeker: Seeker) -> MunicipalityKey | None:
    return seeker.municipality or None


async def _propose(tx: Tx, settings: MatchingSettings, proposal: Proposal) -> UUID | None:
    seeker, mentor, score = proposal.seeker, proposal.mentor, proposal.score
    reasons = tuple(reason.to_contract() for reason in score.reasons)
    new = matches.NewProposal(
        match_id=uuid4(),
        person_id=seeker.person_id,
        need_id=seeker.need_id,
        volunteer_id=mentor.volunteer_id,
        score=score.total,
        reasons=[reason.model_dump(mode="json") for reason in reasons],
    )
    respond_by = await matches.insert_proposal(tx, new, settings.respond_days)
    if respond_by is None:
        return None  # the need got an open match meanwhile: the unique index kept it to one
    token = links.sign_answer(
        settings.answer_link_secret,
        district=tx.district,
        match_id=new.match_id,
        volunteer_id=mentor.volunteer_id,
        expires_at=respond_by,
    )
    await tx.publish(
        MatchProposed(
            district=tx.district,
            match_id=new.match_id,
            aggregate_version=1,
            person_id=seeker.person_id,
            volunteer_id=mentor.volunteer_id,
            need_id=seeker.need_id,
            topics=_topics(seeker),
            respond_by=respond_by,
            score=round(max(score.total, 0.0), 6),
            reasons=reasons,
            municipality=_municipality(seeker),
            answer_url=settings.link(f"/answers/{token}"),
        )
    )
    return new.match_id


def _waiting(seeker: Seeker, reason: WaitingReason) -> snapshot.Waiting:
    return snapshot.Waiting(seeker.need_id, seeker.person_id, reason.value, seeker.waiting_since)


async def run_district(tx: Tx, settings: MatchingSettings) -> RunOutcome:
    """Propose what the district's assignment finds; record who waits and why."""
    await snapshot.lock_district(tx)
    today = await snapshot.today(tx)
    mentors = await snapshot.mentors(tx, today)
    needs = await snapshot.open_needs(tx)
    # Off the event loop: a large district's assignment takes a while, and it touches no I/O.
    assignment = await asyncio.to_thread(assign, needs.seekers, mentors, today=today)
    proposed: list[UUID] = []
    for proposal in assignment.proposals:
        if (match_id := await _propose(tx, settings, proposal)) is not None:
            proposed.append(match_id)
    waiting = [_waiting(seeker, WaitingReason.NO_CONSENT) for seeker in needs.without_consent]
    waiting += [_waiting(left.seeker, left.reason) for left in assignment.waiting]
    await snapshot.replace_waiting(tx, waiting)
    log.info("assignment run", proposed=len(proposed), waiting=len(waiting), mentors=len(mentors))
    return RunOutcome(tuple(proposed), len(waiting))


async def run_if_requested(tx: Tx, settings: MatchingSettings) -> RunOutcome | None:
    """The run a due request asks for, or None when none is due."""
    if not await snapshot.take_run_request(tx):
        return None
    return await run_district(tx, settings)

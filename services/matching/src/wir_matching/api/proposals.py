"""Routes of proposals and mentorships: coordinators see and steer them all, a case manager reads
those of one person, a volunteer sees and answers their own (and nothing of the person beyond the
topics, the municipality and the languages they share)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import AfterValidator, BaseModel, Field
from pydantic_core import PydanticCustomError

from wir_contracts.matching.v1 import DeclineReason, EndReason, MatchReason, ScoreComponent
from wir_contracts.needs import MentoringTopic
from wir_kit import Coordinator, Database, Principal, Role, require_roles
from wir_matching.api.deps import Config, CoordinatorOrVolunteer
from wir_matching.api.errors import MISSING
from wir_matching.commands import proposals
from wir_matching.db import matches
from wir_matching.domain.scoring import Reason, describe_de

router = APIRouter(tags=["proposals"])

#: Coordinators and case managers (who must name the person).
Reader = Annotated[Principal, Depends(require_roles(Role.COORDINATOR, Role.CASE_MANAGER))]
Volunteer = Annotated[Principal, Depends(require_roles(Role.VOLUNTEER))]
State = Annotated[str | None, Query(pattern="^(proposed|accepted|declined|expired|withdrawn|ended)$")]
Limit = Annotated[int, Query(ge=1, le=1000)]
CONFLICT: dict[int | str, dict[str, Any]] = {
    **MISSING,
    status.HTTP_409_CONFLICT: {"description": "The match's state does not allow this step."},
}


class ProposalOut(BaseModel):
    match_id: UUID
    version: int
    person_id: UUID
    need_id: UUID
    volunteer_id: UUID
    state: str
    score: float
    reasons: list[MatchReason]
    summary_de: str = Field(description='The reasons as a coordinator reads them: "spricht Dari; 4 km; …".')
    topics: list[MentoringTopic]
    municipality: str | None
    proposed_at: datetime
    respond_by: datetime
    answered_at: datetime | None
    decline_reason: str | None
    withdraw_reason: str | None
    end_reason: str | None
    ended_on: date | None


class OwnProposalOut(BaseModel):
    """A volunteer's view: what they need to judge the way and the fit, no more."""

    match_id: UUID
    state: str
    topics: list[MentoringTopic]
    municipality: str | None
    shared_languages: list[str]
    proposed_at: datetime
    respond_by: datetime
    answered_at: datetime | None


class MatchStep(BaseModel):
    match_id: UUID
    version: int
    state: str


class DeclineIn(BaseModel):
    reason: DeclineReason


def _not_future(day: date) -> date:
    # A day of slack: the caller's calendar may be ahead of the server's UTC one.
    if day > datetime.now(UTC).date() + timedelta(days=1):
        raise PydanticCustomError("date_future", "a mentorship cannot end in the future")
    return day


class EndIn(BaseModel):
    reason: EndReason
    ended_on: Annotated[date, AfterValidator(_not_future)]


def reasons_of(stored: Any) -> list[MatchReason]:
    raw = json.loads(stored) if isinstance(stored, str) else stored
    return [MatchReason.model_validate(item) for item in raw or []]


def summary_de(reasons: list[MatchReason]) -> str:
    return describe_de(
        Reason(
            r.component,
            r.points,
            languages=r.languages,
            distance_km=r.distance_km,
            topics=tuple(topic.value for topic in r.topics),
            hours_per_week=r.hours_per_week,
            waiting_days=r.waiting_days,
        )
        for r in reasons
    )


def shared_languages(reasons: list[MatchReason]) -> list[str]:
    return [code for r in reasons if r.component is ScoreComponent.LANGUAGE for code in r.languages]


def acting_volunteer(caller: Principal) -> UUID | None:
    """None for a coordinator (who acts on any of the district's matches), else the volunteer's id;
    a subject that is no volunteer id reaches no match at all."""
    if Role.COORDINATOR in caller.roles:
        return None
    try:
        return UUID(caller.sub)
    except ValueError:
        raise proposals.ProposalNotFound() from None


@router.get("/proposals")
async def list_proposals(
    db: Database,
    caller: Reader,
    state: State = None,
    person_id: UUID | None = None,
    limit: Limit = 200,
) -> list[ProposalOut]:
    """The district's matches, newest first; a case manager reads those of one person only."""
    if Role.COORDINATOR not in caller.roles and person_id is None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "a case manager reads the proposals of one person")
    async with db.transaction(caller.district) as tx:
        rows = await matches.list_matches(
            tx, state=state, person_id=person_id, volunteer_id=None, limit=limit
        )
    return [_listed(row) for row in rows]


def _listed(row: asyncpg.Record) -> ProposalOut:
    reasons = reasons_of(row["reasons"])
    return ProposalOut(
        **{k: v for k, v in dict(row).items() if k not in ("reasons", "topics", "score")},
        score=float(row["score"]),
        reasons=reasons,
        summary_de=summary_de(reasons),
        topics=sorted(row["topics"] or []),
    )


@router.get("/volunteers/me/proposals")
async def own_proposals(
    db: Database, caller: Volunteer, state: State = None, limit: Limit = 200
) -> list[OwnProposalOut]:
    """The calling volunteer's proposals and mentorships, newest first."""
    try:
        volunteer_id = UUID(caller.sub)
    except ValueError:
        return []
    async with db.transaction(caller.district) as tx:
        rows = await matches.volunteer_view(tx, volunteer_id, state, limit)
    return [
        OwnProposalOut(
            match_id=row["match_id"],
            state=row["state"],
            topics=sorted(row["topics"] or []),
            municipality=row["municipality"],
            shared_languages=shared_languages(reasons_of(row["reasons"])),
            proposed_at=row["proposed_at"],
            respond_by=row["respond_by"],
            answered_at=row["answered_at"],
        )
        for row in rows
    ]


@router.post("/proposals/{match_id}/accept", responses=CONFLICT)
async def accept(match_id: UUID, db: Database, caller: CoordinatorOrVolunteer) -> MatchStep:
    """The volunteer (or a coordinator for them) accepts: the mentorship starts."""
    async with db.transaction(caller.district) as tx:
        version = await proposals.accept(tx, match_id, volunteer_id=acting_volunteer(caller))
    return MatchStep(match_id=match_id, version=version, state="accepted")


@router.post("/proposals/{match_id}/decline", responses=CONFLICT)
async def decline(
    match_id: UUID, answer: DeclineIn, db: Database, caller: CoordinatorOrVolunteer, settings: Config
) -> MatchStep:
    """The volunteer (or a coordinator for them) declines: the next best volunteer is proposed."""
    async with db.transaction(caller.district) as tx:
        version = await proposals.decline(
            tx,
            match_id,
            answer.reason,
            volunteer_id=acting_volunteer(caller),
            run_delay_s=settings.run_debounce_s,
        )
    return MatchStep(match_id=match_id, version=version, state="declined")


@router.post("/proposals/{match_id}/withdraw", responses=CONFLICT)
async def withdraw(match_id: UUID, db: Database, caller: Coordinator, settings: Config) -> MatchStep:
    """A coordinator takes back a proposal or a running mentorship."""
    async with db.transaction(caller.district) as tx:
        version = await proposals.withdraw(tx, match_id, run_delay_s=settings.run_debounce_s)
    return MatchStep(match_id=match_id, version=version, state="withdrawn")


@router.post("/matches/{match_id}/end", responses=CONFLICT)
async def end(
    match_id: UUID, ending: EndIn, db: Database, caller: CoordinatorOrVolunteer, settings: Config
) -> MatchStep:
    """A running mentorship ends (the coordinator or the volunteer says so)."""
    async with db.transaction(caller.district) as tx:
        version = await proposals.end(
            tx,
            match_id,
            ending.reason,
            ending.ended_on,
            volunteer_id=acting_volunteer(caller),
            run_delay_s=settings.run_debounce_s,
        )
    return MatchStep(match_id=match_id, version=version, state="ended")

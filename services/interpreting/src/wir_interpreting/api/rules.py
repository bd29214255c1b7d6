"""The district's own rules for interpreting, set by its coordinators: the notice a request must
give, how long an interpreter has to answer, and the allowance rates of the monthly statement.
A district that never set them works by the defaults."""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from wir_interpreting.db import district_rules, rules
from wir_interpreting.domain.rules import DistrictRules
from wir_kit import Coordinator, Database

router = APIRouter(prefix="/district-rules", tags=["district rules"])


class RulesIn(BaseModel):
    """Every rule at once; the bounds are the database's."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)
    lead_time_hours: int = Field(ge=0, le=720, description="Least notice a request must give (Vorlaufzeit).")
    answer_hours: int = Field(
        ge=1, le=336, description="Time an interpreter has to confirm (never past the start)."
    )
    flat_cents: int = Field(ge=0, le=100_000, description="Flat allowance per appointment, euro cents.")
    hourly_cents: int = Field(ge=0, le=100_000, description="Allowance per hour interpreted, euro cents.")
    per_km_cents: int = Field(ge=0, le=1_000, description="Allowance per kilometre travelled, euro cents.")
    short_notice_hours: int = Field(
        ge=0, le=336, description="A cancellation later than this before the start is short-notice."
    )
    short_notice_cancel_cents: int = Field(
        ge=0,
        le=100_000,
        description="Paid for a confirmed appointment cancelled at short notice, euro cents.",
    )


class RulesOut(RulesIn):
    version: int = Field(description="0 while the district works by the defaults.")


def _out(found: DistrictRules) -> RulesOut:
    return RulesOut(**dataclasses.asdict(found))


@router.get("")
async def read(db: Database, caller: Coordinator) -> RulesOut:
    async with db.transaction(caller.district) as tx:
        return _out(await rules.load(tx))


@router.put("")
async def replace(new: RulesIn, db: Database, caller: Coordinator) -> RulesOut:
    """Set every rule; requests and statements from now on go by them."""
    async with db.transaction(caller.district) as tx:
        await district_rules.save(tx, DistrictRules(**new.model_dump()))
        return _out(await rules.load(tx))

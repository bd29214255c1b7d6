"""What a monthly statement lists, read from the district's appointments."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from wir_contracts.interpreting.v1 import AppointmentOutcome
from wir_interpreting.domain.allowance import amount_cents
from wir_interpreting.domain.rules import DistrictRules
from wir_interpreting.domain.statement import Job, JobOutcome
from wir_kit import Tx, load_queries

Q = load_queries("wir_interpreting.db", "statements.sql")


async def jobs(
    tx: Tx, start: datetime, end: datetime, rules: DistrictRules, interpreter_id: UUID | None = None
) -> list[Job]:
    """The month's jobs, of every interpreter or of one. An amount not stored with the
    appointment (recorded before amounts were) is reckoned by `rules`."""
    rows = await tx.fetch(Q["jobs"], tx.district, start, end, interpreter_id)
    return [_job(row, rules) for row in rows]


def _job(row: asyncpg.Record, rules: DistrictRules) -> Job:
    outcome = _outcome(row)
    amount = row["allowance_cents"]
    if amount is None:
        amount = amount_cents(
            rules,
            outcome=None if outcome is JobOutcome.SHORT_NOTICE_CANCELLATION else AppointmentOutcome(outcome),
            minutes=row["minutes"] or 0,
            kilometres=row["kilometres"] or 0,
            short_notice_cancellation=outcome is JobOutcome.SHORT_NOTICE_CANCELLATION,
        )
    return Job(
        appointment_id=row["appointment_id"],
        interpreter_id=row["interpreter_id"],
        interpreter_district=row["interpreter_district"],
        interpreter_name=row["interpreter_name"],
        starts_at=row["starts_at"],
        language=row["language"],
        variety=row["variety"],
        mode=row["mode"],
        outcome=outcome,
        minutes=row["minutes"],
        kilometres=row["kilometres"],
        amount_cents=amount,
    )


def _outcome(row: asyncpg.Record) -> JobOutcome:
    if row["state"] == "cancelled":
        return JobOutcome.SHORT_NOTICE_CANCELLATION
    if row["outcome"] is not None:
        return JobOutcome(row["outcome"])
    # A completion recorded without saying whose no-show it was: the state still tells which.
    return JobOutcome.COMPLETED if row["state"] == "completed" else JobOutcome.INTERPRETER_NO_SHOW

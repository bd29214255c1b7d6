"""Routes of the steps after assignment, for callers with an account: the interpreter confirms,
declines or gives back; case managers and coordinators cancel, move and complete; the
interpreter may report completion too. Answers carry the appointment's state, never the person:
interpreters call these routes as well."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, status
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from wir_contracts.interpreting.v1 import AppointmentOutcome, CancellationReason, CancelledBy, DeclineReason
from wir_interpreting.api.deps import Config, CoordinatorOrInterpreter, Requester
from wir_interpreting.api.errors import MISSING
from wir_interpreting.commands import answers, changes
from wir_interpreting.domain.errors import FieldError, NotFound
from wir_interpreting.domain.model import Appointment
from wir_kit import Database, Principal, Role, require_roles

router = APIRouter(prefix="/appointments/{appointment_id}", tags=["appointments"])

#: Who acts for whoever is assigned in cancelling and completing.
STAFF = (Role.COORDINATOR, Role.CASE_MANAGER)
#: Case managers and coordinators of the district, and interpreters (only for what they hold).
Involved = Annotated[Principal, Depends(require_roles(Role.CASE_MANAGER, Role.COORDINATOR, Role.INTERPRETER))]
STEP: dict[int | str, dict[str, Any]] = {
    **MISSING,
    status.HTTP_409_CONFLICT: {"description": "The appointment's state (or its deadline) forbids this step."},
}


class StepOut(BaseModel):
    """Where the appointment stands after the step."""

    appointment_id: UUID
    version: int
    state: str
    starts_at: datetime
    ends_at: datetime
    interpreter_id: UUID | None
    respond_by: datetime | None


class DeclineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: DeclineReason


class CancelIn(BaseModel):
    """`reason` is required unless the interpreter cancels: that gives the appointment back, for
    the reason in `decline_reason` (default other). Staff name the side that cancelled in
    `cancelled_by` (default: themselves: requester for a case manager, else coordinator)."""

    model_config = ConfigDict(extra="forbid")

    reason: CancellationReason | None = None
    cancelled_by: CancelledBy | None = None
    decline_reason: DeclineReason | None = None


class RescheduleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    starts_at: AwareDatetime
    ends_at: AwareDatetime


class CompleteIn(BaseModel):
    """`minutes` defaults to the planned length; kilometres are there and back."""

    model_config = ConfigDict(extra="forbid")

    outcome: AppointmentOutcome = AppointmentOutcome.COMPLETED
    minutes: int | None = Field(default=None, ge=1, le=1440)
    kilometres: int = Field(default=0, ge=0, le=1000)


def _step(appointment: Appointment) -> StepOut:
    return StepOut.model_validate({name: getattr(appointment, name) for name in StepOut.model_fields})


def acting_interpreter(caller: Principal, *staff: Role) -> UUID | None:
    """The interpreter acting for themself; None for a caller in one of the `staff` roles, who
    acts for whoever is assigned. A token whose subject is no interpreter id finds nothing."""
    if any(role in caller.roles for role in staff):
        return None
    try:
        return UUID(caller.sub)
    except ValueError as error:
        raise NotFound() from error


@router.post("/confirm", responses=STEP)
async def confirm(
    appointment_id: UUID, db: Database, caller: CoordinatorOrInterpreter, settings: Config
) -> StepOut:
    """The assigned interpreter (or a coordinator for them) confirms before the deadline."""
    async with db.transaction(caller.district) as tx:
        stored = await answers.confirm(
            tx,
            settings,
            appointment_id,
            interpreter_id=acting_interpreter(caller, Role.COORDINATOR),
            now=datetime.now(UTC),
        )
    return _step(stored)


@router.post("/decline", responses=STEP)
async def decline(
    appointment_id: UUID, body: DeclineIn, db: Database, caller: CoordinatorOrInterpreter, settings: Config
) -> StepOut:
    """Declines an assignment before the deadline, or gives back a confirmed appointment; the
    next candidate is asked at once."""
    async with db.transaction(caller.district) as tx:
        stored = await answers.decline(
            tx,
            settings,
            appointment_id,
            body.reason,
            interpreter_id=acting_interpreter(caller, Role.COORDINATOR),
            now=datetime.now(UTC),
        )
    return _step(stored)


@router.post("/cancel", responses=STEP)
async def cancel(
    appointment_id: UUID, body: CancelIn, db: Database, caller: Involved, settings: Config
) -> StepOut:
    """Cancel before the start, with the reason and the side that cancelled; an interpreter's
    cancellation gives the appointment back for someone else."""
    interpreter_id = acting_interpreter(caller, *STAFF)
    cancelled_by = body.cancelled_by or _side_of(caller)
    _check_cancellation(body, cancelled_by, by_interpreter=interpreter_id is not None)
    now = datetime.now(UTC)
    async with db.transaction(caller.district) as tx:
        if cancelled_by is CancelledBy.INTERPRETER:
            reason = body.decline_reason or DeclineReason.OTHER
            stored = await answers.decline(
                tx, settings, appointment_id, reason, interpreter_id=interpreter_id, now=now
            )
        else:
            assert body.reason is not None  # checked above
            stored = await changes.cancel(tx, appointment_id, body.reason, cancelled_by, now=now)
    return _step(stored)


def _check_cancellation(body: CancelIn, cancelled_by: CancelledBy, *, by_interpreter: bool) -> None:
    if by_interpreter and cancelled_by is not CancelledBy.INTERPRETER:
        raise FieldError(("cancelled_by",), "interpreter", "an interpreter cancels only for themself")
    if cancelled_by is CancelledBy.INTERPRETER:
        return
    if body.decline_reason is not None:
        raise FieldError(("decline_reason",), "not_interpreter", "only an interpreter's cancellation has one")
    if body.reason is None:
        raise FieldError(("reason",), "missing", "say why the appointment is cancelled")


def _side_of(caller: Principal) -> CancelledBy:
    if Role.COORDINATOR in caller.roles:
        return CancelledBy.COORDINATOR
    if Role.CASE_MANAGER in caller.roles:
        return CancelledBy.REQUESTER
    return CancelledBy.INTERPRETER


@router.post("/reschedule", responses=STEP)
async def reschedule(
    appointment_id: UUID, body: RescheduleIn, db: Database, caller: Requester, settings: Config
) -> StepOut:
    """Move the appointment; its interpreter confirms the new time again (or someone else is asked)."""
    async with db.transaction(caller.district) as tx:
        stored = await changes.reschedule(
            tx, settings, appointment_id, body.starts_at, body.ends_at, now=datetime.now(UTC)
        )
    return _step(stored)


@router.post("/complete", responses=STEP)
async def complete(appointment_id: UUID, body: CompleteIn, db: Database, caller: Involved) -> StepOut:
    """Record how a confirmed appointment went (after its start), with the allowance owed."""
    async with db.transaction(caller.district) as tx:
        stored = await changes.complete(
            tx,
            appointment_id,
            body.outcome,
            minutes=body.minutes,
            kilometres=body.kilometres,
            interpreter_id=acting_interpreter(caller, *STAFF),
            now=datetime.now(UTC),
        )
    return _step(stored)

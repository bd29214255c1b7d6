"""Offering an appointment to an interpreter: the best candidate whose calendar takes the
booking is asked, with a deadline and a signed answer link; nobody left → unfilled, with why.

A booking refused by the exclusion constraint means another assignment (in this process or any
other replica) took that interpreter's time first: the next candidate is tried."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from wir_contracts.interpreting.v1 import InterpreterAssigned, InterpretingUnfilled
from wir_interpreting.adapters import links
from wir_interpreting.commands.appointment_events import appointment_fields
from wir_interpreting.db import appointments, bookings, candidates
from wir_interpreting.db import rules as district_rules
from wir_interpreting.domain.candidates import rank, unfilled_reason
from wir_interpreting.domain.errors import Conflict, FieldError
from wir_interpreting.domain.model import Appointment
from wir_interpreting.domain.rules import DistrictRules
from wir_interpreting.domain.travel import travel_minutes
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Tx, get_logger

log = get_logger(__name__)

#: The least time an interpreter is given to answer, however close the appointment.
LEAST_ANSWER_TIME = timedelta(minutes=10)
#: The answer is due this long before the start, so that someone else can still be found.
ANSWER_BEFORE_START = timedelta(hours=1)


def respond_by(rules: DistrictRules, appointment: Appointment, *, now: datetime) -> datetime:
    due = min(now + timedelta(hours=rules.answer_hours), appointment.starts_at - ANSWER_BEFORE_START)
    return max(due, now + LEAST_ANSWER_TIME)


def answer_link(settings: InterpretingSettings, appointment: Appointment, interpreter_id: UUID) -> str:
    """The signed link where the interpreter answers, valid until the appointment's respond_by."""
    if appointment.respond_by is None:
        raise ValueError("an answer link needs the appointment's respond_by")
    token = links.sign_answer(
        settings.answer_link_secret,
        district=appointment.district,
        appointment_id=appointment.appointment_id,
        interpreter_id=interpreter_id,
        expires_at=appointment.respond_by,
    )
    return settings.link(f"/answers/{token}")


async def assign_next(
    tx: Tx, settings: InterpretingSettings, appointment: Appointment, *, now: datetime
) -> Appointment:
    """Ask the best free candidate not asked before, or mark the appointment unfilled.
    Scheduled reminders are the caller's to drop (before it publishes its own step)."""
    if appointment.starts_at <= now:
        # Too late for anyone to come: the coordinators hear of it rather than someone being asked.
        return await _unfilled(tx, appointment)
    due = respond_by(await district_rules.load(tx), appointment, now=now)
    for ranked in rank(appointment, await candidates.for_appointment(tx, appointment)):
        candidate = ranked.candidate
        held = await bookings.hold(
            tx,
            appointment,
            interpreter_id=candidate.interpreter_id,
            interpreter_district=candidate.district,
            travel_minutes=ranked.travel_minutes,
            respond_by=due,
        )
        if held:
            return await _ask(
                tx, settings, appointment, candidate.interpreter_id, candidate.district, due, now
            )
    return await _unfilled(tx, appointment)


async def assign_manually(
    tx: Tx, settings: InterpretingSettings, appointment_id: UUID, interpreter_id: UUID, *, now: datetime
) -> Appointment:
    """A coordinator's own choice, over the week and the ranking, but never over the documents,
    the language, the mode or another booking of the interpreter."""
    appointment = await appointments.load_for_update(tx, appointment_id)
    if appointment.state not in ("open", "unfilled"):
        raise Conflict(f"an appointment that is {appointment.state} cannot be assigned")
    if appointment.starts_at <= now:
        raise Conflict("the appointment has begun")
    chosen = await candidates.chosen(tx, interpreter_id, appointment)
    if chosen is None or not chosen.active:
        raise FieldError(("interpreter_id",), "unknown", "no active interpreter of this id in reach")
    if not chosen.speaks:
        raise FieldError(("interpreter_id",), "language", "the interpreter does not speak the language")
    if appointment.mode.value not in chosen.modes:
        raise FieldError(("interpreter_id",), "mode", "the interpreter does not work in this mode")
    if not chosen.compliant:
        raise Conflict("the interpreter's documents are not valid on the appointment's day")
    due = respond_by(await district_rules.load(tx), appointment, now=now)
    held = await bookings.hold(
        tx,
        appointment,
        interpreter_id=interpreter_id,
        interpreter_district=chosen.district,
        travel_minutes=travel_minutes(appointment.mode, chosen.home_municipality, appointment.municipality),
        respond_by=due,
    )
    if not held:
        raise Conflict("the interpreter is booked at that time")
    return await _ask(tx, settings, appointment, interpreter_id, chosen.district, due, now)


async def _ask(
    tx: Tx,
    settings: InterpretingSettings,
    appointment: Appointment,
    interpreter_id: UUID,
    interpreter_district: str,
    due: datetime,
    now: datetime,
) -> Appointment:
    stored = await appointments.mark_assigned(
        tx, appointment.appointment_id, interpreter_id, interpreter_district, due
    )
    await bookings.record_asked(tx, stored.appointment_id, interpreter_id, interpreter_district, now=now)
    # A neighbouring pool's interpreter is told by their own district's copy (jobs/neighbours),
    # which carries the link; the requesting district's event must not.
    link = None if stored.served_from_neighbour else answer_link(settings, stored, interpreter_id)
    await tx.publish(
        InterpreterAssigned(
            **appointment_fields(stored, stored.version),
            interpreter_id=interpreter_id,
            appointment=stored.details(),
            respond_by=due,
            answer_url=link,
        )
    )
    log.info(
        "interpreter asked", appointment_id=str(stored.appointment_id), interpreter_id=str(interpreter_id)
    )
    return stored


async def _unfilled(tx: Tx, appointment: Appointment) -> Appointment:
    reason = unfilled_reason(
        speakers=await appointments.speakers(tx, appointment.language),
        outcomes=await candidates.outcomes(tx, appointment.appointment_id),
    )
    stored = await appointments.mark_unfilled(tx, appointment.appointment_id, reason)
    await tx.publish(
        InterpretingUnfilled(
            **appointment_fields(stored, stored.version), reason=reason, appointment=stored.details()
        )
    )
    log.info("appointment unfilled", appointment_id=str(stored.appointment_id), reason=reason.value)
    return stored

"""What every event about an appointment carries besides its own facts, filled in once: in the
requesting district, and in the copies a neighbouring pool's district publishes for its
interpreter (which name neither the person nor the requester)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from wir_interpreting.domain.model import Appointment


def appointment_fields(appointment: Appointment, version: int) -> dict[str, Any]:
    """The requesting district's event fields for the appointment at `version`."""
    return {
        "district": appointment.district,
        "appointment_id": appointment.appointment_id,
        "aggregate_version": version,
        "person_id": appointment.person_id,
        "requester": appointment.requester,
        "interpreter_district": appointment.interpreter_district
        if appointment.served_from_neighbour
        else None,
    }


def neighbour_copy_fields(
    interpreter_district: str, appointment_id: UUID, booking_version: int
) -> dict[str, Any]:
    """The fields of a copy told to a neighbouring pool's interpreter in their own district;
    ordered by the booking's version there, since that district never sees the appointment's."""
    return {
        "district": interpreter_district,
        "appointment_id": appointment_id,
        "aggregate_version": booking_version,
        "person_id": None,
        "requester": None,
        "interpreter_district": None,
    }

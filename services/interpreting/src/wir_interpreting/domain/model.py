"""What the service reasons about: an appointment as requested and booked, and an interpreter's
week. Plain values, built by the db layer from rows and by the API from requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from wir_contracts.interpreting.v1 import AppointmentDetails, InterpretingMode, Venue


@dataclass(frozen=True, slots=True)
class WeeklySlot:
    """A time an interpreter is usually free, in Europe/Berlin; Monday is weekday 0."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True, slots=True)
class Absence:
    """Days (both included) an interpreter is away."""

    first_day: date
    last_day: date


@dataclass(frozen=True, slots=True)
class Appointment:
    """One request for interpreting, with whoever holds it now."""

    district: str
    appointment_id: UUID
    version: int
    person_id: UUID | None
    language: str
    variety: str | None
    mode: InterpretingMode
    venue: Venue
    department: str | None
    municipality: str | None
    address: str | None
    remote_link: str | None
    starts_at: datetime
    ends_at: datetime
    notes: str | None
    #: The requester's contact as the contracts' `Contact` dumps it, or None.
    requester: dict[str, Any] | None
    requested_by: str
    state: str
    interpreter_id: UUID | None
    interpreter_district: str | None
    respond_by: datetime | None
    #: Why nobody could be asked, while the request is unfilled (`domain.candidates`).
    unfilled_reason: str | None = None

    def details(self) -> AppointmentDetails:
        """The appointment as events describe it (no notes, no person)."""
        return AppointmentDetails(
            language=self.language,
            variety=self.variety,
            mode=self.mode,
            venue=self.venue,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            municipality=self.municipality,
            address=self.address,
            department=self.department,
            remote_link=self.remote_link,
        )

    @property
    def served_from_neighbour(self) -> bool:
        return self.interpreter_district is not None and self.interpreter_district != self.district

"""The case timeline: what other services did for a person, without their personal data.

Events arrive in one tolerant model; each known kind contributes a few whitelisted details
(ids, codes, dates); an unknown kind is kept with its envelope alone, because its fields are
not known to be free of personal data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from uuid import UUID

from pydantic import Field, JsonValue

from wir_contracts.catalog import consumed_by
from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.envelope import Event
from wir_contracts.intake.v1 import PersonErasureRequested
from wir_contracts.services import Service

_SNAKE = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
_MAX_TEXT = 64  # codes and ids; anything longer is not a detail we expect


class ForeignEvent(Event):
    """Any event about a person: the envelope, whose person it is, and the details we show."""

    event_type: str = Field(pattern=_SNAKE, max_length=64, description="Name of the event.")
    event_version: str = Field(pattern=r"^[0-9]+\.[0-9]+$", description="Contract version.")
    producer: str = Field(pattern=_SNAKE, max_length=64, description="Service that published it.")
    person_id: UUID | None = None
    recipient_kind: str | None = None
    recipient_id: UUID | None = None
    # Loosely typed: they differ by kind, and a kind we do not know must not fail validation.
    kind: JsonValue = None
    outcome: JsonValue = None
    language: JsonValue = None
    language_level: JsonValue = None
    level: JsonValue = None
    exam: JsonValue = None
    reason: JsonValue = None
    channel: JsonValue = None
    template: JsonValue = None
    minutes: JsonValue = None
    topics: JsonValue = None
    completed_on: JsonValue = None
    certified_on: JsonValue = None
    ended_on: JsonValue = None
    respond_by: JsonValue = None
    score: JsonValue = None
    reasons: JsonValue = None
    waiting_since: JsonValue = None
    waiting_days: JsonValue = None
    appointment: JsonValue = None
    course_id: JsonValue = None
    match_id: JsonValue = None
    need_id: JsonValue = None
    volunteer_id: JsonValue = None
    appointment_id: JsonValue = None
    interpreter_id: JsonValue = None
    notification_id: JsonValue = None
    previous_starts_at: JsonValue = None
    cancelled_by: JsonValue = None
    short_notice: JsonValue = None
    after_confirming: JsonValue = None
    hours_before: JsonValue = None

    def subject(self) -> UUID | None:
        """The person the event is about, if any (a notification names its recipient)."""
        if self.person_id is not None:
            return self.person_id
        if self.recipient_kind == "person":
            return self.recipient_id
        return None


_APPOINTMENT = ("appointment_id", "interpreter_id")
_MATCH = ("match_id", "volunteer_id")
_DELIVERY = ("notification_id", "template", "language", "channel")
DETAILS: Mapping[str, tuple[str, ...]] = {
    "course_completed": ("course_id", "kind", "completed_on", "outcome", "language_level"),
    "language_level_certified": ("language", "level", "exam", "certified_on"),
    # Never the answer link (it answers for the volunteer) nor the mentor's contact.
    "match_proposed": (*_MATCH, "need_id", "topics", "respond_by", "score", "reasons"),
    "match_accepted": _MATCH,
    "match_declined": (*_MATCH, "reason"),
    "mentorship_ended": (*_MATCH, "reason", "ended_on"),
    "match_expired": _MATCH,
    "match_withdrawn": (*_MATCH, "reason"),
    "person_waiting_for_mentor": ("need_id", "waiting_since", "waiting_days", "reason"),
    # Never the answer link (it answers for the interpreter), the requester's contact, the
    # dial-in link or the interpreter's allowance.
    "interpreting_requested": (*_APPOINTMENT, "appointment"),
    "interpreter_assigned": (*_APPOINTMENT, "appointment"),
    "appointment_confirmed": (*_APPOINTMENT, "appointment"),
    "interpreter_declined": (*_APPOINTMENT, "reason", "after_confirming"),
    "appointment_cancelled": (*_APPOINTMENT, "reason", "cancelled_by", "short_notice"),
    "appointment_reminder_due": (*_APPOINTMENT, "appointment", "hours_before"),
    "appointment_completed": (*_APPOINTMENT, "minutes", "outcome"),
    "interpreting_unfilled": (*_APPOINTMENT, "reason", "appointment"),
    "appointment_rescheduled": (*_APPOINTMENT, "appointment", "previous_starts_at"),
    "notification_sent": _DELIVERY,
    "notification_failed": (*_DELIVERY, "reason"),
}
# Of an appointment, what happens and when; never the address, department or dial-in link.
_APPOINTMENT_PARTS = ("language", "variety", "mode", "venue", "starts_at", "ends_at")
# Of a proposal's reasons, the codes and figures that make "speaks Dari; 4 km; housing".
_REASON_PARTS = (
    "component",
    "points",
    "languages",
    "topics",
    "distance_km",
    "hours_per_week",
    "waiting_days",
)
_MAX_REASONS = 10
_NOT_ON_TIMELINE = (ErasureCompleted, PersonErasureRequested)


def timeline_events() -> tuple[type[Event], ...]:
    """The catalog's events that intake consumes for the timeline."""
    return tuple(event for event in consumed_by(Service.INTAKE) if event not in _NOT_ON_TIMELINE)


@cache
def _known() -> frozenset[tuple[str, str]]:
    return frozenset((event.PRODUCER, event.EVENT) for event in timeline_events())


def details_of(event: ForeignEvent) -> dict[str, JsonValue]:
    """The whitelisted details of a known kind of event; none for an unknown kind."""
    if (event.producer, event.event_type) not in _known():
        return {}
    details: dict[str, JsonValue] = {}
    for name in DETAILS.get(event.event_type, ()):
        value = getattr(event, name)
        kept = _STRUCTURED.get(name, _plain)(value)
        if kept is not None:
            details[name] = kept
    return details


def _plain(value: JsonValue) -> JsonValue:
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if len(value) <= _MAX_TEXT else None
    if isinstance(value, list):
        items = [_plain(item) for item in value if isinstance(item, str | int)]
        return [item for item in items if item is not None]
    return None


def _parts(value: JsonValue, parts: tuple[str, ...]) -> dict[str, JsonValue] | None:
    if not isinstance(value, dict):
        return None
    return {part: _plain(value[part]) for part in parts if part in value}


def _appointment(value: JsonValue) -> JsonValue:
    """What and when; a part the appointment does not state (no variety) is left out."""
    parts = _parts(value, _APPOINTMENT_PARTS)
    return None if parts is None else {name: part for name, part in parts.items() if part is not None}


def _reasons(value: JsonValue) -> JsonValue:
    """Each reason's codes and figures; the parts a component does not use (null, empty) go."""
    if not isinstance(value, list):
        return None
    kept: list[JsonValue] = []
    for reason in value[:_MAX_REASONS]:
        parts = _parts(reason, _REASON_PARTS) or {}
        used: dict[str, JsonValue] = {name: part for name, part in parts.items() if part not in (None, [])}
        if used:
            kept.append(used)
    return kept


_STRUCTURED: Mapping[str, Callable[[JsonValue], JsonValue]] = {
    "appointment": _appointment,
    "reasons": _reasons,
}

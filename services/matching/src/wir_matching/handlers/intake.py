"""What matching does with intake's events: keep each person's profile, consents and open
mentoring needs current (each part only when newer), withdraw what consent or a closed need no
longer allows, erase on request and confirm."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from wir_contracts.intake.v1 import (
    ConsentChanged,
    NeedsRecorded,
    PersonErasureRequested,
    PersonRegistered,
    PersonUpdated,
)
from wir_contracts.needs import NeedKind, NeedUrgency
from wir_kit import Subscription, Tx
from wir_matching.commands import people
from wir_matching.db.people import OpenNeed
from wir_matching.settings import MatchingSettings

E = TypeVar("E")
Handler = Callable[[E, Tx], Awaitable[None]]


def _on_profile(settings: MatchingSettings) -> Handler[PersonRegistered | PersonUpdated]:
    async def handle(event: PersonRegistered | PersonUpdated, tx: Tx) -> None:
        """Keep where the person lives and the languages they speak, with their levels."""
        await people.apply_profile(
            tx,
            event.person_id,
            event.municipality,
            people.spoken(event.languages, event.language_levels),
            event.aggregate_version,
            run_delay_s=settings.run_debounce_s,
        )
        if isinstance(event, PersonRegistered):
            await people.apply_consents(
                tx,
                event.person_id,
                event.consents,
                event.aggregate_version,
                run_delay_s=settings.run_debounce_s,
            )

    return handle


def _on_consent_changed(settings: MatchingSettings) -> Handler[ConsentChanged]:
    async def handle(event: ConsentChanged, tx: Tx) -> None:
        """Without consent to share with volunteers, proposals and mentorships are withdrawn."""
        await people.apply_consents(
            tx, event.person_id, event.consents, event.aggregate_version, run_delay_s=settings.run_debounce_s
        )

    return handle


def _on_needs_recorded(settings: MatchingSettings) -> Handler[NeedsRecorded]:
    async def handle(event: NeedsRecorded, tx: Tx) -> None:
        """Keep the open mentoring needs; other kinds are other services' business."""
        mentoring = [
            OpenNeed(
                need_id=need.need_id,
                topics=tuple(need.topics),
                urgency=need.urgency or NeedUrgency.ROUTINE,
                open_since=need.open_since,
                mentor_gender=need.mentor_gender,
            )
            for need in event.needs
            if need.kind == NeedKind.MENTORING
        ]
        await people.apply_needs(
            tx,
            event.person_id,
            mentoring,
            event.aggregate_version,
            event.occurred_at.date(),
            run_delay_s=settings.run_debounce_s,
        )

    return handle


def _on_erasure_requested(settings: MatchingSettings) -> Handler[PersonErasureRequested]:
    async def handle(event: PersonErasureRequested, tx: Tx) -> None:
        """Erase the person, their needs and matches; confirm with ErasureCompleted."""
        await people.erase(tx, event.person_id, event.request_id, run_delay_s=settings.run_debounce_s)

    return handle


def subscriptions(settings: MatchingSettings) -> list[Subscription[Any]]:
    """Intake's events matching consumes; the handlers ask for runs after the debounce."""
    on_profile = _on_profile(settings)
    return [
        Subscription("person_registered", PersonRegistered, on_profile),
        Subscription("person_updated", PersonUpdated, on_profile),
        Subscription("consent_changed", ConsentChanged, _on_consent_changed(settings)),
        Subscription("needs_recorded", NeedsRecorded, _on_needs_recorded(settings)),
        Subscription("person_erasure_requested", PersonErasureRequested, _on_erasure_requested(settings)),
    ]

"""What competence does with intake's events: open the record, keep the person's preferred
language, consents and name current, stop shares when consent goes, erase on request."""

from __future__ import annotations

from typing import Any

from wir_competence.commands import records
from wir_competence.domain.holder import BirthDate, Holder
from wir_competence.settings import CompetenceSettings
from wir_contracts.intake.v1 import (
    ConsentChanged,
    PersonErasureRequested,
    PersonIdentified,
    PersonRegistered,
    PersonUpdated,
)
from wir_kit import Subscription, Tx


async def on_person_registered(event: PersonRegistered, tx: Tx) -> None:
    """Open the person's record with their preferred language and consents (once per version)."""
    await records.apply_registration(
        tx, event.person_id, event.preferred_language, event.consents, event.aggregate_version
    )


async def on_person_updated(event: PersonUpdated, tx: Tx) -> None:
    """Keep the preferred language the record is printed in; stale versions change nothing."""
    await records.apply_profile(tx, event.person_id, event.preferred_language, event.aggregate_version)


async def on_consent_changed(event: ConsentChanged, tx: Tx) -> None:
    """Keep the consents; without consent to share with employers every share stops at once."""
    await records.apply_consents(tx, event.person_id, event.consents, event.aggregate_version)


async def on_person_identified(event: PersonIdentified, tx: Tx) -> None:
    """Keep the name and date of birth the Kompetenznachweis prints; stale versions change nothing."""
    born = event.date_of_birth
    holder = Holder(
        name_original=event.name_original,
        name_latin=event.name_latin,
        born=None if born is None else BirthDate(born.year, born.month, born.day),
    )
    await records.apply_identity(tx, event.person_id, holder, event.aggregate_version)


async def on_person_erasure_requested(event: PersonErasureRequested, tx: Tx) -> None:
    """Erase the record, its history, shares, access log, printed-document codes and name; confirm."""
    await records.erase(tx, event.person_id, event.request_id)


def subscriptions(settings: CompetenceSettings) -> list[Subscription[Any]]:
    """Intake's events competence consumes; the handlers need nothing of the settings."""
    return [
        Subscription("person_registered", PersonRegistered, on_person_registered),
        Subscription("person_updated", PersonUpdated, on_person_updated),
        Subscription("consent_changed", ConsentChanged, on_consent_changed),
        Subscription("person_erasure_requested", PersonErasureRequested, on_person_erasure_requested),
        Subscription("person_identified", PersonIdentified, on_person_identified),
    ]

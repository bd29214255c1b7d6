"""What competence does with intake's events: open the record, keep the person's preferred
language and consents current, stop shares when consent goes, erase on request."""

from __future__ import annotations

from wir_competence.db import store
from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.consent import ConsentPurpose
from wir_contracts.intake.v1 import ConsentChanged, PersonErasureRequested, PersonRegistered, PersonUpdated
from wir_contracts.services import Service
from wir_kit.db import Tx
from wir_kit.subscriptions import Subscription


async def _apply_consents(tx: Tx, event: PersonRegistered | ConsentChanged) -> None:
    applied = await store.apply_consents(tx, event.person_id, event.consents, event.aggregate_version)
    if applied and ConsentPurpose.SHARE_WITH_EMPLOYERS not in event.consents:
        await store.revoke_shares_of_person(tx, event.person_id, "consent_withdrawn")


async def on_person_registered(event: PersonRegistered, tx: Tx) -> None:
    """Open the person's record with their preferred language and consents (once per version)."""
    await store.apply_profile(tx, event.person_id, event.preferred_language, event.aggregate_version)
    await _apply_consents(tx, event)


async def on_person_updated(event: PersonUpdated, tx: Tx) -> None:
    """Keep the preferred language the record is printed in; stale versions change nothing."""
    await store.apply_profile(tx, event.person_id, event.preferred_language, event.aggregate_version)


async def on_consent_changed(event: ConsentChanged, tx: Tx) -> None:
    """Keep the consents; without consent to share with employers every share stops at once."""
    await _apply_consents(tx, event)


async def on_person_erasure_requested(event: PersonErasureRequested, tx: Tx) -> None:
    """Erase the record, its history, shares, access log and printed-document codes; confirm."""
    await store.erase(tx, event.person_id, event.request_id)
    await tx.publish(
        ErasureCompleted(
            district=event.district,
            producer=Service.COMPETENCE,
            person_id=event.person_id,
            request_id=event.request_id,
        )
    )


SUBSCRIPTIONS = (
    Subscription("person_registered", PersonRegistered, on_person_registered),
    Subscription("person_updated", PersonUpdated, on_person_updated),
    Subscription("consent_changed", ConsentChanged, on_consent_changed),
    Subscription("person_erasure_requested", PersonErasureRequested, on_person_erasure_requested),
)

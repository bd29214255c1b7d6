"""Coordinators as recipients: the directory kept in step with the district's settings, and
what coordinators are told (a proposal declined or expired, a person waiting too long)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wir_contracts.envelope import Event
from wir_contracts.notifications.v1 import RecipientKind
from wir_kit import Tx
from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.commands.notifications import notify, record_undeliverable
from wir_notifications.commands.recipients import cancel_open
from wir_notifications.db import district_settings, recipients
from wir_notifications.domain import notices
from wir_notifications.domain.notices import Notice
from wir_notifications.domain.staff import coordinator_id, nobody_id


async def keep_coordinators(tx: Tx, coordinators: list[dict[str, str]]) -> None:
    """The district's staff entries become exactly the coordinators named; one no longer named
    gets nothing more, and what still waited for them is cancelled."""
    kept = []
    for coordinator in coordinators:
        staff_id = coordinator_id(tx.district, coordinator["email"])
        await recipients.keep_staff(
            tx, staff_id, coordinator["name"], coordinator["email"], coordinator["language"]
        )
        kept.append(staff_id)
    for gone in await recipients.retire_staff_except(tx, kept):
        await cancel_open(tx, RecipientKind.STAFF, gone, "coordinator_removed")


async def tell_coordinators(
    tx: Tx, collaborators: Collaborators, cause: Event, template: str, facts: Mapping[str, Any]
) -> None:
    """One notice per coordinator of the district; none named: the notice is recorded as
    failed (`no_channel: no_coordinator_contact`) and reported."""
    own = await district_settings.get(tx)
    coordinators = own.coordinators if own is not None else []
    if not coordinators:
        nobody = Notice(template, RecipientKind.STAFF, nobody_id(tx.district), facts)
        await record_undeliverable(tx, cause, nobody, "no_coordinator_contact")
        return
    staff_ids = [coordinator_id(tx.district, c["email"]) for c in coordinators]
    await notify(tx, collaborators, cause, notices.for_staff(template, staff_ids, facts))

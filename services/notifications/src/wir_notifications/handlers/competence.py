"""Competence's shared records: the person is told whom their Kompetenznachweis was shared with,
and the employer gets the link, in German, at the address only this event carries (kept only
while the message is open, `domain/staff.py`)."""

from __future__ import annotations

from typing import Any

from wir_contracts.competence.v1 import CompetenceRecordShared
from wir_kit import Subscription, Tx
from wir_notifications.commands import notifications
from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.domain import notices, staff


def subscriptions(collaborators: Collaborators) -> list[Subscription[Any]]:
    """The messages need the renderer and settings."""

    async def on_competence_record_shared(event: CompetenceRecordShared, tx: Tx) -> None:
        """Tell the person whom their Kompetenznachweis was shared with, and the employer the link
        (a 1.0 event carries none: then the case manager forwards it, as before)."""
        if event.share_url is None:
            await notifications.notify(tx, collaborators, event, notices.competence_shared(event))
            return
        employer = staff.employer(event.district, event.recipient_organisation, event.recipient_email)
        employer_notice = notices.employer_share(event, employer.recipient_id, event.share_url)
        told = [*notices.competence_shared(event), employer_notice]
        await notifications.notify_direct(tx, collaborators, event, told, employer)

    return [Subscription("competence_record_shared", CompetenceRecordShared, on_competence_record_shared)]

"""Competence's shared records: the person is told whom their Kompetenznachweis was shared with."""

from __future__ import annotations

from typing import Any

from wir_contracts.competence.v1 import CompetenceRecordShared
from wir_kit import Subscription, Tx
from wir_notifications.commands import notifications
from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.domain import notices


def subscriptions(collaborators: Collaborators) -> list[Subscription[Any]]:
    """The message needs the renderer and settings."""

    async def on_competence_record_shared(event: CompetenceRecordShared, tx: Tx) -> None:
        """Tell the person whom their Kompetenznachweis was shared with."""
        await notifications.notify(tx, collaborators, event, notices.competence_shared(event))

    return [Subscription("competence_record_shared", CompetenceRecordShared, on_competence_record_shared)]

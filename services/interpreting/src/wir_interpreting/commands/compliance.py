"""Interpreters' compliance documents over time: a reminder once per expiry date ahead of it.
An expired document needs no step of its own: the candidate search skips anyone without all
three valid on the appointment's day."""

from __future__ import annotations

from wir_contracts.interpreting.v1 import ComplianceDocument, InterpreterComplianceExpiring
from wir_interpreting.db import interpreters
from wir_kit import Tx


async def remind_expiring(tx: Tx, *, within_days: int) -> int:
    """Announce every document of an active interpreter that expires within `within_days` and
    has not been announced for that expiry date; how many were announced."""
    due = await interpreters.remind_expiring(tx, within_days)
    for document in due:
        await tx.publish(
            InterpreterComplianceExpiring(
                district=tx.district,
                interpreter_id=document.interpreter_id,
                document=ComplianceDocument(document.kind),
                expires_on=document.expires_on,
            )
        )
    return len(due)

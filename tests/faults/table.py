"""One row per fault, printed as a Markdown table (the terminal summary and build/fault-matrix.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest

from .accounting import Effects

HEADER = (
    "fault",
    "accepted",
    "refused",
    "records",
    "e-mails",
    "notifications",
    "dup records",
    "dup e-mails",
    "lost",
    "stuck outbox",
    "DLQ",
    "converged in",
)


@dataclass(frozen=True)
class Row:
    fault: str
    effects: Effects
    #: Dead letters that arrived during the fault's phase.
    dead_letters: int
    #: Seconds from the fault to every effect present; None: not within the bound.
    converged_s: float | None
    #: Refused attempts by answer (status code or transport error).
    refusals: Mapping[str, int] = field(default_factory=dict)
    #: Of the duplicated e-mails, those with the Message-ID of the first copy.
    same_message_id: int = 0

    @property
    def lost(self) -> int:
        """Accepted registrations without their record or their e-mail."""
        return max(self.effects.missing_records, self.effects.missing_emails)

    def cells(self) -> tuple[str, ...]:
        e = self.effects
        converged = "not converged" if self.converged_s is None else f"{self.converged_s:.1f} s"
        return (
            self.fault,
            str(e.accepted),
            str(e.refused),
            str(e.records),
            str(e.emails),
            str(e.notifications),
            str(e.duplicate_records),
            str(e.duplicate_emails),
            str(self.lost),
            str(e.stuck_outbox),
            str(self.dead_letters),
            converged,
        )

    def details(self) -> list[str]:
        found = []
        if self.refusals:
            answers = ", ".join(f"{answer} {n}" for answer, n in sorted(self.refusals.items()))
            found.append(f"{self.fault}: refused attempts by answer: {answers}")
        if self.effects.duplicate_emails:
            found.append(
                f"{self.fault}: {self.effects.duplicate_emails} welcome e-mail(s) sent twice, "
                f"{self.same_message_id} of them with the first copy's Message-ID"
            )
        return found


LEGEND = (
    "accepted: registrations answered 201 (one retried with its Idempotency-Key counts once); "
    "refused: attempts answered otherwise; records, e-mails, notifications: effects of the "
    "accepted ones; lost: accepted without record or e-mail; stuck outbox: due rows unpublished "
    "in any service after the phase; DLQ: dead letters of the phase; converged in: from the "
    "fault until every effect was there."
)


def markdown(rows: list[Row]) -> str:
    lines = [HEADER, tuple("---" for _ in HEADER), *(row.cells() for row in rows)]
    table = "\n".join("| " + " | ".join(cells) + " |" for cells in lines) + "\n\n" + LEGEND
    details = [f"- {line}" for row in rows for line in row.details()]
    return table + ("\n\n" + "\n".join(details) if details else "")


#: The table as far as the matrix got, for the terminal summary.
MATRIX_TABLE = pytest.StashKey[str]()

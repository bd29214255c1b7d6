"""What an interpreter is owed for one appointment, by the district's rates: a flat amount per
assignment, plus time and kilometres where the district pays them; a short-notice cancellation
of a confirmed appointment pays the district's cancellation amount instead."""

from __future__ import annotations

from wir_contracts.interpreting.v1 import AppointmentOutcome
from wir_interpreting.domain.rules import DistrictRules

#: Outcomes for which the interpreter came: a person who did not show up costs them the same time.
_PAID = frozenset({AppointmentOutcome.COMPLETED, AppointmentOutcome.PERSON_NO_SHOW})


def amount_cents(
    rules: DistrictRules,
    *,
    outcome: AppointmentOutcome | None,
    minutes: int,
    kilometres: int,
    short_notice_cancellation: bool,
) -> int:
    """Euro cents owed; 0 when nothing is (an interpreter who did not come, an appointment
    cancelled in time or without outcome)."""
    if short_notice_cancellation:
        return rules.short_notice_cancel_cents
    if outcome not in _PAID:
        return 0
    return rules.flat_cents + hourly_cents(rules.hourly_cents, minutes) + rules.per_km_cents * kilometres


def hourly_cents(rate_cents: int, minutes: int) -> int:
    """`rate_cents` per hour for `minutes`, rounded half up to a cent (in integers: no float drift)."""
    return (2 * rate_cents * minutes + 60) // 120

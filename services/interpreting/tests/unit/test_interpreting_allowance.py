"""The allowance per appointment, by the district's rates."""

from __future__ import annotations

import pytest

from wir_contracts.interpreting.v1 import AppointmentOutcome
from wir_interpreting.domain.allowance import amount_cents, hourly_cents
from wir_interpreting.domain.rules import DistrictRules

RATES = DistrictRules(flat_cents=2000, hourly_cents=2500, per_km_cents=30, short_notice_cancel_cents=1500)


def owed(
    rules: DistrictRules = RATES,
    *,
    outcome: AppointmentOutcome | None = AppointmentOutcome.COMPLETED,
    minutes: int = 90,
    kilometres: int = 14,
    short_notice_cancellation: bool = False,
) -> int:
    return amount_cents(
        rules,
        outcome=outcome,
        minutes=minutes,
        kilometres=kilometres,
        short_notice_cancellation=short_notice_cancellation,
    )


def test_the_default_rules_pay_the_flat_amount_only() -> None:
    assert owed(DistrictRules()) == 2000


def test_completed_pays_flat_plus_time_plus_kilometres() -> None:
    assert owed() == 2000 + 3750 + 420


def test_a_person_who_did_not_come_still_pays_the_interpreter() -> None:
    assert owed(outcome=AppointmentOutcome.PERSON_NO_SHOW) == owed()


def test_an_interpreter_who_did_not_come_is_owed_nothing() -> None:
    assert owed(outcome=AppointmentOutcome.INTERPRETER_NO_SHOW) == 0


def test_without_outcome_nothing_is_owed() -> None:
    assert owed(outcome=None) == 0


def test_a_short_notice_cancellation_pays_the_cancellation_amount_only() -> None:
    assert owed(outcome=None, minutes=0, kilometres=0, short_notice_cancellation=True) == 1500


@pytest.mark.parametrize(
    ("rate", "minutes", "cents"),
    [
        (2500, 60, 2500),
        (2500, 1, 42),  # 41.67
        (100, 3, 5),  # 5.0 exactly
        (10, 3, 1),  # 0.5 rounds up
        (10, 9, 2),  # 1.5 rounds up
        (10, 1, 0),  # 0.17 rounds down
        (0, 600, 0),
    ],
)
def test_time_is_paid_to_the_cent_rounding_half_up(rate: int, minutes: int, cents: int) -> None:
    assert hourly_cents(rate, minutes) == cents

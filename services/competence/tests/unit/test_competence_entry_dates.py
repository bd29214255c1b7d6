"""Dates an entry cannot truly carry are refused when it is entered, with the field named."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from wir_competence.demo import DEMO_ENTRIES, sample_entries
from wir_competence.domain import dates
from wir_competence.domain.entries import ENTRY, Entry, Kind
from wir_competence.domain.errors import ImplausibleDate

TODAY = date(2026, 12, 6)


def entry(kind: Kind, **changes: Any) -> Entry:
    return ENTRY.validate_python(sample_entries()[kind] | changes)


REFUSED = [
    (entry(Kind.WORK, started_on="0001-01-01", ended_on="9999-12-31"), "started_on", "date_too_early"),
    (entry(Kind.SCHOOLING, started_on="1899-09-01"), "started_on", "date_too_early"),
    (entry(Kind.LANGUAGE, assessed_on="1899-12-31"), "assessed_on", "date_too_early"),
    (entry(Kind.WORK, started_on="2028-01-01", ended_on=None), "started_on", "date_too_far_ahead"),
    (entry(Kind.WORK, ended_on="9999-12-31"), "ended_on", "date_too_far_ahead"),
    (
        entry(Kind.TRAINING, completed=False, started_on="2026-10-01", ended_on="2036-12-07"),
        "ended_on",
        "date_too_far_ahead",
    ),
    (entry(Kind.COURSE, ended_on="2026-12-07"), "ended_on", "date_in_future"),
    (entry(Kind.COURSE, status="dropped", outcome=None, ended_on="2027-01-31"), "ended_on", "date_in_future"),
    (entry(Kind.TRAINING, started_on="2024-09-01", ended_on="2027-07-31"), "ended_on", "date_in_future"),
    (entry(Kind.SCHOOLING, ended_on="2027-06-30"), "ended_on", "date_in_future"),
    (
        entry(Kind.COURSE, status="ongoing", outcome=None, started_on="2026-12-14", ended_on=None),
        "started_on",
        "date_in_future",
    ),
    (entry(Kind.LANGUAGE, assessed_on="2026-12-07"), "assessed_on", "date_in_future"),
]


@pytest.mark.parametrize(("refused", "field", "reason"), REFUSED)
def test_a_date_that_cannot_be_true_is_refused_naming_its_field(
    refused: Entry, field: str, reason: str
) -> None:
    with pytest.raises(ImplausibleDate) as raised:
        dates.check(refused, TODAY)

    assert raised.value.loc == (refused.kind, field)
    assert raised.value.reason == reason


ACCEPTED = [
    entry(Kind.WORK, started_on="1900-01-01", ended_on="1950-12-31"),
    entry(Kind.WORK, started_on="2026-11-01", ended_on="2027-10-31"),  # a contract running on
    entry(Kind.COURSE, status="planned", outcome=None, started_on="2027-11-30", ended_on="2028-06-30"),
    entry(Kind.COURSE, ended_on="2026-12-06"),  # completed today
    entry(Kind.TRAINING, completed=False, started_on="2025-09-01", ended_on="2036-08-31"),
    entry(Kind.SCHOOLING, certificate=False, started_on="2020-09-01", ended_on="2027-06-30"),
    entry(Kind.LANGUAGE, assessed_on="2026-12-06"),
]


@pytest.mark.parametrize("accepted", ACCEPTED)
def test_dates_a_case_manager_can_truly_enter_are_accepted(accepted: Entry) -> None:
    dates.check(accepted, TODAY)


def test_the_sample_and_demo_entries_are_plausible() -> None:
    samples = [ENTRY.validate_python(sample) for sample in sample_entries().values()]
    demo = [demo_entry for entries in DEMO_ENTRIES.values() for demo_entry in entries]
    for example in [*samples, *demo]:
        dates.check(example, TODAY)

"""Who is asked first: the district's own pool, then continuity, fair spread, the exact variety
and the shorter way; who is never asked: the wrong mode or variety, too far, not free."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from wir_contracts.interpreting.v1 import InterpretingMode, UnfilledReason, Venue
from wir_interpreting.domain.candidates import Candidate, rank, unfilled_reason, variety_fit
from wir_interpreting.domain.model import Absence, Appointment, WeeklySlot
from wir_kit.testing.districts import BENSHEIM, BERGSTRASSE, GELNHAUSEN, HANAU, HANAU_TOWN, HEPPENHEIM

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 12, 7)
WEEKDAYS = tuple(WeeklySlot(day, time(8), time(18)) for day in range(5))


def appointment(**changes: object) -> Appointment:
    base = Appointment(
        district=BERGSTRASSE,
        appointment_id=uuid4(),
        version=1,
        person_id=uuid4(),
        language="kmr",
        variety=None,
        mode=InterpretingMode.ON_SITE,
        venue=Venue.JOBCENTER,
        department=None,
        municipality=BENSHEIM,
        address=None,
        remote_link=None,
        starts_at=datetime.combine(MONDAY, time(10), BERLIN),
        ends_at=datetime.combine(MONDAY, time(11), BERLIN),
        notes=None,
        requester=None,
        requested_by="cm-1",
        state="open",
        interpreter_id=None,
        interpreter_district=None,
        respond_by=None,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def candidate(number: int, **changes: object) -> Candidate:
    base = Candidate(
        interpreter_id=UUID(int=number),
        district=BERGSTRASSE,
        varieties=("",),
        modes=frozenset({"on_site", "phone", "video"}),
        home_municipality=HEPPENHEIM,
        travel_km=30.0,
        municipalities=frozenset(),
        weekly=WEEKDAYS,
        absences=(),
        served_person=False,
        month_load=0,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def order(found: list[Candidate], **changes: object) -> list[int]:
    return [r.candidate.interpreter_id.int for r in rank(appointment(**changes), found)]


def test_own_pool_comes_before_a_neighbouring_one() -> None:
    assert order(
        [candidate(1, district=HANAU, home_municipality=HANAU_TOWN, travel_km=100), candidate(2)]
    ) == [
        2,
        1,
    ]


def test_continuity_with_the_person_comes_before_fair_spread() -> None:
    assert order([candidate(1, month_load=0), candidate(2, served_person=True, month_load=5)]) == [2, 1]


def test_fewer_assignments_this_month_come_first() -> None:
    assert order([candidate(1, month_load=3), candidate(2, month_load=1), candidate(3, month_load=2)]) == [
        2,
        3,
        1,
    ]


def test_exact_variety_before_an_unstated_one() -> None:
    found = [candidate(1, varieties=("",)), candidate(2, varieties=("Sorani",))]
    assert order(found, variety="sorani") == [2, 1]


def test_other_variety_only_is_not_asked() -> None:
    assert order([candidate(1, varieties=("Kurmanji",))], variety="Sorani") == []
    assert variety_fit(None, ("Kurmanji",)) == 1


def test_shorter_way_among_equals() -> None:
    near = candidate(1, home_municipality=BENSHEIM)
    farther = candidate(2, home_municipality=HEPPENHEIM)
    ranked = rank(appointment(), [farther, near])
    assert [r.candidate.interpreter_id.int for r in ranked] == [1, 2]
    assert ranked[0].travel_minutes < ranked[1].travel_minutes


def test_venue_beyond_the_radius_is_not_asked_unless_named() -> None:
    assert order([candidate(1, travel_km=5)], municipality=GELNHAUSEN) == []
    assert order(
        [candidate(1, travel_km=5, municipalities=frozenset({GELNHAUSEN}))], municipality=GELNHAUSEN
    ) == [1]


def test_remote_appointments_ignore_the_radius() -> None:
    assert order([candidate(1, travel_km=0, home_municipality=HANAU_TOWN)], mode=InterpretingMode.VIDEO) == [
        1
    ]


def test_mode_they_do_not_work_in_is_not_asked() -> None:
    assert order([candidate(1, modes=frozenset({"phone"}))]) == []


def test_outside_their_week_or_away_is_not_asked() -> None:
    evening = {
        "starts_at": datetime.combine(MONDAY, time(18), BERLIN),
        "ends_at": datetime.combine(MONDAY, time(19), BERLIN),
    }
    assert order([candidate(1)], **evening) == []
    assert order([candidate(1, absences=(Absence(MONDAY, MONDAY),))]) == []


def test_unfilled_reason_follows_how_those_asked_answered() -> None:
    assert unfilled_reason(speakers=0, outcomes=[]) is UnfilledReason.NO_INTERPRETER_FOR_LANGUAGE
    assert unfilled_reason(speakers=2, outcomes=[]) is UnfilledReason.NONE_AVAILABLE
    assert unfilled_reason(speakers=2, outcomes=["declined", "declined"]) is UnfilledReason.ALL_DECLINED
    assert unfilled_reason(speakers=2, outcomes=["declined", "expired"]) is UnfilledReason.NO_ANSWER

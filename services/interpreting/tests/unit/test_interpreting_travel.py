"""Travel buffers: road minutes from the straight line, the arrival added, rounded up to five."""

from __future__ import annotations

import pytest

from wir_contracts.interpreting.v1 import InterpretingMode
from wir_interpreting.domain.travel import minutes_for, travel_minutes
from wir_kit.testing.districts import BENSHEIM, GELNHAUSEN, HEPPENHEIM


@pytest.mark.parametrize(
    ("km", "minutes"),
    [(0.0, 15), (1.0, 20), (5.0, 25), (19.2, 45), (19.3, 50), (100.0, 175)],
)
def test_minutes_are_road_time_plus_arrival_rounded_up_to_five(km: float, minutes: int) -> None:
    assert minutes_for(km) == minutes


def test_remote_appointments_need_no_travel() -> None:
    assert travel_minutes(InterpretingMode.PHONE, HEPPENHEIM, BENSHEIM) == 0
    assert travel_minutes(InterpretingMode.VIDEO, HEPPENHEIM, None) == 0


def test_same_municipality_keeps_the_arrival_free() -> None:
    assert travel_minutes(InterpretingMode.ON_SITE, BENSHEIM, BENSHEIM) == 15


def test_farther_venue_keeps_more_time_free() -> None:
    near = travel_minutes(InterpretingMode.ON_SITE, HEPPENHEIM, BENSHEIM)
    far = travel_minutes(InterpretingMode.ON_SITE, HEPPENHEIM, GELNHAUSEN)
    assert 15 < near < far


def test_unknown_municipality_keeps_the_arrival_free() -> None:
    assert travel_minutes(InterpretingMode.ON_SITE, "99999999", BENSHEIM) == 15

"""How long an interpreter needs to get to an on-site appointment and back: the buffer their
booking keeps free on either side, so that no two appointments in different places overlap."""

from __future__ import annotations

import math

from wir_contracts.interpreting.v1 import InterpretingMode
from wir_contracts.places import distance_km

#: Roads are longer than the straight line between two municipalities' centres.
ROAD_FACTOR = 1.3
#: An average speed across town and country roads, with parking.
SPEED_KMH = 50.0
#: Finding the room, the security check, the handover: the same in every town.
ARRIVAL_MINUTES = 15
STEP_MINUTES = 5


def minutes_for(km: float) -> int:
    """Travel minutes for a straight-line distance, rounded up to the next five minutes."""
    raw = math.ceil(km * ROAD_FACTOR / SPEED_KMH * 60) + ARRIVAL_MINUTES
    return math.ceil(raw / STEP_MINUTES) * STEP_MINUTES


def travel_minutes(mode: InterpretingMode, home: str, venue: str | None) -> int:
    """Minutes kept free before and after the appointment; none for phone and video."""
    if mode is not InterpretingMode.ON_SITE or venue is None:
        return 0
    # An unknown key cannot be measured: the arrival time alone is kept free.
    return minutes_for(distance_km(home, venue) or 0.0)

"""Hesse's municipalities: the name and geographic centre of each, and distances between them.
Shared data, as matching (volunteers' radius) and interpreting (interpreters' travel) judge the
same distances and show the same names.

The centres are Destatis' (see the header of `data/hesse_municipalities.csv`). The distance is the
great-circle one ("as the crow flies"), not the road distance: people state how far they go as a
radius around their home, and a radius is a straight line too.
"""

from __future__ import annotations

import csv
import math
from functools import cache, lru_cache
from importlib.resources import files
from types import MappingProxyType
from typing import NamedTuple

__all__ = ["EARTH_RADIUS_KM", "Centre", "centres", "distance_km", "name"]

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)


class Centre(NamedTuple):
    lat: float
    lon: float


@cache
def _rows() -> tuple[dict[str, str], ...]:
    text = files("wir_contracts").joinpath("data/hesse_municipalities.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


@cache
def centres() -> MappingProxyType[str, Centre]:
    """Every known municipality's centre by its 8-digit key; read once, on first use."""
    return MappingProxyType({row["ags"]: Centre(float(row["lat"]), float(row["lon"])) for row in _rows()})


@cache
def _names() -> MappingProxyType[str, str]:
    return MappingProxyType({row["ags"]: row["name"] for row in _rows()})


def name(ags: str) -> str | None:
    """The municipality's official name, or None for an unknown key."""
    return _names().get(ags)


# Asked for every pair of a district's people and helpers; a district has a few dozen
# municipalities, so the pairs repeat.
@lru_cache(maxsize=65536)
def distance_km(ags_a: str, ags_b: str) -> float | None:
    """Kilometres between two municipalities' centres; None when either key is unknown."""
    known = centres()
    a, b = known.get(ags_a), known.get(ags_b)
    if a is None or b is None:
        return None
    return _haversine_km(a, b)


def _haversine_km(a: Centre, b: Centre) -> float:
    lat_a, lat_b = math.radians(a.lat), math.radians(b.lat)
    d_lat, d_lon = lat_b - lat_a, math.radians(b.lon - a.lon)
    h = math.sin(d_lat / 2) ** 2 + math.cos(lat_a) * math.cos(lat_b) * math.sin(d_lon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))

"""Distances between Hesse's municipalities, from the geographic centre of each.

The centres are Destatis' (see the header of `data/hesse_municipalities.csv`). The distance is the
great-circle one ("as the crow flies"), not the road distance: volunteers state how far they go as a
radius around their home, and a radius is a straight line too.
"""

from __future__ import annotations

import csv
import math
from functools import cache, lru_cache
from importlib.resources import files
from types import MappingProxyType
from typing import NamedTuple

_EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)


class Centre(NamedTuple):
    lat: float
    lon: float


@cache
def centres() -> MappingProxyType[str, Centre]:
    """Every known municipality's centre by its 8-digit key; read once, on first use."""
    text = files("wir_matching.domain").joinpath("data/hesse_municipalities.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return MappingProxyType({row["ags"]: Centre(float(row["lat"]), float(row["lon"])) for row in rows})


# Asked for every pair of a district's people and volunteers in each run; a district has a few
# dozen municipalities, so the pairs repeat.
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
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(h))

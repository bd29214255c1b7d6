"""Demo data: the welcome content and coordinator of the demo district, Kreis Bergstraße (06431)."""

from __future__ import annotations

from datetime import time

from wir_kit import Db
from wir_notifications.commands import staff
from wir_notifications.db import district_settings
from wir_notifications.db.district_settings import DistrictRow

DEMO_DISTRICT = "06431"

WELCOME = DistrictRow(
    contacts=[
        {
            "name": "WIR-Fallmanagement",
            "role": "Kreisverwaltung Bergstraße",
            "phone": "+49 6252 15-0",
            "email": None,
            "address": "Gräffstraße 5, 64646 Heppenheim",
        },
        {
            "name": "WIR-Koordination",
            "role": "Integrationslotsen und Sprachpool",
            "phone": "+49 6252 15-0",
            "email": None,
            "address": "Gräffstraße 5, 64646 Heppenheim",
        },
    ],
    integreat_url=None,
    quiet_start=time(21, 0),
    quiet_end=time(8, 0),
    time_zone="Europe/Berlin",
    # Told of declined and expired proposals and long waits; the address reaches the local mail sink.
    coordinators=[{"name": "WIR-Koordination", "email": "koordination@wir.localhost", "language": "deu"}],
)


async def seed(db: Db) -> int:
    """Store the demo district's settings unless its coordinators set their own."""
    async with db.transaction(DEMO_DISTRICT) as tx:
        stored = await district_settings.seed(tx, WELCOME)
        if stored:
            await staff.keep_coordinators(tx, WELCOME.coordinators)
        return int(stored)

"""What intake's routes take besides the kit's database and callers (`Staff`, `Coordinator`):
intake's settings, the Idempotency-Key of a POST, the size of a page."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query

from wir_intake.settings import IntakeSettings
from wir_kit import settings_of

#: Intake's own settings, as `main.build` read them.
Config = Annotated[IntakeSettings, Depends(settings_of(IntakeSettings))]

IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=128,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="A client-chosen unique key (e.g. a UUID); a retry with the same key and body "
        "gets the first answer again instead of a second record.",
    ),
]

Limit = Annotated[int, Query(ge=1, le=200, description="Page size.")]

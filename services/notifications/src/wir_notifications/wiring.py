"""What handlers, the sender and jobs share: configuration, templates, the clock and chance."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from wir_notifications.rendering import Renderer
from wir_notifications.settings import NotificationSettings


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Wiring:
    settings: NotificationSettings
    renderer: Renderer = field(default_factory=Renderer)
    clock: Callable[[], datetime] = _now
    # Jitter spreads retries; it needs no cryptographic randomness.
    draw: Callable[[], float] = random.random

    @property
    def sms_available(self) -> bool:
        return self.settings.sms_url is not None

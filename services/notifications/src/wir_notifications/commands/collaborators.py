"""What the commands use besides the transaction: the settings, the templates, the clock and
chance. Built once by `main.build`; tests build their own (a fixed clock, a given renderer)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from wir_notifications.adapters.rendering import Renderer
from wir_notifications.settings import NotificationSettings


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Collaborators:
    settings: NotificationSettings
    renderer: Renderer = field(default_factory=Renderer)
    clock: Callable[[], datetime] = _now
    # Jitter spreads retries; it needs no cryptographic randomness.
    draw: Callable[[], float] = random.random

    @property
    def sms_available(self) -> bool:
        return self.settings.sms_url is not None

"""What the commands use besides the transaction: the settings, the templates, the clock and
chance. Built once by `main.build`; tests build their own (a fixed clock, a given renderer)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from wir_notifications.adapters.rendering import Renderer
from wir_notifications.db.deliveries import Claimed
from wir_notifications.settings import NotificationSettings


def _now() -> datetime:
    return datetime.now(UTC)


class Handoff:
    """Claims made in a consumer's transaction, for this process's sender to send once the
    transaction has committed: a message due at once needs no claim transaction and no NOTIFY
    of its own. Open only while a sender runs here; a claim it never takes (the process died)
    is taken over by any replica's sender when its lease runs out."""

    def __init__(self) -> None:
        self._take: Callable[[str, Claimed], None] | None = None

    @property
    def open(self) -> bool:
        return self._take is not None

    def attach(self, take: Callable[[str, Claimed], None] | None) -> None:
        self._take = take

    def give(self, district: str, claim: Claimed) -> None:
        if self._take is not None:
            self._take(district, claim)


@dataclass(frozen=True)
class Collaborators:
    settings: NotificationSettings
    renderer: Renderer = field(default_factory=Renderer)
    clock: Callable[[], datetime] = _now
    # Jitter spreads retries; it needs no cryptographic randomness.
    draw: Callable[[], float] = random.random
    handoff: Handoff = field(default_factory=Handoff)

    @property
    def sms_available(self) -> bool:
        return self.settings.sms_url is not None

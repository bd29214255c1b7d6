"""The channels messages are delivered through."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Channel"]


class Channel(StrEnum):
    """A delivery channel: e-mail, SMS, or the in-app inbox."""

    EMAIL = "email"
    SMS = "sms"
    INBOX = "inbox"

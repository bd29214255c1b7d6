"""Sends a one-time code for the inbox, at once and only once, over the channel the person's
message went out on.

Not through the notifications' way (notification, deliveries, sender): that keeps every message
in the inbox and resends after a crash, and a code must be kept nowhere in clear and is worth
nothing late. A code that did not go out ends, and the person asks for another.
"""

from __future__ import annotations

from uuid import UUID

import httpx

from wir_contracts.channels import Channel
from wir_notifications.adapters.email import Mail, SmtpSender
from wir_notifications.adapters.rendering import Renderer
from wir_notifications.adapters.sms import HttpSmsSender, Sms
from wir_notifications.domain.languages import script
from wir_notifications.domain.outcomes import Outcome
from wir_notifications.settings import NotificationSettings

__all__ = ["send_code"]


async def send_code(
    settings: NotificationSettings,
    renderer: Renderer,
    *,
    code_id: UUID,
    channel: Channel,
    address: str,
    language: str,
    code: str,
) -> Outcome:
    """The channel's verdict on the code's message (the code's id is its Message-ID or the
    provider's idempotency key)."""
    rendered = renderer.inbox_code(language, code, settings.inbox_code_minutes)
    if channel is Channel.SMS:
        async with httpx.AsyncClient() as client:
            return await HttpSmsSender(settings, client).send(Sms(code_id, address, rendered.sms))
    mail = Mail(code_id, address, "", rendered.subject, rendered.text, rendered.html, script(language).tag)
    sender = SmtpSender(settings)
    try:
        return await sender.send(mail)
    finally:
        await sender.close()

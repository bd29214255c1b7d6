"""E-mail over SMTP (aiosmtplib): STARTTLS or implicit TLS and login as configured.

The server's verdict decides: 2xx sent; 4xx, broken connections and answers that are no SMTP
reply are worth another try; 5xx is final. Only the reply code is kept, never the server's
text, which often quotes the address.

The hand-over (`adapters/handover.py`) is awaited right before DATA: a failure before it
(connection, greeting, login, envelope) cannot have delivered anything. DATA itself is bounded by
`SMTP_TIMEOUT_S` as a whole, and once the server has accepted it, the mail counts as sent even if
the closing QUIT fails.
"""

from __future__ import annotations

import asyncio
import email.errors
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any, Literal
from uuid import UUID

import aiosmtplib
from aiosmtplib.response import SMTPResponse
from aiosmtplib.typing import Default

from wir_contracts.notifications.v1 import FailureReason
from wir_notifications.adapters.handover import HandOver, NotHandedOver, handing_over, unnoted
from wir_notifications.domain.outcomes import Outcome, Permanent, Sent, Transient
from wir_notifications.settings import NotificationSettings


@dataclass(frozen=True)
class Mail:
    notification_id: UUID
    to_address: str
    to_name: str
    subject: str
    text: str
    html: str
    language_tag: str


class SmtpSender:
    def __init__(self, settings: NotificationSettings) -> None:
        self.settings = settings
        sender = parseaddr(settings.smtp_from)[1]
        self._envelope_from = sender
        self._id_domain = sender.rpartition("@")[2] or "wir.localhost"

    def message(self, mail: Mail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.settings.smtp_from
        message["To"] = Address(display_name=mail.to_name, addr_spec=mail.to_address)
        message["Subject"] = mail.subject
        message["Date"] = formatdate(localtime=False)
        # The same id on every attempt, so a mail client can fold a duplicate after a crash.
        message["Message-ID"] = f"<{mail.notification_id}@{self._id_domain}>"
        # RFC 3834: no vacation auto-replies to a machine.
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(mail.text)
        message.add_alternative(mail.html, subtype="html")
        # After the content: setting it replaces every Content-* header.
        message["Content-Language"] = mail.language_tag
        return message

    async def send(self, mail: Mail, hand_over: HandOver = unnoted) -> Outcome:
        """The server's verdict; raises `NotHandedOver` when `hand_over` refused the DATA step."""
        try:
            message = self.message(mail)
        except (ValueError, IndexError, email.errors.HeaderParseError):
            return Permanent(FailureReason.INVALID_ADDRESS, "address_syntax")
        settings = self.settings
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        client = _HandingOver(
            hand_over,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=password,
            start_tls=settings.smtp_starttls,
            use_tls=settings.smtp_tls,
            cert_bundle=str(settings.smtp_ca_file) if settings.smtp_ca_file else None,
            timeout=settings.smtp_timeout_s,
        )
        try:
            async with client:
                await client.send_message(message, sender=self._envelope_from, recipients=[mail.to_address])
        except NotHandedOver:
            raise
        except Exception as exc:  # noqa: BLE001 - sorted by _failure; accepted DATA is sent regardless
            return Sent("smtp_accepted") if client.accepted else _failure(exc)
        return Sent("smtp_accepted")


class _HandingOver(aiosmtplib.SMTP):
    """aiosmtplib's client, handing over right before DATA and remembering an accepted DATA."""

    def __init__(self, hand_over: HandOver, **options: Any) -> None:
        super().__init__(**options)
        self._hand_over = hand_over
        self.accepted = False

    async def data(
        self,
        message: str | bytes,
        /,
        *,
        timeout: float | Literal[Default.token] | None = Default.token,  # noqa: ASYNC109 - aiosmtplib's signature
    ) -> SMTPResponse:
        await handing_over(self._hand_over)
        # Two replies are awaited in DATA, each with the per-command timeout: bound them together,
        # so that the step that cannot be taken back fits in one lease.
        try:
            async with asyncio.timeout(self.timeout):
                response = await super().data(message, timeout=timeout)
        except TimeoutError as exc:
            self.close()
            raise aiosmtplib.SMTPTimeoutError("DATA timed out") from exc
        self.accepted = True
        return response


def _failure(exc: Exception) -> Outcome:
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        return _verdict(exc.recipients[0].code, FailureReason.INVALID_ADDRESS)
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return _verdict(exc.code, FailureReason.REJECTED_BY_PROVIDER)
    if isinstance(exc, aiosmtplib.SMTPTimeoutError):
        return Transient("smtp_timeout")
    if isinstance(exc, OSError):
        # Refused or broken connections (SMTPConnectError and SMTPServerDisconnected among them).
        return Transient("smtp_connection")
    if isinstance(exc, aiosmtplib.SMTPException):
        # The server lacks what the configuration demands (STARTTLS, AUTH): not per message.
        return Permanent(FailureReason.REJECTED_BY_PROVIDER, "smtp_not_supported")
    raise exc


def _verdict(code: int, final: FailureReason) -> Outcome:
    if code == aiosmtplib.SMTPStatus.invalid_response:
        # No reply code could be read: the server may have the message or not, so not final.
        return Transient("smtp_malformed_answer")
    if 400 <= code < 500:
        return Transient(f"smtp_{code}")
    return Permanent(final, f"smtp_{code}")

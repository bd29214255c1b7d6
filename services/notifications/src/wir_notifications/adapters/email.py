"""E-mail over SMTP (aiosmtplib): STARTTLS or implicit TLS and login as configured.

The server's verdict decides: 2xx sent; 4xx, broken connections and answers that are no SMTP
reply are worth another try; 5xx is final. Only the reply code is kept, never the server's
text, which often quotes the address.

The hand-over (`adapters/handover.py`) is awaited right before DATA: a failure before it
(connection, greeting, login, envelope) cannot have delivered anything. DATA itself is bounded by
`SMTP_TIMEOUT_S` as a whole, and once the server has accepted it, the mail counts as sent whatever
happens to the connection afterwards.

Connections are kept open and reused (`adapters/smtp_pool.py`); the message is written directly
to bytes (`adapters/mime.py`), and the name given in EHLO is looked up once, not per connection.
"""

from __future__ import annotations

import asyncio
import email.errors
import socket
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import formatdate, parseaddr
from typing import Any, Literal
from uuid import UUID

import aiosmtplib
from aiosmtplib.email import parse_address
from aiosmtplib.response import SMTPResponse
from aiosmtplib.typing import Default

from wir_contracts.notifications.v1 import FailureReason
from wir_notifications.adapters import mime
from wir_notifications.adapters.handover import HandOver, NotHandedOver, handing_over, unnoted
from wir_notifications.adapters.smtp_pool import SmtpPool
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
    """Sends over a few pooled connections (`adapters/smtp_pool.py`); `close` at shutdown."""

    def __init__(self, settings: NotificationSettings) -> None:
        self.settings = settings
        sender = parseaddr(settings.smtp_from)[1]
        self._envelope_from = sender
        self._id_domain = sender.rpartition("@")[2] or "wir.localhost"
        self._from_header = _from_header(settings.smtp_from)
        # aiosmtplib asks getfqdn (in a thread) on every connect unless told the name once.
        self._local_hostname = settings.smtp_local_hostname
        self._pool: SmtpPool[_HandingOver] = SmtpPool(
            self._connect, size=settings.worker_concurrency, idle_s=settings.smtp_idle_s
        )

    def message(self, mail: Mail) -> bytes:
        """The message as sent; raises ValueError for an address that cannot be written."""
        address = mail.to_address
        if not mime.is_plain_address(address):
            # Rare (a quoted local part, an international address): the standard library
            # quotes it. Its header folding is not used (see `adapters/mime.py`).
            address = Address(addr_spec=address).addr_spec
        headers = [
            ("From", self._from_header),
            ("To", mime.mailbox(mail.to_name, address)),
            ("Subject", mime.encoded_words(mail.subject)),
            ("Date", formatdate(localtime=False)),
            # The same id on every attempt, so a mail client can fold a duplicate after a crash.
            ("Message-ID", f"<{mail.notification_id}@{self._id_domain}>"),
            # RFC 3834: no vacation auto-replies to a machine.
            ("Auto-Submitted", "auto-generated"),
            ("Content-Language", mail.language_tag),
        ]
        return mime.alternative(headers, mail.text, mail.html, f"wir-alt.{mail.notification_id.hex}")

    async def send(self, mail: Mail, hand_over: HandOver = unnoted) -> Outcome:
        """The server's verdict; raises `NotHandedOver` when `hand_over` refused the DATA step.

        A pooled connection the server closed meanwhile fails before the hand-over: then the
        message goes once more over a new connection, which cannot send it twice, since nothing
        was handed over."""
        try:
            raw = self.message(mail)
            parse_address(mail.to_address)
        except (ValueError, IndexError, email.errors.HeaderParseError):
            return Permanent(FailureReason.INVALID_ADDRESS, "address_syntax")
        options = ["SMTPUTF8"] if not mail.to_address.isascii() else []
        for last in (False, True):
            try:
                client, reused = await self._pool.acquire()
            except Exception as exc:  # noqa: BLE001 - sorted by _failure
                return _failure(exc)
            client.begin(hand_over)
            try:
                await client.sendmail(self._envelope_from, [mail.to_address], raw, mail_options=options)
            except asyncio.CancelledError:
                # Stopped mid-transaction (shutdown): the connection's state is unknown.
                self._pool.discard(client)
                raise
            except Exception as exc:
                self._give_back(client, exc)
                if client.accepted:
                    return Sent("smtp_accepted")
                if isinstance(exc, NotHandedOver):
                    raise
                if reused and not last and not client.handed_over and _stale(exc):
                    continue
                return _failure(exc)
            self._pool.release(client)
            return Sent("smtp_accepted")
        raise AssertionError("unreachable")

    async def close(self) -> None:
        await self._pool.close()

    def _give_back(self, client: _HandingOver, exc: Exception) -> None:
        # A verdict (4xx/5xx, refused recipients) leaves the connection fine and perhaps an
        # envelope open, as does a refused hand-over (after RCPT): reset before the next message.
        # Anything else (timeout, broken or missing reply, 421): its state is unknown.
        verdict = isinstance(exc, aiosmtplib.SMTPResponseException) and exc.code not in _CLOSING
        if verdict or isinstance(exc, (aiosmtplib.SMTPRecipientsRefused, NotHandedOver)):
            self._pool.release(client, dirty=True)
        else:
            self._pool.discard(client)

    async def _connect(self) -> _HandingOver:
        settings = self.settings
        if self._local_hostname is None:
            self._local_hostname = await asyncio.to_thread(socket.getfqdn)
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        client = _HandingOver(
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=password,
            start_tls=settings.smtp_starttls,
            use_tls=settings.smtp_tls,
            cert_bundle=str(settings.smtp_ca_file) if settings.smtp_ca_file else None,
            timeout=settings.smtp_timeout_s,
            local_hostname=self._local_hostname,
        )
        try:
            await client.connect()
        except BaseException:
            client.close()
            raise
        return client


class _HandingOver(aiosmtplib.SMTP):
    """aiosmtplib's client, handing over right before DATA and remembering an accepted DATA;
    `begin` before each message it carries."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._hand_over: HandOver = unnoted
        self.handed_over = False
        self.accepted = False

    def begin(self, hand_over: HandOver) -> None:
        self._hand_over, self.handed_over, self.accepted = hand_over, False, False

    async def data(
        self,
        message: str | bytes,
        /,
        *,
        timeout: float | Literal[Default.token] | None = Default.token,  # noqa: ASYNC109 - aiosmtplib's signature
    ) -> SMTPResponse:
        await handing_over(self._hand_over)
        self.handed_over = True
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


#: 421: the server is closing the connection (RFC 5321 4.2.3), e.g. an idle one.
_CLOSING = (aiosmtplib.SMTPStatus.domain_unavailable, aiosmtplib.SMTPStatus.invalid_response)


def _stale(exc: Exception) -> bool:
    """What a reused connection the server had closed fails with before the hand-over."""
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return exc.code == aiosmtplib.SMTPStatus.domain_unavailable
    return isinstance(exc, (OSError, aiosmtplib.SMTPTimeoutError))


def _from_header(value: str) -> str:
    name, address = parseaddr(value)
    return mime.mailbox(name, address) if mime.is_plain_address(address) else value


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

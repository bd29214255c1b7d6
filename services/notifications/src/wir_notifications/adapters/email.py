"""E-mail over SMTP (aiosmtplib): STARTTLS or implicit TLS and login as configured.

The server's verdict decides: 2xx sent; 4xx, broken connections and answers that are no SMTP
reply are worth another try; 5xx is final. Only the reply code is kept, never the server's
text, which often quotes the address.
"""

from __future__ import annotations

import email.errors
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from uuid import UUID

import aiosmtplib

from wir_contracts.notifications.v1 import FailureReason
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

    async def send(self, mail: Mail) -> Outcome:
        try:
            message = self.message(mail)
        except (ValueError, IndexError, email.errors.HeaderParseError):
            return Permanent(FailureReason.INVALID_ADDRESS, "address_syntax")
        settings = self.settings
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        try:
            await aiosmtplib.send(
                message,
                sender=self._envelope_from,
                recipients=[mail.to_address],
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_username,
                password=password,
                start_tls=settings.smtp_starttls,
                use_tls=settings.smtp_tls,
                cert_bundle=str(settings.smtp_ca_file) if settings.smtp_ca_file else None,
                timeout=settings.smtp_timeout_s,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            return _verdict(exc.recipients[0].code, FailureReason.INVALID_ADDRESS)
        except aiosmtplib.SMTPResponseException as exc:
            return _verdict(exc.code, FailureReason.REJECTED_BY_PROVIDER)
        except aiosmtplib.SMTPTimeoutError:
            return Transient("smtp_timeout")
        except (aiosmtplib.SMTPConnectError, aiosmtplib.SMTPServerDisconnected):
            return Transient("smtp_connection")
        except OSError:
            return Transient("smtp_connection")
        except aiosmtplib.SMTPException:
            # The server lacks what the configuration demands (STARTTLS, AUTH): not per message.
            return Permanent(FailureReason.REJECTED_BY_PROVIDER, "smtp_not_supported")
        return Sent("smtp_accepted")


def _verdict(code: int, final: FailureReason) -> Outcome:
    if code == aiosmtplib.SMTPStatus.invalid_response:
        # No reply code could be read: the server may have the message or not, so not final.
        return Transient("smtp_malformed_answer")
    if 400 <= code < 500:
        return Transient(f"smtp_{code}")
    return Permanent(final, f"smtp_{code}")

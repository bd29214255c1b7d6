"""The Message-ID of an e-mail is the same on every attempt of its delivery, so that a receiving
mail server or client can fold the duplicate a resend after a crash would otherwise be."""

from __future__ import annotations

from email import message_from_bytes, policy
from uuid import uuid4

from wir_notifications.adapters.email import Mail, SmtpSender
from wir_notifications.settings import NotificationSettings


def message_id(sender: SmtpSender, mail: Mail) -> str:
    return str(message_from_bytes(sender.message(mail), policy=policy.default)["Message-ID"])


def test_the_message_id_is_stable_for_a_delivery_across_a_resend() -> None:
    sender = SmtpSender(NotificationSettings(smtp_from="WIR <wir@kreis.example>"))
    mail = Mail(uuid4(), "a@example.org", "A", "Subject", "text", "<p>text</p>", "de")
    other = Mail(uuid4(), "a@example.org", "A", "Subject", "text", "<p>text</p>", "de")

    first, resent = message_id(sender, mail), message_id(sender, mail)

    assert first == resent == f"<{mail.notification_id}@kreis.example>"
    assert message_id(sender, other) != first

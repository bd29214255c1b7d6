"""The e-mail written without the standard library's header machinery reads back, through the
standard parser, exactly as it was meant: subjects and display names in every script the
templates are written in, names with characters that need quoting, long values folded, the
text and HTML parts intact."""

from __future__ import annotations

from email import message_from_string, policy
from email.message import EmailMessage
from uuid import uuid4

import pytest

from wir_notifications.adapters.email import Mail, SmtpSender
from wir_notifications.settings import NotificationSettings

SENDER = SmtpSender(NotificationSettings(smtp_from="WIR Bergstraße <wir@kreis-bergstrasse.example>"))
#: (subject, display name) as the templates and intake's contacts give them, per language.
LANGUAGES = {
    "ara": ("أهلاً بك في WIR – Kreis Bergstraße", "أمينة الرحيمي"),
    "fas": ("به WIR خوش آمدید – Kreis Bergstraße", "زهرا احمدی"),
    "ukr": ("Ласкаво просимо до WIR – Kreis Bergstraße", "Олена Коваленко"),
    "tur": ("WIR'e hoş geldiniz – Kreis Bergstraße", "Ayşe Yılmaz"),
    "deu": ("Willkommen bei WIR – Kreis Bergstraße", "Jürgen Müller-Groß"),
    "eng": ("Welcome to WIR – Kreis Bergstrasse", "Amina Rahimi"),
}
AWKWARD = {
    "specials": ("Your appointment: 12.03., 10:00", 'Amina <Rahimi> & Co, "A." \\ B'),
    "looks encoded": ("=?utf-8?q?not_encoded?=", "=?utf-8?b?QQ==?="),
    "long ascii": ("A" * 200, "B" * 70),
    "long script": ("ترحيب " * 40, "أمينة " * 20),
    "line breaks": ("line\r\nBcc: x@example.org", "Amina\r\nBcc: x@example.org"),
}


def parsed(mail: Mail) -> EmailMessage:
    # As text: an SMTPUTF8 message carries UTF-8 in its headers, which the bytes parser escapes.
    message = message_from_string(SENDER.message(mail).decode(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def mail(subject: str, name: str, address: str = "amina.r@example.org") -> Mail:
    return Mail(uuid4(), address, name, subject, f"Hallo {name}\nZeile 2", f"<p>{name}</p>", "ar")


@pytest.mark.parametrize(("subject", "name"), LANGUAGES.values(), ids=list(LANGUAGES))
def test_subject_and_display_name_round_trip_in_every_template_language(subject: str, name: str) -> None:
    message = parsed(mail(subject, name))

    assert message["Subject"] == subject
    [to] = message["To"].addresses
    assert (to.display_name, to.addr_spec) == (name, "amina.r@example.org")
    assert message["From"].addresses[0].display_name == "WIR Bergstraße"
    assert message.defects == [] and message["Subject"].defects == ()


@pytest.mark.parametrize(("subject", "name"), AWKWARD.values(), ids=list(AWKWARD))
def test_awkward_values_round_trip_and_cannot_add_headers(subject: str, name: str) -> None:
    message = parsed(mail(subject, name))

    assert message["Subject"] == subject
    # Whitespace inside a name comes back as single spaces (as from the standard library's own).
    assert message["To"].addresses[0].display_name == " ".join(name.split())
    assert message["Bcc"] is None


def test_lines_stay_within_78_characters() -> None:
    raw = SENDER.message(mail("ترحيب " * 40, "أمينة " * 20))

    assert max(len(line) for line in raw.split(b"\r\n")) <= 78


def test_both_parts_decode_to_the_rendered_text_and_html() -> None:
    message = parsed(mail(*LANGUAGES["fas"]))

    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and html is not None
    assert plain.get_content() == "Hallo زهرا احمدی\nZeile 2"
    assert html.get_content().strip() == "<p>زهرا احمدی</p>"
    assert message["Content-Language"] == "ar"
    assert message["Auto-Submitted"] == "auto-generated"


def test_an_international_domain_takes_the_standard_librarys_way() -> None:
    message = parsed(mail("Hallo", "Jörg", address="joerg@exämple.org"))

    assert message["To"].addresses[0].addr_spec == "joerg@exämple.org"
    assert message["Subject"] == "Hallo"

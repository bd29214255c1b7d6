"""The e-mail written without the standard library's header machinery reads back, through the
standard parser, exactly as it was meant: subjects and display names in every script the
templates are written in, names with characters that need quoting, long values folded, the
text and HTML parts intact; and what a strict RFC 2047 decoder reads agrees."""

from __future__ import annotations

from email import message_from_string, policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from uuid import uuid4

import pytest

from wir_notifications.adapters import mime
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
    "long script": ("ترحيب " * 40, "أمينة " * 3),
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


def rfc2047(value: str) -> str:
    """What a strict RFC 2047 decoder (mail clients, the standard library's legacy one) reads."""
    return str(make_header(decode_header(value)))


@pytest.mark.parametrize("cut", range(30, 50))
def test_a_space_at_a_fold_survives_every_decoder(cut: int) -> None:
    # The share subject in Persian lost the space in "به اشتراک" where the fold fell on it.
    subject = "گواهی مهارت‌های شما به اشتراک گذاشته شد"
    padded = "x" * (cut - subject.encode().index(" اشتراک".encode())) + subject

    folded = mime.encoded_words(padded)

    assert folded.count("\r\n ") >= 1
    assert rfc2047(folded) == padded
    assert parsed(mail(padded, "Amina"))["Subject"] == padded


@pytest.mark.parametrize("text", ["a " * 100, "ب " * 60, "ترحيب  ترحيب" * 9, " leading and trailing "])
def test_every_space_is_inside_an_encoded_word(text: str) -> None:
    folded = mime.encoded_words(text, force=True)

    words = folded.split("\r\n ")
    assert all(word.startswith("=?utf-8?b?") and word.endswith("?=") for word in words)
    assert all(len(word) <= 75 for word in words)
    assert rfc2047(folded) == text


def test_a_long_name_reads_right_to_a_strict_decoder() -> None:
    name = "أمينة " * 20
    raw = SENDER.message(mail("Hallo", name)).decode()

    legacy = message_from_string(raw)
    assert rfc2047(legacy["To"]) == f"{' '.join(name.split())} <amina.r@example.org>"


def test_a_name_of_one_word_reads_alike_to_every_decoder() -> None:
    name = "محمد عبد الرحمن الحسن"

    header = mime.mailbox(name, "m@example.org")

    assert "\r\n =?" not in header
    assert rfc2047(header) == f"{name} <m@example.org>"
    assert parsed(mail("Hallo", name))["To"].addresses[0].display_name == name


def test_both_parts_decode_to_the_rendered_text_and_html() -> None:
    message = parsed(mail(*LANGUAGES["fas"]))

    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and html is not None
    assert plain.get_content() == "Hallo زهرا احمدی\nZeile 2"
    assert html.get_content().strip() == "<p>زهرا احمدی</p>"
    assert message["Content-Language"] == "ar"
    assert message["Auto-Submitted"] == "auto-generated"


def test_an_international_domain_is_written_as_utf_8() -> None:
    message = parsed(mail("Hallo به اشتراک", "Jörg", address="joerg@exämple.org"))

    assert message["To"].addresses[0].addr_spec == "joerg@exämple.org"
    assert message["Subject"] == "Hallo به اشتراک"


def test_a_quoted_local_part_is_quoted() -> None:
    message = parsed(mail("Hallo", "Amina", address='"amina rahimi"@example.org'))

    assert message["To"].addresses[0].addr_spec == '"amina rahimi"@example.org'

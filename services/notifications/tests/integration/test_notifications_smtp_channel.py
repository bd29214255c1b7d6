"""The SMTP channel against a real SMTP server: STARTTLS and login as configured, and each
kind of answer classified as sent, worth another try, or final."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import ssl
from uuid import uuid4

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from wir_contracts.notifications.v1 import FailureReason
from wir_notifications.adapters.email import Mail, SmtpSender
from wir_notifications.domain.outcomes import Permanent, Sent, Transient
from wir_notifications.settings import NotificationSettings

MAIL = Mail(
    notification_id=uuid4(),
    to_address="amina@example.org",
    to_name="Amina",
    subject="Willkommen",
    text="Hallo Amina",
    html="<p>Hallo Amina</p>",
    language_tag="de",
)


LOOPBACK = ipaddress.ip_address("127.0.0.1")


def self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return cert_file, context


def only_wir(sink):
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def authenticate(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"wir", b"s3cret")
        if ok:
            sink.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)

    return authenticate


async def test_starttls_and_login_are_used_as_configured(late_smtp_sink, tmp_path) -> None:
    cert_file, context = self_signed(tmp_path)
    sink = late_smtp_sink.sink
    late_smtp_sink.start(
        tls_context=context, require_starttls=True, authenticator=only_wir(sink), auth_require_tls=True
    )
    settings = NotificationSettings(
        smtp_port=sink.port,
        smtp_starttls=True,
        smtp_ca_file=cert_file,
        smtp_username="wir",
        smtp_password="s3cret",
        smtp_from="WIR Bergstraße <wir@kreis-bergstrasse.example>",
    )

    outcome = await SmtpSender(settings).send(MAIL)

    assert outcome == Sent("smtp_accepted")
    assert sink.logins == ["wir"] and sink.tls_sessions == 1
    [received] = sink.messages
    assert received.message["Message-ID"] == f"<{MAIL.notification_id}@kreis-bergstrasse.example>"
    assert received.message["Auto-Submitted"] == "auto-generated"
    assert received.part("html").strip() == "<p>Hallo Amina</p>"


async def test_a_wrong_password_is_final(late_smtp_sink, tmp_path) -> None:
    cert_file, context = self_signed(tmp_path)
    sink = late_smtp_sink.sink
    late_smtp_sink.start(tls_context=context, require_starttls=True, authenticator=only_wir(sink))
    settings = NotificationSettings(
        smtp_port=sink.port,
        smtp_starttls=True,
        smtp_ca_file=cert_file,
        smtp_username="wir",
        smtp_password="no",
    )

    assert await SmtpSender(settings).send(MAIL) == Permanent(FailureReason.REJECTED_BY_PROVIDER, "smtp_535")
    assert sink.messages == []


async def test_an_untrusted_certificate_is_not_accepted_silently(late_smtp_sink, tmp_path) -> None:
    _, context = self_signed(tmp_path)
    late_smtp_sink.start(tls_context=context, require_starttls=True)
    settings = NotificationSettings(smtp_port=late_smtp_sink.sink.port, smtp_starttls=True)

    outcome = await SmtpSender(settings).send(MAIL)

    assert outcome == Transient("smtp_connection"), outcome
    assert late_smtp_sink.sink.messages == []


async def test_refused_connection_is_worth_another_try(unused_port) -> None:
    settings = NotificationSettings(smtp_port=unused_port)

    assert await SmtpSender(settings).send(MAIL) == Transient("smtp_connection")


async def test_4xx_is_transient_and_5xx_final(smtp_sink) -> None:
    settings = NotificationSettings(smtp_port=smtp_sink.port)
    sender = SmtpSender(settings)

    smtp_sink.data_replies.append("452 4.3.1 Insufficient system storage")
    assert await sender.send(MAIL) == Transient("smtp_452")
    smtp_sink.data_replies.append("554 5.7.1 Message rejected")
    assert await sender.send(MAIL) == Permanent(FailureReason.REJECTED_BY_PROVIDER, "smtp_554")
    smtp_sink.rcpt_reply = "550 5.1.1 User unknown"
    assert await sender.send(MAIL) == Permanent(FailureReason.INVALID_ADDRESS, "smtp_550")
    smtp_sink.rcpt_reply = "450 4.2.1 Mailbox busy"
    assert await sender.send(MAIL) == Transient("smtp_450")
    assert smtp_sink.messages == []


async def test_an_answer_that_is_no_smtp_reply_is_worth_another_try(smtp_sink) -> None:
    sender = SmtpSender(NotificationSettings(smtp_port=smtp_sink.port))
    smtp_sink.data_replies.append("Thanks, got it")  # no reply code: the server may have it or not

    assert await sender.send(MAIL) == Transient("smtp_malformed_answer")


async def test_an_address_that_cannot_be_written_is_final(smtp_sink) -> None:
    sender = SmtpSender(NotificationSettings(smtp_port=smtp_sink.port))

    outcome = await sender.send(Mail(**{**MAIL.__dict__, "to_address": "amina@@example..org"}))

    assert outcome == Permanent(FailureReason.INVALID_ADDRESS, "address_syntax")


async def test_a_mail_server_that_never_answers_times_out_as_transient() -> None:
    async def say_nothing(reader, writer) -> None:
        await reader.read()
        writer.close()

    silent = await asyncio.start_server(say_nothing, "127.0.0.1", 0)
    port = silent.sockets[0].getsockname()[1]
    try:
        outcome = await SmtpSender(NotificationSettings(smtp_port=port, smtp_timeout_s=0.3)).send(MAIL)
    finally:
        silent.close()
        await silent.wait_closed()

    assert outcome == Transient("smtp_timeout")


async def test_a_server_without_starttls_when_it_is_required_is_final(smtp_sink) -> None:
    settings = NotificationSettings(smtp_port=smtp_sink.port, smtp_starttls=True)

    outcome = await SmtpSender(settings).send(MAIL)

    assert outcome == Permanent(FailureReason.REJECTED_BY_PROVIDER, "smtp_not_supported")
    assert smtp_sink.messages == []

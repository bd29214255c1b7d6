"""Every template in every language goes through a real SMTP server and reads back, with the
standard parser and a strict RFC 2047 decoder, exactly as it was rendered: subject, display
names, text and HTML."""

from __future__ import annotations

from email.header import decode_header, make_header
from itertools import product
from uuid import uuid4
from zoneinfo import ZoneInfo

from wir_notifications.adapters.email import Mail, SmtpSender
from wir_notifications.adapters.rendering import Renderer
from wir_notifications.domain.languages import TEMPLATE_LANGUAGES, script
from wir_notifications.domain.outcomes import Sent
from wir_notifications.domain.policy import SENSITIVITY
from wir_notifications.settings import NotificationSettings

#: A recipient's name as intake gives it, in the script of each language.
NAMES = {
    "ara": "أمينة الرحيمي",
    "fas": "زهرا احمدی",
    "ukr": "Олена Коваленко",
    "tur": "Ayşe Yılmaz",
    "deu": "Jürgen Müller-Groß",
    "eng": "Amina Rahimi",
}
DISTRICTS = {"ara": "كريس بيرغشتراسه", "fas": "ناحیه برگ‌اشتراسه", "ukr": "Округ Бергштрассе"}


async def test_every_template_in_every_language_reads_back_as_rendered(smtp_sink, golden_notices) -> None:
    sender = SmtpSender(
        NotificationSettings(
            smtp_host="127.0.0.1",
            smtp_port=smtp_sink.port,
            smtp_timeout_s=5.0,
            smtp_from="WIR Kreis Bergstraße <wir@kreis-bergstrasse.example>",
        )
    )
    renderer, sent = Renderer(), {}
    first = {notice.template: notice for notice in reversed(golden_notices)}
    try:
        for template, language in product(sorted(SENSITIVITY), sorted(TEMPLATE_LANGUAGES)):
            notice, address = first[template], f"{template}.{language}@example.org"
            values = {
                **notice.facts,
                "name": NAMES[language],
                "district": DISTRICTS.get(language, "Kreis Bergstraße"),
                "message_url": "https://wir.example/messages/eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl",
                "contacts": [],
                "integreat_url": None,
            }
            rendered = renderer.render(
                template, language, values, sensitive=notice.sensitive, zone=ZoneInfo("Europe/Berlin")
            )
            mail = Mail(
                uuid4(),
                address,
                NAMES[language],
                rendered.subject,
                rendered.text,
                rendered.html,
                script(language).tag,
            )
            assert isinstance(await sender.send(mail), Sent)
            sent[address] = mail
    finally:
        await sender.close()

    assert len(sent) == len(SENSITIVITY) * len(TEMPLATE_LANGUAGES)
    for address, mail in sent.items():
        [received] = smtp_sink.to(address)
        message = received.message
        assert message["Subject"] == mail.subject, address
        [to] = message["To"].addresses
        assert (to.display_name, to.addr_spec) == (mail.to_name, address)
        assert message["From"].addresses[0].display_name == "WIR Kreis Bergstraße"
        assert received.part("plain") == mail.text, address
        assert received.part("html").rstrip("\n") == mail.html.rstrip("\n"), address
        assert message.defects == [] and message["Subject"].defects == ()
        # And as a strict RFC 2047 decoder (a mail client) reads the headers as they came.
        raw = dict(message.raw_items())
        assert rfc2047(raw["Subject"]) == mail.subject, address
        assert rfc2047(raw["To"]) == f"{mail.to_name} <{address}>", address


def rfc2047(value: str) -> str:
    return str(make_header(decode_header(value)))

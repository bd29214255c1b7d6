"""A person reads their own inbox from a message's link: the code by e-mail, entered on the
page, and the messages in their language (right to left in Arabic), without staff navigation;
a wrong code, an expired one, a second ask, a broken link and a form without its token are
explained or refused in plain words."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from datetime import time
from email.message import EmailMessage
from typing import Any

import pytest

from wir_contracts.intake.v1 import PersonContactChanged, PersonRegistered
from wir_kit.runtime import Runtime
from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.examples import golden
from wir_kit.testing.service import outbox, rows
from wir_kit.testing.waiting import eventually
from wir_notifications.main import build
from wir_notifications.settings import NotificationSettings
from wir_ops.commands.run_mail_sink import MailSink, mail_sink
from wir_ops.sandbox import free_port

from ..conftest import WebClient, WebFactory

PUBLIC = "https://wir.example/notifications"
LINK = re.compile(re.escape(PUBLIC) + r"/messages/([A-Za-z0-9_.-]+)")


def mails(sink: MailSink, address: str) -> list[EmailMessage]:
    return [received.message for received in sink.to(address)]


@pytest.fixture
def sink() -> Iterator[MailSink]:
    with mail_sink(free_port()) as running:
        yield running


@pytest.fixture
async def notifications(sink: MailSink, wir_settings: Any, wir_runtime: Any) -> Runtime:
    config = NotificationSettings(
        smtp_host="127.0.0.1",
        smtp_port=sink.port,
        smtp_timeout_s=5.0,
        quiet_hours_start=time(0, 0),
        quiet_hours_end=time(0, 0),
        worker_poll_s=0.5,
        retry_delays_s=[0.2],
        retry_jitter=0.0,
        public_url=PUBLIC,
    )
    runtime: Runtime = await wir_runtime(build(config), wir_settings("notifications"))
    return runtime


async def _until(probe: Callable[[], Any]) -> Any:
    async def check() -> Any:
        return probe()

    found = await eventually(check, timeout=15.0)
    assert found, "nothing arrived in time"
    return found


async def welcomed(runtime: Runtime, sink: MailSink, languages: list[str]) -> tuple[str, str, EmailMessage]:
    """A person registered by intake and welcomed by e-mail: (their address, link token, mail)."""
    registered = golden(
        PersonRegistered,
        languages=languages,
        preferred_language=languages[0],
        language_levels=[],
        consents=["processing", "contact_email"],
    )
    address = f"{registered.person_id.hex[:12]}@example.org"
    contact = golden(
        PersonContactChanged,
        person_id=registered.person_id,
        contact={"display_name": "Amina", "email": address, "mobile": None, "channels": ["email"]},
    )
    await publish(runtime.settings, registered, contact)
    [welcome] = await _until(lambda: mails(sink, address))
    # The mail server has it a moment before the service records which channel took it.
    await eventually(lambda: _sent_to(runtime, str(registered.person_id)), timeout=15.0)
    [token] = LINK.findall(str(welcome.get_body(("plain",)).get_content()))
    return address, token, welcome


async def _sent_to(runtime: Runtime, person_id: str) -> bool:
    return any(sent["recipient_id"] == person_id for sent in await outbox(runtime, "notification_sent"))


def code_in(mail: EmailMessage) -> str:
    [code] = re.findall(r"\b[0-9]{6}\b", str(mail.get_body(("plain",)).get_content()))
    return code


Opened = Callable[..., Awaitable[tuple[WebClient, MailSink, str, str, EmailMessage]]]


@pytest.fixture
def opened(web: WebFactory, notifications: Runtime, sink: MailSink) -> Opened:
    async def make(languages: list[str]) -> tuple[WebClient, MailSink, str, str, EmailMessage]:
        address, token, welcome = await welcomed(notifications, sink, languages)
        return await web(notifications=notifications), sink, address, token, welcome

    return make


async def test_the_person_reads_their_inbox_in_arabic_after_a_code_by_e_mail(opened: Opened) -> None:
    client, sink, address, token, welcome = await opened(["ara"])

    start = await client.http.get(f"/inbox?m={token}")
    asked = await client.submit("/inbox/code", {"m": token}, form_on=f"/inbox?m={token}")
    [mail] = await _until(lambda: [m for m in mails(sink, address) if m is not welcome])
    entered = await client.submit(
        "/inbox/session", {"m": token, "code": code_in(mail)}, form_on=f"/inbox?m={token}"
    )
    inbox = await client.http.get("/inbox")

    assert start.status_code == 200
    assert '<html lang="ar" dir="rtl">' in start.text and "رسائلك لدى WIR" in start.text
    assert address not in start.text and "•••@e•••.org" in start.text
    assert (
        asked.status_code == 200
        and "أدخل الرمز" in asked.text
        and 'autocomplete="one-time-code"' in asked.text
    )
    assert mail["Subject"].startswith("رمزك لدى WIR")
    assert (entered.status_code, entered.headers["location"]) == (303, "/inbox")
    assert inbox.status_code == 200
    assert '<html lang="ar" dir="rtl">' in inbox.text and "<h1>رسائلك</h1>" in inbox.text
    assert welcome["Subject"] in inbox.text and "مرحباً Amina" in inbox.text
    assert '<article class="card inbox-message" lang="ar" dir="rtl"' in inbox.text
    assert 'action="/inbox/signout"' in inbox.text
    # The page's frame speaks the person's language too, and leads back to the inbox.
    assert "انتقل إلى المحتوى" in inbox.text and '<a class="brand" href="/inbox">' in inbox.text
    for page in (start, asked, inbox):
        assert "main-nav" not in page.text and 'action="/language"' not in page.text
        assert page.headers["cache-control"] == "no-store"


async def test_a_wrong_code_shows_the_form_again_in_the_persons_language(opened: Opened) -> None:
    client, sink, address, token, welcome = await opened(["ukr"])
    await client.submit("/inbox/code", {"m": token}, form_on=f"/inbox?m={token}")
    [mail] = await _until(lambda: [m for m in mails(sink, address) if m is not welcome])
    wrong = f"{(int(code_in(mail)) + 1) % 1_000_000:06d}"

    answer = await client.submit("/inbox/session", {"m": token, "code": wrong}, form_on=f"/inbox?m={token}")
    malformed = await client.submit("/inbox/session", {"m": token, "code": "12"}, form_on=f"/inbox?m={token}")

    assert answer.status_code == 422
    assert '<html lang="uk" dir="ltr">' in answer.text
    assert "Цей код неправильний" in answer.text
    assert 'aria-invalid="true"' in answer.text and 'aria-describedby="code-hint code-error"' in answer.text
    assert malformed.status_code == 422 and "введіть 6 цифр" in malformed.text
    assert (await client.http.get("/inbox")).text.count("inbox-message") == 0


async def test_the_person_signs_out_and_a_staff_page_stays_closed(opened: Opened) -> None:
    client, sink, address, token, welcome = await opened(["eng"])
    await client.submit("/inbox/code", {"m": token}, form_on=f"/inbox?m={token}")
    [mail] = await _until(lambda: [m for m in mails(sink, address) if m is not welcome])
    await client.submit("/inbox/session", {"m": token, "code": code_in(mail)}, form_on=f"/inbox?m={token}")

    staff = await client.http.get("/")
    out = await client.submit("/inbox/signout", {}, form_on="/inbox")
    after = await client.http.get("/inbox")

    assert (staff.status_code, staff.headers["location"]) == (303, "/signin")
    assert (out.status_code, out.headers["location"]) == (303, "/inbox")
    assert after.status_code == 200 and "You are signed out" in after.text and "Welcome" not in after.text


async def test_a_broken_link_opens_nothing(opened: Opened) -> None:
    client, _, _, token, _ = await opened(["fas"])

    forged = await client.http.get(f"/inbox?m={token[:-2]}xx")
    junk = await client.http.get("/inbox?m=<script>")

    # Whose link it was is not known: the page speaks the browser's language (German here).
    assert forged.status_code == 404 and "Dieser Link funktioniert nicht" in forged.text
    assert junk.status_code == 404 and "<script>" not in junk.text


async def test_the_sign_in_forms_need_the_sessions_token(opened: Opened) -> None:
    client, sink, address, token, _ = await opened(["tur"])
    await client.http.get(f"/inbox?m={token}")

    ask = await client.http.post("/inbox/code", data={"m": token})
    enter = await client.http.post("/inbox/session", data={"m": token, "code": "123456"})
    out = await client.http.post("/inbox/signout", data={})

    assert (ask.status_code, enter.status_code, out.status_code) == (403, 403, 403)
    assert len(mails(sink, address)) == 1  # the welcome: no code was sent


async def test_a_second_ask_and_an_expired_code_are_explained(opened: Opened, notifications: Runtime) -> None:
    client, sink, address, token, welcome = await opened(["eng"])
    first = await client.submit("/inbox/code", {"m": token}, form_on=f"/inbox?m={token}")
    again = await client.submit("/inbox/code", {"m": token}, form_on=f"/inbox?m={token}")
    [mail] = await _until(lambda: [m for m in mails(sink, address) if m is not welcome])
    await rows(
        notifications,
        BERGSTRASSE,
        "UPDATE inbox_codes SET expires_at = now() - interval '1 second' RETURNING code_id",
    )

    late = await client.submit(
        "/inbox/session", {"m": token, "code": code_in(mail)}, form_on=f"/inbox?m={token}"
    )

    assert first.status_code == 200 and "We have sent you a code" in first.text
    assert again.status_code == 200 and "We sent you a code just a moment ago" in again.text
    assert late.status_code == 410 and "This code is no longer valid" in late.text
    assert 'action="/inbox/code"' in late.text  # a new code is one button away
    assert len(mails(sink, address)) == 2  # the welcome and one code

"""End to end: all five services as separate processes started by `wir run`, with the real
broker, database and an SMTP sink.

In Main-Kinzig-Kreis (no demo pool there, so the interpreters are the test's own), a case manager
requests an interpreter for a Ukrainian-speaking person; the interpreter is asked by e-mail in
German and confirms through the signed link without an account; the person is told in Ukrainian
and the requester in German; reminders reach all three at their time (minutes ahead here); a
cancellation reaches all three. A Kurmanji request finds nobody locally and is filled from Hanau,
whose interpreter opted in to serve Main-Kinzig: Hanau's side sees the job and never the person.
Finally the person's erasure, asked in intake, completes once every consumer confirmed it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import httpx
import pytest

from wir_kit.auth import issue_dev_token
from wir_kit.testing.districts import GELNHAUSEN, HANAU, HANAU_TOWN, MAIN_KINZIG
from wir_kit.testing.waiting import eventually
from wir_ops.commands.run_mail_sink import MailSink
from wir_ops.sandbox import Sandbox, sandbox

SERVICES = ["intake", "competence", "matching", "interpreting", "notifications"]
#: One reminder, 6 minutes before the start: an appointment 7¼ minutes ahead is reminded of
#: 75 s after it was booked (time enough to confirm first, on a busy machine too); the
#: neighbouring pool's journey runs meanwhile.
REMINDER_HOURS = 0.1
AHEAD_MINUTES = 7.25
BERLIN = ZoneInfo("Europe/Berlin")
DOCUMENTS = ("confidentiality", "criminal_record", "training")
ADDRESS = "Barbarossastraße 1, 63571 Gelnhausen"
KURDISH_NAME = "Rojîn Demir"
LINK = re.compile(r"https?://\S+/answers/([A-Za-z0-9_\-.]+)")
#: What arrives after the steps taken so far, per address: each step waits for more than these.
Counts = dict[str, int]


@dataclass
class Wir:
    platform: Sandbox
    http: httpx.AsyncClient

    def headers(self, role: str, district: str = MAIN_KINZIG, **extra: str) -> dict[str, str]:
        token = issue_dev_token(self.platform.settings, sub=f"e2e-{role}", district=district, roles=[role])
        return {"Authorization": f"Bearer {token}", **extra}

    async def call(
        self, method: str, service: str, path: str, role: str, district: str = MAIN_KINZIG, **kwargs: Any
    ) -> httpx.Response:
        headers = self.headers(role, district, **kwargs.pop("headers", {}))
        return await self.http.request(method, self.platform.url(service, path), headers=headers, **kwargs)

    async def ok(self, method: str, service: str, path: str, role: str, **kwargs: Any) -> Any:
        answer = await self.call(method, service, path, role, **kwargs)
        assert answer.status_code in (200, 201, 202), (method, path, answer.status_code, answer.text)
        return answer.json()


def interpreter(email: str, languages: list[dict[str, str]], home: str, modes: list[str]) -> dict[str, Any]:
    return {
        "contact": {"display_name": "E2E Sprachmittlerin", "email": email, "channels": ["email"]},
        "preferred_language": "deu",
        "languages": languages,
        "german_level": "C1",
        "modes": modes,
        "home_municipality": home,
        "travel_km": 40,
        "weekly": [{"weekday": day, "start": "00:00", "end": "23:59"} for day in range(7)],
    }


def person(given: str, family: str, language: str, email: str, latin: str | None = None) -> dict[str, Any]:
    return {
        "given_names": given,
        "family_name": family,
        **({"transliteration": latin} if latin else {}),
        "date_of_birth": {"year": 1990},
        "country_of_origin": "UA" if language == "ukr" else "SY",
        "nationalities": ["UA" if language == "ukr" else "SY"],
        "languages": [{"language": language, "level": "native"}],
        "preferred_language": language,
        "contact": {"email": email, "channels": ["email"]},
        "municipality": GELNHAUSEN,
        "arrival_date": "2026-11-01",
        "residence_status": "aufenthaltsgestattung",
        "consents": [
            {"purpose": purpose, "given": True, "legal_basis": "consent"}
            for purpose in ("processing", "contact_email", "share_with_interpreters")
        ],
    }


def address(name: str) -> str:
    return f"{name}.{uuid.uuid4().hex[:8]}@example.org"


def soon(minutes: float, length: timedelta = timedelta(minutes=30)) -> tuple[datetime, datetime]:
    """A slot starting `minutes` from now that ends on the same Berlin day (availability windows
    end at midnight)."""
    start = (datetime.now(UTC) + timedelta(minutes=minutes)).replace(microsecond=0)
    if (start + length).astimezone(BERLIN).date() != start.astimezone(BERLIN).date():
        midnight = datetime.combine(start.astimezone(BERLIN).date() + timedelta(days=1), datetime.min.time())
        start = midnight.replace(tzinfo=BERLIN).astimezone(UTC) + timedelta(minutes=1)
    return start, start + length


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def counts(sink: MailSink, *addresses: str) -> Counts:
    return {to: len(sink.to(to)) for to in addresses}


async def more_mail(sink: MailSink, before: Counts, timeout: float = 90.0) -> dict[str, EmailMessage]:
    """The first message after `before` for each address, once each has one."""

    async def arrived() -> bool:
        return all(len(sink.to(to)) > seen for to, seen in before.items())

    assert await eventually(arrived, timeout=timeout), f"no new message for some of {list(before)}"
    return {to: sink.to(to)[seen].message for to, seen in before.items()}


def cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


async def register_interpreter(
    wir: Wir, district: str, profile: dict[str, Any], neighbours: list[str] | None = None
) -> str:
    created = await wir.ok(
        "POST", "interpreting", "/interpreters", "coordinator", district=district, json=profile
    )
    interpreter_id = str(created["interpreter_id"])
    valid = {"expires_on": (date.today() + timedelta(days=365)).isoformat()}
    for kind in DOCUMENTS:
        path = f"/interpreters/{interpreter_id}/documents/{kind}"
        await wir.ok("PUT", "interpreting", path, "coordinator", district=district, json=valid)
    if neighbours:
        path = f"/interpreters/{interpreter_id}/neighbours"
        await wir.ok(
            "PUT", "interpreting", path, "coordinator", district=district, json={"districts": neighbours}
        )
    return interpreter_id


async def register_person(wir: Wir, body: dict[str, Any], need_language: str | None = None) -> str:
    idempotent = {"Idempotency-Key": str(uuid.uuid4())}
    created = await wir.ok(
        "POST", "intake", "/persons?confirmed_new=true", "case_manager", json=body, headers=idempotent
    )
    person_id = str(created["id"])
    if need_language:
        need = {"kind": "interpreting", "language": need_language}
        path = f"/persons/{person_id}/needs"
        await wir.ok(
            "POST", "intake", path, "case_manager", json=need, headers={"Idempotency-Key": str(uuid.uuid4())}
        )
    return person_id


async def request_once_known(wir: Wir, body: dict[str, Any]) -> dict[str, Any]:
    """Request interpreting for a person as soon as intake's events brought them to interpreting
    (until then the request names an unknown person: 422 on person_id, nothing written)."""
    created: dict[str, Any] = {}

    async def requested() -> bool:
        answer = await wir.call("POST", "interpreting", "/appointments", "case_manager", json=body)
        if answer.status_code == 201:
            created.update(answer.json())
        return answer.status_code == 201

    assert await eventually(requested, timeout=60.0)
    return created


async def answer_by_link(wir: Wir, message: EmailMessage) -> None:
    """Open the signed link of an assignment message and confirm, without an account."""
    [token] = LINK.findall(text_of(message))
    page = await wir.http.get(wir.platform.url("interpreting", f"/answers/{token}"))
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    confirmed = await wir.http.post(wir.platform.url("interpreting", f"/answers/{token}/confirm"))
    assert confirmed.status_code == 200, confirmed.text


async def state_becomes(wir: Wir, appointment_id: str, state: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    async def reached() -> bool:
        seen.update(await wir.ok("GET", "interpreting", f"/appointments/{appointment_id}", "case_manager"))
        return bool(seen["state"] == state)

    assert await eventually(reached, timeout=60.0), f"appointment stayed {seen.get('state')}"
    return seen


async def reminders_published(platform: Sandbox, appointment_id: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(platform.settings.database_admin_url)
    try:
        return list(
            await conn.fetch(
                "SELECT not_before, published_at FROM interpreting.outbox"
                " WHERE event_type = 'appointment_reminder_due' AND payload::jsonb ->> 'appointment_id' = $1",
                appointment_id,
            )
        )
    finally:
        await conn.close()


# About 100 s alone, 75 of them waiting for the reminder's time; on a machine busy with other
# work its steps before that wait stretch (seen: over 180 s).
@pytest.mark.timeout(360)
async def test_interpreting_from_request_to_erasure(sink: MailSink) -> None:
    extra = {**sink.environ(), "WIR_INTERPRETING_REMINDER_HOURS": f"[{REMINDER_HOURS}]"}
    async with sandbox(SERVICES, extra) as platform, httpx.AsyncClient(timeout=15.0) as http:
        wir = Wir(platform, http)
        rules = {
            "lead_time_hours": 0,
            "answer_hours": 24,
            "flat_cents": 2000,
            "hourly_cents": 0,
            "per_km_cents": 0,
            "short_notice_hours": 24,
            "short_notice_cancel_cents": 1000,
        }
        await wir.ok("PUT", "interpreting", "/district-rules", "coordinator", json=rules)
        booked = await booked_and_confirmed(wir, sink)
        await kurmanji_from_the_neighbouring_pool(wir, sink)
        await reminded_and_cancelled(wir, sink, booked)
        await erasure_completes_everywhere(wir, booked.person_id, booked.appointment_id)


@dataclass(frozen=True)
class Booked:
    """A confirmed appointment whose reminder is still to come, and what its people were sent."""

    person_id: str
    appointment_id: str
    starts_at: datetime
    everyone: tuple[str, str, str]  # interpreter, person, requester
    after_confirming: Counts


async def booked_and_confirmed(wir: Wir, sink: MailSink) -> Booked:
    interpreter_email, person_email, requester_email = address("olena"), address("oksana"), address("team")
    profile = interpreter(interpreter_email, [{"language": "ukr"}], GELNHAUSEN, ["on_site", "phone"])
    interpreter_id = await register_interpreter(wir, MAIN_KINZIG, profile)
    person_id = await register_person(wir, person("Оксана", "Мельник", "ukr", person_email, "Oksana Melnyk"))
    starts_at, ends_at = soon(AHEAD_MINUTES)
    request = {
        "person_id": person_id,
        "mode": "on_site",
        "venue": "jobcenter",
        "department": "Jobcenter Main-Kinzig, Team Integration",
        "municipality": GELNHAUSEN,
        "address": ADDRESS,
        "starts_at": starts_at.isoformat(),
        "ends_at": ends_at.isoformat(),
        "notes": "Frau Melnyk bringt den Bescheid mit.",
        "requester": {"display_name": "Team Integration", "email": requester_email, "channels": ["email"]},
    }
    appointment = await request_once_known(wir, request)
    assert (appointment["state"], appointment["language"]) == ("assigned", "ukr")
    assert appointment["interpreter_id"] == interpreter_id
    appointment_id = appointment["appointment_id"]

    asked = (await sink.wait_for(interpreter_email)).message
    assert asked["Content-Language"].startswith("de")
    assert "Melnyk" not in text_of(asked) and "Мельник" not in text_of(asked)  # no notes, no name
    everyone = (interpreter_email, person_email, requester_email)
    before_confirming = counts(sink, person_email, requester_email)
    await answer_by_link(wir, asked)
    await state_becomes(wir, appointment_id, "confirmed")

    told = await more_mail(sink, before_confirming)
    assert told[person_email]["Content-Language"].startswith("uk")
    assert cyrillic(text_of(told[person_email]))
    assert told[requester_email]["Content-Language"].startswith("de")

    # Asked once; the confirmation told the person and the requester once each: what comes next
    # is the reminder, whenever it comes.
    after_confirming = {interpreter_email: 1, **{to: seen + 1 for to, seen in before_confirming.items()}}
    return Booked(person_id, appointment_id, starts_at, everyone, after_confirming)


async def reminded_and_cancelled(wir: Wir, sink: MailSink, booked: Booked) -> None:
    interpreter_email, person_email, _ = booked.everyone
    appointment_id = booked.appointment_id
    reminded = await more_mail(sink, booked.after_confirming, timeout=300.0)
    assert reminded[person_email]["Content-Language"].startswith("uk")
    [reminder] = await reminders_published(wir.platform, appointment_id)
    assert reminder["published_at"] is not None and reminder["published_at"] >= reminder["not_before"]
    assert reminder["not_before"] == booked.starts_at - timedelta(hours=REMINDER_HOURS)

    before_cancelling = counts(sink, *booked.everyone)
    cancel = {"reason": "appointment_dropped"}
    path = f"/appointments/{appointment_id}/cancel"
    await wir.ok("POST", "interpreting", path, "case_manager", json=cancel)
    cancelled = await more_mail(sink, before_cancelling)
    assert cancelled[person_email]["Content-Language"].startswith("uk")
    assert cancelled[interpreter_email]["Content-Language"].startswith("de")


async def kurmanji_from_the_neighbouring_pool(wir: Wir, sink: MailSink) -> None:
    hanau_email = address("rojda")
    profile = interpreter(hanau_email, [{"language": "kmr", "variety": "Kurmanji"}], HANAU_TOWN, ["phone"])
    hanau_interpreter = await register_interpreter(wir, HANAU, profile, neighbours=[MAIN_KINZIG])
    given, family = KURDISH_NAME.split()
    person_id = await register_person(
        wir, person(given, family, "kmr", address("rojin")), need_language="kmr"
    )
    starts_at, ends_at = soon(180)
    request = {
        "person_id": person_id,
        "variety": "Kurmanji",
        "mode": "phone",
        "venue": "immigration_office",
        "remote_link": "+496051850",
        "starts_at": starts_at.isoformat(),
        "ends_at": ends_at.isoformat(),
        "notes": f"{KURDISH_NAME} braucht eine Vollmacht.",
    }
    appointment = await request_once_known(wir, request)
    assert (appointment["state"], appointment["language"]) == ("assigned", "kmr")
    assert (appointment["interpreter_id"], appointment["interpreter_district"]) == (hanau_interpreter, HANAU)
    appointment_id = appointment["appointment_id"]

    asked = (await sink.wait_for(hanau_email)).message  # the copy published in Hanau
    for personal in (person_id, given, family, "Vollmacht"):
        assert personal not in text_of(asked)
    await answer_by_link(wir, asked)
    await state_becomes(wir, appointment_id, "confirmed")

    await hanau_sees_the_job_and_not_the_person(wir, hanau_interpreter, appointment_id, person_id)


async def hanau_sees_the_job_and_not_the_person(
    wir: Wir, interpreter_id: str, appointment_id: str, person_id: str
) -> None:
    period = {
        "from": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
        "to": (datetime.now(UTC) + timedelta(days=2)).isoformat(),
    }
    path = f"/interpreters/{interpreter_id}/calendar"

    async def confirmed_in_calendar() -> bool:
        calendar = await wir.call("GET", "interpreting", path, "coordinator", district=HANAU, params=period)
        assert calendar.status_code == 200, calendar.text
        for personal in (person_id, *KURDISH_NAME.split(), "Vollmacht"):
            assert personal not in calendar.text
        jobs = [job for job in calendar.json()["bookings"] if job["appointment_id"] == appointment_id]
        return (
            bool(jobs) and jobs[0]["state"] == "confirmed" and jobs[0]["requesting_district"] == MAIN_KINZIG
        )

    assert await eventually(confirmed_in_calendar, timeout=30.0)
    hidden = await wir.call(
        "GET", "interpreting", f"/appointments/{appointment_id}", "coordinator", district=HANAU
    )
    assert hidden.status_code == 404
    listed = await wir.ok("GET", "interpreting", "/appointments", "coordinator", district=HANAU)
    assert appointment_id not in str(listed)


async def erasure_completes_everywhere(wir: Wir, person_id: str, appointment_id: str) -> None:
    await wir.ok("DELETE", "intake", f"/persons/{person_id}", "case_manager")
    status: dict[str, Any] = {}

    async def completed() -> bool:
        status.update(await wir.ok("GET", "intake", f"/persons/{person_id}/erasure", "case_manager"))
        return bool(status["state"] == "completed")

    assert await eventually(completed, timeout=90.0), f"erasure still {status}"
    confirmed = {entry["service"] for entry in status["services"] if entry["confirmed_at"]}
    assert {"interpreting", "matching"} <= confirmed
    assert confirmed == {entry["service"] for entry in status["services"]}
    kept = await wir.ok("GET", "interpreting", f"/appointments/{appointment_id}", "case_manager")
    assert (kept["person_id"], kept["notes"], kept["state"]) == (None, None, "cancelled")

"""Compliance documents over time: one reminder per expiry date ahead of it; none for documents
far from expiring, expired already, or of an interpreter who left the pool."""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from wir_interpreting.jobs.compliance import check_compliance
from wir_interpreting.settings import InterpretingSettings
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU
from wir_kit.testing.service import outbox, rows

from .b_support import add_interpreter
from .conftest import PUBLIC_URL, Headers

REMIND_DAYS = 30


async def _today(runtime: Runtime) -> date:
    [row] = await rows(runtime, BERGSTRASSE, "SELECT (now() AT TIME ZONE 'Europe/Berlin')::date AS d")
    day: date = row["d"]
    return day


async def _check(runtime: Runtime) -> None:
    await check_compliance(InterpretingSettings(public_url=PUBLIC_URL, compliance_remind_days=REMIND_DAYS))(
        runtime
    )


async def _record(
    http: httpx.AsyncClient, headers: Headers, interpreter_id: object, kind: str, day: date
) -> None:
    answer = await http.put(
        f"/interpreters/{interpreter_id}/documents/{kind}",
        json={"expires_on": day.isoformat()},
        headers=headers(),
    )
    assert answer.status_code == 200, answer.text


async def test_an_expiring_document_is_reminded_of_once_per_expiry_date(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    today = await _today(interpreting)
    interpreter_id = await add_interpreter(interpreting)
    await _record(http, headers, interpreter_id, "criminal_record", today + timedelta(days=10))

    await _check(interpreting)
    await _check(interpreting)

    [event] = await outbox(interpreting, "interpreter_compliance_expiring")
    assert event["interpreter_id"] == str(interpreter_id)
    assert event["document"] == "criminal_record"
    assert event["expires_on"] == (today + timedelta(days=10)).isoformat()

    await _record(http, headers, interpreter_id, "criminal_record", today + timedelta(days=20))
    await _check(interpreting)
    events = await outbox(interpreting, "interpreter_compliance_expiring")
    assert [e["expires_on"] for e in events] == [
        (today + timedelta(days=10)).isoformat(),
        (today + timedelta(days=20)).isoformat(),
    ]


async def test_recording_the_same_expiry_again_is_not_reminded_of_again(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    today = await _today(interpreting)
    interpreter_id = await add_interpreter(interpreting)
    await _record(http, headers, interpreter_id, "training", today)
    await _check(interpreting)

    await _record(http, headers, interpreter_id, "training", today)
    await _check(interpreting)

    assert len(await outbox(interpreting, "interpreter_compliance_expiring")) == 1


async def test_no_reminder_far_ahead_or_for_an_interpreter_who_left(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    today = await _today(interpreting)
    await add_interpreter(interpreting, documents_until=today + timedelta(days=REMIND_DAYS + 1))
    gone = await add_interpreter(interpreting, documents_until=today + timedelta(days=5))
    assert (await http.delete(f"/interpreters/{gone}", headers=headers())).status_code == 200

    await _check(interpreting)

    assert await outbox(interpreting, "interpreter_compliance_expiring") == []


async def test_each_district_is_reminded_in_its_own_district(interpreting: Runtime) -> None:
    today = await _today(interpreting)
    hanau = await add_interpreter(interpreting, district=HANAU, documents_until=today + timedelta(days=3))

    await _check(interpreting)

    assert await outbox(interpreting, "interpreter_compliance_expiring") == []
    events = await outbox(interpreting, "interpreter_compliance_expiring", district=HANAU)
    assert {e["interpreter_id"] for e in events} == {str(hanau)}
    assert len(events) == 3


async def test_a_document_already_expired_is_not_reminded_of(interpreting: Runtime) -> None:
    today = await _today(interpreting)
    interpreter_id = await add_interpreter(interpreting, documents_until=today + timedelta(days=90))
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        await tx.execute(
            "UPDATE interpreter_documents SET expires_on = $2 WHERE interpreter_id = $1",
            interpreter_id,
            today - timedelta(days=1),
        )

    await _check(interpreting)

    assert await outbox(interpreting, "interpreter_compliance_expiring") == []

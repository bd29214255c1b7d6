"""The monthly statement adds up: CSV and PDF, for the district and for one interpreter, with the
district's flat, hourly, per-km and short-notice cancellation rates; never a person's data."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import httpx
import pypdf
import pytest

from wir_contracts.interpreting.v1 import AppointmentOutcome
from wir_interpreting.domain.allowance import amount_cents
from wir_interpreting.domain.rules import DistrictRules
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BENSHEIM, BERGSTRASSE, HANAU

from .b_support import add_interpreter
from .conftest import Headers

RULES = DistrictRules(
    flat_cents=2000, hourly_cents=3000, per_km_cents=30, short_notice_hours=24, short_notice_cancel_cents=1500
)
PERSON = uuid4()
#: 00:30 on 1 March in Berlin: March by the district's calendar, February in UTC.
FIRST_MINUTE = datetime(2027, 2, 28, 23, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Pool:
    farid: UUID
    rania: UUID
    marta: UUID  # Hanau's, serving Kreis Bergstraße


async def _appointment(
    runtime: Runtime,
    interpreter_id: UUID | None,
    starts_at: datetime,
    *,
    state: str = "completed",
    outcome: AppointmentOutcome | None = AppointmentOutcome.COMPLETED,
    minutes: int | None = 60,
    kilometres: int | None = 0,
    interpreter_district: str = BERGSTRASSE,
    short_notice: bool | None = None,
    allowance: int | str | None = "reckoned",
    district: str = BERGSTRASSE,
) -> UUID:
    """An appointment as the lifecycle leaves it, with the allowance it stores (reckoned by the
    district's rules unless given)."""
    if allowance == "reckoned":
        allowance = amount_cents(
            RULES,
            outcome=outcome,
            minutes=minutes or 0,
            kilometres=kilometres or 0,
            short_notice_cancellation=bool(short_notice),
        )
    appointment_id = uuid4()
    async with runtime.db.transaction(district) as tx:
        await tx.execute(
            "INSERT INTO appointments (district, appointment_id, person_id, language, mode, venue,"
            " municipality, starts_at, ends_at, notes, requested_by, state, interpreter_id,"
            " interpreter_district, outcome, minutes, kilometres, allowance_cents, short_notice)"
            " VALUES ($1, $2, $3, 'prs', 'on_site', 'jobcenter', $4, $5, $6, 'Frau A. braucht Hilfe',"
            " 'cm-1', $7, $8, $9, $10, $11, $12, $13, $14)",
            district,
            appointment_id,
            PERSON,
            BENSHEIM,
            starts_at,
            starts_at + timedelta(hours=1),
            state,
            interpreter_id,
            interpreter_district if interpreter_id else None,
            outcome,
            minutes,
            kilometres,
            allowance,
            short_notice,
        )
    return appointment_id


@pytest.fixture
async def pool(interpreting: Runtime, http: httpx.AsyncClient, headers: Headers) -> Pool:
    """A month of work in Kreis Bergstraße under RULES: Farid 140,20 €, Rania 73,00 €, Marta
    (from Hanau) 65,00 €; besides, what the statement must leave out."""
    rules = {
        "lead_time_hours": 48,
        "answer_hours": 24,
        "flat_cents": RULES.flat_cents,
        "hourly_cents": RULES.hourly_cents,
        "per_km_cents": RULES.per_km_cents,
        "short_notice_hours": RULES.short_notice_hours,
        "short_notice_cancel_cents": RULES.short_notice_cancel_cents,
    }
    assert (await http.put("/district-rules", json=rules, headers=headers())).status_code == 200
    farid = await add_interpreter(interpreting, name="Farid Ahmadi")
    rania = await add_interpreter(interpreting, name="Rania Haddad", languages=[("arb", "Levantine")])
    marta = await add_interpreter(
        interpreting, district=HANAU, name="Marta Kowalenko", neighbours=[BERGSTRASSE]
    )
    day = timedelta(days=1)
    # Farid: 20 + 45 + 4,20 = 69,20; 20 + 30 + 6 = 56; 0; 15 → 140,20
    await _appointment(interpreting, farid, FIRST_MINUTE, minutes=90, kilometres=14)
    await _appointment(
        interpreting,
        farid,
        FIRST_MINUTE + 3 * day,
        state="no_show",
        outcome=AppointmentOutcome.PERSON_NO_SHOW,
        kilometres=20,
    )
    await _appointment(
        interpreting,
        farid,
        FIRST_MINUTE + 4 * day,
        state="no_show",
        outcome=AppointmentOutcome.INTERPRETER_NO_SHOW,
    )
    await _appointment(
        interpreting,
        farid,
        FIRST_MINUTE + 5 * day,
        state="cancelled",
        outcome=None,
        minutes=None,
        kilometres=None,
        short_notice=True,
    )
    # Rania: 20 + 15 = 35; stored without amount: 20 + 15 + 3 = 38 → 73,00
    await _appointment(interpreting, rania, FIRST_MINUTE + 6 * day, minutes=30)
    await _appointment(interpreting, rania, FIRST_MINUTE + 7 * day, minutes=30, kilometres=10, allowance=None)
    # Marta from Hanau: 20 + 30 + 15 = 65
    await _appointment(interpreting, marta, FIRST_MINUTE + 8 * day, kilometres=50, interpreter_district=HANAU)
    # Left out: cancelled in time, still open, in April by Berlin's calendar, another district's.
    await _appointment(
        interpreting, farid, FIRST_MINUTE + 9 * day, state="cancelled", outcome=None, short_notice=False
    )
    await _appointment(
        interpreting, farid, FIRST_MINUTE + 10 * day, state="confirmed", outcome=None, allowance=None
    )
    await _appointment(
        interpreting, None, FIRST_MINUTE + 11 * day, state="unfilled", outcome=None, allowance=None
    )
    await _appointment(interpreting, farid, datetime(2027, 3, 31, 22, 30, tzinfo=UTC))
    await _appointment(interpreting, marta, FIRST_MINUTE, district=HANAU, interpreter_district=HANAU)
    return Pool(farid, rania, marta)


def _csv(answer: httpx.Response) -> list[dict[str, str]]:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(answer.text)))


def _pdf_amounts(answer: httpx.Response) -> tuple[list[int], list[int], int, str]:
    """Row amounts, interpreter totals and the grand total as the PDF's text shows them."""
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(answer.content)).pages)
    rows: list[int] = []
    totals: list[int] = []
    grand = -1
    for line in text.splitlines():
        found = re.search(r"([0-9.]+,[0-9]{2}) €", line)
        if found is None:
            continue
        cents = int(found[1].replace(".", "").replace(",", ""))
        if re.match(r"[0-9]{2}\.03\.2027 ", line):
            rows.append(cents)
        elif line.startswith("Summe"):
            totals.append(cents)
        elif line.startswith("Gesamtsumme"):
            grand = cents
    return rows, totals, grand, text


def _no_person_data(body: str) -> None:
    assert str(PERSON) not in body
    assert "Frau A." not in body


async def test_the_districts_csv_adds_up(pool: Pool, http: httpx.AsyncClient, headers: Headers) -> None:
    answer = await http.get("/statements/2027-03.csv", headers=headers())
    lines = _csv(answer)

    appointments = [line for line in lines if line["record"] == "appointment"]
    totals = {UUID(line["interpreter_id"]): line for line in lines if line["record"] == "interpreter_total"}
    [grand] = [line for line in lines if line["record"] == "total"]
    assert {key: int(line["amount_cents"]) for key, line in totals.items()} == {
        pool.farid: 14020,
        pool.rania: 7300,
        pool.marta: 6500,
    }
    for interpreter_id, total in totals.items():
        own = [line for line in appointments if UUID(line["interpreter_id"]) == interpreter_id]
        assert sum(int(line["amount_cents"]) for line in own) == int(total["amount_cents"])
        assert sum(int(line["minutes"] or 0) for line in own) == int(total["minutes"])
        assert sum(int(line["kilometres"] or 0) for line in own) == int(total["kilometres"])
    assert sum(int(line["amount_cents"]) for line in appointments) == int(grand["amount_cents"]) == 27820
    assert grand["amount_eur"] == "278.20"
    assert [line["outcome"] for line in appointments if UUID(line["interpreter_id"]) == pool.farid] == [
        "completed",
        "person_no_show",
        "interpreter_no_show",
        "short_notice_cancellation",
    ]
    assert appointments[0]["date"] == "2027-03-01"
    assert appointments[0]["start"] == "00:30"
    neighbour = [line for line in appointments if UUID(line["interpreter_id"]) == pool.marta]
    assert [(line["interpreter"], line["interpreter_district"]) for line in neighbour] == [("", HANAU)]
    assert "Marta" not in answer.text
    _no_person_data(answer.text)
    assert "statement-06431-2027-03.csv" in answer.headers["content-disposition"]


async def test_the_districts_pdf_adds_up(pool: Pool, http: httpx.AsyncClient, headers: Headers) -> None:
    rows, totals, grand, text = _pdf_amounts(await http.get("/statements/2027-03.pdf", headers=headers()))

    assert rows == [6920, 5600, 0, 1500, 3500, 3800, 6500]
    assert totals == [14020, 7300, 6500]
    assert sum(rows) == sum(totals) == grand == 27820
    assert "Kreis Bergstraße · März 2027" in text
    assert "Farid Ahmadi" in text
    assert "Sprachmittler:in aus Hanau" in text
    assert "Marta" not in text
    _no_person_data(text)


async def test_an_interpreter_gets_their_own_statement(
    pool: Pool, http: httpx.AsyncClient, headers: Headers
) -> None:
    own = headers("interpreter", sub=str(pool.farid))

    lines = _csv(await http.get(f"/statements/2027-03/interpreters/{pool.farid}.csv", headers=own))
    rows, totals, grand, _ = _pdf_amounts(
        await http.get(f"/statements/2027-03/interpreters/{pool.farid}.pdf", headers=own)
    )

    assert {line["interpreter_id"] for line in lines if line["interpreter_id"]} == {str(pool.farid)}
    assert [int(line["amount_cents"]) for line in lines if line["record"] == "total"] == [14020]
    assert rows == [6920, 5600, 0, 1500]
    assert totals == [14020]
    assert grand == 14020


async def test_the_coordinator_gets_a_neighbours_statement_for_their_district(
    pool: Pool, http: httpx.AsyncClient, headers: Headers
) -> None:
    lines = _csv(await http.get(f"/statements/2027-03/interpreters/{pool.marta}.csv", headers=headers()))
    assert [int(line["amount_cents"]) for line in lines if line["record"] == "total"] == [6500]


async def test_a_month_without_work_is_an_empty_statement(
    pool: Pool, http: httpx.AsyncClient, headers: Headers
) -> None:
    lines = _csv(await http.get(f"/statements/2027-05/interpreters/{pool.rania}.csv", headers=headers()))
    assert [(line["record"], line["amount_cents"]) for line in lines] == [("total", "0")]
    rows, totals, grand, text = _pdf_amounts(await http.get("/statements/2027-05.pdf", headers=headers()))
    assert (rows, totals, grand) == ([], [], 0)
    assert "Keine Einsätze" in text


async def test_statements_of_others_answer_404_or_403(
    pool: Pool, http: httpx.AsyncClient, headers: Headers
) -> None:
    rania = headers("interpreter", sub=str(pool.rania))
    hanau = headers(district=HANAU)

    assert (
        await http.get(f"/statements/2027-03/interpreters/{pool.farid}.csv", headers=rania)
    ).status_code == 404
    assert (
        await http.get(f"/statements/2027-03/interpreters/{pool.farid}.pdf", headers=hanau)
    ).status_code == 404
    assert (
        await http.get(f"/statements/2027-03/interpreters/{uuid4()}.csv", headers=headers())
    ).status_code == 404
    assert (await http.get("/statements/2027-03.csv", headers=rania)).status_code == 403
    assert (await http.get("/statements/2027-03.pdf", headers=headers("case_manager"))).status_code == 403
    hanau_lines = _csv(await http.get("/statements/2027-03.csv", headers=hanau))
    assert [int(line["amount_cents"]) for line in hanau_lines if line["record"] == "total"] == [5000]


@pytest.mark.parametrize(
    "path",
    ["/statements/2027-13.csv", "/statements/27-03.pdf", "/statements/march.csv", "/statements/0000-01.csv"],
)
async def test_a_bad_month_answers_422_naming_it(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers, path: str
) -> None:
    answer = await http.get(path, headers=headers())
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["path", "month"]

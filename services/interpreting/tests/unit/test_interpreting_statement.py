"""The monthly statement: grouping, totals, months in Berlin time, and its CSV and PDF forms."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pypdf
import pytest

from wir_interpreting.adapters import statement_csv, statement_pdf
from wir_interpreting.domain.statement import Job, JobOutcome, Month, statement

MARCH = Month(2027, 3)
ANNA = UUID("00000000-0000-4000-8000-00000000000a")
ZORAN = UUID("00000000-0000-4000-8000-00000000000b")
NEIGHBOUR = UUID("00000000-0000-4000-8000-00000000000c")


def job(
    interpreter_id: UUID,
    day: int,
    cents: int,
    *,
    name: str | None = "Anna Größe",
    district: str = "06431",
    outcome: JobOutcome = JobOutcome.COMPLETED,
    minutes: int | None = 60,
    kilometres: int | None = 10,
    variety: str | None = None,
) -> Job:
    return Job(
        appointment_id=uuid4(),
        interpreter_id=interpreter_id,
        interpreter_district=district,
        interpreter_name=name,
        starts_at=datetime(2027, 3, day, 8, 30, tzinfo=UTC),
        language="kmr",
        variety=variety,
        mode="on_site",
        outcome=outcome,
        minutes=minutes,
        kilometres=kilometres,
        amount_cents=cents,
    )


JOBS = [
    job(ANNA, 12, 6920),
    job(ANNA, 3, 1500, outcome=JobOutcome.SHORT_NOTICE_CANCELLATION, minutes=None, kilometres=None),
    job(ZORAN, 5, 3500, name="Zoran Łukasz", variety="Kurmanji"),
    job(NEIGHBOUR, 7, 6500, name=None, district="06415", minutes=90, kilometres=50),
    job(ANNA, 20, 0, outcome=JobOutcome.INTERPRETER_NO_SHOW),
]


def test_months_are_calendar_months_in_berlin() -> None:
    start, end = Month.parse("2027-03").bounds()
    assert start == datetime(2027, 2, 28, 23, 0, tzinfo=UTC)
    assert end == datetime(2027, 3, 31, 22, 0, tzinfo=UTC)  # summer time from 28 March
    assert Month.parse("2026-12").next_first_day.isoformat() == "2027-01-01"
    assert str(Month.parse("2026-01")) == "2026-01"


@pytest.mark.parametrize("text", ["2027-13", "2027-00", "27-03", "2027-3", "march", "0000-01", "9999-12"])
def test_a_month_is_refused_unless_yyyy_mm(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        Month.parse(text)


def test_jobs_are_grouped_by_interpreter_own_pool_first_each_by_start() -> None:
    found = statement("06431", MARCH, JOBS)

    assert [part.interpreter_id for part in found.interpreters] == [ANNA, ZORAN, NEIGHBOUR]
    anna = found.interpreters[0]
    assert [j.starts_at.day for j in anna.jobs] == [3, 12, 20]
    assert (anna.amount_cents, anna.minutes, anna.kilometres) == (8420, 120, 20)
    assert found.amount_cents == 8420 + 3500 + 6500
    assert found.jobs == 5
    assert found.minutes == 120 + 60 + 90
    assert found.kilometres == 20 + 10 + 50


def test_the_csv_adds_up_line_by_line() -> None:
    lines = list(csv.DictReader(io.StringIO(statement_csv.render(statement("06431", MARCH, JOBS)))))

    appointments = [line for line in lines if line["record"] == "appointment"]
    totals = {line["interpreter_id"]: line for line in lines if line["record"] == "interpreter_total"}
    [grand] = [line for line in lines if line["record"] == "total"]
    assert len(appointments) == 5
    for interpreter_id, total in totals.items():
        own = [int(line["amount_cents"]) for line in appointments if line["interpreter_id"] == interpreter_id]
        assert sum(own) == int(total["amount_cents"])
    assert sum(int(line["amount_cents"]) for line in appointments) == int(grand["amount_cents"]) == 18420
    assert grand["amount_eur"] == "184.20"
    assert appointments[0]["date"] == "2027-03-03"
    assert appointments[0]["start"] == "09:30"
    assert appointments[0]["outcome"] == "short_notice_cancellation"
    assert appointments[0]["minutes"] == ""
    assert {line["interpreter"] for line in appointments} == {"Anna Größe", "Zoran Łukasz", ""}


def test_the_csv_keeps_a_name_from_running_as_a_formula() -> None:
    rendered = statement_csv.render(statement("06431", MARCH, [job(ANNA, 1, 100, name="=HYPERLINK(1)")]))
    assert "'=HYPERLINK(1)" in rendered


def _pdf_text(jobs: list[Job]) -> str:
    reader = pypdf.PdfReader(io.BytesIO(statement_pdf.render(statement("06431", MARCH, jobs))))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_is_german_and_adds_up() -> None:
    text = _pdf_text(JOBS)

    assert "Aufwandsentschädigung Sprachmittlung" in text
    assert "Kreis Bergstraße · März 2027" in text
    assert "Anna Größe" in text
    assert "Zoran Lukasz" in text  # Ł is not in the core font's encoding
    assert "Sprachmittler:in aus Hanau" in text
    assert "kurzfristig abgesagt" in text
    assert "nicht angetreten" in text
    rows, subtotals = [], []
    for line in text.splitlines():
        amount = re.search(r"([0-9.]+,[0-9]{2}) €", line)
        if amount is None:
            continue
        cents = int(amount[1].replace(".", "").replace(",", ""))
        if re.match(r"[0-9]{2}\.[0-9]{2}\.2027 ", line):
            rows.append(cents)
        elif line.startswith("Summe"):
            subtotals.append(cents)
    assert rows == [1500, 6920, 0, 3500, 6500]
    assert subtotals == [8420, 3500, 6500]
    assert sum(rows) == sum(subtotals) == 18420
    assert "Summe 1 Einsatz 60 10 35,00 €" in text
    assert "Gesamtsumme: 184,20 € (5 Einsätze, 270 Minuten, 80 km)" in " ".join(text.split())


def test_an_empty_month_says_so() -> None:
    text = _pdf_text([])
    assert "Keine Einsätze in diesem Monat." in text
    assert "Gesamtsumme: 0,00 €" in text


def test_a_long_table_runs_over_pages() -> None:
    text = _pdf_text([job(ANNA, 1 + day % 28, 2000) for day in range(120)])
    assert "Seite 3/" in text
    assert "Gesamtsumme: 2.400,00 €" in text


def test_names_outside_the_encoding_are_shown_as_far_as_possible() -> None:
    assert statement_pdf.printable("Łukasz Øre") == "Lukasz Øre"
    assert statement_pdf.printable("Олена") == "?????"
    assert statement_pdf.printable("Emre Yıldız") == "Emre Yildiz"
    assert statement_pdf.printable("Ștefan Nguyễn") == "Stefan Nguyen"

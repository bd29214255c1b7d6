"""The monthly statement as CSV for the district's accounting: one line per appointment, one
total per interpreter, one grand total; `record` says which. Amounts in cents and in euros."""

from __future__ import annotations

import csv
import io

from wir_interpreting.domain.statement import InterpreterStatement, Job, Statement

COLUMNS = (
    "record",
    "month",
    "interpreter_id",
    "interpreter_district",
    "interpreter",
    "appointment_id",
    "date",
    "start",
    "language",
    "variety",
    "mode",
    "outcome",
    "minutes",
    "kilometres",
    "amount_cents",
    "amount_eur",
)
#: Spreadsheets run a cell starting with these as a formula; a name is text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(statement: Statement) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for part in statement.interpreters:
        writer.writerows(_job(statement, part, job) for job in part.jobs)
        writer.writerow(_interpreter_total(statement, part))
    writer.writerow(
        _line(
            "total",
            statement,
            minutes=statement.minutes,
            kilometres=statement.kilometres,
            cents=statement.amount_cents,
        )
    )
    return out.getvalue()


def _job(statement: Statement, part: InterpreterStatement, job: Job) -> list[str]:
    start = job.local_start
    return _line(
        "appointment",
        statement,
        part=part,
        appointment_id=str(job.appointment_id),
        day=start.date().isoformat(),
        start=start.strftime("%H:%M"),
        language=job.language,
        variety=job.variety or "",
        mode=job.mode,
        outcome=job.outcome.value,
        minutes=job.minutes,
        kilometres=job.kilometres,
        cents=job.amount_cents,
    )


def _interpreter_total(statement: Statement, part: InterpreterStatement) -> list[str]:
    return _line(
        "interpreter_total",
        statement,
        part=part,
        minutes=part.minutes,
        kilometres=part.kilometres,
        cents=part.amount_cents,
    )


def _line(
    record: str,
    statement: Statement,
    *,
    part: InterpreterStatement | None = None,
    appointment_id: str = "",
    day: str = "",
    start: str = "",
    language: str = "",
    variety: str = "",
    mode: str = "",
    outcome: str = "",
    minutes: int | None,
    kilometres: int | None,
    cents: int,
) -> list[str]:
    return [
        record,
        str(statement.month),
        "" if part is None else str(part.interpreter_id),
        "" if part is None else part.interpreter_district,
        "" if part is None else _text(part.interpreter_name or ""),
        appointment_id,
        day,
        start,
        language,
        _text(variety),
        mode,
        outcome,
        "" if minutes is None else str(minutes),
        "" if kilometres is None else str(kilometres),
        str(cents),
        f"{cents // 100}.{cents % 100:02d}",
    ]


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value

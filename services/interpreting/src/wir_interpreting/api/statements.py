"""Monthly allowance statements, CSV and PDF: the district's (coordinators) and one
interpreter's (coordinators, or that interpreter). Months are calendar months in Europe/Berlin,
by the appointments' start."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path
from fastapi.responses import Response

from wir_interpreting.adapters import statement_csv, statement_pdf
from wir_interpreting.api.deps import CoordinatorOrInterpreter, admit_to_interpreter
from wir_interpreting.api.errors import MISSING
from wir_interpreting.db import interpreters, rules, statements
from wir_interpreting.domain.statement import Month, Statement, statement
from wir_kit import Coordinator, Database, Tx

router = APIRouter(prefix="/statements", tags=["statements"])

MonthPath = Annotated[str, Path(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$", description="YYYY-MM, 2000 to 2099")]
_CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "The statement as CSV."}
}
_PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "The statement as PDF."}
}


async def _statement(tx: Tx, month: Month, interpreter_id: UUID | None = None) -> Statement:
    start, end = month.bounds()
    found = await statements.jobs(tx, start, end, await rules.load(tx), interpreter_id)
    if interpreter_id is not None and not found:
        await interpreters.load(tx, interpreter_id)  # nobody of the pool, and no work here: 404
    return statement(tx.district, month, found)


def _csv(found: Statement, name: str) -> Response:
    return Response(
        statement_csv.render(found),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _pdf(found: Statement, name: str) -> Response:
    return Response(
        statement_pdf.render(found),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
    )


@router.get("/{month}.csv", response_class=Response, responses=_CSV)
async def district_csv(month: MonthPath, db: Database, caller: Coordinator) -> Response:
    async with db.transaction(caller.district) as tx:
        found = await _statement(tx, Month.parse(month))
    return _csv(found, f"statement-{caller.district}-{month}")


@router.get("/{month}.pdf", response_class=Response, responses=_PDF)
async def district_pdf(month: MonthPath, db: Database, caller: Coordinator) -> Response:
    async with db.transaction(caller.district) as tx:
        found = await _statement(tx, Month.parse(month))
    return _pdf(found, f"statement-{caller.district}-{month}")


@router.get(
    "/{month}/interpreters/{interpreter_id}.csv", response_class=Response, responses={**_CSV, **MISSING}
)
async def interpreter_csv(
    month: MonthPath, interpreter_id: UUID, db: Database, caller: CoordinatorOrInterpreter
) -> Response:
    admit_to_interpreter(caller, interpreter_id)
    async with db.transaction(caller.district) as tx:
        found = await _statement(tx, Month.parse(month), interpreter_id)
    return _csv(found, f"statement-{month}-{interpreter_id}")


@router.get(
    "/{month}/interpreters/{interpreter_id}.pdf", response_class=Response, responses={**_PDF, **MISSING}
)
async def interpreter_pdf(
    month: MonthPath, interpreter_id: UUID, db: Database, caller: CoordinatorOrInterpreter
) -> Response:
    admit_to_interpreter(caller, interpreter_id)
    async with db.transaction(caller.district) as tx:
        found = await _statement(tx, Month.parse(month), interpreter_id)
    return _pdf(found, f"statement-{month}-{interpreter_id}")

"""The monthly statement as a PDF for the district's files and the interpreters: German, one
table per interpreter with their total, the grand total at the end.

It uses a PDF core font (Helvetica) in the Windows-1252 encoding, which holds German's umlauts,
ß and the euro sign; nothing needs shipping or embedding, and the text can be extracted again.
A name with letters outside that encoding is printed without diacritics (Ł as L) or with "?"
(Cyrillic, Arabic script); the CSV keeps every name exactly."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from wir_contracts.districts import UnknownDistrict, district
from wir_interpreting.domain.statement import InterpreterStatement, Job, JobOutcome, Statement, euros

_ENCODING = "windows-1252"
_FONT = "Helvetica"
_LINE_MM = 5.5
_MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
#: Latin letters that Unicode does not decompose into a base letter and a diacritic.
_UNDECOMPOSED = str.maketrans({"Ł": "L", "ł": "l", "ı": "i", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h"})
_MODES = {"on_site": "vor Ort", "phone": "Telefon", "video": "Video"}
_OUTCOMES = {
    JobOutcome.COMPLETED: "durchgeführt",
    JobOutcome.PERSON_NO_SHOW: "Person nicht erschienen",
    JobOutcome.INTERPRETER_NO_SHOW: "nicht angetreten",
    JobOutcome.SHORT_NOTICE_CANCELLATION: "kurzfristig abgesagt",
}


@dataclass(frozen=True, slots=True)
class _Column:
    title: str
    width: float
    align: Align = Align.L


_COLUMNS = (
    _Column("Datum", 21),
    _Column("Beginn", 14),
    _Column("Sprache", 34),
    _Column("Einsatzart", 19),
    _Column("Ergebnis", 38),
    _Column("Minuten", 16, Align.R),
    _Column("km", 12, Align.R),
    _Column("Betrag", 24, Align.R),
)


def printable(text: str) -> str:
    """`text` as the core font can show it: diacritics dropped where the encoding lacks the
    letter, anything else as "?"."""
    shown = []
    for char in text:
        try:
            char.encode(_ENCODING)
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFKD", char.translate(_UNDECOMPOSED))
            base = "".join(c for c in decomposed if not unicodedata.combining(c))
            char = base if base and _encodes(base) else "?"
        shown.append(char)
    return "".join(shown)


def _encodes(text: str) -> bool:
    try:
        text.encode(_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def _district_name(key: str) -> str:
    try:
        return district(key).name
    except UnknownDistrict:
        return key


class _Pdf(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.core_fonts_encoding = _ENCODING
        self.title_line = title
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(True, margin=20)
        self.set_title(title)
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(_FONT, "", 8)
        self.cell(0, 4, f"{self.title_line} · Seite {self.page_no()}/{{nb}}", align=Align.C)

    def text_line(self, text: str, *, size: float = 10, bold: bool = False, height: float = _LINE_MM) -> None:
        self.set_font(_FONT, "B" if bold else "", size)
        self.cell(0, height, printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def row(self, cells: tuple[str, ...], *, bold: bool = False, fill: bool = False) -> None:
        self.set_font(_FONT, "B" if bold else "", 9)
        for column, text in zip(_COLUMNS, cells, strict=True):
            self.cell(
                column.width,
                _LINE_MM,
                self._fit(printable(text), column.width),
                align=column.align,
                fill=fill,
            )
        self.ln(_LINE_MM)

    def _fit(self, text: str, width: float) -> str:
        """Cut to the column (a long variety label), marked with an ellipsis."""
        room = width - 2 * self.c_margin
        if self.get_string_width(text) <= room:
            return text
        while text and self.get_string_width(text + "…") > room:
            text = text[:-1]
        return text + "…"


def render(statement: Statement, *, heading: str = "Aufwandsentschädigung Sprachmittlung") -> bytes:
    month = f"{_MONTHS[statement.month.month - 1]} {statement.month.year}"
    pdf = _Pdf(f"{heading} {month}")
    pdf.add_page()
    pdf.text_line(heading, size=15, bold=True, height=8)
    pdf.text_line(f"{_district_name(statement.district)} · {month}", size=11)
    pdf.ln(4)
    if not statement.interpreters:
        pdf.text_line("Keine Einsätze in diesem Monat.")
    for part in statement.interpreters:
        _interpreter(pdf, statement, part)
    pdf.ln(2)
    pdf.text_line(
        f"Gesamtsumme: {euros(statement.amount_cents)} €  ({_jobs(statement.jobs)}, "
        f"{statement.minutes} Minuten, {statement.kilometres} km)",
        size=11,
        bold=True,
    )
    return bytes(pdf.output())


def _interpreter(pdf: _Pdf, statement: Statement, part: InterpreterStatement) -> None:
    if pdf.will_page_break(_LINE_MM * 4):
        pdf.add_page()
    own = part.interpreter_district == statement.district
    name = part.interpreter_name or f"Sprachmittler:in aus {_district_name(part.interpreter_district)}"
    pdf.text_line(name, size=11, bold=True, height=7)
    pdf.text_line(
        f"Nr. {part.interpreter_id}"
        + ("" if own else f" · Pool {_district_name(part.interpreter_district)}"),
        size=8,
        height=4.5,
    )
    pdf.set_fill_color(230, 230, 230)
    pdf.row(tuple(column.title for column in _COLUMNS), bold=True, fill=True)
    for job in part.jobs:
        pdf.row(_cells(job))
    pdf.row(
        (
            "Summe",
            "",
            "",
            "",
            _jobs(len(part.jobs)),
            str(part.minutes),
            str(part.kilometres),
            f"{euros(part.amount_cents)} €",
        ),
        bold=True,
    )
    pdf.ln(4)


def _jobs(count: int) -> str:
    return "1 Einsatz" if count == 1 else f"{count} Einsätze"


def _cells(job: Job) -> tuple[str, ...]:
    start = job.local_start
    language = job.language + (f" ({job.variety})" if job.variety else "")
    return (
        start.strftime("%d.%m.%Y"),
        start.strftime("%H:%M"),
        language,
        _MODES.get(job.mode, job.mode),
        _OUTCOMES[job.outcome],
        "" if job.minutes is None else str(job.minutes),
        "" if job.kilometres is None else str(job.kilometres),
        f"{euros(job.amount_cents)} €",
    )

"""Lays a composed document out as a PDF: two columns, German left, the person's language right.

fpdf2 shapes text with HarfBuzz (uharfbuzz) and applies the Unicode bidirectional algorithm, so
Arabic, Persian and Pashto are joined and run right to left. The fonts ship with the package
(Noto Sans and Noto Naskh Arabic, SIL Open Font License), embedded as subsets with their
Unicode maps, so the text can be extracted again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from importlib.resources import as_file, files
from math import ceil
from typing import cast

from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, XPos, YPos
from fpdf.line_break import Fragment

from wir_competence.adapters.shaping import join_marks
from wir_competence.domain.document import Document, Pair

SANS = "noto-sans"
NASKH = "noto-naskh-arabic"
_FONTS = {
    (SANS, ""): "NotoSans-Regular.ttf",
    (SANS, "B"): "NotoSans-Bold.ttf",
    (NASKH, ""): "NotoNaskhArabic-Regular.ttf",
    (NASKH, "B"): "NotoNaskhArabic-Bold.ttf",
}
_GAP_MM = 8.0
_LINE_MM = 5.0
_TEXT_PT = 9.5
_WIDEST_GLYPH_EM = 0.9
_RULE_MM = 3.0


@dataclass(frozen=True, slots=True)
class Following:
    """The block a heading is kept with on one page: its section's first entry, in the text size."""

    pairs: Sequence[Pair]
    bold_first: bool
    size_pt: float = _TEXT_PT


class _Pdf(FPDF):
    def __init__(self, document: Document) -> None:
        super().__init__(format="A4")
        self.document = document
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(True, margin=22)

    def _parse_chars(
        self,
        text: str,
        markdown: bool,
        *,
        _initial_emphasis: tuple[bool, bool, bool, bool] | None = None,
    ) -> Iterator[Fragment]:
        return join_marks(super()._parse_chars(text, markdown, _initial_emphasis=_initial_emphasis))

    @property
    def column(self) -> float:
        return (self.epw - _GAP_MM) / 2

    def footer(self) -> None:
        self.set_y(-19)
        self.set_font(SANS, "", 7.5)
        self.set_draw_color(160, 160, 160)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        page = self.document.page
        number = f"{self.page_no()}/{{nb}}"
        right = f"\u2066{number}\u2069" if self.document.right_rtl else number
        lines = [*self.document.footer, Pair(f"{page.left} {number}", f"{page.right} {right}")]
        self.set_y(self.get_y() + 1)
        for pair in lines:
            self._pair_line(pair, height=3.6)

    def _pair_line(self, pair: Pair, *, height: float) -> None:
        y = self.get_y()
        self.set_xy(self.l_margin, y)
        self.cell(self.column, height, pair.left, align=Align.L)
        self.set_xy(self.l_margin + self.column + _GAP_MM, y)
        self.cell(self.column, height, pair.right, align=self._right_align)
        self.set_xy(self.l_margin, y + height)

    @property
    def _right_align(self) -> Align:
        return Align.R if self.document.right_rtl else Align.L

    def _height(self, lines: Sequence[str], bold_first: bool) -> float:
        total = 0.0
        for index, line in enumerate(lines):
            self.set_font(style="B" if bold_first and index == 0 else "")
            height = self.multi_cell(
                self.column, _LINE_MM, line, dry_run=True, output=MethodReturnValue.HEIGHT
            )
            total += cast("float", height)
        return total

    def _column(self, lines: Sequence[str], x: float, y: float, align: Align, bold_first: bool) -> None:
        self.set_xy(x, y)
        for index, line in enumerate(lines):
            self.set_font(style="B" if bold_first and index == 0 else "")
            self.set_x(x)
            # Most lines fit: a plain cell shapes them once, where line breaking shapes every prefix.
            if self.get_string_width(line) <= self.column - 2 * self.c_margin:
                self.cell(self.column, _LINE_MM, line, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)
            else:
                self.multi_cell(self.column, _LINE_MM, line, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)

    def block(self, pairs: Sequence[Pair], *, bold_first: bool, keep_with: Following | None = None) -> None:
        """Both columns of `pairs`, side by side, kept on one page where they fit on one; a heading
        also with the block after it (`keep_with`), so that it never ends a page alone."""
        room = self.page_break_trigger - self.get_y()
        at_top = self.get_y() <= self.t_margin + 0.01  # where a new page would not give more room
        # Measuring lays the text out once more, so it is done only where the block may not fit.
        if (
            not at_top
            and self._needed(pairs, bold_first, keep_with, exact=False) > room
            and self._needed(pairs, bold_first, keep_with, exact=True) > room
        ):
            self.add_page()
        left = [pair.left for pair in pairs]
        right = [pair.right for pair in pairs]
        y = self.get_y()
        self._column(left, self.l_margin, y, Align.L, bold_first)
        bottom = self.get_y()
        self._column(right, self.l_margin + self.column + _GAP_MM, y, self._right_align, bold_first)
        self.set_xy(self.l_margin, max(bottom, self.get_y()))

    def _needed(
        self, pairs: Sequence[Pair], bold_first: bool, keep_with: Following | None, *, exact: bool
    ) -> float:
        height = self._measured(pairs, bold_first, exact=exact)
        if keep_with is not None:
            style, size = self.font_style, self.font_size_pt
            self.set_font(style="", size=keep_with.size_pt)
            height += self._measured(keep_with.pairs, keep_with.bold_first, exact=exact) + _RULE_MM
            self.set_font(style=style, size=size)
        return height

    def _measured(self, pairs: Sequence[Pair], bold_first: bool, *, exact: bool) -> float:
        columns = ([pair.left for pair in pairs], [pair.right for pair in pairs])
        if exact:
            return max(self._height(column, bold_first) for column in columns)
        return max(self._at_most(column) for column in columns)

    def _at_most(self, lines: Sequence[str]) -> float:
        """A generous bound on the height of the taller column: every glyph as wide as an "M"."""
        per_line = max(1.0, self.column / (self.font_size * _WIDEST_GLYPH_EM))
        return sum(_LINE_MM * ceil(max(len(line), 1) / per_line) for line in lines)

    def rule(self) -> None:
        self.set_draw_color(200, 200, 200)
        self.line(self.l_margin, self.get_y() + 1.5, self.w - self.r_margin, self.get_y() + 1.5)
        self.set_y(self.get_y() + _RULE_MM)


def render(document: Document) -> bytes:
    pdf = _Pdf(document)
    with ExitStack() as stack:
        folder = files("wir_competence.adapters").joinpath("fonts")
        for (family, style), name in _FONTS.items():
            path = stack.enter_context(as_file(folder.joinpath(name)))
            pdf.add_font(family, style, str(path))
    pdf.set_fallback_fonts([NASKH])
    pdf.set_text_shaping(use_shaping_engine=True)
    pdf.set_lang("de")
    pdf.set_title(f"{document.title.left} / {document.title.right}")
    pdf.set_creator("WIR competence")
    pdf.alias_nb_pages()
    pdf.add_page()
    _header(pdf, document)
    for section in document.sections:
        pdf.set_font(SANS, "B", _TEXT_PT + 2)
        pdf.set_fill_color(235, 240, 245)
        first = Following(section.entries[0], True) if section.entries else Following((section.empty,), False)
        pdf.block([section.title], bold_first=True, keep_with=first)
        pdf.set_font(SANS, "", _TEXT_PT)
        for entry in section.entries or ((section.empty,),):
            pdf.block(entry, bold_first=bool(section.entries))
            pdf.rule()
        pdf.ln(2)
    return bytes(pdf.output())


def _header(pdf: _Pdf, document: Document) -> None:
    pdf.set_font(SANS, "B", 16)
    pdf.block([document.title], bold_first=True)
    pdf.set_font(SANS, "", 8.5)
    pdf.block([document.subtitle], bold_first=False)
    pdf.ln(2)
    pdf.set_font(SANS, "", _TEXT_PT)
    pdf.block(document.facts, bold_first=False)
    pdf.rule()
    pdf.ln(2)

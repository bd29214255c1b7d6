"""Arabic marks sit where HarfBuzz puts them: in the PDF's drawing operators and on the rendered page.

The line is the printed title in the Arabic column (bold, 16 pt, German title empty), so nothing else
on the page is drawn at that size or in that area.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import uharfbuzz as hb
from pypdf import PdfReader
from pypdf.generic import ContentStream

from wir_competence.adapters.pdf import render
from wir_competence.domain.document import Document, Pair

SYRIA = "الجمهوريّة العربيّة السّوريّة"
SHADDA = "\u0651"
TITLE_PT = 16.0
DPI = 600
MM = DPI / 25.4
# Where the title's Arabic column lies on the page: below the top margin (16 mm), right of the gap.
CROP_MM = (105.0, 10.0, 91.0, 20.0)


@dataclass(frozen=True)
class Glyph:
    x: float  # pt from the line's start; for drawn glyphs, page coordinates
    y: float
    advance: float = 0.0
    ink: tuple[float, float] = (0.0, 0.0)  # left and right edge of the glyph's ink, pt from x


def _title_only(text: str) -> Document:
    blank = Pair("", "")
    return Document(True, "ar", Pair("", text), blank, (), (), (), blank)


def _font(name: str) -> hb.Font:
    path = files("wir_competence.adapters").joinpath(f"fonts/{name}")
    return hb.Font(hb.Face(hb.Blob(path.read_bytes())))


def _shaped(font: hb.Font, text: str) -> list[Glyph]:
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    pt = TITLE_PT / font.face.upem
    glyphs = []
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        extents = font.get_glyph_extents(info.codepoint)
        ink = (extents.x_bearing * pt, (extents.x_bearing + extents.width) * pt)
        glyphs.append(Glyph(position.x_offset * pt, position.y_offset * pt, position.x_advance * pt, ink))
    return glyphs


def _harfbuzz_line(text: str) -> list[Glyph]:
    """The right-to-left line as HarfBuzz lays it out, left to right: Arabic words in Naskh, the
    spaces between them in Noto Sans (the column's font, which has a space and no Arabic)."""
    naskh, sans = _font("NotoNaskhArabic-Bold.ttf"), _font("NotoSans-Bold.ttf")
    runs: list[list[Glyph]] = []
    for word in reversed(text.split(" ")):
        runs += [_shaped(naskh, word), _shaped(sans, " ")]
    pen, line = 0.0, []
    for glyph in (glyph for run in runs[:-1] for glyph in run):
        line.append(Glyph(pen + glyph.x, glyph.y, glyph.advance, glyph.ink))
        pen += glyph.advance
    return line


def _widths(font: object) -> dict[int, float]:
    """Glyph widths (1/1000 em) from a CID font's /W array, in either of its two forms."""
    spec = list(font["/DescendantFonts"][0].get_object()["/W"])  # type: ignore[index]
    widths: dict[int, float] = {}
    while spec:
        first, rest = int(spec[0]), spec[1]
        if isinstance(rest, list):
            widths |= {first + index: float(width) for index, width in enumerate(rest)}
            spec = spec[2:]
        else:
            widths |= dict.fromkeys(range(first, int(rest) + 1), float(spec[2]))
            spec = spec[3:]
    return widths


def _drawn_glyphs(pdf: bytes) -> list[Glyph]:
    """Where the page's text operators put each glyph drawn at the title's size, in page points."""
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    fonts = {name: _widths(font.get_object()) for name, font in page["/Resources"]["/Font"].items()}
    x = y = size = 0.0
    widths: dict[int, float] = {}
    drawn = []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tf":
            widths, size = fonts[operands[0]], float(operands[1])
        elif operator == b"Td":
            x, y = float(operands[0]), float(operands[1])
        elif operator == b"Tm":
            x, y = float(operands[4]), float(operands[5])
        elif operator == b"Tj":
            codes = bytes(operands[0].original_bytes)
            for index in range(0, len(codes), 2):
                if size == TITLE_PT:
                    drawn.append(Glyph(x, y))
                x += widths[int.from_bytes(codes[index : index + 2], "big")] * size / 1000
    return drawn


def test_every_glyph_of_the_line_is_drawn_where_harfbuzz_places_it() -> None:
    expected = _harfbuzz_line(SYRIA)
    drawn = _drawn_glyphs(render(_title_only(SYRIA)))

    assert len([glyph for glyph in expected if glyph.y != 0]) == SYRIA.count(SHADDA)
    assert len(drawn) == len(expected)
    start_x, start_y = drawn[0].x - expected[0].x, drawn[0].y - expected[0].y
    misplaced = [
        (index, round(there.x - start_x - glyph.x, 2), round(there.y - start_y - glyph.y, 2))
        for index, (there, glyph) in enumerate(zip(drawn, expected, strict=True))
        if abs(there.x - start_x - glyph.x) > 0.1 or abs(there.y - start_y - glyph.y) > 0.1
    ]
    assert misplaced == []


def test_each_shadda_is_printed_over_its_base_letter(page_ink: Any, ink_parts: Any) -> None:
    with_marks = page_ink(render(_title_only(SYRIA)), CROP_MM, DPI)
    letters = page_ink(render(_title_only(SYRIA.replace(SHADDA, ""))), CROP_MM, DPI)

    # A mark has no advance: the letters are the same with it or without it, and only the marks add ink.
    assert len(letters - with_marks) <= len(letters) // 100
    marks = [part for part in ink_parts(with_marks - letters) if len(part) >= 30]
    assert len(marks) == SYRIA.count(SHADDA)

    line = _harfbuzz_line(SYRIA)
    px = DPI / 72
    left_ink = min(glyph.x + glyph.ink[0] for glyph in line if glyph.ink[1] > glyph.ink[0])
    offset = min(x for x, _ in letters) - left_ink * px
    bases = [line[index + 1] for index, glyph in enumerate(line) if glyph.y != 0]
    for mark, base in zip(sorted(marks, key=lambda part: min(x for x, _ in part)), bases, strict=True):
        middle = (min(x for x, _ in mark) + max(x for x, _ in mark)) / 2
        left, right = (offset + (base.x + edge) * px for edge in base.ink)
        assert left <= middle <= right

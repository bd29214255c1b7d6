"""Page breaks of the printed record: a section heading never ends a page alone."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest
from pypdf import PdfReader

from wir_competence.adapters.pdf import render
from wir_competence.demo import sample_entries
from wir_competence.domain.document import Document, Issue, compose
from wir_competence.domain.entries import ENTRY, Kind
from wir_competence.domain.labels import labels
from wir_competence.domain.record import Record, StoredEntry


def document_with(work_entries: int, language: str) -> Document:
    """Schooling, `work_entries` work entries, a course: each added work entry moves the course
    heading further down, through every position a page break can fall on."""
    now, samples = datetime.now(UTC), sample_entries()
    kinds = [Kind.SCHOOLING, *[Kind.WORK] * work_entries, Kind.COURSE]
    entries = tuple(
        StoredEntry(uuid4(), ENTRY.validate_python(samples[kind]), "cm-1", now, "cm-1", now) for kind in kinds
    )
    issue = Issue(district_name="Kreis Bergstraße", issued_on=date(2026, 11, 2))
    return compose(Record(uuid4(), 1, "arb", entries), issue, labels("de"), labels(language))


def pages_of(pages: list[list[str]], line_start: str) -> list[int]:
    """The pages with a line that starts with `line_start` (and does not go on as a list, as the
    subtitle that names every section does)."""
    return [
        number
        for number, lines in enumerate(pages)
        if any(line.startswith(line_start) and not line.startswith(f"{line_start},") for line in lines)
    ]


@pytest.mark.parametrize("language", ["ar", "uk"])
def test_every_heading_is_on_the_page_of_its_first_entry(language: str) -> None:
    course_pages = set()
    for work_entries in range(12):
        document = document_with(work_entries, language)
        reader = PdfReader(io.BytesIO(render(document)))
        pages = [page.extract_text().splitlines() for page in reader.pages]
        for section in document.sections:
            if section.entries:
                [heading] = pages_of(pages, section.title.left)
                first_entry = min(pages_of(pages, section.entries[0][0].left[:24]))
                assert (work_entries, section.title.left, heading) == (
                    work_entries,
                    section.title.left,
                    first_entry,
                )
        course_pages.update(pages_of(pages, "Kurse und Maßnahmen"))

    assert course_pages == {0, 1, 2}  # the course section was laid out on every page, breaks included

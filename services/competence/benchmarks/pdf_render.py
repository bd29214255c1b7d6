"""How long rendering a Kompetenznachweis takes: a realistic two-page record, German and Arabic.

Run: uv run python services/competence/benchmarks/pdf_render.py [--runs N]
Prints the median and the 95th percentile in milliseconds. Needs no database or broker: it times
the document composition and the PDF layout (text shaping, bidi, font subsetting) only.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from pypdf import PdfReader

from wir_competence.adapters.pdf import render
from wir_competence.demo import sample_entries
from wir_competence.domain.document import Issue, compose
from wir_competence.domain.entries import ENTRY
from wir_competence.domain.labels import labels
from wir_competence.domain.record import Record, StoredEntry

# Beyond one entry of each kind: what makes the record two pages, with Arabic free text to shape.
MORE: list[dict[str, Any]] = [
    {
        "kind": "schooling",
        "country": "SY",
        "years": 9,
        "isced_level": 2,
        "certificate": True,
        "started_on": "2001-09-01",
        "ended_on": "2010-06-30",
        "evidence": {"kind": "certificate", "issuer": "وزارة التربية", "number": "S-2010-1187"},
    },
    {
        "kind": "work",
        "occupation": "7411",
        "years": 3,
        "country": "TR",
        "started_on": "2013-07-01",
        "ended_on": "2016-06-30",
        "evidence": {"kind": "document_seen"},
    },
    {"kind": "language", "language": "arb", "native": True, "evidence": "self_assessment"},
    {
        "kind": "course",
        "course": "initial_orientation_course",
        "provider": "مركز الأمل",
        "status": "completed",
        "outcome": "attended",
        "started_on": "2025-03-01",
        "ended_on": "2025-05-30",
    },
    {
        "kind": "course",
        "course": "expina_event",
        "provider": "Kreis Bergstraße",
        "status": "completed",
        "outcome": "attended",
        "started_on": "2026-10-14",
        "ended_on": "2026-10-14",
    },
]


def two_page_record() -> Record:
    entries = [*sample_entries().values(), *MORE]
    now = datetime.now(UTC)
    stored = tuple(StoredEntry(uuid4(), ENTRY.validate_python(e), "cm-1", now, "cm-1", now) for e in entries)
    return Record(uuid4(), len(entries), "arb", stored)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    runs = parser.parse_args().runs
    record = two_page_record()
    issue = Issue(
        "Kreis Bergstraße",
        date.today(),
        "06431-7K3M-Q9PZ-2D4F",
        "https://wir.example/verify/06431-7K3M-Q9PZ-2D4F",
    )
    pages = len(PdfReader(io.BytesIO(render(compose(record, issue, labels("de"), labels("ar"))))).pages)
    if pages != 2:
        # The figure is promised for a two-page record; a layout change must not shift it silently.
        raise SystemExit(f"the benchmark record takes {pages} pages, not 2: adjust MORE")
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        render(compose(record, issue, labels("de"), labels("ar")))
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(
        f"PDF render, German+Arabic, {pages} pages, {runs} runs: "
        f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms"
    )


if __name__ == "__main__":
    main()

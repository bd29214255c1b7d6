"""The staff Kompetenznachweis of an Arabic- and a Farsi-preferred person, as PDFs (see README.md).

`python render_page1.py OUT_DIR SUFFIX` writes OUT_DIR/{ar,fa}-SUFFIX.pdf with whichever
wir_competence is importable; versions before the holder existed print without it.
"""

from __future__ import annotations

import inspect
import sys
from datetime import UTC, date, datetime
from uuid import UUID

from wir_competence.adapters.pdf import render
from wir_competence.demo import sample_entries
from wir_competence.domain import document as doc
from wir_competence.domain.entries import ENTRY, Kind
from wir_competence.domain.labels import labels
from wir_competence.domain.record import Record, StoredEntry

PEOPLE = {
    # (right column, preferred language, country of work, occupation, name original, name latin, born)
    "ar": ("ar", "arb", "SY", "7512", "سارة الخطيب", "Sara Al-Khatib", (1991, None, None)),
    "fa": ("fa", "prs", "AF", "7531", "فرید عبدالله‌زاده", "Farid Abdollahzadeh", (1990, 3, None)),
}
out, suffix = sys.argv[1], sys.argv[2]
now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
for name, (right, language, country, job, original, latin, born) in PEOPLE.items():
    samples = sample_entries()
    data = [
        {**samples[Kind.SCHOOLING], "country": country},
        {**samples[Kind.WORK], "country": country, "occupation": job},
        samples[Kind.LANGUAGE],
    ]
    entries = tuple(
        StoredEntry(UUID(int=i + 1), ENTRY.validate_python(d), "cm", now, "cm", now)
        for i, d in enumerate(data)
    )
    record = Record(UUID("fa015d45-6579-4301-8f67-64326cafb711"), 3, language, entries)
    issue = doc.Issue(
        district_name="Kreis Bergstraße",
        issued_on=date(2026, 11, 2),
        verification_code="06431-CJR0-7YDW-HQV8",
        verification_url="http://127.0.0.1:8002/verify/06431-CJR0-7YDW-HQV8",
    )
    extra: dict[str, object] = {}
    if "holder" in inspect.signature(doc.compose).parameters:
        from wir_competence.domain.holder import BirthDate, Holder

        extra["holder"] = Holder(original, latin, BirthDate(*born))
    document = doc.compose(record, issue, labels("de"), labels(right), **extra)
    with open(f"{out}/{name}-{suffix}.pdf", "wb") as f:
        f.write(render(document))

"""A course's evidence: given like every other entry's, or the person's word for one stored before."""

from __future__ import annotations

from wir_competence.demo import sample_entries
from wir_competence.domain.entries import Course, EvidenceKind, Kind


def test_a_course_keeps_its_certificate() -> None:
    course = Course.model_validate(sample_entries()[Kind.COURSE])
    assert (course.evidence.kind, course.evidence.issuer) == (EvidenceKind.CERTIFICATE, "BAMF")


def test_a_course_stored_without_evidence_reads_as_self_declared() -> None:
    stored = {key: value for key, value in sample_entries()[Kind.COURSE].items() if key != "evidence"}
    assert Course.model_validate(stored).evidence.kind is EvidenceKind.SELF_DECLARED

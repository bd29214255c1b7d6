"""The printed Kompetenznachweis as text: German beside the person's language, line by line.

Pure: the record and the labels in, pairs of lines out. The PDF renderer only lays them out, so
what the document says is tested without a PDF, and the PDF test checks the layout engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from wir_competence.domain.entries import (
    Course,
    Entry,
    Evidence,
    EvidenceKind,
    Kind,
    Language,
    Schooling,
    Training,
    Work,
)
from wir_competence.domain.holder import Holder
from wir_competence.domain.labels import Labels
from wir_competence.domain.occupations import occupation
from wir_competence.domain.record import Record
from wir_contracts.cefr import CefrLevel
from wir_contracts.competence.v1 import LanguageExam

SECTION_ORDER = (Kind.SCHOOLING, Kind.TRAINING, Kind.WORK, Kind.LANGUAGE, Kind.COURSE)
_SKILLS = ("listening", "reading", "spoken_interaction", "spoken_production", "writing")
_EXAMS = {
    LanguageExam.DTZ: "DTZ",
    LanguageExam.TELC: "telc",
    LanguageExam.GOETHE: "Goethe-Zertifikat",
    LanguageExam.TESTDAF: "TestDaF",
    LanguageExam.OESD: "ÖSD",
}


@dataclass(frozen=True, slots=True)
class Pair:
    """One line in German (left) and the same line in the person's language (right)."""

    left: str
    right: str


@dataclass(frozen=True, slots=True)
class Section:
    title: Pair
    #: Each entry: its first pair is its heading.
    entries: tuple[tuple[Pair, ...], ...]
    empty: Pair


@dataclass(frozen=True, slots=True)
class Document:
    right_rtl: bool
    right_locale: str
    title: Pair
    subtitle: Pair
    facts: tuple[Pair, ...]
    sections: tuple[Section, ...]
    footer: tuple[Pair, ...]
    page: Pair


@dataclass(frozen=True, slots=True)
class Issue:
    """What the paper itself says about its issue: who, when, and how to verify it."""

    district_name: str
    issued_on: date
    verification_code: str | None = None
    verification_url: str | None = None
    shared_until: date | None = None


Line = Callable[[Labels], str]


def _field(key: str, value: Callable[[Labels], str]) -> Line:
    return lambda labels: f"{labels.field(key)}: {value(labels)}"


def _text(text: str) -> Callable[[Labels], str]:
    """Free text (a provider, a field of study) is printed as entered, in every column."""
    return lambda labels: labels.free(text)


def _years(years: float) -> Callable[[Labels], str]:
    shown = f"{years:g}"
    return lambda labels: shown.replace(".", ",") if labels.locale == "de" else shown


def _dates(started_on: date | None, ended_on: date | None) -> list[Line]:
    lines: list[Line] = []
    if started_on is not None:
        lines.append(_field("started_on", lambda labels: labels.date(started_on)))
    if ended_on is not None:
        lines.append(_field("ended_on", lambda labels: labels.date(ended_on)))
    return lines


def _evidence(evidence: Evidence) -> list[Line]:
    lines = [_field("evidence", lambda labels: labels.value("evidence", evidence.kind))]
    if evidence.kind is EvidenceKind.CERTIFICATE and evidence.issuer and evidence.number:
        lines += [_field("issuer", _text(evidence.issuer)), _field("number", _text(evidence.number))]
    return lines


def _country(code: str) -> Callable[[Labels], str]:
    return lambda labels: labels.country(code)


def _schooling(entry: Schooling) -> list[Line]:
    return [
        lambda labels: f"{labels.field('isced_level')}: {labels.isced(entry.isced_level)}",
        _field("country", _country(entry.country)),
        _field("years", _years(entry.years)),
        _field("certificate", lambda labels: labels.yes_no(entry.certificate)),
        *_dates(entry.started_on, entry.ended_on),
        *_evidence(entry.evidence),
    ]


def _training(entry: Training) -> list[Line]:
    return [
        lambda labels: f"{labels.value('type', entry.type)}: {labels.free(entry.field)}",
        _field("isced_level", lambda labels: labels.isced(entry.isced_level)),
        _field("country", _country(entry.country)),
        _field("completed", lambda labels: labels.yes_no(entry.completed)),
        _field("recognition", lambda labels: labels.value("recognition", entry.recognition)),
        *_dates(entry.started_on, entry.ended_on),
        *_evidence(entry.evidence),
    ]


def _occupation(code: str) -> Callable[[Labels], str]:
    """The code and title; a title not in the column's language (no catalogue has one) says which
    language it is in, rather than mixing languages silently."""
    job = occupation(code)

    def shown(labels: Labels) -> str:
        title = labels.ltr(f"{job.code} {job.title(labels.locale)}")
        own = job.title_language(labels.locale) == labels.locale
        return title if own else f"{title} ({labels.document('in_english')})"

    return shown


def _work(entry: Work) -> list[Line]:
    return [
        _field("occupation", _occupation(entry.occupation)),
        _field("years", _years(entry.years)),
        _field("country", _country(entry.country)),
        *_dates(entry.started_on, entry.ended_on),
        *_evidence(entry.evidence),
    ]


def _level(level: CefrLevel) -> Callable[[Labels], str]:
    return lambda _labels: level.value


def _exam(exam: LanguageExam) -> Callable[[Labels], str]:
    return lambda labels: _EXAMS.get(exam) or labels.exam_other()


def _language(entry: Language) -> list[Line]:
    lines: list[Line] = [_field("language", lambda labels: labels.language(entry.language))]
    if entry.native:
        lines.append(_field("native", lambda labels: labels.yes_no(True)))
    for skill in _SKILLS:
        level: CefrLevel | None = getattr(entry, skill)
        if level is not None:
            lines.append(_field(skill, _level(level)))
    lines.append(_field("evidence", lambda labels: labels.value("language_evidence", entry.evidence)))
    if entry.exam and entry.certificate_level and entry.assessed_on:
        day = entry.assessed_on
        lines += [
            _field("exam", _exam(entry.exam)),
            _field("certificate_level", _level(entry.certificate_level)),
            _field("assessed_on", lambda labels: labels.date(day)),
        ]
    return lines


def _course(entry: Course) -> list[Line]:
    lines: list[Line] = [
        lambda labels: labels.value("course", entry.course),
        _field("provider", _text(entry.provider)),
        _field("status", lambda labels: labels.value("status", entry.status)),
    ]
    if entry.outcome is not None:
        outcome = entry.outcome
        lines.append(_field("outcome", lambda labels: labels.value("outcome", outcome)))
    if entry.language_level is not None:
        lines.append(_field("language_level", _level(entry.language_level)))
    return lines + _evidence(entry.evidence) + _dates(entry.started_on, entry.ended_on)


def _lines(entry: Entry) -> list[Line]:
    if isinstance(entry, Schooling):
        return _schooling(entry)
    if isinstance(entry, Training):
        return _training(entry)
    if isinstance(entry, Work):
        return _work(entry)
    if isinstance(entry, Language):
        return _language(entry)
    return _course(entry)


def _pairs(lines: Iterable[Line], left: Labels, right: Labels) -> tuple[Pair, ...]:
    return tuple(Pair(line(left), line(right)) for line in lines)


def _both(left: Labels, right: Labels, text: Callable[[Labels], str]) -> Pair:
    return Pair(text(left), text(right))


def _section(kind: Kind, record: Record, left: Labels, right: Labels) -> Section:
    return Section(
        title=Pair(left.section(kind), right.section(kind)),
        entries=tuple(_pairs(_lines(stored.entry), left, right) for stored in record.of_kind(kind)),
        empty=Pair(left.document("empty"), right.document("empty")),
    )


def _holder(holder: Holder) -> list[Line]:
    """The name in Latin script and in the person's own (once where they are the same), and the
    date of birth as far as known."""
    latin, original = holder.name_latin, holder.name_original
    lines = [_field("holder", _text(latin or original))]
    if holder.has_two_names():
        lines.append(_field("holder_original", _text(original)))
    if holder.born is not None:
        born = holder.born
        lines.append(_field("date_of_birth", lambda labels: labels.ltr(born.shown(labels.locale))))
    return lines


def compose(
    record: Record,
    issue: Issue,
    left: Labels,
    right: Labels,
    *,
    holder: Holder | None = None,
    sections: Sequence[Kind] = SECTION_ORDER,
    reference: bool = True,
) -> Document:
    """The document for `record`: only `sections`, in the usual order; `reference` prints the person
    id; `holder` names the person (a record whose holder is not known yet prints without)."""
    facts = [
        *(_pairs(_holder(holder), left, right) if holder is not None else ()),
        _both(
            left, right, lambda labels: f"{labels.document('issued_by')}: {labels.free(issue.district_name)}"
        ),
        _both(left, right, lambda labels: f"{labels.document('record_version')}: {record.version}"),
        _both(left, right, lambda labels: f"{labels.document('issued_on')}: {labels.date(issue.issued_on)}"),
    ]
    if reference:
        person = str(record.person_id)
        facts.append(
            _both(left, right, lambda labels: f"{labels.document('reference')}: {labels.ltr(person)}")
        )
    if issue.shared_until is not None:
        until = issue.shared_until
        facts.append(
            _both(
                left,
                right,
                lambda labels: (
                    f"{labels.document('shared')}, {labels.document('valid_until')} {labels.date(until)}"
                ),
            )
        )
    footer = []
    if issue.verification_code and issue.verification_url:
        code, url = issue.verification_code, issue.verification_url
        footer.append(
            _both(left, right, lambda labels: f"{labels.document('verification')}: {labels.ltr(code)}")
        )
        footer.append(_both(left, right, lambda labels: f"{labels.document('verify_at')}: {labels.ltr(url)}"))
    return Document(
        right_rtl=right.rtl,
        right_locale=right.locale,
        title=_both(left, right, lambda labels: labels.document("title")),
        subtitle=_both(left, right, lambda labels: labels.document("subtitle")),
        facts=tuple(facts),
        sections=tuple(_section(kind, record, left, right) for kind in SECTION_ORDER if kind in sections),
        footer=tuple(footer),
        page=_both(left, right, lambda labels: labels.document("page")),
    )

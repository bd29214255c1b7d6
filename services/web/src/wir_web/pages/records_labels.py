"""How the Kompetenznachweis pages name things: the choices competence's entries take, country and
language names in the page's language (pycountry's ISO catalogues), and dates as people read them."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

import pycountry

from wir_web.clock import BERLIN
from wir_web.i18n import translate

KINDS = ("schooling", "training", "work", "language", "course")
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")
SKILLS = ("listening", "reading", "spoken_interaction", "spoken_production", "writing")
EVIDENCE = ("self_declared", "document_seen", "certificate")
LANGUAGE_EVIDENCE = ("self_assessment", "certificate")
EXAMS = ("dtz", "telc", "goethe", "testdaf", "oesd", "other")
TRAINING_TYPES = ("vocational", "higher_education")
RECOGNITION = ("not_started", "applied", "partial", "full")
COURSES = (
    "integration_course",
    "job_related_language_course",
    "initial_orientation_course",
    "expina_event",
    "jobcenter_measure",
    "other",
)
COURSE_STATUS = ("planned", "ongoing", "completed", "dropped")
COURSE_OUTCOMES = ("passed", "attended", "not_passed")
ISCED = tuple(str(level) for level in range(9))
#: Offered first when a language is typed: the languages most people in the programme speak.
COMMON_LANGUAGES = (
    "deu", "eng", "ara", "prs", "fas", "pus", "ukr", "rus", "tur", "kmr", "ckb",
    "tir", "som", "fra", "urd", "amh", "ori", "sqi", "srp", "ron", "pol", "spa",
)  # fmt: skip


@cache
def _catalogue(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


@cache
def _countries(language: str) -> tuple[tuple[str, str], ...]:
    names = _catalogue("iso3166-1", language)
    found = ((country.alpha_2, names.gettext(country.name)) for country in pycountry.countries)
    return tuple(sorted(found, key=lambda pair: pair[1].casefold()))


@dataclass(frozen=True, slots=True)
class Words:
    """Names and dates in one page language (`de` or `en`)."""

    lang: str

    def countries(self) -> tuple[tuple[str, str], ...]:
        return _countries(self.lang)

    def country(self, code: object) -> str:
        found = pycountry.countries.get(alpha_2=str(code)) if code else None
        return _catalogue("iso3166-1", self.lang).gettext(found.name) if found else str(code or "")

    def language(self, code: object) -> str:
        found = pycountry.languages.get(alpha_3=str(code)) if code else None
        return _catalogue("iso639-3", self.lang).gettext(found.name) if found else str(code or "")

    def languages(self) -> list[tuple[str, str]]:
        return [(code, self.language(code)) for code in COMMON_LANGUAGES]

    def day(self, value: object) -> str:
        """An ISO date (or date-time) as a day: 12.03.2024 in German, 2024-03-12 otherwise."""
        if not value:
            return ""
        try:
            shown = date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
        return shown.strftime("%d.%m.%Y") if self.lang == "de" else shown.isoformat()

    def moment(self, value: object) -> str:
        """An ISO date-time in Berlin time, to the minute."""
        if not value:
            return ""
        try:
            shown = datetime.fromisoformat(str(value)).astimezone(BERLIN)
        except ValueError:
            return str(value)
        return shown.strftime("%d.%m.%Y %H:%M" if self.lang == "de" else "%Y-%m-%d %H:%M")


def choices(lang: str) -> dict[str, list[tuple[str, str]]]:
    """The options of the entry form's lists, each (value, label in `lang`)."""
    groups = {
        "evidence": EVIDENCE,
        "language_evidence": LANGUAGE_EVIDENCE,
        "exam": EXAMS,
        "type": TRAINING_TYPES,
        "recognition": RECOGNITION,
        "course": COURSES,
        "status": COURSE_STATUS,
        "outcome": COURSE_OUTCOMES,
        "isced": ISCED,
    }
    found = {
        group: [(value, translate(lang, f"records.{group}.{value}")) for value in values]
        for group, values in groups.items()
    }
    found["cefr"] = [(level, level) for level in CEFR]
    return found

"""The fixed texts of the printed record in each language, and the language a person reads.

Translations live in `data/labels/<ISO 639-1>.json`, one file per language with the same keys
(a test holds them to that). Country and language names come from pycountry's ISO translations;
`data/country_names.json` adds the country names a catalogue lacks (Unicode CLDR's names, taken
with Babel: "Türkiye" since its renaming in ISO 3166, most countries in Pashto). A test holds
every country of every shipped language to having a name in it, and the additions to the gaps.
A language without its own file falls back to English.
"""

from __future__ import annotations

import gettext
import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

import pycountry

FALLBACK = "en"
_LRI, _FSI, _PDI = "\u2066", "\u2068", "\u2069"


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in {"R", "AL"} for ch in text)


# Individual languages (ISO 639-3) whose readers are served by the labels of a close standard
# language: Dari and Iranian Persian read Persian, the Pashto varieties read Pashto, and the
# spoken varieties of Arabic read Modern Standard Arabic.
_READS = {
    "prs": "fa",
    "pes": "fa",
    "pbu": "ps",
    "pbt": "ps",
    "pst": "ps",
    "arb": "ar",
    "apc": "ar",
    "ajp": "ar",
    "acm": "ar",
    "arz": "ar",
    "ary": "ar",
    "apd": "ar",
}


@cache
def shipped() -> frozenset[str]:
    folder = files("wir_competence.domain").joinpath("data/labels")
    return frozenset(
        item.name.removesuffix(".json") for item in folder.iterdir() if item.name.endswith(".json")
    )


def locale_of(language: str | None) -> str:
    """The label language (ISO 639-1) for a person's language (ISO 639-3); English if none fits."""
    if language is None:
        return FALLBACK
    code = _READS.get(language)
    if code is None:
        found = pycountry.languages.get(alpha_3=language)
        code = getattr(found, "alpha_2", None)
    return code if code in shipped() else FALLBACK


@dataclass(frozen=True)
class Labels:
    locale: str
    texts: dict[str, Any]

    @property
    def rtl(self) -> bool:
        return bool(self.texts["direction"] == "rtl")

    def document(self, key: str) -> str:
        return str(self.texts["document"][key])

    def section(self, key: str) -> str:
        return str(self.texts["sections"][key])

    def field(self, key: str) -> str:
        return str(self.texts["fields"][key])

    def value(self, group: str, key: str) -> str:
        return str(self.texts["values"][group][key])

    def yes_no(self, flag: bool) -> str:
        return str(self.texts["values"]["yes" if flag else "no"])

    def exam_other(self) -> str:
        return str(self.texts["values"]["exam_other"])

    def isced(self, level: int) -> str:
        return f"{level} – {self.texts['values']['isced'][str(level)]}"

    def ltr(self, text: str) -> str:
        """Text that reads left to right (a code, a date, a URL, a Latin title), isolated so that a
        right-to-left line does not reorder its parts (Unicode bidi isolates, invisible)."""
        return f"{_LRI}{text}{_PDI}" if self.rtl else text

    def free(self, text: str) -> str:
        """Text as entered, in whatever script: its own first strong letter sets its direction.

        Isolated in a right-to-left column, and in a left-to-right one where it holds right-to-left
        letters: fpdf2 (2.8.9) keeps a zero width (non-)joiner at the paragraph's level, so in a
        left-to-right line a Persian name with one (احمدی‌نژاد) would break into two runs printed
        in the wrong order; inside an isolate the joiner takes the name's own level."""
        return f"{_FSI}{text}{_PDI}" if self.rtl or _has_rtl(text) else text

    def date(self, day: date) -> str:
        return day.strftime("%d.%m.%Y") if self.locale == "de" else self.ltr(day.isoformat())

    def country(self, alpha_2: str) -> str:
        country = pycountry.countries.get(alpha_2=alpha_2)
        if country is None:
            return alpha_2
        common = getattr(country, "common_name", None)
        catalogue = _catalogue("iso3166-1", self.locale)
        # The catalogues translate the official name; the common name ("Syria") only sometimes.
        for name in (common, country.name):
            if name is not None and (translated := catalogue.gettext(name)):
                return translated
        return _country_names().get(self.locale, {}).get(alpha_2) or str(common or country.name)

    def language(self, alpha_3: str) -> str:
        found = pycountry.languages.get(alpha_3=alpha_3)
        if found is None:
            return alpha_3
        return _translation("iso639-3", self.locale).gettext(found.name)


@cache
def _translation(domain: str, locale: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[locale], fallback=True)


class _Untranslated(gettext.NullTranslations):
    """What a catalogue answers for a name it lacks: nothing, so that a gap is not mistaken for a
    name that reads the same in both languages ("Afghanistan" in German)."""

    def gettext(self, message: str) -> str:
        return ""


@cache
def _catalogue(domain: str, locale: str) -> gettext.NullTranslations:
    catalogue = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[locale], fallback=True)
    catalogue.add_fallback(_Untranslated())
    return catalogue


@cache
def _country_names() -> dict[str, dict[str, str]]:
    text = files("wir_competence.domain").joinpath("data/country_names.json").read_text(encoding="utf-8")
    names: dict[str, dict[str, str]] = json.loads(text)
    return names


@cache
def labels(locale: str) -> Labels:
    name = locale if locale in shipped() else FALLBACK
    text = files("wir_competence.domain").joinpath(f"data/labels/{name}.json").read_text(encoding="utf-8")
    return Labels(name, json.loads(text))

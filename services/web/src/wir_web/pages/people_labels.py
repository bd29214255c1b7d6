"""How the people pages name codes and show moments: languages, countries and municipalities by
name in the interface's language, times in the district's time zone."""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from typing import Any

import pycountry

from wir_contracts.municipalities import lies_in
from wir_contracts.places import centres, name
from wir_web.clock import BERLIN
from wir_web.i18n import catalog, translate

#: The district's wall clock: every WIR district is in Hesse.

#: Languages offered first when a case manager types one: those most asked for in the districts.
COMMON_LANGUAGES = (
    "prs", "pus", "fas", "ara", "apc", "kmr", "ckb", "tur", "ukr", "rus", "tir", "som", "amh",
    "urd", "ben", "hin", "sqi", "srp", "ron", "bul", "pol", "fra", "eng", "spa", "deu",
)  # fmt: skip


@cache
def _translations(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def language_name(code: str | None, lang: str) -> str:
    """An ISO 639-3 code's name (`prs` → Dari); an unknown code shows itself."""
    found = pycountry.languages.get(alpha_3=code) if code else None
    if found is None:
        return code or ""
    return _translations("iso639-3", lang).gettext(found.name)


def country_name(code: str | None, lang: str) -> str:
    found = pycountry.countries.get(alpha_2=code) if code else None
    if found is None:
        return code or ""
    return _translations("iso3166-1", lang).gettext(found.name)


def municipality_name(key: str | None) -> str:
    return (name(key) or key or "") if key else ""


@cache
def _countries(lang: str) -> tuple[tuple[str, str], ...]:
    named = ((c.alpha_2, country_name(c.alpha_2, lang)) for c in pycountry.countries)
    return tuple(sorted(named, key=lambda pair: pair[1]))


def countries(lang: str) -> tuple[tuple[str, str], ...]:
    """Every country as (code, name), by name."""
    return _countries(lang)


def languages(lang: str) -> list[tuple[str, str]]:
    """The common languages as (code, name), by name: suggestions, not a limit."""
    return sorted(((code, language_name(code, lang)) for code in COMMON_LANGUAGES), key=lambda p: p[1])


def municipalities(district: str) -> list[tuple[str, str]]:
    """The district's municipalities as (key, name), by name."""
    keys = [key for key in centres() if lies_in(key, district)]
    return sorted(((key, municipality_name(key)) for key in keys), key=lambda pair: pair[1])


def _parsed(value: Any) -> datetime | date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def moment(value: Any) -> str:
    """An ISO timestamp as the district's local day and time (`06.12.2026, 14:05`)."""
    parsed = _parsed(value)
    if not isinstance(parsed, datetime):
        return str(value or "")
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(BERLIN)
    return parsed.strftime("%d.%m.%Y, %H:%M")


def day(value: Any) -> str:
    """An ISO date (or the day of a timestamp) as `06.12.2026`."""
    parsed = _parsed(value)
    if parsed is None:
        return str(value or "")
    if isinstance(parsed, datetime) and parsed.tzinfo is not None:
        parsed = parsed.astimezone(BERLIN)
    return parsed.strftime("%d.%m.%Y")


def detail(value: Any) -> str:
    """One of an event's details: a moment or a day as such, anything else as it is."""
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}T", value):
        return moment(value)
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return day(value)
    return str(value)


def partial_date(value: Any) -> str:
    """A date of birth known in part: `1994`, `03.1994` or `12.03.1994`."""
    if not isinstance(value, dict) or "year" not in value:
        return ""
    parts = [f"{value[p]:02d}" for p in ("day", "month") if isinstance(value.get(p), int)]
    return ".".join([*parts, str(value["year"])])


def word(lang: str, key: str, code: object) -> str:
    """The interface's word for a service's code (`people.status.sent`); unknown codes show themselves."""
    full = f"{key}.{code}"
    return translate(lang, full) if full in catalog(lang) or full in catalog("de") else str(code)


def options(lang: str, key: str, codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, word) pairs for a select or checkboxes, in the order given."""
    return [(code, word(lang, key, code)) for code in codes]


def labels(lang: str) -> dict[str, Any]:
    """What every people template uses to name codes and show moments."""
    return {
        "language_name": lambda code: language_name(code, lang),
        "country_name": lambda code: country_name(code, lang),
        "municipality_name": municipality_name,
        "moment": moment,
        "day": day,
        "partial_date": partial_date,
        "detail": detail,
        "word": lambda key, code: word(lang, key, code),
    }

"""What the volunteer and interpreter forms share: the choices they offer (languages, the
district's municipalities, weekdays), reading a posted form into an API body, and placing the
API's field errors (`languages.1.level`, `weekly.0.end`) beside the form's own fields.

Values are sent on as typed, even when they do not parse: the service judges them and names the
field, so the form never holds rules of its own that could drift from the service's."""

from __future__ import annotations

import gettext
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import pycountry
from fastapi import Request
from starlette.datastructures import FormData

from wir_contracts.municipalities import lies_in
from wir_contracts.places import centres, name

BERLIN = ZoneInfo("Europe/Berlin")
#: The languages offered in the forms (ISO 639-3), the ones the district's newcomers speak first.
LANGUAGES = (
    "deu", "eng", "ara", "prs", "fas", "pus", "ukr", "rus", "tur", "kmr", "ckb", "tir",
    "som", "amh", "fra", "sqi", "srp", "ron", "bul", "pol", "spa", "ita", "urd", "ben",
)  # fmt: skip
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
WEEKDAYS = tuple(range(7))
#: Rows of languages a form offers; more than anyone here speaks well enough to help in.
LANGUAGE_ROWS = 4
#: How many recent submissions of a form a session remembers, to answer a double submit.
_REMEMBERED = 20


@cache
def _german() -> gettext.NullTranslations:
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["de"], fallback=True)


def language_name(code: str, lang: str = "de") -> str:
    found = pycountry.languages.get(alpha_3=code)
    if found is None:
        return code
    english: str = found.name
    return _german().gettext(english) if lang == "de" else english


def language_choices(lang: str) -> list[tuple[str, str]]:
    return sorted(((code, language_name(code, lang)) for code in LANGUAGES), key=lambda c: c[1])


def municipalities(district: str) -> list[tuple[str, str]]:
    """The district's municipalities (key, name), by name."""
    found = [(key, name(key) or key) for key in centres() if lies_in(key, district)]
    return sorted(found, key=lambda m: m[1])


def place_name(key: str | None) -> str:
    return (name(key) or key) if key else ""


def today() -> date:
    """The district's calendar day, by which documents are judged."""
    return datetime.now(BERLIN).date()


def text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def optional(form: FormData, key: str) -> str | None:
    return text(form, key) or None


def chosen(form: FormData, key: str) -> list[str]:
    return [value for value in form.getlist(key) if isinstance(value, str) and value]


@dataclass
class Filled:
    """A posted form as the page shows it again: the user's values and the errors by field."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    #: Which form row each list item of the body came from, by the body's list name.
    rows: dict[str, list[int]] = field(default_factory=dict)

    def place(self, problems: Mapping[str, str], aliases: Mapping[str, str]) -> None:
        """Each API field error beside the form field it is about (else at the form's top)."""
        for path, message in problems.items():
            self.errors.setdefault(self.field_of(path, aliases), message)

    def field_of(self, path: str, aliases: Mapping[str, str]) -> str:
        parts = path.split(".")
        head = parts[0]
        if head in self.rows and len(parts) > 1 and parts[1].isdigit():
            index = int(parts[1])
            row = self.rows[head][index] if index < len(self.rows[head]) else 0
            leaf = parts[2] if len(parts) > 2 else ""
            return aliases.get(f"{head}.{leaf}", aliases.get(f"{head}.", head)).format(row=row)
        if path in aliases:
            return aliases[path].format(row=0)
        return aliases.get(head, head).format(row=0)


def form_values(form: FormData, multiple: Sequence[str] = ()) -> dict[str, Any]:
    """The form's fields as entered (lists for the fields that take several values)."""
    values: dict[str, Any] = {key: text(form, key) for key in form if key not in multiple}
    values.update({key: chosen(form, key) for key in multiple})
    values.pop("csrf_token", None)
    return values


def spoken_languages(form: FormData, filled: Filled) -> list[dict[str, Any]]:
    """Rows `lang_i`/`level_i`: a level of A1–C2, or `native`."""
    found: list[dict[str, Any]] = []
    filled.rows["languages"] = []
    for row in range(LANGUAGE_ROWS):
        code, level = text(form, f"lang_{row}"), text(form, f"level_{row}")
        if not code:
            continue
        filled.rows["languages"].append(row)
        native = level == "native"
        found.append(
            {"language": code, "native": True} if native else {"language": code, "level": level or None}
        )
    return found


def weekly_windows(form: FormData, filled: Filled) -> list[dict[str, Any]]:
    """One window a weekday (`start_d`/`end_d`, HH:MM); a day left empty is not free."""
    found: list[dict[str, Any]] = []
    filled.rows["weekly"] = []
    for day in WEEKDAYS:
        start, end = text(form, f"start_{day}"), text(form, f"end_{day}")
        if start or end:
            filled.rows["weekly"].append(day)
            found.append({"weekday": day, "start": start, "end": end})
    return found


def contact(form: FormData) -> dict[str, Any]:
    return {
        "display_name": text(form, "display_name"),
        "email": optional(form, "email"),
        "mobile": optional(form, "mobile"),
        "channels": chosen(form, "channels"),
    }


#: API field paths of a contact, languages and weekly windows → the form's field names.
SHARED_ALIASES = {
    "contact": "channels",
    "contact.display_name": "display_name",
    "contact.email": "email",
    "contact.mobile": "mobile",
    "contact.channels": "channels",
    "languages": "lang_0",
    "languages.": "level_{row}",
    "languages.language": "lang_{row}",
    "languages.level": "level_{row}",
    "languages.native": "level_{row}",
    "languages.variety": "variety_{row}",
    "weekly": "start_0",
    "weekly.": "end_{row}",
    "weekly.start": "start_{row}",
    "weekly.end": "end_{row}",
    "weekly.weekday": "start_{row}",
}


def profile_values(profile: Mapping[str, Any]) -> dict[str, Any]:
    """A stored profile as the form's fields (to show a form filled with what is on record)."""
    values: dict[str, Any] = {}
    for window in profile.get("weekly", []):
        values[f"start_{window['weekday']}"] = window["start"]
        values[f"end_{window['weekday']}"] = window["end"]
    return values


def remembered(request: Request, form_key: str) -> str | None:
    """What an earlier submission of this form made (its id), so a double submit makes nothing."""
    if not form_key:
        return None
    done = request.session.get("done_forms")
    found = done.get(form_key) if isinstance(done, dict) else None
    return found if isinstance(found, str) else None


def remember(request: Request, form_key: str, made: str) -> None:
    if not form_key:
        return
    done = request.session.get("done_forms")
    kept = dict(done) if isinstance(done, dict) else {}
    kept[form_key] = made
    request.session["done_forms"] = dict(list(kept.items())[-_REMEMBERED:])
